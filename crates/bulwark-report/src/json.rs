//! The JSON reporter: the [`Report`] serialised as it is (see `docs/report-schema.md`).

use crate::Report;
use std::io::{self, Write};

/// Pretty-printed so that reports diff well; ends with a newline like any text file.
pub(crate) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
