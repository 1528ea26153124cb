//! The JUnit XML reporter, for the test panels of CI servers (the Jenkins / GitLab flavour).
//!
//! One `<testsuite>` per scanner and one `<testcase classname="PATH" name="RULE_ID">` per
//! (rule × file) pair: the case fails when any of its findings is open, and is skipped when all
//! of them are waived, baselined or suppressed. A scan with no findings still reports one passing
//! case (`bulwark` / `scan`) so that the panel shows the scan ran; scan errors, skipped files and
//! policy warnings go in that case too.
//!
//! The XML is written by hand: the shape is fixed and small, so all an XML crate would add is a
//! dependency; the one thing that needs care, escaping, is [`escape`] below and is tested.

use crate::Report;
use crate::text::{count, justification, plural, status_label};
use bulwark_core::{Finding, Scanner};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Test cases of one suite, keyed by (path, rule id) so that they come out sorted.
type Cases<'a> = BTreeMap<(&'a str, &'a str), Vec<&'a Finding>>;

#[derive(Default)]
struct Counts {
    tests: u64,
    failures: u64,
    errors: u64,
    skipped: u64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
    }

    fn attributes(&self) -> String {
        format!(
            r#"tests="{}" failures="{}" errors="{}" skipped="{}""#,
            self.tests, self.failures, self.errors, self.skipped
        )
    }
}

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut suites: Vec<(String, Cases<'_>)> = report
        .scanners
        .iter()
        .map(|name| (name.clone(), Cases::new()))
        .collect();
    // Scanners with findings but not listed as run (e.g. `policy`) get a suite too, in the
    // scanners' fixed order.
    let mut unlisted: BTreeMap<Scanner, Cases<'_>> = BTreeMap::new();
    for finding in &report.findings {
        let key = (finding.location.path.as_str(), finding.rule_id.as_str());
        let name = finding.scanner.as_str();
        let cases = match suites.iter_mut().find(|(suite, _)| suite == name) {
            Some((_, cases)) => cases,
            None => unlisted.entry(finding.scanner).or_default(),
        };
        cases.entry(key).or_default().push(finding);
    }
    suites.extend(
        unlisted
            .into_iter()
            .map(|(scanner, cases)| (scanner.as_str().to_string(), cases)),
    );

    let mut body = String::new();
    let mut total = Counts::default();
    for (name, cases) in &suites {
        let (xml, counts) = suite(name, cases);
        body.push_str(&xml);
        total.add(&counts);
    }
    let has_notes =
        !report.errors.is_empty() || !report.skipped.is_empty() || !report.warnings.is_empty();
    if report.findings.is_empty() || has_notes {
        let (xml, counts) = scan_suite(report);
        body.push_str(&xml);
        total.add(&counts);
    }

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(xml, r#"<testsuites name="bulwark" {}>"#, total.attributes());
    xml.push_str(&body);
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}

fn suite(name: &str, cases: &Cases<'_>) -> (String, Counts) {
    let mut counts = Counts::default();
    let mut xml = String::new();
    for ((path, rule_id), findings) in cases {
        counts.tests += 1;
        let _ = writeln!(
            xml,
            r#"    <testcase classname="{}" name="{}">"#,
            escape(path),
            escape(rule_id)
        );
        let open: Vec<&Finding> = findings.iter().copied().filter(|f| f.is_open()).collect();
        if let Some(worst) = open.iter().map(|f| f.severity).max() {
            counts.failures += 1;
            let title = findings.first().map(|f| f.title.as_str()).unwrap_or("");
            let message = format!(
                "{} open: {title}",
                plural(count(open.len()), "finding", "findings")
            );
            let _ = write!(
                xml,
                r#"      <failure message="{}" type="{}">"#,
                escape(&message),
                worst.as_str()
            );
            xml.push_str(&escape_text(&failure_text(findings)));
            xml.push_str("</failure>\n");
        } else {
            counts.skipped += 1;
            let mut reasons: Vec<String> = Vec::new();
            for finding in findings {
                let reason = format!("{}: {}", status_label(finding), justification(finding));
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
            let _ = writeln!(
                xml,
                r#"      <skipped message="{}"/>"#,
                escape(&reasons.join("; "))
            );
        }
        xml.push_str("    </testcase>\n");
    }
    let mut wrapped = String::new();
    let _ = write!(
        wrapped,
        r#"  <testsuite name="{}" {}"#,
        escape(name),
        counts.attributes()
    );
    if xml.is_empty() {
        wrapped.push_str("/>\n");
    } else {
        wrapped.push_str(">\n");
        wrapped.push_str(&xml);
        wrapped.push_str("  </testsuite>\n");
    }
    (wrapped, counts)
}

/// One line per finding of the pair (open ones as they are, others with their status), then the
/// remediation once: what a developer needs without opening another report.
fn failure_text(findings: &[&Finding]) -> String {
    let mut text = String::new();
    for finding in findings {
        let location = &finding.location;
        let _ = write!(
            text,
            "{}:{} {}: {}",
            location.start_line, location.start_column, finding.severity, finding.message
        );
        if let Some(resource) = &location.resource {
            let _ = write!(text, " (resource {resource})");
        }
        if !finding.is_open() {
            let _ = write!(text, " [{}]", status_label(finding));
        }
        text.push('\n');
    }
    if let Some(remediation) = findings
        .first()
        .map(|f| f.remediation.trim())
        .filter(|r| !r.is_empty())
    {
        let _ = writeln!(text, "\nRemediation: {remediation}");
    }
    text
}

/// The `bulwark` suite: proof the scan ran, and what it could not cover.
fn scan_suite(report: &Report) -> (String, Counts) {
    let mut counts = Counts {
        tests: 1,
        ..Counts::default()
    };
    let mut xml = String::from(r#"    <testcase classname="bulwark" name="scan""#);
    if report.errors.is_empty() {
        xml.push_str("/>\n");
    } else {
        counts.errors = 1;
        let message = format!(
            "{} could not be scanned",
            plural(count(report.errors.len()), "file", "files")
        );
        let mut text = String::new();
        for error in &report.errors {
            match error.line {
                Some(line) => {
                    let _ = writeln!(text, "{}:{line}: {}", error.path, error.message);
                }
                None => {
                    let _ = writeln!(text, "{}: {}", error.path, error.message);
                }
            }
        }
        let _ = writeln!(
            xml,
            ">\n      <error message=\"{}\" type=\"scan-error\">{}</error>\n    </testcase>",
            escape(&message),
            escape_text(&text)
        );
    }
    let mut notes = String::new();
    for skipped in &report.skipped {
        let _ = writeln!(notes, "skipped: {}: {}", skipped.path, skipped.reason);
    }
    for warning in &report.warnings {
        let _ = writeln!(notes, "warning: {warning}");
    }
    if !notes.is_empty() {
        let _ = writeln!(xml, "    <system-out>{}</system-out>", escape_text(&notes));
    }
    let mut wrapped = String::new();
    let _ = writeln!(
        wrapped,
        r#"  <testsuite name="bulwark" {}>"#,
        counts.attributes()
    );
    wrapped.push_str(&xml);
    wrapped.push_str("  </testsuite>\n");
    (wrapped, counts)
}

/// Escapes `text` for a double- or single-quoted XML 1.0 attribute value.
///
/// Characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF) are dropped: even
/// as character references they would make the document ill-formed. Line breaks and tabs are
/// written as references, since parsers turn literal ones in attributes into spaces.
pub(crate) fn escape(text: &str) -> String {
    escape_with(text, true)
}

/// Escapes `text` for XML 1.0 element content; line breaks stay literal to keep the file readable.
pub(crate) fn escape_text(text: &str) -> String {
    escape_with(text, false)
}

fn escape_with(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A literal CR would be normalised away by parsers, in content too.
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// The `Char` production of XML 1.0 (surrogates cannot occur in a Rust `char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}
