//! PDM's `pdm.lock`.
//!
//! Every `[[package]]` from an index is pinned, with `files` hashes as checksums and its PEP 508
//! `dependencies` as edges. Packages only in non-`default` groups are Dev (the lock does not say
//! which groups are extras). Which packages are direct is read from the sibling `pyproject.toml`
//! when there is one. PDM locks `name[extra]` as a second entry of the same release: it is merged
//! into the first. Editable, local, git and URL packages are not registry releases and are skipped.

use super::Companions;
use super::poetry::pyproject;
use super::requirements::{checksum, locked_package, pep508, push_edge};
use super::text::{LineLocator, toml_error, utf8};
use crate::{Dependency, Ecosystem, Inventory, Relationship, Scope};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

/// The newest `lock_version` major this parser understands.
const KNOWN_MAJOR: u64 = 4;

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    metadata: Metadata,
    #[serde(default)]
    package: Vec<Locked>,
}

#[derive(Deserialize, Default)]
struct Metadata {
    lock_version: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct Locked {
    name: Spanned<String>,
    version: Option<String>,
    groups: Option<Vec<String>>,
    #[serde(default)]
    dependencies: Vec<String>,
    #[serde(default)]
    files: Vec<File>,
    #[serde(default)]
    editable: bool,
    path: Option<String>,
    git: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct File {
    hash: Option<String>,
}

/// Parses a `pdm.lock`; `companions` supplies the sibling `pyproject.toml`.
pub fn parse(file: &SourceFile<'_>, companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let lock: Lock = toml::from_str(text).map_err(|e| toml_error(&e, text))?;
    let locator = LineLocator::new(text);
    if let Some(version) = &lock.metadata.lock_version {
        let major = version
            .get_ref()
            .split('.')
            .next()
            .and_then(|m| m.parse::<u64>().ok());
        if major.is_none_or(|major| major > KNOWN_MAJOR) {
            return Err(Problem {
                line: Some(locator.line_of(version.span().start)),
                message: format!("unsupported pdm.lock lock_version {}", version.get_ref()),
            });
        }
    }
    let mut inventory = Inventory::default();
    let direct = pyproject::direct_names(file.path, companions, &mut inventory.problems);
    // (name, version) → package index, merging `name[extra]` entries into the release.
    let mut index_of: HashMap<(String, String), usize> = HashMap::new();
    // (package index, dependency requirements, line) for the edges.
    let mut requirements = Vec::new();
    for locked in &lock.package {
        let line = locator.line_of(locked.name.span().start);
        let not_registry = locked.editable
            || locked.path.is_some()
            || locked.git.is_some()
            || locked.url.is_some();
        if not_registry {
            continue;
        }
        let Some(mut package) = locked_package(
            locked.name.get_ref(),
            locked.version.as_deref(),
            file.path,
            line,
            &mut inventory.problems,
        ) else {
            continue;
        };
        let dev = locked
            .groups
            .as_ref()
            .is_some_and(|groups| !groups.iter().any(|g| g == "default"));
        let scope = if dev { Scope::Dev } else { Scope::Runtime };
        let key = (package.name.clone(), package.version.clone());
        let index = match index_of.get(&key) {
            Some(&index) => {
                if let Some(first) = inventory.packages.get_mut(index).filter(|_| !dev) {
                    first.scope = Scope::Runtime;
                }
                index
            }
            None => {
                package.scope = scope;
                package.relationship = match &direct {
                    Some(names) if names.contains(&package.name) => Relationship::Direct,
                    Some(_) => Relationship::Transitive,
                    None => Relationship::Unknown,
                };
                package.checksums = locked
                    .files
                    .iter()
                    .filter_map(|f| f.hash.as_deref().and_then(checksum))
                    .collect();
                index_of.insert(key, inventory.packages.len());
                inventory.packages.push(package);
                inventory.packages.len() - 1
            }
        };
        requirements.push((index, &locked.dependencies, line));
    }
    edges(&mut inventory, &requirements);
    Ok(inventory)
}

/// Edges from each package to every locked release of each requirement's name.
fn edges(inventory: &mut Inventory, requirements: &[(usize, &Vec<String>, u32)]) {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, package) in inventory.packages.iter().enumerate() {
        by_name.entry(package.name.clone()).or_default().push(index);
    }
    for &(from, texts, line) in requirements {
        for text in texts {
            let name = match pep508::parse(text) {
                Ok(requirement) => Ecosystem::PyPI.normalize_name(requirement.name),
                Err(message) => {
                    inventory.problems.push(Problem {
                        line: Some(line),
                        message,
                    });
                    continue;
                }
            };
            for &to in by_name.get(&name).into_iter().flatten() {
                if from != to {
                    push_edge(&mut inventory.dependencies, Dependency { from, to });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
