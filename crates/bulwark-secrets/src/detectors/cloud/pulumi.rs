//! Pulumi Cloud access tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Pulumi Cloud access token: `pul-` followed by 40 hex characters.
pub static PULUMI_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.pulumi-access-token",
    title: "Pulumi access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Pulumi Cloud access token is committed to the repository. It can read and \
        write the stacks' state and configuration — including decrypting secrets stored with the \
        Pulumi service — and run deployments with the stacks' cloud credentials.",
    remediation: "Delete the token (Pulumi Cloud → Personal/Organization/Team access tokens → \
        Delete), review the organisation's audit logs, and use OIDC-issued short-lived tokens or a \
        CI secret for its replacement.",
    references: &["https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(&PULUMI_ACCESS_TOKEN, &["pul-"], r"\bpul-[a-f0-9]{40}\b", 0)?
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
        let token = concat!("pul-", "9b1ecb19dd8b7c46b26a22eccdf03eeddf52ecf4");
        assert_eq!(
            ids(&format!("PULUMI_ACCESS_TOKEN={token}")),
            ["secrets.pulumi-access-token"]
        );
    }

    #[test]
    fn ignores_malformed_tokens() {
        assert!(ids(concat!("pul-", "9b1ecb19dd8b7c46b26a22eccdf03eed")).is_empty());
        assert!(ids(concat!("pul-", "9b1ecb19dd8b7c46b26a22eccdf03eeddf52ecf4a")).is_empty());
        assert!(ids(concat!("rpul-", "9b1ecb19dd8b7c46b26a22eccdf03eeddf52ecf4")).is_empty());
        assert!(ids(concat!("pul-", "0000000000000000000000000000000000000000")).is_empty());
    }
}
