//! Razorpay API keys.

use super::context::assigned;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Razorpay live key ids (`rzp_live_` and 14 letters and digits). Test-mode ids (`rzp_test_`)
/// are not reported.
pub static RAZORPAY_KEY_ID: Rule = Rule {
    id: "secrets.razorpay-key-id",
    title: "Razorpay live key id",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Razorpay live key id is committed to the repository. The id alone only \
        identifies the account (Checkout uses it in the browser), but in server code or config \
        it is almost always stored next to its key secret, which authenticates every API call.",
    remediation: "Check whether the key secret was committed with it; if so, rotate the secret in \
        the Razorpay Dashboard (Account & Settings → API Keys) and load it from a secrets manager \
        at run time.",
    references: &["https://razorpay.com/docs/payments/dashboard/account-settings/api-keys"],
};

/// ## What it finds
/// Razorpay key secrets: 24 letters and digits assigned to a `…secret…` setting with `razorpay`
/// or `rzp` just before it, or written after a live key id as `rzp_live_…:<secret>`.
pub static RAZORPAY_KEY_SECRET: Rule = Rule {
    id: "secrets.razorpay-key-secret",
    title: "Razorpay key secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Razorpay key secret is committed to the repository. With the key id it \
        authenticates every API request: creating orders, capturing and refunding payments, \
        making payouts and reading customer and payment data.",
    remediation: "Rotate or revoke the secret in the Razorpay Dashboard (Account & Settings → API \
        Keys → Secrets, or Regenerate Key), review recent payments, refunds and payouts, and load \
        the new secret from a secrets manager at run time.",
    references: &[
        "https://razorpay.com/docs/api/authentication",
        "https://razorpay.com/docs/payments/dashboard/account-settings/api-key-secrets",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let assigned = assigned("razorpay|rzp", "secret", "[A-Za-z0-9]{24}");
    let pair = r"(?-u)\brzp_live_[A-Za-z0-9]{14}:([A-Za-z0-9]{24})\b";
    Ok(vec![
        Detector::new(
            &RAZORPAY_KEY_ID,
            &["rzp_live_"],
            r"(?-u)\b(rzp_live_[A-Za-z0-9]{14})\b",
            1,
        )?
        .min_entropy(3.0),
        Detector::new(
            &RAZORPAY_KEY_SECRET,
            &["razorpay", "rzp"],
            &format!("(?:{assigned})|(?:{pair})"),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.5),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.razorpay-key-id",
        concat!("key: 'rzp_live_", "eT0QgkQG7Ochv8'"),
    ),
    (
        "secrets.razorpay-key-secret",
        concat!("RAZORPAY_KEY_SECRET=", "5kR9khaUVpxbQ3YQiXWNFlan"),
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
    fn finds_key_ids_and_secrets() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
        let pair = concat!(
            "curl -u rzp_live_",
            "eT0QgkQG7Ochv8:5kR9khaUVpxbQ3YQiXWNFlan"
        );
        assert_eq!(
            ids(pair),
            ["secrets.razorpay-key-id", "secrets.razorpay-key-secret"]
        );
    }

    #[test]
    fn ignores_test_keys_and_near_misses() {
        for text in [
            concat!("rzp_test_", "eT0QgkQG7Ochv8"),
            concat!(
                "curl -u rzp_test_",
                "eT0QgkQG7Ochv8:5kR9khaUVpxbQ3YQiXWNFlan"
            ),
            concat!("rzp_live_", "eT0QgkQG7Och"),
            concat!("rzp_live_", "eT0QgkQG7Ochv8Xy"),
            concat!("RAZORPAY_KEY_SECRET=", "5kR9khaUVpxbQ3YQiXWNFl"),
            concat!("KEY_SECRET=", "5kR9khaUVpxbQ3YQiXWNFlan"),
            "RAZORPAY_KEY_SECRET=${RAZORPAY_KEY_SECRET}",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
