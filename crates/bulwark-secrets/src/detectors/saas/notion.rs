//! Notion integration tokens.

use super::{any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Notion internal integration token: the current `ntn_` format, or the legacy `secret_` and
/// 43 characters on a line that names Notion (`secret_` alone is too common a prefix).
pub static NOTION_INTEGRATION_TOKEN: Rule = Rule {
    id: "secrets.notion-integration-token",
    title: "Notion integration token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Notion integration token is committed to the repository. It reads and, with \
        the integration's capabilities, edits every page and database shared with the \
        integration, where runbooks, customer notes and credentials are often kept.",
    remediation: "Refresh the secret in Notion (Settings → Connections → Develop or manage \
        integrations → the integration → Refresh), review which pages are shared with it, and \
        load the new token from a secrets manager.",
    references: &["https://developers.notion.com/docs/authorization"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &NOTION_INTEGRATION_TOKEN,
            &["ntn_", "notion"],
            &any_of(&[
                r"\b(ntn_[A-Za-z0-9]{40,50})\b",
                r"(?i:notion)[^\n]{0,80}?\b(secret_[A-Za-z0-9]{43})\b",
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(4.0)
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

    const LEGACY: &str = concat!("secret_", "ZOpnZh3mXPEVD33JAnbMvNgfUJwe14e1b4axLWvnsCk");

    #[test]
    fn finds_current_tokens() {
        let token = concat!("ntn_", "905754776752zHxgAIB47pPhRKgZNl05mcVlREyBbMoKHW");
        assert_eq!(
            ids(&format!("NOTION_TOKEN={token}")),
            ["secrets.notion-integration-token"]
        );
    }

    #[test]
    fn finds_legacy_tokens_named_notion() {
        assert_eq!(
            ids(&format!(
                "const notion = new Client({{ auth: \"{LEGACY}\" }})"
            )),
            ["secrets.notion-integration-token"]
        );
    }

    #[test]
    fn ignores_unnamed_legacy_tokens_and_placeholders() {
        assert!(ids(&format!("API_SECRET={LEGACY}")).is_empty());
        assert!(ids("NOTION_TOKEN=ntn_your_internal_integration_token_here").is_empty());
        assert!(ids(concat!("ntn_", "905754776752")).is_empty());
    }
}
