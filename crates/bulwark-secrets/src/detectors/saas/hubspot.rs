//! HubSpot private app access tokens and legacy API keys.

use super::{UUID, any_of, assigned, assignment, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A HubSpot private app access token (`pat-<region>-` and a UUID), or a legacy API key (a UUID)
/// given as `hapikey=` or assigned to a HubSpot API-key name.
pub static HUBSPOT_PRIVATE_APP_TOKEN: Rule = Rule {
    id: "secrets.hubspot-private-app-token",
    title: "HubSpot private app token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A HubSpot private app access token or API key is committed to the repository. \
        With its scopes it exports CRM contacts, companies and deals (customer personal data), \
        edits them, and sends marketing e-mail from the account.",
    remediation: "Rotate the token in HubSpot (Settings → Integrations → Private Apps → the app → \
        Auth → Rotate), review the account's audit logs for exports, and load the token from a \
        secrets manager.",
    references: &["https://developers.hubspot.com/docs/api/private-apps"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let uuid = format!("(?:{UUID})");
    Ok(vec![
        Detector::new(
            &HUBSPOT_PRIVATE_APP_TOKEN,
            &["pat-", "hapikey", "hubspot"],
            &any_of(&[
                &format!(r"\b(pat-(?:na|eu|ap)[0-9]-{UUID})\b"),
                &assignment("(?i:hapikey)", &uuid),
                &assigned("hubspot", "(?:api[_-]?key|access[_-]?token)", &uuid),
            ]),
            1,
        )?
        .alternative_group(2)
        .alternative_group(3)
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

    const ID: &str = concat!("3861341f-bdb8-4d67-", "8f78-3eef036d4aba");

    #[test]
    fn finds_private_app_tokens() {
        assert_eq!(
            ids(&format!("HUBSPOT_ACCESS_TOKEN=pat-na1-{ID}")),
            ["secrets.hubspot-private-app-token"]
        );
        assert_eq!(
            ids(&format!("Bearer pat-eu1-{ID}")),
            ["secrets.hubspot-private-app-token"]
        );
    }

    #[test]
    fn finds_legacy_api_keys() {
        assert_eq!(
            ids(&format!(
                "https://api.hubapi.com/contacts/v1/lists?hapikey={ID}"
            )),
            ["secrets.hubspot-private-app-token"]
        );
        assert_eq!(
            ids(&format!("HUBSPOT_API_KEY: {ID}")),
            ["secrets.hubspot-private-app-token"]
        );
    }

    #[test]
    fn ignores_other_uuids() {
        assert!(ids(&format!("HUBSPOT_PORTAL_ID={ID}")).is_empty());
        assert!(ids(&format!("pat-xx1-{ID}")).is_empty());
        assert!(ids(&format!("spat-na1-{ID}")).is_empty());
    }
}
