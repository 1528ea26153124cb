//! The progress bar on stderr (only when stderr is a terminal and `--quiet` is off).

use bulwark_scan::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub struct Bar {
    bar: ProgressBar,
    /// Whether `discovered` counts commits (history) rather than files.
    history: bool,
    bytes: AtomicU64,
    findings: AtomicU64,
}

impl Bar {
    /// A bar when stderr is a terminal and not quiet; otherwise a hidden one that costs nothing.
    /// A history scan knows its commits but not its blobs up front, so it gets a counter.
    pub fn new(quiet: bool, history: bool) -> Bar {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar =
                ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr_with_hz(10));
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {wide_bar} {pos}/{len} files · {msg} · {elapsed}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        };
        Bar {
            bar,
            history,
            bytes: AtomicU64::new(0),
            findings: AtomicU64::new(0),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn discovered(&self, files: u64) {
        if !self.history {
            self.bar.set_length(files);
        }
    }

    fn file_done(&self, bytes: u64, findings: u64) {
        let total_bytes = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let total_findings = self.findings.fetch_add(findings, Ordering::Relaxed) + findings;
        self.bar.inc(1);
        if !self.bar.is_hidden() {
            self.bar.set_message(format!(
                "{} · {total_findings} findings",
                indicatif::HumanBytes(total_bytes)
            ));
        }
    }
}
