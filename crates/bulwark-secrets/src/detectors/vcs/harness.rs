//! Harness API keys: personal access tokens (`pat.`) and service account tokens (`sat.`), each
//! `<type>.<account id>.<token id (24 hex)>.<secret (20 alphanumerics)>`.

use super::plausible;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Harness personal access and service account tokens (`pat.…`, `sat.…`).
pub static HARNESS_API_TOKEN: Rule = Rule {
    id: "secrets.harness-api-token",
    title: "Harness API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Harness personal access or service account token is committed to the \
        repository. It calls the Harness API with its owner's roles: it can edit and run \
        pipelines that deploy to production, and manage connectors and secrets that reach cloud \
        accounts and clusters.",
    remediation: "Delete the token (your profile → My API Keys, or Account Settings → Access \
        Control → Service Accounts → the account's API keys), review the audit trail, and issue a \
        short-lived token from a secrets manager.",
    references: &[
        "https://developer.harness.io/docs/platform/automation/api/add-and-manage-api-keys",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &HARNESS_API_TOKEN,
            &["pat.", "sat."],
            r"\b((?:pat|sat)\.[A-Za-z0-9_-]{20,24}\.[a-f0-9]{24}\.[A-Za-z0-9]{20})\b",
            1,
        )?
        .min_entropy(3.5)
        .check(plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const REST: &str = "AGU0g47kCxhG4rS2A5e7sA.5a7829ebc325bd9941318760.Z9jSNPSVHUCVq5DVFcwV";

    #[test]
    fn finds_personal_and_service_account_tokens() {
        for kind in ["pat.", "sat."] {
            assert_eq!(
                ids(&format!("x-api-key: {kind}{REST}")),
                ["secrets.harness-api-token"],
                "{kind}"
            );
        }
    }

    #[test]
    fn ignores_other_dotted_identifiers() {
        assert!(ids(&format!("compat.{REST}")).is_empty());
        assert!(ids(&format!("{}{}", "pat.", &REST[..REST.len() - 1])).is_empty());
        assert!(ids("import compat.utils.path").is_empty());
    }
}
