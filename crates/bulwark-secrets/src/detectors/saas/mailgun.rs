//! Mailgun API keys.

use super::{END, any_of, assigned, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Mailgun private API key: the legacy `key-` and 32 hex characters, or the current
/// `<32 hex>-<8 hex>-<8 hex>` format assigned to a Mailgun name. Public validation keys
/// (`pubkey-…`) are not reported.
pub static MAILGUN_API_KEY: Rule = Rule {
    id: "secrets.mailgun-api-key",
    title: "Mailgun API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Mailgun private API key is committed to the repository. It sends e-mail from \
        the account's verified domains, reads stored messages, events and suppression lists, and \
        changes domain, route and webhook settings.",
    remediation: "Delete the key in Mailgun (API Security → API keys → the key → Delete, or \
        `DELETE /v1/keys/{id}`), review sending logs, and load a new domain sending key or API \
        key from a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &MAILGUN_API_KEY,
            &["key-", "mailgun"],
            &any_of(&[
                // Not after an identifier character: `pubkey-…`, `cache-key-…`.
                &format!(r"(?:^|[^A-Za-z0-9_.\-])(key-[0-9a-f]{{32}}){END}"),
                &assigned(
                    "mailgun",
                    "(?:api[_-]?|private[_-]?|sending[_-]?)?(?:key|token|secret)",
                    "[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}",
                ),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.0)
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

    const LEGACY: &str = concat!("key-", "3b8cf5a85a9299445bdb791b72699971");
    const CURRENT: &str = concat!("325f8516d45051b6ea63c87dcbe2c591", "-dc50a6a9-02d04695");

    #[test]
    fn finds_legacy_and_current_keys() {
        assert_eq!(
            ids(&format!("auth=(\"api\", \"{LEGACY}\")")),
            ["secrets.mailgun-api-key"]
        );
        assert_eq!(
            ids(&format!("MAILGUN_API_KEY={CURRENT}")),
            ["secrets.mailgun-api-key"]
        );
    }

    #[test]
    fn ignores_public_keys_and_unnamed_values() {
        assert!(ids(&format!("MAILGUN_PUBLIC_KEY=pub{LEGACY}")).is_empty());
        assert!(ids(&format!("cache-{LEGACY}")).is_empty());
        assert!(ids(&format!("release = {CURRENT}")).is_empty());
        assert!(ids(&format!("{LEGACY}0")).is_empty(), "longer token");
        assert!(
            ids(&format!("cache = \"{LEGACY}-v2\"")).is_empty(),
            "longer identifier"
        );
    }
}
