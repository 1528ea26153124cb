//! Rollbar access tokens.

use super::{any_of, assigned, first_argument, generated_hex};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Rollbar project or account access token (32 hex characters) assigned to a Rollbar token
/// name, sent as `X-Rollbar-Access-Token`, or passed to `rollbar.init(…)`.
pub static ROLLBAR_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.rollbar-access-token",
    title: "Rollbar access token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Rollbar access token is committed to the repository. Server tokens post items \
        (forged or flooding errors); read and write tokens expose the stack traces and request \
        data of every error, which often contain customer data and secrets, and change project \
        settings.",
    remediation: "Disable the token in Rollbar (Project → Settings → Project Access Tokens, or \
        Account Access Tokens), create a new one with the needed scope, and load it from a \
        secrets manager.",
    references: &["https://docs.rollbar.com/docs/access-tokens"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &ROLLBAR_ACCESS_TOKEN,
            &["rollbar"],
            &any_of(&[
                &assigned("rollbar", "(?:access[_-]?)?(?:token|key)", "[a-f0-9]{32}"),
                &first_argument(r"(?i:rollbar)\.init", "[a-f0-9]{32}"),
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

    const TOKEN: &str = concat!("5e57694c0744a17b", "ecc7890f322e063d");

    #[test]
    fn finds_access_tokens() {
        assert_eq!(
            ids(&format!("ROLLBAR_ACCESS_TOKEN={TOKEN}")),
            ["secrets.rollbar-access-token"]
        );
        assert_eq!(
            ids(&format!("-H 'X-Rollbar-Access-Token: {TOKEN}'")),
            ["secrets.rollbar-access-token"]
        );
        assert_eq!(
            ids(&format!("rollbar.init('{TOKEN}', 'production')")),
            ["secrets.rollbar-access-token"]
        );
    }

    #[test]
    fn ignores_unnamed_hex_and_environments() {
        assert!(ids(&format!("access_token = {TOKEN}")).is_empty());
        assert!(ids("ROLLBAR_ENVIRONMENT=production").is_empty());
        assert!(ids(&format!("ROLLBAR_TOKEN={TOKEN}ff")).is_empty());
    }
}
