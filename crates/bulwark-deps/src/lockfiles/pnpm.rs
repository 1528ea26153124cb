//! `pnpm-lock.yaml`, lockfileVersion 5.x (`/name/1.2.3_peer@1.0.0` keys), 6.x
//! (`/name@1.2.3(peer@1.0.0)`) and 9.x (`name@1.2.3` in `packages`, dependency lists in
//! `snapshots`). Peer suffixes are stripped, so a package installed under several peer sets
//! is one package.

use super::Companions;
use super::npm::shared::{
    OrderedMap, Text, classify, find_yaml_key, split_descriptor, sri, tidy_edges,
};
use super::text::{LineLocator, utf8, yaml_error};
use crate::{Dependency, Ecosystem, Inventory, Package, Relationship, Scope};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use std::collections::HashMap;

type Deps<'a> = OrderedMap<Text<'a>, Reference<'a>>;

#[derive(Deserialize)]
struct Lock<'a> {
    #[serde(borrow, default, rename = "lockfileVersion")]
    lockfile_version: Option<Text<'a>>,
    #[serde(borrow, default)]
    importers: OrderedMap<Text<'a>, Importer<'a>>,
    /// Single-project v5/v6 files inline the root importer.
    #[serde(borrow, default)]
    dependencies: Deps<'a>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional_dependencies: Deps<'a>,
    #[serde(borrow, default, rename = "devDependencies")]
    dev_dependencies: Deps<'a>,
    #[serde(borrow, default)]
    packages: OrderedMap<Text<'a>, Entry<'a>>,
    #[serde(borrow, default)]
    snapshots: OrderedMap<Text<'a>, Snapshot<'a>>,
}

#[derive(Deserialize)]
struct Importer<'a> {
    #[serde(borrow, default)]
    dependencies: Deps<'a>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional_dependencies: Deps<'a>,
    #[serde(borrow, default, rename = "devDependencies")]
    dev_dependencies: Deps<'a>,
}

/// A version as v5 writes it (`1.2.3`), or v6/v9's `{specifier, version}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Reference<'a> {
    Plain(#[serde(borrow)] Text<'a>),
    Spec {
        #[serde(borrow)]
        version: Text<'a>,
    },
}

impl Reference<'_> {
    fn as_str(&self) -> &str {
        match self {
            Reference::Plain(version) | Reference::Spec { version } => version,
        }
    }
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow, default)]
    name: Option<Text<'a>>,
    #[serde(borrow, default)]
    version: Option<Text<'a>>,
    #[serde(borrow, default)]
    resolution: Option<Resolution<'a>>,
    #[serde(default)]
    dev: Option<bool>,
    #[serde(default)]
    optional: bool,
    #[serde(borrow, default)]
    dependencies: Deps<'a>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional_dependencies: Deps<'a>,
}

#[derive(Deserialize)]
struct Resolution<'a> {
    #[serde(borrow, default)]
    integrity: Option<Text<'a>>,
}

/// What a package needs (v9 keeps this apart from the package, per peer set).
#[derive(Deserialize)]
struct Snapshot<'a> {
    #[serde(borrow, default)]
    dependencies: Deps<'a>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional_dependencies: Deps<'a>,
}

/// How package keys spell name and version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// v5: `/name/1.2.3_peer@1.0.0`.
    Slash,
    /// v6+: `/name@1.2.3(peer@1.0.0)` or `name@1.2.3(…)`.
    At,
}

/// Reads a pnpm-lock.yaml; everything it needs is in the file itself.
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let lock: Lock<'_> = yaml_serde::from_str(text).map_err(|e| yaml_error(&e))?;
    let locator = LineLocator::new(text);
    let mut inventory = Inventory::default();
    let major = lock
        .lockfile_version
        .as_deref()
        .and_then(|v| v.trim_matches('\'').split('.').next()?.parse::<u32>().ok());
    if !matches!(major, Some(5 | 6 | 7 | 9)) {
        inventory.problems.push(Problem {
            line: Some(locator.find("lockfileVersion")).filter(|&l| l > 0),
            message: format!(
                "lockfileVersion {} is not known; read as the closest known shape",
                lock.lockfile_version.as_deref().unwrap_or("(missing)")
            ),
        });
    }
    let style = if major.is_some_and(|m| m < 6) {
        Style::Slash
    } else {
        Style::At
    };
    let flags = major.is_some_and(|m| m < 9);

    let mut ids: HashMap<(String, String), usize> = HashMap::new();
    let mut cursor = locator.find_from("\npackages:", 0).map_or(0, |f| f.1);
    let mut keyed = Vec::with_capacity(lock.packages.0.len());
    for (key, entry) in lock.packages.iter() {
        let found = find_yaml_key(&locator, text, key, cursor);
        let line = found.map_or(0, |f| f.0);
        cursor = found.map_or(cursor, |f| f.1);
        let parsed = package_key(key, style);
        let name = entry.name.as_deref().or(parsed.map(|p| p.0));
        let version = entry.version.as_deref().or(parsed.map(|p| p.1));
        let (Some(name), Some(version)) = (name, version) else {
            inventory.problems.push(Problem {
                line: Some(line).filter(|&l| l > 0),
                message: format!("cannot tell name and version from package key `{key}`"),
            });
            continue;
        };
        if is_local(version) {
            continue;
        }
        let at = *ids
            .entry((name.to_string(), version.to_string()))
            .or_insert_with(|| {
                let mut package = Package::new(Ecosystem::Npm, name, version, file.path, line);
                package.checksums = entry
                    .resolution
                    .as_ref()
                    .and_then(|r| r.integrity.as_deref())
                    .map(sri)
                    .unwrap_or_default();
                package.scope = match (entry.dev, entry.optional) {
                    (Some(true), _) => Scope::Dev,
                    (_, true) => Scope::Optional,
                    _ => Scope::Runtime,
                };
                inventory.packages.push(package);
                inventory.packages.len() - 1
            });
        keyed.push((at, [&entry.dependencies, &entry.optional_dependencies]));
    }

    let lookup = |name: &str, reference: &str| {
        let (name, version) = resolve(name, reference, style)?;
        ids.get(&(name, version)).copied()
    };
    let requirers: Vec<(Option<usize>, [&Deps<'_>; 2])> = if lock.snapshots.0.is_empty() {
        keyed.iter().map(|(at, deps)| (Some(*at), *deps)).collect()
    } else {
        let ids = &ids;
        let snapshot_id = |key: &str| {
            let (name, version) = package_key(key, style)?;
            ids.get(&(name.to_string(), version.to_string())).copied()
        };
        lock.snapshots
            .iter()
            .map(|(key, s)| {
                (
                    snapshot_id(key),
                    [&s.dependencies, &s.optional_dependencies],
                )
            })
            .collect()
    };
    for (from, lists) in requirers {
        let Some(from) = from else { continue };
        for (name, reference) in lists.into_iter().flat_map(|deps| deps.iter()) {
            if let Some(to) = lookup(name, reference.as_str()) {
                inventory.dependencies.push(Dependency { from, to });
            }
        }
    }
    tidy_edges(&mut inventory.dependencies);

    let importers: Vec<[&Deps<'_>; 3]> = if lock.importers.0.is_empty() {
        vec![[
            &lock.dependencies,
            &lock.optional_dependencies,
            &lock.dev_dependencies,
        ]]
    } else {
        lock.importers
            .iter()
            .map(|(_, i)| {
                [
                    &i.dependencies,
                    &i.optional_dependencies,
                    &i.dev_dependencies,
                ]
            })
            .collect()
    };
    let mut roots = Vec::new();
    for importer in importers {
        let scopes = [Scope::Runtime, Scope::Optional, Scope::Dev];
        for (deps, scope) in importer.into_iter().zip(scopes) {
            for (name, reference) in deps.iter() {
                roots.extend(lookup(name, reference.as_str()).map(|at| (at, scope)));
            }
        }
    }
    if flags {
        // v5/v6 flag each package `dev`/`optional`; only the relationship is left to decide.
        for package in &mut inventory.packages {
            package.relationship = Relationship::Transitive;
        }
        for (at, _) in roots {
            if let Some(package) = inventory.packages.get_mut(at) {
                package.relationship = Relationship::Direct;
            }
        }
    } else {
        classify(&mut inventory.packages, &inventory.dependencies, &roots);
    }
    Ok(inventory)
}

/// Workspace links and local folders are the project's own code.
fn is_local(version: &str) -> bool {
    version.starts_with("link:") || version.starts_with("file:")
}

/// Name and version from a package key, peer suffix dropped.
fn package_key(key: &str, style: Style) -> Option<(&str, &str)> {
    let key = key.strip_prefix('/').unwrap_or(key);
    match style {
        Style::Slash => {
            let (name, version) = key.rsplit_once('/')?;
            let version = version.split('_').next()?;
            (!name.is_empty() && !version.is_empty()).then_some((name, version))
        }
        Style::At => split_descriptor(strip_peers(key)),
    }
}

fn strip_peers(reference: &str) -> &str {
    reference.split('(').next().unwrap_or(reference)
}

/// The package a dependency reference points at: a plain version of `name`, or an alias
/// naming the real package (`/real/1.0.0`, `/real@1.0.0`, `real@1.0.0`).
fn resolve(name: &str, reference: &str, style: Style) -> Option<(String, String)> {
    if is_local(reference) {
        return None;
    }
    let owned = |(n, v): (&str, &str)| (n.to_string(), v.to_string());
    if reference.starts_with('/') {
        return package_key(reference, style).map(owned);
    }
    let plain = match style {
        Style::Slash => reference.split('_').next().unwrap_or(reference),
        Style::At => strip_peers(reference),
    };
    match split_descriptor(plain) {
        Some(alias) if style == Style::At => Some(owned(alias)),
        _ => Some((name.to_string(), plain.to_string())),
    }
}

#[cfg(test)]
mod tests;
