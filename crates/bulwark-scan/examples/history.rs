//! Measures the history scan alone: every commit walked, every unique blob read once and offered
//! to an analyzer that does nothing.
//!
//! Usage: cargo run --release -p bulwark-scan --example history -- REPO [THREADS] [--all-refs]
//! [--walk-only]
//!
//! `--walk-only` declines every path, so only the commit walk and tree comparisons run.

use bulwark_core::{Analyzer, Outcome, Rule, Scanner, SourceFile};
use bulwark_scan::{HistoryOptions, Progress, scan_history};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

/// Claims every blob (unless `walk_only`) and finds nothing: isolates walking and reading.
struct ReadOnly {
    walk_only: bool,
}

impl Analyzer for ReadOnly {
    fn name(&self) -> &'static str {
        "read-only"
    }

    fn scanner(&self) -> Scanner {
        Scanner::Secrets
    }

    fn rules(&self) -> Vec<&'static Rule> {
        Vec::new()
    }

    fn wants_path(&self, _path: &str) -> bool {
        !self.walk_only
    }

    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        std::hint::black_box(file.bytes.len());
        Outcome::default()
    }
}

/// Remembers the commit count the scan announces.
#[derive(Default)]
struct Commits(AtomicU64);

impl Progress for Commits {
    fn discovered(&self, commits: u64) {
        self.0.store(commits, Ordering::Relaxed);
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(repo) = args.next().map(PathBuf::from) else {
        eprintln!("usage: history REPO [THREADS] [--all-refs] [--walk-only]");
        return ExitCode::from(2);
    };
    let rest: Vec<String> = args.collect();
    let all_refs = rest.iter().any(|a| a == "--all-refs");
    let walk_only = rest.iter().any(|a| a == "--walk-only");
    let threads = rest
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let options = HistoryOptions {
        repo,
        since: None,
        all_refs,
        max_file_size: u64::MAX,
        threads,
    };
    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(ReadOnly { walk_only })];
    let commits = Commits::default();
    match scan_history(&options, &analyzers, &commits) {
        Ok(result) => {
            let seconds = result.elapsed.as_secs_f64().max(1e-9);
            let stats = &result.stats;
            let commits = commits.0.load(Ordering::Relaxed);
            let blobs = stats.files_scanned + stats.binary_files;
            println!(
                "{commits} commits, {blobs} unique blobs ({} text, {} binary), {:.1} MB read in {seconds:.3}s: \
                 {:.0} commits/s, {:.0} blobs/s, {:.1} MB/s; {} errors",
                stats.files_scanned,
                stats.binary_files,
                stats.bytes_scanned as f64 / 1e6,
                commits as f64 / seconds,
                blobs as f64 / seconds,
                stats.bytes_scanned as f64 / 1e6 / seconds,
                result.errors.len(),
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
