//! Buildkite API access tokens (`bkua_` and 40 hexadecimal characters).

use super::plausible;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Buildkite user API access tokens (`bkua_…`).
pub static BUILDKITE_API_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.buildkite-api-access-token",
    title: "Buildkite API access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Buildkite API access token is committed to the repository. Within its scopes \
        and organizations it can create and edit pipelines, trigger builds on the agents, read \
        build logs and artifacts, and manage agents, so it can run arbitrary code in CI.",
    remediation: "Revoke the token (Buildkite → Personal settings → API access tokens), review the \
        organization audit log, and issue a token with the fewest scopes from a secrets manager.",
    references: &["https://buildkite.com/docs/apis/managing-api-tokens"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &BUILDKITE_API_ACCESS_TOKEN,
            &["bkua_"],
            r"\b(bkua_[a-f0-9]{40})\b",
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

    #[test]
    fn finds_api_tokens() {
        let token = concat!("bkua_", "29301ffdb801678332777c027aaddbfe258b6736");
        assert_eq!(
            ids(&format!("BUILDKITE_API_TOKEN={token}")),
            ["secrets.buildkite-api-access-token"]
        );
    }

    #[test]
    fn ignores_wrong_length_and_placeholder_tokens() {
        assert!(ids(concat!("bkua_", "29301ffdb801678332777c027aaddbfe258b673")).is_empty());
        assert!(
            ids(concat!(
                "bkua_",
                "29301ffdb801678332777c027aaddbfe258b67361"
            ))
            .is_empty()
        );
        assert!(ids(concat!("bkua_", "0000000000000000000000000000000000000000")).is_empty());
    }
}
