//! Bulwark's dependency scanner.
//!
//! - [`lockfiles`]: one parser per lockfile/manifest format, each a pure function from bytes to
//!   an [`Inventory`] of [`Package`]s (with dependency edges where the format records them);
//! - [`version`]: each ecosystem's own version ordering (SemVer, PEP 440, Maven, RubyGems, …);
//! - [`osv`]: the OSV advisory schema and the evaluation of its affected ranges;
//! - [`db`]: the compact local advisory index (`bulwark db import|update|status`);
//! - [`matcher`]: packages × advisories → one finding per vulnerable package version.

pub mod analyzer;
pub mod db;
pub mod ecosystem;
pub mod license;
pub mod lockfiles;
pub mod matcher;
pub mod osv;
pub mod package;
pub mod rules;
pub mod version;

pub use analyzer::DepsAnalyzer;
pub use ecosystem::Ecosystem;
pub use license::{LicenseAnalyzer, LicensePolicy};
pub use package::{Dependency, Inventory, Package, Relationship, Scope, Unpinned};
