//! Braintree gateway credentials.

use super::context::assigned;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Production access tokens of the Braintree SDK for PayPal
/// (`access_token$production$<merchant id>$<32 hex>`). Sandbox tokens are not reported.
pub static BRAINTREE_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.braintree-access-token",
    title: "Braintree production access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A production Braintree/PayPal SDK access token is committed to the repository. \
        It authenticates server-side calls for the merchant: creating and refunding transactions \
        and reading transaction and customer data.",
    remediation: "Revoke the access token where it was issued (PayPal Developer Dashboard or the \
        Braintree Control Panel of the linked gateway) and issue a new one, review recent \
        transactions and refunds, and load the token from a secrets manager at run time.",
    references: &[
        "https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials/",
    ],
};

/// ## What it finds
/// Braintree API private keys: 32 hex characters assigned to a `private_key` setting with
/// `braintree` just before it (`BRAINTREE_PRIVATE_KEY=…`, `Braintree::Configuration.private_key`).
pub static BRAINTREE_PRIVATE_KEY: Rule = Rule {
    id: "secrets.braintree-private-key",
    title: "Braintree API private key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Braintree API private key is committed to the repository. With the merchant \
        id and public key (not secret) it authenticates as the key's user: it can charge and \
        refund, and read the vault of stored customers and payment methods.",
    remediation: "In the Braintree Control Panel (Settings → API → API Keys), generate a new key \
        pair, switch the integration to it, then revoke the leaked key; review recent \
        transactions and load the key from a secrets manager at run time.",
    references: &[
        "https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials/",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &BRAINTREE_ACCESS_TOKEN,
            &["access_token$production$"],
            r"(?-u)\b(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})\b",
            1,
        )?,
        Detector::new(
            &BRAINTREE_PRIVATE_KEY,
            &["braintree"],
            &assigned("braintree", r"private[_-]?key", "[0-9a-f]{32}"),
            1,
        )?
        .min_entropy(3.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.braintree-access-token",
        concat!(
            "access_token$production$",
            "wnvyi9b0nphij78r$bab4d218020916d28fcbf04b762e2ddb"
        ),
    ),
    (
        "secrets.braintree-private-key",
        concat!(
            "Braintree::Configuration.private_key = \"",
            "df2227cd04fa4fde5402fa54ed10e24e\""
        ),
    ),
    (
        "secrets.braintree-private-key",
        concat!("BRAINTREE_PRIVATE_KEY=", "df2227cd04fa4fde5402fa54ed10e24e"),
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
    fn finds_tokens_and_private_keys() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_sandbox_public_keys_and_near_misses() {
        for text in [
            concat!(
                "access_token$sandbox$",
                "wnvyi9b0nphij78r$bab4d218020916d28fcbf04b762e2ddb"
            ),
            concat!(
                "access_token$production$",
                "wnvyi9b0nphij78r$bab4d218020916d28fcbf04b762e2d"
            ),
            // The public key and merchant id are identifiers, not secrets.
            "BRAINTREE_PUBLIC_KEY=k7ms2bbz9d3r5xyq",
            concat!("BRAINTREE_MERCHANT_ID=", "df2227cd04fa4fde5402fa54ed10e24e"),
            // A 40-hex value (a git SHA) is not a private key.
            concat!(
                "BRAINTREE_PRIVATE_KEY=",
                "df2227cd04fa4fde5402fa54ed10e24e5402fa54"
            ),
            concat!("PRIVATE_KEY=", "df2227cd04fa4fde5402fa54ed10e24e"),
            "BRAINTREE_PRIVATE_KEY=00000000000000000000000000000000",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
