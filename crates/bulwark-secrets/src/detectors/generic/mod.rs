//! Provider-independent secrets: private keys, tokens, connection strings, passwords, card numbers.
//!
//! One file per provider family; list each in [`detectors`].

mod database_url;
mod private_key;

use crate::Detector;

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 2] = [database_url::detectors, private_key::detectors];
    super::collect(&families)
}
