//! One project's inventories merged into a single component graph: a package pinned by several
//! lockfiles (the same purl) is one component, listing every lockfile that pins it.

use crate::hashes::{self, Digest};
use bulwark_deps::{Inventory, Package, Relationship, Scope};
use std::collections::{BTreeMap, HashMap};

/// One package as both writers publish it.
#[derive(Debug)]
pub(crate) struct Component<'a> {
    pub purl: String,
    /// The first lockfile entry for it (ecosystem, name and version are the same in all).
    pub package: &'a Package,
    /// The most needed scope any lockfile gives it: runtime over optional over dev.
    pub scope: Scope,
    /// Lockfiles pinning it, sorted.
    pub paths: Vec<&'a str>,
    /// One per algorithm.
    pub digests: Vec<Digest>,
    pub licenses: Vec<String>,
    /// Whether the project itself depends on it: declared direct anywhere, or of unknown
    /// relationship (a format without a graph), so that no component is left unreachable.
    pub top_level: bool,
    /// Indices of the components it depends on, sorted, without duplicates.
    pub depends_on: Vec<usize>,
}

fn rank(scope: Scope) -> u8 {
    match scope {
        Scope::Dev => 0,
        Scope::Optional => 1,
        Scope::Runtime => 2,
    }
}

impl<'a> Component<'a> {
    fn absorb(&mut self, package: &'a Package) {
        if rank(package.scope) > rank(self.scope) {
            self.scope = package.scope;
        }
        self.paths.push(&package.path);
        for digest in package.checksums.iter().filter_map(hashes::digest) {
            if !self.digests.iter().any(|d| d.algorithm == digest.algorithm) {
                self.digests.push(digest);
            }
        }
        self.licenses.extend(package.licenses.iter().cloned());
        self.top_level |= package.relationship != Relationship::Transitive;
    }
}

/// Components sorted by purl, with edges from every inventory (edges naming packages outside
/// their inventory are ignored).
pub(crate) fn merge(inventories: &[Inventory]) -> Vec<Component<'_>> {
    let purls: Vec<Vec<String>> = inventories
        .iter()
        .map(|inventory| inventory.packages.iter().map(Package::purl).collect())
        .collect();
    let mut by_purl: BTreeMap<&str, Component<'_>> = BTreeMap::new();
    for (inventory, purls) in inventories.iter().zip(&purls) {
        for (package, purl) in inventory.packages.iter().zip(purls) {
            by_purl
                .entry(purl)
                .or_insert_with(|| Component {
                    purl: purl.clone(),
                    package,
                    scope: Scope::Dev,
                    paths: Vec::new(),
                    digests: Vec::new(),
                    licenses: Vec::new(),
                    top_level: false,
                    depends_on: Vec::new(),
                })
                .absorb(package);
        }
    }
    let mut components: Vec<Component<'_>> = by_purl.into_values().collect();
    let index: HashMap<String, usize> = components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.purl.clone(), i))
        .collect();
    for (inventory, purls) in inventories.iter().zip(&purls) {
        let component_of = |package: usize| purls.get(package).and_then(|p| index.get(p)).copied();
        for edge in &inventory.dependencies {
            if let (Some(from), Some(to)) = (component_of(edge.from), component_of(edge.to))
                && from != to
                && let Some(component) = components.get_mut(from)
            {
                component.depends_on.push(to);
            }
        }
    }
    for component in &mut components {
        component.paths.sort_unstable();
        component.paths.dedup();
        component.depends_on.sort_unstable();
        component.depends_on.dedup();
        component.digests.sort_by_key(|d| d.algorithm);
        component.licenses.sort_unstable();
        component.licenses.dedup();
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulwark_deps::package::Checksum;
    use bulwark_deps::{Dependency, Ecosystem};

    fn package(name: &str, path: &str, relationship: Relationship, scope: Scope) -> Package {
        let mut package = Package::new(Ecosystem::Npm, name, "1.0.0", path, 1);
        package.relationship = relationship;
        package.scope = scope;
        package
    }

    #[test]
    fn same_purl_in_two_lockfiles_is_one_component() {
        let mut shared = package(
            "b",
            "web/package-lock.json",
            Relationship::Transitive,
            Scope::Dev,
        );
        shared.checksums.push(Checksum {
            algorithm: "sha1".into(),
            value: "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed".into(),
        });
        let web = Inventory {
            packages: vec![
                package(
                    "a",
                    "web/package-lock.json",
                    Relationship::Direct,
                    Scope::Runtime,
                ),
                shared,
            ],
            dependencies: vec![
                Dependency { from: 0, to: 1 },
                Dependency { from: 0, to: 1 },
                Dependency { from: 0, to: 0 },
                Dependency { from: 0, to: 7 },
            ],
            ..Inventory::default()
        };
        let api = Inventory {
            packages: vec![package(
                "b",
                "api/package-lock.json",
                Relationship::Unknown,
                Scope::Optional,
            )],
            ..Inventory::default()
        };
        let inventories = [web, api];
        let components = merge(&inventories);
        let summary: Vec<_> = components
            .iter()
            .map(|c| {
                (
                    c.purl.as_str(),
                    c.scope,
                    c.paths.clone(),
                    c.top_level,
                    c.depends_on.clone(),
                    c.digests.len(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "pkg:npm/a@1.0.0",
                    Scope::Runtime,
                    vec!["web/package-lock.json"],
                    true,
                    vec![1],
                    0
                ),
                (
                    "pkg:npm/b@1.0.0",
                    Scope::Optional,
                    vec!["api/package-lock.json", "web/package-lock.json"],
                    true,
                    vec![],
                    1
                ),
            ]
        );
    }
}
