//! Flutterwave secret keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Flutterwave live secret keys: `FLWSECK-`, 32 hex characters and `-X`. Test keys
/// (`FLWSECK_TEST-`) and public keys (`FLWPUBK-`) are not reported.
pub static FLUTTERWAVE_SECRET_KEY: Rule = Rule {
    id: "secrets.flutterwave-secret-key",
    title: "Flutterwave live secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Flutterwave live secret key is committed to the repository. It authorizes \
        any action on the account: charging customers, refunds, transfers and payouts to bank \
        accounts and mobile wallets, and reading transaction data.",
    remediation: "Generate a new secret key in the Flutterwave dashboard (Settings → API Keys, \
        live mode), which also rotates the public and encryption keys, review recent transfers \
        and payouts, and load the new key from a secrets manager at run time.",
    references: &["https://developer.flutterwave.com/docs/integration-guides/authentication"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &FLUTTERWAVE_SECRET_KEY,
            &["FLWSECK-"],
            r"(?-u)\b(FLWSECK-[0-9a-fA-F]{32}-X)\b",
            1,
        )?
        .min_entropy(3.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[(
    "secrets.flutterwave-secret-key",
    concat!(
        "FLW_SECRET_KEY=FLWSECK-",
        "ca92728d2e593869ab72a767e99ba98d-X"
    ),
)];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_live_secret_keys() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_test_public_and_malformed_keys() {
        for text in [
            concat!("FLWSECK_TEST-", "ca92728d2e593869ab72a767e99ba98d-X"),
            concat!("FLWPUBK-", "ca92728d2e593869ab72a767e99ba98d-X"),
            concat!("FLWSECK-", "ca92728d2e593869ab72a767e99ba98d"),
            concat!("FLWSECK-", "ca92728d2e593869ab72a767e99ba9-X"),
            "FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
