//! Bundler's `Gemfile.lock` (and `gems.locked`).
//!
//! Only `GEM` sections hold registry gems; `GIT`, `PATH` and `PLUGIN SOURCE` gems are built from
//! source and skipped. Platform-specific builds (`nokogiri (1.15.4-x86_64-linux)`) are the same
//! release as far as advisories go, so they collapse into one package. `DEPENDENCIES` names the
//! direct gems; Bundler 2.5+'s `CHECKSUMS` section supplies hashes. The lockfile does not record
//! Gemfile groups, so every gem is Runtime.

use super::Companions;
use super::text::utf8_text;
use crate::package::Checksum;
use crate::{Dependency, Ecosystem, Inventory, Package, Relationship};
use bulwark_core::{Problem, SourceFile};
use std::collections::{BTreeSet, HashMap, HashSet};

/// A gem in a `GEM` section's `specs:`, merged across platforms.
struct Spec {
    name: String,
    version: String,
    line: u32,
    dependencies: Vec<String>,
}

/// The sections Bundler writes; anything else means the file is not understood.
const SECTIONS: [&str; 9] = [
    "GEM",
    "GIT",
    "PATH",
    "PLUGIN SOURCE",
    "PLATFORMS",
    "DEPENDENCIES",
    "RUBY VERSION",
    "BUNDLED WITH",
    "CHECKSUMS",
];

/// Reads a `Gemfile.lock` line by line; lines it cannot read are problems, the rest counts.
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8_text(file.bytes)?;
    let mut inventory = Inventory::default();
    let mut specs: Vec<Spec> = Vec::new();
    let mut by_release: HashMap<(String, String), usize> = HashMap::new();
    let mut direct: HashSet<String> = HashSet::new();
    let mut checksums: Vec<(String, String, Checksum)> = Vec::new();
    let mut section = "";
    // The spec that 6-space dependency lines belong to (None outside GEM sections).
    let mut current: Option<usize> = None;

    for (number, raw) in text.lines().enumerate() {
        let line = u32::try_from(number + 1).unwrap_or(u32::MAX);
        let content = raw.trim_end();
        let body = content.trim_start();
        if body.is_empty() {
            continue;
        }
        let indent = content.len() - body.len();
        let mut problem = |message: String| {
            inventory.problems.push(Problem {
                line: Some(line),
                message,
            });
        };
        if indent == 0 {
            section = body;
            current = None;
            if !SECTIONS.contains(&body) {
                problem(format!("unknown Gemfile.lock section `{body}`"));
            }
            continue;
        }
        match (section, indent) {
            ("", _) => problem(format!("`{body}` is outside any Gemfile.lock section")),
            ("GEM", 4) => match name_and_version(body) {
                Some((name, version)) => {
                    let key = (name.to_string(), version.to_string());
                    let at = *by_release.entry(key).or_insert_with(|| {
                        specs.push(Spec {
                            name: name.to_string(),
                            version: version.to_string(),
                            line,
                            dependencies: Vec::new(),
                        });
                        specs.len() - 1
                    });
                    current = Some(at);
                }
                None => {
                    current = None;
                    problem(format!(
                        "expected `name (version)` in specs, found `{body}`"
                    ));
                }
            },
            ("GEM", 6) => {
                let name = body.split(" (").next().unwrap_or(body);
                if let Some(spec) = current.and_then(|at| specs.get_mut(at)) {
                    spec.dependencies.push(name.to_string());
                }
            }
            ("DEPENDENCIES", 2) => {
                let name = body.split(" (").next().unwrap_or(body);
                direct.insert(name.trim_end_matches('!').to_string());
            }
            ("CHECKSUMS", 2) => match checksum_line(body) {
                Some((name, version, sums)) => checksums.extend(
                    sums.into_iter()
                        .map(|sum| (name.to_string(), version.to_string(), sum)),
                ),
                None => problem(format!(
                    "expected `name (version) algorithm=hash` in CHECKSUMS, found `{body}`"
                )),
            },
            // `remote:`/`specs:` lines, GIT/PATH/PLUGIN SOURCE gems, PLATFORMS, RUBY VERSION,
            // BUNDLED WITH carry no registry package.
            _ => {}
        }
    }

    let index: HashMap<&str, usize> = specs
        .iter()
        .enumerate()
        .rev()
        .map(|(at, spec)| (spec.name.as_str(), at))
        .collect();
    let mut edges = BTreeSet::new();
    for (from, spec) in specs.iter().enumerate() {
        let mut package = Package::new(
            Ecosystem::RubyGems,
            &spec.name,
            &spec.version,
            file.path,
            spec.line,
        );
        package.relationship = if direct.contains(&spec.name) {
            Relationship::Direct
        } else {
            Relationship::Transitive
        };
        for (name, version, checksum) in &checksums {
            if *name == spec.name
                && *version == spec.version
                && !package.checksums.contains(checksum)
            {
                package.checksums.push(checksum.clone());
            }
        }
        inventory.packages.push(package);
        edges.extend(
            spec.dependencies
                .iter()
                .filter_map(|name| index.get(name.as_str()))
                .map(|&to| Dependency { from, to }),
        );
    }
    inventory.dependencies = edges.into_iter().collect();
    Ok(inventory)
}

/// `rails (7.1.3)` or `nokogiri (1.15.4-x86_64-linux)` → name and version without the platform
/// (RubyGems turns `-` in versions into `.pre.`, so a `-` always starts a platform).
fn name_and_version(body: &str) -> Option<(&str, &str)> {
    let (name, version, rest) = split_spec(body)?;
    rest.is_empty().then_some((name, version))
}

/// `name (version[-platform])rest` → name, version without platform, and the rest.
fn split_spec(body: &str) -> Option<(&str, &str, &str)> {
    let (name, rest) = body.split_once(" (")?;
    let (full, rest) = rest.split_once(')')?;
    let version = full.split('-').next().unwrap_or(full);
    (!name.is_empty() && !version.is_empty()).then_some((name, version, rest))
}

/// `name (version[-platform]) sha256=hex[,…]` → the hashes (none for gems Bundler cannot hash).
fn checksum_line(body: &str) -> Option<(&str, &str, Vec<Checksum>)> {
    let (name, version, sums) = split_spec(body)?;
    let checksums = sums
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|sum| {
            let (algorithm, value) = sum.trim().split_once('=')?;
            Some(Checksum {
                algorithm: algorithm.to_ascii_lowercase(),
                value: value.to_string(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((name, version, checksums))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfiles::testing::{parse_text, position, rows};

    fn run(text: &str) -> Result<Inventory, Problem> {
        parse_text(parse, "Gemfile.lock", text)
    }

    #[test]
    fn parses_gems_dependencies_and_checksums() {
        let inventory = run(include_str!("../../tests/fixtures/gemfile/Gemfile.lock")).expect("ok");
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
        let found = rows(&inventory, |p| (p.label(), p.relationship, p.line));
        let expected = [
            ("actionpack@7.1.3", Relationship::Transitive, 17),
            ("mini_portile2@2.8.5", Relationship::Transitive, 19),
            ("nokogiri@1.15.4", Relationship::Direct, 20),
            ("racc@1.7.3", Relationship::Transitive, 27),
            ("rack@3.0.9", Relationship::Transitive, 28),
            ("rails@7.1.3", Relationship::Direct, 29),
            ("rspec@3.13.0", Relationship::Direct, 31),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(label, relationship, line)| (label.to_string(), relationship, line))
            .collect();
        assert_eq!(found, expected);
        assert!(
            inventory
                .packages
                .iter()
                .all(|p| p.name != "my_engine" && p.name != "devise")
        );

        let nokogiri = &inventory.packages[position(&inventory, "nokogiri")];
        let sums: Vec<_> = nokogiri
            .checksums
            .iter()
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(
            sums,
            [
                "0b2b4b4c4a1b0c41e1b5d0a4b8b5e1b6a2bca06c3a4ed7a06b56ad1c6d4ad0f1",
                "a8b0c4a8e0a3a0f4bd2f45bdfe2c1a9fbf1eb1dbd7c8a7d7a5b0e1b1b5c6d7e8"
            ]
        );
        assert_eq!(nokogiri.checksums[0].algorithm, "sha256");
        let rails = &inventory.packages[position(&inventory, "rails")];
        assert_eq!(rails.checksums.len(), 1);

        let edge = |from, to| Dependency {
            from: position(&inventory, from),
            to: position(&inventory, to),
        };
        let mut expected = vec![
            edge("actionpack", "rack"),
            edge("nokogiri", "mini_portile2"),
            edge("nokogiri", "racc"),
            edge("rails", "actionpack"),
        ];
        expected.sort();
        assert_eq!(inventory.dependencies, expected);
    }

    #[test]
    fn malformed_lines_are_problems_with_lines() {
        let text = "  stray\nGEM\n  remote: https://rubygems.org/\n  specs:\n    broken\n    ok (1.0.0)\n\nCHECKSUMS\n  ok 1.0.0\nNOT A SECTION\n";
        let inventory = run(text).expect("lenient");
        let lines: Vec<_> = inventory.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(1), Some(5), Some(9), Some(10)]);
        assert_eq!(inventory.packages.len(), 1);
    }

    #[test]
    fn truncated_file_keeps_what_was_read() {
        let inventory =
            run("GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.9").expect("ok");
        assert!(inventory.packages.is_empty());
        assert_eq!(inventory.problems[0].line, Some(4));
    }

    #[test]
    fn platform_suffixes_are_dropped() {
        for (body, expected) in [
            ("rails (7.1.3)", Some(("rails", "7.1.3"))),
            (
                "nokogiri (1.15.4-x86_64-linux)",
                Some(("nokogiri", "1.15.4")),
            ),
            ("ffi (1.16.3-x64-mingw-ucrt)", Some(("ffi", "1.16.3"))),
            ("pre (2.0.0.pre.rc1)", Some(("pre", "2.0.0.pre.rc1"))),
            ("rails", None),
            ("rails ()", None),
        ] {
            assert_eq!(name_and_version(body), expected, "{body}");
        }
    }
}
