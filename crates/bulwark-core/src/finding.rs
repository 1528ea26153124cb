//! The finding contract: what every analyzer produces and every reporter reads.
//!
//! Documented for users in `docs/report-schema.md`; the JSON reporter serialises these types as
//! they are, so a change here is a change to the versioned report.

use crate::{Rule, Scanner, Severity};
use serde::{Deserialize, Serialize};

/// Where a finding is. Lines and columns are 1-based; columns count Unicode code points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// Relative to the scan root, `/`-separated.
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The commit that introduced it (history findings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The IaC resource address, e.g. `aws_s3_bucket.logs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

impl Location {
    /// A location spanning `(start_line, start_column)`–`(end_line, end_column)` in `path`.
    pub fn span(path: &str, start: (u32, u32), end: (u32, u32)) -> Self {
        Location {
            path: path.to_string(),
            start_line: start.0,
            start_column: start.1,
            end_line: end.0,
            end_column: end.1,
            commit: None,
            resource: None,
        }
    }

    /// A whole-line location, for findings with no finer position.
    pub fn line(path: &str, line: u32) -> Self {
        Location::span(path, (line, 1), (line, 1))
    }
}

/// Whether a finding counts against the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Counts against the gate.
    Open,
    /// Accepted by an approved, unexpired waiver.
    Waived,
    /// Present in `.bulwark/baseline.json`: known before the gate was switched on.
    Baselined,
    /// Silenced by a justified `bulwark:ignore` comment in the source.
    Suppressed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Waived => "waived",
            Status::Baselined => "baselined",
            Status::Suppressed => "suppressed",
        }
    }
}

/// Where a suppression was declared (SARIF distinguishes the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    /// A comment in the scanned source.
    InSource,
    /// The waiver file or the baseline.
    External,
}

/// Why a finding is not open: enough for an auditor to follow the decision back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub justification: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// One problem found by one rule at one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub scanner: Scanner,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    pub location: Location,
    /// Stable across re-runs and lines moving; never contains secret material.
    pub fingerprint: String,
    pub cwe: Vec<String>,
    pub owasp: Vec<String>,
    pub controls: Vec<String>,
    pub remediation: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    /// Scanner-specific details (package, versions, redacted secret preview, …).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// What identifies this finding within its file independent of its line, e.g. a hash of
    /// the matched secret. Set by the analyzer, consumed by [`crate::fingerprint`]; never reported.
    #[serde(skip)]
    pub identity: String,
    /// First and last line of the block the finding belongs to (an IaC resource), so that one
    /// `bulwark:ignore` comment in or right above the block covers it. Never reported.
    #[serde(skip)]
    pub scope: Option<(u32, u32)>,
}

impl Finding {
    /// A new open finding of `rule`, with the rule's metadata copied in.
    pub fn new(rule: &Rule, location: Location, message: impl Into<String>) -> Self {
        let to_strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        Finding {
            rule_id: rule.id.to_string(),
            scanner: rule.scanner,
            severity: rule.severity,
            title: rule.title.to_string(),
            message: message.into(),
            location,
            fingerprint: String::new(),
            cwe: to_strings(rule.cwe),
            owasp: to_strings(rule.owasp),
            controls: to_strings(rule.controls),
            remediation: rule.remediation.trim().to_string(),
            status: Status::Open,
            suppression: None,
            properties: serde_json::Map::new(),
            identity: String::new(),
            scope: None,
        }
    }

    /// Sets what identifies the finding apart from its line (must not be a secret in clear).
    pub fn with_identity(mut self, identity: impl Into<String>) -> Self {
        self.identity = identity.into();
        self
    }

    /// Scopes inline suppressions to the block spanning lines `first..=last`.
    pub fn with_scope(mut self, first: u32, last: u32) -> Self {
        self.scope = Some((first, last));
        self
    }

    /// Adds a scanner-specific property.
    pub fn with_property(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.properties.insert(key.to_string(), value.into());
        self
    }

    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }

    /// Marks the finding as not open for the given reason.
    pub fn suppress(&mut self, status: Status, suppression: Suppression) {
        self.status = status;
        self.suppression = Some(suppression);
    }

    /// The deterministic report order: by path, position, then rule.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.location.path,
            self.location.start_line,
            self.location.start_column,
            &self.rule_id,
            self.location.end_line,
            self.location.end_column,
            &self.identity,
            &self.message,
        )
    }
}
