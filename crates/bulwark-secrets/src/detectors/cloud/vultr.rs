//! Vultr API keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A 36-character upper-case Vultr API key next to a Vultr name (`VULTR_API_KEY`).
pub static VULTR_API_KEY: Rule = Rule {
    id: "secrets.vultr-api-key",
    title: "Vultr API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Vultr API key is committed to the repository. It has the full permissions of \
        the user it belongs to: deploying and destroying instances, reading Object Storage \
        credentials, changing DNS and firewalls, and billing actions.",
    remediation: "Regenerate the key (Account → API → Regenerate) or delete the sub-account user \
        it belongs to, review the account's activity, restrict API access by IP, and store the new \
        key in a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &VULTR_API_KEY,
            &["vultr"],
            r#"(?i:vultr[\w.-]{0,25}?(?:api[_.-]?)?(?:key|token))["']?\s*(?::|=>|:=|=)\s*["']?([A-Z0-9]{36})\b"#,
            1,
        )?
        .min_entropy(3.5)
        .check(super::letters_and_digits),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const KEY: &str = concat!("KXPOLCQWD9BDQ64DGJ", "UAMT2G4UXQYHX4YK2P");

    #[test]
    fn finds_named_keys() {
        assert_eq!(
            ids(&format!("VULTR_API_KEY={KEY}")),
            ["secrets.vultr-api-key"]
        );
        assert_eq!(
            ids(&format!("vultr:\n  api_key: x\nvultr_key: '{KEY}'")),
            ["secrets.vultr-api-key"]
        );
    }

    #[test]
    fn ignores_unnamed_lowercase_and_wrong_lengths() {
        assert!(ids(&format!("license = {KEY}")).is_empty());
        assert!(ids(&format!("VULTR_API_KEY={}", KEY.to_lowercase())).is_empty());
        assert!(ids(&format!("VULTR_API_KEY={KEY}Z")).is_empty());
        assert!(ids("VULTR_API_KEY=ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ").is_empty());
    }
}
