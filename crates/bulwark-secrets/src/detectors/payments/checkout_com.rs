//! Checkout.com API keys.

use super::context::near;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Checkout.com live secret keys: `sk_` and 26 base32 characters plus a checksum character
/// (current accounts), or `sk_` and a UUID (previous platform), with `checkout` or `cko_` at most
/// a few lines before them. Sandbox keys (`sk_sbox_`, `sk_test_`) are not reported.
pub static CHECKOUT_COM_SECRET_KEY: Rule = Rule {
    id: "secrets.checkout-com-secret-key",
    title: "Checkout.com secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Checkout.com live secret API key is committed to the repository. It \
        authenticates server-to-server calls: requesting, capturing and refunding payments, \
        paying out, and reading payment and dispute details, within the key's scopes.",
    remediation: "Delete or regenerate the key in the Checkout.com Dashboard (Developers → Keys), \
        deploy its replacement from a secrets manager, and review recent payments and payouts \
        for activity you did not initiate.",
    references: &["https://checkout.com/docs/resources/api-authentication/api-keys"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &CHECKOUT_COM_SECRET_KEY,
            &["checkout", "cko_"],
            &near(
                "checkout|cko_",
                "sk_(?:[a-z2-7]{26}[a-z2-7*#$=]|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",
            ),
            1,
        )?
        .min_entropy(3.5),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.checkout-com-secret-key",
        concat!("CKO_SECRET_KEY=sk_", "iadyomkbby6ixipbhbjbp3ir26t"),
    ),
    (
        "secrets.checkout-com-secret-key",
        concat!(
            "checkout_api:\n  secret_key: sk_",
            "2d66dcba-868e-4e59-98ab-caeed435aae9\n"
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
    fn finds_secret_keys() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_sandbox_public_and_other_providers_keys() {
        for text in [
            concat!("CKO_SECRET_KEY=sk_sbox_", "iadyomkbby6ixipbhbjbp3ir26t"),
            concat!(
                "CKO_SECRET_KEY=sk_test_",
                "2d66dcba-868e-4e59-98ab-caeed435aae9"
            ),
            concat!("CKO_PUBLIC_KEY=pk_", "iadyomkbby6ixipbhbjbp3ir26t"),
            concat!("CKO_SECRET_KEY=sk_", "iadyomkbby6ixipbhbjbp3ir2"),
            // Stripe Checkout with a Stripe key: not Checkout.com's format.
            concat!(
                "checkout = stripe.checkout.Session; key = 'sk_live_",
                "51H8sKq2eZvKYlo2C9aBcDeF'"
            ),
            // No provider context.
            concat!("SECRET_KEY=sk_", "iadyomkbby6ixipbhbjbp3ir26t"),
            "CKO_SECRET_KEY=sk_aaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
