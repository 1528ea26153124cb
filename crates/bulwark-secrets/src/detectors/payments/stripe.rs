//! Stripe API keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Stripe live secret keys (`sk_live_`) and restricted keys (`rk_live_`). Test-mode keys are not
/// reported: they cannot move money.
pub static STRIPE_SECRET_KEY: Rule = Rule {
    id: "secrets.stripe-secret-key",
    title: "Stripe live secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Stripe live-mode secret or restricted key is committed to the repository. It \
        can create charges and refunds, read customers and payment methods, and change the \
        account's webhooks.",
    remediation: "Roll the key in the Stripe Dashboard (Developers → API keys → Roll key), check \
        the request log for use you do not recognise, and load the key from a secrets manager at \
        run time.",
    references: &["https://docs.stripe.com/keys"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![Detector::new(
        &STRIPE_SECRET_KEY,
        &["sk_live_", "rk_live_"],
        r"\b((?:sk|rk)_live_[A-Za-z0-9]{24,247})\b",
        1,
    )?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    #[test]
    fn finds_live_keys() {
        let key = concat!("sk_live_", "51H8sKq2eZvKYlo2C9aBcDeF");
        assert_eq!(
            rule_ids(detectors().expect("compiles"), key),
            ["secrets.stripe-secret-key"]
        );
    }

    #[test]
    fn ignores_test_keys_and_placeholders() {
        let test_key = concat!("sk_test_", "51H8sKq2eZvKYlo2C9aBcDeF");
        assert!(rule_ids(detectors().expect("compiles"), test_key).is_empty());
        assert!(
            rule_ids(
                detectors().expect("compiles"),
                "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"
            )
            .is_empty()
        );
    }
}
