//! EasyPost production API keys.

use super::{any_of, generated_mixed_case};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An EasyPost production API key (`EZAK` and 54 characters). Test keys (`EZTK…`) cannot buy
/// postage and are not reported.
pub static EASYPOST_PRODUCTION_API_KEY: Rule = Rule {
    id: "secrets.easypost-production-api-key",
    title: "EasyPost production API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An EasyPost production API key is committed to the repository. It buys postage \
        and insurance charged to the account's wallet and reads shipments, with customers' \
        addresses and contact details.",
    remediation: "Disable the key and create a new one in EasyPost (Account Settings → API Keys), \
        review recent shipments and charges, and load the new key from a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &EASYPOST_PRODUCTION_API_KEY,
            &["EZAK"],
            &any_of(&[r"\b(EZAK[A-Za-z0-9]{54})\b"]),
            1,
        )?
        .min_entropy(4.0)
        .check(generated_mixed_case),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const BODY: &str = concat!("YFh4TcgqBLlbLL7CiKuoFAwetBquKq", "q7V1Si8veIEZXlEui0nZyGEh");

    #[test]
    fn finds_production_keys() {
        assert_eq!(
            ids(&format!("EASYPOST_API_KEY={}{BODY}", "EZAK")),
            ["secrets.easypost-production-api-key"]
        );
    }

    #[test]
    fn ignores_test_keys_and_wrong_lengths() {
        assert!(ids(&format!("{}{BODY}", "EZTK")).is_empty());
        assert!(ids(&format!("{}{BODY}Q", "EZAK")).is_empty());
        assert!(ids(&format!("{}{}", "EZAK", &BODY[..50])).is_empty());
    }
}
