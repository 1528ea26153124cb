//! Zendesk API tokens.

use super::{any_of, assigned, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Zendesk API token (40 characters) assigned to a Zendesk token name, or written as the
/// `agent@example.com/token:<token>` basic-auth credential.
pub static ZENDESK_API_TOKEN: Rule = Rule {
    id: "secrets.zendesk-api-token",
    title: "Zendesk API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Zendesk API token is committed to the repository. With any agent's e-mail \
        address it acts as that agent, admins included: it exports tickets and users (customer \
        conversations and personal data), changes triggers, and creates users.",
    remediation: "Delete the token in Zendesk Admin Center (Apps and integrations → APIs → Zendesk \
        API → the token → Delete), review the audit log, and load a replacement from a secrets \
        manager (or move to OAuth).",
    references: &["https://developer.zendesk.com/api-reference/introduction/security-and-auth/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &ZENDESK_API_TOKEN,
            &["zendesk", "/token:"],
            &any_of(&[
                &assigned("zendesk", "(?:api[_-]?)?token", "[A-Za-z0-9]{40}"),
                r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+/token:([A-Za-z0-9]{40})\b",
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

    const TOKEN: &str = concat!("jv5SAE7AUa71bdzOzNQs", "eYzdRZzWDcPooiIJipMS");

    #[test]
    fn finds_api_tokens() {
        assert_eq!(
            ids(&format!("ZENDESK_API_TOKEN={TOKEN}")),
            ["secrets.zendesk-api-token"]
        );
        assert_eq!(
            ids(&format!(
                "curl -u support@bank.example/token:{TOKEN} https://bank.zendesk.com"
            )),
            ["secrets.zendesk-api-token"]
        );
    }

    #[test]
    fn ignores_other_values() {
        assert!(ids(&format!("ZENDESK_SUBDOMAIN={TOKEN}")).is_empty());
        assert!(ids(&format!("token = {TOKEN}")).is_empty());
        assert!(ids("agent@example.com/token:{ZENDESK_API_TOKEN}").is_empty());
    }
}
