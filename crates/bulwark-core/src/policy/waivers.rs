//! Waivers: accepted risks with an owner, an approver and an end date.
//!
//! Segregation of duties is enforced here, not left to review: a waiver approved by its own
//! requester, with no expiry, or expiring further ahead than the configured maximum is rejected
//! as a configuration error (exit 2). An expired waiver stops applying and produces a warning, so
//! the finding it covered fails the gate again until someone re-approves it.

use crate::config::ConfigError;
use crate::toml_span;
use crate::{Finding, Status, Suppression, SuppressionKind};
use globset::{GlobBuilder, GlobMatcher};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WaiverFile {
    #[serde(default)]
    waiver: Vec<toml::Spanned<RawWaiver>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    id: String,
    rule: String,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    fingerprint: Option<String>,
    reason: String,
    ticket: String,
    requested_by: String,
    approved_by: String,
    #[serde(default)]
    expires: Option<toml::Value>,
}

/// One validated waiver.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub id: String,
    pub rule: String,
    pub path: Option<String>,
    matcher: Option<GlobMatcher>,
    pub fingerprint: Option<String>,
    pub reason: String,
    pub ticket: String,
    pub requested_by: String,
    pub approved_by: String,
    pub expires: Date,
    /// Line of the `[[waiver]]` table, for messages.
    pub line: usize,
}

impl Waiver {
    fn matches(&self, finding: &Finding) -> bool {
        finding.rule_id == self.rule
            && self
                .matcher
                .as_ref()
                .is_none_or(|glob| glob.is_match(&finding.location.path))
            && self
                .fingerprint
                .as_ref()
                .is_none_or(|fp| fp == &finding.fingerprint)
    }
}

/// The waivers of one repository, split by whether they still apply today.
#[derive(Debug, Default, Clone)]
pub struct Waivers {
    pub source: PathBuf,
    pub active: Vec<Waiver>,
    pub expired: Vec<Waiver>,
}

impl Waivers {
    /// Reads and validates `path`; a missing file means no waivers.
    pub fn load(path: &Path, today: Date, max_days: u32) -> Result<Waivers, Vec<ConfigError>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Waivers::parse(path, &text, today, max_days),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Waivers {
                source: path.to_path_buf(),
                ..Waivers::default()
            }),
            Err(error) => Err(vec![ConfigError {
                path: path.to_path_buf(),
                line: None,
                message: format!("cannot read: {error}"),
            }]),
        }
    }

    /// Validates waivers in `text`; every problem is reported, not only the first.
    pub fn parse(
        path: &Path,
        text: &str,
        today: Date,
        max_days: u32,
    ) -> Result<Waivers, Vec<ConfigError>> {
        let file: WaiverFile = toml::from_str(text).map_err(|error| {
            let (line, message) = toml_span::describe(text, &error);
            vec![ConfigError {
                path: path.to_path_buf(),
                line,
                message,
            }]
        })?;
        let mut waivers = Waivers {
            source: path.to_path_buf(),
            ..Waivers::default()
        };
        let mut errors = Vec::new();
        let mut seen_ids = HashSet::new();
        for spanned in file.waiver {
            let line = toml_span::line_of(text, spanned.span().start);
            let raw = spanned.into_inner();
            let mut fail = |message: String| {
                errors.push(ConfigError {
                    path: path.to_path_buf(),
                    line: Some(line),
                    message,
                })
            };
            if !seen_ids.insert(raw.id.clone()) {
                fail(format!("waiver `{}`: duplicate id", raw.id));
                continue;
            }
            match validate(raw, line, today, max_days) {
                Ok(waiver) if waiver.expires < today => waivers.expired.push(waiver),
                Ok(waiver) => waivers.active.push(waiver),
                Err(problems) => problems.into_iter().for_each(&mut fail),
            }
        }
        if errors.is_empty() {
            Ok(waivers)
        } else {
            Err(errors)
        }
    }

    /// Marks open findings covered by an active waiver as waived; returns the ids of active
    /// waivers that matched nothing (stale waivers are worth cleaning up).
    pub fn apply(&self, findings: &mut [Finding]) -> Vec<&Waiver> {
        let mut used = vec![false; self.active.len()];
        for finding in findings.iter_mut().filter(|f| f.is_open()) {
            if let Some(index) = self.active.iter().position(|w| w.matches(finding)) {
                used[index] = true;
                let waiver = &self.active[index];
                finding.suppress(
                    Status::Waived,
                    Suppression {
                        kind: SuppressionKind::External,
                        justification: waiver.reason.clone(),
                        waiver_id: Some(waiver.id.clone()),
                        ticket: Some(waiver.ticket.clone()),
                        approved_by: Some(waiver.approved_by.clone()),
                        expires: Some(waiver.expires.to_string()),
                    },
                );
            }
        }
        self.active
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(waiver, _)| waiver)
            .collect()
    }
}

fn validate(
    raw: RawWaiver,
    line: usize,
    today: Date,
    max_days: u32,
) -> Result<Waiver, Vec<String>> {
    let id = raw.id.trim().to_string();
    let mut problems = Vec::new();
    let mut require = |value: &str, field: &str| {
        if value.trim().is_empty() {
            problems.push(format!("waiver `{id}`: `{field}` must not be empty"));
        }
    };
    require(&raw.id, "id");
    require(&raw.rule, "rule");
    require(&raw.reason, "reason");
    require(&raw.ticket, "ticket");
    require(&raw.requested_by, "requested_by");
    require(&raw.approved_by, "approved_by");
    if raw.path.is_none() && raw.fingerprint.is_none() {
        problems.push(format!(
            "waiver `{id}`: needs `path` (a glob) and/or `fingerprint` to say which findings it covers"
        ));
    }
    if !raw.requested_by.trim().is_empty()
        && raw
            .requested_by
            .trim()
            .eq_ignore_ascii_case(raw.approved_by.trim())
    {
        problems.push(format!(
            "waiver `{id}`: approved_by must be someone other than requested_by ({}); a second person has to approve",
            raw.requested_by.trim()
        ));
    }
    let matcher = match raw.path.as_deref().map(compile_glob) {
        Some(Err(message)) => {
            problems.push(format!("waiver `{id}`: {message}"));
            None
        }
        Some(Ok(matcher)) => Some(matcher),
        None => None,
    };
    let expires = match raw.expires.as_ref().map(parse_date) {
        None => {
            problems.push(format!(
                "waiver `{id}`: `expires` is required (e.g. expires = {})",
                today.saturating_add(jiff::Span::new().days(90))
            ));
            None
        }
        Some(Err(message)) => {
            problems.push(format!("waiver `{id}`: {message}"));
            None
        }
        Some(Ok(date)) => {
            let latest = today.saturating_add(jiff::Span::new().days(i64::from(max_days)));
            if date > latest {
                problems.push(format!(
                    "waiver `{id}`: expires {date}, more than {max_days} days ahead (latest allowed: {latest})"
                ));
            }
            Some(date)
        }
    };
    match expires {
        Some(expires) if problems.is_empty() => Ok(Waiver {
            id,
            rule: raw.rule.trim().to_string(),
            path: raw.path,
            matcher,
            fingerprint: raw.fingerprint.map(|fp| fp.trim().to_string()),
            reason: raw.reason.trim().to_string(),
            ticket: raw.ticket.trim().to_string(),
            requested_by: raw.requested_by.trim().to_string(),
            approved_by: raw.approved_by.trim().to_string(),
            expires,
            line,
        }),
        _ => Err(problems),
    }
}

fn compile_glob(glob: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
        .map(|glob| glob.compile_matcher())
        .map_err(|error| format!("invalid path glob `{glob}`: {error}"))
}

/// Accepts a TOML date (`2027-01-31`) or the same as a string.
fn parse_date(value: &toml::Value) -> Result<Date, String> {
    let text = match value {
        toml::Value::Datetime(datetime) => datetime.to_string(),
        toml::Value::String(text) => text.clone(),
        other => {
            return Err(format!(
                "`expires` must be a date like 2027-01-31, not {}",
                other.type_str()
            ));
        }
    };
    text.trim()
        .parse::<Date>()
        .map_err(|_| format!("`expires` must be a date like 2027-01-31, not `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;

    use crate::rule::testing::TEST_RULE as RULE;

    fn today() -> Date {
        jiff::civil::date(2026, 6, 1)
    }

    fn waiver(extra: &str) -> String {
        format!(
            "[[waiver]]\nid = \"W-1\"\nrule = \"secrets.test\"\npath = \"tests/**\"\nreason = \"fixture\"\nticket = \"SEC-1\"\nrequested_by = \"alice\"\n{extra}"
        )
    }

    fn parse(text: &str) -> Result<Waivers, Vec<ConfigError>> {
        Waivers::parse(Path::new("waivers.toml"), text, today(), 365)
    }

    #[test]
    fn valid_waiver_applies_to_matching_findings_only() {
        let waivers =
            parse(&waiver("approved_by = \"bob\"\nexpires = 2026-12-31\n")).expect("valid");
        let mut findings = vec![
            Finding::new(&RULE, Location::line("tests/a.py", 1), "m"),
            Finding::new(&RULE, Location::line("src/a.py", 1), "m"),
        ];
        let unused = waivers.apply(&mut findings);
        assert!(unused.is_empty());
        assert_eq!(findings[0].status, Status::Waived);
        assert_eq!(
            findings[0]
                .suppression
                .as_ref()
                .and_then(|s| s.waiver_id.as_deref()),
            Some("W-1")
        );
        assert_eq!(findings[1].status, Status::Open);
    }

    #[test]
    fn self_approval_is_rejected() {
        let errors = parse(&waiver("approved_by = \"Alice\"\nexpires = 2026-12-31\n"))
            .expect_err("self-approved");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("someone other than"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[0].line, Some(1));
    }

    #[test]
    fn missing_expiry_is_rejected() {
        let errors = parse(&waiver("approved_by = \"bob\"\n")).expect_err("no expiry");
        assert!(
            errors[0].message.contains("`expires` is required"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn expiry_too_far_ahead_is_rejected() {
        let errors =
            parse(&waiver("approved_by = \"bob\"\nexpires = 2030-01-01\n")).expect_err("too far");
        assert!(
            errors[0].message.contains("more than 365 days"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn expired_waiver_stops_applying() {
        let waivers =
            parse(&waiver("approved_by = \"bob\"\nexpires = \"2026-01-01\"\n")).expect("valid");
        assert!(waivers.active.is_empty());
        assert_eq!(waivers.expired.len(), 1);
    }

    #[test]
    fn missing_reason_and_unknown_fields_name_the_line() {
        let text = "\n[[waiver]]\nid = \"W-2\"\nrule = \"r\"\npath = \"*\"\nticket = \"T\"\nrequested_by = \"a\"\napproved_by = \"b\"\nexpires = 2026-07-01\n";
        let errors = parse(text).expect_err("no reason");
        assert!(errors[0].message.contains("reason"), "{}", errors[0]);
        assert_eq!(errors[0].line, Some(2));
        let errors = parse(&waiver(
            "approved_by = \"bob\"\nexpires = 2026-12-31\nowner = \"x\"\n",
        ))
        .expect_err("unknown");
        assert!(errors[0].message.contains("owner"));
    }

    #[test]
    fn every_problem_is_reported() {
        let text = format!(
            "{}\n[[waiver]]\nid = \"W-3\"\nrule = \"r\"\nreason = \"\"\nticket = \"T\"\nrequested_by = \"a\"\napproved_by = \"a\"\nexpires = 2026-07-01\n",
            waiver("approved_by = \"bob\"\n")
        );
        let errors = parse(&text).expect_err("several problems");
        assert!(errors.len() >= 4, "{errors:?}");
    }
}
