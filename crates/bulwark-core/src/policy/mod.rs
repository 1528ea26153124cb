//! Policy: which findings count. Inline suppressions, waivers, the baseline and the gate.
//!
//! Order matters and is fixed: inline suppressions are applied per file during the scan, then
//! waivers, then the baseline, then the gate counts what is still open.

pub mod baseline;
pub mod gate;
pub mod inline;
pub mod waivers;

pub use baseline::Baseline;
pub use gate::{GateOutcome, evaluate};
pub use waivers::{Waiver, Waivers};
