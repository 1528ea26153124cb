//! SumUp API keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// SumUp secret API keys (`sup_sk_` and at least 24 letters and digits).
pub static SUMUP_API_KEY: Rule = Rule {
    id: "secrets.sumup-api-key",
    title: "SumUp secret API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A SumUp secret API key is committed to the repository. It acts for the merchant \
        account with the full API: creating checkouts, refunding transactions, and reading \
        transactions, payouts and merchant details.",
    remediation: "Revoke the key in the SumUp dashboard (Settings → For Developers → Toolkit → \
        API Keys), create a new one, review recent transactions and refunds, and load the key \
        from a secrets manager at run time.",
    references: &["https://developer.sumup.com/tools/authorization/api-keys"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &SUMUP_API_KEY,
            &["sup_sk_"],
            r"(?-u)\b(sup_sk_[A-Za-z0-9]{24,64})\b",
            1,
        )?
        .min_entropy(3.5),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[(
    "secrets.sumup-api-key",
    concat!(
        "Authorization: Bearer sup_sk_",
        "SI5L1pirVN1uBVug2A3rGJJOGCr2OL6Y"
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
    fn finds_secret_keys() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_placeholders_and_near_misses() {
        for text in [
            "Authorization: Bearer sup_sk_XXX",
            "SUMUP_API_KEY=sup_sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            concat!("sup_sk_", "SI5L1pirVN1uBVug"),
            concat!("sup_pk_", "SI5L1pirVN1uBVug2A3rGJJOGCr2OL6Y"),
            concat!("xsup_sk_", "SI5L1pirVN1uBVug2A3rGJJOGCr2OL6Y"),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
