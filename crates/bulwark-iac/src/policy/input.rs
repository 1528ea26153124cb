//! What a Rego policy sees as `input`: each format shaped as conftest shapes it, so a bank's
//! existing conftest policies run unchanged.
//!
//! | format | `input` (one evaluation each) |
//! |---|---|
//! | Terraform `.tf` | the file as HCL-as-JSON: `resource.<type>.<name>.{…}`; a nested block written once is an object, written several times an array; expressions that are not literals are strings `"${var.x}"` |
//! | Kubernetes | every YAML document on its own |
//! | Dockerfile | an array of `{Cmd, SubCmd, JSON, Flags, Value, Stage}` in file order |
//! | CloudFormation, compose, GitHub Actions, GitLab CI, Terraform plan JSON | the document as written |
//!
//! Differences from conftest, all on the side of more literal values: `var.x`/`local.y` with a
//! known literal value are already substituted; `dynamic "x" { content { … } }` appears as
//! the blocks `x` it produces; YAML short-form tags (`!Ref x`) appear in long form
//! (`{"Ref": "x"}`); Dockerfile comments are not commands.

use crate::model::{Document, Format, Node, Span, Value};
use serde_json::{Map, Value as Json};

/// One `input` document and the part of the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub json: Json,
    /// The source span of this input (a Kubernetes document); `None` for the whole file.
    pub span: Option<Span>,
}

/// The inputs of one parsed file, one per evaluation.
pub fn inputs(document: &Document) -> Vec<Input> {
    let whole = |json| Input { json, span: None };
    match document.format {
        Format::Terraform => vec![whole(terraform(&document.root))],
        Format::Kubernetes => match &document.root.value {
            Value::Array(docs) => docs
                .iter()
                .map(|doc| Input {
                    json: doc.to_json(),
                    span: Some(doc.span),
                })
                .collect(),
            _ => Vec::new(),
        },
        Format::Dockerfile => vec![whole(dockerfile(&document.root))],
        Format::TerraformPlan
        | Format::CloudFormation
        | Format::DockerCompose
        | Format::GithubActions
        | Format::GitlabCi => match document.root.value {
            Value::Null => Vec::new(),
            _ => vec![whole(document.root.to_json())],
        },
    }
}

/// HCL as conftest's `hcl2` parser gives it.
fn terraform(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.clone()),
        Value::Expression(source) => Json::String(expression(source)),
        Value::Array(items) if is_single_block(node, items) => {
            items.first().map_or(Json::Null, terraform)
        }
        Value::Array(items) => Json::Array(items.iter().map(terraform).collect()),
        Value::Object(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, _, n)| (k.clone(), terraform(n)))
                .collect::<Map<String, Json>>(),
        ),
    }
}

/// The front end stores nested blocks as an array of objects that starts where its first block
/// starts (a list attribute `x = [{…}]` starts at its `[`). conftest gives a block written once
/// as an object, so such an array of one is unwrapped.
fn is_single_block(array: &Node, items: &[Node]) -> bool {
    match items {
        [only] => {
            matches!(only.value, Value::Object(_))
                && array.span.start.line > 0
                && only.span.start == array.span.start
        }
        _ => false,
    }
}

/// An unresolved HCL expression as conftest writes it: templates by their content, anything
/// else wrapped in `${…}`.
fn expression(source: &str) -> String {
    let source = source.trim();
    if let Some(inner) = source
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|s| !s.is_empty() || source.len() == 2)
    {
        return inner.to_string();
    }
    if source.starts_with("<<")
        && let Some((_, body)) = source.split_once('\n')
    {
        // Heredoc: the lines between the opening marker and the closing one.
        let body = body.trim_end();
        return match body.rsplit_once('\n') {
            Some((content, _marker)) => format!("{content}\n"),
            None => String::new(),
        };
    }
    format!("${{{source}}}")
}

/// A Dockerfile as conftest's `docker` parser gives it: one command per instruction.
fn dockerfile(root: &Node) -> Json {
    let mut stage: i64 = -1;
    let mut commands = Vec::new();
    for instruction in root
        .get("instructions")
        .and_then(Node::as_array)
        .unwrap_or(&[])
    {
        let keyword = text(instruction, "instruction").to_ascii_lowercase();
        if keyword == "from" {
            stage += 1;
        }
        let mut command = Map::new();
        command.insert("Cmd".into(), Json::String(keyword.clone()));
        let (sub, target) = match instruction.get("trigger") {
            Some(trigger) if keyword == "onbuild" => {
                (text(trigger, "instruction").to_ascii_lowercase(), trigger)
            }
            _ => (String::new(), instruction),
        };
        command.insert("SubCmd".into(), Json::String(sub));
        command.insert(
            "JSON".into(),
            Json::Bool(target.get("form").and_then(Node::as_str) == Some("exec")),
        );
        command.insert("Flags".into(), Json::Array(flags(instruction)));
        command.insert("Value".into(), Json::Array(values(target)));
        command.insert("Stage".into(), Json::from(stage.max(0)));
        commands.push(Json::Object(command));
    }
    Json::Array(commands)
}

fn text<'a>(node: &'a Node, key: &str) -> &'a str {
    node.get(key).and_then(Node::as_str).unwrap_or("")
}

/// `--from=build`, `--link`: as written.
fn flags(instruction: &Node) -> Vec<Json> {
    let Some(Value::Object(entries)) = instruction.get("flags").map(|f| &f.value) else {
        return Vec::new();
    };
    let one = |name: &str, value: &Node| match &value.value {
        Value::String(v) => format!("{name}={v}"),
        _ => name.to_string(),
    };
    let mut out = Vec::new();
    for (name, _, value) in entries {
        match &value.value {
            Value::Array(items) => out.extend(items.iter().map(|v| Json::String(one(name, v)))),
            _ => out.push(Json::String(one(name, value))),
        }
    }
    out
}

/// BuildKit's argument list: exec-form elements, `key, value` pairs for ENV and LABEL, words
/// for FROM/COPY/ADD/EXPOSE, otherwise the argument text as one string.
fn values(instruction: &Node) -> Vec<Json> {
    let keyword = text(instruction, "instruction");
    let arguments = text(instruction, "arguments");
    let strings = |node: Option<&Node>| -> Vec<Json> {
        node.and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(|n| n.as_str().map(|s| Json::String(s.to_string())))
            .collect()
    };
    let words = || -> Vec<Json> {
        arguments
            .split_whitespace()
            .map(|w| Json::String(w.to_string()))
            .collect()
    };
    if instruction.get("form").and_then(Node::as_str) == Some("exec") && keyword != "HEALTHCHECK" {
        return strings(instruction.get("exec"));
    }
    match keyword {
        "ENV" | "LABEL" | "ARG" => {
            let Some(Value::Object(pairs)) = instruction.get("pairs").map(|p| &p.value) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            for (key, _, value) in pairs {
                match (keyword, value.as_str()) {
                    ("ARG", Some(v)) => out.push(Json::String(format!("{key}={v}"))),
                    ("ARG", None) => out.push(Json::String(key.clone())),
                    (_, v) => {
                        out.push(Json::String(key.clone()));
                        out.push(Json::String(v.unwrap_or("").to_string()));
                    }
                }
            }
            out
        }
        "FROM" | "EXPOSE" | "VOLUME" => words(),
        "COPY" | "ADD" => {
            let mut out = strings(instruction.get("sources"));
            if let Some(dest) = instruction.get("destination").and_then(Node::as_str) {
                out.push(Json::String(dest.to_string()));
            }
            out
        }
        "HEALTHCHECK" => match instruction.get("none").and_then(Node::as_bool) {
            Some(true) => vec![Json::String("NONE".into())],
            _ => {
                let mut out = vec![Json::String("CMD".into())];
                if instruction.get("form").and_then(Node::as_str) == Some("exec") {
                    out.extend(strings(instruction.get("exec")));
                } else {
                    out.push(Json::String(text(instruction, "command").to_string()));
                }
                out
            }
        },
        "ONBUILD" => Vec::new(),
        _ if arguments.is_empty() => Vec::new(),
        _ => vec![Json::String(arguments.to_string())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend;
    use serde_json::json;

    fn inputs_of(path: &str, text: &str) -> Vec<Input> {
        let format = frontend::format_of(path, text).unwrap_or_else(|| panic!("{path}"));
        inputs(&frontend::parse(format, path, text))
    }

    fn one(path: &str, text: &str) -> Json {
        let mut all = inputs_of(path, text);
        assert_eq!(all.len(), 1, "{path}");
        all.remove(0).json
    }

    #[test]
    fn terraform_is_hcl_as_json() {
        let input = one(
            "main.tf",
            r#"variable "env" {
  default = "prod"
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.region}"
  tags = {
    owner = "payments"
  }
  versioning {
    enabled = true
  }
  lifecycle_rule {
    id = "a"
  }
  lifecycle_rule {
    id = "b"
  }
  grants = [{ id = "x" }]
  policy = data.aws_iam_policy_document.p.json
  acl = var.env
}
"#,
        );
        let bucket = &input["resource"]["aws_s3_bucket"]["logs"];
        assert_eq!(bucket["bucket"], json!("logs-${var.region}"));
        assert_eq!(bucket["tags"], json!({"owner": "payments"}));
        assert_eq!(bucket["versioning"], json!({"enabled": true}));
        assert_eq!(bucket["lifecycle_rule"], json!([{"id": "a"}, {"id": "b"}]));
        assert_eq!(bucket["grants"], json!([{"id": "x"}]));
        assert_eq!(
            bucket["policy"],
            json!("${data.aws_iam_policy_document.p.json}")
        );
        assert_eq!(bucket["acl"], json!("prod"));
        assert_eq!(input["variable"]["env"]["default"], json!("prod"));
    }

    #[test]
    fn kubernetes_is_one_input_per_document() {
        let all = inputs_of(
            "k8s/app.yaml",
            "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n",
        );
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].json["kind"], json!("Service"));
        assert_eq!(all[1].json["metadata"]["name"], json!("b"));
        assert_eq!(all[1].span.map(|s| s.start.line), Some(5));
    }

    #[test]
    fn dockerfile_is_a_list_of_commands() {
        let input = one(
            "Dockerfile",
            "ARG BASE=alpine\nFROM ${BASE}:3.20 AS build\nENV A=1 B=2\nRUN apk add curl\n\
             FROM scratch\nCOPY --from=build /bin/app /app\nUSER 10001\nCMD [\"/app\", \"-v\"]\n\
             HEALTHCHECK CMD /app health\nONBUILD RUN make\n",
        );
        let cmds = input.as_array().cloned().unwrap_or_default();
        let cmd = |i: usize| &cmds[i];
        assert_eq!(cmds.len(), 10);
        assert_eq!(cmd(0)["Cmd"], json!("arg"));
        assert_eq!(cmd(0)["Value"], json!(["BASE=alpine"]));
        assert_eq!(cmd(0)["Stage"], json!(0));
        assert_eq!(cmd(1)["Value"], json!(["${BASE}:3.20", "AS", "build"]));
        assert_eq!(cmd(2)["Value"], json!(["A", "1", "B", "2"]));
        assert_eq!(cmd(3)["Value"], json!(["apk add curl"]));
        assert_eq!(cmd(3)["JSON"], json!(false));
        assert_eq!(cmd(4)["Stage"], json!(1));
        assert_eq!(cmd(5)["Flags"], json!(["--from=build"]));
        assert_eq!(cmd(5)["Value"], json!(["/bin/app", "/app"]));
        assert_eq!(cmd(6)["Value"], json!(["10001"]));
        assert_eq!(cmd(7)["Value"], json!(["/app", "-v"]));
        assert_eq!(cmd(7)["JSON"], json!(true));
        assert_eq!(cmd(8)["Value"], json!(["CMD", "/app health"]));
        assert_eq!(cmd(9)["SubCmd"], json!("run"));
        assert_eq!(cmd(9)["Value"], json!(["make"]));
    }

    #[test]
    fn yaml_formats_are_the_document() {
        let input = one(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  b:\n    runs-on: ubuntu-24.04\n",
        );
        assert_eq!(input["jobs"]["b"]["runs-on"], json!("ubuntu-24.04"));
        let input = one(
            "template.yaml",
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Name\n",
        );
        assert_eq!(
            input["Resources"]["B"]["Properties"]["BucketName"],
            json!({"Ref": "Name"})
        );
    }

    #[test]
    fn expressions_as_conftest_writes_them() {
        assert_eq!(expression("var.x"), "${var.x}");
        assert_eq!(expression("\"a-${var.x}\""), "a-${var.x}");
        assert_eq!(expression("\"\""), "");
        assert_eq!(expression("<<EOT\nline\nEOT"), "line\n");
    }
}
