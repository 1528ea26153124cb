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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resources_and_ref_defaults_table() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], serde_json::Value);
        let table: &[Case] = &[
            (
                "Parameters:\n  Days: {Type: Number, Default: 400}\nResources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: !Ref Days}\n",
                &[("AWS::Logs::LogGroup", "Resources.G")],
                json!({"RetentionInDays": 400.0}),
            ),
            (
                "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties: {Region: !Ref 'AWS::Region'}\n",
                &[("AWS::Logs::LogGroup", "Resources.G")],
                json!({"Region": {"Ref": "AWS::Region"}}),
            ),
            (
                "Parameters:\n  L: {Type: CommaDelimitedList, Default: [a, b]}\nResources:\n  G:\n    Type: AWS::SQS::Queue\n    Properties: {Tags: !Ref L}\n",
                &[("AWS::SQS::Queue", "Resources.G")],
                json!({"Tags": {"Ref": "L"}}),
            ),
        ];
        for (text, want, properties) in table {
            let doc = parse(text);
            let got: Vec<_> = doc
                .resources
                .iter()
                .map(|r| (r.kind.as_str(), r.address.as_str()))
                .collect();
            assert_eq!(got, *want, "{text}");
            let body = &doc.resources.first().expect("resource").body;
            assert_eq!(
                body.get("Properties").map(Node::to_json),
                Some(properties.clone()),
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_resources_are_problems() {
        let doc = parse("Resources:\n  NoType: {Properties: {}}\n  Ok: {Type: AWS::S3::Bucket}\n");
        assert_eq!(doc.resources.len(), 1);
        assert_eq!(doc.problems.len(), 1);
        assert_eq!(doc.problems.first().and_then(|p| p.line), Some(2));
        assert_eq!(
            parse("AWSTemplateFormatVersion: '2010-09-09'\n")
                .problems
                .len(),
            1
        );
    }
}
