//! Line-level scanning: parser directives, comments, logical lines (continuations joined) and
//! BuildKit heredoc bodies, with a map from logical-line offsets back to file positions.

use crate::model::{Position, Span};

/// Most heredocs read for one instruction; more are left as plain text (bounds the work a
/// hostile line full of `<<A <<B …` can cause).
const MAX_HEREDOCS_PER_LINE: usize = 16;

/// One physical line without its terminator (`\n`, `\r\n`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PhysLine<'a> {
    pub text: &'a str,
    pub number: u32,
}

/// Splits on `\n` and drops a trailing `\r`, so CRLF files give the same text and positions.
pub(crate) fn physical_lines(src: &str) -> Vec<PhysLine<'_>> {
    src.split('\n')
        .enumerate()
        .map(|(i, text)| PhysLine {
            text: text.strip_suffix('\r').unwrap_or(text),
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
        })
        .collect()
}

/// Number of code points in `s` (columns count code points).
pub(crate) fn width(s: &str) -> u32 {
    u32::try_from(s.chars().count()).unwrap_or(u32::MAX)
}

/// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) from the top of the file.
#[derive(Debug, Clone)]
pub(crate) struct Directive {
    pub name: String,
    pub value: String,
    pub span: Span,
    pub value_span: Span,
}

/// Recognises `# name = value` for the directives BuildKit knows.
pub(crate) fn parse_directive(line: PhysLine<'_>) -> Option<Directive> {
    let lead = line.text.len() - line.text.trim_start().len();
    let body = line.text.trim_start().strip_prefix('#')?;
    let trimmed = body.trim_start();
    let name_len = trimmed
        .char_indices()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
        .map_or(trimmed.len(), |(i, _)| i);
    let name = trimmed.get(..name_len)?;
    if !name.chars().next()?.is_ascii_alphabetic() {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    if !matches!(lower.as_str(), "syntax" | "escape" | "check") {
        return None;
    }
    let rest = trimmed.get(name_len..)?.trim_start().strip_prefix('=')?;
    let value = rest.trim();
    if value.is_empty() {
        return None;
    }
    let value_off = line.text.len() - rest.len() + (rest.len() - rest.trim_start().len());
    let col = |off: usize| 1 + width(line.text.get(..off).unwrap_or(""));
    let end = line.text.trim_end().len();
    let pos = |off: usize| Position {
        line: line.number,
        column: col(off),
    };
    Some(Directive {
        name: lower,
        value: value.to_string(),
        span: Span {
            start: pos(lead),
            end: pos(end),
        },
        value_span: Span {
            start: pos(value_off),
            end: pos(value_off + value.len()),
        },
    })
}

/// A contiguous piece of one physical line copied into a logical line.
#[derive(Debug, Clone, Copy)]
struct Segment {
    /// Byte offset of the piece in the logical text.
    log_start: usize,
    line: u32,
    /// 1-based column of the piece's first character.
    column: u32,
    ascii: bool,
}

/// A BuildKit heredoc (`<<EOF`, `<<-EOF`, `<<"EOF"`) read after its instruction.
#[derive(Debug, Clone)]
pub(crate) struct Heredoc {
    pub name: String,
    /// `<<-`: leading tabs removed from body and terminator.
    pub strip_tabs: bool,
    /// Unquoted name: variables in the body are expanded at build time.
    pub expand: bool,
    /// File descriptor prefix (`3<<EOF`), if any.
    pub fd: Option<u32>,
    /// Offsets of the `<<…` marker in the logical text.
    pub marker: (usize, usize),
    pub content: String,
    pub content_span: Span,
    /// Body and terminator line.
    pub span: Span,
    pub terminated: bool,
}

/// One instruction: its physical lines joined (continuations removed, interleaved comments and
/// blank lines skipped), plus any heredoc bodies that follow it.
#[derive(Debug, Clone, Default)]
pub(crate) struct LogicalLine {
    pub text: String,
    segs: Vec<Segment>,
    pub heredocs: Vec<Heredoc>,
    /// Where the instruction ends, heredoc terminators included.
    pub end: Position,
    /// `(byte offset, chars before it)` every [`CHECKPOINT`] bytes of non-ASCII text, so
    /// offset-to-column lookups stay cheap on long lines.
    checkpoints: Vec<(usize, u32)>,
}

/// Spacing of column checkpoints in non-ASCII logical lines.
const CHECKPOINT: usize = 4096;

impl LogicalLine {
    fn push(&mut self, piece: &str, line: u32, column: u32) {
        self.segs.push(Segment {
            log_start: self.text.len(),
            line,
            column,
            ascii: piece.is_ascii(),
        });
        self.text.push_str(piece);
        self.end = Position {
            line,
            column: column + width(piece),
        };
    }

    /// Builds the column checkpoints once the text is complete.
    fn finish(&mut self) {
        if self.text.is_ascii() {
            return;
        }
        let mut next = CHECKPOINT;
        for (n, (i, _)) in self.text.char_indices().enumerate() {
            if i >= next {
                self.checkpoints
                    .push((i, u32::try_from(n).unwrap_or(u32::MAX)));
                next = i + CHECKPOINT;
            }
        }
    }

    /// Characters in `text[..off]`.
    fn chars_before(&self, off: usize) -> u32 {
        let idx = self.checkpoints.partition_point(|&(b, _)| b <= off);
        let (from, count) = idx
            .checked_sub(1)
            .and_then(|i| self.checkpoints.get(i))
            .copied()
            .unwrap_or((0, 0));
        count.saturating_add(width(self.text.get(from..off).unwrap_or("")))
    }

    fn seg_for(&self, off: usize, end: bool) -> Option<&Segment> {
        // For an end offset, the segment holding the character before it.
        let idx = self.segs.partition_point(|s| {
            if end {
                s.log_start < off
            } else {
                s.log_start <= off
            }
        });
        self.segs.get(idx.saturating_sub(1))
    }

    fn position(&self, off: usize, end: bool) -> Position {
        let Some(seg) = self.seg_for(off, end) else {
            return Position::default();
        };
        let from = seg.log_start.min(off);
        let delta = if seg.ascii {
            u32::try_from(off - from).unwrap_or(u32::MAX)
        } else {
            self.chars_before(off)
                .saturating_sub(self.chars_before(from))
        };
        Position {
            line: seg.line,
            column: seg.column.saturating_add(delta),
        }
    }

    /// The file span of logical text `start..end` (end column exclusive).
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.position(start, false);
        if end <= start {
            return Span { start: s, end: s };
        }
        Span {
            start: s,
            end: self.position(end, true),
        }
    }

    /// The instruction's whole span, heredoc bodies included.
    pub fn full_span(&self) -> Span {
        Span {
            start: self.position(0, false),
            end: self.end,
        }
    }

    pub fn first_line(&self) -> u32 {
        self.segs.first().map_or(0, |s| s.line)
    }
}

/// A comment line (kept so inline suppressions can be matched to stages).
#[derive(Debug, Clone)]
pub(crate) struct Comment {
    pub text: String,
    pub span: Span,
}

/// What the scanner found, in file order.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Comment(Comment),
    Instruction(LogicalLine),
}

/// Scanner output.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    pub directives: Vec<Directive>,
    pub items: Vec<Item>,
    /// `(line, message)` problems found while scanning.
    pub problems: Vec<(u32, String)>,
    pub escape: char,
}

fn comment(line: PhysLine<'_>) -> Comment {
    let trimmed = line.text.trim();
    let lead = line.text.len() - line.text.trim_start().len();
    let col = 1 + width(line.text.get(..lead).unwrap_or(""));
    Comment {
        text: trimmed.to_string(),
        span: Span {
            start: Position {
                line: line.number,
                column: col,
            },
            end: Position {
                line: line.number,
                column: col + width(trimmed),
            },
        },
    }
}

/// Removes a trailing escape character (line continuation), ignoring whitespace after it.
fn strip_continuation(text: &str, escape: char) -> (&str, bool) {
    let t = text.trim_end_matches([' ', '\t']);
    match t.strip_suffix(escape) {
        Some(rest) => (rest, true),
        None => (t, false),
    }
}

/// Splits a file into directives, comments and logical instruction lines.
pub(crate) fn scan(src: &str) -> Scanned {
    let lines = physical_lines(src);
    let mut out = Scanned {
        escape: '\\',
        ..Scanned::default()
    };
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let Some(d) = parse_directive(*line) else {
            break;
        };
        if out.directives.iter().any(|x| x.name == d.name) {
            out.problems.push((
                line.number,
                format!("parser directive `{}` given twice", d.name),
            ));
        } else if d.name == "escape" {
            match d.value.as_str() {
                "`" => out.escape = '`',
                "\\" => out.escape = '\\',
                other => out.problems.push((
                    line.number,
                    format!("invalid escape character `{other}`: must be ` or \\"),
                )),
            }
        }
        out.directives.push(d);
        i += 1;
    }
    let escape = out.escape;
    while let Some(&line) = lines.get(i) {
        i += 1;
        let trimmed = line.text.trim_start();
        if trimmed.trim_end().is_empty() {
            continue;
        }
        if trimmed.starts_with('#') {
            out.items.push(Item::Comment(comment(line)));
            continue;
        }
        let lead = line.text.len() - trimmed.len();
        let mut ll = LogicalLine::default();
        let (piece, mut continued) = strip_continuation(trimmed, escape);
        ll.push(
            piece,
            line.number,
            1 + width(line.text.get(..lead).unwrap_or("")),
        );
        while continued {
            let Some(&next) = lines.get(i) else { break };
            i += 1;
            let t = next.text.trim_start();
            if t.starts_with('#') {
                out.items.push(Item::Comment(comment(next)));
                continue;
            }
            if t.trim_end().is_empty() {
                continue;
            }
            let (piece, c) = strip_continuation(next.text, escape);
            ll.push(piece, next.number, 1);
            continued = c;
        }
        ll.finish();
        if takes_heredocs(&ll.text) {
            for marker in find_heredocs(&ll.text)
                .into_iter()
                .take(MAX_HEREDOCS_PER_LINE)
            {
                let doc = read_heredoc(&lines, &mut i, marker);
                if !doc.terminated {
                    out.problems.push((
                        ll.first_line(),
                        format!("heredoc `{}` is never terminated", doc.name),
                    ));
                }
                ll.end = doc.span.end;
                ll.heredocs.push(doc);
            }
        }
        out.items.push(Item::Instruction(ll));
    }
    out
}

/// RUN, COPY and ADD take heredocs, and only in shell (non-JSON) form.
fn takes_heredocs(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let kw = words.next().unwrap_or("").to_ascii_uppercase();
    if !matches!(kw.as_str(), "RUN" | "COPY" | "ADD") {
        return false;
    }
    // Skip flags; JSON form starts with `[`.
    let rest = words.find(|w| !w.starts_with("--")).unwrap_or("");
    !rest.starts_with('[')
}

struct Marker {
    name: String,
    strip_tabs: bool,
    expand: bool,
    fd: Option<u32>,
    start: usize,
    end: usize,
}

/// Finds `<<NAME`, `<<-NAME`, `<<'NAME'`, `<<"NAME"` outside quotes (not `<<<`).
fn find_heredocs(text: &str) -> Vec<Marker> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some(q) = quote {
            if b == q {
                quote = None;
            } else if b == b'\\' && q == b'"' {
                i += 1;
            }
            i += 1;
            continue;
        }
        match b {
            b'\'' | b'"' => {
                quote = Some(b);
                i += 1;
            }
            b'\\' => i += 2,
            b'<' if bytes.get(i + 1) == Some(&b'<')
                && bytes.get(i + 2) != Some(&b'<')
                && (i == 0 || bytes.get(i - 1) != Some(&b'<')) =>
            {
                match marker_at(text, i) {
                    Some(m) => {
                        i = m.end;
                        out.push(m);
                    }
                    None => i += 2,
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn marker_at(text: &str, at: usize) -> Option<Marker> {
    let bytes = text.as_bytes();
    // An fd prefix (`3<<EOF`) must be a whole word of digits.
    let mut start = at;
    while start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_digit) {
        start -= 1;
    }
    if start > 0 && !bytes.get(start - 1).is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let fd = text.get(start..at).and_then(|d| d.parse::<u32>().ok());
    let mut j = at + 2;
    let strip_tabs = bytes.get(j) == Some(&b'-');
    if strip_tabs {
        j += 1;
    }
    let (name, expand, end) = match bytes.get(j) {
        Some(&q @ (b'\'' | b'"')) => {
            let body = text.get(j + 1..)?;
            let close = body.find(q as char)?;
            (body.get(..close)?.to_string(), false, j + 1 + close + 1)
        }
        _ => {
            let body = text.get(j..)?;
            let len = body
                .find(|c: char| c.is_whitespace() || ";|&<>()'\"".contains(c))
                .unwrap_or(body.len());
            (body.get(..len)?.to_string(), true, j + len)
        }
    };
    if name.is_empty() {
        return None;
    }
    Some(Marker {
        name,
        strip_tabs,
        expand,
        fd,
        start,
        end,
    })
}

fn read_heredoc(lines: &[PhysLine<'_>], i: &mut usize, m: Marker) -> Heredoc {
    let first = lines.get(*i).map_or(0, |l| l.number);
    let mut content = String::new();
    let mut last_content: Option<Position> = None;
    let mut terminated = false;
    let mut end = Position {
        line: first,
        column: 1,
    };
    while let Some(line) = lines.get(*i) {
        *i += 1;
        let body = if m.strip_tabs {
            line.text.trim_start_matches('\t')
        } else {
            line.text
        };
        end = Position {
            line: line.number,
            column: 1 + width(line.text),
        };
        if body == m.name {
            terminated = true;
            break;
        }
        content.push_str(body);
        content.push('\n');
        last_content = Some(end);
    }
    let start = Position {
        line: first,
        column: 1,
    };
    Heredoc {
        name: m.name,
        strip_tabs: m.strip_tabs,
        expand: m.expand,
        fd: m.fd,
        marker: (m.start, m.end),
        content,
        content_span: Span {
            start,
            end: last_content.unwrap_or(start),
        },
        span: Span { start, end },
        terminated,
    }
}
