//! Bulwark's secrets scanner.
//!
//! Each [`Detector`] (one small file per provider family under `detectors/`) pairs a [`Rule`]
//! with the literal keywords that must appear near a match and the regex that extracts the
//! secret. One Aho-Corasick automaton over every detector's keywords finds the candidate places;
//! a detector's regex then runs only in small windows around its own keyword hits, so most files
//! cost a single linear pass. Candidates pass entropy, placeholder, validation and allowlist
//! checks. Encoded segments (base64, hex, percent) are decoded within a budget and scanned too.
//! Secrets never leave this crate in clear: findings carry a redacted preview and a SHA-256
//! identity.

mod allowlist;
mod decode;
mod detector;
pub mod detectors;
mod entropy;
pub mod gitleaks;
mod placeholder;

pub use allowlist::{Allowlist, Condition, Target};
pub use detector::{Check, DEFAULT_WINDOW, Detector, Match};
pub use entropy::shannon_entropy;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use bulwark_core::analyzer::LineIndex;
use bulwark_core::fingerprint::digest_hex;
use bulwark_core::redact::redact;
use bulwark_core::{Analyzer, Finding, Location, Outcome, Rule, Scanner, SourceFile};
use std::ops::Range;

/// How far before a keyword hit a match may start (the hit's line start, at most this far back).
const MAX_LOOKBEHIND: usize = 256;
/// How far a window's end is pushed forward so that it does not cut a token in two.
const MAX_TOKEN_EXTENSION: usize = 1024;
/// Decoded bytes examined per file at most (bounds memory and time on hostile input).
const DECODE_BUDGET: usize = 1 << 20;
/// Default nesting of encodings decoded (base64 inside base64 …).
pub const DEFAULT_DECODE_DEPTH: u8 = 2;

/// The secrets analyzer over a set of detectors.
pub struct SecretsAnalyzer {
    detectors: Vec<Detector>,
    prefilter: AhoCorasick,
    /// For each prefilter pattern, the detector it belongs to.
    keyword_owner: Vec<usize>,
    /// Detectors without keywords: their regex runs over every file.
    keywordless: Vec<usize>,
    allowlists: Vec<Allowlist>,
    decode_depth: u8,
}

impl SecretsAnalyzer {
    /// Builds the analyzer over every built-in detector.
    pub fn builtin() -> Result<Self, String> {
        SecretsAnalyzer::new(detectors::all()?)
    }

    pub fn new(detectors: Vec<Detector>) -> Result<Self, String> {
        let mut keywords = Vec::new();
        let mut keyword_owner = Vec::new();
        let mut keywordless = Vec::new();
        for (index, detector) in detectors.iter().enumerate() {
            if detector.keywords.is_empty() {
                keywordless.push(index);
            }
            for keyword in &detector.keywords {
                keywords.push(keyword.as_str());
                keyword_owner.push(index);
            }
        }
        // Forced DFA: above ~100 patterns the crate would otherwise pick a slower automaton
        // (measured 2.5x slower over a 130 MB corpus); the DFA costs well under 1 MB here.
        let prefilter = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&keywords)
            .map_err(|e| format!("secrets prefilter: {e}"))?;
        Ok(SecretsAnalyzer {
            detectors,
            prefilter,
            keyword_owner,
            keywordless,
            allowlists: Vec::new(),
            decode_depth: DEFAULT_DECODE_DEPTH,
        })
    }

    /// Adds detectors (e.g. custom rules) and rebuilds the prefilter.
    pub fn with_detectors(self, extra: Vec<Detector>) -> Result<Self, String> {
        let SecretsAnalyzer {
            mut detectors,
            allowlists,
            decode_depth,
            ..
        } = self;
        detectors.extend(extra);
        Ok(SecretsAnalyzer::new(detectors)?
            .with_allowlists(allowlists)
            .with_decode_depth(decode_depth))
    }

    /// Global allowlists (gitleaks `[allowlist]`): apply to every detector.
    pub fn with_allowlists(mut self, allowlists: Vec<Allowlist>) -> Self {
        self.allowlists.extend(allowlists);
        self
    }

    /// How many nested encodings (base64, hex, percent) to decode; 0 turns decoding off.
    pub fn with_decode_depth(mut self, depth: u8) -> Self {
        self.decode_depth = depth;
        self
    }

    /// Matches in `bytes`: detectors run only in windows around their keyword hits.
    fn find_matches(&self, path: &str, bytes: &[u8]) -> Vec<Match> {
        // (detector, offset) pairs; grouped by detector below. Most files have none.
        let mut hits: Vec<(usize, usize)> = self
            .prefilter
            .find_overlapping_iter(bytes)
            .map(|hit| (self.keyword_owner[hit.pattern().as_usize()], hit.start()))
            .collect();
        hits.sort_unstable();
        let mut matches = Vec::new();
        for group in hits.chunk_by(|a, b| a.0 == b.0) {
            let detector = &self.detectors[group[0].0];
            if !detector.wants_path(path) {
                continue;
            }
            let positions: Vec<usize> = group.iter().map(|&(_, offset)| offset).collect();
            for window in windows(bytes, &positions, detector.window) {
                matches.extend(detector.find_in(path, bytes, window));
            }
        }
        for &index in &self.keywordless {
            let detector = &self.detectors[index];
            if detector.wants_path(path) {
                matches.extend(detector.find_in(path, bytes, 0..bytes.len()));
            }
        }
        if !self.allowlists.is_empty() {
            matches.retain(|m| !self.globally_allowed(path, bytes, m));
        }
        matches.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule.id).cmp(&(b.span.start, b.span.end, b.rule.id))
        });
        matches.dedup_by(|a, b| a.span == b.span && a.rule.id == b.rule.id);
        // One secret, one finding: a generic detector yields to a provider's own.
        let specific: Vec<Range<usize>> = matches
            .iter()
            .filter(|m| !m.fallback)
            .map(|m| m.secret.clone())
            .collect();
        matches.retain(|m| !m.fallback || !specific.iter().any(|s| overlaps(s, &m.secret)));
        matches
    }

    fn globally_allowed(&self, path: &str, bytes: &[u8], m: &Match) -> bool {
        let line_start = memchr::memrchr(b'\n', &bytes[..m.span.start]).map_or(0, |i| i + 1);
        let line_end =
            memchr::memchr(b'\n', &bytes[m.span.end..]).map_or(bytes.len(), |i| m.span.end + i);
        self.allowlists.iter().any(|allow| {
            allow.allows(
                path,
                &bytes[m.secret.clone()],
                &bytes[m.span.clone()],
                &bytes[line_start..line_end],
            )
        })
    }

    /// Findings in encoded segments of `bytes`, located at the segment in the original file.
    fn decoded_findings(
        &self,
        file: &SourceFile<'_>,
        index: &LineIndex<'_>,
        direct: &[Match],
        out: &mut Vec<Finding>,
    ) {
        /// A decoded segment still to scan: where it came from and through which encodings.
        struct Pending {
            span: Range<usize>,
            decoded: Vec<u8>,
            encodings: Vec<&'static str>,
            depth: u8,
        }
        let mut budget = DECODE_BUDGET;
        let mut pending: Vec<Pending> = decode::segments(file.bytes, &mut budget)
            .into_iter()
            .map(|s| Pending {
                span: s.span,
                decoded: s.decoded,
                encodings: vec![s.encoding],
                depth: 1,
            })
            .collect();
        while let Some(segment) = pending.pop() {
            for found in self.find_matches(file.path, &segment.decoded) {
                // Already reported in clear (e.g. a percent-encoded URL around a token).
                if direct
                    .iter()
                    .any(|d| d.rule.id == found.rule.id && overlaps(&d.span, &segment.span))
                {
                    continue;
                }
                let secret = String::from_utf8_lossy(&segment.decoded[found.secret.clone()]);
                let location = Location::span(
                    file.path,
                    index.position(segment.span.start),
                    index.position(segment.span.end),
                );
                out.push(
                    finding(found.rule, location, &secret)
                        .with_property("encoding", segment.encodings.join("+")),
                );
            }
            if segment.depth < self.decode_depth && budget > 0 {
                for inner in decode::segments(&segment.decoded, &mut budget) {
                    let mut encodings = segment.encodings.clone();
                    encodings.push(inner.encoding);
                    pending.push(Pending {
                        span: segment.span.clone(),
                        decoded: inner.decoded,
                        encodings,
                        depth: segment.depth + 1,
                    });
                }
            }
        }
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// A finding for `secret` (kept only redacted and hashed).
fn finding(rule: &'static Rule, location: Location, secret: &str) -> Finding {
    let preview = redact(secret);
    Finding::new(rule, location, format!("{} `{preview}`", rule.title))
        .with_identity(digest_hex(secret.as_bytes()))
        .with_property("secret_preview", preview)
}

/// Merged byte ranges to search around keyword `hits` (sorted ascending).
fn windows(bytes: &[u8], hits: &[usize], after: usize) -> Vec<Range<usize>> {
    let mut merged: Vec<Range<usize>> = Vec::new();
    for &hit in hits {
        let floor = hit.saturating_sub(MAX_LOOKBEHIND);
        let start = memchr::memrchr(b'\n', &bytes[floor..hit]).map_or(floor, |i| floor + i + 1);
        let mut end = hit.saturating_add(after).min(bytes.len());
        // Do not cut a token in two: extend to the next separator.
        let limit = end.saturating_add(MAX_TOKEN_EXTENSION).min(bytes.len());
        while end < limit && !is_separator(bytes[end]) {
            end += 1;
        }
        match merged.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => merged.push(start..end),
        }
    }
    merged
}

fn is_separator(byte: u8) -> bool {
    byte.is_ascii_whitespace() || matches!(byte, b'"' | b'\'' | b'`' | b',' | b';' | b'<' | b'>')
}

impl Analyzer for SecretsAnalyzer {
    fn name(&self) -> &'static str {
        "secrets"
    }

    fn scanner(&self) -> Scanner {
        Scanner::Secrets
    }

    fn rules(&self) -> Vec<&'static Rule> {
        let mut rules: Vec<&'static Rule> = self.detectors.iter().flat_map(|d| d.rules()).collect();
        rules.sort_by_key(|rule| rule.id);
        rules.dedup_by_key(|rule| rule.id);
        rules
    }

    fn wants_path(&self, path: &str) -> bool {
        !self
            .allowlists
            .iter()
            .any(|a| a.is_path_only() && a.allows_path(path))
    }

    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        let mut outcome = Outcome::default();
        let matches = self.find_matches(file.path, file.bytes);
        let index = LineIndex::new(file.bytes);
        for found in &matches {
            let secret = String::from_utf8_lossy(&file.bytes[found.secret.clone()]);
            let location = Location::span(
                file.path,
                index.position(found.span.start),
                index.position(found.span.end),
            );
            outcome
                .findings
                .push(finding(found.rule, location, &secret));
        }
        if self.decode_depth > 0 {
            self.decoded_findings(file, &index, &matches, &mut outcome.findings);
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<Finding> {
        let analyzer = SecretsAnalyzer::builtin().expect("detectors compile");
        analyzer
            .analyze(&SourceFile {
                path: "f.txt",
                bytes: text.as_bytes(),
            })
            .findings
    }

    #[test]
    fn findings_are_redacted_and_located() {
        let key = concat!("AKIA", "Z7QW3ERT5YUI2OPL");
        let findings = scan(&format!("line one\n  key = \"{key}\"\n"));
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(finding.location.start_line, 2);
        assert_eq!(finding.location.start_column, 10);
        assert_eq!(finding.location.end_column, 30);
        let json = serde_json::to_string(finding).unwrap_or_default();
        assert!(!json.contains(key), "secret in clear: {json}");
        assert!(!finding.identity.contains(key));
        assert!(finding.message.contains("AKIA…(20 chars)"));
    }

    #[test]
    fn files_without_keywords_cost_nothing() {
        assert!(scan("nothing to see here").is_empty());
        assert!(scan("").is_empty());
    }

    #[test]
    fn invalid_utf8_does_not_panic() {
        let mut bytes = b"\xff\xfe token ".to_vec();
        bytes.extend_from_slice(concat!("ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A").as_bytes());
        bytes.extend_from_slice(b"\xc3\x28");
        let analyzer = SecretsAnalyzer::builtin().expect("detectors compile");
        let outcome = analyzer.analyze(&SourceFile {
            path: "b",
            bytes: &bytes,
        });
        assert_eq!(outcome.findings.len(), 1);
    }
}
