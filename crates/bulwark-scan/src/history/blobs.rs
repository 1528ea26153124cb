//! Scanning one batch of blobs in parallel.
//!
//! Each rayon worker reads blobs through its own thread-local `gix::Repository` (made once per
//! worker per scan from the shared `ThreadSafeRepository`, so its pack caches live across batches).
//! A blob is read only after its header says it is within the size limit, and only one blob per
//! worker is in memory at a time: memory is bounded by `threads × max_file_size` whatever the
//! batch size.

use super::ids::{Oid, hex, object_id, short};
use super::walk::BlobJob;
use crate::pipeline::{self, BINARY_SNIFF_LEN, FileError, Progress};
use bulwark_core::{Analyzer, Finding};
use gix::objs::FindExt;
use rayon::prelude::*;
use std::cell::RefCell;

/// What became of one blob.
pub(crate) enum BlobKind {
    Scanned(u64),
    Binary,
    Skipped(String),
    /// No analyzer wanted the path (cannot normally happen: the walker checks first).
    Unclaimed,
    Unreadable,
}

pub(crate) struct BlobOutcome {
    pub kind: BlobKind,
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
}

/// What every worker needs to scan a blob.
pub(crate) struct Context<'a> {
    pub repo: &'a gix::ThreadSafeRepository,
    /// Unique per scan, so a thread-local handle from an earlier scan is never reused.
    pub scan_id: u64,
    pub max_file_size: u64,
    pub analyzers: &'a [Box<dyn Analyzer>],
    pub progress: &'a dyn Progress,
}

thread_local! {
    /// This thread's repository handle and read buffer, tagged with the scan they belong to.
    static HANDLE: RefCell<Option<(u64, gix::Repository, Vec<u8>)>> = const { RefCell::new(None) };
}

/// Scans `jobs` on `pool` (or on this thread), returning one outcome per job, in job order.
pub(crate) fn scan_batch(
    context: &Context<'_>,
    pool: Option<&rayon::ThreadPool>,
    jobs: &[BlobJob],
) -> Vec<BlobOutcome> {
    let scan_one =
        |job: &BlobJob| with_handle(context, |repo, buf| scan_blob(context, repo, buf, job));
    match pool {
        Some(pool) => pool.install(|| jobs.par_iter().map(scan_one).collect()),
        None => jobs.iter().map(scan_one).collect(),
    }
}

/// Drops this thread's handle (for the calling thread, which outlives the scan).
pub(crate) fn release_handle() {
    HANDLE.with(|handle| {
        if let Ok(mut handle) = handle.try_borrow_mut() {
            *handle = None;
        }
    });
}

fn with_handle<R>(context: &Context<'_>, f: impl FnOnce(&gix::Repository, &mut Vec<u8>) -> R) -> R {
    HANDLE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => {
            if slot
                .as_ref()
                .is_none_or(|(id, _, _)| *id != context.scan_id)
            {
                *slot = Some((context.scan_id, context.repo.to_thread_local(), Vec::new()));
            }
            match slot.as_mut() {
                Some((_, repo, buf)) => f(repo, buf),
                None => f(&context.repo.to_thread_local(), &mut Vec::new()),
            }
        }
        // Re-entered on this thread (a nested rayon job): use a fresh handle.
        Err(_) => f(&context.repo.to_thread_local(), &mut Vec::new()),
    })
}

fn scan_blob(
    context: &Context<'_>,
    repo: &gix::Repository,
    buf: &mut Vec<u8>,
    job: &BlobJob,
) -> BlobOutcome {
    let mut outcome = BlobOutcome {
        kind: BlobKind::Unclaimed,
        findings: Vec::new(),
        errors: Vec::new(),
    };
    let wanted: Vec<&dyn Analyzer> = context
        .analyzers
        .iter()
        .map(|a| a.as_ref())
        .filter(|a| a.wants_path(&job.path))
        .collect();
    if !wanted.is_empty() {
        outcome.kind = match read(repo, &job.id, context.max_file_size, buf) {
            Ok(Read::Text(bytes)) => {
                // A declined file in history is not listed: history reports findings only.
                let _declined = pipeline::analyze(
                    &job.path,
                    bytes,
                    &wanted,
                    &mut outcome.findings,
                    &mut outcome.errors,
                );
                annotate(job, &mut outcome.findings, &mut outcome.errors);
                BlobKind::Scanned(bytes.len() as u64)
            }
            Ok(Read::Binary) => BlobKind::Binary,
            Ok(Read::TooLarge(size)) => BlobKind::Skipped(format!(
                "too large: {size} bytes (limit {}; raise max_file_size in bulwark.toml or --max-file-size)",
                context.max_file_size
            )),
            Err(message) => {
                outcome.errors.push(FileError {
                    path: hex(&job.id),
                    line: None,
                    message: format!(
                        "cannot read blob for {}@{}: {message}",
                        job.path,
                        short(&job.commit.id)
                    ),
                });
                BlobKind::Unreadable
            }
        };
    }
    let bytes = match outcome.kind {
        BlobKind::Scanned(bytes) => bytes,
        _ => 0,
    };
    // Keep the buffer's capacity bounded between blobs.
    if buf.capacity() > 4 * 1024 * 1024 {
        *buf = Vec::new();
    }
    context
        .progress
        .file_done(bytes, outcome.findings.len() as u64);
    outcome
}

enum Read<'a> {
    Text(&'a [u8]),
    Binary,
    TooLarge(u64),
}

/// Reads blob `id` into `buf` unless its header says it is over `max_size`.
fn read<'a>(
    repo: &gix::Repository,
    id: &Oid,
    max_size: u64,
    buf: &'a mut Vec<u8>,
) -> Result<Read<'a>, String> {
    let id = object_id(id);
    let header = repo.find_header(id).map_err(|e| e.to_string())?;
    if header.kind() != gix::object::Kind::Blob {
        return Err(format!("expected a blob, found a {}", header.kind()));
    }
    if header.size() > max_size {
        return Ok(Read::TooLarge(header.size()));
    }
    let blob = repo
        .objects
        .find_blob(&id, buf)
        .map_err(|e| e.to_string())?;
    let bytes = blob.data;
    if bytes.len() as u64 > max_size {
        return Ok(Read::TooLarge(bytes.len() as u64));
    }
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if memchr::memchr(0, sniff).is_some() {
        return Ok(Read::Binary);
    }
    Ok(Read::Text(bytes))
}

/// Stamps the introducing commit on findings, and `path@commit` on analyzer problems.
fn annotate(job: &BlobJob, findings: &mut [Finding], errors: &mut [FileError]) {
    let commit = &job.commit;
    for finding in findings {
        finding.location.commit = Some(commit.id.clone());
        finding
            .properties
            .insert("commit_author".into(), commit.author.clone().into());
        finding
            .properties
            .insert("commit_date".into(), commit.date.clone().into());
        finding
            .properties
            .insert("commit_summary".into(), commit.summary.clone().into());
    }
    for error in errors {
        error.path = format!("{}@{}", error.path, short(&commit.id));
    }
}
