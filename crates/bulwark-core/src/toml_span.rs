//! Turning TOML parse errors into `file:line: message` diagnostics.

/// 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line and a one-line message of a `toml` error (without the source excerpt `toml`
/// appends, so logs stay greppable).
pub(crate) fn describe(text: &str, error: &toml::de::Error) -> (Option<usize>, String) {
    let line = error.span().map(|span| line_of(text, span.start));
    let message = error.message().trim().replace('\n', " ");
    (line, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }

    #[test]
    fn describe_reports_the_line() {
        let text = "a = 1\nb = =\n";
        let error = toml::from_str::<toml::Table>(text).expect_err("invalid TOML");
        let (line, message) = describe(text, &error);
        assert_eq!(line, Some(2));
        assert!(!message.is_empty());
    }
}
