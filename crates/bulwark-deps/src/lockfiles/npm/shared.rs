//! Pieces the JavaScript lockfile parsers (npm, yarn, pnpm, bun) share: borrowed strings and
//! ordered maps for serde, SRI checksums, key positions, the sibling `package.json`, and the
//! direct/dev classification walked over dependency edges.

use crate::lockfiles::Companions;
use crate::lockfiles::paths::sibling;
use crate::lockfiles::text::LineLocator;
use crate::package::Checksum;
use crate::{Dependency, Package, Relationship, Scope};
use bulwark_core::Problem;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::ops::Deref;

/// A string borrowed from the input when it has no escapes (keeps a 50 MB lockfile cheap),
/// owned otherwise. YAML scalars that parse as numbers or booleans are kept as their text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text<'a>(pub Cow<'a, str>);

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A map kept in file order: entries are then located with forward-only searches, and the
/// output order follows the file.
#[derive(Debug)]
pub struct OrderedMap<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for OrderedMap<K, V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = OrderedMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OrderedMap::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_any(MapVisitor(std::marker::PhantomData))
    }
}

impl<K, V> OrderedMap<K, V> {
    pub fn iter(&self) -> impl Iterator<Item = &(K, V)> {
        self.0.iter()
    }
}

/// The names of a `dependencies`-like map, whatever their values say.
pub type Names<'a> = OrderedMap<Text<'a>, de::IgnoredAny>;

/// Checksums from an SRI string (`sha512-<base64> sha1-<base64>`), kept as written.
pub fn sri(integrity: &str) -> Vec<Checksum> {
    integrity
        .split_whitespace()
        .filter_map(|part| {
            let (algorithm, value) = part.split_once('-')?;
            let algorithm = algorithm.to_ascii_lowercase();
            let known = matches!(algorithm.as_str(), "sha1" | "sha256" | "sha384" | "sha512");
            (known && !value.is_empty()).then(|| Checksum {
                algorithm,
                value: value.to_string(),
            })
        })
        .collect()
}

/// Where a JSON object key `"key"` whose value starts with `opener` (`{` or `[`) appears at or
/// after `from`: its line and the offset just past it. Values that merely equal the key (a
/// `requires` entry, a resolved path) are passed over.
pub fn find_json_key(
    locator: &LineLocator<'_>,
    text: &str,
    key: &str,
    opener: u8,
    from: usize,
) -> Option<(u32, usize)> {
    let needle = format!("\"{key}\"");
    let mut at = from;
    loop {
        let (line, end) = locator.find_from(&needle, at)?;
        let rest = text.get(end..)?.trim_start();
        if let Some(value) = rest.strip_prefix(':')
            && value.trim_start().as_bytes().first() == Some(&opener)
        {
            return Some((line, end));
        }
        at = end;
    }
}

/// Where a YAML mapping key (plain or quoted) appears at or after `from`.
pub fn find_yaml_key(
    locator: &LineLocator<'_>,
    text: &str,
    key: &str,
    from: usize,
) -> Option<(u32, usize)> {
    let mut at = from;
    loop {
        let (line, end) = locator.find_from(key, at)?;
        let start = end - key.len();
        let before = text.get(..start).and_then(|b| b.chars().next_back());
        let after = text.get(end..)?;
        let after = after.strip_prefix(['"', '\'']).unwrap_or(after);
        if matches!(before, None | Some('\n' | ' ' | '"' | '\'')) && after.starts_with(':') {
            return Some((line, end));
        }
        at = end;
    }
}

/// What the project's `package.json` asks for: `(name, range, scope)` in declaration order.
#[derive(Debug, Default)]
pub struct Manifest {
    pub wants: Vec<(String, String, Scope)>,
}

#[derive(serde::Deserialize)]
struct ManifestFile<'a> {
    #[serde(borrow, default)]
    dependencies: OrderedMap<Text<'a>, Text<'a>>,
    #[serde(borrow, default, rename = "devDependencies")]
    dev: OrderedMap<Text<'a>, Text<'a>>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional: OrderedMap<Text<'a>, Text<'a>>,
    #[serde(borrow, default, rename = "peerDependencies")]
    peer: OrderedMap<Text<'a>, Text<'a>>,
}

/// Reads the `package.json` beside `lockfile_path` — yarn.lock and npm v1 locks do not say
/// which packages the project asked for. A broken manifest is a problem, not a failure.
pub fn sibling_manifest(
    lockfile_path: &str,
    companions: &dyn Companions,
    problems: &mut Vec<Problem>,
) -> Option<Manifest> {
    let path = sibling(lockfile_path, "package.json");
    let bytes = companions.read(&path)?;
    let parsed = std::str::from_utf8(&bytes)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<ManifestFile<'_>>(text).map_err(|e| e.to_string()));
    let file = match parsed {
        Ok(file) => file,
        Err(error) => {
            problems.push(Problem {
                line: None,
                message: format!("{path} could not be read, direct dependencies unknown: {error}"),
            });
            return None;
        }
    };
    let mut wants = Vec::new();
    for (map, scope) in [
        (&file.dependencies, Scope::Runtime),
        (&file.peer, Scope::Runtime),
        (&file.optional, Scope::Optional),
        (&file.dev, Scope::Dev),
    ] {
        for (name, range) in map.iter() {
            wants.push((name.to_string(), range.to_string(), scope));
        }
    }
    Some(Manifest { wants })
}

/// Marks `roots` Direct and every other package Transitive, then gives each package the scope
/// of the strongest root it is reachable from (runtime over optional over dev): a package only
/// dev tooling pulls in is Dev. Packages no root reaches keep their scope.
pub fn classify(packages: &mut [Package], edges: &[Dependency], roots: &[(usize, Scope)]) {
    let mut children = vec![Vec::new(); packages.len()];
    for edge in edges {
        if let Some(list) = children.get_mut(edge.from) {
            list.push(edge.to);
        }
    }
    for package in packages.iter_mut() {
        package.relationship = Relationship::Transitive;
    }
    let mut reached: Vec<Option<Scope>> = vec![None; packages.len()];
    for scope in [Scope::Runtime, Scope::Optional, Scope::Dev] {
        let mut queue: VecDeque<usize> = roots
            .iter()
            .filter(|(_, s)| *s == scope)
            .map(|(i, _)| *i)
            .collect();
        while let Some(at) = queue.pop_front() {
            match reached.get_mut(at) {
                Some(slot @ None) => *slot = Some(scope),
                _ => continue,
            }
            queue.extend(children.get(at).into_iter().flatten().copied());
        }
    }
    for &(root, _) in roots {
        if let Some(package) = packages.get_mut(root) {
            package.relationship = Relationship::Direct;
        }
    }
    for (package, scope) in packages.iter_mut().zip(reached) {
        if let Some(scope) = scope {
            package.scope = scope;
        }
    }
}

/// Sorted, without repeats: several lock entries may collapse into one package.
pub fn tidy_edges(edges: &mut Vec<Dependency>) {
    edges.retain(|e| e.from != e.to);
    edges.sort_unstable();
    edges.dedup();
}

/// Splits `name@range` (`@scope/name@range` keeps its leading `@`).
pub fn split_descriptor(descriptor: &str) -> Option<(&str, &str)> {
    let at = descriptor.get(1..)?.find('@')? + 1;
    Some((descriptor.get(..at)?, descriptor.get(at + 1..)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ecosystem;

    #[test]
    fn sri_keeps_known_algorithms() {
        let sums = sri("sha512-AAA== sha1-BBB= md5-x nonsense");
        let pairs: Vec<_> = sums
            .iter()
            .map(|c| (c.algorithm.as_str(), c.value.as_str()))
            .collect();
        assert_eq!(pairs, [("sha512", "AAA=="), ("sha1", "BBB=")]);
    }

    #[test]
    fn descriptors_split_after_scope() {
        for (input, expected) in [
            ("a@^1", Some(("a", "^1"))),
            ("@s/a@npm:1.0.0", Some(("@s/a", "npm:1.0.0"))),
            ("alias@npm:real@1", Some(("alias", "npm:real@1"))),
            ("@s/a", None),
            ("", None),
        ] {
            assert_eq!(split_descriptor(input), expected, "{input}");
        }
    }

    #[test]
    fn json_keys_skip_plain_values() {
        let text = "{\"x\": {\"requires\": {\"a\": \"^1\"}},\n \"a\": {\"v\": 1}}";
        let locator = LineLocator::new(text);
        assert_eq!(
            find_json_key(&locator, text, "a", b'{', 0).map(|f| f.0),
            Some(2)
        );
        assert_eq!(find_json_key(&locator, text, "zz", b'{', 0), None);
    }

    #[test]
    fn yaml_keys_need_a_colon() {
        let text = "a:\n  dep: foo@1.0.0\n'foo@1.0.0':\n  x: 1\n";
        let locator = LineLocator::new(text);
        assert_eq!(
            find_yaml_key(&locator, text, "foo@1.0.0", 0).map(|f| f.0),
            Some(3)
        );
    }

    #[test]
    fn dev_only_subtrees_become_dev() {
        let mut packages: Vec<Package> = (0..4)
            .map(|i| Package::new(Ecosystem::Npm, &format!("p{i}"), "1.0.0", "x", 1))
            .collect();
        // 0 (runtime) → 1; 2 (dev) → 1, 3.
        let edges = [(0, 1), (2, 1), (2, 3)].map(|(from, to)| Dependency { from, to });
        classify(
            &mut packages,
            &edges,
            &[(0, Scope::Runtime), (2, Scope::Dev)],
        );
        let got: Vec<_> = packages.iter().map(|p| (p.relationship, p.scope)).collect();
        assert_eq!(
            got,
            [
                (Relationship::Direct, Scope::Runtime),
                (Relationship::Transitive, Scope::Runtime),
                (Relationship::Direct, Scope::Dev),
                (Relationship::Transitive, Scope::Dev),
            ]
        );
    }
}
