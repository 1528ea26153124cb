//! Intercom access tokens.

use super::{any_of, assigned, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An Intercom access token (a long base64 string) assigned to an Intercom token or key name.
pub static INTERCOM_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.intercom-access-token",
    title: "Intercom access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Intercom access token is committed to the repository. It reads the \
        workspace's contacts, companies and conversations (customer messages and personal data) \
        and, with write scopes, replies to customers as the company.",
    remediation: "Regenerate the token in the Intercom Developer Hub (the app → Authentication → \
        Regenerate, or uninstall the app), review the workspace's activity, and load the new \
        token from a secrets manager.",
    references: &[
        "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &INTERCOM_ACCESS_TOKEN,
            &["intercom"],
            &any_of(&[&assigned(
                "intercom",
                "(?:access[_-]?|api[_-]?)?(?:token|key)",
                "[A-Za-z0-9+/_\\-]{40,100}={0,2}",
            )]),
            1,
        )?
        .min_entropy(4.2)
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
        "dG9rOjY0YWIxYzZmXzAzZDBfNDY0NF9i",
        "ZTMzXzlhN2I2NDQ4NjFjOToxOjA="
    );

    #[test]
    fn finds_access_tokens() {
        assert_eq!(
            ids(&format!("INTERCOM_ACCESS_TOKEN={TOKEN}")),
            ["secrets.intercom-access-token"]
        );
        assert_eq!(
            ids(&format!("intercom_token: \"{TOKEN}\"")),
            ["secrets.intercom-access-token"]
        );
    }

    #[test]
    fn ignores_app_ids_and_short_values() {
        assert!(ids("INTERCOM_APP_ID=qk4f8z2m").is_empty());
        assert!(ids("INTERCOM_TOKEN=dG9rOjY0YWIxYzZm").is_empty());
        assert!(ids(&format!("access_token = {TOKEN}")).is_empty());
    }
}
