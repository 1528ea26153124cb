//! Postmark server and account API tokens.

use super::{UUID, any_of, assignment, first_argument, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Postmark server API token (a UUID) assigned to a Postmark server-token name, sent as the
/// `X-Postmark-Server-Token` header, or passed to `postmark.ServerClient(…)`.
pub static POSTMARK_SERVER_TOKEN: Rule = Rule {
    id: "secrets.postmark-server-token",
    title: "Postmark server API token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Postmark server API token is committed to the repository. It sends e-mail \
        from the server's verified sender signatures and reads the server's message history, \
        including the content of delivered and bounced messages.",
    remediation: "Generate a new token and delete the old one in Postmark (the server → API \
        Tokens), review the server's activity, and load the new token from a secrets manager.",
    references: &["https://postmarkapp.com/developer/api/overview"],
};

/// ## What it finds
/// A Postmark account API token (a UUID) assigned to a Postmark account-token name, sent as the
/// `X-Postmark-Account-Token` header, or passed to `postmark.AccountClient(…)`.
pub static POSTMARK_ACCOUNT_TOKEN: Rule = Rule {
    id: "secrets.postmark-account-token",
    title: "Postmark account API token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Postmark account API token is committed to the repository. It administers the \
        whole account: it creates and deletes servers, reads every server's API token, and \
        manages sender signatures and domains.",
    remediation: "Regenerate the account token in Postmark (Account → API Tokens), check the \
        account's servers and sender signatures for changes, and load the token from a secrets \
        manager.",
    references: &["https://postmarkapp.com/developer/api/overview"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let uuid = format!("(?:{UUID})");
    Ok(vec![
        Detector::new(
            &POSTMARK_SERVER_TOKEN,
            &["postmark"],
            &any_of(&[
                &assignment(
                    r"(?i:postmark)[_.\-]?(?i:server[_-]?)?(?i:api[_-]?)?(?i:token|key)",
                    &uuid,
                ),
                &first_argument(r"(?i:postmark)\.ServerClient", &uuid),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.0)
        .check(generated),
        Detector::new(
            &POSTMARK_ACCOUNT_TOKEN,
            &["postmark"],
            &any_of(&[
                &assignment(
                    r"(?i:postmark)[_.\-]?(?i:account)[_-]?(?i:api[_-]?)?(?i:token|key)",
                    &uuid,
                ),
                &first_argument(r"(?i:postmark)\.AccountClient", &uuid),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.0)
        .check(generated),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const SERVER: &str = concat!("304ccaeb-ba43-4bc1-", "83ad-14f0e13bea37");
    const ACCOUNT: &str = concat!("fff9461f-dde1-48ad-", "a08b-4cd7984f0f8f");

    #[test]
    fn finds_server_tokens() {
        assert_eq!(
            ids(&format!("POSTMARK_SERVER_TOKEN={SERVER}")),
            ["secrets.postmark-server-token"]
        );
        assert_eq!(
            ids(&format!("-H \"X-Postmark-Server-Token: {SERVER}\"")),
            ["secrets.postmark-server-token"]
        );
        assert_eq!(
            ids(&format!("new postmark.ServerClient(\"{SERVER}\")")),
            ["secrets.postmark-server-token"]
        );
    }

    #[test]
    fn finds_account_tokens() {
        assert_eq!(
            ids(&format!("POSTMARK_ACCOUNT_TOKEN: '{ACCOUNT}'")),
            ["secrets.postmark-account-token"]
        );
        assert_eq!(
            ids(&format!("X-Postmark-Account-Token: {ACCOUNT}")),
            ["secrets.postmark-account-token"]
        );
    }

    #[test]
    fn ignores_other_uuids_and_the_test_token() {
        assert!(ids(&format!("POSTMARK_MESSAGE_ID={SERVER}")).is_empty());
        assert!(ids(&format!("message_stream = {SERVER}")).is_empty());
        assert!(ids("POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST").is_empty());
        let zero = concat!("00000000-0000-0000-", "0000-000000000000");
        assert!(ids(&format!("POSTMARK_API_TOKEN={zero}")).is_empty());
    }
}
