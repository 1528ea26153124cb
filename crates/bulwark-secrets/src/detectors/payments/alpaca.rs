//! Alpaca trading API credentials.

use super::context::assigned;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Alpaca API secret keys: 40 characters assigned to a `…secret…` setting with `alpaca` or
/// `APCA` just before it (`APCA_API_SECRET_KEY=…`, the `APCA-API-SECRET-KEY` header). Paper and
/// live secrets share the format; the key id beside it tells them apart (`PK…` paper, `AK…`
/// live).
pub static ALPACA_SECRET_KEY: Rule = Rule {
    id: "secrets.alpaca-secret-key",
    title: "Alpaca API secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Alpaca API secret key is committed to the repository. With the key id it \
        authenticates trading API calls: placing and cancelling orders and reading positions, \
        balances and activity (a live key trades real money).",
    remediation: "Regenerate the key pair in the Alpaca dashboard (API Keys → Regenerate), which \
        invalidates the old secret, review recent orders and account activity, and load the new \
        secret from a secrets manager at run time.",
    references: &["https://docs.alpaca.markets/docs/authentication"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &ALPACA_SECRET_KEY,
            &["alpaca", "apca"],
            &assigned("alpaca|apca", "secret", "[A-Za-z0-9/+]{40}"),
            1,
        )?
        .min_entropy(4.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.alpaca-secret-key",
        concat!(
            "APCA_API_SECRET_KEY=",
            "DmzWDh37h2u9UZyvGg4RY5TzwD3RoOQY65bs5Kpa"
        ),
    ),
    (
        "secrets.alpaca-secret-key",
        concat!(
            "-H \"APCA-API-SECRET-KEY: ",
            "DmzWDh37h2u9UZyvGg4RY5TzwD3RoOQY65bs5Kpa\""
        ),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_secret_keys() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_key_ids_placeholders_and_near_misses() {
        for text in [
            "APCA_API_KEY_ID=AKFZXJH121U18SHHDRFO",
            "APCA_API_SECRET_KEY={YOUR_API_SECRET_KEY}",
            concat!("APCA_API_SECRET_KEY=", "DmzWDh37h2u9UZyvGg4RY5TzwD3Ro"),
            concat!("SECRET_KEY=", "DmzWDh37h2u9UZyvGg4RY5TzwD3RoOQY65bs5Kpa"),
            concat!(
                "APCA_API_SECRET_KEY=",
                "DmzWDh37h2u9UZyvGg4RY5TzwD3RoOQY65bs5KpaQ"
            ),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
