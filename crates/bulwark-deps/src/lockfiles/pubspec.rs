//! Dart / Flutter `pubspec.lock`.
//!
//! Only `hosted` packages come from a package registry; `git`, `path` and `sdk` packages (Flutter
//! itself, local packages) are skipped. A package hosted on a private pub server is still
//! reported as a Pub package: advisories are filed by name for pub.dev. The lockfile records no
//! edges, and its `sdks` constraints are ranges, not pinned packages.

use super::Companions;
use super::text::{LineLocator, utf8_text, yaml_error};
use crate::package::Checksum;
use crate::{Ecosystem, Inventory, Package, Relationship, Scope};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use yaml_serde::{Mapping, Value};

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    packages: Option<Mapping>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    dependency: Option<String>,
    /// A mapping `{name, url, sha256}` for hosted packages; a plain string for SDK packages.
    #[serde(default)]
    description: Value,
    source: String,
    version: String,
}

/// Reads a `pubspec.lock`; an entry of the wrong shape is a problem, the rest counts.
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8_text(file.bytes)?;
    let lock: Lockfile = yaml_serde::from_str(text).map_err(|e| yaml_error(&e))?;
    let locator = LineLocator::new(text);
    let mut inventory = Inventory::default();
    let mut cursor = 0;
    for (key, value) in lock.packages.iter().flatten() {
        let name = match key {
            Value::String(name) => name.as_str(),
            _ => "",
        };
        // Entries are written in order, indented two spaces under `packages:`.
        let line = match locator.find_from(&format!("\n  {name}:"), cursor) {
            Some((line, next)) => {
                cursor = next;
                line + 1
            }
            None => 0,
        };
        let mut problem = |message: String| {
            inventory.problems.push(Problem {
                line: Some(line).filter(|&l| l > 0),
                message,
            });
        };
        if name.is_empty() {
            problem(format!("package key {key:?} is not a name"));
            continue;
        }
        let entry: Entry = match yaml_serde::from_value(value.clone()) {
            Ok(entry) => entry,
            Err(error) => {
                problem(format!("package {name}: {error}"));
                continue;
            }
        };
        if entry.source != "hosted" {
            continue;
        }
        let mut package = Package::new(Ecosystem::Pub, name, &entry.version, file.path, line);
        (package.relationship, package.scope) = match entry.dependency.as_deref() {
            Some("direct main" | "direct overridden") => (Relationship::Direct, Scope::Runtime),
            Some("direct dev") => (Relationship::Direct, Scope::Dev),
            Some("transitive") => (Relationship::Transitive, Scope::Runtime),
            _ => (Relationship::Unknown, Scope::Runtime),
        };
        if let Some(sha256) = entry.description.get("sha256").and_then(Value::as_str) {
            package.checksums.push(Checksum {
                algorithm: "sha256".into(),
                value: sha256.to_string(),
            });
        }
        inventory.packages.push(package);
    }
    Ok(inventory)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfiles::testing::{expect, labelled, parse_text};

    fn run(text: &str) -> Result<Inventory, Problem> {
        parse_text(parse, "app/pubspec.lock", text)
    }

    #[test]
    fn parses_hosted_packages() {
        let inventory = run(include_str!("../../tests/fixtures/pubspec/pubspec.lock")).expect("ok");
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
        let found = labelled(&inventory);
        let expected = [
            ("async@2.11.0", Relationship::Transitive, Scope::Runtime, 4),
            ("http@1.2.1", Relationship::Direct, Scope::Runtime, 23),
            ("lints@3.0.0", Relationship::Direct, Scope::Dev, 31),
            ("meta@1.11.0", Relationship::Direct, Scope::Runtime, 39),
        ];
        let expected = expect(&expected);
        assert_eq!(found, expected);
        assert_eq!(
            inventory.packages[1].checksums,
            [Checksum {
                algorithm: "sha256".into(),
                value: "761a297c042deedc1ffbb156d6e2af13886bb305c2a343a4d972504cd67dd938".into()
            }]
        );
        assert!(
            inventory.packages[0].checksums.is_empty(),
            "older lockfiles have no sha256"
        );
        assert!(inventory.dependencies.is_empty());
    }

    #[test]
    fn malformed_input_is_reported_with_a_line() {
        for text in [
            "packages:\n  http:\n    source: hosted\n    version: [\n",
            "packages: [1, 2]\n",
            "packages:\n  http: {source: hosted\n",
        ] {
            let problem = run(text).expect_err(text);
            assert!(problem.line.is_some(), "{text}: {problem:?}");
        }
        // A bad entry is a problem on its line; the rest still counts.
        let text = "packages:\n  bad:\n    source: hosted\n  good:\n    dependency: transitive\n    description: {name: good, url: \"https://pub.dev\"}\n    source: hosted\n    version: \"1.0.0\"\n";
        let inventory = run(text).expect("lenient");
        assert_eq!(inventory.packages.len(), 1);
        assert_eq!(inventory.problems.len(), 1);
        assert_eq!(inventory.problems[0].line, Some(2));
        assert!(inventory.problems[0].message.contains("version"));
    }

    #[test]
    fn empty_lockfile_has_no_packages() {
        let inventory = run("# Generated by pub\nsdks:\n  dart: \">=3.0.0 <4.0.0\"\n").expect("ok");
        assert!(inventory.packages.is_empty());
    }
}
