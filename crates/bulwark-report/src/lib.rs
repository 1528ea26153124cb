//! Bulwark's reporters: table, JSON, SARIF 2.1.0, JUnit XML and Markdown.
//!
//! Reporters only format a [`Report`]; they never see raw files. Everything they print comes from
//! the findings the analyzers and the policy produced, so a reporter cannot leak more than the
//! JSON report already holds, and every format tells the same story.
//!
//! Every reporter is deterministic: the same [`Report`] always gives the same bytes (no
//! timestamps, no hash-map iteration order), so reports can be diffed and committed.

pub mod model;
pub use model::*;

mod json;
mod junit;
mod markdown;
mod sarif;
mod table;
mod text;

#[cfg(test)]
mod tests;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// An output format, as selected with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people at a terminal: findings grouped by file, coloured by severity.
    Table,
    /// The versioned report (`docs/report-schema.md`), for other programs.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).
    Sarif,
    /// JUnit XML, for the test panels of CI servers (Jenkins, GitLab).
    Junit,
    /// A compact summary sized for a pull-request comment.
    Markdown,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 5] = [
        Format::Table,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
    ];

    /// The name `--format` accepts.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    /// Accepts the names of [`Format::as_str`] (case-insensitively) and `md` for Markdown.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        if wanted == "md" {
            return Ok(Format::Markdown);
        }
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
                format!(
                    "unknown format `{s}` (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// Writes `report` to `out` in `format`.
///
/// `color` only affects [`Format::Table`]: the caller decides (terminal detection, `NO_COLOR`,
/// `--color`), so that reporters stay pure functions of their input.
pub fn render(format: Format, report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    match format {
        Format::Table => table::render(report, out, color),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Markdown => markdown::render(report, out),
    }
}

/// Renders to a string: convenient for tests and for callers that post the output elsewhere.
pub fn render_to_string(format: Format, report: &Report, color: bool) -> io::Result<String> {
    let mut buffer = Vec::new();
    render(format, report, &mut buffer, color)?;
    String::from_utf8(buffer).map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
}
