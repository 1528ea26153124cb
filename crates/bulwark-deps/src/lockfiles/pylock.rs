//! PEP 751 lock files (`pylock.toml`, `pylock.<name>.toml`).
//!
//! Every `[[packages]]` entry with a version is pinned, with the `hashes` of its `sdist` and
//! `wheels` as checksums and its `dependencies` as edges. The format records neither which
//! packages are direct nor groups other than as environment markers, so relationships are
//! Unknown and scopes Runtime. Entries from a VCS, a local directory or an archive URL are not
//! registry releases and are skipped; an index entry without a version is unpinned. A lock
//! version with a major other than 1 may mean anything and is refused.

use super::Companions;
use super::text::{LineLocator, toml_error, utf8};
use crate::package::Checksum;
use crate::{Dependency, Ecosystem, Inventory, Package, Unpinned};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Deserialize)]
struct Lock {
    #[serde(rename = "lock-version")]
    lock_version: Spanned<String>,
    #[serde(default)]
    packages: Vec<Locked>,
}

#[derive(Deserialize)]
struct Locked {
    name: Spanned<String>,
    version: Option<String>,
    #[serde(default)]
    dependencies: Vec<Reference>,
    vcs: Option<toml::Value>,
    directory: Option<toml::Value>,
    archive: Option<toml::Value>,
    sdist: Option<Artifact>,
    #[serde(default)]
    wheels: Vec<Artifact>,
}

/// A dependency: enough keys of another `[[packages]]` entry to tell which one.
#[derive(Deserialize)]
struct Reference {
    name: String,
    version: Option<String>,
}

#[derive(Deserialize)]
struct Artifact {
    /// Algorithm → hex digest.
    #[serde(default)]
    hashes: BTreeMap<String, String>,
}

/// Parses a PEP 751 lock file (self-contained).
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let lock: Lock = toml::from_str(text).map_err(|e| toml_error(&e, text))?;
    let locator = LineLocator::new(text);
    if lock.lock_version.get_ref().split('.').next() != Some("1") {
        return Err(Problem {
            line: Some(locator.line_of(lock.lock_version.span().start)),
            message: format!("unsupported lock-version {}", lock.lock_version.get_ref()),
        });
    }
    let mut inventory = Inventory::default();
    let mut index_of = vec![None; lock.packages.len()];
    for (entry, locked) in lock.packages.iter().enumerate() {
        if locked.vcs.is_some() || locked.directory.is_some() || locked.archive.is_some() {
            continue;
        }
        let line = locator.line_of(locked.name.span().start);
        let Some(version) = &locked.version else {
            inventory.unpinned.push(Unpinned {
                ecosystem: Ecosystem::PyPI,
                name: Ecosystem::PyPI.normalize_name(locked.name.get_ref()),
                requirement: String::new(),
                path: file.path.to_string(),
                line,
            });
            continue;
        };
        let mut package = Package::new(
            Ecosystem::PyPI,
            locked.name.get_ref(),
            version,
            file.path,
            line,
        );
        for artifact in locked.sdist.iter().chain(&locked.wheels) {
            for (algorithm, value) in &artifact.hashes {
                let checksum = Checksum {
                    algorithm: algorithm.to_ascii_lowercase(),
                    value: value.clone(),
                };
                if !package.checksums.contains(&checksum) {
                    package.checksums.push(checksum);
                }
            }
        }
        index_of[entry] = Some(inventory.packages.len());
        inventory.packages.push(package);
    }
    for (entry, locked) in lock.packages.iter().enumerate() {
        let Some(from) = index_of[entry] else {
            continue;
        };
        for reference in &locked.dependencies {
            let name = Ecosystem::PyPI.normalize_name(&reference.name);
            for (target, candidate) in lock.packages.iter().enumerate() {
                let matches = Ecosystem::PyPI.normalize_name(candidate.name.get_ref()) == name
                    && (reference.version.is_none() || reference.version == candidate.version);
                if let Some(to) = index_of[target].filter(|_| matches) {
                    inventory.dependencies.push(Dependency { from, to });
                }
            }
        }
    }
    Ok(inventory)
}

#[cfg(test)]
mod tests;
