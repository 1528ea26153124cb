//! Elixir's `mix.lock`: a map of Elixir terms, read with a small tolerant term reader (the file
//! is never evaluated).
//!
//! Hex entries are `{:hex, :pkg, "1.2.3", "inner", [:mix], [deps], "hexpm", "outer_sha256"}`
//! (older files stop before the repository or the outer checksum); `:git` entries are not
//! registry packages and are skipped. The lockfile does not say which dependencies `mix.exs`
//! asked for, so the relationship is Unknown.

use super::Companions;
use super::text::{LineLocator, utf8_text};
use crate::package::Checksum;
use crate::{Dependency, Ecosystem, Inventory, Package};
use bulwark_core::{Problem, SourceFile};
use std::collections::{BTreeSet, HashMap};

/// The subset of Elixir terms mix writes.
#[derive(Debug, Clone, PartialEq)]
enum Term {
    Str(String),
    Atom(String),
    List(Vec<Term>),
    Tuple(Vec<Term>),
    /// Entries with the byte offset of each key.
    Map(Vec<(usize, Term, Term)>),
    /// Numbers and anything else mix does not use in a lockfile.
    Other,
}

/// Deeper nesting than any lockfile has: refuse rather than overflow the stack.
const MAX_DEPTH: usize = 32;

/// Reads a `mix.lock`; a file that is not a well-formed term map is an error with its line.
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8_text(file.bytes)?;
    let locator = LineLocator::new(text);
    let mut inventory = Inventory::default();
    if text.trim().is_empty() {
        return Ok(inventory);
    }
    let mut reader = Reader { text, pos: 0 };
    let top = reader.value(0).and_then(|term| {
        reader.skip_space();
        if reader.pos < text.len() {
            Err((reader.pos, "unexpected text after the lock map".to_string()))
        } else {
            Ok(term)
        }
    });
    let entries = match top {
        Ok(Term::Map(entries)) => entries,
        Ok(_) => {
            return Err(Problem {
                line: Some(1),
                message: "mix.lock is not a map".into(),
            });
        }
        Err((at, message)) => {
            return Err(Problem {
                line: Some(locator.line_of(at)),
                message: format!("invalid mix.lock: {message}"),
            });
        }
    };

    // App name (the lock key) → package index, and each package's dependency app names.
    let mut apps: HashMap<String, usize> = HashMap::new();
    let mut wanted: Vec<(usize, Vec<String>)> = Vec::new();
    for (offset, key, value) in &entries {
        let line = locator.line_of(*offset);
        let (Term::Str(app) | Term::Atom(app)) = key else {
            inventory.problems.push(Problem {
                line: Some(line),
                message: "lock key is not a name".into(),
            });
            continue;
        };
        match hex_entry(value) {
            Ok(Some(entry)) => {
                let mut package =
                    Package::new(Ecosystem::Hex, entry.name, entry.version, file.path, line);
                if let Some(sha256) = entry.checksum {
                    package.checksums.push(Checksum {
                        algorithm: "sha256".into(),
                        value: sha256.to_string(),
                    });
                }
                apps.insert(app.clone(), inventory.packages.len());
                wanted.push((inventory.packages.len(), entry.dependencies));
                inventory.packages.push(package);
            }
            Ok(None) => {}
            Err(message) => inventory.problems.push(Problem {
                line: Some(line),
                message: format!("{app}: {message}"),
            }),
        }
    }
    let edges: BTreeSet<Dependency> = wanted
        .into_iter()
        .flat_map(|(from, deps)| {
            deps.into_iter()
                .filter_map(|dep| apps.get(&dep).map(|&to| Dependency { from, to }))
                .collect::<Vec<_>>()
        })
        .collect();
    inventory.dependencies = edges.into_iter().collect();
    Ok(inventory)
}

struct HexEntry<'a> {
    name: &'a str,
    version: &'a str,
    checksum: Option<&'a str>,
    /// App names of its dependencies.
    dependencies: Vec<String>,
}

/// A `{:hex, …}` tuple, `Ok(None)` for a `{:git, …}` one.
fn hex_entry(value: &Term) -> Result<Option<HexEntry<'_>>, String> {
    let Term::Tuple(items) = value else {
        return Err("entry is not a tuple".into());
    };
    match items.first() {
        Some(Term::Atom(kind)) if kind == "hex" => {}
        Some(Term::Atom(kind)) if kind == "git" => return Ok(None),
        Some(Term::Atom(kind)) => return Err(format!("unsupported source :{kind}")),
        _ => return Err("entry does not start with its source".into()),
    }
    let (Some(Term::Atom(name)), Some(Term::Str(version))) = (items.get(1), items.get(2)) else {
        return Err("expected {:hex, :name, \"version\", …}".into());
    };
    let dependencies = match items.get(5) {
        Some(Term::List(deps)) => deps
            .iter()
            .filter_map(|dep| match dep {
                Term::Tuple(parts) => match parts.first() {
                    Some(Term::Atom(app)) => Some(app.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let checksum = match items.get(7) {
        Some(Term::Str(sha256)) if !sha256.is_empty() => Some(sha256.as_str()),
        _ => None,
    };
    Ok(Some(HexEntry {
        name,
        version,
        checksum,
        dependencies,
    }))
}

/// Reads terms from `text`; errors carry the byte offset they occurred at.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

type Read<T> = Result<T, (usize, String)>;

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.text.as_bytes().get(self.pos + ahead).copied()
    }

    fn fail<T>(&self, message: impl Into<String>) -> Read<T> {
        Err((self.pos, message.into()))
    }

    fn skip_space(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                b'#' => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn expect(&mut self, token: &str) -> Read<()> {
        self.skip_space();
        if self
            .text
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(token))
        {
            self.pos += token.len();
            Ok(())
        } else if self.pos >= self.text.len() {
            self.fail(format!("file ends where `{token}` was expected"))
        } else {
            self.fail(format!("expected `{token}`"))
        }
    }

    fn value(&mut self, depth: usize) -> Read<Term> {
        if depth > MAX_DEPTH {
            return self.fail("terms nested too deeply");
        }
        self.skip_space();
        match self.peek() {
            None => self.fail("unexpected end of file"),
            Some(b'%') if self.peek_at(1) == Some(b'{') => {
                self.pos += 2;
                let mut entries = Vec::new();
                let mut first = true;
                while !self.close(b'}', &mut first)? {
                    self.skip_space();
                    let offset = self.pos;
                    let (key, value) = match self.keyword_key()? {
                        Some(key) => (key, self.value(depth + 1)?),
                        None => {
                            let key = self.value(depth + 1)?;
                            self.expect("=>")?;
                            (key, self.value(depth + 1)?)
                        }
                    };
                    entries.push((offset, key, value));
                }
                Ok(Term::Map(entries))
            }
            Some(b'{') => {
                self.pos += 1;
                let mut items = Vec::new();
                let mut first = true;
                while !self.close(b'}', &mut first)? {
                    items.push(self.value(depth + 1)?);
                }
                Ok(Term::Tuple(items))
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                let mut first = true;
                while !self.close(b']', &mut first)? {
                    // `[hex: :dep]` is a list of `{:hex, :dep}` pairs.
                    match self.keyword_key()? {
                        Some(key) => items.push(Term::Tuple(vec![key, self.value(depth + 1)?])),
                        None => items.push(self.value(depth + 1)?),
                    }
                }
                Ok(Term::List(items))
            }
            Some(b'"') => self.string().map(Term::Str),
            Some(b':') => {
                self.pos += 1;
                if self.peek() == Some(b'"') {
                    self.string().map(Term::Atom)
                } else {
                    let name = self.identifier();
                    if name.is_empty() {
                        self.fail("expected an atom name after `:`")
                    } else {
                        Ok(Term::Atom(name.to_string()))
                    }
                }
            }
            Some(b) if b.is_ascii_digit() || b == b'-' => {
                self.pos += 1;
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
                {
                    self.pos += 1;
                }
                Ok(Term::Other)
            }
            Some(_) => {
                let name = self.identifier();
                match name {
                    "" => self.fail("unexpected character"),
                    "true" | "false" | "nil" => Ok(Term::Atom(name.to_string())),
                    _ => Ok(Term::Other),
                }
            }
        }
    }

    /// Before each element: true (and consumed) when the collection ends with `close`;
    /// otherwise consumes the `,` separating it from the previous element.
    fn close(&mut self, close: u8, first: &mut bool) -> Read<bool> {
        self.skip_space();
        match self.peek() {
            Some(b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            None => self.fail(format!("file ends before `{}`", char::from(close))),
            Some(_) if std::mem::take(first) => Ok(false),
            Some(b',') => {
                self.pos += 1;
                self.skip_space();
                let end = self.peek() == Some(close);
                if end {
                    self.pos += 1;
                }
                Ok(end)
            }
            Some(_) => self.fail(format!("expected `,` or `{}`", char::from(close))),
        }
    }

    /// `name: ` or `"name": ` before a value, as an atom or string key.
    fn keyword_key(&mut self) -> Read<Option<Term>> {
        self.skip_space();
        let start = self.pos;
        let key = if self.peek() == Some(b'"') {
            Term::Str(self.string()?)
        } else {
            let name = self.identifier();
            if name.is_empty() {
                return Ok(None);
            }
            Term::Atom(name.to_string())
        };
        if self.peek() == Some(b':') && self.peek_at(1) != Some(b':') {
            self.pos += 1;
            Ok(Some(key))
        } else {
            self.pos = start;
            Ok(None)
        }
    }

    fn identifier(&mut self) -> &str {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'?' | b'!' | b'@'))
        {
            self.pos += 1;
        }
        self.text.get(start..self.pos).unwrap_or_default()
    }

    fn string(&mut self) -> Read<String> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.text.get(self.pos..).unwrap_or_default().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        out.push(escaped);
                    }
                }
                _ => out.push(c),
            }
        }
        self.pos = start;
        self.fail("string is never closed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Relationship;
    use crate::lockfiles::testing::{parse_text, position, rows};

    fn run(text: &str) -> Result<Inventory, Problem> {
        parse_text(parse, "mix.lock", text)
    }

    #[test]
    fn parses_hex_entries_and_edges() {
        let inventory = run(include_str!("../../tests/fixtures/mix/mix.lock")).expect("ok");
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
        let found = rows(&inventory, |p| (p.label(), p.line));
        let expected = [
            ("castore@1.0.5", 2),
            ("decimal@2.1.1", 3),
            ("ecto@3.11.1", 4),
            ("jason@1.4.1", 6),
            ("phoenix@1.7.10", 7),
            ("plug@1.15.3", 8),
            ("telemetry@1.2.1", 9),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(label, line)| (label.to_string(), line))
            .collect();
        assert_eq!(found, expected);
        assert!(
            inventory
                .packages
                .iter()
                .all(|p| p.relationship == Relationship::Unknown)
        );
        let ecto = &inventory.packages[position(&inventory, "ecto")];
        assert_eq!(
            ecto.checksums,
            [Checksum {
                algorithm: "sha256".into(),
                value: "4ba3ea6c9a7a2bc4d0ac1c36ea31f4b8b7f8a59e9ddd2f0c4a4e0f0e7e4d7e4a".into()
            }]
        );
        let edge = |from, to| Dependency {
            from: position(&inventory, from),
            to: position(&inventory, to),
        };
        let mut expected = vec![
            edge("ecto", "decimal"),
            edge("ecto", "jason"),
            edge("ecto", "telemetry"),
            edge("jason", "decimal"),
            edge("phoenix", "castore"),
            edge("phoenix", "jason"),
            edge("phoenix", "plug"),
            edge("phoenix", "telemetry"),
            edge("plug", "telemetry"),
        ];
        expected.sort();
        assert_eq!(inventory.dependencies, expected);
    }

    #[test]
    fn older_entry_shapes_and_names() {
        let text = "%{\"Poison\" => {:hex, :Poison, \"3.1.0\", \"abc\", [:mix], [], \"hexpm\"},\n  \"old\": {:hex, :old, \"0.1.0\", \"def\"}}";
        let inventory = run(text).expect("ok");
        let labels: Vec<_> = inventory.packages.iter().map(Package::label).collect();
        assert_eq!(labels, ["poison@3.1.0", "old@0.1.0"]);
        assert!(inventory.packages.iter().all(|p| p.checksums.is_empty()));
        assert_eq!(inventory.packages[1].line, 2);
    }

    #[test]
    fn malformed_input_is_reported_with_a_line() {
        for (text, line) in [
            // Truncated.
            ("%{\n  \"jason\": {:hex, :jason, \"1.4.1\",\n", 3),
            ("%{\n  \"jason\": {:hex, :jason, \"1.4", 2),
            // Not a map.
            ("[1, 2]", 1),
            ("%{\n  \"a\": {:hex :a}\n}", 2),
            ("%{\"a\": 1}\n}", 2),
        ] {
            let problem = run(text).expect_err(text);
            assert_eq!(problem.line, Some(line), "{text}: {problem:?}");
        }
        let deep = format!("%{{\"a\": {}", "[".repeat(10_000));
        assert!(run(&deep).is_err());
        let text = "%{\n  \"a\": {:hex, \"a\", \"1\"},\n  \"b\": {:svn, :b},\n  \"c\": 7\n}";
        let inventory = run(text).expect("entry problems");
        let lines: Vec<_> = inventory.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4)]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in r#"[%{}\[\]:,"a-z0-9 =>#\n\\.é-]{0,80}"#) {
            let _ = run(&text);
        }
    }

    #[test]
    fn reads_terms() {
        let mut reader = Reader {
            text: "[hex: :dep, repo: \"hexpm\", optional: false, n: 1.5, q: :\"a b\"]",
            pos: 0,
        };
        let pair = |k: &str, v: Term| Term::Tuple(vec![Term::Atom(k.into()), v]);
        assert_eq!(
            reader.value(0),
            Ok(Term::List(vec![
                pair("hex", Term::Atom("dep".into())),
                pair("repo", Term::Str("hexpm".into())),
                pair("optional", Term::Atom("false".into())),
                pair("n", Term::Other),
                pair("q", Term::Atom("a b".into())),
            ]))
        );
    }
}
