//! The scan pipeline.
//!
//! One parallel, ignore-aware walk finds the files; each file is read once and offered to every
//! registered [`Analyzer`] that wants it; analyzers run in parallel on a rayon pool. What comes
//! back is de-duplicated, sorted and fingerprinted so that the same input gives the same report,
//! whatever the thread count. Policy (waivers, baseline, gate) is applied by the caller.

pub mod history;
mod pipeline;
mod walk;

pub use history::{HistoryError, HistoryOptions, scan_history};
pub use pipeline::{FileError, Progress, ScanOptions, ScanResult, Skipped, Stats, scan};
pub use walk::WalkError;

use bulwark_core::Analyzer;

/// The analyzers a scan runs, shared across worker threads.
pub type Analyzers = Vec<Box<dyn Analyzer>>;
