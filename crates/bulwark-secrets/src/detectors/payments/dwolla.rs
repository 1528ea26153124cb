//! Dwolla API credentials.

use super::context::assigned;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Dwolla application secrets: about 50 letters and digits assigned to a `…secret…` setting
/// with `dwolla` just before it (`DWOLLA_APP_SECRET=…`, `new Client({key, secret})`).
pub static DWOLLA_APPLICATION_SECRET: Rule = Rule {
    id: "secrets.dwolla-application-secret",
    title: "Dwolla application secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Dwolla application secret is committed to the repository. With the \
        application key it obtains API tokens that create customers and funding sources and \
        initiate ACH and real-time bank transfers.",
    remediation: "Regenerate the application secret in the Dwolla dashboard (Applications → the \
        application), deploy it from a secrets manager, and review recent transfers and new \
        funding sources.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &DWOLLA_APPLICATION_SECRET,
            &["dwolla"],
            &assigned("dwolla", "secret", "[A-Za-z0-9]{44,56}"),
            1,
        )?
        .min_entropy(4.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[(
    "secrets.dwolla-application-secret",
    concat!(
        "DWOLLA_APP_SECRET=",
        "fKXWfy0oJ0KJpeZqbf2HX1tL9jL209aafs3l2SXA57hscSOkfK"
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
    fn finds_application_secrets() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_keys_and_values_without_context() {
        for text in [
            concat!(
                "DWOLLA_APP_KEY=",
                "fKXWfy0oJ0KJpeZqbf2HX1tL9jL209aafs3l2SXA57hscSOkfK"
            ),
            concat!(
                "APP_SECRET=",
                "fKXWfy0oJ0KJpeZqbf2HX1tL9jL209aafs3l2SXA57hscSOkfK"
            ),
            concat!("DWOLLA_APP_SECRET=", "fKXWfy0oJ0KJpeZqbf2HX1tL9jL2"),
            "DWOLLA_APP_SECRET=abababababababababababababababababababababababab",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
