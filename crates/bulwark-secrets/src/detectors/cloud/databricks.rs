//! Databricks tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Databricks personal access token: `dapi` followed by 32 hex characters (and an optional
/// `-N` suffix).
pub static DATABRICKS_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.databricks-access-token",
    title: "Databricks personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Databricks personal access token is committed to the repository. It acts as \
        the user or service principal in the workspace: it can query every table they can read, \
        run notebooks and jobs on clusters, and read workspace secrets.",
    remediation: "Revoke the token (User Settings → Developer → Access tokens → Revoke, or the \
        Token Management API as an admin), review the workspace audit logs, and prefer OAuth \
        machine-to-machine authentication for a service principal, with secrets kept in a secrets \
        manager.",
    references: &["https://docs.databricks.com/en/dev-tools/auth/pat.html"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &DATABRICKS_ACCESS_TOKEN,
            &["dapi"],
            r"\bdapi[a-f0-9]{32}(?:-\d)?\b",
            0,
        )?
        .min_entropy(3.0)
        .check(super::plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_tokens() {
        let token = concat!("dapi", "fca51d12afc8e00aa1da5204642bbdb4");
        assert_eq!(
            ids(&format!("DATABRICKS_TOKEN={token}")),
            ["secrets.databricks-access-token"]
        );
        assert_eq!(ids(&format!("{token}-2")).len(), 1);
    }

    #[test]
    fn ignores_malformed_tokens() {
        assert!(ids(concat!("dapi", "fca51d12afc8e00aa1da5204642b")).is_empty());
        assert!(ids(concat!("dapi", "fca51d12afc8e00aa1da5204642bbdb4ff")).is_empty());
        assert!(ids(concat!("rapid", "apifca51d12afc8e00aa1da5204642bbdb4")).is_empty());
        assert!(ids(concat!("dapi", "00000000000000000000000000000000")).is_empty());
    }
}
