//! The report every reporter renders: findings after policy, plus what was scanned.
//!
//! The JSON reporter serialises this type as it is; it is versioned by [`SCHEMA_VERSION`] and
//! documented in `docs/report-schema.md` (JSON Schema: `docs/report.schema.json`). Nothing in it
//! depends on timing or thread count, so the same input always gives the same bytes.

use bulwark_core::policy::GateOutcome;
use bulwark_core::{Finding, Rule, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// Bumped on any incompatible change to the JSON report.
pub const SCHEMA_VERSION: &str = "1";

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: &'static str,
    pub tool: Tool,
    /// The scan root as given on the command line.
    pub target: String,
    /// Scanners that ran, in a fixed order.
    pub scanners: Vec<String>,
    pub summary: Summary,
    /// Sorted by path, line, column, rule.
    pub findings: Vec<Finding>,
    /// Files not analysed (too large), with the reason.
    pub skipped: Vec<SkippedFile>,
    /// Files that could not be read or parsed; the scan went on without them.
    pub errors: Vec<ScanError>,
    /// Policy warnings: expired or unused waivers and the like.
    pub warnings: Vec<String>,
    /// Rules that produced at least one finding (reporters that list rules use these).
    #[serde(skip)]
    pub rules: Vec<&'static Rule>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub files_skipped: u64,
    pub binary_files: u64,
    /// Open findings per severity (all five keys always present).
    pub open_by_severity: BTreeMap<Severity, u64>,
    /// Findings per status (open, waived, baselined, suppressed).
    pub by_status: BTreeMap<String, u64>,
    pub gate: GateOutcome,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScanError {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub message: String,
}

impl Report {
    /// Open findings (those the gate counts).
    pub fn open_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_open())
    }

    /// The rule behind `finding`, when it is a registered one.
    pub fn rule(&self, id: &str) -> Option<&'static Rule> {
        self.rules.iter().copied().find(|rule| rule.id == id)
    }
}
