//! One module per subcommand.

pub mod baseline;
pub mod db;
pub mod policy;
pub mod rules;
pub mod sbom;
pub mod scan;
