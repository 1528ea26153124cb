//! AWS CloudFormation (and SAM) templates, YAML or JSON: each entry under `Resources` is a resource
//! whose kind is its `Type` (`AWS::S3::Bucket`) and whose address is `Resources.LogicalId`.
//!
//! Short-form tags were already turned into long forms by [`crate::yaml`], so a YAML `!Ref x` and
//! a JSON `{"Ref": "x"}` look the same. In resource bodies, a plain `{"Ref": P}` to a parameter
//! whose `Default` is a literal (string, number, boolean) is replaced by that literal, keeping the
//! `Ref`'s span, so rules see `BucketEncryption` values that come from defaults. Other intrinsics
//! (`Fn::Sub`, `Fn::If`, refs to resources or pseudo parameters) stay as written. The root keeps
//! the template exactly as written.

use std::collections::HashMap;

use crate::model::{Document, Format, Node, Problem, Resource, Value};
use crate::yaml;

/// Parses one template (YAML or JSON; JSON is read as YAML 1.2).
pub fn parse(text: &str) -> Document {
    let stream = yaml::load(text);
    let mut problems = stream.problems.clone();
    let root = yaml::single_document(stream, &mut problems);
    let defaults = parameter_defaults(&root);
    let mut resources = Vec::new();
    match root.get("Resources").map(|r| &r.value) {
        Some(Value::Object(entries)) => {
            for (logical_id, key_span, body) in entries {
                let Some(kind) = body.get("Type").and_then(Node::as_str) else {
                    problems.push(Problem {
                        line: Some(key_span.start.line),
                        message: format!("resource `{logical_id}` has no string `Type`"),
                    });
                    continue;
                };
                let mut body = body.clone();
                substitute_refs(&mut body, &defaults);
                resources.push(Resource {
                    kind: kind.to_string(),
                    address: format!("Resources.{logical_id}"),
                    span: body.span,
                    body,
                });
            }
        }
        None => problems.push(Problem {
            line: None,
            message: "template has no `Resources`".to_string(),
        }),
        Some(_) => problems.push(Problem {
            line: root.get("Resources").map(|r| r.span.start.line),
            message: "`Resources` is not a mapping".to_string(),
        }),
    }
    Document {
        format: Format::CloudFormation,
        resources,
        root,
        problems,
    }
}

/// Parameters whose `Default` is a literal scalar.
fn parameter_defaults(root: &Node) -> HashMap<String, Value> {
    let mut out = HashMap::new();
    if let Some(Value::Object(params)) = root.get("Parameters").map(|p| &p.value) {
        for (name, _, param) in params {
            if let Some(default) = param.get("Default")
                && matches!(
                    default.value,
                    Value::String(_) | Value::Number(_) | Value::Bool(_)
                )
            {
                out.insert(name.clone(), default.value.clone());
            }
        }
    }
    out
}

/// Replaces `{"Ref": P}` by P's literal default, everywhere in `node`.
fn substitute_refs(node: &mut Node, defaults: &HashMap<String, Value>) {
    if defaults.is_empty() {
        return;
    }
    if let Value::Object(entries) = &node.value
        && let [(key, _, target)] = entries.as_slice()
        && key == "Ref"
    {
        if let Some(value) = target.as_str().and_then(|p| defaults.get(p)) {
            node.value = value.clone();
        }
        return;
    }
    match &mut node.value {
        Value::Object(entries) => {
            for (_, _, child) in entries {
                substitute_refs(child, defaults);
            }
        }
        Value::Array(items) => {
            for child in items {
                substitute_refs(child, defaults);
            }
        }
        _ => {}
    }
}
