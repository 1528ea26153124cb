//! Postman API keys (`PMAK-`, 24 hexadecimal characters, `-`, 34 hexadecimal characters).

use super::plausible;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Postman API keys (`PMAK-…`).
pub static POSTMAN_API_KEY: Rule = Rule {
    id: "secrets.postman-api-key",
    title: "Postman API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Postman API key is committed to the repository. It reads and changes the \
        owner's workspaces through the Postman API, including collections and environments, \
        which routinely hold API credentials for other systems.",
    remediation: "Revoke the key (Postman → Settings → API keys), rotate credentials kept in the \
        affected environments, and load the new key from a secrets manager.",
    references: &["https://learning.postman.com/docs/developer/postman-api/authentication/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &POSTMAN_API_KEY,
            &["PMAK-"],
            r"\b(PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34})\b",
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
            "PMAK-",
            "1e4452415df60f290d94d7ef-ecc22a4e5d4697ea93ff69b5257313aee9"
        );
        assert_eq!(
            ids(&format!("X-Api-Key: {key}")),
            ["secrets.postman-api-key"]
        );
    }

    #[test]
    fn ignores_malformed_keys() {
        assert!(ids(concat!("PMAK-", "1e4452415df60f290d94d7ef")).is_empty());
        assert!(
            ids(concat!(
                "PMAK-",
                "1e4452415df60f290d94d7ef-ecc22a4e5d4697ea93ff69b5257313aee"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "PMAK-",
                "1e4452415df60f290d94d7ez-ecc22a4e5d4697ea93ff69b5257313aee9"
            ))
            .is_empty()
        );
    }
}
