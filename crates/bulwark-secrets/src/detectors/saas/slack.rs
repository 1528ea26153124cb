//! Slack tokens and webhook URLs.

use super::{any_of, generated};
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Slack bot (`xoxb-`), user (`xoxp-`), workspace-app (`xoxa-`), refresh (`xoxr-`) and legacy
/// (`xoxs-`) tokens.
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

/// ## What it finds
/// A Slack app-level token (`xapp-1-A…-…-<hex>`), used for Socket Mode and app-wide APIs.
pub static SLACK_APP_TOKEN: Rule = Rule {
    id: "secrets.slack-app-token",
    title: "Slack app-level token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Slack app-level token is committed to the repository. With it an attacker \
        can open the app's Socket Mode connection and receive the events and messages delivered \
        to the app in every workspace it is installed in.",
    remediation: "Revoke the token in the app's settings (api.slack.com → Your Apps → Basic \
        Information → App-Level Tokens → Revoke), generate a new one, and load it from a secrets \
        manager at run time.",
    references: &["https://api.slack.com/authentication/token-types"],
};

/// ## What it finds
/// Slack app configuration tokens (`xoxe.xoxp-1-…`), their refresh tokens (`xoxe-1-…`), and
/// rotating access tokens (`xoxe.xoxb-1-…`).
pub static SLACK_CONFIG_TOKEN: Rule = Rule {
    id: "secrets.slack-config-token",
    title: "Slack configuration or rotating token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Slack app configuration token, refresh token or rotating access token is \
        committed to the repository. Configuration tokens create and modify apps through the App \
        Manifest API (scopes, redirect URLs, event endpoints); refresh tokens mint new access \
        tokens indefinitely.",
    remediation: "Revoke the token (api.slack.com/apps → Your App Configuration Tokens → Revoke, or \
        `auth.revoke` for rotating tokens), check the workspace's apps for changes you did not \
        make, and keep refresh tokens in a secrets manager.",
    references: &["https://api.slack.com/authentication/config-tokens"],
};

/// ## What it finds
/// A Slack incoming webhook URL (`https://hooks.slack.com/services/T…/B…/…`).
pub static SLACK_WEBHOOK_URL: Rule = Rule {
    id: "secrets.slack-webhook-url",
    title: "Slack incoming webhook URL",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Slack incoming webhook URL is committed to the repository. The URL is its own \
        credential: anyone holding it can post messages into the channel, for example convincing \
        phishing links that appear to come from an internal alerting bot.",
    remediation: "Remove the webhook (api.slack.com → Your Apps → Incoming Webhooks → Remove, or \
        the channel's integration settings), create a new one, and keep its URL in a secrets \
        manager.",
    references: &["https://api.slack.com/messaging/webhooks"],
};

/// ## What it finds
/// A Slack Workflow Builder webhook URL (`https://hooks.slack.com/workflows/…` or
/// `https://hooks.slack.com/triggers/…`).
pub static SLACK_WORKFLOW_WEBHOOK_URL: Rule = Rule {
    id: "secrets.slack-workflow-webhook-url",
    title: "Slack workflow webhook URL",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Slack workflow webhook URL is committed to the repository. Anyone holding it \
        can start the workflow with data of their choosing, which then posts messages or runs \
        the workflow's steps inside the workspace.",
    remediation: "Delete or recreate the workflow's webhook trigger in Workflow Builder so that \
        the URL changes, and keep the new URL in a secrets manager.",
    references: &[],
};

/// The random part of a token (after its last `-`) must look generated; documentation examples
/// such as `…-abcdefghijklmnopqrstuvwx` do not.
fn random_tail(secret: &[u8]) -> Check {
    generated(secret.rsplit(|&b| b == b'-').next().unwrap_or_default())
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &SLACK_TOKEN,
            &["xox"],
            &any_of(&[r"\b(xox[bpars]-[0-9]{8,13}-[0-9A-Za-z-]{8,})\b"]),
            1,
        )?
        .check(random_tail),
        Detector::new(
            &SLACK_APP_TOKEN,
            &["xapp-"],
            &any_of(&[r"\b(xapp-[0-9]-[A-Z0-9]{8,}-[0-9]{8,}-[a-z0-9]{32,})\b"]),
            1,
        )?
        .check(generated),
        Detector::new(
            &SLACK_CONFIG_TOKEN,
            &["xoxe"],
            &any_of(&[r"\b(xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{100,200}|xoxe-[0-9]-[A-Za-z0-9]{100,200})\b"]),
            1,
        )?
        .min_entropy(4.0),
        Detector::new(
            &SLACK_WEBHOOK_URL,
            &["hooks.slack.com/services/"],
            &any_of(&[
                r"https?://hooks\.slack\.com/services/(T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32})\b",
            ]),
            1,
        )?
        .check(generated),
        Detector::new(
            &SLACK_WORKFLOW_WEBHOOK_URL,
            &["hooks.slack.com/workflows/", "hooks.slack.com/triggers/"],
            &any_of(&[
                r"https?://hooks\.slack\.com/workflows/(T[A-Z0-9]{6,12}/A[A-Z0-9]{6,12}/[0-9]{8,20}/[A-Za-z0-9]{20,32})\b",
                r"https?://hooks\.slack\.com/triggers/(T[A-Z0-9]{6,12}/[0-9]{8,20}/[A-Za-z0-9]{24,40})\b",
            ]),
            1,
        )?
        .alternative_group(2)
        .check(generated),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

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
        assert_eq!(ids(token), ["secrets.slack-token"]);
    }

    #[test]
    fn ignores_truncated_tokens() {
        assert!(rule_ids(detectors().expect("compiles"), "xoxb-123-abc").is_empty());
        assert!(ids("xoxb-123-abc").is_empty());
        let documentation = concat!(
            "xoxb-",
            "2846213947-7381947261835-",
            "abcdefghijklmnopqrstuvwx"
        );
        assert!(ids(documentation).is_empty());
    }

    #[test]
    fn finds_app_level_tokens() {
        let token = concat!(
            "xapp-",
            "1-A07QKRM3N5T-7483920165738-",
            "ea5e9c721674ec726fedab2c55cd22eff675c0c5bc7660baacc16762d6178ab4"
        );
        assert_eq!(
            ids(&format!("SLACK_APP_TOKEN={token}")),
            ["secrets.slack-app-token"]
        );
        assert!(ids(concat!("xapp-", "1-A07QKRM3N5T-7483920165738-ea5e9c72")).is_empty());
    }

    const CONFIG_TAIL: &str = concat!(
        "9pGd4t9wFH6VN5dEhWUMRCdUMCQHkaChIYG9LEy5vbwgWj4fK9LwqdyXeSRShppth6q0Mf8JzQjSsc",
        "DKYhAfR2uc1kNK0wUYvwnawdE6gvI5DxhZ8XdEkLqKIoCj3bAWYoRiEwXbCfp4vKHAhCvKBH"
    );

    #[test]
    fn finds_configuration_and_refresh_tokens() {
        let access = format!("{}{CONFIG_TAIL}", concat!("xoxe.", "xoxp-1-"));
        assert_eq!(ids(&access), ["secrets.slack-config-token"]);
        let refresh = format!("{}{CONFIG_TAIL}", concat!("xoxe", "-1-"));
        assert_eq!(ids(&refresh), ["secrets.slack-config-token"]);
    }

    #[test]
    fn ignores_short_configuration_tokens() {
        assert!(ids(concat!("xoxe.", "xoxp-1-", "Mi0yLTExNjA3")).is_empty());
    }

    #[test]
    fn finds_incoming_webhooks() {
        let url = concat!(
            "https://hooks.slack.com/services/",
            "T8ZDC68EKCU/B1ZD4VUMLB6/",
            "p4tLY0SLZLP3OgXVb2FGJEBt"
        );
        assert_eq!(
            ids(&format!("webhook_url: \"{url}\"")),
            ["secrets.slack-webhook-url"]
        );
    }

    #[test]
    fn ignores_placeholder_webhooks() {
        let placeholder = concat!(
            "https://hooks.slack.com/services/",
            "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
        );
        assert!(ids(placeholder).is_empty());
        let wrong_kind = concat!(
            "https://hooks.slack.com/services/",
            "T8ZDC68EKCU/C1ZD4VUMLB6/",
            "p4tLY0SLZLP3OgXVb2FGJEBt"
        );
        assert!(ids(wrong_kind).is_empty());
    }

    #[test]
    fn finds_workflow_webhooks() {
        let workflow = concat!(
            "https://hooks.slack.com/workflows/",
            "T8ZDC68EKCU/A04RQ7KX2MZ/4519637280193847561/",
            "Zq89Lv5R5g3VHauSgIEOpnQH"
        );
        assert_eq!(ids(workflow), ["secrets.slack-workflow-webhook-url"]);
        let trigger = concat!(
            "https://hooks.slack.com/triggers/",
            "T8ZDC68EKCU/7392018465273/",
            "584551dd01f9cb8def22014adecadcf3"
        );
        assert_eq!(ids(trigger), ["secrets.slack-workflow-webhook-url"]);
    }

    #[test]
    fn ignores_workflow_pages_without_secret() {
        assert!(ids("https://hooks.slack.com/workflows/T8ZDC68EKCU/").is_empty());
    }
}
