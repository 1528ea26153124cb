//! Shippo live API tokens.

use super::{any_of, generated_hex};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Shippo live API token (`shippo_live_` and 40 hex characters). Test tokens
/// (`shippo_test_`) cannot buy labels and are not reported.
pub static SHIPPO_LIVE_API_TOKEN: Rule = Rule {
    id: "secrets.shippo-live-api-token",
    title: "Shippo live API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Shippo live API token is committed to the repository. It buys shipping labels \
        charged to the account's payment method and reads shipments, with customers' names, \
        addresses and phone numbers.",
    remediation: "Regenerate the live token in Shippo (Settings → Advanced → API → Generate new \
        token), review recent label purchases, and load the token from a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &SHIPPO_LIVE_API_TOKEN,
            &["shippo_live_"],
            &any_of(&[r"\b(shippo_live_[a-f0-9]{40})\b"]),
            1,
        )?
        .min_entropy(3.5)
        .check(generated_hex),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const HEX: &str = concat!("1ac3082b8d84889caa42", "6f9a335277a85ca48930");

    #[test]
    fn finds_live_tokens() {
        assert_eq!(
            ids(&format!("Authorization: ShippoToken shippo_live_{HEX}")),
            ["secrets.shippo-live-api-token"]
        );
    }

    #[test]
    fn ignores_test_tokens_and_wrong_lengths() {
        assert!(ids(&format!("shippo_test_{HEX}")).is_empty());
        assert!(ids(&format!("shippo_live_{HEX}0")).is_empty());
        assert!(ids(&format!("shippo_live_{}", &HEX[..39])).is_empty());
    }
}
