//! IAM policy documents as templates write them: a YAML/JSON object under `PolicyDocument`, or a
//! JSON string. Statements are read as JSON; an intrinsic anywhere in a value makes that value
//! not match, so unknowns never fire.

use super::{Attr, is_intrinsic};
use crate::model::{Node, Span, Value};
use serde_json::Value as Json;

/// One statement with the span to report it at (the statement itself, or the whole document
/// when it was written as a JSON string).
pub(crate) struct Statement {
    pub json: Json,
    pub span: Span,
}

/// The statements of a policy document; `None` when the document or one of its statements is
/// unknown (an intrinsic, or a string that is not JSON).
pub(crate) fn statements(document: Attr<'_>) -> Option<Vec<Statement>> {
    let node = match document {
        Attr::Known(node) => node,
        Attr::Missing => return Some(Vec::new()),
        Attr::Unknown => return None,
    };
    match &node.value {
        Value::Object(_) => match node.get("Statement") {
            None => Some(Vec::new()),
            Some(s) if is_intrinsic(s) => None,
            Some(Node {
                value: Value::Array(list),
                ..
            }) => list
                .iter()
                .map(|item| {
                    (!is_intrinsic(item)).then(|| Statement {
                        json: item.to_json(),
                        span: item.span,
                    })
                })
                .collect(),
            Some(single) => Some(vec![Statement {
                json: single.to_json(),
                span: single.span,
            }]),
        },
        Value::String(text) => {
            let parsed: Json = serde_json::from_str(text).ok()?;
            let list = match parsed.get("Statement") {
                Some(Json::Array(items)) => items.clone(),
                Some(single @ Json::Object(_)) => vec![single.clone()],
                _ => Vec::new(),
            };
            Some(
                list.into_iter()
                    .map(|json| Statement {
                        json,
                        span: node.span,
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

impl Statement {
    fn effect(&self) -> Option<&str> {
        self.json.get("Effect").and_then(Json::as_str)
    }

    pub fn allows(&self) -> bool {
        self.effect() == Some("Allow")
    }

    /// `Action: "*"` and `Resource: "*"` (alone or in a list) in an Allow statement.
    pub fn allows_everything(&self) -> bool {
        self.allows() && has_star(self.json.get("Action")) && has_star(self.json.get("Resource"))
    }

    /// An Allow statement for `Principal: "*"` (or `{"AWS": "*"}`) with no `Condition`.
    pub fn public_without_condition(&self) -> bool {
        let public = match self.json.get("Principal") {
            Some(Json::String(s)) => s == "*",
            Some(Json::Object(p)) => has_star(p.get("AWS")),
            _ => false,
        };
        self.allows() && public && self.json.get("Condition").is_none()
    }

    /// A Deny statement conditioned on `aws:SecureTransport` being false.
    pub fn denies_insecure_transport(&self) -> bool {
        if self.effect() != Some("Deny") {
            return false;
        }
        let Some(Json::Object(conditions)) = self.json.get("Condition") else {
            return false;
        };
        conditions
            .iter()
            .filter(|(operator, _)| {
                operator.as_str() == "Bool" || operator.as_str() == "BoolIfExists"
            })
            .filter_map(|(_, keys)| keys.as_object())
            .flat_map(|keys| keys.iter())
            .any(|(key, value)| key.eq_ignore_ascii_case("aws:SecureTransport") && is_false(value))
    }
}

fn has_star(value: Option<&Json>) -> bool {
    match value {
        Some(Json::String(s)) => s == "*",
        Some(Json::Array(items)) => items.iter().any(|v| v.as_str() == Some("*")),
        _ => false,
    }
}

fn is_false(value: &Json) -> bool {
    match value {
        Json::Bool(b) => !b,
        Json::String(s) => s.eq_ignore_ascii_case("false"),
        Json::Array(items) => items.iter().any(is_false),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudformation::parse;
    use crate::rules::cloudformation::property;

    fn of(yaml: &str) -> Option<Vec<Statement>> {
        let text = format!(
            "Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {yaml}\n"
        );
        let doc = parse(&text);
        let resource = doc.resources.first().expect("resource");
        statements(property(resource, &["PolicyDocument"]))
    }

    #[test]
    fn reads_objects_strings_and_unknowns() {
        let list =
            of("{Statement: [{Effect: Allow, Action: '*', Resource: ['*']}]}").expect("known");
        assert!(list.first().is_some_and(Statement::allows_everything));
        let single =
            of("{Statement: {Effect: Allow, Action: 's3:*', Resource: '*'}}").expect("known");
        assert!(!single.first().is_some_and(Statement::allows_everything));
        let string = of(r#"'{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}'"#)
            .expect("known");
        assert!(
            string
                .first()
                .is_some_and(Statement::denies_insecure_transport)
        );
        assert!(of("!Ref Doc").is_none());
        assert!(of("{Statement: [!If [C, {Effect: Allow}, !Ref AWS::NoValue]]}").is_none());
    }

    #[test]
    fn public_principals() {
        let list = of("{Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: 's3:GetObject', Resource: x}, \
             {Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: x, Condition: {StringEquals: {'aws:SourceVpce': v}}}]}")
        .expect("known");
        let public: Vec<bool> = list
            .iter()
            .map(Statement::public_without_condition)
            .collect();
        assert_eq!(public, [true, false]);
    }
}
