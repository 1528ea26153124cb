//! `terraform show -json PLANFILE` input: the planned values of every resource, after variables,
//! modules and `count` / `for_each` were evaluated by Terraform itself, so values are exact.

use super::json;
use crate::model::{Document, Format, Node, Problem, Resource, Value};

/// `child_modules` nest no deeper than this (a real configuration is a few levels deep).
const MAX_MODULE_DEPTH: usize = 64;
/// Plans larger than this are not parsed. Plans of large estates exceed the scan's default file
/// size limit, so the analyzer admits plans up to this size; the tree built from one takes about
/// nine times its size in memory (measured: 15 MB plan, 137 MB peak), which bounds a scan's
/// memory to well under a gigabyte.
pub const MAX_PLAN_BYTES: usize = 64 << 20;

/// Parses plan JSON into resources addressed as Terraform does (`module.net.aws_vpc.main`,
/// `aws_s3_bucket.logs["a"]`), each body being the resource's planned `values`. State JSON
/// (`terraform show -json` without a plan, `values.root_module`) is read the same way.
pub fn parse(text: &str) -> Document {
    let mut doc = Document {
        format: Format::TerraformPlan,
        resources: Vec::new(),
        root: Node::new(Value::Object(Vec::new()), Default::default()),
        problems: Vec::new(),
    };
    if text.len() > MAX_PLAN_BYTES {
        doc.problems.push(Problem {
            line: None,
            message: format!(
                "plan larger than {MAX_PLAN_BYTES} bytes, not parsed: scan the plans of smaller \
                 workspaces or states"
            ),
        });
        return doc;
    }
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(err) => {
            doc.problems.push(Problem {
                line: Some(err.line),
                message: format!("invalid JSON at line {}: {}", err.line, err.message),
            });
            return doc;
        }
    };
    let module = root
        .at(&["planned_values", "root_module"])
        .or_else(|| root.at(&["values", "root_module"]));
    match module {
        Some(module) => walk(module, 0, &mut doc),
        None => doc.problems.push(Problem {
            line: Some(root.span.start.line),
            message: "no planned_values.root_module: not `terraform show -json` output".into(),
        }),
    }
    doc.root = root;
    doc
}

fn walk(module: &Node, depth: usize, doc: &mut Document) {
    if depth > MAX_MODULE_DEPTH {
        doc.problems.push(Problem {
            line: Some(module.span.start.line),
            message: format!("modules nested deeper than {MAX_MODULE_DEPTH}, not read"),
        });
        return;
    }
    for item in module
        .get("resources")
        .and_then(Node::as_array)
        .unwrap_or_default()
    {
        let kind = item.get("type").and_then(Node::as_str);
        let address = item.get("address").and_then(Node::as_str);
        let (Some(kind), Some(address)) = (kind, address) else {
            doc.problems.push(Problem {
                line: Some(item.span.start.line),
                message: "plan resource without `type` or `address`, skipped".into(),
            });
            continue;
        };
        let body = item
            .get("values")
            .cloned()
            .unwrap_or_else(|| Node::new(Value::Object(Vec::new()), item.span));
        doc.resources.push(Resource {
            kind: kind.to_owned(),
            address: address.to_owned(),
            body,
            span: item.span,
        });
    }
    for child in module
        .get("child_modules")
        .and_then(Node::as_array)
        .unwrap_or_default()
    {
        walk(child, depth + 1, doc);
    }
}
