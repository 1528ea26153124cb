//! Kubernetes rules: Pod Security Standards (baseline and restricted) on every workload kind,
//! resources and probes, images, credentials, RBAC and network exposure.
//!
//! Workload rules read the pod template wherever the kind keeps it (a `Pod`'s own `spec`,
//! `spec.template` for Deployment/StatefulSet/DaemonSet/Job/ReplicaSet/ReplicationController,
//! `spec.jobTemplate.spec.template` for CronJob) and look at `containers`, `initContainers` and
//! `ephemeralContainers`. A value the front end could not resolve is never a finding.

use crate::model::{Node, Resource, Span, Value};
use crate::rules::{Hit, IacRule};

pub mod credentials;
pub mod images;
pub mod network;
pub mod pod_security;
pub mod rbac;
pub mod resources;

/// Defines an [`IacRule`] static for Kubernetes with its [`bulwark_core::Rule`] documentation.
macro_rules! k8s_rule {
    ($(#[$meta:meta])* $name:ident, kinds: $kinds:expr, check: $check:path, $($field:ident: $value:expr),* $(,)?) => {
        $(#[$meta])*
        pub static $name: $crate::rules::IacRule = $crate::rules::IacRule {
            rule: &bulwark_core::Rule {
                scanner: bulwark_core::Scanner::Iac,
                $($field: $value),*
            },
            format: $crate::model::Format::Kubernetes,
            kinds: $kinds,
            check: $check,
        };
    };
}
pub(crate) use k8s_rule;

/// Every Kubernetes rule.
pub fn rules() -> Vec<&'static IacRule> {
    let mut all = Vec::new();
    all.extend(pod_security::rules());
    all.extend(resources::rules());
    all.extend(images::rules());
    all.extend(credentials::rules());
    all.extend(rbac::rules());
    all.extend(network::rules());
    all
}

/// Kinds that carry a pod template.
pub const WORKLOADS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "ReplicaSet",
    "ReplicationController",
];

/// Workloads whose pods run until stopped (probes matter), i.e. not Job/CronJob.
pub const LONG_RUNNING: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
];

/// A workload's pod template: its `metadata` (labels, annotations) and `spec`.
pub struct PodTemplate<'a> {
    pub metadata: Option<&'a Node>,
    pub spec: &'a Node,
}

/// The pod template of a workload resource, if it has one.
pub fn pod_template(resource: &Resource) -> Option<PodTemplate<'_>> {
    let template = match resource.kind.as_str() {
        "Pod" => &resource.body,
        "CronJob" => resource
            .body
            .at(&["spec", "jobTemplate", "spec", "template"])?,
        kind if WORKLOADS.contains(&kind) => resource.body.at(&["spec", "template"])?,
        _ => return None,
    };
    Some(PodTemplate {
        metadata: template.get("metadata"),
        spec: template.get("spec")?,
    })
}

/// Which container lists to visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Groups {
    /// `containers`, `initContainers`, `ephemeralContainers`.
    All,
    /// `containers`, `initContainers` (ephemeral containers take no resources or ports).
    Regular,
    /// `containers` only.
    Main,
}

/// One container of a pod spec.
pub struct Container<'a> {
    pub node: &'a Node,
    pub name: &'a str,
    /// `containers`, `initContainers` or `ephemeralContainers`.
    pub list: &'static str,
}

/// The containers of `spec` in `groups`, in source order per list.
pub fn containers(spec: &Node, groups: Groups) -> Vec<Container<'_>> {
    let lists: &[&'static str] = match groups {
        Groups::All => &["containers", "initContainers", "ephemeralContainers"],
        Groups::Regular => &["containers", "initContainers"],
        Groups::Main => &["containers"],
    };
    lists
        .iter()
        .flat_map(|list| {
            spec.get(list)
                .and_then(Node::as_array)
                .unwrap_or_default()
                .iter()
                .filter(|c| matches!(c.value, Value::Object(_)))
                .map(|node| Container {
                    node,
                    name: node
                        .get("name")
                        .and_then(Node::as_str)
                        .unwrap_or("(unnamed)"),
                    list,
                })
        })
        .collect()
}

/// `securityContext.<path>` of the container, else of the pod (container settings win).
pub fn effective<'a>(spec: &'a Node, container: &Container<'a>, path: &[&str]) -> Option<&'a Node> {
    let lookup = |node: &'a Node| {
        node.get("securityContext")
            .and_then(|sc| sc.at(path))
            .filter(|v| v.value != Value::Null)
    };
    lookup(container.node).or_else(|| lookup(spec))
}

/// Who sets `securityContext.<path>` for `container`: the container itself or the pod.
pub fn origin(container: &Container<'_>, path: &[&str]) -> String {
    let own = container
        .node
        .get("securityContext")
        .and_then(|sc| sc.at(path))
        .is_some();
    if own {
        format!("container `{}`", container.name)
    } else {
        format!("the pod `securityContext` (container `{}`)", container.name)
    }
}

/// Whether the workload's pods declare `spec.os.name: windows` (Linux-only settings do not apply).
pub fn is_windows(resource: &Resource) -> bool {
    pod_template(resource)
        .and_then(|t| t.spec.at(&["os", "name"]))
        .and_then(Node::as_str)
        == Some("windows")
}

/// A literal `true`.
pub fn is_true(node: &Node) -> bool {
    node.as_bool() == Some(true)
}

/// A literal `false`.
pub fn is_false(node: &Node) -> bool {
    node.as_bool() == Some(false)
}

/// A literal number.
pub fn as_number(node: &Node) -> Option<f64> {
    match node.value {
        Value::Number(n) => Some(n),
        _ => None,
    }
}

/// The strings of an array node (non-string items skipped).
pub fn strings(node: Option<&Node>) -> Vec<(&str, Span)> {
    node.and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n.as_str().map(|s| (s, n.span)))
        .collect()
}

/// What a per-container check decided.
pub enum Verdict {
    Ok,
    /// A value at fault.
    Bad(Span, String),
    /// A required setting is absent.
    Missing,
}

/// Runs `judge` on every container of the workload; faulty values become one hit each (a
/// pod-level value shared by several containers is reported once) and containers missing the
/// setting become one hit at the resource, `missing` naming what is absent.
pub fn per_container<'a>(
    resource: &'a Resource,
    groups: Groups,
    missing: &str,
    judge: impl Fn(&'a Node, &Container<'a>) -> Verdict,
) -> Vec<Hit> {
    let Some(template) = pod_template(resource) else {
        return Vec::new();
    };
    let mut hits: Vec<Hit> = Vec::new();
    let mut absent = Vec::new();
    for container in containers(template.spec, groups) {
        match judge(template.spec, &container) {
            Verdict::Ok => {}
            Verdict::Bad(span, message) => {
                if !hits.iter().any(|h| h.span == span) {
                    hits.push(Hit { span, message });
                }
            }
            Verdict::Missing => absent.push(format!("`{}`", container.name)),
        }
    }
    if !absent.is_empty() {
        let plural = if absent.len() == 1 { "" } else { "s" };
        hits.push(Hit {
            span: resource.span,
            message: format!("{missing} (container{plural} {})", absent.join(", ")),
        });
    }
    hits
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::rules::IacRule;

    /// Number of hits of `rule` on the manifest `text` and the line of the first (0 if none).
    pub fn count_and_line(rule: &IacRule, text: &str) -> (usize, u32) {
        let hits = crate::rules::testing::hits(rule, "k8s/app.yaml", text);
        (hits.len(), hits.first().map_or(0, |h| h.span.start.line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pod_template_for_every_workload_kind() {
        for (kind, body) in [
            ("Pod", "spec:\n  containers: [{name: a, image: x}]\n"),
            (
                "Deployment",
                "spec:\n  template:\n    spec:\n      containers: [{name: a}]\n",
            ),
            (
                "CronJob",
                "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a}]\n",
            ),
            (
                "ReplicationController",
                "spec:\n  template:\n    spec:\n      initContainers: [{name: a}]\n",
            ),
        ] {
            let text = format!("apiVersion: v1\nkind: {kind}\nmetadata: {{name: w}}\n{body}");
            let doc = crate::kubernetes::parse(&text);
            let template = pod_template(&doc.resources[0]).expect(kind);
            let names: Vec<_> = containers(template.spec, Groups::All)
                .iter()
                .map(|c| c.name)
                .collect();
            assert_eq!(names, ["a"], "{kind}");
        }
    }
}
