//! Messaging, monitoring, identity, e-mail and AI SaaS APIs.
//!
//! One file per provider family; list each in [`detectors`].

mod slack;

use crate::Detector;

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 1] = [slack::detectors];
    super::collect(&families)
}
