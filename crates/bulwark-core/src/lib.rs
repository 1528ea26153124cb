//! Bulwark's shared vocabulary.
//!
//! Every analyzer speaks in [`Finding`]s about [`Rule`]s; every reporter reads them; the
//! [`policy`] module decides which findings fail the gate. Keeping these types in one small crate
//! lets analyzers depend on nothing but this contract.

pub mod analyzer;
pub mod config;
pub mod finding;
pub mod fingerprint;
pub mod policy;
pub mod redact;
pub mod rule;
pub mod severity;
mod toml_span;

pub use analyzer::{Analyzer, Outcome, Problem, SourceFile};
pub use config::{Config, ConfigError};
pub use finding::{Finding, Location, Status, Suppression, SuppressionKind};
pub use rule::{Rule, RuleRegistry, Scanner};
pub use severity::Severity;
pub use severity::Threshold;
