//! The Markdown reporter: a compact summary for a pull-request comment.
//!
//! The gate's verdict comes first, then counts, then the most severe open findings. The output
//! is capped at [`MAX_BYTES`] (GitHub rejects comments over 65,536 characters) by dropping whole
//! table rows, never by cutting one.
//!
//! Messages and paths come from the scanned repository, which may be hostile, so every cell is
//! escaped: no table breaking out of its cell, no injected links, images, HTML or `@`-mentions.

use crate::Report;
use crate::text::{count, plural};
use bulwark_core::{Finding, Severity};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The most open findings listed; the full list belongs in the SARIF or JSON report.
const MAX_ROWS: usize = 20;
/// Leaves headroom under GitHub's 65,536-character comment limit.
pub(crate) const MAX_BYTES: usize = 60_000;
/// Characters of a message shown in a cell; long messages would crowd out other rows.
const MAX_MESSAGE_CHARS: usize = 300;

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(to_markdown(report).as_bytes())
}

fn to_markdown(report: &Report) -> String {
    let head = head(report);
    let footer = footer(report);

    let mut open: Vec<&Finding> = report.open_findings().collect();
    // Stable: ties keep report order.
    open.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let rows: Vec<String> = open.iter().take(MAX_ROWS).map(|f| row(f)).collect();
    let table_head = "| Severity | Rule | Location | Message |\n|---|---|---|---|\n";

    // Drop rows from the end until everything fits.
    let mut kept = rows.len();
    loop {
        let body = table(table_head, &rows[..kept], open.len() - kept);
        if head.len() + body.len() + footer.len() <= MAX_BYTES || kept == 0 {
            return format!("{head}{body}{footer}");
        }
        kept -= 1;
    }
}

/// The verdict, counts by severity and by status.
fn head(report: &Report) -> String {
    let summary = &report.summary;
    let gate = &summary.gate;
    let mut out = String::new();
    let failing = plural(count(gate.failing), "open finding", "open findings");
    let threshold = escape_cell(&gate.fail_on);
    if gate.passed {
        let _ = writeln!(
            out,
            "### ✅ Bulwark: gate passed (threshold: {threshold})\n"
        );
    } else {
        let _ = writeln!(
            out,
            "### ❌ Bulwark: gate failed (threshold: {threshold})\n"
        );
    }
    if report.findings.is_empty() {
        out.push_str("No findings.\n\n");
        return out;
    }
    if !gate.passed {
        let _ = writeln!(out, "{failing} at or above **{threshold}**.\n");
    } else if gate.fail_on == "none" {
        out.push_str("The gate is off: findings are reported, never fail the build.\n\n");
    } else {
        let _ = writeln!(out, "No open findings at or above **{threshold}**.\n");
    }
    out.push_str("| Severity | Open |\n|---|---:|\n");
    for severity in Severity::ALL_DESC {
        let n = summary
            .open_by_severity
            .get(&severity)
            .copied()
            .unwrap_or(0);
        let _ = writeln!(out, "| {severity} | {n} |");
    }
    out.push('\n');
    let known = ["open", "waived", "baselined", "suppressed"];
    let mut statuses: Vec<String> = known
        .iter()
        .map(|status| {
            let n = summary.by_status.get(*status).copied().unwrap_or(0);
            format!("{n} {status}")
        })
        .collect();
    statuses.extend(
        summary
            .by_status
            .iter()
            .filter(|(status, _)| !known.contains(&status.as_str()))
            .map(|(status, n)| format!("{n} {}", escape_cell(status))),
    );
    let _ = writeln!(out, "**By status:** {}\n", statuses.join(" · "));
    out
}

fn table(table_head: &str, rows: &[String], more: usize) -> String {
    if rows.is_empty() && more == 0 {
        return String::new();
    }
    let mut out = String::from("#### Open findings\n\n");
    if !rows.is_empty() {
        out.push_str(table_head);
        for row in rows {
            out.push_str(row);
        }
        out.push('\n');
    }
    if more > 0 {
        let _ = writeln!(
            out,
            "…and {more} more open {}; see the full report.\n",
            if more == 1 { "finding" } else { "findings" }
        );
    }
    out
}

fn row(finding: &Finding) -> String {
    let location = &finding.location;
    let mut place = format!("{}:{}", location.path, location.start_line);
    if let Some(resource) = &location.resource {
        place.push_str(&format!(" ({resource})"));
    }
    let mut message: String = finding.message.chars().take(MAX_MESSAGE_CHARS).collect();
    if finding.message.chars().count() > MAX_MESSAGE_CHARS {
        message.push('…');
    }
    format!(
        "| {} | {} | {} | {} |\n",
        finding.severity,
        code_cell(&finding.rule_id),
        escape_cell(&place),
        escape_cell(&message)
    )
}

/// What the findings do not cover: worth a reviewer's attention even when the gate passed.
fn footer(report: &Report) -> String {
    let mut notes = Vec::new();
    if !report.skipped.is_empty() {
        notes.push(format!(
            "{} skipped",
            plural(count(report.skipped.len()), "file", "files")
        ));
    }
    if !report.errors.is_empty() {
        notes.push(format!(
            "{} could not be scanned",
            plural(count(report.errors.len()), "file", "files")
        ));
    }
    if !report.warnings.is_empty() {
        notes.push(plural(
            count(report.warnings.len()),
            "policy warning",
            "policy warnings",
        ));
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!("⚠️ {}: see the full report.\n", notes.join(" · "))
    }
}

/// An identifier in a code span, when it can be one safely; escaped text otherwise.
fn code_cell(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | ':'));
    if plain && !text.is_empty() {
        format!("`{text}`")
    } else {
        escape_cell(text)
    }
}

/// Makes untrusted text inert in a GitHub-flavoured Markdown table cell.
///
/// Markdown punctuation is backslash-escaped (CommonMark allows it before any ASCII
/// punctuation), line breaks become `<br>`, control characters are dropped, and `@` gets a
/// zero-width space so that a message cannot notify people or teams.
pub(crate) fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@&#8203;"),
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
