//! Pusher Channels app secrets.

use super::{any_of, assigned, generated_hex};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Pusher Channels app secret (20 hex characters) assigned to a Pusher secret name or written
/// into a Pusher URL (`https://<key>:<secret>@api-<cluster>.pusher.com/apps/<id>`).
pub static PUSHER_APP_SECRET: Rule = Rule {
    id: "secrets.pusher-app-secret",
    title: "Pusher app secret",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Pusher Channels app secret is committed to the repository. It signs server API \
        calls and channel authorisations, so an attacker can publish events to every subscriber \
        (pushing fake notifications into the product) and join private and presence channels.",
    remediation: "Create a new key pair in the Pusher dashboard (the app → App Keys → Create new \
        key), delete the old one, and load the secret from a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &PUSHER_APP_SECRET,
            &["pusher"],
            &any_of(&[
                &assigned("pusher", "(?:app[_-]?)?secret", "[a-f0-9]{20}"),
                r"\bhttps?://[a-f0-9]{20}:([a-f0-9]{20})@api[A-Za-z0-9.\-]*\.pusher(?:app)?\.com\b",
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

    const KEY: &str = "fda7a4ec476ea36bf21f";
    const SECRET: &str = concat!("781c1ea850", "83c98645ce");

    #[test]
    fn finds_app_secrets() {
        assert_eq!(
            ids(&format!("PUSHER_APP_SECRET={SECRET}")),
            ["secrets.pusher-app-secret"]
        );
        assert_eq!(
            ids(&format!(
                "PUSHER_URL=https://{KEY}:{SECRET}@api-eu.pusher.com/apps/1830427"
            )),
            ["secrets.pusher-app-secret"]
        );
    }

    #[test]
    fn ignores_app_keys_and_ids() {
        assert!(ids(&format!("PUSHER_APP_KEY={KEY}")).is_empty());
        assert!(ids(&format!("PUSHER_APP_SECRET={SECRET}{KEY}")).is_empty());
        assert!(ids(&format!("secret = {SECRET}")).is_empty());
    }
}
