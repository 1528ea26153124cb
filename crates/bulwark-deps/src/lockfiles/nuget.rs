//! NuGet's `packages.lock.json` (lockfile versions 1 and 2).
//!
//! Packages are listed once per target framework (and runtime identifier); the same package at
//! the same version is reported once, Direct if any framework asks for it directly. `Project`
//! entries are other projects of the same solution, not NuGet packages.

use super::Companions;
use super::text::{LineLocator, json_error, utf8_text};
use crate::package::Checksum;
use crate::{Dependency, Ecosystem, Inventory, Package, Relationship};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Deserialize)]
struct Lockfile {
    version: Option<i64>,
    #[serde(default)]
    dependencies: BTreeMap<String, BTreeMap<String, Entry>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    #[serde(rename = "type")]
    kind: String,
    resolved: Option<String>,
    content_hash: Option<String>,
    /// Name → requested range.
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
}

/// Version 2 added `CentralTransitive` (central package management).
const KNOWN_VERSIONS: std::ops::RangeInclusive<i64> = 1..=2;

/// Reads a `packages.lock.json`; an unknown lockfile version is a problem, and parsing goes on.
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8_text(file.bytes)?;
    let lock: Lockfile = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let locator = LineLocator::new(text);
    let mut inventory = Inventory::default();
    match lock.version {
        Some(version) if KNOWN_VERSIONS.contains(&version) => {}
        other => inventory.problems.push(Problem {
            line: Some(locator.find("\"version\"").max(1)),
            message: match other {
                Some(version) => {
                    format!("unknown packages.lock.json version {version}; parsed as version 2")
                }
                None => "packages.lock.json has no version; parsed as version 2".into(),
            },
        }),
    }

    // (lower-case name, version) → package index.
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut edges = BTreeSet::new();
    for (framework, entries) in &lock.dependencies {
        // This framework's resolution: lower-case name → package index.
        let mut resolved: HashMap<String, usize> = HashMap::new();
        let start = locator
            .find_from(&format!("{}: {{", quote(framework)), 0)
            .map_or(0, |(_, next)| next);
        for (name, entry) in entries {
            let relationship = match entry.kind.as_str() {
                "Direct" => Relationship::Direct,
                "Transitive" | "CentralTransitive" => Relationship::Transitive,
                "Project" => continue,
                _ => Relationship::Unknown,
            };
            let line = entry_line(&locator, name, start);
            let Some(version) = entry.resolved.as_deref() else {
                inventory.problems.push(Problem {
                    line: Some(line),
                    message: format!("{name} for {framework} has no resolved version"),
                });
                continue;
            };
            let key = (
                Ecosystem::NuGet.normalize_name(name),
                version.trim().to_string(),
            );
            let at = *index.entry(key.clone()).or_insert_with(|| {
                let mut package = Package::new(Ecosystem::NuGet, name, version, file.path, line);
                package.relationship = relationship;
                if let Some(hash) = &entry.content_hash {
                    package.checksums.push(Checksum {
                        algorithm: "sha512".into(),
                        value: hash.clone(),
                    });
                }
                inventory.packages.push(package);
                inventory.packages.len() - 1
            });
            if let Some(package) = inventory.packages.get_mut(at) {
                package.relationship = stronger(package.relationship, relationship);
            }
            resolved.insert(key.0, at);
        }
        for (name, entry) in entries {
            let Some(&from) = resolved.get(&Ecosystem::NuGet.normalize_name(name)) else {
                continue;
            };
            for dependency in entry.dependencies.keys() {
                if let Some(&to) = resolved.get(&Ecosystem::NuGet.normalize_name(dependency)) {
                    edges.insert(Dependency { from, to });
                }
            }
        }
    }
    inventory.dependencies = edges.into_iter().collect();
    Ok(inventory)
}

/// Direct beats Transitive beats Unknown across frameworks.
fn stronger(a: Relationship, b: Relationship) -> Relationship {
    let rank = |r| match r {
        Relationship::Direct => 2,
        Relationship::Transitive => 1,
        Relationship::Unknown => 0,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// The line of the entry's own key (`"Name": {`) in its framework's section (which starts at
/// byte `from`), not of a mention in another entry's dependencies.
fn entry_line(locator: &LineLocator<'_>, name: &str, from: usize) -> u32 {
    let quoted = quote(name);
    locator
        .find_from(&format!("{quoted}: {{"), from)
        .or_else(|| locator.find_from(&quoted, from))
        .map_or(0, |(line, _)| line)
}

/// `name` as a JSON string literal, as it appears in the file.
fn quote(name: &str) -> String {
    serde_json::to_string(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfiles::testing::{parse_text, position, rows};

    fn run(text: &str) -> Result<Inventory, Problem> {
        parse_text(parse, "src/Api/packages.lock.json", text)
    }

    #[test]
    fn parses_frameworks_and_dedupes() {
        let inventory = run(include_str!(
            "../../tests/fixtures/nuget/packages.lock.json"
        ))
        .expect("ok");
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
        let mut found = rows(&inventory, |p| (p.label(), p.relationship, p.line));
        found.sort_by(|a, b| a.0.cmp(&b.0));
        let expected = [
            (
                "microsoft.extensions.logging.abstractions@8.0.0",
                Relationship::Transitive,
                23,
            ),
            ("newtonsoft.json@13.0.1", Relationship::Direct, 5),
            ("serilog@3.1.1", Relationship::Direct, 11),
            ("serilog@4.0.0", Relationship::Direct, 45),
            ("system.text.json@8.0.4", Relationship::Transitive, 28),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(label, relationship, line)| (label.to_string(), relationship, line))
            .collect();
        assert_eq!(found, expected);
        let json = &inventory.packages[position(&inventory, "newtonsoft.json")];
        assert_eq!(json.checksums[0].algorithm, "sha512");
        assert!(json.checksums[0].value.starts_with("ppPFpBcvxdsfUonNcvITKqLl3bqxWbDCZIzDWHzjpdAHRFfZe0Dw9HmA0+za13IdyrgJwpkDTDA9fHaxOrt20A=="));
        assert!(
            inventory.packages.iter().all(|p| p.name != "shop.domain"),
            "projects are not packages"
        );
        assert!(inventory.dependencies.contains(&Dependency {
            from: position(&inventory, "system.text.json"),
            to: position(&inventory, "microsoft.extensions.logging.abstractions"),
        }));
        assert_eq!(inventory.dependencies.len(), 1);
    }

    #[test]
    fn unknown_version_is_a_problem_but_parses() {
        let text = "{\n  \"version\": 7,\n  \"dependencies\": {\"net8.0\": {\"A\": {\"type\": \"Direct\", \"resolved\": \"1.0.0\"}}}\n}";
        let inventory = run(text).expect("best effort");
        assert_eq!(inventory.packages.len(), 1);
        assert_eq!(inventory.problems.len(), 1);
        assert_eq!(inventory.problems[0].line, Some(2));
        assert!(inventory.problems[0].message.contains("version 7"));
    }

    #[test]
    fn malformed_input_is_reported_with_a_line() {
        for (text, line) in [
            ("{\n  \"version\": 1,\n  \"dependencies\": {\n", 4),
            (
                "{\n  \"version\": 1,\n  \"dependencies\": {\"net8.0\": []}\n}",
                3,
            ),
            ("{\n  \"version\": \"one\"\n}", 2),
        ] {
            let problem = run(text).expect_err(text);
            assert_eq!(problem.line, Some(line), "{text}: {problem:?}");
        }
        let text =
            "{\"version\": 1, \"dependencies\": {\"net8.0\": {\n\"A\": {\"type\": \"Direct\"}}}}";
        let inventory = run(text).expect("entry problem only");
        assert_eq!(inventory.problems[0].line, Some(2));
        assert!(inventory.packages.is_empty());
    }
}
