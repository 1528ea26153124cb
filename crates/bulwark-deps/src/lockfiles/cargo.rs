//! `Cargo.lock`, lockfile versions 1 to 4.
//!
//! Entries without a `source` are the workspace's own crates: they are not registry packages, so
//! they are left out, and what they depend on is Direct (everything else Transitive). Entries from
//! git or from alternative registries are kept as crates.io packages, but only crates.io sources
//! (`registry+https://github.com/rust-lang/crates.io-index`, `sparse+https://index.crates.io/`)
//! share names with the advisories the matcher knows, so a same-named crate from elsewhere may be
//! matched against crates.io advisories.

use super::Companions;
use super::text::{LineLocator, toml_error, utf8_text};
use crate::package::Checksum;
use crate::{Dependency, Ecosystem, Inventory, Package, Relationship};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
struct Lockfile {
    version: Option<i64>,
    #[serde(default)]
    package: Vec<Entry>,
    /// Version 1 keeps checksums here, keyed `checksum <name> <version> (<source>)`.
    #[serde(default)]
    metadata: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

/// Lockfile versions Cargo writes (1 and 2 carry no `version` key).
const KNOWN_VERSIONS: std::ops::RangeInclusive<i64> = 1..=4;

/// Reads a `Cargo.lock`; an unknown lockfile version is a problem, and parsing goes on.
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8_text(file.bytes)?;
    let lock: Lockfile = toml::from_str(text).map_err(|e| toml_error(&e, text))?;
    let locator = LineLocator::new(text);
    let mut inventory = Inventory::default();
    if let Some(version) = lock.version.filter(|v| !KNOWN_VERSIONS.contains(v)) {
        inventory.problems.push(Problem {
            line: Some(locator.find("version")),
            message: format!("unknown Cargo.lock version {version}; parsed as version 4"),
        });
    }

    let v1_checksums = v1_checksums(&lock.metadata);
    let lines = entry_lines(&locator, lock.package.len());
    // Entry index → package index (None for the workspace's own crates).
    let mut slots = Vec::with_capacity(lock.package.len());
    for (entry, &line) in lock.package.iter().zip(&lines) {
        let Some(source) = &entry.source else {
            slots.push(None);
            continue;
        };
        let mut package = Package::new(
            Ecosystem::CratesIo,
            &entry.name,
            &entry.version,
            file.path,
            line,
        );
        package.relationship = Relationship::Transitive;
        let checksum = entry.checksum.as_deref().or_else(|| {
            v1_checksums
                .get(&(entry.name.as_str(), entry.version.as_str(), source.as_str()))
                .copied()
        });
        if let Some(value) = checksum {
            package.checksums.push(Checksum {
                algorithm: "sha256".into(),
                value: value.to_string(),
            });
        }
        slots.push(Some(inventory.packages.len()));
        inventory.packages.push(package);
    }

    let mut edges = BTreeSet::new();
    for (index, entry) in lock.package.iter().enumerate() {
        for spec in &entry.dependencies {
            let Some(target) = resolve(&lock.package, spec) else {
                inventory.problems.push(Problem {
                    line: lines.get(index).copied(),
                    message: format!(
                        "dependency `{spec}` of {} {} is not in the lockfile",
                        entry.name, entry.version
                    ),
                });
                continue;
            };
            let Some(to) = slots.get(target).copied().flatten() else {
                continue;
            };
            match slots.get(index).copied().flatten() {
                Some(from) => {
                    edges.insert(Dependency { from, to });
                }
                None => {
                    if let Some(package) = inventory.packages.get_mut(to) {
                        package.relationship = Relationship::Direct;
                    }
                }
            }
        }
    }
    inventory.dependencies = edges.into_iter().collect();
    Ok(inventory)
}

/// Version 1's `[metadata]` checksums, keyed by (name, version, source).
fn v1_checksums(metadata: &BTreeMap<String, toml::Value>) -> BTreeMap<(&str, &str, &str), &str> {
    metadata
        .iter()
        .filter_map(|(key, value)| {
            let rest = key.strip_prefix("checksum ")?;
            let (name, rest) = rest.split_once(' ')?;
            let (version, source) = rest.split_once(' ')?;
            let source = source.strip_prefix('(')?.strip_suffix(')')?;
            let value = value.as_str().filter(|v| *v != "<none>")?;
            Some(((name, version, source), value))
        })
        .collect()
}

/// The line of each `[[package]]` header, in file order (0 when the file is laid out otherwise).
fn entry_lines(locator: &LineLocator<'_>, count: usize) -> Vec<u32> {
    let mut cursor = 0;
    (0..count)
        .map(|_| match locator.find_from("[[package]]", cursor) {
            Some((line, next)) => {
                cursor = next;
                line
            }
            None => 0,
        })
        .collect()
}

/// Resolves a dependency written `name`, `name version` or `name version (source)` to the index
/// of its entry; the short forms are only written when they are unambiguous.
fn resolve(entries: &[Entry], spec: &str) -> Option<usize> {
    let mut parts = spec.splitn(3, ' ');
    let name = parts.next()?;
    let version = parts.next();
    let source = parts
        .next()
        .map(|s| s.trim_start_matches('(').trim_end_matches(')'));
    entries.iter().position(|entry| {
        entry.name == name
            && version.is_none_or(|v| entry.version == v)
            && source.is_none_or(|s| entry.source.as_deref() == Some(s))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfiles::testing::{find, parse_text};
    use crate::package::Scope;

    fn run(text: &str) -> Result<Inventory, Problem> {
        parse_text(parse, "Cargo.lock", text)
    }

    fn edge(inventory: &Inventory, from: (&str, &str), to: (&str, &str)) -> bool {
        let dependency = Dependency {
            from: find(inventory, from.0, from.1).0,
            to: find(inventory, to.0, to.1).0,
        };
        inventory.dependencies.contains(&dependency)
    }

    #[test]
    fn parses_version_4_with_workspace_members() {
        let inventory = run(include_str!("../../tests/fixtures/cargo/v4/Cargo.lock")).expect("ok");
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
        let names: Vec<_> = inventory.packages.iter().map(Package::label).collect();
        assert_eq!(
            names,
            [
                "cfg-if@1.0.0",
                "getrandom@0.2.15",
                "libc@0.2.155",
                "rand@0.8.5",
                "rand_chacha@0.3.1",
                "rand_core@0.6.4",
                "time@0.1.45",
                "tokio-util@0.7.11",
            ]
        );
        for (name, version, relationship, line) in [
            ("rand", "0.8.5", Relationship::Direct, 43),
            ("time", "0.1.45", Relationship::Direct, 72),
            ("libc", "0.2.155", Relationship::Transitive, 37),
            ("rand_core", "0.6.4", Relationship::Transitive, 63),
            ("tokio-util", "0.7.11", Relationship::Direct, 81),
        ] {
            let (_, package) = find(&inventory, name, version);
            assert_eq!(package.relationship, relationship, "{name}");
            assert_eq!(package.scope, Scope::Runtime, "{name}");
            assert_eq!(package.line, line, "{name}");
        }
        let (_, rand) = find(&inventory, "rand", "0.8.5");
        assert_eq!(
            rand.checksums,
            [Checksum {
                algorithm: "sha256".into(),
                value: "34af8d1a0e25924bc5b7c43c079c942339d8f0a8b57c39049bef581b46327404".into()
            }]
        );
        let (_, git) = find(&inventory, "tokio-util", "0.7.11");
        assert!(git.checksums.is_empty());
        assert!(edge(&inventory, ("rand", "0.8.5"), ("libc", "0.2.155")));
        assert!(edge(
            &inventory,
            ("rand", "0.8.5"),
            ("rand_chacha", "0.3.1")
        ));
        assert!(edge(
            &inventory,
            ("rand_chacha", "0.3.1"),
            ("rand_core", "0.6.4")
        ));
        assert!(edge(&inventory, ("time", "0.1.45"), ("libc", "0.2.155")));
        assert!(edge(
            &inventory,
            ("rand_core", "0.6.4"),
            ("getrandom", "0.2.15")
        ));
        assert_eq!(inventory.dependencies.len(), 8);
    }

    #[test]
    fn parses_version_1_metadata_checksums_and_qualified_dependencies() {
        let inventory = run(include_str!("../../tests/fixtures/cargo/v1/Cargo.lock")).expect("ok");
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
        assert_eq!(inventory.packages.len(), 3);
        let (_, old) = find(&inventory, "bitflags", "0.9.1");
        assert_eq!(old.relationship, Relationship::Transitive);
        assert_eq!(
            old.checksums[0].value,
            "4efd02e230a02e18f92fc2735f44597385ed02ad8f831e7c1c1156ee5e1ab3a5"
        );
        let (_, new) = find(&inventory, "bitflags", "1.3.2");
        assert_eq!(new.relationship, Relationship::Direct);
        assert_eq!(new.line, 1);
        assert!(edge(&inventory, ("log", "0.3.9"), ("bitflags", "0.9.1")));
        assert!(!edge(&inventory, ("log", "0.3.9"), ("bitflags", "1.3.2")));
    }

    #[test]
    fn version_3_reads_inline_checksums() {
        let text = "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"itoa\"]\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.11\"\nsource = \"sparse+https://index.crates.io/\"\nchecksum = \"49f1f14873335454500d59611f1cf4a4b0f786f9ac11f4312a78e4cf2566695b\"\n";
        let inventory = run(text).expect("ok");
        assert_eq!(inventory.packages.len(), 1);
        let itoa = &inventory.packages[0];
        assert_eq!(
            (itoa.label(), itoa.relationship, itoa.line),
            ("itoa@1.0.11".to_string(), Relationship::Direct, 8)
        );
        assert_eq!(itoa.checksums.len(), 1);
    }

    #[test]
    fn malformed_input_is_reported_with_a_line() {
        for (text, line, needle) in [
            // Truncated in the middle of an entry.
            (
                "version = 3\n\n[[package]]\nname = \"a\"\nversion = \"1",
                5,
                "TOML",
            ),
            // Wrong type.
            (
                "version = 3\n[[package]]\nname = 7\nversion = \"1.0.0\"\n",
                3,
                "TOML",
            ),
            ("version = \"three\"\n", 1, "TOML"),
            // Missing field.
            ("[[package]]\nname = \"a\"\n", 1, "version"),
        ] {
            let problem = run(text).expect_err(text);
            assert_eq!(problem.line, Some(line), "{text}: {problem:?}");
            assert!(problem.message.contains(needle), "{problem:?}");
        }
    }

    #[test]
    fn unknown_version_and_dangling_dependency_are_problems_not_failures() {
        let text = "version = 99\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\ndependencies = [\"ghost\"]\n";
        let inventory = run(text).expect("best effort");
        assert_eq!(inventory.packages.len(), 1);
        assert_eq!(inventory.problems.len(), 2);
        assert_eq!(inventory.problems[0].line, Some(1));
        assert!(inventory.problems[0].message.contains("version 99"));
        assert_eq!(inventory.problems[1].line, Some(3));
        assert!(inventory.problems[1].message.contains("ghost"));
    }
}
