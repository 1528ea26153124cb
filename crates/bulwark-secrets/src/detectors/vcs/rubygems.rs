//! RubyGems.org API keys (`rubygems_` and 48 lowercase hexadecimal characters).

use super::plausible;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// RubyGems.org API keys (`rubygems_…`).
pub static RUBYGEMS_API_KEY: Rule = Rule {
    id: "secrets.rubygems-api-key",
    title: "RubyGems API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A RubyGems.org API key is committed to the repository. With the push scope it \
        releases new versions of its owner's gems, letting an attacker ship malicious code to \
        every application that installs them; other scopes can yank releases or manage owners.",
    remediation: "Delete the key (rubygems.org → Settings → API keys), check the gems' version \
        history and owners, enable MFA on the account, and publish with trusted publishing or a \
        scoped key from the CI secret store.",
    references: &["https://guides.rubygems.org/api-key-scopes/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &RUBYGEMS_API_KEY,
            &["rubygems_"],
            r"\b(rubygems_[0-9a-f]{48})\b",
            1,
        )?
        .min_entropy(3.0)
        .check(plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_api_keys() {
        let key = concat!(
            "rubygems_",
            "ecb983b410e6f58de9b9d56191e28c2f2388dc10da5bffac"
        );
        assert_eq!(
            ids(&format!("---\n:rubygems_api_key: {key}\n")),
            ["secrets.rubygems-api-key"]
        );
    }

    #[test]
    fn ignores_wrong_length_uppercase_and_placeholder_keys() {
        assert!(
            ids(concat!(
                "rubygems_",
                "ecb983b410e6f58de9b9d56191e28c2f2388dc10da5bffa"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "rubygems_",
                "ecb983b410e6f58de9b9d56191e28c2f2388dc10da5bffac0"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "rubygems_",
                "ECB983B410E6F58DE9B9D56191E28C2F2388DC10DA5BFFAC"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "rubygems_",
                "000000000000000000000000000000000000000000000000"
            ))
            .is_empty()
        );
    }
}
