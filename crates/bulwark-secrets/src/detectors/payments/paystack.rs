//! Paystack secret keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Paystack live secret keys: `sk_live_` and exactly 40 lower-case hex characters (Stripe's
/// `sk_live_` keys are mixed-case base62, so the two rules never report the same key). Test keys
/// (`sk_test_`) are not reported.
pub static PAYSTACK_SECRET_KEY: Rule = Rule {
    id: "secrets.paystack-secret-key",
    title: "Paystack live secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Paystack live secret key is committed to the repository. It authenticates \
        every server-side call: initialising and verifying transactions, charging saved \
        authorizations, refunds, transfers to bank accounts, and reading customer data.",
    remediation: "Generate new API keys in the Paystack Dashboard (Settings → API Keys & \
        Webhooks), which invalidates the old secret key, review recent transactions and \
        transfers, and load the new key from a secrets manager at run time.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &PAYSTACK_SECRET_KEY,
            &["sk_live_"],
            r"(?-u)\b(sk_live_[0-9a-f]{40})\b",
            1,
        )?
        .min_entropy(3.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[(
    "secrets.paystack-secret-key",
    concat!(
        "PAYSTACK_SECRET_KEY=sk_live_",
        "851b15d8a45d6835737299c5f05626f90bcba7fa"
    ),
)];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_live_secret_keys() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_test_public_stripe_and_truncated_keys() {
        for text in [
            concat!("sk_test_", "851b15d8a45d6835737299c5f05626f90bcba7fa"),
            concat!("pk_live_", "851b15d8a45d6835737299c5f05626f90bcba7fa"),
            concat!("sk_live_", "851b15d8a45d6835737299c5f05626f90bcba7"),
            concat!("sk_live_", "851b15d8a45d6835737299c5f05626f90bcba7fa12"),
            // Stripe's alphabet: upper case is never part of a Paystack key.
            concat!("sk_live_", "851B15d8a45d6835737299c5f05626f90bcba7fa"),
            concat!("sk_live_", "51H8sKq2eZvKYlo2C9aBcDeF"),
            "sk_live_0000000000000000000000000000000000000000",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
