//! OSV records as published. Unknown fields are ignored (the schema grows), and every field a
//! record may omit has a default, so that one odd advisory never stops an import.

use serde::{Deserialize, Serialize};

/// One advisory.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Advisory {
    pub id: String,
    #[serde(default)]
    pub modified: String,
    #[serde(default)]
    pub published: Option<String>,
    /// Set when the advisory was retracted: it must then never match.
    #[serde(default)]
    pub withdrawn: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub details: Option<String>,
    #[serde(default)]
    pub severity: Vec<SeverityScore>,
    #[serde(default)]
    pub affected: Vec<Affected>,
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Database-specific extras; GitHub's `severity` ("HIGH", …) is read from here.
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

/// `severity[]`: a scoring system and its vector (or score).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct SeverityScore {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, …
    #[serde(rename = "type")]
    pub kind: String,
    pub score: String,
}

/// `affected[]`: one package and the versions of it the advisory covers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Affected {
    #[serde(default)]
    pub package: Option<AffectedPackage>,
    #[serde(default)]
    pub ranges: Vec<Range>,
    /// Explicitly enumerated affected versions (in addition to the ranges).
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub severity: Vec<SeverityScore>,
    #[serde(default)]
    pub ecosystem_specific: Option<serde_json::Value>,
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AffectedPackage {
    #[serde(default)]
    pub ecosystem: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub purl: Option<String>,
}

/// `ranges[]`: a sequence of events over one ordering.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Range {
    #[serde(rename = "type")]
    pub kind: RangeKind,
    #[serde(default)]
    pub events: Vec<Event>,
}

/// How a range's versions are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum RangeKind {
    /// SemVer 2.0 precedence.
    #[serde(rename = "SEMVER")]
    Semver,
    /// The ecosystem's own ordering.
    #[serde(rename = "ECOSYSTEM")]
    Ecosystem,
    /// Commit hashes: not evaluable against a version, so never matched.
    #[serde(rename = "GIT")]
    Git,
    #[serde(other)]
    Unknown,
}

/// One range event. OSV writes each as an object with exactly one key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "RawEvent", into = "RawEvent")]
pub enum Event {
    /// Versions from here on are affected (`"0"` means from the first version).
    Introduced(String),
    /// Versions from here on are not affected.
    Fixed(String),
    /// This version and everything before it (back to `introduced`) are affected.
    LastAffected(String),
    /// Versions from here on are outside the range (used with GIT ranges).
    Limit(String),
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct RawEvent {
    #[serde(default)]
    introduced: Option<String>,
    #[serde(default)]
    fixed: Option<String>,
    #[serde(default)]
    last_affected: Option<String>,
    #[serde(default)]
    limit: Option<String>,
}

impl TryFrom<RawEvent> for Event {
    type Error = String;

    fn try_from(raw: RawEvent) -> Result<Self, Self::Error> {
        match raw {
            RawEvent {
                introduced: Some(v),
                fixed: None,
                last_affected: None,
                limit: None,
            } => Ok(Event::Introduced(v)),
            RawEvent {
                introduced: None,
                fixed: Some(v),
                last_affected: None,
                limit: None,
            } => Ok(Event::Fixed(v)),
            RawEvent {
                introduced: None,
                fixed: None,
                last_affected: Some(v),
                limit: None,
            } => Ok(Event::LastAffected(v)),
            RawEvent {
                introduced: None,
                fixed: None,
                last_affected: None,
                limit: Some(v),
            } => Ok(Event::Limit(v)),
            _ => Err(
                "a range event must have exactly one of introduced, fixed, last_affected, limit"
                    .into(),
            ),
        }
    }
}

impl From<Event> for RawEvent {
    fn from(event: Event) -> Self {
        match event {
            Event::Introduced(v) => RawEvent {
                introduced: Some(v),
                ..RawEvent::default()
            },
            Event::Fixed(v) => RawEvent {
                fixed: Some(v),
                ..RawEvent::default()
            },
            Event::LastAffected(v) => RawEvent {
                last_affected: Some(v),
                ..RawEvent::default()
            },
            Event::Limit(v) => RawEvent {
                limit: Some(v),
                ..RawEvent::default()
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Reference {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_record_with_unknown_fields() {
        let json = r#"{
            "schema_version": "1.7.0", "id": "RUSTSEC-2020-0071", "modified": "2024-01-01T00:00:00Z",
            "aliases": ["CVE-2020-26235", "GHSA-wcg3-cvx6-7396"], "future_field": {"x": 1},
            "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
            "affected": [{
                "package": {"ecosystem": "crates.io", "name": "time", "purl": "pkg:cargo/time"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0.0.0-0"}, {"fixed": "0.2.23"}]}],
                "ecosystem_specific": {"affects": {"functions": ["time::at"]}}
            }]
        }"#;
        let advisory: Advisory = serde_json::from_str(json).expect("valid record");
        assert_eq!(advisory.aliases.len(), 2);
        let range = &advisory.affected[0].ranges[0];
        assert_eq!(range.kind, RangeKind::Semver);
        assert_eq!(
            range.events,
            [
                Event::Introduced("0.0.0-0".into()),
                Event::Fixed("0.2.23".into())
            ]
        );
    }

    #[test]
    fn rejects_an_event_with_two_keys() {
        let bad = r#"{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}"#;
        assert!(serde_json::from_str::<Range>(bad).is_err());
    }

    #[test]
    fn unknown_range_types_are_kept_but_marked() {
        let range: Range = serde_json::from_str(r#"{"type": "NEW", "events": []}"#).expect("ok");
        assert_eq!(range.kind, RangeKind::Unknown);
    }
}
