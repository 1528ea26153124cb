//! The analyzer interface: pure functions from a file's bytes to findings.
//!
//! Analyzers never print, read files or keep global state; the scan pipeline (`bulwark-scan`)
//! does all I/O and hands each file, read once, to every analyzer that wants it.

use crate::{Finding, Rule, Scanner};

/// One file as the pipeline hands it to analyzers.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// Relative to the scan root, `/`-separated (lossy for non-UTF-8 names).
    pub path: &'a str,
    pub bytes: &'a [u8],
}

/// A file the analyzer could not fully understand (malformed input). The scan goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<u32>,
    pub message: String,
}

/// What one analyzer made of one file.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub problems: Vec<Problem>,
    /// Why the analyzer deliberately left the file unanalyzed (a Helm template is not YAML yet):
    /// listed with the skipped files, not as errors.
    pub skipped: Vec<String>,
}

/// A registered analysis. Implementations must be cheap to share across threads.
pub trait Analyzer: Send + Sync {
    /// Short name for logs, e.g. `secrets`.
    fn name(&self) -> &'static str;

    fn scanner(&self) -> Scanner;

    /// Every rule this analyzer can report (listed by `bulwark rules` and in SARIF).
    fn rules(&self) -> Vec<&'static Rule>;

    /// Cheap predicate on the relative path, checked before the file is read.
    fn wants_path(&self, _path: &str) -> bool {
        true
    }

    /// A larger size limit for files this analyzer recognises by path, when they are routinely
    /// bigger than source files (a monorepo's `package-lock.json` can be 50 MB): they must be
    /// checked, not skipped. `None` keeps the scan's limit; a smaller value never lowers it.
    fn max_file_size(&self, _path: &str) -> Option<u64> {
        None
    }

    /// Content sniffing, checked after the file is read and before [`Analyzer::analyze`], for
    /// formats a path cannot identify (a YAML file that is a Kubernetes manifest, say).
    fn wants_content(&self, _file: &SourceFile<'_>) -> bool {
        true
    }

    /// Analyse one file. Must not panic on any input.
    fn analyze(&self, file: &SourceFile<'_>) -> Outcome;
}

/// Maps byte offsets to 1-based (line, column) positions; columns count code points.
#[derive(Debug)]
pub struct LineIndex<'a> {
    bytes: &'a [u8],
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex { bytes, line_starts }
    }

    /// Position of `offset` (clamped to the file length).
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.bytes.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        // A code point starts at every byte that is not a UTF-8 continuation byte.
        let column = self.bytes[start..offset]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        (to_u32(line + 1), to_u32(column + 1))
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text(&self, line: u32) -> &'a [u8] {
        let index = (line as usize).saturating_sub(1);
        let Some(&start) = self.line_starts.get(index) else {
            return &[];
        };
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.bytes.len(), |next| next - 1);
        let text = &self.bytes[start..end.max(start)];
        text.strip_suffix(b"\r").unwrap_or(text)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_code_points() {
        let text = "ab\r\nçé=x\n";
        let index = LineIndex::new(text.as_bytes());
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(1), (1, 2));
        let x = text.find('x').expect("x present");
        assert_eq!(index.position(x), (2, 4));
        assert_eq!(index.line_text(1), b"ab");
        assert_eq!(index.line_text(2), "çé=x".as_bytes());
        assert_eq!(index.line_text(9), b"");
        assert_eq!(index.position(10_000), (3, 1));
    }
}
