//! Measures the pipeline's walk + read stage alone: every file is discovered, read once and
//! offered to an analyzer that does nothing. `bench/walk.sh` runs this beside `rg --files`.
//!
//! Usage: cargo run --release -p bulwark-scan --example walk -- PATH [THREADS]

use bulwark_core::{Analyzer, Outcome, Rule, Scanner, SourceFile};
use bulwark_scan::{ScanOptions, scan};
use std::path::PathBuf;
use std::process::ExitCode;

/// Claims every file and finds nothing: isolates walking and reading.
struct ReadOnly;

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

    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        std::hint::black_box(file.bytes.len());
        Outcome::default()
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: walk PATH [THREADS]");
        return ExitCode::from(2);
    };
    let threads = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let options = ScanOptions {
        root,
        excludes: Vec::new(),
        max_file_size: u64::MAX,
        threads,
    };
    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(ReadOnly)];
    match scan(&options, &analyzers, &()) {
        Ok(result) => {
            let seconds = result.elapsed.as_secs_f64().max(1e-9);
            let stats = &result.stats;
            let files = stats.files_scanned + stats.binary_files;
            println!(
                "{files} files ({} text, {} binary), {:.1} MB read in {seconds:.3}s: {:.0} files/s, {:.1} MB/s",
                stats.files_scanned,
                stats.binary_files,
                stats.bytes_scanned as f64 / 1e6,
                files as f64 / seconds,
                stats.bytes_scanned as f64 / 1e6 / seconds
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
