//! Snyk API tokens: a UUID, so only reported next to a Snyk name (`SNYK_TOKEN=…`).

use super::{UUID, assignment, plausible};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Snyk API or service account token assigned to a Snyk-named setting.
pub static SNYK_API_TOKEN: Rule = Rule {
    id: "secrets.snyk-api-token",
    title: "Snyk API token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Snyk API token is committed to the repository. It reads the organizations' \
        projects and their open vulnerabilities, a map of what is exploitable where, and can \
        import projects, change ignore rules and settings.",
    remediation: "Revoke the token (Account settings → Revoke and regenerate, or delete the \
        service account token in the organization's settings) and provide `SNYK_TOKEN` from the \
        CI secret store.",
    references: &["https://docs.snyk.io/snyk-api/authentication-for-api"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &SNYK_API_TOKEN,
            &["snyk"],
            &assignment("snyk", "token|api[_-]?key|auth", UUID),
            1,
        )?
        .min_entropy(3.0)
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

    const VALUE: &str = "be5037a4-5c6c-411b-8c44-6836c8876d05";

    #[test]
    fn finds_tokens_next_to_snyk_names() {
        assert_eq!(
            ids(&format!("{}={VALUE}", "SNYK_TOKEN")),
            ["secrets.snyk-api-token"]
        );
        assert_eq!(
            ids(&format!("{}: '{VALUE}'", "snyk_api_key")),
            ["secrets.snyk-api-token"]
        );
    }

    #[test]
    fn ignores_other_uuids() {
        assert!(ids(&format!("{}={VALUE}", "SNYK_ORG_ID")).is_empty());
        assert!(ids(&format!("request_id={VALUE} # snyk")).is_empty());
        let nil = "00000000-0000-0000-0000-000000000000";
        assert!(ids(&format!("{}={nil}", "SNYK_TOKEN")).is_empty());
    }
}
