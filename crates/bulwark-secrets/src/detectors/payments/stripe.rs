//! Stripe API keys and webhook signing secrets.

use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Stripe live secret keys (`sk_live_` and 24 to 247 letters and digits). Test-mode keys
/// (`sk_test_`) are not reported: they cannot move money. Paystack's `sk_live_` keys (exactly 40
/// lower-case hex characters) are left to `secrets.paystack-secret-key`.
pub static STRIPE_SECRET_KEY: Rule = Rule {
    id: "secrets.stripe-secret-key",
    title: "Stripe live secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Stripe live-mode secret key is committed to the repository. It can create \
        charges, payouts and refunds, read customers and payment methods, and change the \
        account's webhooks.",
    remediation: "Roll the key in the Stripe Dashboard (Developers → API keys → Roll key), check \
        the request log for use you do not recognise, and load the key from a secrets manager at \
        run time.",
    references: &["https://docs.stripe.com/keys"],
};

/// ## What it finds
/// Stripe live restricted keys (`rk_live_`), whose permissions the account owner chose per
/// resource.
pub static STRIPE_RESTRICTED_KEY: Rule = Rule {
    id: "secrets.stripe-restricted-key",
    title: "Stripe live restricted key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Stripe live-mode restricted key is committed to the repository. It carries \
        the permissions chosen when it was created, often read or write access to charges, \
        customers or refunds, so it can leak customer data or move money within that scope.",
    remediation: "Roll or delete the key in the Stripe Dashboard (Developers → API keys → \
        Restricted keys), review the request log for calls made with it, and load its \
        replacement from a secrets manager at run time.",
    references: &["https://docs.stripe.com/keys"],
};

/// ## What it finds
/// Stripe webhook endpoint signing secrets (`whsec_`), from the Dashboard or the Stripe CLI.
pub static STRIPE_WEBHOOK_SECRET: Rule = Rule {
    id: "secrets.stripe-webhook-secret",
    title: "Stripe webhook signing secret",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Stripe webhook signing secret is committed to the repository. Whoever has it \
        can sign forged events (a payment that never happened, a cancelled dispute) that the \
        endpoint will accept as genuine, and so trigger fulfilment or refunds.",
    remediation: "Roll the endpoint's signing secret in the Stripe Dashboard (Developers → \
        Webhooks → the endpoint → Roll secret), review recent events the endpoint acted on, and \
        load the new secret from a secrets manager at run time.",
    references: &["https://docs.stripe.com/webhooks"],
};

/// Paystack's `sk_live_` keys are 40 lower-case hex characters; a Stripe key (mixed-case base62)
/// practically never is.
fn not_paystack(secret: &[u8]) -> Check {
    let body = secret.get(b"sk_live_".len()..).unwrap_or_default();
    if body.len() == 40 && body.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Check::Reject
    } else {
        Check::Keep
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &STRIPE_SECRET_KEY,
            &["sk_live_"],
            r"(?-u)\b(sk_live_[A-Za-z0-9]{24,247})\b",
            1,
        )?
        .min_entropy(3.5)
        .check(not_paystack),
        Detector::new(
            &STRIPE_RESTRICTED_KEY,
            &["rk_live_"],
            r"(?-u)\b(rk_live_[A-Za-z0-9]{24,247})\b",
            1,
        )?
        .min_entropy(3.5),
        Detector::new(
            &STRIPE_WEBHOOK_SECRET,
            &["whsec_"],
            r"(?-u)\b(whsec_[A-Za-z0-9]{32,64})(?:[^A-Za-z0-9_+/=-]|$)",
            1,
        )?
        .min_entropy(3.5),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.stripe-secret-key",
        concat!("sk_live_", "51H8sKq2eZvKYlo2C9aBcDeF"),
    ),
    (
        "secrets.stripe-secret-key",
        concat!(
            "Stripe.api_key = \"sk_live_",
            "8X6NmsGLqb5qgw0UsNfh0brMTZygaNOj8juuS2aMasGDaYM2UmDwCZPlQqE4m8YdorNLEoZExoLsIDV6rf8GbwJjqesGSjI2t4O\""
        ),
    ),
    (
        "secrets.stripe-restricted-key",
        concat!(
            "STRIPE_KEY=rk_live_",
            "zQBSfAcFlntimCPVj4DkV9I3BEx2C9QkikrcKY9rDIpe1TPtuBuvnf9AOLjV11rHQM6sXDP8RCoYs0NaClQOxNJWalvRrggJ4UH"
        ),
    ),
    (
        "secrets.stripe-webhook-secret",
        concat!(
            "endpoint_secret = 'whsec_",
            "HrlSQKn8qEc8vUztxkC0TV6fbeZt1wpf'"
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
    fn finds_live_keys_and_webhook_secrets() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_test_keys_placeholders_and_look_alikes() {
        for text in [
            concat!("sk_test_", "51H8sKq2eZvKYlo2C9aBcDeF"),
            concat!("rk_test_", "51H8sKq2eZvKYlo2C9aBcDeF"),
            concat!("pk_live_", "51H8sKq2eZvKYlo2C9aBcDeF"),
            "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
            "rk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
            "sk_live_YOUR_SECRET_KEY",
            concat!("sk_live_", "51H8sKq2eZvKYlo2C9aB"),
            concat!("xsk_live_", "51H8sKq2eZvKYlo2C9aBcDeF"),
            // Paystack's format: reported by the Paystack rule, not this one.
            concat!("sk_live_", "851b15d8a45d6835737299c5f05626f90bcba7fa"),
            "whsec_0000000000000000000000000000000000",
            concat!("whsec_", "HrlSQKn8qEc8vUzt"),
            concat!("whsec_", "HrlSQKn8qEc8vUztxkC0TV6fbeZt1wp+"),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn paystack_check_only_rejects_forty_hex() {
        assert_eq!(
            not_paystack(
                concat!("sk_live_", "851b15d8a45d6835737299c5f05626f90bcba7fa").as_bytes()
            ),
            Check::Reject
        );
        assert_eq!(
            not_paystack(
                concat!("sk_live_", "851B15d8a45d6835737299c5f05626f90bcba7fa").as_bytes()
            ),
            Check::Keep
        );
    }
}
