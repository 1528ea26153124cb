//! Bulwark's secrets scanner.
//!
//! Each [`Detector`] (one small file per provider family under `detectors/`) pairs a [`Rule`]
//! with the literal keywords that must appear near a match and the regex that extracts the
//! secret. One Aho-Corasick automaton over every detector's keywords decides which regexes run
//! on a file at all, so most files cost a single linear pass. Secrets never leave this crate in
//! clear: findings carry a redacted preview and a SHA-256 identity.

mod detector;
pub mod detectors;
mod placeholder;

pub use detector::Detector;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use bulwark_core::analyzer::LineIndex;
use bulwark_core::fingerprint::digest_hex;
use bulwark_core::redact::redact;
use bulwark_core::{Analyzer, Finding, Location, Outcome, Rule, Scanner, SourceFile};

/// The secrets analyzer over the built-in detectors.
pub struct SecretsAnalyzer {
    detectors: Vec<Detector>,
    prefilter: AhoCorasick,
    /// For each prefilter pattern, the detector it belongs to.
    keyword_owner: Vec<usize>,
}

impl SecretsAnalyzer {
    /// Builds the analyzer over every built-in detector.
    pub fn builtin() -> Result<Self, String> {
        SecretsAnalyzer::new(detectors::all()?)
    }

    pub fn new(detectors: Vec<Detector>) -> Result<Self, String> {
        let mut keywords = Vec::new();
        let mut keyword_owner = Vec::new();
        for (index, detector) in detectors.iter().enumerate() {
            for keyword in detector.keywords {
                keywords.push(*keyword);
                keyword_owner.push(index);
            }
        }
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&keywords)
            .map_err(|e| format!("secrets prefilter: {e}"))?;
        Ok(SecretsAnalyzer {
            detectors,
            prefilter,
            keyword_owner,
        })
    }
}

impl Analyzer for SecretsAnalyzer {
    fn name(&self) -> &'static str {
        "secrets"
    }

    fn scanner(&self) -> Scanner {
        Scanner::Secrets
    }

    fn rules(&self) -> Vec<&'static Rule> {
        self.detectors.iter().map(|d| d.rule).collect()
    }

    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        let mut candidates = vec![false; self.detectors.len()];
        for hit in self.prefilter.find_overlapping_iter(file.bytes) {
            candidates[self.keyword_owner[hit.pattern().as_usize()]] = true;
        }
        let mut outcome = Outcome::default();
        if !candidates.contains(&true) {
            return outcome;
        }
        let index = LineIndex::new(file.bytes);
        for (detector, _) in self
            .detectors
            .iter()
            .zip(candidates)
            .filter(|(_, hit)| *hit)
        {
            for found in detector.find(file.bytes) {
                let text = String::from_utf8_lossy(&file.bytes[found.secret]);
                let preview = redact(&text);
                let location = Location::span(
                    file.path,
                    index.position(found.span.start),
                    index.position(found.span.end),
                );
                outcome.findings.push(
                    Finding::new(
                        detector.rule,
                        location,
                        format!("{} `{preview}`", detector.rule.title),
                    )
                    .with_identity(digest_hex(text.as_bytes()))
                    .with_property("secret_preview", preview),
                );
            }
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
