//! Positions for parsers whose underlying crate gives none (serde_json values, TOML tables):
//! line numbers are found by locating the entry's key in the raw text.

use bulwark_core::Problem;

/// Finds 1-based line numbers of substrings in a file's text.
#[derive(Debug)]
pub struct LineLocator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineLocator<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineLocator { text, line_starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(line.max(1)).unwrap_or(u32::MAX)
    }

    /// Line of the first occurrence of `needle` at or after byte `from`, with the byte offset
    /// just past it (to continue a forward search for entries that appear in file order).
    pub fn find_from(&self, needle: &str, from: usize) -> Option<(u32, usize)> {
        let start = from.min(self.text.len());
        let at = memchr::memmem::find(&self.text.as_bytes()[start..], needle.as_bytes())? + start;
        Some((self.line_of(at), at + needle.len()))
    }

    /// Line of the first occurrence of `needle`, or 0 when absent.
    pub fn find(&self, needle: &str) -> u32 {
        self.find_from(needle, 0).map_or(0, |(line, _)| line)
    }
}

/// The file is not UTF-8: every text lockfile format requires it.
pub fn utf8(bytes: &[u8]) -> Result<&str, Problem> {
    std::str::from_utf8(bytes).map_err(|e| Problem {
        line: Some(LineLocator::new(&String::from_utf8_lossy(bytes)).line_of(e.valid_up_to())),
        message: format!("not valid UTF-8 at byte {}", e.valid_up_to()),
    })
}

/// The file's text as [`utf8`] reads it, without a leading byte-order mark: some Windows editors
/// prepend one, and as it stands on line 1 no line number shifts.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, Problem> {
    let text = utf8(bytes)?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// A serde_json failure as a problem with its line.
pub fn json_error(error: &serde_json::Error) -> Problem {
    Problem {
        line: u32::try_from(error.line()).ok().filter(|&l| l > 0),
        message: format!("invalid JSON: {error}"),
    }
}

/// A TOML failure as a problem with its line.
pub fn toml_error(error: &toml::de::Error, text: &str) -> Problem {
    Problem {
        line: error
            .span()
            .map(|span| LineLocator::new(text).line_of(span.start)),
        message: format!("invalid TOML: {}", error.message()),
    }
}

/// A YAML failure as a problem with its line.
pub fn yaml_error(error: &yaml_serde::Error) -> Problem {
    Problem {
        line: error
            .location()
            .and_then(|at| u32::try_from(at.line()).ok()),
        message: format!("invalid YAML: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_in_order() {
        let text = "a\n\"x\": 1\nb\n\"x\": 2\n";
        let locator = LineLocator::new(text);
        let (first, next) = locator.find_from("\"x\"", 0).expect("present");
        assert_eq!(first, 2);
        assert_eq!(locator.find_from("\"x\"", next).map(|f| f.0), Some(4));
        assert_eq!(locator.find("nope"), 0);
        assert_eq!(locator.line_of(0), 1);
    }

    #[test]
    fn text_drops_a_leading_byte_order_mark() {
        assert_eq!(utf8_text("\u{feff}a\u{feff}".as_bytes()), Ok("a\u{feff}"));
        assert_eq!(utf8_text(b"a"), Ok("a"));
        assert_eq!(utf8_text(b"a\n\xff").map_err(|p| p.line), Err(Some(2)));
    }

    #[test]
    fn errors_carry_lines() {
        let json = serde_json::from_str::<serde_json::Value>("{\n\"a\": }").expect_err("bad");
        assert_eq!(json_error(&json).line, Some(2));
        let text = "a = 1\nb = \n";
        let toml = toml::from_str::<toml::Table>(text).expect_err("bad");
        assert_eq!(toml_error(&toml, text).line, Some(2));
        let yaml = yaml_serde::from_str::<yaml_serde::Value>("a: 1\nb: [\n").expect_err("bad");
        assert!(yaml_error(&yaml).line.is_some());
    }
}
