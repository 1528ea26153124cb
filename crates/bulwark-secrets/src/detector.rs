//! A detector: one rule, its prefilter keywords and its extraction regex.

use crate::placeholder::is_placeholder;
use bulwark_core::Rule;
use regex::bytes::Regex;
use std::ops::Range;

/// One detection: `span` is reported as the location, `secret` is what gets redacted and hashed
/// (a private key is reported from its header, but identified by its body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub span: Range<usize>,
    pub secret: Range<usize>,
}

pub struct Detector {
    pub rule: &'static Rule,
    /// Literals (matched case-insensitively) at least one of which occurs in every match.
    pub keywords: &'static [&'static str],
    regex: Regex,
    /// Capture group holding the secret itself (0: the whole match).
    secret_group: usize,
    /// Reject matches that look like documentation placeholders.
    reject_placeholders: bool,
}

impl Detector {
    /// Compiles a detector; the pattern is a built-in constant, so an error is a programming
    /// error that the detector tests catch.
    pub fn new(
        rule: &'static Rule,
        keywords: &'static [&'static str],
        pattern: &str,
        secret_group: usize,
    ) -> Result<Self, String> {
        let regex = Regex::new(pattern).map_err(|e| format!("{}: invalid regex: {e}", rule.id))?;
        Ok(Detector {
            rule,
            keywords,
            regex,
            secret_group,
            reject_placeholders: true,
        })
    }

    /// Each match in `bytes`: the span to report and the secret within it.
    pub fn find(&self, bytes: &[u8]) -> Vec<Match> {
        self.regex
            .captures_iter(bytes)
            .filter_map(|captures| {
                let whole = captures.get(0)?;
                let secret = captures.get(self.secret_group)?;
                Some(Match {
                    span: whole.range(),
                    secret: secret.range(),
                })
            })
            .filter(|m| !(self.reject_placeholders && is_placeholder(&bytes[m.secret.clone()])))
            .collect()
    }
}
