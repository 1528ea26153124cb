//! Terraform rules for AWS resources (`iac.aws.*`), weighted to what a bank's auditor asks
//! about: encryption at rest, public exposure, backups, audit logging, least privilege and tags.
//!
//! Checks only judge literal values: an attribute whose value is an unresolved expression
//! ([`Value::Expression`]) is never a finding. A `null` value counts as not set.

mod apigateway;
mod cache;
pub(crate) mod compute;
mod containers;
mod data;
mod edge;
mod iam;
mod loadbalancer;
mod logging;
mod monitoring;
pub(crate) mod network;
mod s3;
mod sagemaker;
mod secrets;
mod services;
mod storage;
mod streaming;
mod tags;
mod vpc;

use super::{Context, Hit, IacRule};
use crate::model::{Node, Resource, Span, Value};
use bulwark_core::{Rule, Scanner, Severity};

/// Every Terraform AWS rule.
pub fn rules() -> Vec<&'static IacRule> {
    let mut all = Vec::new();
    all.extend(s3::rules());
    all.extend(data::rules());
    all.extend(network::rules());
    all.extend(compute::rules());
    all.extend(logging::rules());
    all.extend(iam::rules());
    all.extend(services::rules());
    all.extend(edge::rules());
    all.extend(apigateway::rules());
    all.extend(loadbalancer::rules());
    all.extend(vpc::rules());
    all.extend(cache::rules());
    all.extend(streaming::rules());
    all.extend(storage::rules());
    all.extend(secrets::rules());
    all.extend(containers::rules());
    all.extend(sagemaker::rules());
    all.extend(monitoring::rules());
    all.extend(tags::rules());
    all
}

/// A rule's documentation with the fields every Terraform rule (AWS and Azure) shares filled in.
#[allow(clippy::too_many_arguments)]
pub(crate) const fn doc(
    id: &'static str,
    title: &'static str,
    severity: Severity,
    cwe: &'static [&'static str],
    owasp: &'static [&'static str],
    controls: &'static [&'static str],
    description: &'static str,
    remediation: &'static str,
    references: &'static [&'static str],
) -> Rule {
    Rule {
        id,
        title,
        scanner: Scanner::Iac,
        severity,
        cwe,
        owasp,
        controls,
        description,
        remediation,
        references,
    }
}

/// What a configuration says about one attribute.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Attr<'a> {
    /// Not written (or `null`): the provider default applies.
    Missing,
    /// A value no front end could resolve: never a finding.
    Unknown,
    Known(&'a Node),
}

/// Looks `path` up under `node`, descending into the first element of nested blocks
/// (`metadata_options { … }` is an array of one object in both `.tf` and plan JSON).
pub(crate) fn lookup<'a>(node: &'a Node, path: &[&str]) -> Attr<'a> {
    let mut current = node;
    for key in path {
        let object = match &current.value {
            Value::Array(items) => match items.first() {
                Some(first) => first,
                None => return Attr::Missing,
            },
            Value::Expression(_) => return Attr::Unknown,
            _ => current,
        };
        match &object.value {
            Value::Object(_) => match object.get(key) {
                Some(child) => current = child,
                None => return Attr::Missing,
            },
            Value::Expression(_) => return Attr::Unknown,
            _ => return Attr::Missing,
        }
    }
    match &current.value {
        Value::Null => Attr::Missing,
        Value::Expression(_) => Attr::Unknown,
        _ => Attr::Known(current),
    }
}

/// The nested blocks called `name` (`ingress { … }` repeated); a single object counts as one.
pub(crate) fn blocks<'a>(node: &'a Node, name: &str) -> Vec<&'a Node> {
    match node.get(name).map(|n| &n.value) {
        Some(Value::Array(items)) => items
            .iter()
            .filter(|n| matches!(n.value, Value::Object(_)))
            .collect(),
        Some(Value::Object(_)) => node.get(name).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A boolean, also written as a string (`"true"`), as some provider attributes are.
pub(crate) fn truthy(node: &Node) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

pub(crate) fn number(node: &Node) -> Option<f64> {
    match &node.value {
        Value::Number(n) => Some(*n),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Keys a provider block sets for every resource (`default_tags`, `default_labels`), as `read`
/// finds them in every file of the module (the provider often lives in `providers.tf`); `None`
/// when one of them cannot be read.
pub(crate) fn provider_defaults(
    context: &Context<'_>,
    read: fn(&Node) -> Option<Vec<String>>,
) -> Option<Vec<String>> {
    context.roots().try_fold(Vec::new(), |mut keys, root| {
        keys.extend(read(root)?);
        Some(keys)
    })
}

/// The one hit of a check that fires at most once per resource.
pub(crate) fn hit(span: Span, message: impl Into<String>) -> Vec<Hit> {
    vec![Hit::new(span, message)]
}

/// The usual "must be `true`" check: a hit at a literal `false`, or at the resource when the
/// attribute is missing and its default is off.
pub(crate) fn require_true(resource: &Resource, path: &[&str], what: &str) -> Vec<Hit> {
    let shown = path.join(".");
    match lookup(&resource.body, path) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: `{shown}` is not set, so {what} is off",
                resource.address
            ),
        ),
        Attr::Known(node) if truthy(node) == Some(false) => hit(
            node.span,
            format!("{}: `{shown} = false` turns {what} off", resource.address),
        ),
        _ => Vec::new(),
    }
}

/// The resource's address without an instance key: `aws_s3_bucket.b["x"]` → `aws_s3_bucket.b`.
pub(crate) fn base_address(resource: &Resource) -> &str {
    resource
        .address
        .split('[')
        .next()
        .unwrap_or(&resource.address)
}

/// Resources of one of `kinds` in the same module (or file) whose expressions refer to `resource`.
pub(crate) fn attached<'a>(
    context: &Context<'a>,
    resource: &Resource,
    kinds: &[&str],
) -> Vec<&'a Resource> {
    let address = base_address(resource);
    context
        .resources()
        .filter(|r| kinds.contains(&r.kind.as_str()))
        .filter(|r| crate::terraform::references(r).iter().any(|a| a == address))
        .collect()
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::rules::IacRule;
    use crate::rules::testing::hits;

    /// (number of hits, line of the first) of `rule` on a `.tf` fixture.
    pub fn run(rule: &IacRule, text: &str) -> (usize, Option<u32>) {
        let found = hits(rule, "main.tf", text);
        (found.len(), found.first().map(|h| h.span.start.line))
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::hits;

    #[test]
    fn plan_entries_read_planned_values() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_db_instance.db",
          "type": "aws_db_instance",
          "values": {
            "publicly_accessible": true,
            "storage_encrypted": false
          }
        }
      ]
    }
  }
}
"#;
        let found = hits(&super::data::RDS_PUBLIC_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 10);
        let found = hits(&super::data::RDS_STORAGE_ENCRYPTED_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 11);
        let tf = hits(&super::data::RDS_PUBLIC, "plan.json", plan);
        assert!(tf.is_empty());
    }

    /// Plans show absent blocks as `[]`, defaults as literal values and JSON attributes as
    /// strings; the plan twins must read all three.
    #[test]
    fn plan_twins_read_plan_shapes() {
        let plan = r#"{
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_apigatewayv2_stage.s",
          "type": "aws_apigatewayv2_stage",
          "values": {"access_log_settings": [], "name": "prod"}
        },
        {
          "address": "aws_ecs_task_definition.t",
          "type": "aws_ecs_task_definition",
          "values": {
            "container_definitions": "[{\"name\":\"app\",\"privileged\":true}]"
          }
        },
        {
          "address": "aws_lb.l",
          "type": "aws_lb",
          "values": {
            "load_balancer_type": "application",
            "access_logs": [],
            "drop_invalid_header_fields": false
          }
        },
        {
          "address": "aws_opensearch_domain.d",
          "type": "aws_opensearch_domain",
          "values": {"vpc_options": [], "log_publishing_options": []}
        }
      ]
    }
  }
}
"#;
        let lines = |rule| -> Vec<u32> {
            hits(rule, "plan.json", plan)
                .iter()
                .map(|h| h.span.start.line)
                .collect()
        };
        assert_eq!(
            lines(&super::apigateway::APIGATEWAY_ACCESS_LOGGING_PLAN),
            [5]
        );
        assert_eq!(lines(&super::containers::ECS_PRIVILEGED_PLAN), [14]);
        assert_eq!(lines(&super::loadbalancer::LB_ACCESS_LOGS_PLAN), [17]);
        assert_eq!(
            lines(&super::loadbalancer::LB_DROP_INVALID_HEADERS_PLAN),
            [23]
        );
        assert_eq!(lines(&super::services::SEARCH_PUBLIC_PLAN), [26]);
        assert_eq!(lines(&super::logging::SEARCH_AUDIT_LOGS_PLAN), [26]);
    }
}
