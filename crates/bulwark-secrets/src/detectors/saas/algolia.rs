//! Algolia admin and write API keys.

use super::{any_of, assignment, generated_hex};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An Algolia API key (32 hex characters) assigned to an Algolia admin, write or secret key name
/// (`ALGOLIA_ADMIN_KEY`, `ALGOLIA_WRITE_API_KEY`, `ALGOLIA_SECRET`), or to `ALGOLIA_API_KEY` where
/// it is not a front-end variable. Search-only keys (`ALGOLIA_SEARCH_KEY`,
/// `NEXT_PUBLIC_ALGOLIA_…`) are public by design and not reported.
pub static ALGOLIA_ADMIN_API_KEY: Rule = Rule {
    id: "secrets.algolia-admin-api-key",
    title: "Algolia admin API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Algolia admin or write API key is committed to the repository. It reads every \
        record of every index (often customer or product data), replaces or deletes indices, \
        changes ranking settings, and creates further API keys.",
    remediation: "Regenerate the admin key, or delete the write key, in the Algolia dashboard \
        (Settings → API Keys), review the API logs, and load the new key from a secrets manager \
        on the server side only.",
    references: &["https://www.algolia.com/doc/guides/security/api-keys/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &ALGOLIA_ADMIN_API_KEY,
            &["algolia"],
            &any_of(&[
                // A plain `ALGOLIA_API_KEY` only where the name starts: `VITE_ALGOLIA_API_KEY`
                // and friends are bundled into front-ends and hold search keys.
                &assignment(
                    r"(?:^|[^A-Za-z0-9_])(?i:algolia)[_.\-]?(?i:api)[_-]?(?i:key)",
                    "[a-f0-9]{32}",
                ),
                &assignment(
                    r"(?i:algolia)[_.\-]?(?i:admin|write|secret|private)(?:[_-]?(?i:api))?(?:[_-]?(?i:key))?",
                    "[a-f0-9]{32}",
                ),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.0)
        .check(generated_hex),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const KEY: &str = concat!("45c1a9aea986f404", "ab4ee0f915f541f6");

    #[test]
    fn finds_admin_and_write_keys() {
        for name in [
            "ALGOLIA_ADMIN_KEY",
            "ALGOLIA_ADMIN_API_KEY",
            "ALGOLIA_WRITE_API_KEY",
            "ALGOLIA_SECRET",
            "ALGOLIA_API_KEY",
        ] {
            assert_eq!(
                ids(&format!("{name}={KEY}")),
                ["secrets.algolia-admin-api-key"],
                "{name}"
            );
        }
    }

    #[test]
    fn ignores_search_keys_and_front_end_variables() {
        for name in [
            "ALGOLIA_SEARCH_API_KEY",
            "ALGOLIA_SEARCH_ONLY_API_KEY",
            "NEXT_PUBLIC_ALGOLIA_API_KEY",
            "VITE_ALGOLIA_API_KEY",
            "ALGOLIA_APP_ID",
        ] {
            assert!(ids(&format!("{name}={KEY}")).is_empty(), "{name}");
        }
    }
}
