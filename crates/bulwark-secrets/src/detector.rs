//! A detector: one rule, the keywords that must appear near a match, and the regex that extracts
//! the secret, plus the checks that separate real secrets from look-alikes.

use crate::allowlist::Allowlist;
use crate::entropy::shannon_entropy;
use crate::placeholder::is_placeholder;
use bulwark_core::Rule;
use regex::bytes::{Captures, Regex, RegexBuilder};
use std::ops::Range;

/// A detector's verdict on a candidate secret, from its validation function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Not a secret (fails a checksum, a structural check, a known-safe value…).
    Reject,
    /// Report under the detector's rule.
    Keep,
    /// Report under another rule (e.g. a well-known test card number becomes `info` test data).
    /// The rule must be listed with [`Detector::also_reports`].
    Reclassify(&'static Rule),
}

/// One detection: `span` is reported as the location, `secret` is what gets redacted and hashed
/// (a private key is reported from its header, but identified by its body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub span: Range<usize>,
    pub secret: Range<usize>,
    pub rule: &'static Rule,
    /// From a [`Detector::fallback`] detector: yields to a specific one on the same secret.
    pub fallback: bool,
}

/// Bytes of context searched after a keyword hit unless a detector says otherwise.
pub const DEFAULT_WINDOW: usize = 512;

pub struct Detector {
    pub rule: &'static Rule,
    /// Literals (matched case-insensitively) at least one of which occurs in or just before every
    /// match. Empty: the regex runs over the whole file (only for detectors without a literal,
    /// such as card numbers).
    pub keywords: Vec<String>,
    regex: Regex,
    /// Capture groups that may hold the secret, first participating one wins (0: whole match).
    secret_groups: Vec<usize>,
    min_entropy: Option<f64>,
    check: Option<fn(&[u8]) -> Check>,
    reject_placeholders: bool,
    also_reports: Vec<&'static Rule>,
    /// Bytes searched after a keyword hit (the match must lie in the hit's line, or within this).
    pub window: usize,
    /// Only files whose path matches (gitleaks `path`).
    paths: Option<Regex>,
    allowlists: Vec<Allowlist>,
    fallback: bool,
}

impl Detector {
    /// A detector for `rule`. `pattern` is a `regex` crate pattern matched against bytes;
    /// `secret_group` is the capture group holding the secret (0 for the whole match).
    /// Built-in patterns are constants, so an error here is a bug the detector tests catch.
    pub fn new(
        rule: &'static Rule,
        keywords: &[&str],
        pattern: &str,
        secret_group: usize,
    ) -> Result<Self, String> {
        // ASCII classes and boundaries: tokens are ASCII, and Unicode `\b`/`\w` would keep the
        // regex engine off its fastest (DFA) path on non-ASCII input.
        let regex = RegexBuilder::new(pattern)
            .unicode(false)
            .build()
            .map_err(|e| format!("{}: invalid regex: {e}", rule.id))?;
        if secret_group >= regex.captures_len() {
            return Err(format!(
                "{}: secret group {secret_group} does not exist",
                rule.id
            ));
        }
        Ok(Detector {
            rule,
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            regex,
            secret_groups: vec![secret_group],
            min_entropy: None,
            check: None,
            reject_placeholders: true,
            also_reports: Vec::new(),
            window: DEFAULT_WINDOW,
            paths: None,
            allowlists: Vec::new(),
            fallback: false,
        })
    }

    /// Reject secrets whose Shannon entropy (bits per character) is below `bits`.
    /// Typical values: 3.0 for passwords, 3.5 for random API keys, 4.0+ for base64 blobs.
    pub fn min_entropy(mut self, bits: f64) -> Self {
        self.min_entropy = Some(bits);
        self
    }

    /// Validate each candidate secret (checksums, structure, known test values).
    pub fn check(mut self, check: fn(&[u8]) -> Check) -> Self {
        self.check = Some(check);
        self
    }

    /// Try this capture group too when the earlier ones did not participate
    /// (for patterns with quoted and unquoted alternatives).
    pub fn alternative_group(mut self, group: usize) -> Self {
        self.secret_groups.push(group);
        self
    }

    /// Report placeholder-looking values too (for formats where `EXAMPLE` etc. cannot occur).
    pub fn keep_placeholders(mut self) -> Self {
        self.reject_placeholders = false;
        self
    }

    /// Rules this detector may report through [`Check::Reclassify`].
    pub fn also_reports(mut self, rules: &[&'static Rule]) -> Self {
        self.also_reports.extend_from_slice(rules);
        self
    }

    /// Search this many bytes after a keyword hit (default [`DEFAULT_WINDOW`]); for long secrets
    /// such as private key blocks.
    pub fn window(mut self, bytes: usize) -> Self {
        self.window = bytes;
        self
    }

    /// Only scan files whose path matches `paths`.
    pub fn only_paths(mut self, paths: Regex) -> Self {
        self.paths = Some(paths);
        self
    }

    /// Matches any of these allowlists accepts are not reported.
    pub fn allowlists(mut self, allowlists: Vec<Allowlist>) -> Self {
        self.allowlists = allowlists;
        self
    }

    /// A provider-independent detector (private keys, passwords, tokens in URLs): when a
    /// provider's own detector reports the same secret, only the provider's finding is kept.
    pub fn fallback(mut self) -> Self {
        self.fallback = true;
        self
    }

    /// Every rule this detector can report.
    pub fn rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        std::iter::once(self.rule).chain(self.also_reports.iter().copied())
    }

    /// Whether this detector looks at files with this path at all.
    pub fn wants_path(&self, path: &str) -> bool {
        self.paths
            .as_ref()
            .is_none_or(|re| re.is_match(path.as_bytes()))
    }

    /// Matches in `bytes[range]` (offsets are into `bytes`).
    pub fn find_in(&self, path: &str, bytes: &[u8], range: Range<usize>) -> Vec<Match> {
        let start = range.start;
        self.regex
            .captures_iter(&bytes[range])
            .filter_map(|captures| self.judge(path, bytes, start, &captures))
            .collect()
    }

    fn judge(
        &self,
        path: &str,
        bytes: &[u8],
        offset: usize,
        captures: &Captures<'_>,
    ) -> Option<Match> {
        let whole = captures.get(0)?;
        let secret = self
            .secret_groups
            .iter()
            .find_map(|&group| captures.get(group))?;
        let value = secret.as_bytes();
        if value.is_empty() || (self.reject_placeholders && is_placeholder(value)) {
            return None;
        }
        if self
            .min_entropy
            .is_some_and(|min| shannon_entropy(value) < min)
        {
            return None;
        }
        let rule = match self.check.map_or(Check::Keep, |check| check(value)) {
            Check::Reject => return None,
            Check::Keep => self.rule,
            Check::Reclassify(rule) => rule,
        };
        let mut span = whole.start() + offset..whole.end() + offset;
        let secret = secret.start() + offset..secret.end() + offset;
        // Patterns may consume a closing delimiter to end a token (the regex crate has no
        // look-ahead); the reported location ends at the token, not at the delimiter.
        while span.end > secret.end && is_delimiter(bytes[span.end - 1]) {
            span.end -= 1;
        }
        if !self.allowlists.is_empty() {
            let line = line_around(bytes, span.clone());
            if self
                .allowlists
                .iter()
                .any(|a| a.allows(path, &bytes[secret.clone()], &bytes[span.clone()], line))
            {
                return None;
            }
        }
        Some(Match {
            span,
            secret,
            rule,
            fallback: self.fallback,
        })
    }
}

fn is_delimiter(byte: u8) -> bool {
    byte.is_ascii_whitespace()
        || matches!(byte, b'"' | b'\'' | b'`' | b',' | b';' | b')' | b']' | b'}')
}

/// The full line(s) containing `span`, for allowlists that look at the whole line.
fn line_around(bytes: &[u8], span: Range<usize>) -> &[u8] {
    let start = memchr::memrchr(b'\n', &bytes[..span.start]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[span.end..]).map_or(bytes.len(), |i| span.end + i);
    &bytes[start..end]
}
