//! Terraform front end: `.tf` files (HCL, via `hcl-edit`, which keeps byte spans for every
//! attribute, block and expression) and `terraform show -json` plans ([`plan`]).
//!
//! Each `resource`, `data` and `module` block becomes a [`Resource`]; plain `var.x` / `local.y`
//! references, `count.index` and `each.key` / `each.value` are substituted with literal values
//! where those are known, so rules see `acl = "public-read"` rather than `acl = var.acl`.
//! Anything else stays a [`Value::Expression`] holding its source text.

mod json;
pub mod modules;
pub mod plan;
mod span;

use crate::model::{Document, Format, Node, Problem, Resource, Span, Value};
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey, Traversal, TraversalOperator};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::template::{Element, Template};
use span::LineIndex;
use std::cell::Cell;
use std::collections::HashMap;

/// Files larger than this are not parsed: no real module is near it, and it bounds memory.
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// `count` / `for_each` expand to at most this many instances per block (bounds output size).
pub const MAX_INSTANCES: usize = 1024;
/// Substituted values may add at most this many nodes per file: locals that each repeat the
/// previous one many times would otherwise grow exponentially (a "billion laughs").
pub const MAX_SUBSTITUTED_NODES: usize = 1_000_000;
/// `count` / `for_each` copies of one block may add up to at most this much source text.
const MAX_EXPANDED_BYTES: usize = 64 << 20;
/// Locals may refer to locals; this many rounds resolve chains that deep (cycles stay unresolved).
const LOCAL_ROUNDS: usize = 4;
/// Names that start a reference but never name a resource.
const NOT_RESOURCES: &[&str] = &["var", "local", "count", "each", "path", "terraform", "self"];

/// Parses one `.tf` file on its own: variables and locals are resolved within this file only.
/// Use [`parse_module`] to resolve them across a directory.
pub fn parse(path: &str, text: &str) -> Document {
    parse_in_scope(path, text, &ModuleScope::collect(&[(path, text)], &[]))
}

/// Parses the `.tf` files of one directory (one Terraform module) together, because a variable
/// or local declared in `variables.tf` is used in `main.tf`. Returns one document per file, in
/// the given order.
pub fn parse_module(files: &[(&str, &str)]) -> Vec<Document> {
    let scope = ModuleScope::collect(files, &[]);
    files
        .iter()
        .map(|(path, text)| parse_in_scope(path, text, &scope))
        .collect()
}

/// The values a module's files share — variable defaults, overridden by the inputs of the
/// `module` block that calls it, and locals — computed once per directory so that each file can
/// then be parsed on its own ([`parse_in_scope`]).
#[derive(Default)]
pub struct ModuleScope(Scope);

impl ModuleScope {
    /// The scope of the module made of `files`, called with `inputs` (empty for a root module).
    /// An input that is not a literal makes the variable unknown, whatever its default.
    pub fn collect(files: &[(&str, &str)], inputs: &[(String, Node)]) -> Self {
        // Only files declaring variables or locals contribute: skip parsing the others.
        let parsed: Vec<Parsed<'_>> = files
            .iter()
            .filter(|(_, text)| text.contains("variable") || text.contains("locals"))
            .map(|(p, t)| Parsed::new(p, t))
            .collect();
        ModuleScope(Scope::collect(&parsed, inputs))
    }
}

/// Parses one `.tf` file of a module whose shared values are `scope`.
pub fn parse_in_scope(path: &str, text: &str, scope: &ModuleScope) -> Document {
    Parsed::new(path, text).document(&scope.0)
}

/// Addresses of the resources, data sources and modules a resource's expressions refer to
/// (`bucket = aws_s3_bucket.logs.id` → `aws_s3_bucket.logs`), so a rule can tell which bucket an
/// `aws_s3_bucket_public_access_block` belongs to. Instance keys are dropped: compare against an
/// address with its `[…]` suffix removed.
pub fn references(resource: &Resource) -> Vec<String> {
    let mut out = Vec::new();
    collect_references(&resource.body, &mut out);
    out
}

fn collect_references(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Expression(text) => {
            for address in scan_references(text) {
                if !out.contains(&address) {
                    out.push(address);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|n| collect_references(n, out)),
        Value::Object(entries) => entries
            .iter()
            .for_each(|(_, _, n)| collect_references(n, out)),
        _ => {}
    }
}

/// Finds `type.name`, `data.type.name` and `module.name` traversals in expression source text.
fn scan_references(text: &str) -> Vec<String> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    let starts_ident = |s: &str| s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    let mut out = Vec::new();
    for run in text.split(|c: char| !is_word(c)) {
        let segs: Vec<&str> = run.split('.').collect();
        let address = match segs.as_slice() {
            ["data", t, n, ..] if starts_ident(t) && starts_ident(n) => format!("data.{t}.{n}"),
            ["module", m, ..] if starts_ident(m) => format!("module.{m}"),
            [t, n, ..]
                if !NOT_RESOURCES.contains(t)
                    && t.contains('_')
                    && t.starts_with(|c: char| c.is_ascii_lowercase())
                    && starts_ident(n) =>
            {
                format!("{t}.{n}")
            }
            _ => continue,
        };
        out.push(address);
    }
    out
}

fn empty_document(problems: Vec<Problem>) -> Document {
    Document {
        format: Format::Terraform,
        resources: Vec::new(),
        root: Node::new(Value::Object(Vec::new()), Span::default()),
        problems,
    }
}

/// One file, parsed (or not).
struct Parsed<'a> {
    idx: LineIndex<'a>,
    body: Option<Body>,
    problems: Vec<Problem>,
}

impl<'a> Parsed<'a> {
    fn new(path: &str, text: &'a str) -> Self {
        let idx = LineIndex::new(text);
        let fail = |line, message: String| Parsed {
            idx: LineIndex::new(text),
            body: None,
            problems: vec![Problem { line, message }],
        };
        if text.len() > MAX_FILE_BYTES {
            return fail(
                None,
                format!("file larger than {MAX_FILE_BYTES} bytes, not parsed"),
            );
        }
        if path.ends_with(".tf.json") {
            return fail(
                None,
                "Terraform JSON configuration syntax is not supported".into(),
            );
        }
        match hcl_edit::parser::parse_body(text) {
            Ok(body) => Parsed {
                idx,
                body: Some(body),
                problems: Vec::new(),
            },
            Err(err) => {
                let loc = err.location();
                fail(
                    Some(u32::try_from(loc.line()).unwrap_or(u32::MAX)),
                    format!(
                        "invalid HCL at line {}, column {}: {}",
                        loc.line(),
                        loc.column(),
                        err.message()
                    ),
                )
            }
        }
    }

    fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.body.iter().flat_map(|b| b.blocks())
    }

    fn document(&self, scope: &Scope) -> Document {
        let Some(body) = &self.body else {
            return empty_document(self.problems.clone());
        };
        let budget = Cell::new(MAX_SUBSTITUTED_NODES);
        let ctx = Ctx::new(scope, &self.idx, &budget);
        let mut problems = self.problems.clone();
        let mut resources = Vec::new();
        let mut root = Vec::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) => root.push((
                    attr.key.as_str().to_owned(),
                    ctx.span_of(&attr.key),
                    ctx.expr(&attr.value),
                )),
                Structure::Block(block) => {
                    let mut path =
                        vec![(block.ident.as_str().to_owned(), ctx.span_of(&block.ident))];
                    path.extend(
                        block
                            .labels
                            .iter()
                            .map(|l| (l.as_str().to_owned(), ctx.span_of(l))),
                    );
                    insert_path(&mut root, &path, ctx.block(block));
                    let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
                    let target = match (block.ident.as_str(), labels.as_slice()) {
                        ("resource", [t, n]) => Some(((*t).to_owned(), format!("{t}.{n}"))),
                        ("data", [t, n]) => Some(((*t).to_owned(), format!("data.{t}.{n}"))),
                        ("module", [m]) => Some(("module".to_owned(), format!("module.{m}"))),
                        _ => None,
                    };
                    if let Some((kind, address)) = target {
                        ctx.instances(block, &kind, &address, &mut resources, &mut problems);
                    }
                }
            }
        }
        Document {
            format: Format::Terraform,
            resources,
            root: Node::new(Value::Object(root), self.idx.whole()),
            problems,
        }
    }
}

/// Inserts `node` at `path` in a tree of objects, merging objects that meet at the same key
/// (two `locals` blocks, two resources of one type).
fn insert_path(entries: &mut Vec<(String, Span, Node)>, path: &[(String, Span)], node: Node) {
    let Some(((key, key_span), rest)) = path.split_first() else {
        return;
    };
    let existing = entries.iter_mut().find(|(k, _, _)| k == key);
    if rest.is_empty() {
        match existing {
            Some((
                _,
                _,
                Node {
                    value: Value::Object(old),
                    ..
                },
            )) => {
                if let Value::Object(new) = node.value {
                    old.extend(new);
                }
            }
            _ => entries.push((key.clone(), *key_span, node)),
        }
        return;
    }
    match existing {
        Some((
            _,
            _,
            Node {
                value: Value::Object(inner),
                ..
            },
        )) => insert_path(inner, rest, node),
        _ => {
            let mut inner = Vec::new();
            let span = node.span;
            insert_path(&mut inner, rest, node);
            entries.push((
                key.clone(),
                *key_span,
                Node::new(Value::Object(inner), span),
            ));
        }
    }
}

/// Module-wide values known from literals: variable defaults and locals.
#[derive(Default)]
struct Scope {
    vars: HashMap<String, Node>,
    locals: HashMap<String, Node>,
}

impl Scope {
    fn collect(files: &[Parsed<'_>], inputs: &[(String, Node)]) -> Scope {
        let mut scope = Scope::default();
        let budget = Cell::new(MAX_SUBSTITUTED_NODES);
        for file in files {
            let ctx = Ctx::new(&scope, &file.idx, &budget);
            let mut vars = Vec::new();
            for block in file.blocks().filter(|b| b.ident.as_str() == "variable") {
                let (Some(name), Some(default)) =
                    (block.labels.first(), block.body.get_attribute("default"))
                else {
                    continue;
                };
                vars.push((name.as_str().to_owned(), ctx.expr(&default.value)));
            }
            scope.vars.extend(vars);
        }
        scope.vars.extend(inputs.iter().cloned());
        for _ in 0..LOCAL_ROUNDS {
            let mut locals = HashMap::new();
            for file in files {
                let ctx = Ctx::new(&scope, &file.idx, &budget);
                for block in file.blocks().filter(|b| b.ident.as_str() == "locals") {
                    for attr in block.body.attributes() {
                        locals.insert(attr.key.as_str().to_owned(), ctx.expr(&attr.value));
                    }
                }
            }
            scope.locals = locals;
        }
        scope
    }
}

/// What an expression is evaluated against: the module scope plus the current instance.
struct Ctx<'s, 'a> {
    scope: &'s Scope,
    idx: &'s LineIndex<'a>,
    count_index: Option<f64>,
    each: Option<(String, Node)>,
    /// Nodes substitution may still add (shared by every context of one file).
    budget: &'s Cell<usize>,
}

impl<'s, 'a> Ctx<'s, 'a> {
    fn new(scope: &'s Scope, idx: &'s LineIndex<'a>, budget: &'s Cell<usize>) -> Self {
        Ctx {
            scope,
            idx,
            budget,
            count_index: None,
            each: None,
        }
    }

    fn span_of(&self, item: &impl hcl_edit::Span) -> Span {
        item.span().map(|r| self.idx.span(&r)).unwrap_or_default()
    }

    fn source(&self, item: &impl hcl_edit::Span) -> String {
        item.span()
            .map(|r| self.idx.slice(&r).to_owned())
            .unwrap_or_default()
    }

    /// Emits one resource per `count` / `for_each` instance when those are literal, else one.
    fn instances(
        &self,
        block: &Block,
        kind: &str,
        address: &str,
        out: &mut Vec<Resource>,
        problems: &mut Vec<Problem>,
    ) {
        let span = self.span_of(block);
        let single = |ctx: &Ctx<'_, '_>, address: String| Resource {
            kind: kind.to_owned(),
            address,
            body: ctx.block(block),
            span,
        };
        let block_bytes = block.span().map_or(1, |r| r.len().max(1));
        let max = MAX_INSTANCES.min(MAX_EXPANDED_BYTES / block_bytes);
        let too_many = |problems: &mut Vec<Problem>| {
            problems.push(Problem {
                line: Some(span.start.line),
                message: format!("{address}: more than {max} instances, not expanded"),
            });
        };
        if let Some(count) = block.body.get_attribute("count") {
            if let Value::Number(n) = self.expr(&count.value).value
                && n >= 0.0
                && n.fract() == 0.0
            {
                if n > max as f64 {
                    too_many(problems);
                } else {
                    for i in 0..(n as usize) {
                        let ctx = Ctx {
                            count_index: Some(i as f64),
                            ..Ctx::new(self.scope, self.idx, self.budget)
                        };
                        out.push(single(&ctx, format!("{address}[{i}]")));
                    }
                    return;
                }
            }
        } else if let Some(for_each) = block.body.get_attribute("for_each") {
            let node = self.expr(&for_each.value);
            let items: Option<Vec<(String, Node)>> = match node.value {
                Value::Object(entries) => {
                    Some(entries.into_iter().map(|(k, _, v)| (k, v)).collect())
                }
                Value::Array(items) => items
                    .into_iter()
                    .map(|n| n.as_str().map(|s| (s.to_owned(), n.clone())))
                    .collect(),
                _ => None,
            };
            match items {
                Some(items) if items.len() > max => too_many(problems),
                Some(items) => {
                    for (key, value) in items {
                        let quoted = serde_json::to_string(&key).unwrap_or_default();
                        let ctx = Ctx {
                            each: Some((key, value)),
                            ..Ctx::new(self.scope, self.idx, self.budget)
                        };
                        out.push(single(&ctx, format!("{address}[{quoted}]")));
                    }
                    return;
                }
                None => {}
            }
        }
        out.push(single(self, address.to_owned()));
    }

    /// A block's body as an object spanning the whole block.
    fn block(&self, block: &Block) -> Node {
        self.body(&block.body, self.span_of(block))
    }

    /// Attributes become keys; nested blocks (also `dynamic "x" { content { … } }`) become an
    /// array of objects under the block name, one per repetition.
    fn body(&self, body: &Body, span: Span) -> Node {
        let mut entries: Vec<(String, Span, Node)> = Vec::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) => entries.push((
                    attr.key.as_str().to_owned(),
                    self.span_of(&attr.key),
                    self.expr(&attr.value),
                )),
                Structure::Block(block) => {
                    let (name, key_span, inner) = if block.ident.as_str() == "dynamic" {
                        let (Some(label), Some(content)) = (
                            block.labels.first(),
                            block.body.get_blocks("content").next(),
                        ) else {
                            continue;
                        };
                        (label.as_str(), self.span_of(label), &content.body)
                    } else {
                        (
                            block.ident.as_str(),
                            self.span_of(&block.ident),
                            &block.body,
                        )
                    };
                    let block_span = self.span_of(block);
                    let node = self.body(inner, block_span);
                    match entries.iter_mut().find(|(k, _, _)| k == name) {
                        Some((
                            _,
                            _,
                            Node {
                                value: Value::Array(items),
                                span,
                            },
                        )) => {
                            span.end = block_span.end;
                            items.push(node);
                        }
                        _ => entries.push((
                            name.to_owned(),
                            key_span,
                            Node::new(Value::Array(vec![node]), block_span),
                        )),
                    }
                }
            }
        }
        Node::new(Value::Object(entries), span)
    }

    fn expr(&self, e: &Expression) -> Node {
        let span = self.span_of(e);
        let value = match e {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => n
                .value()
                .as_f64()
                .map_or_else(|| Value::Expression(self.source(e)), Value::Number),
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::Array(items) => Value::Array(items.iter().map(|x| self.expr(x)).collect()),
            Expression::Object(object) => Value::Object(
                object
                    .iter()
                    .map(|(k, v)| {
                        let name = match k {
                            ObjectKey::Ident(id) => id.as_str().to_owned(),
                            ObjectKey::Expression(ke) => match self.expr(ke).value {
                                Value::String(s) => s,
                                _ => self.source(ke),
                            },
                        };
                        (name, self.span_of(k), self.expr(v.expr()))
                    })
                    .collect(),
            ),
            Expression::StringTemplate(t) => self.template(t, e),
            Expression::HeredocTemplate(h) => self.template(&h.template, e),
            Expression::Parenthesis(p) => self.expr(p.inner()).value,
            Expression::Traversal(t) => match self.lookup(t) {
                Some(found) => return respan(found, span),
                None => Value::Expression(self.source(e)),
            },
            Expression::FuncCall(call)
                if call.name.namespace.is_empty()
                    && matches!(call.name.name.as_str(), "toset" | "tolist" | "tomap")
                    && call.args.iter().count() == 1 =>
            {
                match call.args.iter().next().map(|a| self.expr(a)) {
                    Some(arg) if is_literal(&arg) => dedupe_set(call.name.name.as_str(), arg.value),
                    _ => Value::Expression(self.source(e)),
                }
            }
            _ => Value::Expression(self.source(e)),
        };
        Node::new(value, span)
    }

    /// A template whose interpolations all resolve to scalars is a plain string.
    fn template(&self, template: &Template, whole: &Expression) -> Value {
        let mut out = String::new();
        for element in template.iter() {
            match element {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => match self.expr(&i.expr).value {
                    Value::String(s) => out.push_str(&s),
                    Value::Number(n) => out.push_str(&format_number(n)),
                    Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                    _ => return Value::Expression(self.source(whole)),
                },
                Element::Directive(_) => return Value::Expression(self.source(whole)),
            }
        }
        Value::String(out)
    }

    /// Resolves `var.x`, `local.y`, `count.index`, `each.key`, `each.value` (and attribute or
    /// literal-index access into them) to a literal value, if one is known.
    fn lookup(&self, t: &Traversal) -> Option<Node> {
        let Expression::Variable(root) = &t.expr else {
            return None;
        };
        let (first, rest) = t.operators.split_first()?;
        let TraversalOperator::GetAttr(name) = first.value() else {
            return None;
        };
        let scalar: Node;
        let base: &Node = match (root.as_str(), name.as_str()) {
            ("var", v) => self.scope.vars.get(v)?,
            ("local", l) => self.scope.locals.get(l)?,
            ("count", "index") => {
                scalar = Node::new(Value::Number(self.count_index?), Span::default());
                &scalar
            }
            ("each", "key") => {
                let key = self.each.as_ref()?.0.clone();
                scalar = Node::new(Value::String(key), Span::default());
                &scalar
            }
            ("each", "value") => &self.each.as_ref()?.1,
            _ => return None,
        };
        let found = rest.iter().try_fold(base, |node, op| match op.value() {
            TraversalOperator::GetAttr(k) => node.get(k.as_str()),
            TraversalOperator::LegacyIndex(i) => usize::try_from(*i.value())
                .ok()
                .and_then(|i| node.as_array()?.get(i)),
            TraversalOperator::Index(ie) => match self.expr(ie).value {
                Value::String(k) => node.get(&k),
                Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => {
                    node.as_array().and_then(|a| a.get(n as usize))
                }
                _ => None,
            },
            _ => None,
        })?;
        // Checked before cloning, so an over-budget value costs no copy.
        let size = node_count(found, self.budget.get());
        let left = self.budget.get().checked_sub(size)?;
        // An unresolved value is better shown as the reference itself than as another text.
        if !is_literal(found) {
            return None;
        }
        self.budget.set(left);
        Some(found.clone())
    }
}

/// Nodes in a tree, counting no further than `limit + 1`.
fn node_count(node: &Node, limit: usize) -> usize {
    let mut count = 1;
    let children: Box<dyn Iterator<Item = &Node>> = match &node.value {
        Value::Array(items) => Box::new(items.iter()),
        Value::Object(entries) => Box::new(entries.iter().map(|(_, _, n)| n)),
        _ => return count,
    };
    for child in children {
        if count > limit {
            break;
        }
        count += node_count(child, limit - count);
    }
    count
}

/// `true` if the tree holds no unresolved expression.
fn is_literal(node: &Node) -> bool {
    match &node.value {
        Value::Expression(_) => false,
        Value::Array(items) => items.iter().all(is_literal),
        Value::Object(entries) => entries.iter().all(|(_, _, n)| is_literal(n)),
        _ => true,
    }
}

fn dedupe_set(func: &str, value: Value) -> Value {
    match value {
        Value::Array(items) if func == "toset" => {
            let mut out: Vec<Node> = Vec::new();
            for item in items {
                if !out.iter().any(|o| o.value == item.value) {
                    out.push(item);
                }
            }
            Value::Array(out)
        }
        other => other,
    }
}

/// Gives a substituted value the span of the reference it replaced: findings point at the use.
fn respan(node: Node, span: Span) -> Node {
    let value = match node.value {
        Value::Array(items) => Value::Array(items.into_iter().map(|n| respan(n, span)).collect()),
        Value::Object(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(k, _, n)| (k, span, respan(n, span)))
                .collect(),
        ),
        other => other,
    };
    Node::new(value, span)
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests;
