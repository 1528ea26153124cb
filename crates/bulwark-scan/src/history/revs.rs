//! Which commits a history scan visits, and in what order.
//!
//! The commit graph is walked with `gix` (newest first by commit time, honouring shallow
//! boundaries and the commits hidden by `since`), keeping only 20-byte ids and parent links.
//! Those are then put in topological order, oldest first, so that every parent comes before its
//! children even when commit clocks are skewed: "the first commit in walk order" is then always
//! an ancestor-first notion of "oldest".

use super::HistoryError;
use super::ids::{IdSet, Oid, hex, object_id, to_oid};
use crate::pipeline::FileError;
use gix::objs::FindExt;
use gix::revision::walk::Sorting;
use gix::traverse::commit::simple::CommitTimeOrder;

/// The commits to scan and what is needed to interpret them.
pub(crate) struct Plan {
    /// Every commit to scan, parents before children.
    pub commits: Vec<Oid>,
    /// The tree of `HEAD`, if `HEAD` points to a commit.
    pub head_tree: Option<Oid>,
    /// Shallow-clone boundary commits: their parents are absent, so they are treated as roots.
    pub shallow: IdSet,
    /// Problems met while walking (the walk went on without the commit concerned).
    pub errors: Vec<FileError>,
}

/// Label for errors that belong to no single object.
const WALK: &str = "<commit walk>";

/// Opens the repository at `path`: a work tree (with `.git`) or a bare repository.
pub(crate) fn open(path: &std::path::Path) -> Result<gix::ThreadSafeRepository, HistoryError> {
    gix::ThreadSafeRepository::open(path).map_err(|error| {
        if error.is_not_found() {
            HistoryError::NotARepository {
                path: path.to_path_buf(),
                message: error.to_string(),
            }
        } else {
            HistoryError::Repository {
                message: format!("cannot open {}: {error}", path.display()),
            }
        }
    })
}

/// Resolves the tips and `since`, walks the graph and orders the commits oldest first.
pub(crate) fn plan(
    repo: &gix::Repository,
    since: Option<&str>,
    all_refs: bool,
) -> Result<Plan, HistoryError> {
    let mut errors = Vec::new();
    let head = head_commit(repo)?;
    let head_tree = match head {
        Some(id) => commit_tree(repo, &id).map_err(|message| HistoryError::Repository {
            message: format!("cannot read HEAD's commit: {message}"),
        })?,
        None => None,
    };
    let mut tips: Vec<Oid> = head.into_iter().collect();
    if all_refs {
        tips.extend(ref_tips(repo, &mut errors)?);
    }
    tips.sort_unstable();
    tips.dedup();
    let hidden = match since {
        Some(revision) => vec![resolve_since(repo, revision)?],
        None => Vec::new(),
    };
    let shallow = shallow_commits(repo)?;
    if tips.is_empty() {
        return Ok(Plan {
            commits: Vec::new(),
            head_tree,
            shallow,
            errors,
        });
    }

    let walk = repo
        .rev_walk(tips.iter().map(object_id))
        .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
        .with_hidden(hidden.iter().map(object_id))
        .all()
        .map_err(|error| HistoryError::Repository {
            message: format!("cannot walk the commit graph: {error}"),
        })?;
    let mut graph = Graph::default();
    for info in walk {
        match info {
            Ok(info) => {
                let Some(id) = to_oid(&info.id) else {
                    return Err(unsupported_hash());
                };
                graph.push(id, info.parent_ids.iter().filter_map(|p| to_oid(p)));
            }
            Err(error) => errors.push(FileError {
                path: WALK.to_string(),
                line: None,
                message: format!("cannot read a commit: {error}"),
            }),
        }
    }
    Ok(Plan {
        commits: graph.oldest_first(),
        head_tree,
        shallow,
        errors,
    })
}

/// The commit `HEAD` points to, `None` for an unborn `HEAD` (empty repository).
fn head_commit(repo: &gix::Repository) -> Result<Option<Oid>, HistoryError> {
    let fail = |error: gix::Error| HistoryError::Repository {
        message: format!("cannot resolve HEAD: {error}"),
    };
    let mut head = repo.head().map_err(fail)?;
    if head.is_unborn() {
        return Ok(None);
    }
    let commit = head.peel_to_commit().map_err(fail)?;
    to_oid(&commit.id).map(Some).ok_or_else(unsupported_hash)
}

/// The tree of commit `id`.
fn commit_tree(repo: &gix::Repository, id: &Oid) -> Result<Option<Oid>, String> {
    let commit = repo.find_commit(object_id(id)).map_err(|e| e.to_string())?;
    let tree = commit.tree_id().map_err(|e| e.to_string())?;
    Ok(to_oid(&tree))
}

/// The commits every reference (branches, tags, remotes, stash) points to. References that
/// cannot be peeled to a commit (a tag of a blob, a dangling ref) are left out; dangling ones are
/// reported.
fn ref_tips(repo: &gix::Repository, errors: &mut Vec<FileError>) -> Result<Vec<Oid>, HistoryError> {
    let fail = |error: gix::Error| HistoryError::Repository {
        message: format!("cannot list references: {error}"),
    };
    let platform = repo.references().map_err(fail)?;
    let mut tips = Vec::new();
    for reference in platform.all().map_err(fail)? {
        let mut reference = match reference {
            Ok(reference) => reference,
            Err(error) => {
                errors.push(FileError {
                    path: WALK.to_string(),
                    line: None,
                    message: format!("cannot read a reference: {error}"),
                });
                continue;
            }
        };
        let name = reference.name().as_bstr().to_string();
        let id = match reference.peel_to_id() {
            Ok(id) => id.detach(),
            Err(error) => {
                errors.push(FileError {
                    path: name,
                    line: None,
                    message: format!("cannot resolve reference: {error}"),
                });
                continue;
            }
        };
        let is_commit = repo
            .find_header(id)
            .is_ok_and(|header| header.kind() == gix::object::Kind::Commit);
        if let (true, Some(id)) = (is_commit, to_oid(&id)) {
            tips.push(id);
        }
    }
    Ok(tips)
}

/// The commit `revision` names (tags are peeled).
fn resolve_since(repo: &gix::Repository, revision: &str) -> Result<Oid, HistoryError> {
    let unknown = |message: String| HistoryError::UnknownRevision {
        revision: revision.to_string(),
        message,
    };
    let id = repo
        .rev_parse_single(revision)
        .map_err(|e| unknown(e.to_string()))?;
    let commit = id
        .object()
        .and_then(|object| object.peel_to_commit())
        .map_err(|e| unknown(format!("does not name a commit: {e}")))?;
    to_oid(&commit.id).ok_or_else(unsupported_hash)
}

fn shallow_commits(repo: &gix::Repository) -> Result<IdSet, HistoryError> {
    let commits = repo
        .shallow_commits()
        .map_err(|error| HistoryError::Repository {
            message: format!("cannot read the shallow file: {error}"),
        })?;
    Ok(commits
        .map(|commits| commits.iter().filter_map(|id| to_oid(id)).collect())
        .unwrap_or_default())
}

/// The ids of every blob in `tree` and its subtrees (for "still present at HEAD"): bounded by
/// the size of one tree, each distinct subtree read once.
pub(crate) fn tree_blobs(repo: &gix::Repository, tree: &Oid, errors: &mut Vec<FileError>) -> IdSet {
    let mut blobs = IdSet::default();
    let mut trees = IdSet::default();
    let mut pending = vec![*tree];
    let mut buf = Vec::new();
    while let Some(id) = pending.pop() {
        if !trees.insert(id) {
            continue;
        }
        match repo.objects.find_tree(&object_id(&id), &mut buf) {
            Ok(tree) => {
                for entry in &tree.entries {
                    match to_oid(entry.oid) {
                        Some(oid) if entry.mode.is_tree() => pending.push(oid),
                        Some(oid) if entry.mode.is_blob() => {
                            blobs.insert(oid);
                        }
                        _ => {}
                    }
                }
            }
            Err(error) => errors.push(FileError {
                path: hex(&id),
                line: None,
                message: format!("cannot read a tree of HEAD: {error}"),
            }),
        }
    }
    blobs
}

fn unsupported_hash() -> HistoryError {
    HistoryError::Repository {
        message: "only SHA-1 repositories are supported".to_string(),
    }
}

/// Commits in walk order (newest first) with their parents, as compact as it gets: ~44 bytes a
/// commit plus 4 a parent link.
#[derive(Default)]
struct Graph {
    ids: Vec<Oid>,
    /// `parents[parent_start[i]..parent_start[i + 1]]` are commit `i`'s parents.
    parent_start: Vec<u32>,
    parents: Vec<Oid>,
}

impl Graph {
    fn push(&mut self, id: Oid, parents: impl Iterator<Item = Oid>) {
        self.ids.push(id);
        self.parent_start.push(len_u32(self.parents.len()));
        self.parents.extend(parents);
    }

    /// All commits, every parent before its children; among unrelated commits, oldest commit time
    /// first (the reverse of the walk order).
    fn oldest_first(self) -> Vec<Oid> {
        let count = self.ids.len();
        let mut by_id: Vec<(Oid, u32)> = self
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, len_u32(i)))
            .collect();
        by_id.sort_unstable();
        let index_of = |id: &Oid| {
            by_id
                .binary_search_by(|(probe, _)| probe.cmp(id))
                .ok()
                .map(|at| by_id[at].1 as usize)
        };
        // Parent links as indexes; parents outside the walk (hidden, beyond a shallow boundary)
        // are dropped.
        let mut links: Vec<u32> = Vec::with_capacity(self.parents.len());
        let mut link_start: Vec<u32> = Vec::with_capacity(count + 1);
        for i in 0..count {
            link_start.push(len_u32(links.len()));
            let start = self.parent_start[i] as usize;
            let end = self
                .parent_start
                .get(i + 1)
                .map_or(self.parents.len(), |&e| e as usize);
            links.extend(
                self.parents[start..end]
                    .iter()
                    .filter_map(index_of)
                    .map(len_u32),
            );
        }
        link_start.push(len_u32(links.len()));
        drop(by_id);

        // Iterative depth-first post-order from the oldest commit on: a commit is emitted once
        // all its parents are. `state`: 0 new, 1 on the stack, 2 emitted (1 also breaks cycles,
        // which a valid repository cannot have).
        let mut state = vec![0u8; count];
        let mut order = Vec::with_capacity(count);
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for start in (0..count).rev() {
            if state[start] != 0 {
                continue;
            }
            state[start] = 1;
            stack.push((start, link_start[start] as usize));
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                let end = link_start[node + 1] as usize;
                if *next < end {
                    let parent = links[*next] as usize;
                    *next += 1;
                    if state[parent] == 0 {
                        state[parent] = 1;
                        stack.push((parent, link_start[parent] as usize));
                    }
                } else {
                    state[node] = 2;
                    order.push(self.ids[node]);
                    stack.pop();
                }
            }
        }
        order
    }
}

fn len_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Oid {
        [n; 20]
    }

    #[test]
    fn parents_come_first_even_with_skewed_clocks() {
        // Walk order (newest first by time) lists the parent 2 before its child 3: clock skew.
        let mut graph = Graph::default();
        graph.push(id(4), [id(3), id(2)].into_iter());
        graph.push(id(2), [id(1)].into_iter());
        graph.push(id(3), [id(2)].into_iter());
        graph.push(id(1), std::iter::empty());
        let order = graph.oldest_first();
        let position = |n: u8| order.iter().position(|x| *x == id(n)).unwrap_or(usize::MAX);
        assert_eq!(order.len(), 4);
        assert!(position(1) < position(2));
        assert!(position(2) < position(3));
        assert!(position(3) < position(4));
    }

    #[test]
    fn parents_outside_the_walk_are_ignored() {
        let mut graph = Graph::default();
        graph.push(id(2), [id(1)].into_iter());
        graph.push(id(1), [id(9)].into_iter());
        assert_eq!(graph.oldest_first(), vec![id(1), id(2)]);
    }
}
