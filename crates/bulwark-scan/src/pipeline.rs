//! Read each file once, run the analyzers that want it, collect a deterministic result.

use crate::walk::{self, WalkError};
use bulwark_core::policy::inline;
use bulwark_core::{Analyzer, Finding, SourceFile, fingerprint};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Bytes inspected for a NUL to decide that a file is binary (as git and ripgrep do).
pub(crate) const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub root: PathBuf,
    /// Gitignore-syntax globs, relative to the root, never scanned.
    pub excludes: Vec<String>,
    /// Larger files are skipped and listed in [`ScanResult::skipped`].
    pub max_file_size: u64,
    /// Worker threads for the walk and the analyzers (at least 1).
    pub threads: usize,
}

/// A file not analysed, and why; reports list these so nothing is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// A file (or directory) that could not be read or understood. The scan goes on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: String,
    pub line: Option<u32>,
    pub message: String,
}

/// Counters for the summary line and the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub files_skipped: u64,
    pub binary_files: u64,
    /// Files no selected analyzer wanted (so they were not read).
    pub files_unclaimed: u64,
}

/// Everything a scan produced, before policy.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// Sorted, de-duplicated and fingerprinted.
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<FileError>,
    pub stats: Stats,
    pub elapsed: Duration,
}

/// Progress hooks, called from worker threads. The binary draws a progress bar with them;
/// the pipeline itself never prints.
pub trait Progress: Sync {
    /// The walk is done: this many files will be considered.
    fn discovered(&self, _files: u64) {}
    /// One file is done.
    fn file_done(&self, _bytes: u64, _findings: u64) {}
}

/// No progress reporting.
impl Progress for () {}

/// Runs `analyzers` over every file under `options.root`.
pub fn scan(
    options: &ScanOptions,
    analyzers: &[Box<dyn Analyzer>],
    progress: &dyn Progress,
) -> Result<ScanResult, WalkError> {
    let started = Instant::now();
    let threads = options.threads.max(1);
    let walk::Discovery {
        files: candidates,
        errors: walk_errors,
    } = walk::discover(&options.root, &options.excludes, threads)?;
    progress.discovered(candidates.len() as u64);
    tracing::info!(files = candidates.len(), "walk finished");

    let root_is_file = options.root.is_file();
    let relative = |path: &Path| relative_path(&options.root, path, root_is_file);

    let scan_one = |candidate: &PathBuf| {
        scan_file(
            candidate,
            &relative(candidate),
            options,
            analyzers,
            progress,
        )
    };
    let outcomes: Vec<FileOutcome> =
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(|| candidates.par_iter().map(scan_one).collect()),
            // Could not start threads (resource limits): scan on this thread rather than fail.
            Err(_) => candidates.iter().map(scan_one).collect(),
        };

    let mut result = ScanResult::default();
    for (path, message) in walk_errors {
        result.errors.push(FileError {
            path: relative(&path),
            line: None,
            message,
        });
    }
    for outcome in outcomes {
        result.findings.extend(outcome.findings);
        result.errors.extend(outcome.errors);
        result
            .skipped
            .extend(outcome.declined.into_iter().map(|reason| Skipped {
                path: outcome.path.clone(),
                reason,
            }));
        match outcome.kind {
            FileKind::Scanned(bytes) => {
                result.stats.files_scanned += 1;
                result.stats.bytes_scanned += bytes;
            }
            FileKind::Skipped(reason) => {
                result.stats.files_skipped += 1;
                result.skipped.push(Skipped {
                    path: outcome.path,
                    reason,
                });
            }
            FileKind::Binary => result.stats.binary_files += 1,
            FileKind::Unclaimed => result.stats.files_unclaimed += 1,
            FileKind::Unreadable => {}
        }
    }
    finish(&mut result);
    result.elapsed = started.elapsed();
    Ok(result)
}

/// Sorts everything into report order, removes exact duplicates and assigns fingerprints.
pub(crate) fn finish(result: &mut ScanResult) {
    result
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result.findings.dedup_by(|a, b| {
        a.rule_id == b.rule_id && a.location == b.location && a.identity == b.identity
    });
    fingerprint::assign(&mut result.findings);
    result.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    result
        .errors
        .sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    result.errors.dedup();
}

enum FileKind {
    Scanned(u64),
    Skipped(String),
    Binary,
    Unclaimed,
    Unreadable,
}

struct FileOutcome {
    path: String,
    kind: FileKind,
    findings: Vec<Finding>,
    errors: Vec<FileError>,
    /// Reasons analyzers gave for leaving the file unanalyzed.
    declined: Vec<String>,
}

fn scan_file(
    candidate: &Path,
    path: &str,
    options: &ScanOptions,
    analyzers: &[Box<dyn Analyzer>],
    progress: &dyn Progress,
) -> FileOutcome {
    let mut outcome = FileOutcome {
        path: path.to_string(),
        kind: FileKind::Unclaimed,
        findings: Vec::new(),
        errors: Vec::new(),
        declined: Vec::new(),
    };
    let wanted: Vec<&dyn Analyzer> = analyzers
        .iter()
        .map(|a| a.as_ref())
        .filter(|a| a.wants_path(path))
        .collect();
    if !wanted.is_empty() {
        // An analyzer may accept larger files of its own kind (lockfiles); the others still
        // get only files within the configured limit.
        let limit_of = |a: &dyn Analyzer| {
            a.max_file_size(path)
                .map_or(options.max_file_size, |own| own.max(options.max_file_size))
        };
        let limit = wanted
            .iter()
            .map(|a| limit_of(*a))
            .max()
            .unwrap_or(options.max_file_size);
        outcome.kind = match read(candidate, limit) {
            Ok(Read::Text(bytes)) => {
                let size = bytes.len() as u64;
                let within: Vec<&dyn Analyzer> = wanted
                    .iter()
                    .copied()
                    .filter(|a| size <= limit_of(*a))
                    .collect();
                outcome.declined = analyze(
                    path,
                    &bytes,
                    &within,
                    &mut outcome.findings,
                    &mut outcome.errors,
                );
                FileKind::Scanned(bytes.len() as u64)
            }
            Ok(Read::Binary) => FileKind::Binary,
            Ok(Read::TooLarge(size)) => {
                tracing::debug!(path, size, "skipped: too large");
                FileKind::Skipped(format!(
                    "too large: {size} bytes (limit {limit}; raise max_file_size in bulwark.toml or --max-file-size)"
                ))
            }
            Err(error) => {
                tracing::debug!(path, %error, "cannot read");
                outcome.errors.push(FileError {
                    path: path.to_string(),
                    line: None,
                    message: format!("cannot read: {error}"),
                });
                FileKind::Unreadable
            }
        };
    }
    let bytes = match outcome.kind {
        FileKind::Scanned(bytes) => bytes,
        _ => 0,
    };
    progress.file_done(bytes, outcome.findings.len() as u64);
    outcome
}

enum Read {
    Text(Vec<u8>),
    Binary,
    TooLarge(u64),
}

/// Reads a file once: the size comes from the open handle (no separate `stat`), and the buffer is
/// allocated once at that size.
fn read(path: &Path, max_size: u64) -> std::io::Result<Read> {
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > max_size {
        return Ok(Read::TooLarge(size));
    }
    let capacity = usize::try_from(size).unwrap_or(0).saturating_add(1);
    let mut bytes = Vec::with_capacity(capacity);
    // `take` bounds the read even if the file grows while being read.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, max_size.saturating_add(1)),
        &mut bytes,
    )?;
    if bytes.len() as u64 > max_size {
        return Ok(Read::TooLarge(bytes.len() as u64));
    }
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if memchr::memchr(0, sniff).is_some() {
        return Ok(Read::Binary);
    }
    Ok(Read::Text(bytes))
}

/// Offers one file's bytes to the analyzers, then applies its inline suppressions. Returns the
/// reasons analyzers gave for declining the file (prefixed with the analyzer's name).
pub(crate) fn analyze(
    path: &str,
    bytes: &[u8],
    analyzers: &[&dyn Analyzer],
    findings: &mut Vec<Finding>,
    errors: &mut Vec<FileError>,
) -> Vec<String> {
    let file = SourceFile { path, bytes };
    let mut declined = Vec::new();
    for analyzer in analyzers.iter().filter(|a| a.wants_content(&file)) {
        let result = analyzer.analyze(&file);
        findings.extend(result.findings);
        declined.extend(
            result
                .skipped
                .into_iter()
                .map(|reason| format!("{}: {reason}", analyzer.name())),
        );
        errors.extend(result.problems.into_iter().map(|problem| FileError {
            path: path.to_string(),
            line: problem.line,
            message: format!("{}: {}", analyzer.name(), problem.message),
        }));
    }
    let suppressions = inline::parse(bytes);
    if !suppressions.is_empty() {
        let unjustified = inline::apply(path, &suppressions, findings);
        findings.extend(unjustified);
    }
    declined
}

/// `path` relative to `root`, with `/` separators (lossy for non-UTF-8 names).
fn relative_path(root: &Path, path: &Path, root_is_file: bool) -> String {
    let relative = if root_is_file {
        path.file_name().map(Path::new).unwrap_or(path)
    } else {
        path.strip_prefix(root).unwrap_or(path)
    };
    let text = relative.to_string_lossy();
    let text = if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    };
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}
