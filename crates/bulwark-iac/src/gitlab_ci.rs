//! GitLab CI (`.gitlab-ci.yml`): each job is a resource of kind `job` whose address is the job
//! name (`build`, `deploy:prod`). Hidden keys (`.template`), `default`, `variables`, `stages`,
//! `include`, `workflow` and the other global keywords stay in the root only.
//!
//! A job's body is resolved the way GitLab runs it: `extends` (a name or a list, up to 11 levels,
//! hashes deep-merged, everything else replaced, the job's own keys winning) and
//! `!reference [.name, key, …]` tags (replaced by the referenced value; an array referenced inside
//! an array is spliced in). YAML merge keys (`<<: *anchor`) were already applied by the loader.
//! `include`d files are not fetched. A file that starts with a CI/CD component `spec:` header
//! document is read from its second document.

use crate::model::{Document, Format, Node, Problem, Resource, Span, Value};
use crate::yaml;

/// Top-level keys that are settings, not jobs.
const GLOBAL_KEYS: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
    "spec",
];

/// GitLab's own limit on `extends` depth.
const MAX_EXTENDS_DEPTH: usize = 11;
/// How deep `!reference` chains are followed.
const MAX_REFERENCE_DEPTH: usize = 10;

/// Parses one `.gitlab-ci.yml`.
pub fn parse(text: &str) -> Document {
    let mut stream = yaml::load(text);
    let mut problems = std::mem::take(&mut stream.problems);
    stream.documents.retain(|d| d.value != Value::Null);
    let is_header = |d: &Node| match &d.value {
        Value::Object(e) => e.len() == 1 && e.iter().all(|(k, _, _)| k == "spec"),
        _ => false,
    };
    if stream.documents.len() > 1 && stream.documents.first().is_some_and(is_header) {
        stream.documents.remove(0);
    }
    let root = yaml::single_document(stream, &mut problems);
    let mut resources = Vec::new();
    if let Value::Object(entries) = &root.value {
        for (name, key_span, body) in entries {
            if name.starts_with('.') || GLOBAL_KEYS.contains(&name.as_str()) {
                continue;
            }
            if !matches!(body.value, Value::Object(_)) {
                problems.push(Problem {
                    line: Some(key_span.start.line),
                    message: format!("job `{name}` is not a mapping"),
                });
                continue;
            }
            let mut chain = vec![name.clone()];
            let mut resolved = extend(&root, body, &mut chain, &mut problems);
            resolve_references(&root, &mut resolved, 0, &mut problems);
            resources.push(Resource {
                kind: "job".to_string(),
                address: name.clone(),
                span: body.span,
                body: resolved,
            });
        }
    }
    Document {
        format: Format::GitlabCi,
        resources,
        root,
        problems,
    }
}

/// `body` with its `extends` parents merged underneath it.
fn extend(root: &Node, body: &Node, chain: &mut Vec<String>, problems: &mut Vec<Problem>) -> Node {
    let parents: Vec<&Node> = match body.get("extends") {
        Some(Node {
            value: Value::String(_),
            ..
        }) => body.get("extends").into_iter().collect(),
        Some(Node {
            value: Value::Array(items),
            ..
        }) => items.iter().collect(),
        _ => return body.clone(),
    };
    let mut merged: Option<Node> = None;
    for parent in parents {
        let Some(parent_name) = parent.as_str() else {
            continue;
        };
        let line = Some(parent.span.start.line);
        if chain.iter().any(|c| c == parent_name) {
            problems.push(Problem {
                line,
                message: format!("`extends` cycle through `{parent_name}`"),
            });
            continue;
        }
        if chain.len() > MAX_EXTENDS_DEPTH {
            problems.push(Problem {
                line,
                message: format!("`extends` deeper than {MAX_EXTENDS_DEPTH} levels"),
            });
            continue;
        }
        let Some(parent_body) = root.get(parent_name) else {
            problems.push(Problem {
                line,
                message: format!("`extends: {parent_name}`: no such job or template in this file"),
            });
            continue;
        };
        chain.push(parent_name.to_string());
        let resolved = extend(root, parent_body, chain, problems);
        chain.pop();
        merged = Some(match merged {
            Some(base) => deep_merge(base, resolved),
            None => resolved,
        });
    }
    match merged {
        Some(base) => deep_merge(base, body.clone()),
        None => body.clone(),
    }
}

/// GitLab's merge: mappings merge key by key, anything else in `over` replaces `base`.
fn deep_merge(base: Node, over: Node) -> Node {
    match (base.value, over.value) {
        (Value::Object(mut entries), Value::Object(over_entries)) => {
            for (key, key_span, value) in over_entries {
                match entries.iter_mut().find(|(k, _, _)| *k == key) {
                    Some(slot) => {
                        let old =
                            std::mem::replace(&mut slot.2, Node::new(Value::Null, Span::default()));
                        *slot = (key, key_span, deep_merge(old, value));
                    }
                    None => entries.push((key, key_span, value)),
                }
            }
            Node::new(Value::Object(entries), over.span)
        }
        (_, value) => Node::new(value, over.span),
    }
}

/// The path of a `!reference [a, b]` node, as the loader encodes it.
fn reference_path(node: &Node) -> Option<Vec<&str>> {
    let Value::Object(entries) = &node.value else {
        return None;
    };
    let [(key, _, target)] = entries.as_slice() else {
        return None;
    };
    if key != "!reference" {
        return None;
    }
    target.as_array()?.iter().map(Node::as_str).collect()
}

fn resolve_references(root: &Node, node: &mut Node, depth: usize, problems: &mut Vec<Problem>) {
    if let Some(path) = reference_path(node) {
        let line = Some(node.span.start.line);
        if depth >= MAX_REFERENCE_DEPTH {
            problems.push(Problem {
                line,
                message: "`!reference` nested too deep".to_string(),
            });
            return;
        }
        match root.at(&path) {
            Some(target) => {
                let mut target = target.clone();
                resolve_references(root, &mut target, depth + 1, problems);
                *node = target;
            }
            None => problems.push(Problem {
                line,
                message: format!("`!reference [{}]` not found in this file", path.join(", ")),
            }),
        }
        return;
    }
    match &mut node.value {
        Value::Object(entries) => {
            for (_, _, child) in entries {
                resolve_references(root, child, depth, problems);
            }
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for mut item in std::mem::take(items) {
                let splice = reference_path(&item).is_some();
                resolve_references(root, &mut item, depth, problems);
                match item.value {
                    Value::Array(inner) if splice => out.extend(inner),
                    value => out.push(Node::new(value, item.span)),
                }
            }
            *items = out;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jobs_table() {
        let table: &[(&str, &[&str])] = &[
            (
                "stages: [a]\n.hidden: {script: [x]}\njob: {script: [y]}\n",
                &["job"],
            ),
            (
                "variables: {A: b}\ndefault: {image: x}\ninclude: [{local: a.yml}]\nworkflow: {rules: []}\n",
                &[],
            ),
            (
                "spec:\n  inputs: {stage: {default: test}}\n---\nscan: {script: [z]}\n",
                &["scan"],
            ),
            (
                "pages: {script: [build]}\n'deploy prod': {script: [d]}\n",
                &["pages", "deploy prod"],
            ),
        ];
        for (text, want) in table {
            let doc = parse(text);
            let got: Vec<_> = doc.resources.iter().map(|r| r.address.as_str()).collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn extends_chain_cycle_and_merge() {
        let doc = parse(
            ".a: {image: a, variables: {X: '1', Y: '1'}}\n.b: {extends: .a, variables: {Y: '2'}}\n\
             job: {extends: [.b], variables: {Z: '3'}}\nloop1: {extends: loop2}\nloop2: {extends: loop1}\n",
        );
        let job = doc
            .resources
            .iter()
            .find(|r| r.address == "job")
            .expect("job");
        assert_eq!(job.body.get("image").map(Node::to_json), Some(json!("a")));
        assert_eq!(
            job.body.get("variables").map(Node::to_json),
            Some(json!({"X": "1", "Y": "2", "Z": "3"}))
        );
        assert!(
            doc.problems.iter().any(|p| p.message.contains("cycle")),
            "{:?}",
            doc.problems
        );
    }

    #[test]
    fn reference_to_missing_key_is_a_problem() {
        let doc = parse("job:\n  script:\n    - !reference [.nope, script]\n");
        assert_eq!(doc.problems.len(), 1);
        assert_eq!(doc.problems.first().and_then(|p| p.line), Some(3));
    }
}
