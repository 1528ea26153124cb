//! Signed (and encrypted) JSON Web Tokens.

use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A compact JWS (`eyJ….eyJ….signature`) or JWE whose header decodes to a JSON object with an
/// `alg` other than `none`. Unsigned tokens and jwt.io's public sample token are not reported.
pub static JSON_WEB_TOKEN: Rule = Rule {
    id: "secrets.json-web-token",
    title: "JSON Web Token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A signed JSON Web Token is committed to the repository. JWTs are bearer \
        credentials: until it expires, anyone holding it can call the APIs that accept it with \
        the identity and scopes in its claims, and long-lived service tokens often never expire.",
    remediation: "Revoke the token at its issuer (or rotate the issuer's signing key if tokens \
        cannot be revoked individually), then obtain tokens at run time through the OAuth flow or \
        a secrets manager instead of committing them. Decode the payload to see which service \
        and subject it belongs to.",
    references: &["https://datatracker.ietf.org/doc/html/rfc7519"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &JSON_WEB_TOKEN,
            &["eyJ"],
            // JWE (five parts, the key part may be empty) first, else JWS (three parts).
            r"(?-u)\beyJ[A-Za-z0-9_-]{8,}\.(?:[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,})",
            0,
        )?
        .check(check)
        // Tokens with many claims run to several KiB.
        .window(16 * 1024)
        // Providers whose tokens are JWTs (Kubernetes, Supabase…) report them by name.
        .fallback(),
    ])
}

/// The header must be JSON with a real `alg`; a JWS payload must be a JSON object too.
fn check(token: &[u8]) -> Check {
    let parts: Vec<&[u8]> = token.split(|&b| b == b'.').collect();
    let Some(header) = parts.first().and_then(|h| decode_json(h)) else {
        return Check::Reject;
    };
    match json_string(&header, "alg") {
        Some(alg) if !alg.eq_ignore_ascii_case("none") => {}
        _ => return Check::Reject,
    }
    if parts.len() == 5 {
        return if json_string(&header, "enc").is_some() {
            Check::Keep
        } else {
            Check::Reject
        };
    }
    let Some(payload) = parts.get(1).and_then(|p| decode_json(p)) else {
        return Check::Reject;
    };
    // jwt.io's sample token, printed in countless tutorials.
    if payload.contains("\"John Doe\"") && payload.contains("1234567890") {
        return Check::Reject;
    }
    // Kubernetes service-account tokens have their own rule.
    if payload.contains("system:serviceaccount:") || payload.contains("kubernetes/serviceaccount") {
        return Check::Reject;
    }
    Check::Keep
}

/// A base64url part decoded to text that looks like a JSON object.
fn decode_json(part: &[u8]) -> Option<String> {
    let trimmed = part.strip_suffix(b"==").or_else(|| part.strip_suffix(b"="));
    let bytes = URL_SAFE_NO_PAD.decode(trimmed.unwrap_or(part)).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let inner = text.trim();
    (inner.starts_with('{') && inner.ends_with('}')).then(|| inner.to_string())
}

/// The string value of `"name": "…"` in a flat JSON object (enough for JOSE headers).
fn json_string<'a>(json: &'a str, name: &str) -> Option<&'a str> {
    let quoted = format!("\"{name}\"");
    let rest = &json[json.find(&quoted)? + quoted.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn jwt(header: &str, payload: &str, signature: &str) -> String {
        format!(
            "{}.{}.{signature}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    const SIGNATURE: &str = "Qm9vS2t5Wj3Lp9vXz2Rt7wKd5mNb8cHq2Lp9Vx3Zt8W";

    #[test]
    fn finds_signed_tokens() {
        let token = jwt(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"sub":"svc-payments","iat":1716239022,"scope":"payments:write"}"#,
            SIGNATURE,
        );
        assert_eq!(
            rule_ids(
                detectors().expect("compiles"),
                &format!("Authorization: Bearer {token}")
            ),
            ["secrets.json-web-token"]
        );
        let rs = jwt(
            r#"{"typ":"JWT", "alg": "RS256", "kid":"k1"}"#,
            r#"{"iss":"https://login.internal","sub":"42"}"#,
            SIGNATURE,
        );
        assert_eq!(rule_ids(detectors().expect("compiles"), &rs).len(), 1);
        let jwe = format!(
            "{}..{}.{}.{}",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"dir","enc":"A256GCM"}"#),
            "48V1_ALb6US04U3b",
            "5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji",
            "XFBoMYUZodetZdvTiFvSkQ"
        );
        assert_eq!(rule_ids(detectors().expect("compiles"), &jwe).len(), 1);
    }

    #[test]
    fn ignores_unsigned_malformed_and_sample_tokens() {
        let none = jwt(
            r#"{"alg":"none","typ":"JWT"}"#,
            r#"{"sub":"42"}"#,
            SIGNATURE,
        );
        assert!(rule_ids(detectors().expect("compiles"), &none).is_empty());
        let no_alg = jwt(r#"{"typ":"JWT"}"#, r#"{"sub":"42"}"#, SIGNATURE);
        assert!(rule_ids(detectors().expect("compiles"), &no_alg).is_empty());
        let unsigned = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"sub":"42"}"#)
        );
        assert!(rule_ids(detectors().expect("compiles"), &unsigned).is_empty());
        let not_json = format!(
            "eyJub3Rqc29uIGF0IGFsbA.{}.{SIGNATURE}",
            URL_SAFE_NO_PAD.encode("plain")
        );
        assert!(rule_ids(detectors().expect("compiles"), &not_json).is_empty());
        let sample = jwt(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"sub":"1234567890","name":"John Doe","iat":1516239022}"#,
            SIGNATURE,
        );
        assert!(rule_ids(detectors().expect("compiles"), &sample).is_empty());
        let embedded = format!(
            "x{}",
            jwt(r#"{"alg":"HS256"}"#, r#"{"sub":"42"}"#, SIGNATURE)
        );
        assert!(rule_ids(detectors().expect("compiles"), &embedded).is_empty());
    }
}
