//! What the index keeps of an OSV advisory: only what matching and reporting need.

use crate::osv::{Advisory, Range, SeverityScore};
use serde::{Deserialize, Serialize};

/// RustSec marks some advisories as informational rather than vulnerabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AdvisoryKind {
    Vulnerability,
    Unmaintained,
    Unsound,
    Notice,
}

/// One advisory as stored in the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub aliases: Vec<String>,
    /// RFC 3339, as the advisory states.
    pub modified: String,
    pub summary: String,
    pub kind: AdvisoryKind,
    /// Top-level and per-package severity vectors.
    pub severity: Vec<SeverityScore>,
    /// The database's own rating (GitHub's `database_specific.severity`).
    pub database_rating: Option<String>,
    /// Where a reader learns more.
    pub url: String,
}

/// The versions of one package one advisory covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffectedEntry {
    /// Index into the section's records.
    pub record: u32,
    pub ranges: Vec<Range>,
    pub versions: Vec<String>,
}

impl Record {
    /// The stored form of `advisory`, with the informational kind of its `affected` entry.
    pub fn from_advisory(advisory: &Advisory, kind: AdvisoryKind) -> Record {
        let database_rating = advisory
            .database_specific
            .as_ref()
            .and_then(|specific| specific.get("severity"))
            .and_then(|rating| rating.as_str())
            .map(str::to_string);
        let mut severity = advisory.severity.clone();
        for affected in &advisory.affected {
            for score in &affected.severity {
                if !severity.contains(score) {
                    severity.push(score.clone());
                }
            }
        }
        let url = advisory
            .references
            .iter()
            .find(|r| r.kind == "ADVISORY")
            .map(|r| r.url.clone())
            .unwrap_or_else(|| format!("https://osv.dev/vulnerability/{}", advisory.id));
        let summary = advisory
            .summary
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| {
                advisory
                    .details
                    .as_deref()
                    .and_then(|d| d.lines().find(|l| !l.trim().is_empty()))
                    .map(|line| truncate(line.trim(), 200))
            })
            .unwrap_or_default();
        Record {
            id: advisory.id.clone(),
            aliases: advisory.aliases.clone(),
            modified: advisory.modified.clone(),
            summary,
            kind,
            severity,
            database_rating,
            url,
        }
    }
}

/// RustSec's `affected[].database_specific.informational`.
pub fn kind_of(specific: Option<&serde_json::Value>) -> AdvisoryKind {
    match specific
        .and_then(|s| s.get("informational"))
        .and_then(|v| v.as_str())
    {
        Some("unmaintained") => AdvisoryKind::Unmaintained,
        Some("unsound") => AdvisoryKind::Unsound,
        Some(_) => AdvisoryKind::Notice,
        None => AdvisoryKind::Vulnerability,
    }
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
