//! Groq API keys.

use super::{any_of, generated_mixed_case};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Groq API key (`gsk_` and 52 characters).
pub static GROQ_API_KEY: Rule = Rule {
    id: "secrets.groq-api-key",
    title: "Groq API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Groq API key is committed to the repository. It runs inference billed to the \
        organisation up to its limits and reads the files and batch jobs uploaded to it.",
    remediation: "Delete the key in the GroqCloud console (API Keys → the key → Delete), review \
        usage for requests you did not make, and load a new key from a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &GROQ_API_KEY,
            &["gsk_"],
            &any_of(&[r"\b(gsk_[A-Za-z0-9]{52})\b"]),
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

    const BODY: &str = concat!("9w63VdZq43ZJYoB2pLAAcbp6WyKo", "YaOmONBJ33gVEhn4hZdx2ZQ6");

    #[test]
    fn finds_api_keys() {
        let key = format!("{}{BODY}", "gsk_");
        assert_eq!(
            ids(&format!("GROQ_API_KEY=\"{key}\"")),
            ["secrets.groq-api-key"]
        );
    }

    #[test]
    fn ignores_wrong_lengths_and_prefixes() {
        assert!(ids(&format!("gsk_{}", &BODY[..51])).is_empty());
        assert!(ids(&format!("gsk_{BODY}Z")).is_empty());
        assert!(ids(&format!("xgsk_{BODY}")).is_empty());
    }
}
