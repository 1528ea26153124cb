//! Plaid API credentials.

use super::context::assigned;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Plaid API secrets: 30 lower-case hex characters assigned to a `…secret…` setting with `plaid`
/// just before it (`PLAID_SECRET=…`).
pub static PLAID_SECRET: Rule = Rule {
    id: "secrets.plaid-secret",
    title: "Plaid API secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Plaid API secret is committed to the repository. With the client id (usually \
        stored beside it) and the access tokens your backend holds it reads linked users' bank \
        accounts, balances, transactions and identity data, and can initiate transfers.",
    remediation: "Rotate the secret for the affected environment in the Plaid Dashboard \
        (Developers → Keys), deploy the new one from a secrets manager, and review API activity \
        for requests you did not make.",
    references: &["https://plaid.com/docs/api/"],
};

/// ## What it finds
/// Plaid access tokens for live data: `access-production-` or `access-development-` followed by
/// a UUID. Sandbox tokens are not reported.
pub static PLAID_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.plaid-access-token",
    title: "Plaid access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Plaid access token is committed to the repository. It is the long-lived key \
        to one user's linked bank accounts: with the app's client id and secret it returns their \
        balances, transactions, account numbers and identity.",
    remediation: "Rotate the token with `/item/access_token/invalidate` (or remove the Item with \
        `/item/remove` if it is no longer needed), store the new token encrypted server-side, \
        and rotate the API secret too if it may have leaked.",
    references: &["https://plaid.com/docs/api/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &PLAID_SECRET,
            &["plaid"],
            &assigned("plaid", "secret", "[0-9a-f]{30}"),
            1,
        )?
        .min_entropy(3.0),
        Detector::new(
            &PLAID_ACCESS_TOKEN,
            &["access-production-", "access-development-"],
            r"(?-u)\b(access-(?:production|development)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^A-Za-z0-9_-]|$)",
            1,
        )?,
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.plaid-secret",
        concat!("PLAID_SECRET=", "6d61f1f2a98ce7980e6619789a4969"),
    ),
    (
        "secrets.plaid-secret",
        concat!(
            "plaid:\n  client_id: 5f3c1a9e2b7d4c0018a6e2f1\n  secret: \"",
            "6d61f1f2a98ce7980e6619789a4969\"\n"
        ),
    ),
    (
        "secrets.plaid-access-token",
        concat!(
            "\"access_token\": \"access-production-",
            "8acc59be-bddc-4c57-8374-07101e0b78d6\""
        ),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_secrets_and_access_tokens() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_sandbox_tokens_client_ids_and_near_misses() {
        for text in [
            concat!("access-sandbox-", "8acc59be-bddc-4c57-8374-07101e0b78d6"),
            concat!("public-production-", "8acc59be-bddc-4c57-8374-07101e0b78d6"),
            concat!("access-production-", "8acc59be-bddc-4c57-8374-07101e0b78"),
            concat!(
                "access-production-",
                "8acc59be-bddc-4c57-8374-07101e0b78d6-01"
            ),
            "PLAID_CLIENT_ID=5f3c1a9e2b7d4c0018a6e2f1",
            concat!("SECRET=", "6d61f1f2a98ce7980e6619789a4969"),
            concat!("PLAID_SECRET=", "6d61f1f2a98ce7980e6619789a4969ab"),
            "PLAID_SECRET=000000000000000000000000000000",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
