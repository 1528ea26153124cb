//! Perplexity API keys.

use super::{any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Perplexity API key (`pplx-` and 48 characters).
pub static PERPLEXITY_API_KEY: Rule = Rule {
    id: "secrets.perplexity-api-key",
    title: "Perplexity API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Perplexity API key is committed to the repository. It runs search and \
        completion requests billed to the account's credit balance, including automatic \
        top-ups, until the key is revoked.",
    remediation: "Revoke the key in Perplexity (Settings → API → API keys → Revoke), review the \
        usage dashboard, and load a new key from a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &PERPLEXITY_API_KEY,
            &["pplx-"],
            &any_of(&[r"\b(pplx-[A-Za-z0-9]{48})\b"]),
            1,
        )?
        .min_entropy(3.5)
        .check(generated),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    #[test]
    fn finds_api_keys() {
        let key = concat!("pplx-", "2VyRuAkdbEn15uEiRDTzyT6BHmrZxsWBlrS6g2ahubmraSIC");
        assert_eq!(
            ids(&format!("PERPLEXITY_API_KEY={key}")),
            ["secrets.perplexity-api-key"]
        );
    }

    #[test]
    fn ignores_short_and_placeholder_keys() {
        assert!(ids(concat!("pplx-", "2VyRuAkdbEn15uEiRDTzyT6B")).is_empty());
        assert!(
            ids(concat!(
                "pplx-",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "pplx-",
                "0123456789abcdef0123456789abcdef0123456789abcdef"
            ))
            .is_empty()
        );
    }
}
