//! `bun.lock`, Bun's text lockfile: JSON with trailing commas. `workspaces` holds what each
//! workspace asks for (`""` is the root); `packages` maps an install key (`name`, or
//! `parent/name` when nested) to `["name@version", registry, {dependencies…}, "sha512-…"]`.

use super::Companions;
use super::npm::shared::{
    Names, OrderedMap, Text, classify, find_json_key, split_descriptor, sri, tidy_edges,
};
use super::text::{LineLocator, json_error, utf8};
use crate::{Dependency, Ecosystem, Inventory, Package, Scope};
use bulwark_core::{Problem, SourceFile};
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Lock<'a> {
    #[serde(default, rename = "lockfileVersion")]
    lockfile_version: Option<u64>,
    #[serde(borrow, default)]
    workspaces: Option<OrderedMap<Text<'a>, Workspace<'a>>>,
    #[serde(borrow, default)]
    packages: Option<OrderedMap<Text<'a>, Vec<Field<'a>>>>,
}

#[derive(Deserialize)]
struct Workspace<'a> {
    #[serde(borrow, default)]
    name: Option<Text<'a>>,
    #[serde(borrow, default)]
    dependencies: Names<'a>,
    #[serde(borrow, default, rename = "peerDependencies")]
    peer_dependencies: Names<'a>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional_dependencies: Names<'a>,
    #[serde(borrow, default, rename = "devDependencies")]
    dev_dependencies: Names<'a>,
}

/// One element of a package array.
#[derive(Deserialize)]
#[serde(untagged)]
enum Field<'a> {
    Text(#[serde(borrow)] Text<'a>),
    Info(#[serde(borrow)] Info<'a>),
    Other(IgnoredAny),
}

#[derive(Deserialize)]
struct Info<'a> {
    #[serde(borrow, default)]
    dependencies: Names<'a>,
    #[serde(borrow, default, rename = "optionalDependencies")]
    optional_dependencies: Names<'a>,
    #[serde(borrow, default, rename = "peerDependencies")]
    peer_dependencies: Names<'a>,
}

/// Reads a bun.lock; everything it needs is in the file itself.
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = strip_trailing_commas(utf8(file.bytes)?);
    let lock: Lock<'_> = serde_json::from_str(&text).map_err(|e| json_error(&e))?;
    let locator = LineLocator::new(&text);
    let mut inventory = Inventory::default();
    let (Some(workspaces), Some(packages)) = (lock.workspaces, lock.packages) else {
        return Err(Problem {
            line: Some(1),
            message: "no `workspaces` and `packages`: not a bun.lock".into(),
        });
    };
    if !matches!(lock.lockfile_version, Some(0 | 1)) {
        inventory.problems.push(Problem {
            line: Some(locator.find("\"lockfileVersion\"")).filter(|&l| l > 0),
            message: format!(
                "lockfileVersion {} is not known; read as the closest known shape",
                lock.lockfile_version
                    .map_or("(missing)".to_string(), |v| v.to_string())
            ),
        });
    }
    let mut cursor = locator.find_from("\"packages\"", 0).map_or(0, |f| f.1);
    // Install key → package; `None` for workspaces and links, which still shadow outer keys.
    let mut by_key: HashMap<&str, Option<usize>> = HashMap::new();
    let mut requires = Vec::new();
    for (key, fields) in packages.iter() {
        let found = find_json_key(&locator, &text, key, b'[', cursor);
        let line = found.map_or(0, |f| f.0);
        cursor = found.map_or(cursor, |f| f.1);
        let ident = match fields.first() {
            Some(Field::Text(ident)) => split_descriptor(ident),
            _ => None,
        };
        let Some((name, version)) = ident else {
            inventory.problems.push(Problem {
                line: Some(line).filter(|&l| l > 0),
                message: format!("`{key}` does not start with a `name@version` string"),
            });
            continue;
        };
        if ["workspace:", "link:", "file:"]
            .iter()
            .any(|p| version.starts_with(p))
        {
            by_key.insert(key, None);
            continue;
        }
        let mut package = Package::new(Ecosystem::Npm, name, version, file.path, line);
        let integrity = fields.iter().skip(1).rev().find_map(|f| match f {
            Field::Text(t) if t.starts_with("sha") && t.contains('-') => Some(&**t),
            _ => None,
        });
        package.checksums = integrity.map(sri).unwrap_or_default();
        let at = inventory.packages.len();
        inventory.packages.push(package);
        by_key.insert(key, Some(at));
        for field in fields {
            if let Field::Info(info) = field {
                let lists = [
                    &info.dependencies,
                    &info.optional_dependencies,
                    &info.peer_dependencies,
                ];
                requires.extend(
                    lists
                        .into_iter()
                        .flat_map(|l| l.iter())
                        .map(|(n, _)| (at, &**key, &**n)),
                );
            }
        }
    }
    for (from, key, name) in requires {
        if let Some(to) = resolve(&by_key, key, name) {
            inventory.dependencies.push(Dependency { from, to });
        }
    }
    tidy_edges(&mut inventory.dependencies);
    let mut roots = Vec::new();
    for (path, workspace) in workspaces.iter() {
        // Versions specific to a member workspace are nested under its name.
        let from = if path.is_empty() {
            ""
        } else {
            workspace.name.as_deref().unwrap_or("")
        };
        for (names, scope) in [
            (&workspace.dependencies, Scope::Runtime),
            (&workspace.peer_dependencies, Scope::Runtime),
            (&workspace.optional_dependencies, Scope::Optional),
            (&workspace.dev_dependencies, Scope::Dev),
        ] {
            for (name, _) in names.iter() {
                roots.extend(resolve(&by_key, from, name).map(|at| (at, scope)));
            }
        }
    }
    classify(&mut inventory.packages, &inventory.dependencies, &roots);
    Ok(inventory)
}

/// Bun's lookup: `key/name`, then the same under each enclosing key, then the top-level `name`.
fn resolve(by_key: &HashMap<&str, Option<usize>>, key: &str, name: &str) -> Option<usize> {
    let mut names = package_names(key);
    loop {
        let prefix = names.join("/");
        let candidate = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}/{name}")
        };
        if let Some(&found) = by_key.get(candidate.as_str()) {
            return found;
        }
        names.pop()?;
    }
}

/// `@a/b/c/@d/e` → `["@a/b", "c", "@d/e"]`.
fn package_names(key: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = key;
    while !rest.is_empty() {
        let segments = if rest.starts_with('@') { 2 } else { 1 };
        let end = rest
            .match_indices('/')
            .nth(segments - 1)
            .map_or(rest.len(), |(at, _)| at);
        names.push(&rest[..end]);
        rest = rest.get(end + 1..).unwrap_or("");
    }
    names
}

/// Blanks out commas that close nothing (`[1, 2,]`), outside strings, keeping every byte
/// offset (and so every line) where it was.
fn strip_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = text.get(at + 1..).unwrap_or("").trim_start();
            if next.starts_with(['}', ']']) {
                out.push(' ');
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
