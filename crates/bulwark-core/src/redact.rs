//! Redaction of secret material for anything that leaves the process.

/// How many leading characters of a secret a report may show.
pub const VISIBLE_PREFIX: usize = 4;

/// `AKIA…(20 chars)`: at most the first four characters plus the length, never more.
/// Short secrets (8 characters or fewer) show no prefix at all, since four characters would be
/// half of the secret.
pub fn redact(secret: &str) -> String {
    let length = secret.chars().count();
    if length <= 2 * VISIBLE_PREFIX {
        return format!("…({length} chars)");
    }
    let prefix: String = secret.chars().take(VISIBLE_PREFIX).collect();
    format!("{prefix}…({length} chars)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_at_most_four_characters() {
        assert_eq!(
            redact(concat!("AKIA", "ABCDEFGHIJKLMNOP")),
            "AKIA…(20 chars)"
        );
        assert_eq!(redact("hunter2"), "…(7 chars)");
        assert_eq!(redact("ééééééééé"), "éééé…(9 chars)");
    }
}
