//! Source control, CI/CD, package registries and container registries.
//!
//! One file per provider family; list each in [`detectors`].

mod github;

use crate::Detector;

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 1] = [github::detectors];
    super::collect(&families)
}
