//! Poetry's `poetry.lock`.
//!
//! Every `[[package]]` is pinned; `[package.dependencies]` give the edges, `files` (or the
//! `[metadata.files]` table of lock-version 1.x) the checksums. Lock-version 1 marks dev packages
//! with `category = "dev"`, 2.1 lists `groups`; `optional = true` marks extras. Which packages
//! are direct is read from the sibling `pyproject.toml` when there is one. Packages from a git
//! repository, a local directory or file, or a plain URL are not registry releases and are
//! skipped.

pub(super) mod pyproject;

use super::Companions;
use super::requirements::checksum;
use super::text::{LineLocator, toml_error, utf8};
use crate::{Dependency, Ecosystem, Inventory, Package, Relationship, Scope};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use toml::Spanned;

/// The newest lock-version major this parser understands.
const KNOWN_MAJOR: u64 = 2;

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<Locked>,
    #[serde(default)]
    metadata: Metadata,
}

#[derive(Deserialize, Default)]
struct Metadata {
    #[serde(rename = "lock-version")]
    lock_version: Option<Spanned<String>>,
    /// Lock-version 1.x: checksums per package name.
    #[serde(default)]
    files: HashMap<String, Vec<File>>,
}

#[derive(Deserialize)]
struct Locked {
    name: Spanned<String>,
    version: String,
    category: Option<String>,
    groups: Option<Vec<String>>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    files: Vec<File>,
    /// Name → constraint; only the names matter here.
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    source: Option<Source>,
}

#[derive(Deserialize)]
struct File {
    hash: Option<String>,
}

#[derive(Deserialize)]
struct Source {
    #[serde(rename = "type")]
    kind: String,
}

/// Parses a `poetry.lock`; `companions` supplies the sibling `pyproject.toml`.
pub fn parse(file: &SourceFile<'_>, companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let lock: Lock = toml::from_str(text).map_err(|e| toml_error(&e, text))?;
    let locator = LineLocator::new(text);
    check_version(lock.metadata.lock_version.as_ref(), &locator)?;
    let mut inventory = Inventory::default();
    let direct = pyproject::direct_names(file.path, companions, &mut inventory.problems);
    let mut kept = Vec::new();
    for locked in &lock.package {
        let line = locator.line_of(locked.name.span().start);
        let not_registry = locked
            .source
            .as_ref()
            .is_some_and(|s| matches!(s.kind.as_str(), "git" | "directory" | "file" | "url"));
        if not_registry {
            continue;
        }
        let mut package = Package::new(
            Ecosystem::PyPI,
            locked.name.get_ref(),
            &locked.version,
            file.path,
            line,
        );
        package.relationship = match &direct {
            Some(names) if names.contains(&package.name) => Relationship::Direct,
            Some(_) => Relationship::Transitive,
            None => Relationship::Unknown,
        };
        let dev = locked.category.as_deref() == Some("dev")
            || locked
                .groups
                .as_ref()
                .is_some_and(|groups| !groups.iter().any(|g| g == "main"));
        package.scope = match (dev, locked.optional) {
            (true, _) => Scope::Dev,
            (false, true) => Scope::Optional,
            (false, false) => Scope::Runtime,
        };
        let files = match lock.metadata.files.get(locked.name.get_ref()) {
            Some(files) if locked.files.is_empty() => files,
            _ => &locked.files,
        };
        package.checksums = files
            .iter()
            .filter_map(|f| f.hash.as_deref().and_then(checksum))
            .collect();
        inventory.packages.push(package);
        kept.push(locked);
    }
    inventory.dependencies = edges(&inventory.packages, &kept);
    Ok(inventory)
}

/// Lock versions are `major.minor`; a newer major may change meaning, so it is refused.
fn check_version(
    version: Option<&Spanned<String>>,
    locator: &LineLocator<'_>,
) -> Result<(), Problem> {
    let Some(version) = version else {
        return Ok(());
    };
    let major = version
        .get_ref()
        .split('.')
        .next()
        .and_then(|m| m.parse::<u64>().ok());
    match major {
        Some(major) if major <= KNOWN_MAJOR => Ok(()),
        _ => Err(Problem {
            line: Some(locator.line_of(version.span().start)),
            message: format!("unsupported poetry.lock lock-version {}", version.get_ref()),
        }),
    }
}

/// Edges from each package to every locked package of each dependency's name (Poetry may lock
/// several versions of one name for different markers).
fn edges(packages: &[Package], locked: &[&Locked]) -> Vec<Dependency> {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, package) in packages.iter().enumerate() {
        by_name
            .entry(package.name.as_str())
            .or_default()
            .push(index);
    }
    let mut edges = Vec::new();
    for (from, locked) in locked.iter().enumerate() {
        for name in locked.dependencies.keys() {
            let name = Ecosystem::PyPI.normalize_name(name);
            for &to in by_name.get(name.as_str()).into_iter().flatten() {
                edges.push(Dependency { from, to });
            }
        }
    }
    edges
}

#[cfg(test)]
mod tests;
