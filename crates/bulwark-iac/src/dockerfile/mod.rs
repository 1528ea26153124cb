//! Dockerfile front end: a hand-written parser (the `dockerfile-parser` crate rejects BuildKit
//! heredocs) that turns a Dockerfile into a [`Format::Dockerfile`] [`Document`].
//!
//! Each build stage (`FROM image [AS name]`) becomes a [`Resource`] of kind `stage` with address
//! `stage.NAME` (lower-cased, as BuildKit compares stage names) or `stage.N` (0-based index) when
//! unnamed. Its body:
//!
//! ```text
//! { index, name, final,
//!   from: { image, name, tag, digest, platform, alias, stage, raw },
//!   instructions: [ { instruction: "RUN", arguments, flags: {"--mount": …}, form, exec,
//!                     heredocs: [{name, content, strip_tabs, expand, fd}], … } ] }
//! ```
//!
//! `arguments` is the text after the keyword and its flags, continuation lines joined. Some
//! instructions get extra keys: ARG/ENV/LABEL `pairs` (name → value, `null` for an ARG without
//! default), USER `user`/`group`, COPY/ADD `sources`/`destination`, HEALTHCHECK `none`/`command`,
//! ONBUILD `trigger` (the nested instruction). Spans are exact; end columns are exclusive. The
//! root node holds `directives`, global `args`, every `instructions` in file order (FROM
//! included), `comments` (for inline suppressions) and the `stages` addresses.

mod lex;
mod words;

#[cfg(test)]
mod tests;

use std::path::Path;

use crate::model::{Document, Format, Node, Problem, Resource, Span, Value};
use lex::{Item, LogicalLine};
use words::{Expanded, JsonArray, Vars};

pub use words::ImageRef;

/// Larger inputs are not parsed (no real Dockerfile comes near this; it bounds time and memory).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;
/// Most words, exec elements or pairs kept per instruction.
const MAX_ITEMS: usize = 4096;

const KNOWN: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Instructions whose leading `--flag[=value]` words are flags.
const TAKES_FLAGS: &[&str] = &["ADD", "COPY", "FROM", "HEALTHCHECK", "RUN"];

/// Whether `path` names a Dockerfile by the usual conventions (`Dockerfile`, `Dockerfile.prod`,
/// `api.Dockerfile`, `Containerfile`), so the scanner can pick this front end.
pub fn is_dockerfile_path(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
}

/// Parses a Dockerfile. Never fails: what cannot be understood becomes a [`Problem`] with its
/// line and the rest is still parsed.
pub fn parse(src: &str) -> Document {
    let mut b = Builder {
        escape: '\\',
        problems: Vec::new(),
    };
    if src.len() > MAX_INPUT_BYTES {
        b.problems.push(Problem {
            line: None,
            message: format!(
                "Dockerfile is {} bytes, over the {MAX_INPUT_BYTES}-byte limit; not parsed",
                src.len()
            ),
        });
        return Document {
            format: Format::Dockerfile,
            resources: Vec::new(),
            root: Node::new(Value::Object(Vec::new()), Span::default()),
            problems: b.problems,
        };
    }
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let scanned = lex::scan(src);
    b.escape = scanned.escape;
    for (line, message) in &scanned.problems {
        b.problem(*line, message.clone());
    }
    b.build(scanned)
}

/// The base image of a stage, or `None` when it is not a stage or its image could not be
/// resolved (`FROM ${BASE}` with no default), so image rules never judge a guess.
pub fn base_image(stage: &Resource) -> Option<ImageRef> {
    let from = stage.body.get("from")?;
    let name = from.get("name")?.as_str()?.to_string();
    let text = |k: &str| from.get(k).and_then(Node::as_str).map(str::to_string);
    Some(ImageRef {
        name,
        tag: text("tag"),
        digest: text("digest"),
        stage: text("stage"),
    })
}

/// Whether this stage is the last in its file: the image `docker build` produces by default,
/// which rules such as "runs as root" and "no HEALTHCHECK" care about.
pub fn is_final_stage(stage: &Resource) -> bool {
    stage.body.get("final").and_then(Node::as_bool) == Some(true)
}

/// The final stage of a Dockerfile document.
pub fn final_stage(doc: &Document) -> Option<&Resource> {
    doc.resources.iter().find(|r| is_final_stage(r))
}

/// A stage's instructions (FROM excluded), in order.
pub fn instructions(stage: &Resource) -> &[Node] {
    stage
        .body
        .get("instructions")
        .and_then(Node::as_array)
        .unwrap_or(&[])
}

/// The keyword of an instruction node (`RUN`, `COPY`, …).
pub fn keyword(instruction: &Node) -> Option<&str> {
    instruction.get("instruction").and_then(Node::as_str)
}

/// Every value given for `flag` (`"--mount"`) on an instruction: a repeated flag is stored as
/// an array, a single one as a string (or `true` when bare, like `--link`).
pub fn flag_values<'a>(instruction: &'a Node, flag: &str) -> Vec<&'a Node> {
    match instruction.at(&["flags", flag]) {
        Some(Node {
            value: Value::Array(items),
            ..
        }) => items.iter().collect(),
        Some(n) => vec![n],
        None => Vec::new(),
    }
}

type Entries = Vec<(String, Span, Node)>;

fn string(s: impl Into<String>, span: Span) -> Node {
    Node::new(Value::String(s.into()), span)
}

fn entry(entries: &mut Entries, key: &str, node: Node) {
    entries.push((key.to_string(), node.span, node));
}

fn union(a: Span, b: Span) -> Span {
    Span {
        start: a.start.min(b.start),
        end: a.end.max(b.end),
    }
}

/// A stage being collected.
struct Stage {
    index: usize,
    name: Option<(String, Span)>,
    from: Node,
    from_span: Span,
    instructions: Vec<Node>,
    span: Span,
}

/// A parsed instruction before it becomes a node.
struct Parsed {
    keyword: String,
    entries: Entries,
    span: Span,
    /// `(name, value)` of each flag.
    flags: Vec<(String, Option<String>)>,
    /// Offset where the arguments after the flags start.
    rest: usize,
}

struct Builder {
    escape: char,
    problems: Vec<Problem>,
}

impl Builder {
    fn problem(&mut self, line: u32, message: String) {
        self.problems.push(Problem {
            line: Some(line),
            message,
        });
    }

    fn build(mut self, scanned: lex::Scanned) -> Document {
        let mut root: Entries = Vec::new();
        let dir_entries: Entries = scanned
            .directives
            .iter()
            .map(|d| {
                (
                    d.name.clone(),
                    d.span,
                    string(d.value.clone(), d.value_span),
                )
            })
            .collect();
        let dir_span = scanned
            .directives
            .iter()
            .map(|d| d.span)
            .reduce(union)
            .unwrap_or_default();
        root.push((
            "directives".into(),
            dir_span,
            Node::new(Value::Object(dir_entries), dir_span),
        ));

        let mut global: Vars = Vec::new();
        let mut global_nodes: Entries = Vec::new();
        let mut all: Vec<Node> = Vec::new();
        let mut comments: Vec<Node> = Vec::new();
        let mut stages: Vec<Stage> = Vec::new();

        for item in &scanned.items {
            let ll = match item {
                Item::Comment(c) => {
                    comments.push(string(c.text.clone(), c.span));
                    continue;
                }
                Item::Instruction(ll) => ll,
            };
            let parsed = self.instruction(ll, 0, 0);
            let line = ll.first_line();
            match parsed.keyword.as_str() {
                "FROM" => {
                    let stage = self.from(ll, &parsed, &global, &stages);
                    stages.push(stage);
                }
                "ARG" if stages.is_empty() => {
                    self.global_args(ll, &parsed, &mut global, &mut global_nodes);
                }
                kw => match stages.last_mut() {
                    Some(stage) => {
                        stage.span = union(stage.span, parsed.span);
                        stage.instructions.push(instruction_node(&parsed));
                    }
                    None if KNOWN.contains(&kw) => {
                        self.problem(line, format!("{kw} before the first FROM"));
                    }
                    None => {}
                },
            }
            all.push(instruction_node(&parsed));
        }

        if stages.is_empty() {
            self.problems.push(Problem {
                line: None,
                message: "no FROM instruction: not a buildable Dockerfile".into(),
            });
        }

        let args_span = global_nodes
            .iter()
            .map(|(_, s, _)| *s)
            .reduce(union)
            .unwrap_or_default();
        root.push((
            "args".into(),
            args_span,
            Node::new(Value::Object(global_nodes), args_span),
        ));
        let all_span = all.iter().map(|n| n.span).reduce(union).unwrap_or_default();
        root.push((
            "instructions".into(),
            all_span,
            Node::new(Value::Array(all), all_span),
        ));
        let c_span = comments
            .iter()
            .map(|n| n.span)
            .reduce(union)
            .unwrap_or_default();
        root.push((
            "comments".into(),
            c_span,
            Node::new(Value::Array(comments), c_span),
        ));

        let resources = self.resources(stages);
        let addrs: Vec<Node> = resources
            .iter()
            .map(|r| string(r.address.clone(), r.span))
            .collect();
        root.push((
            "stages".into(),
            all_span,
            Node::new(Value::Array(addrs), all_span),
        ));
        let root_span = root
            .iter()
            .map(|(_, s, _)| *s)
            .filter(|s| *s != Span::default())
            .reduce(union)
            .unwrap_or_default();
        Document {
            format: Format::Dockerfile,
            resources,
            root: Node::new(Value::Object(root), root_span),
            problems: self.problems,
        }
    }

    fn resources(&mut self, stages: Vec<Stage>) -> Vec<Resource> {
        let count = stages.len();
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::with_capacity(count);
        for stage in stages {
            let address = match &stage.name {
                Some((name, span)) if seen.contains(name) => {
                    self.problem(span.start.line, format!("duplicate stage name `{name}`"));
                    format!("stage.{}", stage.index)
                }
                Some((name, _)) => {
                    seen.push(name.clone());
                    format!("stage.{name}")
                }
                None => format!("stage.{}", stage.index),
            };
            let mut body: Entries = Vec::new();
            entry(
                &mut body,
                "index",
                Node::new(Value::Number(stage.index as f64), stage.from_span),
            );
            let name_node = match &stage.name {
                Some((n, s)) => string(n.clone(), *s),
                None => Node::new(Value::Null, stage.from_span),
            };
            entry(&mut body, "name", name_node);
            entry(
                &mut body,
                "final",
                Node::new(Value::Bool(stage.index + 1 == count), stage.from_span),
            );
            entry(&mut body, "from", stage.from);
            let ispan = stage
                .instructions
                .iter()
                .map(|n| n.span)
                .reduce(union)
                .unwrap_or(stage.from_span);
            entry(
                &mut body,
                "instructions",
                Node::new(Value::Array(stage.instructions), ispan),
            );
            out.push(Resource {
                kind: "stage".into(),
                address,
                body: Node::new(Value::Object(body), stage.span),
                span: stage.span,
            });
        }
        out
    }

    /// Parses the instruction starting at offset `at` of `ll` (ONBUILD recurses with `depth`).
    fn instruction(&mut self, ll: &LogicalLine, at: usize, depth: usize) -> Parsed {
        let text = ll.text.as_str();
        let line = ll.first_line();
        let tail = text.get(at..).unwrap_or("");
        let kw_len = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let raw_kw = tail.get(..kw_len).unwrap_or("");
        let keyword = raw_kw.to_ascii_uppercase();
        let kw_span = ll.span(at, at + kw_len);
        let after_kw = tail.get(kw_len..).unwrap_or("");
        let args_start = at + kw_len + (after_kw.len() - after_kw.trim_start().len());

        let mut entries: Entries = Vec::new();
        entry(
            &mut entries,
            "instruction",
            string(keyword.clone(), kw_span),
        );

        // Flags.
        let mut flags: Vec<(String, Option<String>)> = Vec::new();
        let mut flag_entries: Entries = Vec::new();
        let mut rest = args_start;
        if TAKES_FLAGS.contains(&keyword.as_str()) {
            let (words, _) = words::split_words(text, args_start, self.escape, MAX_ITEMS);
            for w in &words {
                if !w.value.starts_with("--") {
                    break;
                }
                rest = next_word(text, w.end);
                if w.value == "--" {
                    break;
                }
                let (name, value) = match w.value.split_once('=') {
                    Some((n, v)) => (n.to_string(), Some(v.to_string())),
                    None => (w.value.clone(), None),
                };
                let key_span = ll.span(w.start, w.start + name.len().min(w.end - w.start));
                let val_node = match &value {
                    Some(v) => string(v.clone(), ll.span(w.start, w.end)),
                    None => Node::new(Value::Bool(true), ll.span(w.start, w.end)),
                };
                match flag_entries.iter_mut().find(|(k, _, _)| *k == name) {
                    Some((_, _, existing)) => {
                        if let Value::Array(items) = &mut existing.value {
                            items.push(val_node);
                        } else {
                            let first = existing.clone();
                            existing.span = union(first.span, val_node.span);
                            existing.value = Value::Array(vec![first, val_node]);
                        }
                    }
                    None => flag_entries.push((name.clone(), key_span, val_node)),
                }
                flags.push((name, value));
            }
        }
        let flags_span = flag_entries
            .iter()
            .map(|(_, s, n)| union(*s, n.span))
            .reduce(union)
            .unwrap_or(kw_span);

        let args_text = text.get(rest..).unwrap_or("").trim_end();
        let args_span = ll.span(rest, rest + args_text.len());
        entry(&mut entries, "arguments", string(args_text, args_span));
        entries.push((
            "flags".into(),
            flags_span,
            Node::new(Value::Object(flag_entries), flags_span),
        ));

        match keyword.as_str() {
            "RUN" | "CMD" | "ENTRYPOINT" | "SHELL" | "VOLUME" => {
                self.exec_or_shell(ll, rest, &mut entries);
            }
            "COPY" | "ADD" => self.copy(ll, rest, &mut entries),
            "ENV" | "ARG" | "LABEL" => {
                let pairs = self.pairs(ll, &keyword, rest);
                let span = pairs
                    .iter()
                    .map(|(_, s, n)| union(*s, n.span))
                    .reduce(union)
                    .unwrap_or(args_span);
                entries.push(("pairs".into(), span, Node::new(Value::Object(pairs), span)));
            }
            "USER" => {
                let (words, _) = words::split_words(text, rest, self.escape, 1);
                match words.first() {
                    Some(w) => {
                        let (user, group) = match w.value.split_once(':') {
                            Some((u, g)) => (u.to_string(), Some(g.to_string())),
                            None => (w.value.clone(), None),
                        };
                        let span = ll.span(w.start, w.end);
                        entry(&mut entries, "user", string(user, span));
                        let g = group.map_or(Node::new(Value::Null, span), |g| string(g, span));
                        entry(&mut entries, "group", g);
                    }
                    None => self.problem(line, "USER needs a user name".into()),
                }
            }
            "HEALTHCHECK" => self.healthcheck(ll, rest, &mut entries),
            "ONBUILD" => {
                if depth > 0 {
                    self.problem(line, "ONBUILD cannot be nested".into());
                } else if args_text.is_empty() {
                    self.problem(line, "ONBUILD needs an instruction".into());
                } else {
                    let inner = self.instruction(ll, rest, depth + 1);
                    if matches!(inner.keyword.as_str(), "ONBUILD" | "FROM" | "MAINTAINER") {
                        self.problem(line, format!("{} is not allowed in ONBUILD", inner.keyword));
                    }
                    entry(&mut entries, "trigger", instruction_node(&inner));
                }
            }
            kw if KNOWN.contains(&kw) => {}
            kw => self.problem(line, format!("unknown instruction `{kw}`")),
        }

        if depth == 0 && !ll.heredocs.is_empty() {
            let docs: Vec<Node> = ll.heredocs.iter().map(|h| heredoc_node(ll, h)).collect();
            let span = docs
                .iter()
                .map(|n| n.span)
                .reduce(union)
                .unwrap_or_default();
            entry(
                &mut entries,
                "heredocs",
                Node::new(Value::Array(docs), span),
            );
        }

        let span = if depth == 0 {
            ll.full_span()
        } else {
            ll.span(at, text.trim_end().len())
        };
        Parsed {
            keyword,
            entries,
            span,
            flags,
            rest,
        }
    }

    /// Adds `form` (and `exec` for the JSON form); returns the exec elements.
    fn exec_or_shell(
        &mut self,
        ll: &LogicalLine,
        rest: usize,
        entries: &mut Entries,
    ) -> Option<Vec<(usize, usize, String)>> {
        let line = ll.first_line();
        let tail = ll.text.get(rest..).unwrap_or("").trim();
        let form_span = ll.span(rest, rest + tail.len());
        match words::json_array(&ll.text, rest, MAX_ITEMS) {
            JsonArray::Items(items) => {
                entry(entries, "form", string("exec", form_span));
                let nodes = items
                    .iter()
                    .map(|(s, e, v)| string(v.clone(), ll.span(*s, *e)))
                    .collect();
                entry(entries, "exec", Node::new(Value::Array(nodes), form_span));
                return Some(items);
            }
            JsonArray::Unterminated if tail.starts_with("[\"") || tail == "[" => {
                self.problem(line, "unterminated JSON array; read as shell form".into());
            }
            JsonArray::Invalid | JsonArray::Unterminated if tail.starts_with("[\"") => {
                self.problem(
                    line,
                    "looks like JSON exec form but is not a valid JSON array of strings; \
                     Docker runs it as shell form"
                        .into(),
                );
            }
            _ => {}
        }
        entry(entries, "form", string("shell", form_span));
        None
    }

    fn copy(&mut self, ll: &LogicalLine, rest: usize, entries: &mut Entries) {
        let paths: Vec<Node> = match self.exec_or_shell(ll, rest, entries) {
            Some(items) => items
                .into_iter()
                .map(|(s, e, v)| string(v, ll.span(s, e)))
                .collect(),
            None => {
                let (words, _) = words::split_words(&ll.text, rest, self.escape, MAX_ITEMS);
                words
                    .into_iter()
                    .map(|w| string(w.value, ll.span(w.start, w.end)))
                    .collect()
            }
        };
        let mut paths = paths;
        let dest = paths.pop();
        if paths.is_empty() {
            self.problem(
                ll.first_line(),
                "COPY/ADD needs at least a source and a destination".into(),
            );
        }
        let span = paths
            .iter()
            .map(|n| n.span)
            .reduce(union)
            .unwrap_or_default();
        entry(entries, "sources", Node::new(Value::Array(paths), span));
        if let Some(dest) = dest {
            entry(entries, "destination", dest);
        }
    }

    fn healthcheck(&mut self, ll: &LogicalLine, rest: usize, entries: &mut Entries) {
        let tail = ll.text.get(rest..).unwrap_or("");
        let word_len = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let word = tail.get(..word_len).unwrap_or("").to_ascii_uppercase();
        let wspan = ll.span(rest, rest + word_len);
        match word.as_str() {
            "NONE" => {
                entry(entries, "none", Node::new(Value::Bool(true), wspan));
                if !tail.get(word_len..).unwrap_or("").trim().is_empty() {
                    self.problem(
                        ll.first_line(),
                        "HEALTHCHECK NONE takes no arguments".into(),
                    );
                }
            }
            "CMD" => {
                entry(entries, "none", Node::new(Value::Bool(false), wspan));
                let after = tail.get(word_len..).unwrap_or("");
                let cmd_start = rest + word_len + (after.len() - after.trim_start().len());
                let cmd = ll.text.get(cmd_start..).unwrap_or("").trim_end();
                let span = ll.span(cmd_start, cmd_start + cmd.len());
                if cmd.is_empty() {
                    self.problem(ll.first_line(), "HEALTHCHECK CMD needs a command".into());
                }
                entry(entries, "command", string(cmd, span));
                self.exec_or_shell(ll, cmd_start, entries);
            }
            _ => self.problem(
                ll.first_line(),
                "HEALTHCHECK expects NONE or CMD <command>".into(),
            ),
        }
    }

    /// `key=value …` pairs, ARG names without defaults and the legacy `ENV key value` form.
    fn pairs(&mut self, ll: &LogicalLine, keyword: &str, rest: usize) -> Entries {
        let line = ll.first_line();
        let (words, truncated) = words::split_words(&ll.text, rest, self.escape, MAX_ITEMS);
        if truncated {
            self.problem(
                line,
                format!("more than {MAX_ITEMS} pairs; the rest are ignored"),
            );
        }
        let mut out: Entries = Vec::new();
        let Some(first) = words.first() else {
            self.problem(line, format!("{keyword} needs at least one name"));
            return out;
        };
        if first.eq.is_none() && keyword != "ARG" {
            // Legacy `ENV key value with spaces` (LABEL has no legacy form).
            let after = next_word(&ll.text, first.end);
            let value = ll.text.get(after..).unwrap_or("").trim_end();
            if keyword == "LABEL" || value.is_empty() {
                self.problem(line, format!("{keyword} must be of the form name=value"));
            }
            let vspan = ll.span(after, after + value.len());
            let value = if value.is_empty() {
                value.to_string()
            } else {
                words::split_words(&ll.text, after, self.escape, MAX_ITEMS)
                    .0
                    .iter()
                    .map(|w| w.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            out.push((
                first.value.clone(),
                ll.span(first.start, first.end),
                string(value, vspan),
            ));
            return out;
        }
        for w in &words {
            match w.eq {
                Some((vi, raw_eq)) => {
                    let key = w.value.get(..vi).unwrap_or("").to_string();
                    let value = w.value.get(vi + 1..).unwrap_or("").to_string();
                    if key.is_empty() {
                        self.problem(line, format!("{keyword} has an empty name"));
                    }
                    out.push((
                        key,
                        ll.span(w.start, raw_eq),
                        string(value, ll.span(raw_eq + 1, w.end)),
                    ));
                }
                None if keyword == "ARG" => {
                    let span = ll.span(w.start, w.end);
                    out.push((w.value.clone(), span, Node::new(Value::Null, span)));
                }
                None => self.problem(
                    line,
                    format!(
                        "{keyword}: can't find = in `{}`; must be of the form name=value",
                        w.value
                    ),
                ),
            }
        }
        out
    }

    /// Global ARGs (before the first FROM): defaults are expanded with earlier ARGs.
    fn global_args(
        &mut self,
        ll: &LogicalLine,
        parsed: &Parsed,
        vars: &mut Vars,
        nodes: &mut Entries,
    ) {
        let Some(pairs) = parsed.entries.iter().find(|(k, _, _)| k == "pairs") else {
            return;
        };
        let Value::Object(pairs) = &pairs.2.value else {
            return;
        };
        for (name, kspan, node) in pairs {
            let value = match node.as_str() {
                Some(v) => {
                    let e = words::substitute(v, vars, self.escape);
                    self.note_truncated(ll, &e);
                    Some(e.text)
                }
                None => None,
            };
            let vnode = match &value {
                Some(v) => string(v.clone(), node.span),
                None => Node::new(Value::Null, node.span),
            };
            nodes.retain(|(k, _, _)| k != name);
            nodes.push((name.clone(), *kspan, vnode));
            vars.push((name.clone(), value));
        }
    }

    fn note_truncated(&mut self, ll: &LogicalLine, e: &Expanded) {
        if e.truncated {
            self.problem(
                ll.first_line(),
                format!(
                    "variable expansion longer than {} bytes; cut",
                    words::MAX_EXPANSION
                ),
            );
        }
    }

    fn from(
        &mut self,
        ll: &LogicalLine,
        parsed: &Parsed,
        global: &Vars,
        stages: &[Stage],
    ) -> Stage {
        let line = ll.first_line();
        let text = ll.text.as_str();
        let (words, _) = words::split_words(text, parsed.rest, self.escape, 4);
        let raw = text.get(parsed.rest..).unwrap_or("").trim_end();
        let raw_span = ll.span(parsed.rest, parsed.rest + raw.len());
        let mut e: Entries = Vec::new();

        let mut alias = None;
        match words.as_slice() {
            [_] => {}
            [_, as_kw, name] if as_kw.value.eq_ignore_ascii_case("as") => {
                let lower = name.value.to_ascii_lowercase();
                let valid = lower.starts_with(|c: char| c.is_ascii_alphabetic())
                    && lower
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
                if !valid {
                    self.problem(line, format!("invalid stage name `{}`", name.value));
                }
                alias = Some((lower, ll.span(name.start, name.end)));
            }
            [] => self.problem(line, "FROM needs an image".into()),
            _ => self.problem(line, "FROM expects `image [AS name]`".into()),
        }

        match words.first() {
            Some(img) => {
                let span = ll.span(img.start, img.end);
                let exp = words::substitute(&img.value, global, self.escape);
                self.note_truncated(ll, &exp);
                if exp.resolved {
                    let mut r = ImageRef::parse(&exp.text);
                    let lower = exp.text.to_ascii_lowercase();
                    if stages
                        .iter()
                        .any(|s| s.name.as_ref().is_some_and(|(n, _)| *n == lower))
                    {
                        r.stage = Some(lower.clone());
                    }
                    entry(&mut e, "image", string(exp.text.clone(), span));
                    entry(&mut e, "name", string(r.name, span));
                    let opt = |v: Option<String>| {
                        v.map_or(Node::new(Value::Null, span), |v| string(v, span))
                    };
                    entry(&mut e, "tag", opt(r.tag));
                    entry(&mut e, "digest", opt(r.digest));
                    entry(&mut e, "stage", opt(r.stage));
                    entry(
                        &mut e,
                        "scratch",
                        Node::new(Value::Bool(lower == "scratch"), span),
                    );
                } else {
                    entry(
                        &mut e,
                        "image",
                        Node::new(Value::Expression(exp.text), span),
                    );
                }
            }
            None => entry(&mut e, "image", Node::new(Value::Null, raw_span)),
        }
        let platform = parsed
            .flags
            .iter()
            .find(|(n, _)| n == "--platform")
            .and_then(|(_, v)| v.clone());
        let pspan = parsed
            .entries
            .iter()
            .find(|(k, _, _)| k == "flags")
            .and_then(|(_, _, f)| f.get("--platform"))
            .map_or(raw_span, |n| n.span);
        let pnode = match platform {
            Some(p) => {
                let exp = words::substitute(&p, global, self.escape);
                if exp.resolved {
                    string(exp.text, pspan)
                } else {
                    Node::new(Value::Expression(exp.text), pspan)
                }
            }
            None => Node::new(Value::Null, pspan),
        };
        entry(&mut e, "platform", pnode);
        let alias_node = match &alias {
            Some((n, s)) => string(n.clone(), *s),
            None => Node::new(Value::Null, raw_span),
        };
        entry(&mut e, "alias", alias_node);
        entry(&mut e, "raw", string(raw, raw_span));

        Stage {
            index: stages.len(),
            name: alias,
            from: Node::new(Value::Object(e), parsed.span),
            from_span: parsed.span,
            instructions: Vec::new(),
            span: parsed.span,
        }
    }
}

/// Offset of the next non-whitespace character at or after `from`.
fn next_word(text: &str, from: usize) -> usize {
    let tail = text.get(from..).unwrap_or("");
    from + (tail.len() - tail.trim_start().len())
}

fn instruction_node(p: &Parsed) -> Node {
    Node::new(Value::Object(p.entries.clone()), p.span)
}

fn heredoc_node(ll: &LogicalLine, h: &lex::Heredoc) -> Node {
    let mspan = ll.span(h.marker.0, h.marker.1);
    let mut e: Entries = Vec::new();
    entry(&mut e, "name", string(h.name.clone(), mspan));
    entry(&mut e, "content", string(h.content.clone(), h.content_span));
    entry(
        &mut e,
        "strip_tabs",
        Node::new(Value::Bool(h.strip_tabs), mspan),
    );
    entry(&mut e, "expand", Node::new(Value::Bool(h.expand), mspan));
    let fd = h.fd.map_or(Node::new(Value::Null, mspan), |fd| {
        Node::new(Value::Number(f64::from(fd)), mspan)
    });
    entry(&mut e, "fd", fd);
    entry(
        &mut e,
        "terminated",
        Node::new(Value::Bool(h.terminated), h.span),
    );
    Node::new(Value::Object(e), union(mspan, h.span))
}
