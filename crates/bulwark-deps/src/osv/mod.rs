//! The OSV advisory schema (<https://ossf.github.io/osv-schema/>) and the evaluation of its
//! affected ranges.

mod model;

pub use model::{
    Advisory, Affected, AffectedPackage, Event, Range, RangeKind, Reference, SeverityScore,
};
