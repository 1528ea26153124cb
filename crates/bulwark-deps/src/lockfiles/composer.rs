//! Composer's `composer.lock`.
//!
//! `packages` are Runtime and `packages-dev` Dev. The lockfile does not say which packages the
//! project asked for; the sibling `composer.json` does, so it is read when present (otherwise the
//! relationship stays Unknown). Platform requirements (`php`, `ext-*`, `lib-*`, …) are not
//! packages and make no edges.

use super::Companions;
use super::paths::sibling;
use super::text::{LineLocator, json_error, utf8_text};
use crate::package::Checksum;
use crate::{Dependency, Ecosystem, Inventory, Package, Relationship, Scope};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    packages: Option<Vec<Entry>>,
    #[serde(default, rename = "packages-dev")]
    packages_dev: Option<Vec<Entry>>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    version: String,
    #[serde(default)]
    license: Option<Vec<String>>,
    #[serde(default)]
    dist: Option<Dist>,
    /// An object of name → constraint; PHP writes an empty one as `[]`.
    #[serde(default)]
    require: Value,
}

#[derive(Deserialize)]
struct Dist {
    #[serde(default)]
    shasum: Option<String>,
}

/// Reads a `composer.lock` and, through `companions`, the `composer.json` beside it.
pub fn parse(file: &SourceFile<'_>, companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8_text(file.bytes)?;
    let lock: Lockfile = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let locator = LineLocator::new(text);
    let mut inventory = Inventory::default();
    let direct = direct_names(file.path, companions, &mut inventory.problems);

    let entries: Vec<(&Entry, Scope)> = lock
        .packages
        .iter()
        .flatten()
        .map(|e| (e, Scope::Runtime))
        .chain(lock.packages_dev.iter().flatten().map(|e| (e, Scope::Dev)))
        .collect();
    let mut cursor = 0;
    for &(entry, scope) in &entries {
        let needle = format!(
            "\"name\": {}",
            serde_json::to_string(&entry.name).unwrap_or_default()
        );
        let line = match locator.find_from(&needle, cursor) {
            Some((line, next)) => {
                cursor = next;
                line
            }
            None => locator.find(&needle),
        };
        let mut package = Package::new(
            Ecosystem::Packagist,
            &entry.name,
            &entry.version,
            file.path,
            line,
        );
        package.scope = scope;
        package.relationship = match &direct {
            Some(direct) if direct.contains(&package.name) => Relationship::Direct,
            Some(_) => Relationship::Transitive,
            None => Relationship::Unknown,
        };
        package.licenses = entry.license.clone().unwrap_or_default();
        if let Some(shasum) = entry
            .dist
            .as_ref()
            .and_then(|d| d.shasum.as_deref())
            .filter(|s| !s.is_empty())
        {
            package.checksums.push(Checksum {
                algorithm: "sha1".into(),
                value: shasum.to_string(),
            });
        }
        inventory.packages.push(package);
    }

    let index: HashMap<String, usize> = inventory
        .packages
        .iter()
        .enumerate()
        .map(|(at, p)| (p.name.clone(), at))
        .collect();
    let mut edges = BTreeSet::new();
    for (from, (entry, _)) in entries.iter().enumerate() {
        let Some(require) = entry.require.as_object() else {
            continue;
        };
        for name in require.keys() {
            if let Some(&to) = index.get(&Ecosystem::Packagist.normalize_name(name)) {
                edges.insert(Dependency { from, to });
            }
        }
    }
    inventory.dependencies = edges.into_iter().collect();
    Ok(inventory)
}

/// The lower-cased names in the sibling `composer.json`'s `require` and `require-dev`, or None
/// when there is no readable `composer.json`.
fn direct_names(
    path: &str,
    companions: &dyn Companions,
    problems: &mut Vec<Problem>,
) -> Option<HashSet<String>> {
    let manifest = sibling(path, "composer.json");
    let bytes = companions.read(&manifest)?;
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(error) => {
            problems.push(Problem {
                line: None,
                message: format!(
                    "{manifest} line {}: {}; direct dependencies unknown",
                    error.line(),
                    json_error(&error).message
                ),
            });
            return None;
        }
    };
    let names = ["require", "require-dev"]
        .into_iter()
        .filter_map(|key| value.get(key)?.as_object())
        .flat_map(|object| object.keys())
        .map(|name| Ecosystem::Packagist.normalize_name(name))
        .collect();
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfiles::NoCompanions;
    use crate::lockfiles::testing::{Files, expect, labelled, parse_with, position};

    /// The `composer.json` beside the lock.
    fn manifest(text: &'static str) -> Files {
        Files(vec![("app/composer.json", text)])
    }

    const LOCK: &str = include_str!("../../tests/fixtures/composer/composer.lock");

    fn run(text: &str, companions: &dyn Companions) -> Result<Inventory, Problem> {
        parse_with(parse, "app/composer.lock", text, companions)
    }

    #[test]
    fn parses_packages_with_manifest() {
        let manifest = manifest(include_str!("../../tests/fixtures/composer/composer.json"));
        let inventory = run(LOCK, &manifest).expect("ok");
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
        let found = labelled(&inventory);
        let expected = [
            (
                "guzzlehttp/guzzle@7.8.1",
                Relationship::Direct,
                Scope::Runtime,
                9,
            ),
            (
                "guzzlehttp/psr7@2.6.2",
                Relationship::Transitive,
                Scope::Runtime,
                34,
            ),
            (
                "monolog/monolog@3.5.0",
                Relationship::Direct,
                Scope::Runtime,
                56,
            ),
            (
                "psr/log@3.0.0",
                Relationship::Transitive,
                Scope::Runtime,
                74,
            ),
            (
                "phpunit/phpunit@10.5.9",
                Relationship::Direct,
                Scope::Dev,
                91,
            ),
        ];
        let expected = expect(&expected);
        assert_eq!(found, expected);

        let guzzle = &inventory.packages[position(&inventory, "guzzlehttp/guzzle")];
        assert_eq!(guzzle.licenses, ["MIT"]);
        assert_eq!(
            guzzle.checksums,
            [Checksum {
                algorithm: "sha1".into(),
                value: "41042bc7ab002487b876a0683fc8dce04ddce104".into()
            }]
        );
        let monolog = &inventory.packages[position(&inventory, "monolog/monolog")];
        assert!(monolog.checksums.is_empty(), "empty shasum is skipped");

        let edge = |from, to| Dependency {
            from: position(&inventory, from),
            to: position(&inventory, to),
        };
        let mut expected = vec![
            edge("guzzlehttp/guzzle", "guzzlehttp/psr7"),
            edge("monolog/monolog", "psr/log"),
        ];
        expected.sort();
        assert_eq!(inventory.dependencies, expected);
    }

    #[test]
    fn without_manifest_relationship_is_unknown() {
        let inventory = run(LOCK, &NoCompanions).expect("ok");
        assert!(
            inventory
                .packages
                .iter()
                .all(|p| p.relationship == Relationship::Unknown)
        );
        let inventory = run(LOCK, &manifest("{\n\"require\": ")).expect("ok");
        assert!(
            inventory.problems[0]
                .message
                .contains("composer.json line 2")
        );
    }

    #[test]
    fn malformed_input_is_reported_with_a_line() {
        for (text, line) in [
            ("{\n  \"packages\": [\n    {\"name\": \"a/b\",", 3),
            (
                "{\n  \"packages\": [\n    {\"name\": \"a/b\", \"version\": 1}\n  ]\n}",
                3,
            ),
            ("{\n  \"packages\": {}\n}", 2),
        ] {
            let problem = run(text, &NoCompanions).expect_err(text);
            assert_eq!(problem.line, Some(line), "{text}: {problem:?}");
        }
    }
}
