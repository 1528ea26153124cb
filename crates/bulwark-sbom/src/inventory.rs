//! What both readers share: SBOM elements (CycloneDX bom-refs, SPDX ids) turned into packages,
//! element-to-element edges into [`Dependency`] edges, and the subject's edges into
//! direct/transitive relationships.

use crate::purl;
use bulwark_core::Problem;
use bulwark_deps::lockfiles::text::LineLocator;
use bulwark_deps::{Dependency, Inventory, Package, Relationship, Unpinned};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Collects one SBOM's packages and edges.
#[derive(Debug)]
pub(crate) struct Builder<'a> {
    path: &'a str,
    text: &'a str,
    locator: LineLocator<'a>,
    /// Where the previous purl was found: elements appear in file order, so searching on from
    /// there gives each repeated purl text its own line.
    cursor: usize,
    inventory: Inventory,
    by_purl: HashMap<String, usize>,
    by_element: HashMap<String, usize>,
    roots: HashSet<String>,
    edges: Vec<(String, String)>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(path: &'a str, text: &'a str) -> Self {
        Builder {
            path,
            text,
            locator: LineLocator::new(text),
            cursor: 0,
            inventory: Inventory::default(),
            by_purl: HashMap::new(),
            by_element: HashMap::new(),
            roots: HashSet::new(),
            edges: Vec::new(),
        }
    }

    /// Line of the first occurrence of `needle` (0 when absent).
    pub(crate) fn line(&self, needle: &str) -> u32 {
        self.locator.find(needle)
    }

    /// The document cannot be read: `message`, at the first occurrence of `needle`.
    pub(crate) fn error(&self, needle: &str, message: String) -> Problem {
        Problem {
            line: Some(self.line(needle).max(1)),
            message,
        }
    }

    /// `object[key]` as an array (empty when absent); any other type makes the document
    /// unreadable.
    pub(crate) fn array<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
    ) -> Result<&'v [Value], Problem> {
        match object.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(self.error(&format!("\"{key}\""), format!("\"{key}\" is not an array"))),
        }
    }

    /// A problem with one entry (the rest of the document still counts).
    pub(crate) fn problem(&mut self, line: u32, message: String) {
        self.inventory.problems.push(Problem {
            line: Some(line).filter(|&l| l > 0),
            message,
        });
    }

    /// Marks `element` as the document's subject: what it depends on is direct.
    pub(crate) fn root(&mut self, element: &str) {
        self.roots.insert(element.to_string());
    }

    /// `from` depends on `to` (element ids; unknown ones are ignored at the end).
    pub(crate) fn edge(&mut self, from: &str, to: &str) {
        self.edges.push((from.to_string(), to.to_string()));
    }

    /// Line of `"key": "value"` after the previous one located, else anywhere, else 0. The
    /// value alone is not enough: a CycloneDX bom-ref usually repeats the purl a line earlier.
    fn locate(&mut self, key: &str, value: &str) -> u32 {
        let needle = serde_json::to_string(value).unwrap_or_default();
        let key = format!("\"{key}\"");
        let is_keyed = |at: usize| {
            self.text
                .get(..at)
                .map(|before| before.trim_end())
                .and_then(|before| before.strip_suffix(':'))
                .is_some_and(|before| before.trim_end().ends_with(&key))
        };
        let mut first = None;
        for start in [self.cursor, 0] {
            let mut from = start;
            while let Some((line, next)) = self.locator.find_from(&needle, from) {
                first.get_or_insert(line);
                if is_keyed(next - needle.len()) {
                    self.cursor = next;
                    return line;
                }
                from = next;
            }
        }
        first.unwrap_or(0)
    }

    /// Adds the package `purl_text` (the value of `key`) names, known in the document as
    /// `element`, and returns it for the caller to fill in what the format records. `None` when
    /// the purl is of a foreign type, has no version (then it is unpinned), is invalid (then it
    /// is a problem) or names a package already added (then `element` refers to that one).
    pub(crate) fn package(
        &mut self,
        element: Option<&str>,
        key: &str,
        purl_text: &str,
    ) -> Option<&mut Package> {
        let line = self.locate(key, purl_text);
        let parsed = match purl::parse(purl_text) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => return None,
            Err(message) => {
                self.problem(line, message);
                return None;
            }
        };
        let Some(version) = parsed.version else {
            self.inventory.unpinned.push(Unpinned {
                ecosystem: parsed.ecosystem,
                name: parsed.ecosystem.normalize_name(&parsed.name),
                requirement: String::new(),
                path: self.path.to_string(),
                line,
            });
            return None;
        };
        let package = Package::new(parsed.ecosystem, &parsed.name, &version, self.path, line);
        let key = package.purl();
        if let Some(&index) = self.by_purl.get(&key) {
            if let Some(element) = element {
                self.by_element.insert(element.to_string(), index);
            }
            return None;
        }
        let index = self.inventory.packages.len();
        self.by_purl.insert(key, index);
        if let Some(element) = element {
            self.by_element.insert(element.to_string(), index);
        }
        self.inventory.packages.push(package);
        self.inventory.packages.last_mut()
    }

    /// The inventory: edges between known packages, and relationships from the subject's edges
    /// (direct: the subject depends on it; transitive: only other packages do; unknown when the
    /// document records no edges from its subject).
    pub(crate) fn finish(mut self) -> Inventory {
        let mut direct = HashSet::new();
        let mut dependencies = Vec::new();
        for (from, to) in &self.edges {
            let Some(&to) = self.by_element.get(to) else {
                continue;
            };
            if self.roots.contains(from) {
                direct.insert(to);
            } else if let Some(&from) = self.by_element.get(from)
                && from != to
            {
                dependencies.push(Dependency { from, to });
            }
        }
        dependencies.sort_unstable();
        dependencies.dedup();
        if !direct.is_empty() {
            let reached: HashSet<usize> = dependencies.iter().map(|d| d.to).collect();
            for (index, package) in self.inventory.packages.iter_mut().enumerate() {
                if direct.contains(&index) {
                    package.relationship = Relationship::Direct;
                } else if reached.contains(&index) {
                    package.relationship = Relationship::Transitive;
                }
            }
        }
        self.inventory.dependencies = dependencies;
        self.inventory
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_become_packages_edges_and_relationships() {
        let text = r#"{"bom-ref": "pkg:npm/a@1.0.0",
 "purl": "pkg:npm/a@1.0.0"},
 "purl": "pkg:npm/b@2.0.0"
 "purl" : "pkg:npm/b@2.0.0"
 "purl":"pkg:deb/debian/curl@7"
 "purl": "pkg:npm/c"
 "purl": "pkg:npm/""#;
        let mut builder = Builder::new("bom.json", text);
        builder.root("app");
        for (element, purl) in [
            ("a", "pkg:npm/a@1.0.0"),
            ("b", "pkg:npm/b@2.0.0"),
            ("b-again", "pkg:npm/b@2.0.0"),
            ("curl", "pkg:deb/debian/curl@7"),
            ("c", "pkg:npm/c"),
            ("bad", "pkg:npm/"),
        ] {
            builder.package(Some(element), "purl", purl);
        }
        for (from, to) in [
            ("app", "a"),
            ("a", "b-again"),
            ("a", "curl"),
            ("a", "a"),
            ("x", "b"),
        ] {
            builder.edge(from, to);
        }
        let inventory = builder.finish();
        let packages: Vec<_> = inventory
            .packages
            .iter()
            .map(|p| (p.purl(), p.relationship, p.line, p.path.as_str()))
            .collect();
        assert_eq!(
            packages,
            [
                (
                    "pkg:npm/a@1.0.0".to_string(),
                    Relationship::Direct,
                    2,
                    "bom.json"
                ),
                (
                    "pkg:npm/b@2.0.0".to_string(),
                    Relationship::Transitive,
                    3,
                    "bom.json"
                ),
            ]
        );
        assert_eq!(inventory.dependencies, [Dependency { from: 0, to: 1 }]);
        assert_eq!(inventory.unpinned.len(), 1);
        assert_eq!(inventory.unpinned[0].line, 6);
        assert_eq!(inventory.problems.len(), 1);
        assert_eq!(inventory.problems[0].line, Some(7));
    }
}
