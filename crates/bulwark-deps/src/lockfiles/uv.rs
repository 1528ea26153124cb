//! uv's `uv.lock`.
//!
//! Every `[[package]]` from a registry is pinned, with `sdist`/`wheels` hashes as checksums and
//! `dependencies` / `optional-dependencies` as edges. The project itself (and each workspace
//! member) has an `editable` or `virtual` source: it is not a package, but its dependencies are
//! the Direct ones — runtime, optional (its extras) or dev (its dev groups) — and each other
//! package gets the scope of the way it is reached (runtime wins over optional over dev).
//! Packages from git, a local path or a URL are not registry releases and are skipped.

use super::Companions;
use super::requirements::{checksum, locked_package, push_edge};
use super::text::{LineLocator, toml_error, utf8};
use crate::{Dependency, Ecosystem, Inventory, Relationship, Scope};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use toml::Spanned;

/// The lock format version this parser understands.
const KNOWN_VERSION: i64 = 1;

#[derive(Deserialize)]
struct Lock {
    version: Option<Spanned<i64>>,
    #[serde(default)]
    package: Vec<Locked>,
}

#[derive(Deserialize)]
struct Locked {
    name: Spanned<String>,
    version: Option<String>,
    #[serde(default)]
    source: Source,
    #[serde(default)]
    dependencies: Vec<Edge>,
    #[serde(default, rename = "optional-dependencies")]
    optional: BTreeMap<String, Vec<Edge>>,
    #[serde(default, rename = "dev-dependencies")]
    dev: BTreeMap<String, Vec<Edge>>,
    sdist: Option<Artifact>,
    #[serde(default)]
    wheels: Vec<Artifact>,
}

/// One of `registry`, `editable`, `virtual`, `git`, `path`, `directory`, `url`.
#[derive(Deserialize, Default)]
struct Source {
    editable: Option<String>,
    #[serde(rename = "virtual")]
    is_virtual: Option<String>,
    git: Option<String>,
    path: Option<String>,
    directory: Option<String>,
    url: Option<String>,
}

impl Source {
    fn is_project(&self) -> bool {
        self.editable.is_some() || self.is_virtual.is_some()
    }

    fn is_registry(&self) -> bool {
        !self.is_project()
            && self.git.is_none()
            && self.path.is_none()
            && self.directory.is_none()
            && self.url.is_none()
    }
}

#[derive(Deserialize)]
struct Edge {
    name: String,
    /// Only given when several versions of the name are locked.
    version: Option<String>,
    #[serde(default)]
    extra: Vec<String>,
}

#[derive(Deserialize)]
struct Artifact {
    hash: Option<String>,
}

/// Parses a `uv.lock` (self-contained: the project's own entry says what is direct).
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let lock: Lock = toml::from_str(text).map_err(|e| toml_error(&e, text))?;
    let locator = LineLocator::new(text);
    if let Some(version) = lock
        .version
        .as_ref()
        .filter(|v| *v.get_ref() != KNOWN_VERSION)
    {
        return Err(Problem {
            line: Some(locator.line_of(version.span().start)),
            message: format!("unsupported uv.lock version {}", version.get_ref()),
        });
    }
    let reach = Reach::of(&lock.package);
    let mut inventory = Inventory::default();
    // Locked entry → package index, for the edges.
    let mut index_of = vec![None; lock.package.len()];
    for (node, locked) in lock.package.iter().enumerate() {
        if !locked.source.is_registry() {
            continue;
        }
        let line = locator.line_of(locked.name.span().start);
        let Some(mut package) = locked_package(
            locked.name.get_ref(),
            locked.version.as_deref(),
            file.path,
            line,
            &mut inventory.problems,
        ) else {
            continue;
        };
        if reach.has_project {
            package.relationship = if reach.direct.contains(&node) {
                Relationship::Direct
            } else {
                Relationship::Transitive
            };
        }
        package.scope = reach.scope(node);
        let hashes = locked.sdist.iter().chain(&locked.wheels);
        for sum in hashes.filter_map(|a| a.hash.as_deref().and_then(checksum)) {
            if !package.checksums.contains(&sum) {
                package.checksums.push(sum);
            }
        }
        index_of[node] = Some(inventory.packages.len());
        inventory.packages.push(package);
    }
    for (node, locked) in lock.package.iter().enumerate() {
        let Some(from) = index_of[node] else { continue };
        let edges = locked
            .dependencies
            .iter()
            .chain(locked.optional.values().flatten());
        for edge in edges {
            for target in targets(&lock.package, edge) {
                if let Some(to) = index_of[target] {
                    push_edge(&mut inventory.dependencies, Dependency { from, to });
                }
            }
        }
    }
    Ok(inventory)
}

/// The locked entries an edge names.
fn targets<'a>(locked: &'a [Locked], edge: &'a Edge) -> impl Iterator<Item = usize> + 'a {
    let name = Ecosystem::PyPI.normalize_name(&edge.name);
    locked.iter().enumerate().filter_map(move |(i, l)| {
        let matches = Ecosystem::PyPI.normalize_name(l.name.get_ref()) == name
            && edge
                .version
                .as_ref()
                .is_none_or(|v| l.version.as_ref() == Some(v));
        matches.then_some(i)
    })
}

/// What the project's own dependencies reach, and how.
struct Reach {
    has_project: bool,
    /// Entries the project depends on itself.
    direct: HashSet<usize>,
    /// Best scope rank each entry is reached with (0 runtime, 1 optional, 2 dev).
    rank: Vec<Option<u8>>,
}

impl Reach {
    fn of(locked: &[Locked]) -> Reach {
        let mut reach = Reach {
            has_project: false,
            direct: HashSet::new(),
            rank: vec![None; locked.len()],
        };
        // (entry, rank, extra whose dependencies to follow — None for the plain ones)
        let mut work: Vec<(usize, u8, Option<&str>)> = Vec::new();
        for project in locked.iter().filter(|l| l.source.is_project()) {
            reach.has_project = true;
            let groups = [
                (0, project.dependencies.iter().collect::<Vec<_>>()),
                (1, project.optional.values().flatten().collect()),
                (2, project.dev.values().flatten().collect()),
            ];
            for (rank, edges) in groups {
                for edge in edges {
                    for target in targets(locked, edge) {
                        reach.direct.insert(target);
                        push(&mut work, target, rank, edge);
                    }
                }
            }
        }
        let mut seen = HashSet::new();
        while let Some((node, rank, extra)) = work.pop() {
            if !seen.insert((node, rank, extra)) {
                continue;
            }
            let Some(entry) = locked.get(node) else {
                continue;
            };
            let best = reach.rank[node].map_or(rank, |r| r.min(rank));
            reach.rank[node] = Some(best);
            let edges: Vec<&Edge> = match extra {
                None => entry.dependencies.iter().collect(),
                Some(extra) => entry.optional.get(extra).into_iter().flatten().collect(),
            };
            for edge in edges {
                for target in targets(locked, edge) {
                    push(&mut work, target, rank, edge);
                }
            }
        }
        reach
    }

    fn scope(&self, node: usize) -> Scope {
        match self.rank.get(node).copied().flatten() {
            Some(1) => Scope::Optional,
            Some(2) => Scope::Dev,
            _ => Scope::Runtime,
        }
    }
}

/// Queues `target` with its plain dependencies and those of each extra the edge asks for.
fn push<'a>(work: &mut Vec<(usize, u8, Option<&'a str>)>, target: usize, rank: u8, edge: &'a Edge) {
    work.push((target, rank, None));
    work.extend(edge.extra.iter().map(|e| (target, rank, Some(e.as_str()))));
}

#[cfg(test)]
mod tests;
