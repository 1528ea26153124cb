//! Marqeta Core API credentials.

use super::context::assigned;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Marqeta admin access tokens (the password half of Core API basic authentication) assigned to
/// an `…access_token`, `…admin_token`, `…password` or `…secret` setting with `marqeta` just
/// before it.
pub static MARQETA_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.marqeta-access-token",
    title: "Marqeta admin access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Marqeta Core API admin access token is committed to the repository. With \
        the application token it administers the card program: creating users and cards, \
        funding accounts, and reading card and transaction data.",
    remediation: "Have the admin access token rotated for the program (Marqeta dashboard or your \
        Marqeta representative), deploy the new token from a secrets manager, and review recent \
        card creation, funding and transactions.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &MARQETA_ACCESS_TOKEN,
            &["marqeta"],
            &assigned(
                "marqeta",
                r"access[_-]?token|admin[_-]?token|password|secret",
                "[A-Za-z0-9-]{20,64}",
            ),
            1,
        )?
        .min_entropy(3.5),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[(
    "secrets.marqeta-access-token",
    concat!(
        "MARQETA_ADMIN_ACCESS_TOKEN=",
        "5954a7af-dbc8-49ae-bd1c-d073d822fa3c"
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
    fn finds_admin_access_tokens() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_application_tokens_and_values_without_context() {
        for text in [
            // The application token is the user name half.
            concat!(
                "MARQETA_APPLICATION_TOKEN=",
                "5954a7af-dbc8-49ae-bd1c-d073d822fa3c"
            ),
            concat!(
                "ADMIN_ACCESS_TOKEN=",
                "5954a7af-dbc8-49ae-bd1c-d073d822fa3c"
            ),
            "MARQETA_ADMIN_ACCESS_TOKEN=short-token",
            "MARQETA_PASSWORD=${MARQETA_PASSWORD}",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
