//! The SARIF 2.1.0 reporter, for code-scanning dashboards.
//!
//! Built with `serde_json` rather than a SARIF crate: we emit a small, fixed subset, and writing
//! it out makes it obvious which fields we promise. Tests validate the output against the OASIS
//! schema. Choices a reader of the output may care about:
//!
//! - every rule is listed once in `tool.driver.rules`, sorted by id; a finding whose rule is not
//!   in [`Report::rules`] gets a minimal entry built from the finding, so every `ruleId` resolves;
//! - waived, baselined and suppressed findings are kept, with SARIF `suppressions` (dashboards
//!   hide them but an auditor can still see them and why);
//! - fingerprints go in `partialFingerprints` under the versioned scheme name, so that dashboards
//!   track a finding across line moves exactly as the baseline does;
//! - columns count Unicode code points, as the analyzers do (`columnKind`).

use crate::text::{justification, suppression_kind};
use crate::{Report, ScanError};
use bulwark_core::fingerprint::SCHEME;
use bulwark_core::{Finding, Location, Rule, Scanner, Severity, SuppressionKind};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The symbol result locations are relative to; its absolute value depends on the checkout.
const SRCROOT: &str = "%SRCROOT%";

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &build(report))?;
    out.write_all(b"\n")
}

/// Where a rule descriptor comes from.
enum RuleSource<'a> {
    /// A registered rule, with its full documentation.
    Registered(&'static Rule),
    /// No registered rule has this id: describe it from its first finding.
    Finding(&'a Finding),
}

/// The whole SARIF log as a JSON value.
pub(crate) fn build(report: &Report) -> Value {
    let mut sources: BTreeMap<&str, RuleSource<'_>> = BTreeMap::new();
    for rule in &report.rules {
        sources
            .entry(rule.id)
            .or_insert(RuleSource::Registered(rule));
    }
    for finding in &report.findings {
        sources
            .entry(finding.rule_id.as_str())
            .or_insert(RuleSource::Finding(finding));
    }
    let indexes: BTreeMap<&str, usize> = sources
        .keys()
        .enumerate()
        .map(|(index, id)| (*id, index))
        .collect();
    let rules: Vec<Value> = sources
        .values()
        .map(|source| match source {
            RuleSource::Registered(rule) => registered_rule(rule),
            RuleSource::Finding(finding) => rule_from_finding(finding),
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| result(finding, indexes.get(finding.rule_id.as_str()).copied()))
        .collect();

    let mut log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": report.tool.name,
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "rules": rules,
                }
            },
            "invocations": [invocation(report)],
            "originalUriBaseIds": {
                SRCROOT: {
                    "description": {
                        "text": "The scan root: result paths are relative to it.",
                    }
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "target": report.target,
                "scanners": report.scanners,
                "gate": report.summary.gate,
            },
        }],
    });
    // Keys in sorted order whether or not some crate in the build turns on serde_json's
    // `preserve_order`: the bytes must not depend on feature unification.
    log.sort_all_objects();
    log
}

fn registered_rule(rule: &Rule) -> Value {
    let description = non_empty(rule.description.trim(), rule.title);
    let remediation = rule.remediation.trim();
    let help_text = if remediation.is_empty() {
        description.to_string()
    } else {
        format!("{description}\n\nRemediation: {remediation}")
    };
    let mut descriptor = json!({
        "id": rule.id,
        "name": pascal_case(rule.title).unwrap_or_else(|| rule.id.to_string()),
        "shortDescription": { "text": non_empty(rule.title, rule.id) },
        "fullDescription": { "text": description },
        "help": { "text": help_text, "markdown": rule.to_markdown() },
        "defaultConfiguration": { "level": rule.severity.sarif_level() },
        "properties": rule_properties(rule.scanner, rule.severity, rule.cwe.iter().copied()),
    });
    if let (Some(uri), Some(object)) = (rule.help_uri(), descriptor.as_object_mut()) {
        object.insert("helpUri".into(), Value::String(uri));
    }
    descriptor
}

/// The minimal descriptor for a rule known only from a finding (e.g. a plugin's rule).
fn rule_from_finding(finding: &Finding) -> Value {
    let title = non_empty(finding.title.trim(), &finding.rule_id);
    let remediation = finding.remediation.trim();
    let mut descriptor = json!({
        "id": finding.rule_id,
        "name": pascal_case(title).unwrap_or_else(|| finding.rule_id.clone()),
        "shortDescription": { "text": title },
        "fullDescription": { "text": title },
        "help": { "text": non_empty(remediation, title) },
        "defaultConfiguration": { "level": finding.severity.sarif_level() },
        "properties": rule_properties(
            finding.scanner,
            finding.severity,
            finding.cwe.iter().map(String::as_str),
        ),
    });
    let help_uri = finding.cwe.first().and_then(|cwe| {
        cwe.strip_prefix("CWE-")
            .map(|n| format!("https://cwe.mitre.org/data/definitions/{n}.html"))
    });
    if let (Some(uri), Some(object)) = (help_uri, descriptor.as_object_mut()) {
        object.insert("helpUri".into(), Value::String(uri));
    }
    descriptor
}

/// Tags and `security-severity` as GitHub code scanning reads them.
fn rule_properties<'a>(
    scanner: Scanner,
    severity: Severity,
    cwe: impl Iterator<Item = &'a str>,
) -> Value {
    let mut tags = vec!["security".to_string(), scanner.as_str().to_string()];
    for id in cwe {
        let tag = format!("external/cwe/{}", id.trim().to_ascii_lowercase());
        // SARIF tags are a set.
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    json!({
        "tags": tags,
        "security-severity": severity.security_severity(),
        "precision": "high",
    })
}

fn result(finding: &Finding, rule_index: Option<usize>) -> Value {
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(finding.rule_id));
    if let Some(index) = rule_index {
        result.insert("ruleIndex".into(), json!(index));
    }
    result.insert("level".into(), json!(finding.severity.sarif_level()));
    result.insert(
        "message".into(),
        json!({ "text": non_empty(&finding.message, &finding.title) }),
    );
    result.insert("locations".into(), json!([location(&finding.location)]));
    // An empty fingerprint means none was assigned; let the dashboard compute its own instead.
    if !finding.fingerprint.is_empty() {
        result.insert(
            "partialFingerprints".into(),
            json!({ SCHEME: finding.fingerprint }),
        );
    }
    // An empty array says "checked, not suppressed"; an absent one would say "unknown".
    result.insert("suppressions".into(), Value::Array(suppressions(finding)));

    let mut properties = Map::new();
    properties.insert("severity".into(), json!(finding.severity));
    properties.insert("scanner".into(), json!(finding.scanner));
    properties.insert("cwe".into(), json!(finding.cwe));
    properties.insert("owasp".into(), json!(finding.owasp));
    properties.insert("controls".into(), json!(finding.controls));
    properties.insert("status".into(), json!(finding.status));
    if let Some(commit) = &finding.location.commit {
        properties.insert("commit".into(), json!(commit));
    }
    if !finding.properties.is_empty() {
        properties.insert("bulwark".into(), Value::Object(finding.properties.clone()));
    }
    result.insert("properties".into(), Value::Object(properties));
    Value::Object(result)
}

/// One accepted suppression for a finding that is not open; none for an open one.
fn suppressions(finding: &Finding) -> Vec<Value> {
    if finding.is_open() {
        return Vec::new();
    }
    let kind = match suppression_kind(finding) {
        SuppressionKind::InSource => "inSource",
        SuppressionKind::External => "external",
    };
    let mut properties = Map::new();
    properties.insert("status".into(), json!(finding.status));
    if let Some(suppression) = &finding.suppression {
        let optional = [
            ("waiver_id", &suppression.waiver_id),
            ("ticket", &suppression.ticket),
            ("approved_by", &suppression.approved_by),
            ("expires", &suppression.expires),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                properties.insert(key.into(), json!(value));
            }
        }
    }
    vec![json!({
        "kind": kind,
        "status": "accepted",
        "justification": justification(finding),
        "properties": properties,
    })]
}

fn location(location: &Location) -> Value {
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({ "uri": uri_reference(&location.path), "uriBaseId": SRCROOT }),
    );
    if let Some(region) = region(location) {
        physical.insert("region".into(), region);
    }
    let mut value = Map::new();
    value.insert("physicalLocation".into(), Value::Object(physical));
    if let Some(resource) = &location.resource {
        value.insert(
            "logicalLocations".into(),
            json!([{ "name": resource, "fullyQualifiedName": resource, "kind": "resource" }]),
        );
    }
    Value::Object(value)
}

/// The region, leaving out what is unknown rather than inventing it.
///
/// Line 0 means "the whole file" (no region). An end equal to the start is how analyzers say
/// "this line" ([`Location::line`]), which SARIF spells by omitting `endColumn`.
fn region(location: &Location) -> Option<Value> {
    if location.start_line == 0 {
        return None;
    }
    let mut region = Map::new();
    region.insert("startLine".into(), json!(location.start_line));
    if location.start_column >= 1 {
        region.insert("startColumn".into(), json!(location.start_column));
    }
    if location.end_line >= location.start_line {
        region.insert("endLine".into(), json!(location.end_line));
        let later =
            location.end_line > location.start_line || location.end_column > location.start_column;
        if location.end_column >= 1 && later {
            region.insert("endColumn".into(), json!(location.end_column));
        }
    }
    Some(Value::Object(region))
}

fn invocation(report: &Report) -> Value {
    let mut notifications = Vec::new();
    for error in &report.errors {
        notifications.push(notification("error", &error_text(error), Some(error)));
    }
    for warning in &report.warnings {
        notifications.push(notification("warning", warning, None));
    }
    for skipped in &report.skipped {
        let text = format!("{}: skipped: {}", skipped.path, skipped.reason);
        notifications.push(notification("note", &text, None));
    }
    let mut invocation = Map::new();
    invocation.insert(
        "executionSuccessful".into(),
        json!(report.errors.is_empty()),
    );
    if !notifications.is_empty() {
        invocation.insert(
            "toolExecutionNotifications".into(),
            Value::Array(notifications),
        );
    }
    Value::Object(invocation)
}

fn error_text(error: &ScanError) -> String {
    match error.line {
        Some(line) => format!("{}:{line}: {}", error.path, error.message),
        None => format!("{}: {}", error.path, error.message),
    }
}

fn notification(level: &str, text: &str, error: Option<&ScanError>) -> Value {
    let mut value = json!({ "level": level, "message": { "text": text } });
    if let (Some(error), Some(object)) = (error, value.as_object_mut()) {
        // Line 0 (unknown) gives a location without a region.
        let at = Location::line(&error.path, error.line.unwrap_or(0));
        object.insert("locations".into(), json!([location(&at)]));
    }
    value
}

/// `text`, or `fallback` when `text` is blank: SARIF viewers show empty descriptions badly.
fn non_empty<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

/// "Hard-coded AWS access key" → `HardCodedAWSAccessKey`; `None` when nothing usable remains.
pub(crate) fn pascal_case(title: &str) -> Option<String> {
    let mut name = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    }
    let starts_with_letter = name.chars().next().is_some_and(char::is_alphabetic);
    starts_with_letter.then_some(name)
}

/// A path relative to the scan root as a relative URI reference: `/` kept, everything outside
/// the unreserved set percent-encoded (spaces, `#`, `?`, `:` and non-ASCII would otherwise make
/// an invalid or differently-resolved URI).
pub(crate) fn uri_reference(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}
