//! `go.mod`, with `h1:` hashes from the sibling `go.sum`.
//!
//! Since Go 1.17 `go.mod` lists every module in the build (`// indirect` marks the transitive
//! ones), so it serves as the lockfile. `replace` directives are applied: a module replaced by a
//! local directory is not a registry package and is dropped. The Go toolchain itself is reported
//! as `stdlib`, the name OSV files standard-library advisories under, when `toolchain` or `go`
//! gives a full version.

use super::Companions;
use super::paths::sibling;
use super::text::utf8_text;
use crate::package::Checksum;
use crate::{Ecosystem, Inventory, Package, Relationship};
use bulwark_core::{Problem, SourceFile};
use std::collections::BTreeMap;

/// One `require` line.
struct Require {
    path: String,
    version: String,
    indirect: bool,
    line: u32,
}

/// One `replace` line: `old [version] => new [version]`.
struct Replace {
    old: String,
    old_version: Option<String>,
    new: String,
    new_version: Option<String>,
}

#[derive(Default)]
struct GoMod {
    go: Option<(String, u32)>,
    toolchain: Option<(String, u32)>,
    requires: Vec<Require>,
    replaces: Vec<Replace>,
    problems: Vec<Problem>,
}

/// Reads a `go.mod` and, through `companions`, the `go.sum` beside it.
pub fn parse(file: &SourceFile<'_>, companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8_text(file.bytes)?;
    let module = read_go_mod(text);
    let mut inventory = Inventory {
        problems: module.problems,
        ..Inventory::default()
    };
    let sums = read_go_sum(file.path, companions, &mut inventory.problems);

    if let Some((version, line)) = stdlib_version(module.toolchain.as_ref(), module.go.as_ref()) {
        let mut stdlib = Package::new(Ecosystem::Go, "stdlib", &version, file.path, line);
        stdlib.relationship = Relationship::Direct;
        inventory.packages.push(stdlib);
    }
    for require in &module.requires {
        let Some((path, version)) = replaced(&module.replaces, &require.path, &require.version)
        else {
            continue;
        };
        let mut package = Package::new(Ecosystem::Go, path, version, file.path, require.line);
        package.relationship = if require.indirect {
            Relationship::Transitive
        } else {
            Relationship::Direct
        };
        if let Some(hash) = sums.get(&(path.to_string(), version.to_string())) {
            package.checksums.push(Checksum {
                algorithm: "h1".into(),
                value: hash.clone(),
            });
        }
        inventory.packages.push(package);
    }
    Ok(inventory)
}

/// The module a requirement resolves to after `replace`, or None when it is replaced by a local
/// directory. A versioned `replace` beats an unversioned one, as in the go command.
fn replaced<'a>(
    replaces: &'a [Replace],
    path: &'a str,
    version: &'a str,
) -> Option<(&'a str, &'a str)> {
    let exact = replaces
        .iter()
        .find(|r| r.old == path && r.old_version.as_deref() == Some(version));
    let any = || {
        replaces
            .iter()
            .find(|r| r.old == path && r.old_version.is_none())
    };
    match exact.or_else(any) {
        None => Some((path, version)),
        Some(replace) => replace
            .new_version
            .as_deref()
            .map(|new_version| (replace.new.as_str(), new_version)),
    }
}

/// `toolchain go1.21.3` or, failing that, `go 1.21.3` as `v1.21.3`; `go 1.21` names no release.
fn stdlib_version(
    toolchain: Option<&(String, u32)>,
    go: Option<&(String, u32)>,
) -> Option<(String, u32)> {
    let full = |version: &str| {
        let parts: Vec<_> = version.split('.').collect();
        (parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
        .then(|| format!("v{version}"))
    };
    toolchain
        .and_then(|(name, line)| Some((full(name.strip_prefix("go")?)?, *line)))
        .or_else(|| go.and_then(|(version, line)| Some((full(version)?, *line))))
}

fn read_go_mod(text: &str) -> GoMod {
    let mut module = GoMod::default();
    // The directive of the open `( … )` block and the line it opened on.
    let mut block: Option<(String, u32)> = None;
    for (number, raw) in text.lines().enumerate() {
        let line = u32::try_from(number + 1).unwrap_or(u32::MAX);
        let (code, comment) = match raw.split_once("//") {
            Some((code, comment)) => (code.trim(), Some(comment.trim())),
            None => (raw.trim(), None),
        };
        if code.is_empty() {
            continue;
        }
        let words: Vec<String> = code.split_whitespace().map(unquote).collect();
        let (directive, args) = match &block {
            Some(_) if code == ")" => {
                block = None;
                continue;
            }
            Some((directive, _)) => (directive.clone(), words.as_slice()),
            None => match words.split_first() {
                Some((first, [open])) if open == "(" => {
                    block = Some((first.clone(), line));
                    continue;
                }
                Some((first, rest)) => (first.clone(), rest),
                None => continue,
            },
        };
        let indirect = comment.is_some_and(|c| c == "indirect" || c.starts_with("indirect;"));
        directive_line(&mut module, &directive, args, indirect, line);
    }
    if let Some((directive, line)) = block {
        module.problems.push(Problem {
            line: Some(line),
            message: format!("`{directive} (` block is never closed"),
        });
    }
    module
}

fn directive_line(module: &mut GoMod, directive: &str, args: &[String], indirect: bool, line: u32) {
    let mut problem = |message: String| {
        module.problems.push(Problem {
            line: Some(line),
            message,
        });
    };
    match (directive, args) {
        ("require", [path, version]) if version.starts_with('v') => {
            module.requires.push(Require {
                path: path.clone(),
                version: version.clone(),
                indirect,
                line,
            });
        }
        ("require", _) => problem(format!(
            "expected `require <module> v<version>`, found `{}`",
            args.join(" ")
        )),
        ("replace", _) => match replace(args) {
            Some(replace) => module.replaces.push(replace),
            None => problem(format!(
                "expected `replace <module> [version] => <module|dir> [version]`, found `{}`",
                args.join(" ")
            )),
        },
        ("go", [version]) => module.go = Some((version.clone(), line)),
        ("toolchain", [name]) => module.toolchain = Some((name.clone(), line)),
        // These pin nothing.
        ("go" | "toolchain", _) => problem(format!(
            "expected `{directive} <version>`, found `{}`",
            args.join(" ")
        )),
        ("module" | "exclude" | "retract" | "godebug" | "tool" | "ignore", _) => {}
        _ => problem(format!("unknown go.mod directive `{directive}`")),
    }
}

fn replace(args: &[String]) -> Option<Replace> {
    let arrow = args.iter().position(|a| a == "=>")?;
    let (old, new) = (args.get(..arrow)?, args.get(arrow + 1..)?);
    let (old, old_version) = match old {
        [path] => (path.clone(), None),
        [path, version] => (path.clone(), Some(version.clone())),
        _ => return None,
    };
    let (new, new_version) = match new {
        [path] => (path.clone(), None),
        [path, version] => (path.clone(), Some(version.clone())),
        _ => return None,
    };
    Some(Replace {
        old,
        old_version,
        new,
        new_version,
    })
}

/// Go allows module paths and versions in interpreted or raw quotes.
fn unquote(word: &str) -> String {
    word.trim_matches(|c| c == '"' || c == '`').to_string()
}

/// `go.sum`'s `h1:` hashes of module contents, keyed by (module, version); the
/// `<version>/go.mod` lines hash only the go.mod file and are skipped.
fn read_go_sum(
    path: &str,
    companions: &dyn Companions,
    problems: &mut Vec<Problem>,
) -> BTreeMap<(String, String), String> {
    let sum_path = sibling(path, "go.sum");
    let Some(bytes) = companions.read(&sum_path) else {
        return BTreeMap::new();
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        problems.push(Problem {
            line: None,
            message: format!("{sum_path} is not valid UTF-8; checksums not attached"),
        });
        return BTreeMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let (module, version, hash) = (words.next()?, words.next()?, words.next()?);
            if version.ends_with("/go.mod") {
                return None;
            }
            let hash = hash.strip_prefix("h1:")?;
            Some(((module.to_string(), version.to_string()), hash.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfiles::testing::{Files, package, parse_with, rows};

    fn run(text: &str, go_sum: Option<&'static str>) -> Inventory {
        let files = Files(go_sum.map(|s| ("svc/go.sum", s)).into_iter().collect());
        parse_with(parse, "svc/go.mod", text, &files).expect("go.mod parses leniently")
    }

    #[test]
    fn parses_requires_replaces_and_go_sum() {
        let inventory = run(
            include_str!("../../tests/fixtures/gomod/go.mod"),
            Some(include_str!("../../tests/fixtures/gomod/go.sum")),
        );
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
        let found = rows(&inventory, |p| (p.label(), p.relationship, p.line));
        let expected = [
            ("stdlib@v1.22.4", Relationship::Direct, 5),
            ("github.com/gin-gonic/gin@v1.9.1", Relationship::Direct, 7),
            ("golang.org/x/net@v0.23.0", Relationship::Direct, 10),
            (
                "github.com/docker/docker@v24.0.7+incompatible",
                Relationship::Direct,
                11,
            ),
            (
                "github.com/bytedance/sonic@v0.0.0-20230801051231-b16bd27e5a2d",
                Relationship::Transitive,
                12,
            ),
            ("golang.org/x/crypto@v0.21.0", Relationship::Transitive, 13),
            ("gopkg.in/yaml.v3@v3.0.1", Relationship::Transitive, 14),
            (
                "github.com/sirupsen/logrus@v1.9.3",
                Relationship::Direct,
                18,
            ),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(label, relationship, line)| (label.to_string(), relationship, line))
            .collect();
        assert_eq!(found, expected);
        let gin = package(&inventory, "github.com/gin-gonic/gin").expect("gin");
        assert_eq!(
            gin.checksums,
            [Checksum {
                algorithm: "h1".into(),
                value: "4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=".into()
            }]
        );
        assert!(package(&inventory, "example.com/internal/auth").is_none());
        assert!(inventory.dependencies.is_empty());
    }

    #[test]
    fn replace_forms() {
        let require = "module m\n\nrequire (\n\ta.example/x v1.0.0\n\tb.example/y v1.0.0\n)\n";
        for (replace, expected) in [
            (
                "replace a.example/x => a.example/fork v1.0.1",
                Some("a.example/fork@v1.0.1"),
            ),
            (
                "replace a.example/x v1.0.0 => a.example/x v1.0.2",
                Some("a.example/x@v1.0.2"),
            ),
            (
                "replace a.example/x v0.9.0 => a.example/x v1.0.2",
                Some("a.example/x@v1.0.0"),
            ),
            ("replace a.example/x => ../x", None),
            ("replace a.example/x v1.0.0 => ./vendor/x", None),
            (
                "replace (\n\ta.example/x => a.example/y v2.0.0\n\ta.example/x v1.0.0 => a.example/z v3.0.0\n)",
                Some("a.example/z@v3.0.0"),
            ),
        ] {
            let inventory = run(&format!("{require}{replace}\n"), None);
            assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
            let labels: Vec<_> = inventory.packages.iter().map(Package::label).collect();
            let mut want: Vec<String> = expected.into_iter().map(String::from).collect();
            want.push("b.example/y@v1.0.0".into());
            assert_eq!(labels, want, "{replace}");
        }
    }

    #[test]
    fn stdlib_needs_a_full_version() {
        for (text, expected) in [
            ("go 1.21\n", None),
            ("go 1.21.3\n", Some("v1.21.3")),
            ("go 1.21\ntoolchain go1.22.1\n", Some("v1.22.1")),
            ("go 1.21.0\ntoolchain default\n", Some("v1.21.0")),
            ("go 1.23rc1\n", None),
        ] {
            let inventory = run(text, None);
            let stdlib = package(&inventory, "stdlib").map(|p| p.version.as_str());
            assert_eq!(stdlib, expected, "{text}");
        }
    }

    #[test]
    fn malformed_lines_are_problems_with_lines() {
        let text = "module m\n\nrequire (\n\ta.example/x\n\tb.example/y 1.0.0\n\tc.example/z v1.2.3\nreplace x =>\n";
        let inventory = run(text, None);
        let problems: Vec<_> = inventory.problems.iter().map(|p| p.line).collect();
        // Inside an unclosed block every line is read as a requirement.
        assert_eq!(problems, [Some(4), Some(5), Some(7), Some(3)]);
        assert!(inventory.problems[3].message.contains("never closed"));
        assert_eq!(inventory.packages.len(), 1);
    }

    #[test]
    fn unknown_directives_are_problems() {
        let inventory = run("module m\n\nnull\ngo 1.21 1.22\n", None);
        let problems: Vec<_> = inventory
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            problems,
            [
                (Some(3), "unknown go.mod directive `null`"),
                (Some(4), "expected `go <version>`, found `1.21 1.22`")
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        let problem = parse(
            &SourceFile {
                path: "go.mod",
                bytes: b"module m\n\xff\n",
            },
            &crate::lockfiles::NoCompanions,
        )
        .expect_err("not UTF-8");
        assert_eq!(problem.line, Some(2));
    }
}
