//! The table reporter: what a person at a terminal reads.
//!
//! Findings are grouped by file, open ones first, each as `LINE:COL  SEVERITY  rule_id` with the
//! message wrapped below it. Lines fit in [`WIDTH`] columns (counted in characters) except where a
//! path or a rule id is longer than that on its own, since breaking those would make them
//! impossible to copy. Colour is applied after layout, so it never changes what wraps where.

use crate::Report;
use crate::text::{count, plural, status_label, visible};
use anstyle::{AnsiColor, Style};
use bulwark_core::{Finding, Severity};
use std::io::{self, Write};

/// The width of a classic terminal; CI logs and pagers are often no wider.
const WIDTH: usize = 80;
/// Where messages and details start, under the position column.
const DETAIL_INDENT: usize = 6;

/// The style of a severity label.
fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Critical => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::High => Style::new().fg_color(Some(AnsiColor::Red.into())),
        Severity::Medium => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Low => Style::new().fg_color(Some(AnsiColor::Blue.into())),
        Severity::Info => Style::new().dimmed(),
    }
}

/// Writes lines, painting them only when colour is on.
struct Painter<'a> {
    out: &'a mut dyn Write,
    color: bool,
}

impl Painter<'_> {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    fn line(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")
    }

    fn styled_line(&mut self, style: Style, text: &str) -> io::Result<()> {
        let painted = self.paint(style, text);
        self.line(&painted)
    }
}

pub(crate) fn render(report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let mut painter = Painter { out, color };
    if report.findings.is_empty() {
        painter.line("No findings.")?;
    } else {
        for (index, (path, findings)) in group_by_path(&report.findings).into_iter().enumerate() {
            if index > 0 {
                painter.line("")?;
            }
            render_file(&mut painter, path, &findings)?;
        }
    }
    render_sections(&mut painter, report)?;
    if !report.findings.is_empty() {
        render_summary(&mut painter, report)?;
    }
    Ok(())
}

/// Groups findings by path, in the order paths first appear (the report is sorted by path, so
/// this is path order; grouping without re-sorting keeps whatever order the report chose).
fn group_by_path(findings: &[Finding]) -> Vec<(&str, Vec<&Finding>)> {
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for finding in findings {
        let path = finding.location.path.as_str();
        match groups.iter_mut().find(|(p, _)| *p == path) {
            Some((_, group)) => group.push(finding),
            None => groups.push((path, vec![finding])),
        }
    }
    groups
}

fn position(finding: &Finding) -> String {
    format!(
        "{}:{}",
        finding.location.start_line, finding.location.start_column
    )
}

fn render_file(painter: &mut Painter<'_>, path: &str, findings: &[&Finding]) -> io::Result<()> {
    painter.styled_line(Style::new().bold(), &visible(path))?;
    let position_width = findings
        .iter()
        .map(|f| position(f).chars().count())
        .max()
        .unwrap_or(0);
    let (open, closed): (Vec<&Finding>, Vec<&Finding>) =
        findings.iter().copied().partition(|f| f.is_open());
    for finding in open {
        render_finding(painter, finding, position_width)?;
    }
    for finding in closed {
        render_finding(painter, finding, position_width)?;
    }
    Ok(())
}

fn render_finding(
    painter: &mut Painter<'_>,
    finding: &Finding,
    position_width: usize,
) -> io::Result<()> {
    let open = finding.is_open();
    let dim = Style::new().dimmed();
    let severity = finding.severity.as_str().to_ascii_uppercase();
    let rule_id = visible(&finding.rule_id);
    let lead = format!("  {:<position_width$}  ", position(finding));
    let plain = format!("{lead}{severity:<8}  {rule_id}");

    let mut details = Vec::new();
    if open {
        let severity_cell = format!("{severity:<8}");
        let painted = painter.paint(severity_style(finding.severity), &severity_cell);
        painter.line(&format!("{lead}{painted}  {rule_id}"))?;
    } else {
        let tag = format!("[{}]", visible(&status_label(finding)));
        if plain.chars().count() + 1 + tag.chars().count() <= WIDTH {
            painter.styled_line(dim, &format!("{plain} {tag}"))?;
        } else {
            painter.styled_line(dim, &plain)?;
            details.extend(wrap(&tag, DETAIL_INDENT, WIDTH));
        }
    }

    details.extend(wrap(&finding.message, DETAIL_INDENT, WIDTH));
    if let Some(resource) = &finding.location.resource {
        details.extend(wrap_whole_words(
            &format!("resource: {resource}"),
            DETAIL_INDENT,
            WIDTH,
        ));
    }
    if let Some(commit) = &finding.location.commit {
        details.extend(wrap_whole_words(
            &format!("commit: {commit}"),
            DETAIL_INDENT,
            WIDTH,
        ));
    }
    if let Some(suppression) = finding.suppression.as_ref().filter(|_| !open) {
        let mut reason = format!("reason: {}", suppression.justification.trim());
        let extras = [
            ("ticket", &suppression.ticket),
            ("approved by", &suppression.approved_by),
            ("expires", &suppression.expires),
        ];
        for (label, value) in extras {
            if let Some(value) = value {
                reason.push_str(&format!("; {label} {value}"));
            }
        }
        details.extend(wrap(&reason, DETAIL_INDENT, WIDTH));
    }
    for line in details {
        if open {
            painter.line(&line)?;
        } else {
            painter.styled_line(dim, &line)?;
        }
    }
    Ok(())
}

/// Skipped files, errors and warnings: what the findings do not cover.
fn render_sections(painter: &mut Painter<'_>, report: &Report) -> io::Result<()> {
    let skipped: Vec<String> = report
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.path, s.reason))
        .collect();
    let errors: Vec<String> = report
        .errors
        .iter()
        .map(|e| match e.line {
            Some(line) => format!("{}:{line}: {}", e.path, e.message),
            None => format!("{}: {}", e.path, e.message),
        })
        .collect();
    let sections = [
        ("Skipped files", &skipped, Style::new().bold()),
        (
            "Errors",
            &errors,
            Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        ),
        (
            "Warnings",
            &report.warnings,
            Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        ),
    ];
    for (title, entries, style) in sections {
        if entries.is_empty() {
            continue;
        }
        painter.line("")?;
        painter.styled_line(style, &format!("{title} ({}):", entries.len()))?;
        for entry in entries.iter() {
            // The first line of an entry starts at 2, its continuation lines at 4.
            let mut lines = wrap_whole_words(entry, 4, WIDTH).into_iter();
            if let Some(first) = lines.next() {
                painter.line(&format!("  {}", first.trim_start()))?;
            }
            for line in lines {
                painter.line(&line)?;
            }
        }
    }
    Ok(())
}

/// Counts by severity and status, and the gate's verdict: the lines a CI log is read for.
fn render_summary(painter: &mut Painter<'_>, report: &Report) -> io::Result<()> {
    let summary = &report.summary;
    painter.line("")?;
    let by_severity: Vec<String> = Severity::ALL_DESC
        .iter()
        .filter_map(|severity| {
            let n = summary.open_by_severity.get(severity).copied().unwrap_or(0);
            (n > 0).then(|| format!("{n} {severity}"))
        })
        .collect();
    let open_total: u64 = summary.open_by_severity.values().sum();
    let open_line = if open_total == 0 {
        "No open findings.".to_string()
    } else {
        format!(
            "{}: {}.",
            plural(open_total, "open finding", "open findings"),
            by_severity.join(", ")
        )
    };
    for line in wrap(&open_line, 0, WIDTH) {
        painter.line(&line)?;
    }
    let not_open: Vec<String> = ["waived", "baselined", "suppressed"]
        .iter()
        .filter_map(|status| {
            let n = summary.by_status.get(*status).copied().unwrap_or(0);
            (n > 0).then(|| format!("{n} {status}"))
        })
        .collect();
    if !not_open.is_empty() {
        for line in wrap(&format!("Not open: {}.", not_open.join(", ")), 0, WIDTH) {
            painter.line(&line)?;
        }
    }
    let scanned = format!(
        "Scanned {} ({}); {} skipped, {} binary.",
        plural(summary.files_scanned, "file", "files"),
        human_bytes(summary.bytes_scanned),
        summary.files_skipped,
        summary.binary_files,
    );
    for line in wrap(&scanned, 0, WIDTH) {
        painter.line(&line)?;
    }
    let gate = &summary.gate;
    let failing = plural(count(gate.failing), "open finding", "open findings");
    let (verdict, style) = if gate.passed {
        (
            format!("Gate passed (fail on: {}).", gate.fail_on),
            Style::new().bold().fg_color(Some(AnsiColor::Green.into())),
        )
    } else {
        (
            format!("Gate failed: {failing} at or above {}.", gate.fail_on),
            Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        )
    };
    for line in wrap(&verdict, 0, WIDTH) {
        painter.styled_line(style, &line)?;
    }
    Ok(())
}

/// `512 bytes`, `120.6 KiB`, `3.2 GiB`: binary units, one decimal.
fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return plural(bytes, "byte", "bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Word-wraps `text` to `width` columns with every line indented by `indent` spaces.
///
/// Line breaks in `text` are kept, runs of other whitespace collapse to one space, and a word
/// longer than a whole line is cut (messages may hold long tokens such as URLs or digests).
/// Control characters are made visible first (see [`visible`]).
pub(crate) fn wrap(text: &str, indent: usize, width: usize) -> Vec<String> {
    wrap_with(text, indent, width, true)
}

/// Like [`wrap`], but leaves over-long words whole: for paths and resource addresses, which are
/// only useful when they can be copied in one piece.
fn wrap_whole_words(text: &str, indent: usize, width: usize) -> Vec<String> {
    wrap_with(text, indent, width, false)
}

fn wrap_with(text: &str, indent: usize, width: usize, cut: bool) -> Vec<String> {
    let available = width.saturating_sub(indent).max(20);
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut current = String::new();
        let mut current_len = 0;
        for word in paragraph.split_whitespace() {
            let word = visible(word);
            let mut chars: Vec<char> = word.chars().collect();
            // Cut words that cannot fit on a line of their own.
            while cut && chars.len() > available {
                if current_len > 0 {
                    lines.push(format!("{pad}{current}"));
                    current.clear();
                    current_len = 0;
                }
                let rest = chars.split_off(available);
                lines.push(format!("{pad}{}", chars.iter().collect::<String>()));
                chars = rest;
            }
            if chars.is_empty() {
                continue;
            }
            let needed = if current_len == 0 {
                chars.len()
            } else {
                current_len + 1 + chars.len()
            };
            if needed > available {
                lines.push(format!("{pad}{current}"));
                current.clear();
                current_len = 0;
            }
            if current_len > 0 {
                current.push(' ');
                current_len += 1;
            }
            current.extend(chars.iter());
            current_len += chars.len();
        }
        if current_len > 0 {
            lines.push(format!("{pad}{current}"));
        }
    }
    lines
}
