//! From commits to blob jobs: what each commit adds or changes, each blob id handed out once.
//!
//! Each commit's tree is compared with its first parent's tree (a root commit or shallow
//! boundary: with the empty tree). The comparison is hand-written rather than `gix`'s tree diff:
//! it only needs object-id equality (no rename or rewrite detection, no blob diffs), skips any
//! subtree whose id is unchanged without reading it, and so keeps the `blob-diff` feature (and its
//! compile time) out of the build.

use super::ids::{IdSet, Oid, hex, object_id, to_oid};
use crate::pipeline::FileError;
use bulwark_core::Analyzer;
use gix::bstr::{BStr, ByteSlice};
use gix::objs::FindExt;
use std::cmp::Ordering;
use std::sync::Arc;

/// A blob to scan: seen for the first time in walk order, at `path` in `commit`.
pub(crate) struct BlobJob {
    pub id: Oid,
    /// Full repository path, `/`-separated (lossy for non-UTF-8 names).
    pub path: String,
    pub commit: Arc<CommitMeta>,
    /// The commit's position in walk order (0 = oldest).
    pub order: u32,
}

/// What findings say about the commit that introduced them.
pub(crate) struct CommitMeta {
    /// Full hex id.
    pub id: String,
    /// `Name <email>` of the author.
    pub author: String,
    /// Committer time, RFC 3339 in UTC.
    pub date: String,
    /// First line of the message, at most [`SUMMARY_CHARS`] characters.
    pub summary: String,
}

/// Longest `commit_summary` kept.
const SUMMARY_CHARS: usize = 120;

/// Walks `commits` (oldest first), handing blob jobs to `sink` in batches of at most
/// `batch_size`. `sink` returns `false` to stop the walk (the receiver is gone).
pub(crate) struct Walker<'a> {
    repo: gix::Repository,
    shallow: &'a IdSet,
    analyzers: &'a [Box<dyn Analyzer>],
    /// Every blob id handed out so far: each blob is scanned once.
    seen: IdSet,
    pub errors: Vec<FileError>,
    commit_buf: Vec<u8>,
    new_buf: Vec<u8>,
    old_buf: Vec<u8>,
}

impl<'a> Walker<'a> {
    pub(crate) fn new(
        mut repo: gix::Repository,
        shallow: &'a IdSet,
        analyzers: &'a [Box<dyn Analyzer>],
    ) -> Self {
        // Trees are read twice (as a commit's tree, then as its child's parent tree) and parent
        // commits once more: a modest object cache saves most of those decodes.
        repo.object_cache_size_if_unset(16 * 1024 * 1024);
        super::ids::delta_base_cache(&mut repo, super::WALK_DELTA_CACHE);
        Walker {
            repo,
            shallow,
            analyzers,
            seen: IdSet::default(),
            errors: Vec::new(),
            commit_buf: Vec::new(),
            new_buf: Vec::new(),
            old_buf: Vec::new(),
        }
    }

    pub(crate) fn run(
        &mut self,
        commits: &[Oid],
        batch_size: usize,
        sink: &mut dyn FnMut(Vec<BlobJob>) -> bool,
    ) {
        let mut batch = Vec::with_capacity(batch_size.min(4096));
        for (order, commit) in commits.iter().enumerate() {
            let order = u32::try_from(order).unwrap_or(u32::MAX);
            self.commit(commit, order, &mut batch);
            if batch.len() >= batch_size && !sink(std::mem::take(&mut batch)) {
                return;
            }
        }
        if !batch.is_empty() {
            sink(batch);
        }
    }

    /// Adds the jobs for the blobs `id` adds or changes relative to its first parent.
    fn commit(&mut self, id: &Oid, order: u32, batch: &mut Vec<BlobJob>) {
        let commit_hex = hex(id);
        let read = self
            .repo
            .objects
            .find_commit(&object_id(id), &mut self.commit_buf)
            .map(|commit| {
                (
                    to_oid(&commit.tree()),
                    commit.parents().next().and_then(|p| to_oid(&p)),
                    CommitMeta::new(commit_hex.clone(), &commit),
                )
            });
        let (tree, first_parent, meta) = match read {
            Ok(read) => read,
            Err(error) => {
                self.error(&commit_hex, format!("cannot read commit: {error}"));
                return;
            }
        };
        let Some(tree) = tree else { return };
        let parent_tree = match first_parent {
            Some(_) if self.shallow.contains(id) => None,
            None => None,
            Some(parent) => {
                let read = self
                    .repo
                    .objects
                    .find_commit(&object_id(&parent), &mut self.commit_buf)
                    .map(|parent| to_oid(&parent.tree()));
                match read {
                    Ok(tree) => tree,
                    Err(error) => {
                        self.error(
                            &commit_hex,
                            format!(
                                "cannot read parent commit {}: {error}; scanned as a root commit",
                                hex(&parent)
                            ),
                        );
                        None
                    }
                }
            }
        };
        let meta = Arc::new(meta);
        let mut changed: Vec<(Vec<u8>, Oid)> = Vec::new();
        self.diff(&commit_hex, tree, parent_tree, &mut changed);
        for (path, blob) in changed {
            if self.seen.contains(&blob) {
                continue;
            }
            let path = String::from_utf8_lossy(&path).into_owned();
            // A blob no analyzer wants at this path is not marked seen: it may be wanted at
            // another path later.
            if !self.analyzers.iter().any(|a| a.wants_path(&path)) {
                continue;
            }
            self.seen.insert(blob);
            batch.push(BlobJob {
                id: blob,
                path,
                commit: Arc::clone(&meta),
                order,
            });
        }
    }

    /// Collects `(path, blob)` for every blob in `new` that is not at the same path with the same
    /// id in `old`. Subtrees with equal ids are skipped unread. Submodules (gitlinks) and symbolic
    /// links (whose blob is a link target, not content) are not scanned.
    fn diff(&mut self, commit: &str, new: Oid, old: Option<Oid>, out: &mut Vec<(Vec<u8>, Oid)>) {
        // Work list instead of recursion (no stack overflow on a crafted, very deep tree). Each
        // tree's changed entries are pushed in reverse, so they come out in git's tree order,
        // depth first: paths are reported in `git ls-tree -r` order.
        let mut pending: Vec<Item> = vec![Item::Tree(Vec::new(), new, old)];
        let mut children: Vec<Item> = Vec::new();
        while let Some(item) = pending.pop() {
            let (prefix, new, old) = match item {
                Item::Blob(path, id) => {
                    out.push((path, id));
                    continue;
                }
                Item::Tree(prefix, new, old) => (prefix, new, old),
            };
            if Some(new) == old {
                continue;
            }
            let new_tree = match self
                .repo
                .objects
                .find_tree(&object_id(&new), &mut self.new_buf)
            {
                Ok(tree) => tree,
                Err(error) => {
                    let at = if prefix.is_empty() {
                        "/".into()
                    } else {
                        prefix.to_str_lossy()
                    };
                    self.errors.push(tree_error(commit, &new, &at, &error));
                    continue;
                }
            };
            let old_tree = match old {
                Some(old) => match self
                    .repo
                    .objects
                    .find_tree(&object_id(&old), &mut self.old_buf)
                {
                    Ok(tree) => Some(tree),
                    Err(error) => {
                        // The parent's tree is unreadable: treat everything here as new.
                        let at = if prefix.is_empty() {
                            "/".into()
                        } else {
                            prefix.to_str_lossy()
                        };
                        self.errors.push(tree_error(commit, &old, &at, &error));
                        None
                    }
                },
                None => None,
            };
            let old_entries = old_tree.as_ref().map_or(&[][..], |t| t.entries.as_slice());
            let mut old_iter = old_entries.iter().peekable();
            for entry in &new_tree.entries {
                // Both entry lists are in git's tree order (`EntryRef`'s `Ord`): merge-join them.
                // A name that changed kind (file <-> directory) sorts differently and so counts
                // as new, which is what it is.
                let mut same: Option<&gix::objs::tree::EntryRef<'_>> = None;
                while let Some(candidate) = old_iter.peek() {
                    match candidate.cmp(&entry) {
                        Ordering::Less => {
                            old_iter.next();
                        }
                        Ordering::Equal => {
                            same = old_iter.next();
                            break;
                        }
                        Ordering::Greater => break,
                    }
                }
                let Some(id) = to_oid(entry.oid) else {
                    continue;
                };
                let old_id = same.and_then(|s| to_oid(s.oid));
                if old_id == Some(id) {
                    continue;
                }
                let path = join(&prefix, entry.filename);
                if entry.mode.is_tree() {
                    let old_subtree = same.filter(|s| s.mode.is_tree()).and(old_id);
                    children.push(Item::Tree(path, id, old_subtree));
                } else if entry.mode.is_blob() {
                    children.push(Item::Blob(path, id));
                }
            }
            pending.extend(children.drain(..).rev());
        }
    }

    fn error(&mut self, path: &str, message: String) {
        self.errors.push(FileError {
            path: path.to_string(),
            line: None,
            message,
        });
    }
}

/// Pending work in [`Walker::diff`].
enum Item {
    /// `(path, new tree, old tree at the same path)`.
    Tree(Vec<u8>, Oid, Option<Oid>),
    /// `(path, blob)`: a blob to report.
    Blob(Vec<u8>, Oid),
}

fn tree_error(commit: &str, tree: &Oid, at: &str, error: &gix::Error) -> FileError {
    FileError {
        path: commit.to_string(),
        line: None,
        message: format!("cannot read tree {} at {at}: {error}", hex(tree)),
    }
}

fn join(prefix: &[u8], name: &BStr) -> Vec<u8> {
    let mut path = Vec::with_capacity(prefix.len() + 1 + name.len());
    if !prefix.is_empty() {
        path.extend_from_slice(prefix);
        path.push(b'/');
    }
    path.extend_from_slice(name);
    path
}

impl CommitMeta {
    fn new(id: String, commit: &gix::objs::CommitRef<'_>) -> Self {
        let author = match commit.author() {
            Ok(signature) => {
                let signature = signature.trim();
                format!("{} <{}>", signature.name, signature.email)
            }
            Err(_) => String::from("unknown"),
        };
        let seconds = commit
            .committer()
            .map(|c| c.seconds())
            .or_else(|_| commit.author().map(|a| a.seconds()))
            .unwrap_or(0);
        let date = jiff::Timestamp::from_second(seconds)
            .map(|t| t.to_string())
            .unwrap_or_default();
        CommitMeta {
            id,
            author,
            date,
            summary: summary(commit.message),
        }
    }
}

/// The first line of `message`, at most [`SUMMARY_CHARS`] characters.
fn summary(message: &BStr) -> String {
    let text = message.trim_start();
    let line = text.lines().next().unwrap_or_default();
    let line = String::from_utf8_lossy(line.trim_end());
    line.chars().take(SUMMARY_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_first_line_truncated() {
        assert_eq!(summary(b"\nfix: x\r\n\nbody".as_bstr()), "fix: x");
        let long = "é".repeat(300);
        assert_eq!(summary(long.as_bytes().as_bstr()).chars().count(), 120);
        assert_eq!(summary(b"".as_bstr()), "");
    }

    #[test]
    fn join_paths() {
        assert_eq!(join(b"", b"a".as_bstr()), b"a");
        assert_eq!(join(b"a/b", b"c".as_bstr()), b"a/b/c");
    }
}
