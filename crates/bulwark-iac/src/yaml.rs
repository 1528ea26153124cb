//! YAML (and JSON, a YAML 1.2 subset) into [`Node`] trees with exact spans.
//!
//! Every YAML front end (Kubernetes, docker-compose, CloudFormation, GitHub Actions, GitLab CI)
//! loads through [`load`], so they all share one answer to hostile input:
//!
//! - **Aliases** are expanded by copying the anchored tree, against a budget of
//!   [`ALIAS_NODE_BUDGET`] copied nodes per file: a "billion laughs" file costs at most that much
//!   and yields a [`Problem`]; aliases past the budget become `null`.
//! - **Merge keys** (`<<: *base`, `<<: [*a, *b]`) are applied; keys written in the mapping win.
//! - **Duplicate keys** are a [`Problem`]; the *last* occurrence wins (as in most YAML loaders), and
//!   takes the first one's place in key order.
//! - **Nesting** deeper than [`MAX_DEPTH`] and files over [`MAX_INPUT_BYTES`] are a [`Problem`].
//! - **Syntax errors** are a [`Problem`] with a line; loading resumes at the next `---` document
//!   marker, so the other documents of a multi-document file still load.
//! - **Helm / Go templates** (`{{ … }}` that break the YAML) give a single [`Problem`] saying the
//!   file is a template and no documents: findings on unrendered templates would be noise.
//! - **CloudFormation short tags** (`!Ref`, `!GetAtt a.b`, `!Sub`, …) become their long JSON forms
//!   (`{"Ref": …}`, `{"Fn::GetAtt": [a, b]}`, `{"Fn::Sub": …}`), so YAML and JSON templates look
//!   the same to rules.
//! - **Scalars** follow the YAML 1.2 core schema: `yes`/`no`/`on`/`off` stay strings, `0o17` and
//!   `0x1F` are integers, `.inf`/`.nan` floats; integers beyond ±2^53 stay strings, since the
//!   model's numbers are `f64`. Core tags (`!!str`, `!!int`, …) are honoured; GitLab's
//!   `!reference [a, b]` becomes `{"!reference": [a, b]}`; other tags are dropped, value kept.
//!
//! Spans: lines are 1-based, columns 1-based in code points, `end` is exclusive. A mapping's or
//! sequence's span runs from its first token to the end of its last child (or its closing
//! bracket). An expanded alias has the alias's own span at its top and the anchored definition's
//! spans inside.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};

use crate::model::{Node, Position, Problem, Span, Value};

/// Cost units (one per node, plus one per 64 bytes of scalar text) that alias expansion may copy
/// in one file before further aliases become `null`.
pub const ALIAS_NODE_BUDGET: usize = 100_000;
/// Deepest nesting of mappings/sequences kept; deeper subtrees become `null`.
pub const MAX_DEPTH: usize = 128;
/// Largest input loaded; IaC files are far smaller, so anything bigger is not scanned.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// What one YAML stream holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stream {
    /// Each document's root, in file order (an empty document is a `null` node).
    pub documents: Vec<Node>,
    pub problems: Vec<Problem>,
    /// True when the file is an unrendered Helm/Go template (then `documents` is empty).
    pub template: bool,
}

/// Loads every document of a YAML (or JSON) text. Never panics; see the module doc for limits.
pub fn load(text: &str) -> Stream {
    let mut stream = Stream::default();
    if text.len() > MAX_INPUT_BYTES {
        stream.problems.push(Problem {
            line: None,
            message: format!(
                "file is {} bytes, over the {MAX_INPUT_BYTES}-byte limit for YAML; not scanned",
                text.len()
            ),
        });
        return stream;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut budget = ALIAS_NODE_BUDGET;
    let mut offset_bytes = 0usize;
    let mut line_offset = 0u32;
    let mut had_error = false;
    loop {
        let chunk = text.get(offset_bytes..).unwrap_or("");
        let mut builder = Builder::new(line_offset, &mut budget);
        let error = builder.run(chunk);
        stream.documents.append(&mut builder.documents);
        stream.problems.append(&mut builder.problems);
        let Some((err_line, message)) = error else {
            break;
        };
        had_error = true;
        stream.problems.push(Problem {
            line: Some(err_line),
            message: format!("YAML syntax error: {message}"),
        });
        // Resume at the next document marker after the error line.
        match next_document_start(text, err_line, offset_bytes) {
            Some((byte, line)) => {
                offset_bytes = byte;
                line_offset = line.saturating_sub(1);
            }
            _ => break,
        }
    }
    if looks_like_template(text, had_error) {
        let line = stream.problems.iter().find_map(|p| p.line);
        stream = Stream {
            documents: Vec::new(),
            problems: vec![Problem {
                line,
                message: "file is a Helm/Go template (`{{ … }}`), not plain YAML: render it \
                          (e.g. `helm template`) and scan the output"
                    .to_string(),
            }],
            template: true,
        };
    }
    stream
}

/// A template is a file with `{{` that fails to parse, or with a line that starts with `{{`
/// (control actions like `{{- if … }}`, which can accidentally parse as flow mappings).
/// GitHub Actions' `${{ … }}` is not a template marker.
fn looks_like_template(text: &str, had_error: bool) -> bool {
    let go_action = text
        .match_indices("{{")
        .any(|(i, _)| !text.get(..i).is_some_and(|before| before.ends_with('$')));
    if !go_action {
        return false;
    }
    had_error || text.lines().any(|l| l.trim_start().starts_with("{{"))
}

/// The byte offset and 1-based line of the first `---` marker line at or after `from_line` that
/// lies past byte `after_byte` (so every retry moves forward).
fn next_document_start(text: &str, from_line: u32, after_byte: usize) -> Option<(usize, u32)> {
    let mut byte = 0usize;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if number >= from_line && byte > after_byte {
            let rest = line.strip_prefix("---");
            if rest.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '\r', '\n'])) {
                return Some((byte, number));
            }
        }
        byte += line.len();
    }
    None
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: Position,
        anchor: usize,
        tag: Option<Tag>,
        cost_start: usize,
    },
    Map {
        entries: Vec<(String, Span, Node)>,
        index: HashMap<String, usize>,
        pending_key: Option<(String, Span)>,
        merges: Vec<Node>,
        start: Position,
        anchor: usize,
        tag: Option<Tag>,
        cost_start: usize,
    },
    /// A subtree past [`MAX_DEPTH`], skipped until its end.
    Skip { depth: usize, start: Position },
}

struct Builder<'b> {
    line_offset: u32,
    budget: &'b mut usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    /// Nodes created so far, including alias copies (an anchored subtree's cost is a difference).
    created: usize,
    documents: Vec<Node>,
    problems: Vec<Problem>,
    /// Cost units of anchored copies kept, bounded separately from expansion.
    storage_budget: usize,
    budget_reported: bool,
    depth_reported: bool,
}

impl<'b> Builder<'b> {
    fn new(line_offset: u32, budget: &'b mut usize) -> Self {
        Builder {
            line_offset,
            budget,
            stack: Vec::new(),
            anchors: HashMap::new(),
            created: 0,
            documents: Vec::new(),
            problems: Vec::new(),
            storage_budget: 4 * ALIAS_NODE_BUDGET,
            budget_reported: false,
            depth_reported: false,
        }
    }

    fn pos(&self, m: &Marker) -> Position {
        Position {
            line: to_u32(m.line()).saturating_add(self.line_offset),
            column: to_u32(m.col()).saturating_add(1),
        }
    }

    fn span(&self, s: &saphyr_parser::Span) -> Span {
        Span {
            start: self.pos(&s.start),
            end: self.pos(&s.end),
        }
    }

    /// Runs the parser over `text`; on a syntax error returns its (absolute) line and message.
    fn run(&mut self, text: &str) -> Option<(u32, String)> {
        let mut parser = Parser::new_from_str(text);
        loop {
            let (event, raw_span) = match parser.next_event() {
                None => return None,
                Some(Ok(ev)) => ev,
                Some(Err(e)) => {
                    let line = to_u32(e.marker().line()).saturating_add(self.line_offset);
                    return Some((line.max(1), e.info().to_string()));
                }
            };
            let span = self.span(&raw_span);
            if let Some(Frame::Skip { depth, start }) = self.stack.last_mut() {
                match event {
                    Event::SequenceStart(..) | Event::MappingStart(..) => *depth += 1,
                    Event::SequenceEnd | Event::MappingEnd => {
                        if *depth == 0 {
                            let start = *start;
                            self.stack.pop();
                            let node = Node::new(
                                Value::Null,
                                Span {
                                    start,
                                    end: span.end,
                                },
                            );
                            self.complete(node, None);
                        } else {
                            *depth -= 1;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
                Event::DocumentStart(_) => {
                    self.stack.clear();
                    self.anchors.clear();
                }
                Event::DocumentEnd => {}
                Event::Alias(id) => self.alias(id, span),
                Event::Scalar(value, style, anchor, tag) => {
                    // Long strings cost more, so aliasing a huge scalar is bounded too.
                    let cost = 1 + value.len() / 64;
                    self.created += cost;
                    let tag = tag.map(Cow::into_owned);
                    let node = scalar_node(&value, style, tag.as_ref(), span);
                    let node = apply_tag(tag.as_ref(), node);
                    if anchor != 0 {
                        self.store_anchor(anchor, &node, cost);
                    }
                    let key = match &node.value {
                        Value::String(_) | Value::Null | Value::Bool(_) | Value::Number(_) => {
                            Some(value.into_owned())
                        }
                        _ => None,
                    };
                    self.complete(node, key);
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(false, anchor, tag.map(Cow::into_owned), span.start);
                }
                Event::MappingStart(anchor, tag) => {
                    self.open(true, anchor, tag.map(Cow::into_owned), span.start);
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(&raw_span, span),
            }
        }
    }

    fn open(&mut self, is_map: bool, anchor: usize, tag: Option<Tag>, start: Position) {
        self.created += 1;
        if self.stack.len() >= MAX_DEPTH {
            if !self.depth_reported {
                self.depth_reported = true;
                self.problems.push(Problem {
                    line: Some(start.line),
                    message: format!(
                        "nesting deeper than {MAX_DEPTH} levels; the deeper part is ignored"
                    ),
                });
            }
            self.stack.push(Frame::Skip { depth: 0, start });
            return;
        }
        let cost_start = self.created;
        self.stack.push(if is_map {
            Frame::Map {
                entries: Vec::new(),
                index: HashMap::new(),
                pending_key: None,
                merges: Vec::new(),
                start,
                anchor,
                tag,
                cost_start,
            }
        } else {
            Frame::Seq {
                items: Vec::new(),
                start,
                anchor,
                tag,
                cost_start,
            }
        });
    }

    fn close(&mut self, raw_end: &saphyr_parser::Span, end_span: Span) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        // A flow collection ends at its bracket; a block one at its last child.
        let bracket = !raw_end.is_empty();
        let end_of = |last: Option<Span>, start: Position| -> Position {
            if bracket {
                end_span.end
            } else {
                last.map_or(start, |s| s.end)
            }
        };
        let (node, anchor, cost_start) = match frame {
            Frame::Seq {
                items,
                start,
                anchor,
                tag,
                cost_start,
            } => {
                let end = end_of(items.last().map(|n| n.span), start);
                let node = Node::new(Value::Array(items), Span { start, end });
                (apply_tag(tag.as_ref(), node), anchor, cost_start)
            }
            Frame::Map {
                mut entries,
                mut index,
                pending_key,
                merges,
                start,
                anchor,
                tag,
                cost_start,
            } => {
                if let Some((key, key_span)) = pending_key {
                    // A key with no value event cannot happen, but keep the key if it does.
                    entries.push((key, key_span, Node::new(Value::Null, key_span)));
                }
                let end = end_of(entries.last().map(|(_, _, n)| n.span), start);
                for merge in merges {
                    let sources: Vec<Node> = match merge.value {
                        Value::Array(items) => items,
                        other => vec![Node::new(other, merge.span)],
                    };
                    for source in sources {
                        if let Value::Object(src_entries) = source.value {
                            for (k, ks, v) in src_entries {
                                if !index.contains_key(&k) {
                                    index.insert(k.clone(), entries.len());
                                    entries.push((k, ks, v));
                                }
                            }
                        }
                    }
                }
                let node = Node::new(Value::Object(entries), Span { start, end });
                (apply_tag(tag.as_ref(), node), anchor, cost_start)
            }
            Frame::Skip { start, .. } => (
                Node::new(
                    Value::Null,
                    Span {
                        start,
                        end: end_span.end,
                    },
                ),
                0,
                self.created,
            ),
        };
        if anchor != 0 {
            let cost = self.created.saturating_sub(cost_start).saturating_add(1);
            self.store_anchor(anchor, &node, cost);
        }
        self.complete(node, None);
    }

    /// Keeps a copy of an anchored node for its aliases. A node that no alias could afford, or
    /// past the storage budget (nested anchors each keep a copy), is kept as unaffordable.
    fn store_anchor(&mut self, anchor: usize, node: &Node, cost: usize) {
        if cost <= *self.budget && cost <= self.storage_budget {
            self.storage_budget -= cost;
            self.anchors.insert(anchor, (node.clone(), cost));
        } else {
            self.anchors
                .insert(anchor, (Node::new(Value::Null, node.span), usize::MAX));
        }
    }

    fn alias(&mut self, id: usize, span: Span) {
        let node = match self.anchors.get(&id) {
            Some((node, cost)) if *cost <= *self.budget => {
                *self.budget -= *cost;
                self.created = self.created.saturating_add(*cost);
                Node::new(node.value.clone(), span)
            }
            Some(_) => {
                if !self.budget_reported {
                    self.budget_reported = true;
                    self.problems.push(Problem {
                        line: Some(span.start.line),
                        message: format!(
                            "alias expansion exceeds {ALIAS_NODE_BUDGET} nodes (an alias bomb?); \
                             further aliases are read as null"
                        ),
                    });
                }
                Node::new(Value::Null, span)
            }
            None => Node::new(Value::Null, span),
        };
        self.complete(node, None);
    }

    /// Hands a finished node to its parent (or makes it a document root).
    fn complete(&mut self, node: Node, scalar_text: Option<String>) {
        let Some(top) = self.stack.last_mut() else {
            self.documents.push(node);
            return;
        };
        match top {
            Frame::Seq { items, .. } => items.push(node),
            Frame::Map {
                entries,
                index,
                pending_key,
                merges,
                ..
            } => match pending_key.take() {
                None => {
                    let key = scalar_text.unwrap_or_else(|| node.to_json().to_string());
                    *pending_key = Some((key, node.span));
                }
                Some((key, key_span)) => {
                    if key == "<<" {
                        merges.push(node);
                        return;
                    }
                    if let Some(&i) = index.get(&key) {
                        self.problems.push(Problem {
                            line: Some(key_span.start.line),
                            message: format!(
                                "duplicate key `{}`; the last value is used",
                                key.chars().take(80).collect::<String>()
                            ),
                        });
                        if let Some(slot) = entries.get_mut(i) {
                            *slot = (key, key_span, node);
                        }
                    } else {
                        index.insert(key.clone(), entries.len());
                        entries.push((key, key_span, node));
                    }
                }
            },
            Frame::Skip { .. } => {}
        }
    }
}

/// CloudFormation short-form tags and the long key each stands for.
const CFN_TAGS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("GetAtt", "Fn::GetAtt"),
    ("Sub", "Fn::Sub"),
    ("Join", "Fn::Join"),
    ("If", "Fn::If"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("FindInMap", "Fn::FindInMap"),
    ("Base64", "Fn::Base64"),
    ("Equals", "Fn::Equals"),
    ("Not", "Fn::Not"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("ImportValue", "Fn::ImportValue"),
    ("GetAZs", "Fn::GetAZs"),
    ("Cidr", "Fn::Cidr"),
    ("Transform", "Fn::Transform"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
];

const CORE: &str = "tag:yaml.org,2002:";

/// Applies a node's tag: CloudFormation short forms become long forms, core tags coerce.
fn apply_tag(tag: Option<&Tag>, node: Node) -> Node {
    let Some(tag) = tag else { return node };
    if tag.handle == "!" && tag.suffix == "reference" {
        // GitLab CI's `!reference [.job, key]`, resolved by the GitLab front end.
        let span = node.span;
        return Node::new(
            Value::Object(vec![("!reference".to_string(), span, node)]),
            span,
        );
    }
    if tag.handle == "!" {
        let Some((_, long)) = CFN_TAGS.iter().find(|(short, _)| *short == tag.suffix) else {
            return node;
        };
        let span = node.span;
        let inner = match (&node.value, *long) {
            (Value::String(s), "Fn::GetAtt") => {
                let (resource, attribute) = s.split_once('.').unwrap_or((s.as_str(), ""));
                Node::new(
                    Value::Array(vec![
                        Node::new(Value::String(resource.to_string()), span),
                        Node::new(Value::String(attribute.to_string()), span),
                    ]),
                    span,
                )
            }
            _ => node,
        };
        return Node::new(
            Value::Object(vec![((*long).to_string(), span, inner)]),
            span,
        );
    }
    if tag.handle == CORE {
        let text = match &node.value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            _ => return node,
        };
        let value = match tag.suffix.as_str() {
            "str" => Value::String(text),
            "bool" | "int" | "float" | "null" => match resolve_plain(&text) {
                v @ (Value::Bool(_) | Value::Number(_) | Value::Null) => v,
                _ => Value::String(text),
            },
            _ => return node,
        };
        return Node::new(value, node.span);
    }
    node
}

/// A scalar event as a node: plain scalars resolve by the core schema, others are strings.
fn scalar_node(text: &str, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Node {
    let value = if style == ScalarStyle::Plain && tag.is_none_or(|t| t.handle == CORE) {
        resolve_plain(text)
    } else {
        Value::String(text.to_string())
    };
    Node::new(value, span)
}

/// YAML 1.2 core schema resolution of a plain scalar.
pub fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Number(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Number(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Number(f64::NAN),
        _ => {}
    }
    const EXACT: i64 = 1 << 53;
    let int = |digits: &str, radix: u32| -> Option<Value> {
        if digits.is_empty() {
            return None;
        }
        let n = i64::from_str_radix(digits, radix).ok()?;
        // Exact below 2^53, so no precision is lost.
        #[allow(clippy::cast_precision_loss)]
        (n.unsigned_abs() <= EXACT.unsigned_abs()).then_some(Value::Number(n as f64))
    };
    if let Some(hex) = text.strip_prefix("0x")
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return int(hex, 16).unwrap_or_else(|| Value::String(text.to_string()));
    }
    if let Some(oct) = text.strip_prefix("0o")
        && oct.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        return int(oct, 8).unwrap_or_else(|| Value::String(text.to_string()));
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return int(text.strip_prefix('+').unwrap_or(text), 10)
            .unwrap_or_else(|| Value::String(text.to_string()));
    }
    if is_core_float(unsigned)
        && let Ok(f) = text.parse::<f64>()
    {
        return Value::Number(f);
    }
    Value::String(text.to_string())
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (sign already stripped).
fn is_core_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (!int.is_empty() || !frac.is_empty())
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && !(int.is_empty() && frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok && mantissa != "."
}

/// The span covering all of `nodes` (a zero span when there are none).
pub(crate) fn covering(nodes: &[Node]) -> Span {
    match (nodes.first(), nodes.last()) {
        (Some(first), Some(last)) => Span {
            start: first.span.start,
            end: last.span.end,
        },
        _ => Span::default(),
    }
}

/// The single document a one-document format (compose, CloudFormation, workflows) reads: the
/// first non-empty one. Further documents are reported, not read.
pub(crate) fn single_document(stream: Stream, problems: &mut Vec<Problem>) -> Node {
    let mut documents = stream
        .documents
        .into_iter()
        .filter(|d| d.value != Value::Null);
    let first = documents.next();
    if let Some(extra) = documents.next() {
        problems.push(Problem {
            line: Some(extra.span.start.line),
            message: "more than one YAML document; only the first is read".to_string(),
        });
    }
    first.unwrap_or_else(|| Node::new(Value::Null, Span::default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn first(text: &str) -> (serde_json::Value, Vec<Problem>) {
        let stream = load(text);
        let value = stream
            .documents
            .first()
            .map_or(serde_json::Value::Null, Node::to_json);
        (value, stream.problems)
    }

    #[test]
    fn core_schema_scalars() {
        let table: &[(&str, serde_json::Value)] = &[
            ("~", json!(null)),
            ("null", json!(null)),
            ("", json!(null)),
            ("true", json!(true)),
            ("False", json!(false)),
            ("yes", json!("yes")),
            ("off", json!("off")),
            ("42", json!(42.0)),
            ("-7", json!(-7.0)),
            ("+7", json!(7.0)),
            ("0o17", json!(15.0)),
            ("0x1F", json!(31.0)),
            ("0X1F", json!("0X1F")), // the core schema's prefix is lowercase
            ("0x1f", json!(31.0)),
            ("1.5", json!(1.5)),
            (".5", json!(0.5)),
            ("1e3", json!(1000.0)),
            ("6.02E+23", json!(6.02e23)),
            ("9007199254740993", json!("9007199254740993")),
            ("1_000", json!("1_000")),
            ("0777", json!(777.0)),
            ("1.2.3", json!("1.2.3")),
            ("500m", json!("500m")),
            (".inf", json!(null)), // to_json has no infinity
        ];
        for (text, want) in table {
            let (got, problems) = first(&format!("v: {text}\n"));
            assert_eq!(got, json!({ "v": want }), "{text}");
            assert!(problems.is_empty(), "{text}");
        }
        assert_eq!(resolve_plain(".inf"), Value::Number(f64::INFINITY));
        // Quoted scalars are always strings.
        assert_eq!(
            first("v: \"true\"\nw: '12'\n").0,
            json!({"v": "true", "w": "12"})
        );
    }

    #[test]
    fn core_tags() {
        let (got, _) = first("a: !!str 12\nb: !!int \"12\"\nc: !!bool \"true\"\nd: !!float 1\n");
        assert_eq!(got, json!({"a": "12", "b": 12.0, "c": true, "d": 1.0}));
    }

    #[test]
    fn cloudformation_short_tags() {
        let table: &[(&str, serde_json::Value)] = &[
            ("!Ref Bucket", json!({"Ref": "Bucket"})),
            (
                "!GetAtt Bucket.Arn",
                json!({"Fn::GetAtt": ["Bucket", "Arn"]}),
            ),
            (
                "!GetAtt Db.Endpoint.Address",
                json!({"Fn::GetAtt": ["Db", "Endpoint.Address"]}),
            ),
            (
                "!GetAtt [Bucket, Arn]",
                json!({"Fn::GetAtt": ["Bucket", "Arn"]}),
            ),
            (
                "!Sub 'arn:${AWS::Partition}:s3:::b'",
                json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::b"}),
            ),
            (
                "!Join [':', [a, b]]",
                json!({"Fn::Join": [":", ["a", "b"]]}),
            ),
            (
                "!If [IsProd, 3, 1]",
                json!({"Fn::If": ["IsProd", 3.0, 1.0]}),
            ),
            (
                "!Select [0, !GetAZs '']",
                json!({"Fn::Select": [0.0, {"Fn::GetAZs": ""}]}),
            ),
            (
                "!Split [',', !ImportValue Subnets]",
                json!({"Fn::Split": [",", {"Fn::ImportValue": "Subnets"}]}),
            ),
            (
                "!FindInMap [Map, !Ref Env, Ami]",
                json!({"Fn::FindInMap": ["Map", {"Ref": "Env"}, "Ami"]}),
            ),
            (
                "!Base64 {Fn::Sub: '#!/bin/sh'}",
                json!({"Fn::Base64": {"Fn::Sub": "#!/bin/sh"}}),
            ),
            ("!Equals [a, b]", json!({"Fn::Equals": ["a", "b"]})),
            (
                "!Not [!Condition IsProd]",
                json!({"Fn::Not": [{"Condition": "IsProd"}]}),
            ),
            (
                "!And [!Condition A, !Condition B]",
                json!({"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]}),
            ),
            (
                "!Or [!Condition A, !Condition B]",
                json!({"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]}),
            ),
            (
                "!Cidr [10.0.0.0/16, 4, 8]",
                json!({"Fn::Cidr": ["10.0.0.0/16", 4.0, 8.0]}),
            ),
            (
                "!reference [.setup, script]",
                json!({"!reference": [".setup", "script"]}),
            ),
            ("!Custom value", json!("value")),
        ];
        for (text, want) in table {
            let (got, problems) = first(&format!("v: {text}\n"));
            assert_eq!(got, json!({ "v": want }), "{text}");
            assert!(problems.is_empty(), "{text}: {problems:?}");
        }
    }

    #[test]
    fn block_tag_with_mapping_body() {
        let (got, _) = first("UserData: !Base64\n  Fn::Sub: |\n    #!/bin/bash\n    echo hi\n");
        assert_eq!(
            got,
            json!({"UserData": {"Fn::Base64": {"Fn::Sub": "#!/bin/bash\necho hi\n"}}})
        );
    }

    #[test]
    fn billion_laughs_is_bounded() {
        let mut bomb = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            let list = [prev.as_str(); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{list}]\n"));
        }
        let started = std::time::Instant::now();
        let stream = load(&bomb);
        assert!(started.elapsed().as_secs() < 5);
        assert_eq!(stream.problems.len(), 1, "{:?}", stream.problems);
        assert!(stream.problems[0].message.contains("alias"));
        fn count(n: &Node) -> usize {
            1 + match &n.value {
                Value::Array(items) => items.iter().map(count).sum(),
                Value::Object(entries) => entries.iter().map(|(_, _, v)| count(v)).sum(),
                _ => 0,
            }
        }
        let total: usize = stream.documents.iter().map(count).sum();
        assert!(total < 2 * ALIAS_NODE_BUDGET, "{total} nodes");
    }

    #[test]
    fn duplicate_keys_last_wins() {
        let stream = load("metadata:\n  name: a\n  labels: {}\n  name: b\n");
        let doc = stream.documents.first().expect("present");
        assert_eq!(
            doc.to_json(),
            json!({"metadata": {"name": "b", "labels": {}}})
        );
        assert_eq!(stream.problems.len(), 1);
        assert_eq!(stream.problems[0].line, Some(4));
        assert_eq!(
            doc.at(&["metadata", "name"]).expect("present").span.start,
            Position { line: 4, column: 9 }
        );
        // Flow mappings too.
        assert_eq!(load("{a: 1, a: 2}").problems.len(), 1);
    }

    #[test]
    fn merge_keys() {
        let (got, problems) = first(
            "base: &base {image: alpine, tags: [a]}\nextra: &extra {retry: 2}\njob:\n  <<: [*base, *extra]\n  image: debian\n",
        );
        assert!(problems.is_empty());
        assert_eq!(
            got["job"],
            json!({"image": "debian", "tags": ["a"], "retry": 2.0})
        );
    }

    #[test]
    fn nesting_limit() {
        let deep = format!(
            "{}{}",
            "[".repeat(MAX_DEPTH + 50),
            "]".repeat(MAX_DEPTH + 50)
        );
        let stream = load(&deep);
        assert_eq!(stream.documents.len(), 1);
        assert!(
            stream
                .problems
                .iter()
                .any(|p| p.message.contains("nesting")),
            "{:?}",
            stream.problems
        );
    }

    #[test]
    fn huge_scalar_alias_is_bounded() {
        let big = "x".repeat(1 << 20);
        let text = format!("a: &a {big}\nb: [{}]\n", vec!["*a"; 1000].join(", "));
        let stream = load(&text);
        assert!(
            stream.problems.iter().any(|p| p.message.contains("alias")),
            "{:?}",
            stream.problems
        );
    }

    #[test]
    fn very_deep_flow_nesting_does_not_overflow() {
        let deep = "[".repeat(100_000);
        let stream = load(&deep);
        assert!(!stream.problems.is_empty());
    }

    #[test]
    fn size_limit() {
        let big = "a".repeat(MAX_INPUT_BYTES + 1);
        let stream = load(&big);
        assert!(stream.documents.is_empty());
        assert_eq!(stream.problems.len(), 1);
    }

    #[test]
    fn spans_of_flow_and_block_values() {
        let stream = load("a:\n  b: [1, {c: d}]\n  e: hello world\n");
        let doc = stream.documents.first().expect("present");
        let b = doc.at(&["a", "b"]).expect("present");
        assert_eq!(b.span.start, Position { line: 2, column: 6 });
        assert_eq!(
            b.span.end,
            Position {
                line: 2,
                column: 17
            }
        );
        let e = doc.at(&["a", "e"]).expect("present");
        assert_eq!(
            (e.span.start, e.span.end),
            (
                Position { line: 3, column: 6 },
                Position {
                    line: 3,
                    column: 17
                }
            )
        );
        let a = doc.get("a").expect("present");
        assert_eq!(
            (a.span.start, a.span.end),
            (
                Position { line: 2, column: 3 },
                Position {
                    line: 3,
                    column: 17
                }
            )
        );
        // A BOM does not shift columns.
        let bom = load("\u{feff}k: v\n");
        assert_eq!(
            bom.documents
                .first()
                .expect("present")
                .get("k")
                .expect("present")
                .span
                .start,
            Position { line: 1, column: 4 }
        );
    }

    #[test]
    fn errors_resume_at_next_document() {
        let stream = load("a: 1\n---\nb: [\n---\nc: 3\n---\nd: : :\n");
        let docs: Vec<_> = stream.documents.iter().map(Node::to_json).collect();
        assert_eq!(docs, [json!({"a": 1.0}), json!({"c": 3.0})]);
        assert_eq!(stream.problems.len(), 2, "{:?}", stream.problems);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_input_never_panics(text in "\\PC{0,200}") {
            let _ = load(&text);
        }

        #[test]
        fn yamlish_input_never_panics(
            text in "([-:{}\\[\\],&*!|>'\"#%@ \\n\\tab0-9]|---|\\.\\.\\.|!Ref |<<: |\\{\\{){0,120}"
        ) {
            let _ = load(&text);
            let _ = crate::kubernetes::parse(&text);
            let _ = crate::gitlab_ci::parse(&text);
            let _ = crate::cloudformation::parse(&text);
        }
    }
}
