//! Values that look like secrets but are documentation placeholders.

/// Markers of example values (matched case-insensitively, except `EXAMPLE` which AWS uses in
/// upper case in its documentation keys).
const MARKERS: [&str; 16] = [
    "xxxx",
    "changeme",
    "placeholder",
    "your_",
    "your-",
    "${",
    "{{",
    "<",
    "dummy",
    "example",
    "redacted",
    "sample",
    "replace_me",
    "12345678",
    "abcdefgh",
    "qwerty",
];

/// Whole values that are documentation stand-ins, not credentials (compared case-insensitively).
const STAND_INS: [&str; 8] = [
    "password", "passwd", "pass", "secret", "pwd", "example", "test", "token",
];

pub(crate) fn is_placeholder(secret: &[u8]) -> bool {
    let text = String::from_utf8_lossy(secret);
    if text.contains("EXAMPLE") {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    if STAND_INS.contains(&lower.as_str()) {
        return true;
    }
    if MARKERS.iter().any(|marker| lower.contains(marker)) {
        return true;
    }
    // All one character (`aaaaaaaa`, `********`).
    let mut chars = text.chars();
    chars.next().is_some_and(|first| chars.all(|c| c == first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_placeholders() {
        assert!(is_placeholder(b"AKIAIOSFODNN7EXAMPLE"));
        assert!(is_placeholder(b"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"));
        assert!(is_placeholder(b"${DB_PASSWORD}"));
        assert!(is_placeholder(b"********"));
        assert!(is_placeholder(b"Password"));
        assert!(is_placeholder(b"ghp_example_token_for_the_docs_0000000"));
        assert!(is_placeholder(b"sk_live_12345678901234567890abcd"));
        assert!(is_placeholder(b"REDACTED"));
        assert!(!is_placeholder(b"q8Zp2LmXw9Tr4Kd7"));
        assert!(!is_placeholder(b"S3cr3tP4ss"));
    }
}
