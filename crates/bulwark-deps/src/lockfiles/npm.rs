//! `package-lock.json` / `npm-shrinkwrap.json`, lockfileVersion 1 (a nested `dependencies`
//! tree), 2 and 3 (a flat `packages` map keyed by `node_modules/…` install paths).
//!
//! Both shapes are turned into install-path nodes, so that dependency edges follow Node's own
//! lookup: a name is resolved in the nearest `node_modules` going up the requiring path.

pub(super) mod shared;
mod tree;

use self::shared::{Names, OrderedMap, Text, find_json_key, sri};
use super::Companions;
use super::text::{LineLocator, json_error, utf8};
use crate::{Dependency, Ecosystem, Inventory, Package, Relationship, Scope};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Lock<'a> {
    #[serde(default, rename = "lockfileVersion")]
    lockfile_version: Option<u64>,
    #[serde(borrow, default)]
    packages: Option<OrderedMap<Text<'a>, Entry<'a>>>,
    #[serde(borrow, default)]
    dependencies: Option<OrderedMap<Text<'a>, tree::TreeEntry<'a>>>,
}

/// One `packages` entry (v2/v3).
#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow, default)]
    name: Option<Text<'a>>,
    #[serde(borrow, default)]
    version: Option<Text<'a>>,
    #[serde(borrow, default)]
    integrity: Option<Text<'a>>,
    #[serde(borrow, default)]
    license: Option<License<'a>>,
    #[serde(default)]
    link: bool,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    optional: bool,
    #[serde(default, rename = "devOptional")]
    dev_optional: bool,
    #[serde(borrow, default)]
    dependencies: Names<'a>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional_dependencies: Names<'a>,
    #[serde(borrow, default, rename = "peerDependencies")]
    peer_dependencies: Names<'a>,
    #[serde(borrow, default, rename = "devDependencies")]
    dev_dependencies: Names<'a>,
}

/// `license` is a string in current npm; very old packages recorded `{ "type": … }` or a list
/// (which says nothing usable).
#[derive(Deserialize)]
#[serde(untagged)]
enum License<'a> {
    Spdx(#[serde(borrow)] Text<'a>),
    Typed {
        #[serde(borrow, rename = "type")]
        kind: Text<'a>,
    },
    Other(serde::de::IgnoredAny),
}

impl License<'_> {
    fn spdx(&self) -> Option<&str> {
        match self {
            License::Spdx(text) | License::Typed { kind: text } => Some(text),
            License::Other(_) => None,
        }
    }
}

/// An install location: the path it occupies, and the package there (`None` for links and
/// workspace folders, which still shadow outer locations during lookup).
struct Node<'t> {
    path: Cow<'t, str>,
    package: Option<usize>,
    requires: Vec<&'t str>,
}

/// Reads a package-lock.json or npm-shrinkwrap.json; `companions` supplies the `package.json`
/// that says which packages a v1 lockfile's project asked for.
pub fn parse(file: &SourceFile<'_>, companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let lock: Lock<'_> = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let locator = LineLocator::new(text);
    let mut inventory = Inventory::default();
    let version = lock.lockfile_version;
    if !matches!(version, Some(1..=3)) {
        inventory.problems.push(Problem {
            line: Some(locator.find("\"lockfileVersion\"")).filter(|&l| l > 0),
            message: match version {
                Some(v) => {
                    format!("lockfileVersion {v} is not known; read as the closest known shape")
                }
                None => "no lockfileVersion; read as the closest known shape".to_string(),
            },
        });
    }
    match (lock.packages, lock.dependencies) {
        (Some(packages), _) if version != Some(1) => {
            from_packages(file.path, text, &locator, &packages, &mut inventory);
        }
        (_, Some(dependencies)) => {
            tree::from_tree(
                file,
                text,
                companions,
                &locator,
                &dependencies,
                &mut inventory,
            );
        }
        _ => {
            return Err(Problem {
                line: Some(1),
                message: "neither `packages` nor `dependencies`: not a package-lock.json".into(),
            });
        }
    }
    Ok(inventory)
}

/// The v2/v3 `packages` map.
fn from_packages<'t>(
    path: &str,
    text: &str,
    locator: &LineLocator<'_>,
    packages: &'t OrderedMap<Text<'t>, Entry<'t>>,
    inventory: &mut Inventory,
) {
    let mut cursor = locator.find_from("\"packages\"", 0).map_or(0, |f| f.1);
    let mut nodes = Vec::with_capacity(packages.0.len());
    let mut roots = Vec::new();
    for (key, entry) in packages.iter() {
        let found = find_json_key(locator, text, key, b'{', cursor);
        let line = found.map_or(0, |f| f.0);
        cursor = found.map_or(cursor, |f| f.1);
        let names = || {
            entry
                .dependencies
                .iter()
                .chain(entry.optional_dependencies.iter())
                .chain(entry.peer_dependencies.iter())
                .map(|(name, _)| &**name)
        };
        let installed = key.rsplit_once("node_modules/").map(|(_, name)| name);
        let Some(folder_name) = installed.filter(|_| !entry.link) else {
            // The project itself (`""`) or one of its workspaces: their dependencies are
            // what the project asked for.
            if !entry.link {
                let dev = entry
                    .dev_dependencies
                    .iter()
                    .map(|(n, _)| (&**n, Scope::Dev));
                let wanted = names().map(|n| (n, Scope::Runtime)).chain(dev);
                roots.push((key.to_string(), wanted.collect::<Vec<_>>()));
            }
            nodes.push(Node {
                path: Cow::Borrowed(key),
                package: None,
                requires: Vec::new(),
            });
            continue;
        };
        let name = entry.name.as_deref().unwrap_or(folder_name);
        let Some(version) = entry.version.as_deref().filter(|v| !v.is_empty()) else {
            inventory.problems.push(Problem {
                line: Some(line).filter(|&l| l > 0),
                message: format!("`{key}` has no version"),
            });
            continue;
        };
        let mut package = Package::new(Ecosystem::Npm, name, version, path, line);
        package.scope = if entry.dev {
            Scope::Dev
        } else if entry.optional || entry.dev_optional {
            Scope::Optional
        } else {
            Scope::Runtime
        };
        package.relationship = Relationship::Transitive;
        package.checksums = entry.integrity.as_deref().map(sri).unwrap_or_default();
        package.licenses.extend(
            entry
                .license
                .as_ref()
                .and_then(License::spdx)
                .map(String::from),
        );
        nodes.push(Node {
            path: Cow::Borrowed(key),
            package: Some(inventory.packages.len()),
            requires: names().collect(),
        });
        inventory.packages.push(package);
    }
    let index = NodeIndex::new(&nodes);
    link(&index, &nodes, inventory);
    for (from, wanted) in &roots {
        for (name, _) in wanted {
            if let Some(at) = index.resolve(from, name)
                && let Some(package) = inventory.packages.get_mut(at)
            {
                package.relationship = Relationship::Direct;
            }
        }
    }
}

/// Install paths → packages, for Node's lookup.
struct NodeIndex<'n> {
    by_path: HashMap<&'n str, Option<usize>>,
}

impl<'n> NodeIndex<'n> {
    fn new(nodes: &'n [Node<'_>]) -> Self {
        let mut by_path = HashMap::with_capacity(nodes.len());
        by_path.extend(nodes.iter().map(|n| (&*n.path, n.package)));
        NodeIndex { by_path }
    }

    /// The package `name` resolves to when required from the install path `from`.
    fn resolve(&self, from: &str, name: &str) -> Option<usize> {
        let mut base = from;
        let mut candidate = String::with_capacity(from.len() + name.len() + 14);
        loop {
            candidate.clear();
            if !base.is_empty() {
                candidate.push_str(base);
                candidate.push('/');
            }
            candidate.push_str("node_modules/");
            candidate.push_str(name);
            if let Some(&found) = self.by_path.get(candidate.as_str()) {
                return found;
            }
            if base.is_empty() {
                return None;
            }
            base = base.rfind("/node_modules/").map_or("", |at| &base[..at]);
        }
    }
}

/// Adds an edge for every requirement that resolves to a package.
fn link(index: &NodeIndex<'_>, nodes: &[Node<'_>], inventory: &mut Inventory) {
    for node in nodes {
        let Some(from) = node.package else { continue };
        for name in &node.requires {
            if let Some(to) = index.resolve(&node.path, name) {
                inventory.dependencies.push(Dependency { from, to });
            }
        }
    }
    shared::tidy_edges(&mut inventory.dependencies);
}

#[cfg(test)]
mod tests;
