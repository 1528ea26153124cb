//! Discovery: which files a scan looks at.
//!
//! Uses the `ignore` crate (ripgrep's walker): honours `.gitignore`, `.ignore`, `.bulwarkignore`
//! and `--exclude` globs, walks in parallel, and never descends into `.git`. Hidden files are
//! scanned: `.env` files are where secrets live.

use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What the walk found: files, and entries it could not read (path, message).
///
/// Files are not `stat`ed here: the reader learns the size from the open handle, which saves a
/// path lookup per file (and files no analyzer wants are never touched at all).
pub(crate) struct Discovery {
    pub files: Vec<PathBuf>,
    pub errors: Vec<(PathBuf, String)>,
}

/// The walk could not start (the root is missing, or an exclude glob is invalid).
#[derive(Debug)]
pub enum WalkError {
    RootNotFound(PathBuf),
    InvalidExclude { glob: String, message: String },
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WalkError::RootNotFound(path) => {
                write!(f, "{}: no such file or directory", path.display())
            }
            WalkError::InvalidExclude { glob, message } => {
                write!(f, "invalid exclude glob `{glob}`: {message}")
            }
        }
    }
}

impl std::error::Error for WalkError {}

/// Walks `root` on `threads` threads; returns the files and the entries that could not be read.
pub(crate) fn discover(
    root: &Path,
    excludes: &[String],
    threads: usize,
) -> Result<Discovery, WalkError> {
    if std::fs::symlink_metadata(root).is_err() {
        return Err(WalkError::RootNotFound(root.to_path_buf()));
    }
    let mut overrides = OverrideBuilder::new(root);
    for glob in excludes {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| WalkError::InvalidExclude {
                glob: glob.clone(),
                message: e.to_string(),
            })?;
    }
    let overrides = overrides.build().map_err(|e| WalkError::InvalidExclude {
        glob: excludes.join(", "),
        message: e.to_string(),
    })?;

    let walker = WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .add_custom_ignore_filename(".bulwarkignore")
        .overrides(overrides)
        .filter_entry(|entry| entry.file_name() != ".git")
        .threads(threads)
        .build_parallel();

    let files = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    walker.run(|| {
        let files = &files;
        let errors = &errors;
        // Each walker thread batches locally and flushes once, when its visitor is dropped.
        let mut flush = FlushOnDrop {
            batch: Vec::new(),
            into: files,
        };
        Box::new(move |result| {
            match result {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                    flush.batch.push(entry.into_path());
                }
                Ok(_) => {}
                Err(e) => {
                    let path = error_path(&e).unwrap_or_else(|| PathBuf::from("."));
                    push_error(errors, &path, &error_message(&e));
                }
            }
            WalkState::Continue
        })
    });
    let files = files
        .into_inner()
        .unwrap_or_else(|poison| poison.into_inner());
    let errors = errors
        .into_inner()
        .unwrap_or_else(|poison| poison.into_inner());
    Ok(Discovery { files, errors })
}

struct FlushOnDrop<'a> {
    batch: Vec<PathBuf>,
    into: &'a Mutex<Vec<PathBuf>>,
}

impl Drop for FlushOnDrop<'_> {
    fn drop(&mut self) {
        let mut all = self
            .into
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        all.append(&mut self.batch);
    }
}

fn push_error(errors: &Mutex<Vec<(PathBuf, String)>>, path: &Path, message: &str) {
    let mut errors = errors.lock().unwrap_or_else(|poison| poison.into_inner());
    errors.push((path.to_path_buf(), message.to_string()));
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// The error without the path prefix `ignore` adds (the report shows the path separately).
fn error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_message(err)
        }
        other => other.to_string(),
    }
}
