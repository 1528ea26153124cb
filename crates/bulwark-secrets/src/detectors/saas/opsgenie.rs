//! Opsgenie API keys.

use super::{UUID, any_of, assigned, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An Opsgenie API or integration key (a UUID) sent with Opsgenie's `GenieKey` authorization
/// scheme or assigned to an Opsgenie key name.
pub static OPSGENIE_API_KEY: Rule = Rule {
    id: "secrets.opsgenie-api-key",
    title: "Opsgenie API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Opsgenie API key is committed to the repository. Depending on its access it \
        creates, acknowledges and closes alerts, reads on-call schedules with responders' contact \
        details, and edits escalations, so an attacker can suppress paging during an incident.",
    remediation: "Delete the key in Opsgenie (Settings → API key management, or the integration's \
        page for integration keys), review alert activity, and load a replacement from a secrets \
        manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &OPSGENIE_API_KEY,
            &["GenieKey", "opsgenie"],
            &any_of(&[
                &format!(r"\bGenieKey[ \t]+({UUID})\b"),
                &assigned(
                    "opsgenie",
                    "(?:api[_-]?|integration[_-]?)?(?:key|token)",
                    &format!("(?:{UUID})"),
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

    const KEY: &str = concat!("fe213921-9a72-4122-", "b5d8-c2e05148b0c6");

    #[test]
    fn finds_api_keys() {
        assert_eq!(
            ids(&format!("-H \"Authorization: GenieKey {KEY}\"")),
            ["secrets.opsgenie-api-key"]
        );
        assert_eq!(
            ids(&format!("OPSGENIE_API_KEY = \"{KEY}\"")),
            ["secrets.opsgenie-api-key"]
        );
    }

    #[test]
    fn ignores_other_uuids() {
        assert!(ids(&format!("OPSGENIE_TEAM_ID={KEY}")).is_empty());
        assert!(ids(&format!("api_key = {KEY}")).is_empty());
        assert!(ids("Authorization: GenieKey ${OPSGENIE_API_KEY}").is_empty());
    }
}
