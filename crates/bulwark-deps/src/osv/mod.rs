//! The OSV advisory schema (<https://ossf.github.io/osv-schema/>) and the evaluation of its
//! affected ranges.

mod model;
mod range;
mod severity;

pub use model::{
    Advisory, Affected, AffectedPackage, Event, Range, RangeKind, Reference, SeverityScore,
};
pub use range::{VersionCache, affects, affects_in, smallest_fix, smallest_fix_in};
pub use severity::{Assessment, assess};
