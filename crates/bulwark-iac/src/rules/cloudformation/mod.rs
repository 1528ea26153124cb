//! CloudFormation rules (`iac.cloudformation.*`): the AWS checks of `rules/terraform/`, read from
//! template `Properties` (`BucketEncryption`, `StorageEncrypted`, …) instead of provider
//! attributes.
//!
//! A resource's body is its whole template entry, so properties sit under `Properties`.
//! Intrinsic functions (`{"Ref": …}`, `{"Fn::If": …}`, `{"Fn::Sub": …}`) are values only known at
//! deploy time: they read as [`Attr::Unknown`] and never fire. Refs to parameters with a literal
//! `Default` were already replaced by that default in the front end.

mod data;
mod iam;
mod logging;
mod network;
mod policy;
mod s3;
mod services;
mod tags;

use super::{Context, Hit, IacRule};
use crate::model::{Node, Resource, Value};
pub(crate) use crate::rules::terraform::{Attr, doc, hit, number, truthy};

/// Every CloudFormation rule.
pub fn rules() -> Vec<&'static IacRule> {
    let mut all = Vec::new();
    all.extend(s3::rules());
    all.extend(data::rules());
    all.extend(network::rules());
    all.extend(logging::rules());
    all.extend(iam::rules());
    all.extend(services::rules());
    all.extend(tags::rules());
    all
}

/// Whether `node` is an intrinsic function call: an object whose single key is `Ref`,
/// `Condition` or `Fn::…`.
pub(crate) fn is_intrinsic(node: &Node) -> bool {
    match &node.value {
        Value::Object(entries) => match entries.as_slice() {
            [(key, _, _)] => key == "Ref" || key == "Condition" || key.starts_with("Fn::"),
            _ => false,
        },
        _ => false,
    }
}

/// Looks `path` up under `node`, through objects only; intrinsics on the way are unknown.
pub(crate) fn lookup<'a>(node: &'a Node, path: &[&str]) -> Attr<'a> {
    let mut current = node;
    for key in path {
        if is_intrinsic(current) || matches!(current.value, Value::Expression(_)) {
            return Attr::Unknown;
        }
        match current.get(key) {
            Some(child) => current = child,
            None => return Attr::Missing,
        }
    }
    match &current.value {
        Value::Null => Attr::Missing,
        Value::Expression(_) => Attr::Unknown,
        _ if is_intrinsic(current) => Attr::Unknown,
        _ => Attr::Known(current),
    }
}

/// A property of a resource: `property(r, &["BucketEncryption"])` reads
/// `Properties.BucketEncryption`.
pub(crate) fn property<'a>(resource: &'a Resource, path: &[&str]) -> Attr<'a> {
    match resource.body.get("Properties") {
        None => Attr::Missing,
        Some(properties) => lookup(properties, path),
    }
}

/// The items of a list property; `None` when the list itself is an intrinsic (unknown).
/// Intrinsic items (`!If [Cond, {…}, !Ref AWS::NoValue]`) are left out.
pub(crate) fn items<'a>(attr: Attr<'a>) -> Option<Vec<&'a Node>> {
    match attr {
        Attr::Missing => Some(Vec::new()),
        Attr::Unknown => None,
        Attr::Known(node) => match &node.value {
            Value::Array(list) => Some(list.iter().filter(|n| !is_intrinsic(n)).collect()),
            _ => Some(vec![node]),
        },
    }
}

/// The literal string of a property, if it is one.
pub(crate) fn text<'a>(attr: Attr<'a>) -> Option<(&'a str, &'a Node)> {
    match attr {
        Attr::Known(node) => node.as_str().map(|s| (s, node)),
        _ => None,
    }
}

/// The usual "must be `true`" check: a hit at a literal `false`, or at the resource when the
/// property is missing and its default is off.
pub(crate) fn require_true(resource: &Resource, path: &[&str], what: &str) -> Vec<Hit> {
    let shown = path.join(".");
    match property(resource, path) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: `{shown}` is not set, so {what} is off",
                resource.address
            ),
        ),
        Attr::Known(node) if truthy(node) == Some(false) => hit(
            node.span,
            format!("{}: `{shown}: false` turns {what} off", resource.address),
        ),
        _ => Vec::new(),
    }
}

/// The logical ID of a resource (`Resources.Bucket` → `Bucket`).
pub(crate) fn logical_id(resource: &Resource) -> &str {
    resource
        .address
        .strip_prefix("Resources.")
        .unwrap_or(&resource.address)
}

/// Whether anything under `node` refers to the resource `id`: `{"Ref": id}`,
/// `{"Fn::GetAtt": [id, …]}` or `${id}` / `${id.Attr}` in an `Fn::Sub` string.
pub(crate) fn refers_to(node: &Node, id: &str) -> bool {
    match &node.value {
        Value::Object(entries) => {
            if let [(key, _, target)] = entries.as_slice() {
                let direct = match key.as_str() {
                    "Ref" => target.as_str() == Some(id),
                    "Fn::GetAtt" => {
                        target
                            .as_array()
                            .and_then(|a| a.first())
                            .and_then(Node::as_str)
                            == Some(id)
                    }
                    "Fn::Sub" => sub_mentions(target, id),
                    _ => false,
                };
                if direct {
                    return true;
                }
            }
            entries.iter().any(|(_, _, child)| refers_to(child, id))
        }
        Value::Array(list) => list.iter().any(|child| refers_to(child, id)),
        _ => false,
    }
}

/// `${id}` or `${id.Attribute}` in an `Fn::Sub` template (string or `[string, vars]`).
fn sub_mentions(target: &Node, id: &str) -> bool {
    let template = match &target.value {
        Value::String(s) => s.as_str(),
        Value::Array(list) => list.first().and_then(Node::as_str).unwrap_or_default(),
        _ => "",
    };
    template.contains(&format!("${{{id}}}")) || template.contains(&format!("${{{id}."))
}

/// Resources of one of `kinds` in the same template whose properties refer to `resource`.
pub(crate) fn attached<'a>(
    context: &Context<'a>,
    resource: &Resource,
    kinds: &[&str],
) -> Vec<&'a Resource> {
    let id = logical_id(resource);
    context
        .document
        .resources
        .iter()
        .filter(|r| kinds.contains(&r.kind.as_str()))
        .filter(|r| r.body.get("Properties").is_some_and(|p| refers_to(p, id)))
        .collect()
}

/// Whether `node` names a resource declared in this template (`!Ref X`, `!GetAtt X.Arn`), so a
/// property that points elsewhere can be told apart from one that cannot be resolved here.
pub(crate) fn refers_to_any_resource(context: &Context<'_>, node: &Node) -> bool {
    context.document.resources.iter().any(|r| {
        let id = logical_id(r);
        refers_to(node, id)
    })
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::rules::IacRule;
    use crate::rules::testing::hits;

    /// (number of hits, line of the first) of `rule` on a YAML template.
    pub fn run(rule: &IacRule, text: &str) -> (usize, Option<u32>) {
        let found = hits(rule, "template.yaml", text);
        (found.len(), found.first().map(|h| h.span.start.line))
    }

    /// Wraps resource YAML (indented by four spaces under `Resources:`) into a template.
    pub fn template(resources: &str) -> String {
        format!("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n{resources}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudformation::parse;

    #[test]
    fn property_lookup_treats_intrinsics_as_unknown() {
        let doc = parse(
            "Parameters:\n  Enc: {Type: String, Default: 'true'}\n  Free: {Type: String}\n\
             Resources:\n  B:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      \
             StorageEncrypted: !Ref Enc\n      KmsKeyId: !Ref Free\n      \
             Nested: {A: !If [C, x, y]}\n      Tags: !Ref AWS::NoValue\n",
        );
        let r = doc.resources.first().expect("resource");
        assert!(
            matches!(property(r, &["StorageEncrypted"]), Attr::Known(n) if truthy(n) == Some(true))
        );
        assert!(matches!(property(r, &["KmsKeyId"]), Attr::Unknown));
        assert!(matches!(property(r, &["Nested", "A"]), Attr::Unknown));
        assert!(matches!(property(r, &["Nested", "B"]), Attr::Missing));
        assert!(matches!(property(r, &["Tags", "Key"]), Attr::Unknown));
        assert!(items(property(r, &["Tags"])).is_none());
        assert_eq!(logical_id(r), "B");
    }

    #[test]
    fn references() {
        let doc = parse(
            "Resources:\n  F:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      \
             ResourceId: !Ref Vpc\n      Arn: !GetAtt Role.Arn\n      \
             Name: !Sub '${Bucket.Arn}/x'\n",
        );
        let f = doc.resources.first().expect("resource");
        for id in ["Vpc", "Role", "Bucket"] {
            assert!(refers_to(&f.body, id), "{id}");
        }
        assert!(!refers_to(&f.body, "Other"));
    }
}
