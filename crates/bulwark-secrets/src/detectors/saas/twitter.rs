//! Twitter / X API bearer tokens and API secrets.

use super::{any_of, assigned, generated, has_sequence};
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::entropy::shannon_entropy;
use crate::{Check, Detector};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Twitter / X app-only bearer token (a run of `A`s, then URL-encoded base64) on a line that
/// names Twitter, X's API or a bearer token.
pub static TWITTER_BEARER_TOKEN: Rule = Rule {
    id: "secrets.twitter-bearer-token",
    title: "Twitter / X bearer token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Twitter / X app-only bearer token is committed to the repository. It calls the \
        read endpoints of the X API as the app, consuming the app's paid quota, and gets the app \
        suspended if abused.",
    remediation: "Regenerate the bearer token in the X Developer Portal (Projects & Apps → the \
        app → Keys and tokens → Bearer Token → Regenerate), and load the new token from a secrets \
        manager.",
    references: &[],
};

/// ## What it finds
/// A Twitter / X API key secret (50 characters) or access token secret (45 characters) assigned
/// to a Twitter secret name.
pub static TWITTER_API_SECRET: Rule = Rule {
    id: "secrets.twitter-api-secret",
    title: "Twitter / X API secret",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Twitter / X consumer (API key) secret or access token secret is committed to \
        the repository. With the matching key or token it signs requests as the app or the \
        account: posting, deleting and reading direct messages on the company's account.",
    remediation: "Regenerate the API key and secret, or the access token and secret, in the X \
        Developer Portal (Projects & Apps → the app → Keys and tokens), and load the new values \
        from a secrets manager.",
    references: &[],
};

/// After the leading `A`s, a bearer token is a random base64 payload; a base64 blob of zeros or
/// text is not.
fn bearer_check(secret: &[u8]) -> Check {
    let start = secret
        .iter()
        .position(|&b| b != b'A')
        .unwrap_or(secret.len());
    let payload = &secret[start..];
    if payload.len() >= 50 && shannon_entropy(payload) >= 4.5 && !has_sequence(payload, 6) {
        Check::Keep
    } else {
        Check::Reject
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &TWITTER_BEARER_TOKEN,
            &["AAAAAAAAAAAAAAAAAAAA"],
            &any_of(&[
                r"(?i:twitter|bearer|tweepy|\bx[_-]?api|\bx[_-]?bearer)[^\n]{0,100}?\b(A{18,30}[A-Za-z0-9%]{60,200})(?:[^A-Za-z0-9%+/=]|$)",
            ]),
            1,
        )?
        .check(bearer_check),
        Detector::new(
            &TWITTER_API_SECRET,
            &["twitter"],
            &any_of(&[&assigned(
                "twitter",
                "(?:consumer|api|access[_-]?token)[_-]?(?:key[_-]?)?secret",
                "[A-Za-z0-9]{50}|[A-Za-z0-9]{45}",
            )]),
            1,
        )?
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

    const LEAD: &str = "AAAAAAAAAAAAAAAAAAAAA";
    const TAIL: &str = concat!(
        "MLheAAAAAAAA0%2BuSeid%2BCzlP25CgCPsphQRbL7cZ8PghGw9nwtADuxd1hhSFD",
        "YUxP2w4tyNDJabjOCmGsUVpwTkZxgQ5KrxtsUgG71Q114eFOu"
    );

    #[test]
    fn finds_bearer_tokens_in_context() {
        assert_eq!(
            ids(&format!("TWITTER_BEARER_TOKEN={LEAD}{TAIL}")),
            ["secrets.twitter-bearer-token"]
        );
        assert_eq!(
            ids(&format!("-H \"Authorization: Bearer {LEAD}{TAIL}\"")),
            ["secrets.twitter-bearer-token"]
        );
    }

    #[test]
    fn ignores_base64_blobs_of_zeros() {
        let blob = format!("{LEAD}{LEAD}{LEAD}{LEAD}BAAAAEAAAAAAAAAAAAAAAAAAAAAAQ");
        assert!(ids(&format!("Bearer {blob}")).is_empty());
        assert!(ids(&format!("data:application/wasm;base64,{LEAD}{TAIL}")).is_empty());
    }

    const CONSUMER: &str = concat!("sI3eNgjYLnfLYncGnFrLSYiEEH", "vOmrSEuqL3gPoD91yyP62RYk");

    #[test]
    fn finds_api_secrets() {
        assert_eq!(
            ids(&format!("TWITTER_API_SECRET={CONSUMER}")),
            ["secrets.twitter-api-secret"]
        );
        let access = concat!("22RStfIARnhhLdZAlKFZ5Yj", "EUfEh1nG3LGfp0v1e5YscB");
        assert_eq!(
            ids(&format!("twitter_access_token_secret: \"{access}\"")),
            ["secrets.twitter-api-secret"]
        );
    }

    #[test]
    fn ignores_keys_and_unnamed_secrets() {
        assert!(ids(&format!("TWITTER_API_KEY={CONSUMER}")).is_empty());
        assert!(ids(&format!("consumer_secret = {CONSUMER}")).is_empty());
        assert!(ids(&format!("TWITTER_API_SECRET={CONSUMER}x")).is_empty());
    }
}
