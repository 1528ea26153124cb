//! Pipenv's `Pipfile.lock`.
//!
//! `default` packages are Runtime, `develop` ones Dev; `"version": "==1.2.3"` is the pin and
//! `hashes` the checksums. The lock does not say which packages were asked for: the sibling
//! `Pipfile` (`[packages]`, `[dev-packages]`) does, when present — otherwise relationships are
//! Unknown. Git, path and editable entries are not registry releases and are skipped; custom
//! Pipfile categories (sections other than `default`/`develop`) are not read.

use super::Companions;
use super::poetry::pyproject::sibling_table;
use super::requirements::checksum;
use super::text::{LineLocator, json_error, utf8};
use crate::{Ecosystem, Inventory, Package, Relationship, Scope, Unpinned};
use bulwark_core::{Problem, SourceFile};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// The newest `_meta.pipfile-spec` this parser knows.
const KNOWN_SPEC: u64 = 6;

/// Parses a `Pipfile.lock`; `companions` supplies the sibling `Pipfile`.
pub fn parse(file: &SourceFile<'_>, companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let lock: Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let Some(root) = lock.as_object() else {
        return Err(Problem {
            line: Some(1),
            message: "Pipfile.lock is not a JSON object".into(),
        });
    };
    let locator = LineLocator::new(text);
    let mut inventory = Inventory::default();
    let spec = root.get("_meta").and_then(|meta| meta.get("pipfile-spec"));
    if let Some(spec) = spec.filter(|spec| spec.as_u64().is_none_or(|s| s > KNOWN_SPEC)) {
        inventory.problems.push(Problem {
            line: Some(locator.find("\"pipfile-spec\"")),
            message: format!("unknown pipfile-spec {spec}; read as version {KNOWN_SPEC}"),
        });
    }
    let declared = declared(file.path, companions, &mut inventory.problems);
    for (section, scope) in [("default", Scope::Runtime), ("develop", Scope::Dev)] {
        let Some(entries) = root.get(section) else {
            continue;
        };
        let (section_line, section_end) = locator
            .find_from(&format!("\"{section}\""), 0)
            .unwrap_or((0, 0));
        let Some(entries) = entries.as_object() else {
            inventory.problems.push(Problem {
                line: Some(section_line),
                message: format!("`{section}` is not an object"),
            });
            continue;
        };
        for (name, entry) in entries {
            let line = locator
                .find_from(&format!("\"{name}\""), section_end)
                .map_or(section_line, |(line, _)| line);
            let Some(entry) = entry.as_object() else {
                inventory.problems.push(Problem {
                    line: Some(line),
                    message: format!("entry `{name}` is not an object"),
                });
                continue;
            };
            let Some(mut package) = pinned(name, entry, file.path, line, &mut inventory) else {
                continue;
            };
            package.scope = scope;
            package.relationship = match &declared {
                Some(names) if names.contains(&package.name) => Relationship::Direct,
                Some(_) => Relationship::Transitive,
                None => Relationship::Unknown,
            };
            inventory.packages.push(package);
        }
    }
    Ok(inventory)
}

/// The package an entry pins; a loose version is recorded as unpinned and a missing one as a
/// problem.
fn pinned(
    name: &str,
    entry: &Map<String, Value>,
    path: &str,
    line: u32,
    inventory: &mut Inventory,
) -> Option<Package> {
    if ["git", "path", "file", "editable"]
        .iter()
        .any(|key| entry.contains_key(*key))
    {
        return None;
    }
    let Some(version) = entry.get("version").and_then(Value::as_str) else {
        inventory.problems.push(Problem {
            line: Some(line),
            message: format!("entry `{name}` has no version string"),
        });
        return None;
    };
    let exact = version
        .strip_prefix("===")
        .or_else(|| version.strip_prefix("=="))
        .filter(|v| !v.is_empty() && !v.contains([',', '*']));
    let Some(exact) = exact else {
        inventory.unpinned.push(Unpinned {
            ecosystem: Ecosystem::PyPI,
            name: Ecosystem::PyPI.normalize_name(name),
            requirement: version.to_string(),
            path: path.to_string(),
            line,
        });
        return None;
    };
    let mut package = Package::new(Ecosystem::PyPI, name, exact, path, line);
    let hashes = entry.get("hashes").and_then(Value::as_array);
    package.checksums = hashes
        .into_iter()
        .flatten()
        .filter_map(|h| h.as_str().and_then(checksum))
        .collect();
    Some(package)
}

/// Normalised names the sibling `Pipfile` declares, or `None` without one.
fn declared(
    lock_path: &str,
    companions: &dyn Companions,
    problems: &mut Vec<Problem>,
) -> Option<HashSet<String>> {
    let table = sibling_table(lock_path, "Pipfile", companions, problems)?;
    let sections =
        ["packages", "dev-packages"].map(|key| table.get(key).and_then(|v| v.as_table()));
    Some(
        sections
            .into_iter()
            .flatten()
            .flat_map(|section| section.keys())
            .map(|name| Ecosystem::PyPI.normalize_name(name))
            .collect(),
    )
}

#[cfg(test)]
mod tests;
