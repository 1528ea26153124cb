//! `bulwark scan --history`: every blob ever committed, scanned once, each finding credited to the
//! commit that introduced it.
//!
//! # Semantics
//!
//! 1. **Commits.** Every commit reachable from the tips (`HEAD`, or every reference with
//!    [`HistoryOptions::all_refs`]) and not reachable from [`HistoryOptions::since`] is visited,
//!    **oldest first**: parents always before their children (a topological order; among
//!    unrelated commits, by commit time). Only 20-byte ids are kept for the walk.
//! 2. **Changes.** For each commit, the blobs it adds or changes relative to its **first parent**
//!    (root commits and shallow-clone boundary commits: its whole tree) are found by comparing
//!    trees by object id; unchanged subtrees are never read. There is no rename detection: a
//!    renamed, unchanged blob has the same id and is therefore not scanned again. Paths are full
//!    `/`-separated repository paths. Submodules (gitlinks) and symbolic links are not scanned.
//! 3. **Each unique blob is scanned once**, whatever the number of commits and paths containing
//!    it: it is scanned at the first (oldest) commit and path where it appears, which is where it
//!    was introduced. (A set of seen blob ids costs a few dozen bytes per blob.) A blob at a path
//!    no analyzer wants ([`Analyzer::wants_path`]) is not marked seen, so a later copy at a
//!    wanted path is still scanned.
//! 4. **Parallel, bounded.** A walker thread produces batches of at most [`BATCH_BLOBS`] blob
//!    jobs; each batch is scanned on a rayon pool of [`HistoryOptions::threads`] workers (each with
//!    its own thread-local repository handle) and folded into the result while the walker
//!    prepares the next one (at most one batch waits). Workers read a blob only after its header
//!    shows it within [`HistoryOptions::max_file_size`], one blob per worker at a time, so memory
//!    is bounded by the batch size, `threads × max_file_size` and the number of distinct findings,
//!    never by the length of the history. Binary blobs (a NUL in the first 8 KiB) are counted in
//!    [`Stats::binary_files`]; oversize blobs are listed in [`ScanResult::skipped`] as
//!    `path@commit` (12-digit commit id, so `git show commit:path` finds them).
//!    [`Analyzer::wants_content`] and in-source `bulwark:ignore` comments work as in a tree scan.
//! 5. **Commit details.** Each finding's `location.commit` is the full id of the introducing
//!    commit, and its properties hold `commit_author` (`Name <email>`), `commit_date` (committer
//!    time, RFC 3339 UTC) and `commit_summary` (first message line, at most 120 characters).
//! 6. **Attribution to the oldest commit.** The same secret usually sits in many blobs (every
//!    later edit of the file keeps it). Findings are de-duplicated by `(rule_id, identity)` when
//!    the analyzer set an identity, else by `(rule_id, path, message)`, keeping the occurrence
//!    from the oldest commit in walk order; property `occurrences` counts the blobs containing
//!    it. An in-source suppression holds only if every occurrence was suppressed.
//! 7. **Still present at `HEAD`.** Property `present_at_head` is `true` when a blob of `HEAD`'s
//!    tree contained the finding (only the set of `HEAD`'s blob ids is kept for this), else
//!    `false`. With `since`, blobs of `HEAD` older than `since` are not scanned, so this only
//!    speaks of findings introduced after `since`.
//! 8. **Order.** Findings are sorted and fingerprinted exactly as in a tree scan.
//! 9. **Robustness.** Never panics on repository content. Shallow clones: boundary commits are
//!    roots. A missing or corrupt object becomes a [`FileError`] whose path is the id of the
//!    commit (commit, parent or tree unreadable) or of the blob, and the scan goes on. An empty
//!    repository (unborn `HEAD`) gives an empty result. [`Progress::discovered`] receives the
//!    number of **commits** to visit; [`Progress::file_done`] is called once per blob job.
//! 10. **Stats.** `files_scanned` = unique blobs scanned, `bytes_scanned` = their bytes,
//!     `binary_files`, `files_skipped`; `files_unclaimed` stays 0 (unwanted paths are not jobs).

mod blobs;
mod fold;
mod ids;
mod revs;
mod walk;

use crate::pipeline::{self, FileError, Progress, ScanResult, Skipped};
use bulwark_core::Analyzer;
use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

#[cfg(doc)]
use crate::pipeline::Stats;

/// Most blob jobs per batch: the walker stops and waits once one batch is being scanned and
/// another is ready.
pub const BATCH_BLOBS: usize = 4096;

/// Delta-base cache of the commit walk's repository handles, in bytes. (Blob workers keep
/// `gix`'s default: each blob is read once, a bigger cache measured no faster.)
const WALK_DELTA_CACHE: usize = 64 * 1024 * 1024;

/// What history to scan and how.
#[derive(Debug, Clone)]
pub struct HistoryOptions {
    /// A work tree (containing `.git`) or a bare repository.
    pub repo: PathBuf,
    /// A revision (`v1.2`, `HEAD~50`, a commit id): only commits reachable from the tips but not
    /// from this one are scanned.
    pub since: Option<String>,
    /// Tips are all references (branches, tags, remotes, stash) and `HEAD`, not only `HEAD`.
    pub all_refs: bool,
    /// Larger blobs are skipped and listed in [`ScanResult::skipped`].
    pub max_file_size: u64,
    /// Worker threads scanning blobs (at least 1); with more than one, the commit walk runs on one
    /// more thread alongside.
    pub threads: usize,
}

/// Why a history scan could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum HistoryError {
    /// `path` is neither a work tree with `.git` nor a bare repository.
    NotARepository { path: PathBuf, message: String },
    /// `since` does not name a commit.
    UnknownRevision { revision: String, message: String },
    /// The repository could not be read (references, `HEAD`, configuration).
    Repository { message: String },
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistoryError::NotARepository { path, .. } => {
                write!(f, "{}: not a git repository", path.display())
            }
            HistoryError::UnknownRevision { revision, message } => {
                write!(f, "unknown revision `{revision}`: {message}")
            }
            HistoryError::Repository { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for HistoryError {}

/// Distinguishes scans, so a worker thread never reuses a repository handle of another scan.
static SCANS: AtomicU64 = AtomicU64::new(0);

/// Runs `analyzers` over every blob in the history of `options.repo` (see the [module
/// documentation](self) for what is scanned and how findings are attributed).
pub fn scan_history(
    options: &HistoryOptions,
    analyzers: &[Box<dyn Analyzer>],
    progress: &dyn Progress,
) -> Result<ScanResult, HistoryError> {
    let started = Instant::now();
    let threads = options.threads.max(1);
    let shared = revs::open(&options.repo)?;
    let mut repo = shared.to_thread_local();
    ids::delta_base_cache(&mut repo, WALK_DELTA_CACHE);
    let mut plan = revs::plan(&repo, options.since.as_deref(), options.all_refs)?;
    progress.discovered(plan.commits.len() as u64);
    tracing::info!(commits = plan.commits.len(), "history walk planned");

    let mut result = ScanResult::default();
    result.errors.append(&mut plan.errors);
    let head_blobs = match plan.head_tree {
        Some(tree) => revs::tree_blobs(&repo, &tree, &mut result.errors),
        None => ids::IdSet::default(),
    };
    drop(repo);

    let pool = if threads > 1 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("bulwark-history-{i}"))
            .build()
            .ok()
    } else {
        None
    };
    let context = blobs::Context {
        repo: &shared,
        scan_id: SCANS.fetch_add(1, Ordering::Relaxed),
        max_file_size: options.max_file_size,
        analyzers,
        progress,
    };
    let mut attribution = fold::Attribution::default();
    let mut scan_and_fold = |jobs: Vec<walk::BlobJob>| {
        let outcomes = blobs::scan_batch(&context, pool.as_ref(), &jobs);
        for (job, outcome) in jobs.iter().zip(outcomes) {
            fold_outcome(&mut result, job, &outcome.kind);
            result.errors.extend(outcome.errors);
            let at_head = head_blobs.contains(&job.id);
            attribution.add_blob(job.order, at_head, outcome.findings);
        }
    };

    let walk_errors = std::thread::scope(|scope| {
        let walk_alongside = |tx: std::sync::mpsc::SyncSender<Vec<walk::BlobJob>>| {
            let mut walker = walk::Walker::new(shared.to_thread_local(), &plan.shallow, analyzers);
            walker.run(&plan.commits, BATCH_BLOBS, &mut |batch| {
                tx.send(batch).is_ok()
            });
            walker.errors
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let spawned = if pool.is_some() {
            std::thread::Builder::new()
                .name("bulwark-history-walk".into())
                .spawn_scoped(scope, move || walk_alongside(tx))
                .ok()
        } else {
            None
        };
        match spawned {
            Some(walker) => {
                for batch in rx {
                    scan_and_fold(batch);
                }
                walker.join().unwrap_or_else(|_| {
                    vec![FileError {
                        path: "<commit walk>".into(),
                        line: None,
                        message: "the commit walk stopped unexpectedly".into(),
                    }]
                })
            }
            // One thread (or none could be started): walk and scan in turn on this one.
            None => {
                let mut walker =
                    walk::Walker::new(shared.to_thread_local(), &plan.shallow, analyzers);
                walker.run(&plan.commits, BATCH_BLOBS, &mut |batch| {
                    scan_and_fold(batch);
                    true
                });
                walker.errors
            }
        }
    });
    blobs::release_handle();

    result.errors.extend(walk_errors);
    result.findings = attribution.into_findings();
    pipeline::finish(&mut result);
    result.elapsed = started.elapsed();
    Ok(result)
}

fn fold_outcome(result: &mut ScanResult, job: &walk::BlobJob, kind: &blobs::BlobKind) {
    match kind {
        blobs::BlobKind::Scanned(bytes) => {
            result.stats.files_scanned += 1;
            result.stats.bytes_scanned += bytes;
        }
        blobs::BlobKind::Binary => result.stats.binary_files += 1,
        blobs::BlobKind::Skipped(reason) => {
            result.stats.files_skipped += 1;
            result.skipped.push(Skipped {
                path: format!("{}@{}", job.path, ids::short(&job.commit.id)),
                reason: reason.clone(),
            });
        }
        blobs::BlobKind::Unclaimed | blobs::BlobKind::Unreadable => {}
    }
}
