//! Facebook / Meta access tokens and app secrets.

use super::{any_of, assigned, generated_hex, generated_mixed_case};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Facebook / Meta Graph API access token (`EAA…`: user, page and system-user tokens, also used
/// by Instagram and WhatsApp Business) on a line that names Facebook, Meta, the Graph API or an
/// access token.
pub static FACEBOOK_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.facebook-access-token",
    title: "Facebook / Meta access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Facebook / Meta Graph API access token is committed to the repository. With \
        its permissions it posts as the page or business, reads page conversations and lead-form \
        submissions (customer personal data), sends WhatsApp messages, or manages ad accounts.",
    remediation: "Invalidate the token (for a system user: Business Settings → System users → \
        Revoke tokens; for a page or user token: remove the app from the account, or change the \
        password), review the app's activity, and load new tokens from a secrets manager.",
    references: &["https://developers.facebook.com/docs/facebook-login/guides/access-tokens/"],
};

/// ## What it finds
/// A Facebook / Meta app secret (32 hex characters) assigned to a Facebook app-secret name.
pub static FACEBOOK_APP_SECRET: Rule = Rule {
    id: "secrets.facebook-app-secret",
    title: "Facebook / Meta app secret",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Facebook / Meta app secret is committed to the repository. With the app id it \
        mints app access tokens, changes the app's settings through the Graph API, and forges the \
        signatures of webhook deliveries and signed requests the backend trusts.",
    remediation: "Reset the secret in the Meta App Dashboard (App settings → Basic → App secret → \
        Reset), update the backend from a secrets manager, and review the app's roles and \
        settings.",
    references: &["https://developers.facebook.com/docs/facebook-login/guides/access-tokens/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &FACEBOOK_ACCESS_TOKEN,
            &["EAA"],
            &any_of(&[
                r"(?i:facebook|\bfb|\bmeta|graph|instagram|whatsapp|access[_-]?token|page[_-]?token)[^\n]{0,100}?\b(EAA[A-Za-z0-9]{80,400})\b",
            ]),
            1,
        )?
        .min_entropy(4.5)
        .check(generated_mixed_case),
        Detector::new(
            &FACEBOOK_APP_SECRET,
            &["facebook", "fb_", "fb-", "fbapp"],
            &any_of(&[&assigned(
                "facebook|(?:\\b|_)fb",
                "(?:app[_-]?|client[_-]?)?secret",
                "[a-f0-9]{32}",
            )]),
            1,
        )?
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

    const TOKEN_BODY: &str = concat!(
        "IOyk1IOdkJFnMH3YkAmrlPwZOc4574tbUqX4Tjk0mK9IDPOEMS5cXmczvTpXqwp87kWRq0w29x9HblxL4H8oK0",
        "vqNiA8zBMabOQCQGDTOTTaJBXmB4DUDOQ5l58AUAnPtHFxgWk0WnRR7EP0c0wLwu0qygabfkBuBqLvSYSipmn"
    );

    #[test]
    fn finds_access_tokens_in_context() {
        assert_eq!(
            ids(&format!("FB_PAGE_ACCESS_TOKEN={}{TOKEN_BODY}", "EAA")),
            ["secrets.facebook-access-token"]
        );
        assert_eq!(
            ids(&format!(
                "https://graph.facebook.com/v19.0/me?access_token={}{TOKEN_BODY}",
                "EAAG"
            )),
            ["secrets.facebook-access-token"]
        );
    }

    #[test]
    fn ignores_unnamed_and_short_tokens() {
        assert!(ids(&format!("value = {}{TOKEN_BODY}", "EAA")).is_empty());
        assert!(ids(&format!("FB_TOKEN={}{}", "EAA", &TOKEN_BODY[..40])).is_empty());
        assert!(ids(&format!("fb_token = {}{TOKEN_BODY}_x", "EAA")).is_empty());
    }

    const SECRET: &str = concat!("d9d952452ff66080", "2f1c047aa4c491f0");

    #[test]
    fn finds_app_secrets() {
        assert_eq!(
            ids(&format!("FACEBOOK_APP_SECRET={SECRET}")),
            ["secrets.facebook-app-secret"]
        );
        assert_eq!(
            ids(&format!("FB_CLIENT_SECRET: \"{SECRET}\"")),
            ["secrets.facebook-app-secret"]
        );
    }

    #[test]
    fn ignores_app_ids_and_unnamed_hex() {
        assert!(ids(&format!("FACEBOOK_APP_ID={SECRET}")).is_empty());
        assert!(ids(&format!("app_secret = {SECRET}")).is_empty());
    }
}
