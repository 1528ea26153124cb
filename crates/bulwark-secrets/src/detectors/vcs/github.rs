//! GitHub tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// GitHub personal access tokens (classic `ghp_`, fine-grained `github_pat_`), OAuth (`gho_`),
/// user-to-server (`ghu_`), server-to-server (`ghs_`) and refresh (`ghr_`) tokens.
pub static GITHUB_TOKEN: Rule = Rule {
    id: "secrets.github-token",
    title: "GitHub token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitHub token is committed to the repository. Depending on its scopes it can \
        read private source, push code, change workflows or read organisation secrets.",
    remediation: "Revoke the token (Settings → Developer settings → Tokens, or the organisation's \
        credential list), review the audit log for its use, and use `GITHUB_TOKEN` or a GitHub \
        App installation token injected at run time instead.",
    references: &[
        "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![Detector::new(
        &GITHUB_TOKEN,
        &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        r"\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
        1,
    )?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    #[test]
    fn finds_classic_and_fine_grained_tokens() {
        let classic = concat!("ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A");
        assert_eq!(
            rule_ids(detectors().expect("compiles"), classic),
            ["secrets.github-token"]
        );
        let fine = concat!(
            "github_pat_",
            "11AQ7ZK2P0w9XcR4mT8vLb",
            "_",
            "Hq3vN8sK2mWz7RtY4pLc9XbJ5dGf1aTn6uEw0yVi3oSk8hMrQ2zPx7LcA4v"
        );
        assert_eq!(rule_ids(detectors().expect("compiles"), fine).len(), 1);
    }

    #[test]
    fn ignores_short_and_placeholder_tokens() {
        assert!(rule_ids(detectors().expect("compiles"), "ghp_short").is_empty());
        let placeholder = concat!("ghp_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        assert!(rule_ids(detectors().expect("compiles"), placeholder).is_empty());
    }
}
