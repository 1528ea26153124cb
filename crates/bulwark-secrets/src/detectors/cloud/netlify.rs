//! Netlify tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Netlify personal access token: `nfp_` followed by 36 letters and digits.
pub static NETLIFY_PAT: Rule = Rule {
    id: "secrets.netlify-personal-access-token",
    title: "Netlify personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Netlify personal access token is committed to the repository. It acts as the \
        user on every team they belong to: it can deploy arbitrary content to production sites, \
        read and change environment variables, and change domains and build hooks.",
    remediation: "Revoke the token (User settings → Applications → Personal access tokens → \
        Revoke), review the sites' deploy logs for deploys you did not make, and give CI a new \
        token with an expiry, stored as a CI secret.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(&NETLIFY_PAT, &["nfp_"], r"\bnfp_[A-Za-z0-9]{36}\b", 0)?
            .min_entropy(4.0)
            .check(super::mixed_case),
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
        let token = concat!("nfp_", "Q90l5UkysaCZKRwKmEfIuHDBI6O3jz9MNfZZ");
        assert_eq!(
            ids(&format!("NETLIFY_AUTH_TOKEN={token}")),
            ["secrets.netlify-personal-access-token"]
        );
    }

    #[test]
    fn ignores_wrong_length_and_prefix() {
        assert!(ids(concat!("nfp_", "Q90l5UkysaCZKRwKmEfIuHDBI6O3jz9MN")).is_empty());
        assert!(ids(concat!("nfp_", "Q90l5UkysaCZKRwKmEfIuHDBI6O3jz9MNfZZ0")).is_empty());
        assert!(ids(concat!("nfx_", "Q90l5UkysaCZKRwKmEfIuHDBI6O3jz9MNfZZ")).is_empty());
        assert!(ids(concat!("nfp_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
    }
}
