//! Kubernetes manifests: every YAML document with `apiVersion` and `kind` is one resource.
//!
//! Addresses are `Kind/namespace/name` (`Deployment/payments/api`), with namespace `default`
//! when `metadata.namespace` is absent, also for cluster-scoped kinds, so an address never
//! depends on knowing every CRD's scope. `List` kinds (`kind: List`, `PodList`, …) are expanded
//! into their `items`. A document without a name is addressed `(unnamed-N)`, N its 1-based
//! document number. Kustomize bases and overlays read as plain manifests; files a
//! `kustomization.yaml` applies as patches are partial and left out (see [`kustomize_patches`]).

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

/// File names Kustomize reads its configuration from.
pub const KUSTOMIZATION_FILES: [&str; 3] =
    ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The files a `kustomization.yaml` applies as patches (`patches[].path`,
/// `patchesStrategicMerge[]`, `patchesJson6902[].path`), relative to its directory. Patches are
/// partial manifests: judged on their own, every setting they leave to the base looks missing.
pub fn kustomize_patches(kustomization: &str) -> Vec<String> {
    let stream = yaml::load(kustomization);
    let mut out = Vec::new();
    for doc in &stream.documents {
        for key in ["patches", "patchesStrategicMerge", "patchesJson6902"] {
            for item in doc.get(key).and_then(Node::as_array).unwrap_or(&[]) {
                let path = item.as_str().or_else(|| item.get("path")?.as_str());
                // An inline patch (a YAML string holding a manifest) names no file.
                if let Some(path) = path.filter(|p| !p.contains('\n')) {
                    out.push(path.trim_start_matches("./").to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod kustomize_tests {
    use super::kustomize_patches;

    #[test]
    fn patch_files_of_every_form() {
        let text = "resources: [../../base]\npatches:\n  - path: ./replicas.yaml\n  - patch: |-\n      - op: remove\n        path: /x\npatchesStrategicMerge:\n  - memory.yaml\npatchesJson6902:\n  - target: {kind: Deployment, name: api}\n    path: json.yaml\n";
        assert_eq!(
            kustomize_patches(text),
            ["replicas.yaml", "memory.yaml", "json.yaml"]
        );
        assert!(kustomize_patches("resources: [a.yaml]\n").is_empty());
    }
}
