//! Cloud providers: AWS, GCP, Azure and the other IaaS/PaaS platforms.
//!
//! One file per provider family; list each in [`detectors`].

mod aws;

use crate::Detector;

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 1] = [aws::detectors];
    super::collect(&families)
}
