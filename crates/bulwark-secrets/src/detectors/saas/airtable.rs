//! Airtable personal access tokens and legacy API keys.

use super::{any_of, assigned, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An Airtable personal access token (`pat`, a 14-character id, `.`, and 64 hex characters), or
/// a legacy API key (`key` and 14 characters) assigned to an Airtable name.
pub static AIRTABLE_PERSONAL_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.airtable-personal-access-token",
    title: "Airtable personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Airtable personal access token is committed to the repository. With its \
        scopes it reads and writes the records of every base it was granted, which often hold \
        customer lists, operational data or credentials, and can change base schemas.",
    remediation: "Delete or regenerate the token in Airtable (Builder Hub → Personal access \
        tokens), review base revision history for changes, and load a narrowly scoped \
        replacement from a secrets manager.",
    references: &["https://airtable.com/developers/web/guides/personal-access-tokens"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &AIRTABLE_PERSONAL_ACCESS_TOKEN,
            &["pat", "airtable"],
            &any_of(&[
                r"\b(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})\b",
                &assigned("airtable", "api[_-]?key", "key[A-Za-z0-9]{14}"),
            ]),
            1,
        )?
        .alternative_group(2)
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

    const TOKEN: &str = concat!(
        "pat",
        "OrdDiky57X4N1t.",
        "d86f7cd48a2f248646d86c44fa2bc127d5ceff6f850e0dbc19abdf6caf07435e"
    );

    #[test]
    fn finds_personal_access_tokens() {
        assert_eq!(
            ids(&format!("Authorization: Bearer {TOKEN}")),
            ["secrets.airtable-personal-access-token"]
        );
        assert_eq!(
            ids(&format!(
                "AIRTABLE_API_KEY={}",
                concat!("key", "SOPSDRwEnw8nwK")
            )),
            ["secrets.airtable-personal-access-token"]
        );
    }

    #[test]
    fn ignores_ids_and_truncated_tokens() {
        assert!(
            ids(concat!("pat", "OrdDiky57X4N1t")).is_empty(),
            "token id alone"
        );
        assert!(ids(&TOKEN[..TOKEN.len() - 1]).is_empty());
        assert!(
            ids(&format!("x{TOKEN}")).is_empty(),
            "embedded in a longer word"
        );
        assert!(ids(concat!("api_key = ", "key", "SOPSDRwEnw8nwK")).is_empty());
    }
}
