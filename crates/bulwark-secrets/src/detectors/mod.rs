//! Built-in detectors, one file per provider family.
//!
//! Grouped by kind (`cloud/`, `vcs/`, `payments/`, `saas/`, `generic/`). To add a provider:
//! write `detectors/<group>/<family>.rs` with its `Rule`(s), a `detectors()` constructor and
//! positive and negative test vectors, then list it in that group's `mod.rs`.

mod cloud;
mod generic;
mod payments;
mod saas;
mod vcs;

use crate::Detector;

/// Controls a leaked credential violates (PCI DSS 8.6.2: no hard-coded passwords in scripts,
/// config or source; SOC 2 CC6.1: logical access; NIST SSDF PS.1.1: protect code and secrets).
pub(crate) const CREDENTIAL_CONTROLS: &[&str] =
    &["pci-dss-4.0.1:8.6.2", "soc2:CC6.1", "nist-ssdf:PS.1.1"];

/// A family's constructor: its detectors, or the first regex that failed to compile.
type Family = fn() -> Result<Vec<Detector>, String>;

/// Every built-in detector.
pub fn all() -> Result<Vec<Detector>, String> {
    collect(&[
        cloud::detectors,
        generic::detectors,
        payments::detectors,
        saas::detectors,
        vcs::detectors,
    ])
}

fn collect(families: &[Family]) -> Result<Vec<Detector>, String> {
    let mut all = Vec::new();
    for family in families {
        all.extend(family()?);
    }
    Ok(all)
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::SecretsAnalyzer;
    use bulwark_core::{Analyzer, SourceFile};

    /// Rule ids reported for `text` by the detectors of one family.
    pub(crate) fn rule_ids(detectors: Vec<crate::Detector>, text: &str) -> Vec<String> {
        let analyzer = SecretsAnalyzer::new(detectors).expect("prefilter builds");
        analyzer
            .analyze(&SourceFile {
                path: "fixture",
                bytes: text.as_bytes(),
            })
            .findings
            .into_iter()
            .map(|f| f.rule_id)
            .collect()
    }
}
