//! pip requirements files (`requirements.txt` and friends).
//!
//! `name==1.2.3` and `name===1.2.3` pins are packages; anything looser (`>=`, `~=`, no version)
//! is [`Unpinned`]. `--hash` options become checksums, `-r`/`--requirement` includes are read
//! through [`Companions`] and parsed in turn (cycles and runaway nesting are problems). Editable
//! installs, URLs, local paths and `name @ url` direct references are not registry releases and
//! are skipped; other pip options are ignored. Entries are Direct — the user listed them — except
//! in files produced by pip-compile / `uv pip compile` / `uv export`, whose `# via` annotations
//! tell which entries only came in through other packages (Transitive). A `via` source that is
//! no requirement of the files read (`uv export`'s `# via my-project`) is the user's own project.

pub(super) mod pep508;

use super::Companions;
use super::text::utf8;
use crate::package::Checksum;
use crate::{Dependency, Ecosystem, Inventory, Package, Relationship, Unpinned};
use bulwark_core::{Problem, SourceFile};
use std::collections::{HashMap, HashSet};

/// Deeper include chains than this are reported rather than followed.
const MAX_DEPTH: usize = 10;

/// Parses one requirements file and, through `companions`, the files it includes.
pub fn parse(file: &SourceFile<'_>, companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let mut walk = Walk {
        companions,
        inventory: Inventory::default(),
        stack: Vec::new(),
        done: HashSet::new(),
        names: HashSet::new(),
    };
    walk.file(file.path, text, None);
    Ok(walk.inventory)
}

/// The state of one parse across a file and everything it includes.
struct Walk<'c> {
    companions: &'c dyn Companions,
    inventory: Inventory,
    /// Files being parsed, outermost first: an include of one of them is a cycle.
    stack: Vec<String>,
    /// Files already parsed, so that a file included twice is counted once.
    done: HashSet<String>,
    /// Normalised names of every requirement read so far, pinned or not: `# via` sources that
    /// are none of these are the project itself.
    names: HashSet<String>,
}

/// Where an entry is, for problems: its own file and line, and — inside an include — the line
/// of the `-r` in the top-level file that led to it (problems are reported against that file).
#[derive(Clone, Copy)]
struct At<'p> {
    path: &'p str,
    line: u32,
    origin: Option<u32>,
}

impl Walk<'_> {
    fn file(&mut self, path: &str, text: &str, origin: Option<u32>) {
        self.stack.push(path.to_string());
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = self.inventory.packages.len();
        let mut annotations = Annotations::default();
        for (line, logical) in logical_lines(text) {
            let (body, comment) = split_comment(&logical);
            let body = body.trim();
            if body.is_empty() {
                annotations.comment(comment);
                continue;
            }
            let at = At { path, line, origin };
            let before = self.inventory.packages.len();
            self.entry(body, at);
            let added = self.inventory.packages.len() > before;
            annotations.entry(added.then_some(before), comment);
        }
        if annotations.compiled {
            for (index, source) in annotations.sources {
                if !self
                    .names
                    .contains(&Ecosystem::PyPI.normalize_name(&source))
                {
                    annotations.via.insert(index, true);
                }
            }
            for (index, package) in self.inventory.packages.iter_mut().enumerate().skip(first) {
                if package.path == path && annotations.via.get(&index) == Some(&false) {
                    package.relationship = Relationship::Transitive;
                }
            }
        }
        self.stack.pop();
        self.done.insert(path.to_string());
    }

    /// One non-comment line: an option, a direct reference or a requirement.
    fn entry(&mut self, body: &str, at: At<'_>) {
        if body.starts_with('-') {
            return self.option(body, at);
        }
        let (requirement, options) = split_options(body);
        let first = requirement.split_whitespace().next().unwrap_or_default();
        let is_reference = first.contains("://")
            || first.starts_with(['.', '/', '\\'])
            || [".whl", ".zip", ".tar.gz", ".tgz"]
                .iter()
                .any(|ext| first.ends_with(ext));
        if is_reference {
            return;
        }
        let parsed = match pep508::parse(requirement) {
            Ok(parsed) => parsed,
            Err(message) => return self.problem(at, message),
        };
        self.names
            .insert(Ecosystem::PyPI.normalize_name(parsed.name));
        if parsed.url.is_some() {
            return;
        }
        let Some(version) = parsed.pinned() else {
            self.inventory.unpinned.push(Unpinned {
                ecosystem: Ecosystem::PyPI,
                name: Ecosystem::PyPI.normalize_name(parsed.name),
                requirement: parsed.specifiers.to_string(),
                path: at.path.to_string(),
                line: at.line,
            });
            return;
        };
        let mut package = Package::new(Ecosystem::PyPI, parsed.name, version, at.path, at.line);
        package.relationship = Relationship::Direct;
        match hashes(options) {
            Ok(checksums) => package.checksums = checksums,
            Err(message) => self.problem(at, message),
        }
        self.inventory.packages.push(package);
    }

    /// A pip option line; only includes matter to a scanner.
    fn option(&mut self, body: &str, at: At<'_>) {
        let (flag, value) = if body.starts_with("--") {
            let end = body
                .find(|c: char| c == '=' || c.is_whitespace())
                .unwrap_or(body.len());
            let value = body[end..].trim_start_matches('=');
            (&body[..end], value.trim())
        } else {
            let split = body.char_indices().nth(2).map_or(body.len(), |(i, _)| i);
            (&body[..split], body[split..].trim())
        };
        if matches!(flag, "-r" | "--requirement") {
            self.include(value, at);
        }
    }

    fn include(&mut self, target: &str, at: At<'_>) {
        if target.is_empty() {
            return self.problem(at, "`-r` without a file name".into());
        }
        if target.contains("://") {
            return self.problem(at, format!("remote include `{target}` is not read"));
        }
        let Some(resolved) = resolve(at.path, target) else {
            return self.problem(at, format!("include `{target}` is not a relative path"));
        };
        if self.stack.contains(&resolved) {
            let chain = self.stack.join(" → ");
            return self.problem(at, format!("include cycle: {chain} → {resolved}"));
        }
        if self.done.contains(&resolved) {
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            return self.problem(
                at,
                format!("`{resolved}` not read: includes nested deeper than {MAX_DEPTH}"),
            );
        }
        let Some(bytes) = self.companions.read(&resolved) else {
            return self.problem(at, format!("included file `{resolved}` not found"));
        };
        match std::str::from_utf8(&bytes) {
            Ok(text) => self.file(&resolved, text, Some(at.origin.unwrap_or(at.line))),
            Err(_) => self.problem(at, format!("included file `{resolved}` is not UTF-8")),
        }
    }

    fn problem(&mut self, at: At<'_>, message: String) {
        let problem = match at.origin {
            None => Problem {
                line: Some(at.line),
                message,
            },
            Some(origin) => Problem {
                line: Some(origin),
                message: format!("{}:{}: {message}", at.path, at.line),
            },
        };
        self.inventory.problems.push(problem);
    }
}

/// pip-compile's `# via` annotations: which packages something else pulled in.
#[derive(Default)]
struct Annotations {
    /// Any `# via` seen: the file was compiled and its annotations are complete.
    compiled: bool,
    /// Package index → whether one of its `via` sources is the user's own input
    /// (`-r requirements.in`, `project (pyproject.toml)`) rather than another package.
    via: HashMap<usize, bool>,
    /// Package index → a `via` source that is a bare name: another requirement, or (when no
    /// requirement has that name) the project, as `uv export` writes it.
    sources: Vec<(usize, String)>,
    /// The package the comments below belong to, and whether a `# via` block is open.
    last: Option<usize>,
    open: bool,
}

impl Annotations {
    fn entry(&mut self, package: Option<usize>, comment: Option<&str>) {
        self.last = package;
        self.open = false;
        self.comment(comment);
    }

    fn comment(&mut self, comment: Option<&str>) {
        let Some(comment) = comment else {
            self.open = false;
            return;
        };
        let trimmed = comment.trim();
        let item = if let Some(rest) = trimmed
            .strip_prefix("via")
            .filter(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            self.compiled = true;
            self.open = true;
            rest.trim()
        } else if self.open && comment.starts_with("  ") {
            trimmed
        } else {
            self.open = false;
            return;
        };
        if let Some(package) = self.last.filter(|_| !item.is_empty()) {
            let own_input = item.starts_with("-r ")
                || item.starts_with("--requirement")
                || ["(pyproject.toml)", "(setup.py)", "(setup.cfg)"]
                    .iter()
                    .any(|source| item.ends_with(source));
            *self.via.entry(package).or_insert(false) |= own_input;
            let name = item.split('[').next().unwrap_or(item);
            if !own_input
                && !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            {
                self.sources.push((package, name.to_string()));
            }
        }
    }
}

/// Lines with `\` continuations joined, each with the line it starts on (pip's own rules: a
/// comment line ends a continuation).
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (n, line) in (1u32..).zip(text.lines()) {
        let is_comment = line.trim_start().starts_with('#');
        match (line.strip_suffix('\\'), is_comment, pending.take()) {
            (Some(part), false, Some((start, mut joined))) => {
                joined.push_str(part);
                pending = Some((start, joined));
            }
            (Some(part), false, None) => pending = Some((n, part.to_string())),
            (_, true, Some(joined)) => {
                out.push(joined);
                out.push((n, line.to_string()));
            }
            (_, _, Some((start, mut joined))) => {
                joined.push_str(line);
                out.push((start, joined));
            }
            (_, _, None) => out.push((n, line.to_string())),
        }
    }
    out.extend(pending);
    out
}

/// Splits off a comment: `#` at the start of the line or after whitespace.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let at = line
        .match_indices('#')
        .map(|(i, _)| i)
        .find(|&i| i == 0 || line[..i].ends_with(char::is_whitespace));
    match at {
        Some(i) => (&line[..i], Some(&line[i + 1..])),
        None => (line, None),
    }
}

/// Splits a requirement from its per-requirement options (`--hash=…`), as pip does: the options
/// start at the first whitespace-separated token beginning with `-`.
fn split_options(body: &str) -> (&str, &str) {
    let at = body
        .match_indices(" -")
        .chain(body.match_indices("\t-"))
        .map(|(i, _)| i)
        .min();
    match at {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    }
}

/// `--hash=sha256:…` (or `--hash sha256:…`) options as checksums.
fn hashes(options: &str) -> Result<Vec<Checksum>, String> {
    let mut tokens = options.split_whitespace();
    let mut checksums = Vec::new();
    while let Some(token) = tokens.next() {
        let value = match token.strip_prefix("--hash") {
            Some("") => tokens.next().unwrap_or_default(),
            Some(rest) => match rest.strip_prefix('=') {
                Some(value) => value,
                None => continue,
            },
            None => continue,
        };
        let Some(checksum) = checksum(value) else {
            return Err(format!(
                "`--hash` value `{value}` is not `algorithm:digest`"
            ));
        };
        checksums.push(checksum);
    }
    Ok(checksums)
}

/// The PyPI package `name` locked at `version` in `path`; an entry without a version is a problem
/// on `line` and gives `None`.
pub(super) fn locked_package(
    name: &str,
    version: Option<&str>,
    path: &str,
    line: u32,
    problems: &mut Vec<Problem>,
) -> Option<Package> {
    let Some(version) = version else {
        problems.push(Problem {
            line: Some(line),
            message: format!("package `{name}` has no version"),
        });
        return None;
    };
    Some(Package::new(Ecosystem::PyPI, name, version, path, line))
}

/// Adds `edge` unless `edges` already has it, keeping the order edges were first found in.
pub(super) fn push_edge(edges: &mut Vec<Dependency>, edge: Dependency) {
    if !edges.contains(&edge) {
        edges.push(edge);
    }
}

/// An `algorithm:digest` hash, as most Python formats record them (`sha256:…`).
pub(super) fn checksum(value: &str) -> Option<Checksum> {
    let (algorithm, digest) = value.split_once(':')?;
    (!algorithm.is_empty() && !digest.is_empty()).then(|| Checksum {
        algorithm: algorithm.to_ascii_lowercase(),
        value: digest.to_string(),
    })
}

/// `target` relative to the directory of `from`, normalised; `None` for absolute paths. Leading
/// `..` components are kept: the result stays relative and [`Companions`] decides what it reads.
fn resolve(from: &str, target: &str) -> Option<String> {
    let target = target.replace('\\', "/");
    let is_absolute = target.starts_with('/')
        || target
            .split_once(':')
            .is_some_and(|(drive, _)| drive.len() == 1);
    if is_absolute {
        return None;
    }
    let dir = from.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut parts: Vec<&str> = Vec::new();
    for part in dir.split('/').chain(target.split('/')) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests;
