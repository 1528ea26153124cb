//! Regex builders for this group's detectors whose secret is not distinctive on its own (32 hex
//! characters, a UUID, a generic `live_` prefix): the provider's name must come shortly before it.

/// Bytes allowed between the provider's name and the credential, newlines included so that a
/// nested config key (`binance:\n  secret: …`) is found as well as `BINANCE_API_SECRET=…`.
const GAP: &str = "(?s:.){0,120}?";

/// What may follow a secret: nothing that could continue a token, so a longer token is never
/// reported cut short.
pub(super) const END: &str = "(?:[^A-Za-z0-9_+/=-]|$)";

/// `<provider> … <name>[suffix] = "<value>"`, the value in group 1.
///
/// `provider` and `name` match case-insensitively, `value` case-sensitively. Accepted
/// assignments: `=`, `:`, `:=`, `=>`, `>` (XML), or `, "` (`getenv("KEY", "value")`), with an
/// optional `Bearer `/`Basic ` before the value.
pub(super) fn assigned(provider: &str, name: &str, value: &str) -> String {
    format!(
        r#"(?i-u)(?:{provider}){GAP}(?:{name})[\w-]{{0,16}}?["'`\]]*\s*(?:(?::=|=>|[:=>])\s*["'`]?|,\s*["'`])(?:(?:bearer|basic|token)\s+)?(?-i:({value})){END}"#
    )
}

/// `<provider> … <token>`: a prefixed token (group 1) at most a few lines after the provider's
/// name, for prefixes too generic to report on their own (`live_`, `EAAA`, `AQE`).
pub(super) fn near(provider: &str, token: &str) -> String {
    format!(r"(?i-u)(?:{provider}){GAP}\b(?-i:({token})){END}")
}

/// A UUID in lower-case hex (the format of several providers' tokens).
pub(super) const UUID: &str = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

#[cfg(test)]
mod tests {
    use super::*;
    use regex::bytes::Regex;

    fn secret(pattern: &str, text: &str) -> Option<String> {
        let regex = Regex::new(pattern).expect("valid pattern");
        regex
            .captures(text.as_bytes())
            .and_then(|c| c.get(1))
            .map(|m| String::from_utf8_lossy(m.as_bytes()).into_owned())
    }

    #[test]
    fn assignment_shapes() {
        let pattern = assigned("acme", "secret", "[a-f0-9]{8}");
        for text in [
            "ACME_API_SECRET=0a1b2c3d",
            "acme_secret: \"0a1b2c3d\"",
            "{\"acme\": {\"apiSecret\": \"0a1b2c3d\"}}",
            "acme:\n  region: eu\n  secret: 0a1b2c3d\n",
            "os.getenv(\"ACME_SECRET\", \"0a1b2c3d\")",
            "<acmeSecret>0a1b2c3d</acmeSecret>",
            "acmeSecret := \"0a1b2c3d\"",
        ] {
            assert_eq!(
                secret(&pattern, text).as_deref(),
                Some("0a1b2c3d"),
                "{text}"
            );
        }
        for text in [
            "ACME_API_SECRET=0a1b2c3d4",
            "ACME_API_SECRET=0a1b2c3",
            "ACME_API_SECRET=0a1b2c3d+/",
            "get(\"acme_secret\", secretValue)",
            "acme is great; secret handling is described in SECURITY.md",
        ] {
            assert_eq!(secret(&pattern, text), None, "{text}");
        }
    }

    #[test]
    fn nearby_tokens() {
        let pattern = near("acme", "tok_[a-z0-9]{6}");
        assert_eq!(
            secret(&pattern, "acme:\n  token: tok_a1b2c3\n").as_deref(),
            Some("tok_a1b2c3")
        );
        assert_eq!(secret(&pattern, "acme token: xtok_a1b2c3"), None);
        assert_eq!(secret(&pattern, "acme token: tok_a1b2c3d"), None);
        assert_eq!(secret(&pattern, "token: tok_a1b2c3 # acme"), None);
    }
}
