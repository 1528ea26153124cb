//! Payment providers, fintech and crypto exchanges.
//!
//! One file per provider family; list each in [`detectors`].

mod stripe;

use crate::Detector;

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 1] = [stripe::detectors];
    super::collect(&families)
}
