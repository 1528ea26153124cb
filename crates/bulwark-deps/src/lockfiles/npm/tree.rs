//! lockfileVersion 1: each package sits in the `dependencies` of the folder it is installed in,
//! so the tree is flattened into the same `node_modules/a/node_modules/b` paths v2 uses.

use super::shared::{
    Names, OrderedMap, Text, find_json_key, sibling_manifest, split_descriptor, sri,
};
use super::{Node, NodeIndex, link};
use crate::lockfiles::Companions;
use crate::lockfiles::text::LineLocator;
use crate::{Ecosystem, Inventory, Package, Relationship, Scope};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;

/// One v1 entry, with the packages installed below it.
#[derive(Deserialize)]
pub(super) struct TreeEntry<'a> {
    #[serde(borrow, default)]
    version: Option<Text<'a>>,
    #[serde(borrow, default)]
    integrity: Option<Text<'a>>,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    optional: bool,
    #[serde(borrow, default)]
    requires: Names<'a>,
    #[serde(borrow, default)]
    dependencies: OrderedMap<Text<'a>, TreeEntry<'a>>,
}

/// Walks the tree in file order (so that entry lines are found by a forward search).
struct Walk<'w, 't> {
    path: &'w str,
    text: &'w str,
    locator: &'w LineLocator<'w>,
    cursor: usize,
    nodes: Vec<Node<'t>>,
    inventory: &'w mut Inventory,
}

pub(super) fn from_tree<'t>(
    file: &SourceFile<'_>,
    text: &str,
    companions: &dyn Companions,
    locator: &LineLocator<'_>,
    dependencies: &'t OrderedMap<Text<'t>, TreeEntry<'t>>,
    inventory: &mut Inventory,
) {
    let cursor = locator.find_from("\"dependencies\"", 0).map_or(0, |f| f.1);
    let mut walk = Walk {
        path: file.path,
        text,
        locator,
        cursor,
        nodes: Vec::new(),
        inventory,
    };
    walk.visit("", dependencies);
    let Walk {
        nodes, inventory, ..
    } = walk;
    let index = NodeIndex::new(&nodes);
    link(&index, &nodes, inventory);
    // v1 does not record what the project asked for: package.json does.
    let manifest = sibling_manifest(file.path, companions, &mut inventory.problems);
    for (node, package) in nodes.iter().filter_map(|n| Some((n, n.package?))) {
        let top_level = !node.path.contains("/node_modules/");
        if let Some(package) = inventory.packages.get_mut(package) {
            package.relationship = match (&manifest, top_level) {
                (_, false) | (Some(_), true) => Relationship::Transitive,
                (None, true) => Relationship::Unknown,
            };
        }
    }
    for (name, _, _) in manifest.iter().flat_map(|m| &m.wants) {
        if let Some(at) = index.resolve("", name)
            && let Some(package) = inventory.packages.get_mut(at)
        {
            package.relationship = Relationship::Direct;
        }
    }
}

impl<'t> Walk<'_, 't> {
    fn visit(&mut self, parent: &str, entries: &'t OrderedMap<Text<'t>, TreeEntry<'t>>) {
        for (key, entry) in entries.iter() {
            let found = find_json_key(self.locator, self.text, key, b'{', self.cursor);
            let line = found.map_or(0, |f| f.0);
            self.cursor = found.map_or(self.cursor, |f| f.1);
            let path = if parent.is_empty() {
                format!("node_modules/{key}")
            } else {
                format!("{parent}/node_modules/{key}")
            };
            let package = self.package(key, entry, line);
            self.nodes.push(Node {
                path: path.clone().into(),
                package,
                requires: entry.requires.iter().map(|(n, _)| &**n).collect(),
            });
            self.visit(&path, &entry.dependencies);
        }
    }

    /// The package an entry pins; `None` for local folders (`file:`), which are project code.
    fn package(&mut self, key: &str, entry: &TreeEntry<'_>, line: u32) -> Option<usize> {
        let Some(version) = entry.version.as_deref().filter(|v| !v.is_empty()) else {
            self.inventory.problems.push(Problem {
                line: Some(line).filter(|&l| l > 0),
                message: format!("`{key}` has no version"),
            });
            return None;
        };
        if version.starts_with("file:") || version.starts_with("link:") {
            return None;
        }
        // An alias records the real package as `npm:real@1.2.3`.
        let (name, version) = match version.strip_prefix("npm:").and_then(split_descriptor) {
            Some((real, version)) => (real, version),
            None => (key, version),
        };
        let mut package = Package::new(Ecosystem::Npm, name, version, self.path, line);
        package.scope = if entry.dev {
            Scope::Dev
        } else if entry.optional {
            Scope::Optional
        } else {
            Scope::Runtime
        };
        package.checksums = entry.integrity.as_deref().map(sri).unwrap_or_default();
        self.inventory.packages.push(package);
        Some(self.inventory.packages.len() - 1)
    }
}
