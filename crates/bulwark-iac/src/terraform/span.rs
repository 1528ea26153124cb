//! Byte offsets → 1-based line/column positions.

use crate::model::{Position, Span};
use std::ops::Range;

/// Maps byte offsets of one source text to positions, so every front end reports the same
/// line/column convention (columns count code points, end is exclusive).
#[derive(Debug)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Position {
            line: to_u32(line),
            column: to_u32(column + 1),
        }
    }

    pub(crate) fn span(&self, range: &Range<usize>) -> Span {
        Span {
            start: self.position(range.start),
            end: self.position(range.end),
        }
    }

    /// The source text of a range, trimmed; empty if the range is not on char boundaries.
    pub(crate) fn slice(&self, range: &Range<usize>) -> &'a str {
        self.text.get(range.clone()).unwrap_or("").trim()
    }

    /// The span of the whole text.
    pub(crate) fn whole(&self) -> Span {
        self.span(&(0..self.text.len()))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
