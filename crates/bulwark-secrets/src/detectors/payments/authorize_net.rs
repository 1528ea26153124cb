//! Authorize.Net API credentials.

use super::context::assigned;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// Names that place a value in an Authorize.Net configuration (`AUTHORIZENET_…`, `ANET_…`, the
/// API's `merchantAuthentication` object).
const PROVIDER: &str = r"authorize[._-]?net|authnet|(?:^|[^a-z])anet[_.-]|merchantauthentication";

/// ## What it finds
/// Authorize.Net transaction keys: 16 letters and digits assigned to a `transactionKey` /
/// `TRANSACTION_KEY` setting with an Authorize.Net name or `merchantAuthentication` just before
/// it.
pub static AUTHORIZE_NET_TRANSACTION_KEY: Rule = Rule {
    id: "secrets.authorize-net-transaction-key",
    title: "Authorize.Net transaction key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Authorize.Net transaction key is committed to the repository. With the API \
        login id (usually stored beside it) it submits transactions to the payment gateway: \
        charges, refunds and voids, and reads transaction details and stored customer \
        profiles.",
    remediation: "Generate a new transaction key in the Merchant Interface (Account → Settings → \
        Security Settings → API Credentials & Keys) and choose to disable the old key \
        immediately, review recent transactions and refunds, and load the key from a secrets \
        manager at run time.",
    references: &["https://support.authorize.net/knowledgebase/article/000001271/en-us"],
};

/// ## What it finds
/// Authorize.Net signature keys: 128 hex characters assigned to a `signatureKey` setting with an
/// Authorize.Net name just before it.
pub static AUTHORIZE_NET_SIGNATURE_KEY: Rule = Rule {
    id: "secrets.authorize-net-signature-key",
    title: "Authorize.Net signature key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Authorize.Net signature key is committed to the repository. It computes the \
        HMAC that proves webhooks and hosted-form relay responses come from Authorize.Net, so an \
        attacker can forge payment notifications your application will trust.",
    remediation: "Generate a new signature key in the Merchant Interface (Account → Settings → \
        Security Settings → API Credentials & Keys), deploy it from a secrets manager, and review \
        orders fulfilled on recent notifications.",
    references: &["https://support.authorize.net/knowledgebase/article/000001271/en-us"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &AUTHORIZE_NET_TRANSACTION_KEY,
            &["authorize", "authnet", "anet", "merchantauthentication"],
            &assigned(
                PROVIDER,
                r"trans(?:action)?[_-]?key|txn[_-]?key",
                "[A-Za-z0-9]{16}",
            ),
            1,
        )?
        .min_entropy(3.0),
        Detector::new(
            &AUTHORIZE_NET_SIGNATURE_KEY,
            &["authorize", "authnet", "anet", "merchantauthentication"],
            &assigned(PROVIDER, r"signature[_-]?key", "[0-9A-Fa-f]{128}"),
            1,
        )?
        .min_entropy(3.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.authorize-net-transaction-key",
        concat!(
            "\"merchantAuthentication\": {\"name\": \"7vYt4Rz9K\", \"transactionKey\": \"",
            "wnKjXNvDqT318RUz\"}"
        ),
    ),
    (
        "secrets.authorize-net-transaction-key",
        concat!("AUTHORIZENET_TRANSACTION_KEY=", "wnKjXNvDqT318RUz"),
    ),
    (
        "secrets.authorize-net-signature-key",
        concat!(
            "ANET_SIGNATURE_KEY=",
            "2310551AAB3B3216BD64B7C28D792417636C15C3F15B9414867C38BC81BD4252",
            "6E577A0936FC862789AC8C3DDC89FE190A13A406C589CF99F20FD7CC72D065B1"
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
    fn finds_transaction_and_signature_keys() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_login_ids_other_words_and_near_misses() {
        for text in [
            // The API login id identifies the account.
            "AUTHORIZENET_API_LOGIN_ID=7vYt4Rz9K",
            // `planet` is not `anet`.
            concat!("PLANET_TRANSACTION_KEY=", "wnKjXNvDqT318RUz"),
            concat!("TRANSACTION_KEY=", "wnKjXNvDqT318RUz"),
            concat!("AUTHORIZENET_TRANSACTION_KEY=", "wnKjXNvDqT318R"),
            concat!("AUTHORIZENET_TRANSACTION_KEY=", "wnKjXNvDqT318RUzab"),
            "AUTHORIZENET_TRANSACTION_KEY=0000000000000000",
            concat!(
                "ANET_SIGNATURE_KEY=",
                "2310551AAB3B3216BD64B7C28D792417636C15C3F15B9414867C38BC81BD4252"
            ),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
