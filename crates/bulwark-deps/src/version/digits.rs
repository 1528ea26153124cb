//! Numeric comparison of ASCII digit strings of any length, so that no scheme overflows on a
//! long number (Go timestamps, Composer date versions, adversarial input).

use std::cmp::Ordering;

/// `"007"` → `"7"`, `"000"` → `"0"`: the canonical spelling of a digit string.
pub(super) fn canonical(digits: &str) -> &str {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() { "0" } else { trimmed }
}

/// Compares two ASCII digit strings by value.
pub(super) fn cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (canonical(a), canonical(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// True when `text` is non-empty and all ASCII digits.
pub(super) fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_by_value() {
        for (a, b, expected) in [
            ("0", "000", Ordering::Equal),
            ("9", "10", Ordering::Less),
            ("0010", "9", Ordering::Greater),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567891",
                Ordering::Less,
            ),
        ] {
            assert_eq!(cmp(a, b), expected, "{a} vs {b}");
        }
        assert!(is_number("012"));
        assert!(!is_number(""));
        assert!(!is_number("1a"));
    }
}
