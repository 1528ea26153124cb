//! Helpers shared by the parsers' tests: companion files in memory, parsing a string under a
//! path, and lookups and summaries of the resulting inventory.

use super::{Companions, NoCompanions};
use crate::{Dependency, Inventory, Package, Relationship, Scope};
use bulwark_core::{Problem, SourceFile};

/// The text of `tests/fixtures/<path>`, embedded at compile time.
macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/",
            $path
        ))
    };
}
pub(crate) use fixture;

/// The signature every parser's `parse` has.
pub(crate) type Parser = fn(&SourceFile<'_>, &dyn Companions) -> Result<Inventory, Problem>;

/// Companion files held in memory, keyed by scan-relative path.
pub(crate) struct Files(pub Vec<(&'static str, &'static str)>);

impl Companions for Files {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.0
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text.as_bytes().to_vec())
    }
}

/// Parses `text` with `parser` as the file at `path`, with `companions` beside it.
pub(crate) fn parse_with(
    parser: Parser,
    path: &str,
    text: &str,
    companions: &dyn Companions,
) -> Result<Inventory, Problem> {
    parser(
        &SourceFile {
            path,
            bytes: text.as_bytes(),
        },
        companions,
    )
}

/// Parses `text` with `parser` as the file at `path`, with no companion files.
pub(crate) fn parse_text(parser: Parser, path: &str, text: &str) -> Result<Inventory, Problem> {
    parse_with(parser, path, text, &NoCompanions)
}

/// Index of the first package called `name`; panics when there is none.
pub(crate) fn position(inventory: &Inventory, name: &str) -> usize {
    inventory
        .packages
        .iter()
        .position(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

/// The first package called `name`, if any.
pub(crate) fn package<'a>(inventory: &'a Inventory, name: &str) -> Option<&'a Package> {
    inventory.packages.iter().find(|p| p.name == name)
}

/// Index and entry of the package `name` at `version`; panics when there is none.
pub(crate) fn find<'a>(
    inventory: &'a Inventory,
    name: &str,
    version: &str,
) -> (usize, &'a Package) {
    inventory
        .packages
        .iter()
        .enumerate()
        .find(|(_, p)| p.name == name && p.version == version)
        .unwrap_or_else(|| panic!("{name}@{version} missing"))
}

/// An edge between two package indices.
pub(crate) fn edge(from: usize, to: usize) -> Dependency {
    Dependency { from, to }
}

/// `name@version` of every package, in order.
pub(crate) fn labels(inventory: &Inventory) -> Vec<String> {
    inventory.packages.iter().map(|p| p.label()).collect()
}

/// Whether the inventory has an edge between the two labelled packages.
pub(crate) fn has_edge(inventory: &Inventory, from: &str, to: &str) -> bool {
    let at = |label: &str| inventory.packages.iter().position(|p| p.label() == label);
    let (Some(from), Some(to)) = (at(from), at(to)) else {
        return false;
    };
    inventory.dependencies.contains(&edge(from, to))
}

/// `row` of every package, in order.
pub(crate) fn rows<'a, T>(inventory: &'a Inventory, row: impl Fn(&'a Package) -> T) -> Vec<T> {
    inventory.packages.iter().map(row).collect()
}

/// Name, version, relationship, scope and line of every package, in order.
pub(crate) fn summary(inventory: &Inventory) -> Vec<(&str, &str, Relationship, Scope, u32)> {
    inventory
        .packages
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.version.as_str(),
                p.relationship,
                p.scope,
                p.line,
            )
        })
        .collect()
}

/// Label, relationship, scope and line of every package, in order.
pub(crate) fn labelled(inventory: &Inventory) -> Vec<(String, Relationship, Scope, u32)> {
    inventory
        .packages
        .iter()
        .map(|p| (p.label(), p.relationship, p.scope, p.line))
        .collect()
}

/// Expected rows in the form [`labelled`] gives.
pub(crate) fn expect(
    rows: &[(&str, Relationship, Scope, u32)],
) -> Vec<(String, Relationship, Scope, u32)> {
    rows.iter()
        .map(|(l, r, s, n)| (l.to_string(), *r, *s, *n))
        .collect()
}
