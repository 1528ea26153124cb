//! Twilio API keys and account auth tokens.

use super::{any_of, assigned, generated, generated_hex};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Twilio API key: its SID (`SK` and 32 hex characters) or its 32-character secret, on a line
/// that names Twilio.
pub static TWILIO_API_KEY: Rule = Rule {
    id: "secrets.twilio-api-key",
    title: "Twilio API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Twilio API key (its `SK…` SID or its secret) is committed to the repository; \
        the two are kept together. A standard key can send SMS and place calls billed to the \
        account, which toll-fraud schemes exploit, and read message logs and call recordings \
        that hold customer data.",
    remediation: "Delete the key in the Twilio Console (Account → API keys & tokens → the key → \
        Delete), review usage and message logs for traffic you did not send, and load the new \
        key's SID and secret from a secrets manager.",
    references: &["https://www.twilio.com/docs/iam/api-keys"],
};

/// ## What it finds
/// A Twilio account auth token (32 hex characters) assigned to a Twilio name, or given after the
/// account SID as `AC…:<token>`.
pub static TWILIO_AUTH_TOKEN: Rule = Rule {
    id: "secrets.twilio-auth-token",
    title: "Twilio auth token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Twilio account auth token is committed to the repository. It is the account's \
        master credential: with the account SID it sends messages and calls at the account's \
        expense, reads every message and recording, and manages numbers, sub-accounts and keys.",
    remediation: "Rotate the auth token in the Twilio Console (Account → API keys & tokens → \
        Auth tokens → request a secondary token, promote it), move applications to API keys \
        loaded from a secrets manager, and review the account's usage logs.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &TWILIO_API_KEY,
            &["twilio"],
            &any_of(&[
                r"(?i:twilio)[^\n]{0,80}?\b(SK[0-9a-f]{32})\b",
                &assigned(
                    "twilio",
                    "(?:api[_-]?)?(?:key[_-]?)?secret",
                    "[A-Za-z0-9]{32}",
                ),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.5)
        .check(generated),
        Detector::new(
            &TWILIO_AUTH_TOKEN,
            &["twilio"],
            &any_of(&[
                &assigned("twilio", "auth[_-]?token", "[a-f0-9]{32}"),
                r"(?i:twilio)[^\n]{0,200}?\bAC[a-f0-9]{32}:([a-f0-9]{32})\b",
                r"\bAC[a-f0-9]{32}:([a-f0-9]{32})@(?i:api\.twilio\.com)",
            ]),
            1,
        )?
        .alternative_group(2)
        .alternative_group(3)
        .min_entropy(3.0)
        .check(generated_hex),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const KEY_SID: &str = concat!("SK", "c8ef60a358505d7d9e2806c239da97ee");
    const KEY_SECRET: &str = concat!("YM1UP6IIReq2BO0Y", "1BKY8lMgnbpHmj2l");
    const AUTH_TOKEN: &str = concat!("7665ad9ae9490134", "d708a664266a5f25");
    const ACCOUNT: &str = concat!("AC", "3161fa09060e1ccc4056cddecd779f0e");

    #[test]
    fn finds_api_keys_named_twilio() {
        assert_eq!(
            ids(&format!("TWILIO_API_KEY={KEY_SID}")),
            ["secrets.twilio-api-key"]
        );
        assert_eq!(
            ids(&format!("TWILIO_API_SECRET=\"{KEY_SECRET}\"")),
            ["secrets.twilio-api-key"]
        );
    }

    #[test]
    fn ignores_key_sids_without_context_or_of_wrong_length() {
        assert!(ids(&format!("api_key = {KEY_SID}")).is_empty());
        assert!(ids(&format!("TWILIO_API_KEY={KEY_SID}ab")).is_empty());
        assert!(ids("TWILIO_API_SECRET=your_api_secret_goes_here_000000").is_empty());
    }

    #[test]
    fn finds_auth_tokens() {
        assert_eq!(
            ids(&format!("TWILIO_AUTH_TOKEN: {AUTH_TOKEN}")),
            ["secrets.twilio-auth-token"]
        );
        assert_eq!(
            ids(&format!(
                "curl https://api.twilio.com/2010-04-01/Accounts -u {ACCOUNT}:{AUTH_TOKEN}"
            )),
            ["secrets.twilio-auth-token"]
        );
    }

    #[test]
    fn ignores_account_sids_and_unnamed_hex() {
        assert!(ids(&format!("TWILIO_ACCOUNT_SID={ACCOUNT}")).is_empty());
        assert!(ids(&format!("auth_token = {AUTH_TOKEN}")).is_empty());
        let typed = concat!("0123456789abcdef", "0123456789abcdef");
        assert!(ids(&format!("TWILIO_AUTH_TOKEN={typed}")).is_empty());
    }
}
