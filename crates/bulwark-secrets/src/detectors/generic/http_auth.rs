//! HTTP credentials: user:password in URLs, and `Authorization: Basic` / `Bearer` values.

use super::values::{has_provider_prefix, is_reference, is_stand_in, token_value};
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `https://user:password@host` and the same for FTP, SFTP, SSH, LDAP, SMTP, IMAP, WebSocket and
/// Git URLs (database and broker URLs are `secrets.database-url-password`). URLs on the reserved
/// documentation domains (`example.com`, `*.test`, `*.invalid`, `*.example`) are skipped.
pub static URL_CREDENTIALS: Rule = Rule {
    id: "secrets.url-embedded-credentials",
    title: "Password in a URL",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A URL carries a user name and password (HTTP basic authentication, FTP, LDAP \
        bind, SMTP…). The credentials travel with every copy of the URL — logs, proxies, browser \
        history, crash reports — and give a reader of the repository the account's access.",
    remediation: "Change the password (or revoke the token used as one) on the server the URL \
        points to, then pass credentials separately from the URL, loaded at run time from a \
        secrets manager (e.g. a credential helper for Git, a `.netrc` outside the repository, or \
        an `Authorization` header built from an injected secret).",
    references: &["https://datatracker.ietf.org/doc/html/rfc3986#section-3.2.1"],
};

/// ## What it finds
/// `Authorization: Basic <base64 of user:password>` in code, configuration, curl commands and
/// recorded HTTP traffic, when the decoded value has a non-placeholder password.
pub static BASIC_AUTH_HEADER: Rule = Rule {
    id: "secrets.http-basic-auth-header",
    title: "HTTP basic authentication credentials",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A basic-authentication header value is committed. It is only base64, not \
        encryption: decoding it yields the user name and password, which anyone reading the \
        repository can use against the service.",
    remediation: "Change the password of that account on the service, then build the header at \
        run time from credentials loaded from a secrets manager instead of a literal.",
    references: &["https://datatracker.ietf.org/doc/html/rfc7617"],
};

/// ## What it finds
/// `Authorization: Bearer <token>` (or a `"Bearer …"` header value) with a random-looking
/// literal token. JWTs are reported as `secrets.json-web-token`, provider tokens by their own
/// rules.
pub static BEARER_TOKEN: Rule = Rule {
    id: "secrets.http-bearer-token",
    title: "HTTP bearer token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A literal bearer token is committed in an `Authorization` header. Bearer \
        tokens authenticate whoever presents them, so a reader of the repository can call the \
        API with the token's scopes until it is revoked.",
    remediation: "Revoke the token at the service that issued it (its token settings or \
        revocation endpoint), review the service's logs for its use, and obtain the token at run \
        time from a secrets manager or an OAuth flow.",
    references: &["https://datatracker.ietf.org/doc/html/rfc6750"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    // The decoy alternative (reserved documentation hosts) is tried first and captures nothing.
    let url = r#"(?i-u)\b(?:https?|ftps?|sftp|ssh|ldaps?|smtps?|imaps?|pop3s?|wss?|git|rsync)://[^:@/\s'"<>,]*:(?:[^@/\s'"<>,]{3,}@(?:[\w-]+\.)*(?:example\.(?:com|net|org)|[\w-]+\.(?:example|test|invalid))\b|([^@/\s'"<>,]{3,})@[A-Za-z0-9\[])"#;
    Ok(vec![
        Detector::new(
            &URL_CREDENTIALS,
            &[
                "http", "ftp", "sftp", "ssh://", "ldap", "smtp", "imap", "pop3", "ws://", "wss://",
                "git://", "rsync://",
            ],
            url,
            1,
        )?
        .check(url_password)
        .fallback(),
        Detector::new(
            &BASIC_AUTH_HEADER,
            &["authorization"],
            r#"(?i-u)\bauthorization["']?[ \t]*[:=,][ \t]*["']?[ \t]*basic[ \t]+([A-Za-z0-9+/]{6,}={0,2})"#,
            1,
        )?
        .check(basic_credentials)
        .fallback(),
        Detector::new(
            &BEARER_TOKEN,
            &["bearer"],
            r#"(?i-u)\bbearer[ \t]+([A-Za-z0-9._~+/-]{16,}=*)"#,
            1,
        )?
        .min_entropy(3.3)
        .check(bearer_token)
        .fallback(),
    ])
}

/// The password part of a URL: not a template, mask, stand-in or provider token.
fn url_password(value: &[u8]) -> Check {
    let Ok(value) = std::str::from_utf8(value) else {
        return Check::Reject;
    };
    // Percent-encoded templates (`%24%7BPASSWORD%7D`) decode to templates.
    let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
    if [value, &decoded]
        .iter()
        .any(|v| is_reference(v) || is_stand_in(v) || has_provider_prefix(v))
    {
        return Check::Reject;
    }
    Check::Keep
}

/// `user:password` in base64, with a real password.
fn basic_credentials(value: &[u8]) -> Check {
    let trimmed = value
        .strip_suffix(b"==")
        .or_else(|| value.strip_suffix(b"="));
    let Ok(decoded) = STANDARD_NO_PAD.decode(trimmed.unwrap_or(value)) else {
        return Check::Reject;
    };
    let Ok(text) = String::from_utf8(decoded) else {
        return Check::Reject;
    };
    let Some((user, password)) = text.split_once(':') else {
        return Check::Reject;
    };
    if user.chars().any(char::is_control)
        || password.len() < 3
        || password.chars().any(char::is_control)
        || is_reference(password)
        || is_stand_in(password)
        || is_stand_in(&text)
    {
        return Check::Reject;
    }
    Check::Keep
}

/// A random-looking token that no more specific rule reports.
fn bearer_token(value: &[u8]) -> Check {
    token_value(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_credentials_in_urls() {
        let url = concat!("https://deploy:", "Zq8vT2mLw9@artifacts.corp.internal/repo");
        assert_eq!(ids(url), ["secrets.url-embedded-credentials"]);
        let ftp = concat!("curl ftp://backup:", "k9Xw2Lq7p@10.0.4.12/dump.sql");
        assert_eq!(ids(ftp), ["secrets.url-embedded-credentials"]);
        let token_only = concat!("git clone https://:", "c7Hq2Lp9Vx3Zt8Wk@git.corp.net/a.git");
        assert_eq!(ids(token_only), ["secrets.url-embedded-credentials"]);
    }

    #[test]
    fn ignores_urls_without_real_passwords() {
        for text in [
            "https://user:password@git.corp.net/repo",
            "https://deploy:${DEPLOY_PASSWORD}@artifacts.corp.internal",
            "https://deploy:%24%7BDEPLOY_PASSWORD%7D@artifacts.corp.internal",
            "https://deploy:<password>@artifacts.corp.internal",
            "https://deploy:****@artifacts.corp.internal",
            "https://deploy:Zq8vT2mLw9@example.com/repo",
            "https://deploy:Zq8vT2mLw9@api.example.org/repo",
            "https://deploy:Zq8vT2mLw9@registry.test/repo",
            "https://artifacts.corp.internal:8443/repo@v1",
            "https://artifacts.corp.internal/repo",
            concat!("postgres://app:", "Zq8vT2mLw9@db.internal/app"),
            "mailto:ops@corp.net",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn finds_basic_and_bearer_headers() {
        let basic = STANDARD_NO_PAD.encode("deploy:Zq8vT2mLw9");
        for text in [
            format!("curl -H 'Authorization: Basic {basic}' https://api.corp.net"),
            format!("headers = {{\"Authorization\": \"Basic {basic}==\"}}"),
            format!("req.header(\"Authorization\", \"Basic {basic}\")"),
        ] {
            assert_eq!(ids(&text), ["secrets.http-basic-auth-header"], "{text}");
        }
        let bearer = concat!("Authorization: Bearer ", "c7Hq2Lp9Vx3Zt8Wk1Rm5Qa");
        assert_eq!(ids(bearer), ["secrets.http-bearer-token"]);
        let header = concat!(
            "{ headers: { Authorization: 'Bearer ",
            "c7Hq2Lp9Vx3Zt8Wk1Rm5Qa' } }"
        );
        assert_eq!(ids(header), ["secrets.http-bearer-token"]);
    }

    #[test]
    fn ignores_placeholder_headers() {
        let placeholder = STANDARD_NO_PAD.encode("username:password");
        let no_password = STANDARD_NO_PAD.encode("deploy");
        for text in [
            format!("Authorization: Basic {placeholder}"),
            format!("Authorization: Basic {no_password}"),
            "Authorization: Basic ${BASIC_AUTH}".to_string(),
            "Authorization: Basic not-base64!!".to_string(),
            "Authorization: Bearer ${TOKEN}".to_string(),
            "Authorization: Bearer <token>".to_string(),
            "headers.Authorization = 'Bearer ' + token".to_string(),
            "Authorization: Bearer YOUR_ACCESS_TOKEN_HERE".to_string(),
            "uses bearer authentication with short-lived tokens".to_string(),
            concat!(
                "Authorization: Bearer ghp_",
                "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"
            )
            .to_string(),
        ] {
            assert!(ids(&text).is_empty(), "{text}");
        }
    }
}
