//! Okta API tokens.

use super::{END, any_of, assigned, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An Okta API token (`00` and 40 characters) sent with Okta's `SSWS` authorization scheme or
/// assigned to an Okta token name.
pub static OKTA_API_TOKEN: Rule = Rule {
    id: "secrets.okta-api-token",
    title: "Okta API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Okta API token is committed to the repository. It acts with its creator's \
        administrator role in the identity provider: depending on that role it creates users, \
        resets passwords and factors, assigns applications and changes sign-on policies, which \
        opens every application behind Okta.",
    remediation: "Revoke the token in the Okta Admin Console (Security → API → Tokens → Revoke), \
        review the System Log for its use, and move the integration to OAuth 2.0 service \
        credentials with narrow scopes kept in a secrets manager.",
    references: &["https://developer.okta.com/docs/guides/create-an-api-token/main/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &OKTA_API_TOKEN,
            &["SSWS", "okta"],
            &any_of(&[
                &format!(r"\bSSWS[ \t]+(00[A-Za-z0-9_-]{{40}}){END}"),
                &assigned(
                    "okta",
                    "(?:api[_-]?)?(?:token|key)",
                    "00[A-Za-z0-9_\\-]{40}",
                ),
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

    const TOKEN: &str = concat!("000BDFwYE7-BBfrKRBz1", "8XRKf8nrN74D_UvqqpKDb1");

    #[test]
    fn finds_api_tokens() {
        assert_eq!(
            ids(&format!("-H \"Authorization: SSWS {TOKEN}\"")),
            ["secrets.okta-api-token"]
        );
        assert_eq!(
            ids(&format!("OKTA_API_TOKEN={TOKEN}")),
            ["secrets.okta-api-token"]
        );
    }

    #[test]
    fn ignores_other_shapes() {
        assert!(
            ids(&format!("OKTA_API_TOKEN={TOKEN}a")).is_empty(),
            "43 characters"
        );
        assert!(
            ids(&format!("token = {TOKEN}")).is_empty(),
            "no Okta context"
        );
        let nested = format!("okta:\n  client:\n    token: {TOKEN}");
        assert!(
            ids(&nested).is_empty(),
            "the name must be on the value's line"
        );
        assert!(ids("Authorization: SSWS ${OKTA_API_TOKEN}").is_empty());
        let other_prefix = concat!("010BDFwYE7-BBfrKRBz1", "8XRKf8nrN74D_UvqqpKDb1");
        assert!(ids(&format!("OKTA_API_TOKEN={other_prefix}")).is_empty());
    }
}
