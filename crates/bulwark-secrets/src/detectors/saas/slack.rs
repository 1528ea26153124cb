//! Slack tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Slack bot (`xoxb-`), user (`xoxp-`), app-level (`xapp-`) and legacy tokens.
pub static SLACK_TOKEN: Rule = Rule {
    id: "secrets.slack-token",
    title: "Slack token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Slack token is committed to the repository. It can read channels and direct \
        messages the app or user can see, where incident details and credentials are often shared.",
    remediation: "Revoke the token (api.slack.com → Your Apps → OAuth & Permissions → Revoke, or \
        `auth.revoke`), review the workspace's access logs, and inject the token at run time.",
    references: &["https://api.slack.com/authentication/token-types"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![Detector::new(
        &SLACK_TOKEN,
        &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xapp-"],
        r"\b(xox[bpars]-[0-9]{8,13}-[0-9A-Za-z-]{8,}|xapp-[0-9]-[A-Z0-9]{8,}-[0-9]{8,}-[a-z0-9]{32,})\b",
        1,
    )?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    #[test]
    fn finds_bot_tokens() {
        let token = concat!(
            "xoxb-",
            "2846213947-7381947261835-",
            "Qm3kZp9WvT2xLr8YsB4nHd6c"
        );
        assert_eq!(
            rule_ids(detectors().expect("compiles"), token),
            ["secrets.slack-token"]
        );
    }

    #[test]
    fn ignores_truncated_tokens() {
        assert!(rule_ids(detectors().expect("compiles"), "xoxb-123-abc").is_empty());
    }
}
