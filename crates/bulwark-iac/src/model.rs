//! The normalised document model every IaC front end produces.

use serde_json::{Map, Value as Json};

/// A 1-based line/column position (columns count code points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Where a node is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// A value with its source span: a JSON-like tree, because every IaC format maps onto one and
/// Rego policies take JSON input.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// An expression a front end could not reduce to a literal (`var.x` that has no default,
    /// `!GetAtt`, `${{ github.event.issue.title }}`): kept as written so rules can inspect it.
    Expression(String),
    Array(Vec<Node>),
    /// Keys in source order, each with the span of the key itself.
    Object(Vec<(String, Span, Node)>),
}

impl Node {
    pub fn new(value: Value, span: Span) -> Self {
        Node { value, span }
    }

    /// The child at `key` of an object node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, n)| n),
            _ => None,
        }
    }

    /// Follows a path of object keys: `node.at(&["spec", "template", "spec"])`.
    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The tree as JSON (Rego input); expressions become strings.
    pub fn to_json(&self) -> Json {
        match &self.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Value::String(s) | Value::Expression(s) => Json::String(s.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Value::Object(entries) => Json::Object(
                entries
                    .iter()
                    .map(|(k, _, n)| (k.clone(), n.to_json()))
                    .collect::<Map<String, Json>>(),
            ),
        }
    }
}

/// Which front end produced a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Terraform,
    TerraformPlan,
    Kubernetes,
    DockerCompose,
    Dockerfile,
    CloudFormation,
    GithubActions,
    GitlabCi,
}

/// One declared thing a rule can judge: a Terraform resource/data block, a Kubernetes object, a
/// Dockerfile build stage, a CloudFormation resource, a CI job/workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Type as the format names it: `aws_s3_bucket`, `Deployment`, `AWS::S3::Bucket`,
    /// `stage`, `job`, `workflow`.
    pub kind: String,
    /// Stable address for reports and suppressions: `aws_s3_bucket.logs`,
    /// `Deployment/payments/api`, `Resources.LogsBucket`, `jobs.build`.
    pub address: String,
    pub body: Node,
    /// The whole block, for scoping inline suppressions.
    pub span: Span,
}

/// A file that could not be fully understood; the scan goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<u32>,
    pub message: String,
}

/// Everything one file declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub format: Format,
    pub resources: Vec<Resource>,
    /// The whole file as a tree (workflow-level settings, Dockerfile instructions, …).
    pub root: Node,
    pub problems: Vec<Problem>,
}
