//! `yarn.lock`: classic (v1, yarn's own indented format) and Berry (v2+, YAML).
//!
//! Both list entries keyed by the descriptors (`name@range`) they satisfy; dependencies are
//! descriptors too, so edges come from looking them up. The lockfile does not say what the
//! project asked for: the sibling `package.json` does, when the caller can supply it.

mod berry;
mod classic;

use super::Companions;
use super::npm::shared::{self, classify, sibling_manifest, tidy_edges};
use super::text::utf8;
use crate::package::Checksum;
use crate::{Dependency, Ecosystem, Inventory, Package, Relationship};
use bulwark_core::{Problem, SourceFile};
use std::collections::HashMap;

/// One lock entry, whichever flavour it came from.
#[derive(Debug, Default)]
struct Entry {
    /// The `name@range` descriptors this entry satisfies.
    descriptors: Vec<String>,
    name: String,
    version: String,
    line: u32,
    checksums: Vec<Checksum>,
    /// Descriptors of its dependencies.
    requires: Vec<String>,
}

/// Reads a yarn.lock of either flavour; `companions` supplies the sibling `package.json`.
pub fn parse(file: &SourceFile<'_>, companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let mut inventory = Inventory::default();
    let entries = if is_berry(text) {
        berry::entries(text, &mut inventory.problems)?
    } else {
        classic::entries(text, &mut inventory.problems)?
    };
    let by_descriptor = collect(file.path, entries, &mut inventory);
    let manifest = sibling_manifest(file.path, companions, &mut inventory.problems);
    if let Some(manifest) = manifest {
        let roots: Vec<_> = manifest
            .wants
            .iter()
            .filter_map(|(name, range, scope)| {
                let exact = [format!("{name}@{range}"), format!("{name}@npm:{range}")];
                let found = exact
                    .iter()
                    .find_map(|d| by_descriptor.get(d.as_str()).copied());
                let by_name = || inventory.packages.iter().position(|p| &p.name == name);
                Some((found.or_else(by_name)?, *scope))
            })
            .collect();
        classify(&mut inventory.packages, &inventory.dependencies, &roots);
    }
    Ok(inventory)
}

/// Berry lockfiles are YAML and open with a `__metadata` entry.
fn is_berry(text: &str) -> bool {
    text.lines().any(|line| line.starts_with("__metadata:"))
}

/// Packages (one per name and version: a patched entry and its original are one package),
/// edges, and the descriptor → package map.
fn collect(path: &str, entries: Vec<Entry>, inventory: &mut Inventory) -> HashMap<String, usize> {
    let mut by_label: HashMap<(String, String), usize> = HashMap::new();
    let mut by_descriptor = HashMap::new();
    let mut requires = Vec::with_capacity(entries.len());
    for entry in entries {
        let key = (entry.name.clone(), entry.version.clone());
        let at = *by_label.entry(key).or_insert_with(|| {
            let mut package = Package::new(
                Ecosystem::Npm,
                &entry.name,
                &entry.version,
                path,
                entry.line,
            );
            package.checksums = entry.checksums.clone();
            inventory.packages.push(package);
            inventory.packages.len() - 1
        });
        for descriptor in entry.descriptors {
            by_descriptor.insert(descriptor, at);
        }
        requires.push((at, entry.requires));
    }
    for (from, wanted) in requires {
        for descriptor in wanted {
            let alternative = shared::split_descriptor(&descriptor)
                .map(|(name, range)| format!("{name}@npm:{range}"));
            let found = by_descriptor
                .get(&descriptor)
                .or_else(|| alternative.and_then(|d| by_descriptor.get(&d)));
            if let Some(&to) = found {
                inventory.dependencies.push(Dependency { from, to });
            }
        }
    }
    tidy_edges(&mut inventory.dependencies);
    for package in &mut inventory.packages {
        package.relationship = Relationship::Unknown;
    }
    by_descriptor
}

/// Local code rather than registry packages: the project's workspaces, links, folders.
fn is_local(reference: &str) -> bool {
    ["workspace:", "link:", "portal:", "file:", "exec:"]
        .iter()
        .any(|protocol| reference.starts_with(protocol))
}

#[cfg(test)]
mod tests;
