//! Kubernetes manifests: every YAML document with `apiVersion` and `kind` is one resource.
//!
//! Addresses are `Kind/namespace/name` (`Deployment/payments/api`), with namespace `default`
//! when `metadata.namespace` is absent, also for cluster-scoped kinds, so an address never
//! depends on knowing every CRD's scope. `List` kinds (`kind: List`, `PodList`, …) are expanded
//! into their `items`. A document without a name is addressed `(unnamed-N)`, N its 1-based
//! document number. Kustomize overlays read as plain manifests (no patching is applied).

use crate::model::{Document, Format, Node, Problem, Resource, Value};
use crate::yaml;

/// Parses a (multi-document) manifest. The root is an array of every non-empty document.
pub fn parse(text: &str) -> Document {
    let stream = yaml::load(text);
    let mut problems = stream.problems;
    let documents: Vec<Node> = stream
        .documents
        .into_iter()
        .filter(|d| d.value != Value::Null)
        .collect();
    let mut resources = Vec::new();
    for (i, doc) in documents.iter().enumerate() {
        collect(doc, i + 1, true, &mut resources, &mut problems);
    }
    let span = yaml::covering(&documents);
    Document {
        format: Format::Kubernetes,
        resources,
        root: Node::new(Value::Array(documents), span),
        problems,
    }
}

fn collect(
    node: &Node,
    number: usize,
    expand_lists: bool,
    out: &mut Vec<Resource>,
    problems: &mut Vec<Problem>,
) {
    let (Some(_), Some(kind)) = (
        node.get("apiVersion").and_then(Node::as_str),
        node.get("kind").and_then(Node::as_str),
    ) else {
        if matches!(node.value, Value::Object(_)) {
            problems.push(Problem {
                line: Some(node.span.start.line),
                message: "YAML document without string `apiVersion` and `kind`; not a Kubernetes \
                          object"
                    .to_string(),
            });
        }
        return;
    };
    if expand_lists
        && kind.ends_with("List")
        && let Some(items) = node.get("items").and_then(Node::as_array)
    {
        for item in items {
            collect(item, number, false, out, problems);
        }
        return;
    }
    let metadata = node.get("metadata");
    let field = |key: &str| metadata.and_then(|m| m.get(key)).and_then(Node::as_str);
    let namespace = field("namespace")
        .filter(|s| !s.is_empty())
        .unwrap_or("default");
    let name = field("name")
        .filter(|s| !s.is_empty())
        .map_or_else(|| format!("(unnamed-{number})"), str::to_string);
    out.push(Resource {
        kind: kind.to_string(),
        address: format!("{kind}/{namespace}/{name}"),
        body: node.clone(),
        span: node.span,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_table() {
        let table: &[(&str, &[&str])] = &[
            (
                "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\n",
                &["Pod/shop/web"],
            ),
            (
                "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n",
                &["Pod/default/web"],
            ),
            (
                "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: ''}\n",
                &["Pod/default/web"],
            ),
            (
                "apiVersion: v1\nkind: Pod\nspec: {}\n",
                &["Pod/default/(unnamed-1)"],
            ),
            (
                "---\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: backup}\n",
                &["CronJob/default/backup"],
            ),
            (
                "apiVersion: v1\nkind: ConfigMapList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n",
                &["ConfigMap/default/a"],
            ),
            // A List item that is itself a List is not expanded again.
            (
                "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: List, items: []}\n",
                &["List/default/(unnamed-1)"],
            ),
            (
                "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"s\"}}",
                &["Secret/default/s"],
            ),
            ("just: config\n", &[]),
            ("", &[]),
        ];
        for (text, want) in table {
            let doc = parse(text);
            let got: Vec<_> = doc.resources.iter().map(|r| r.address.as_str()).collect();
            assert_eq!(got, *want, "{text}");
        }
    }
}
