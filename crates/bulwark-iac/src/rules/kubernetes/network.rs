//! Network exposure and segmentation: Services, Ingress TLS, namespaces, NetworkPolicy.

use super::{WORKLOADS, k8s_rule, pod_template, strings};
use crate::model::{Node, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::Severity;

const SERVICE: &str = "https://kubernetes.io/docs/concepts/services-networking/service/";
const NETWORK_POLICIES: &str =
    "https://kubernetes.io/docs/concepts/services-networking/network-policies/";

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &LOAD_BALANCER,
        &NODE_PORT,
        &INGRESS_TLS,
        &DEFAULT_NAMESPACE,
        &NETWORK_POLICY,
    ]
}

/// Annotations that make a cloud load balancer internal-only.
const INTERNAL_LB: &[(&str, &str)] = &[
    (
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        "true",
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-scheme",
        "internal",
    ),
    (
        "service.beta.kubernetes.io/azure-load-balancer-internal",
        "true",
    ),
    ("networking.gke.io/load-balancer-type", "Internal"),
    ("cloud.google.com/load-balancer-type", "Internal"),
];

k8s_rule! {
    /// ## What it finds
    /// A Service of `type: LoadBalancer` that is neither internal (cloud annotations) nor
    /// restricted by `loadBalancerSourceRanges` other than `0.0.0.0/0`.
    LOAD_BALANCER, kinds: &["Service"], check: check_load_balancer,
    id: "iac.kubernetes.service-load-balancer",
    title: "Service exposed through a public load balancer",
    severity: Severity::Low,
    cwe: &["CWE-668"],
    owasp: &["A05:2021"],
    controls: &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    description: "The cloud provider gives this Service an externally reachable load \
        balancer open to any source address. Every exposed service is attack surface an \
        auditor expects to see justified, fronted by a WAF/ingress with TLS and restricted to \
        known clients.",
    remediation: "Make the balancer internal, restrict its sources, or use `ClusterIP` behind \
        an Ingress:\n\n```yaml\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n  - \
        203.0.113.0/24\n```",
    references: &["https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer"],
}

fn check_load_balancer(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let Some(kind) = r.body.at(&["spec", "type"]) else {
        return Vec::new();
    };
    if kind.as_str() != Some("LoadBalancer") {
        return Vec::new();
    }
    let annotations = r.body.at(&["metadata", "annotations"]);
    let internal = INTERNAL_LB.iter().any(|(key, value)| {
        annotations
            .and_then(|a| a.get(key))
            .and_then(Node::as_str)
            .is_some_and(|v| v.eq_ignore_ascii_case(value))
    });
    let ranges = strings(r.body.at(&["spec", "loadBalancerSourceRanges"]));
    let restricted = !ranges.is_empty()
        && ranges
            .iter()
            .all(|(c, _)| *c != "0.0.0.0/0" && *c != "::/0");
    if internal || restricted {
        return Vec::new();
    }
    vec![Hit::new(
        kind.span,
        "Service `type: LoadBalancer` is reachable from any address",
    )]
}

k8s_rule! {
    /// ## What it finds
    /// A Service of `type: NodePort`.
    NODE_PORT, kinds: &["Service"], check: check_node_port,
    id: "iac.kubernetes.service-node-port",
    title: "Service exposed on every node's port",
    severity: Severity::Info,
    cwe: &["CWE-668"],
    owasp: &["A05:2021"],
    controls: &["pci-dss-4.0.1:1.3.1", "soc2:CC6.6"],
    description: "A NodePort Service opens the same port on every node's IP address, so \
        anything that can reach a node reaches the workload, outside the Ingress, its TLS and \
        its access controls. Whether that is exposed depends on node firewalls, which this \
        manifest cannot show.",
    remediation: "Use `ClusterIP` and publish through an Ingress or an internal load \
        balancer:\n\n```yaml\nspec:\n  type: ClusterIP\n```",
    references: &[SERVICE],
}

fn check_node_port(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    match r.body.at(&["spec", "type"]) {
        Some(kind) if kind.as_str() == Some("NodePort") => {
            vec![Hit::new(
                kind.span,
                "Service `type: NodePort` opens a port on every node",
            )]
        }
        _ => Vec::new(),
    }
}

k8s_rule! {
    /// ## What it finds
    /// An Ingress with no (or an empty) `spec.tls`.
    INGRESS_TLS, kinds: &["Ingress"], check: check_ingress_tls,
    id: "iac.kubernetes.ingress-without-tls",
    title: "Ingress without TLS",
    severity: Severity::Medium,
    cwe: &["CWE-319"],
    owasp: &["A02:2021"],
    controls: &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    description: "The Ingress declares no TLS certificate, so its hosts are served over plain \
        HTTP: credentials, session cookies and customer data cross the network readable and \
        modifiable by anyone on the path. PCI DSS requires strong cryptography for such data \
        over open, public networks.",
    remediation: "Terminate TLS on the Ingress with a certificate Secret (e.g. issued by \
        cert-manager) and redirect HTTP to HTTPS:\n\n```yaml\nspec:\n  tls:\n  - hosts: \
        [\"pay.example.com\"]\n    secretName: pay-example-com-tls\n```",
    references: &["https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"],
}

fn check_ingress_tls(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    match r.body.at(&["spec", "tls"]) {
        Some(tls) if tls.as_array().is_some_and(<[Node]>::is_empty) => {
            vec![Hit::new(tls.span, "Ingress `spec.tls` is empty")]
        }
        Some(_) => Vec::new(),
        None => vec![Hit::new(
            r.span,
            "Ingress has no `spec.tls`: served over plain HTTP",
        )],
    }
}

k8s_rule! {
    /// ## What it finds
    /// A workload with `metadata.namespace: default`. A workload without a namespace is not
    /// reported: its namespace is chosen at deploy time (`kubectl -n`, Kustomize, Helm).
    DEFAULT_NAMESPACE, kinds: WORKLOADS, check: check_default_namespace,
    id: "iac.kubernetes.default-namespace",
    title: "Workload in the default namespace",
    severity: Severity::Low,
    cwe: &["CWE-653"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.7.1", "cis-kubernetes-1.9:5.7.4", "soc2:CC6.1"],
    description: "The `default` namespace is where everything without a home lands; \
        workloads there share RBAC bindings, quotas and network policies with unrelated \
        objects, so the isolation boundaries an auditor expects between systems (for example \
        the cardholder-data environment and the rest) do not exist.",
    remediation: "Deploy each application into its own namespace with its own RBAC, quotas and \
        NetworkPolicies:\n\n```yaml\nmetadata:\n  name: api\n  namespace: payments\n```",
    references: &["https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"],
}

fn check_default_namespace(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    match r.body.at(&["metadata", "namespace"]) {
        Some(ns) if ns.as_str() == Some("default") => {
            vec![Hit::new(
                ns.span,
                "workload is deployed to the `default` namespace",
            )]
        }
        _ => Vec::new(),
    }
}

/// Whether `selector` (a LabelSelector) selects pods labelled `labels`; `None` if it cannot
/// tell (unresolved values), which callers treat as selected.
fn selects(selector: &Node, labels: Option<&Node>) -> Option<bool> {
    let label = |key: &str| labels.and_then(|l| l.get(key)).and_then(Node::as_str);
    let mut all = true;
    if let Some(match_labels) = selector.get("matchLabels") {
        let Value::Object(entries) = &match_labels.value else {
            return None;
        };
        for (key, _, value) in entries {
            all &= label(key) == Some(value.as_str()?);
        }
    }
    for expr in selector
        .get("matchExpressions")
        .and_then(Node::as_array)
        .unwrap_or_default()
    {
        let key = expr.get("key").and_then(Node::as_str)?;
        let values: Vec<&str> = strings(expr.get("values"))
            .iter()
            .map(|(v, _)| *v)
            .collect();
        let current = label(key);
        all &= match expr.get("operator").and_then(Node::as_str)? {
            "In" => current.is_some_and(|v| values.contains(&v)),
            "NotIn" => current.is_none_or(|v| !values.contains(&v)),
            "Exists" => current.is_some(),
            "DoesNotExist" => current.is_none(),
            _ => return None,
        };
    }
    Some(all)
}

/// The namespace a resource is written for (`None`: decided at deploy time).
fn namespace(r: &Resource) -> Option<&str> {
    r.body.at(&["metadata", "namespace"]).and_then(Node::as_str)
}

/// Whether a NetworkPolicy in the document selects the pods of `workload`.
fn isolated(ctx: &Context<'_>, workload: &Resource) -> bool {
    let labels = pod_template(workload).and_then(|t| t.metadata.and_then(|m| m.get("labels")));
    ctx.document.resources.iter().any(|policy| {
        policy.kind == "NetworkPolicy"
            && namespace(policy) == namespace(workload)
            && policy
                .body
                .at(&["spec", "podSelector"])
                .is_none_or(|selector| selects(selector, labels) != Some(false))
    })
}

k8s_rule! {
    /// ## What it finds
    /// Document-level: a namespace with workloads in this file but no NetworkPolicy in the
    /// same file selecting their pods. Reported once per namespace, on its first unselected
    /// workload, naming all of them.
    NETWORK_POLICY, kinds: WORKLOADS, check: check_network_policy,
    id: "iac.kubernetes.network-policy-missing",
    title: "Workloads not covered by a NetworkPolicy",
    severity: Severity::Medium,
    cwe: &["CWE-923"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.3.2", "pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.2.1", "soc2:CC6.6"],
    description: "Kubernetes allows all pod-to-pod traffic unless a NetworkPolicy selects a \
        pod. Without one, any compromised pod in the cluster can connect to these workloads \
        (and they to anything), so there is no network segmentation of the kind PCI DSS \
        requires around the cardholder-data environment. Policies kept in another file are \
        not seen: suppress with that reason if so.",
    remediation: "Ship a default-deny policy with the namespace's workloads, then allow the \
        flows they need:\n\n```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n\
        metadata:\n  name: default-deny\n  namespace: payments\nspec:\n  podSelector: {}\n  \
        policyTypes: [Ingress, Egress]\n```",
    references: &[NETWORK_POLICIES],
}

fn check_network_policy(ctx: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let ns = namespace(r);
    if pod_template(r).is_none() || isolated(ctx, r) {
        return Vec::new();
    }
    let mut workloads = ctx.document.resources.iter().filter(|w| {
        WORKLOADS.contains(&w.kind.as_str()) && namespace(w) == ns && pod_template(w).is_some()
    });
    // Only the namespace's first uncovered workload reports (stop at the first one before it).
    for w in workloads.by_ref() {
        if std::ptr::eq(w, r) {
            break;
        }
        if !isolated(ctx, w) {
            return Vec::new();
        }
    }
    let mut names = vec![format!("`{}`", r.address)];
    names.extend(
        workloads
            .filter(|w| !isolated(ctx, w))
            .map(|w| format!("`{}`", w.address)),
    );
    vec![Hit::new(
        r.span,
        format!(
            "no NetworkPolicy in this file selects {} in namespace `{}`",
            names.join(", "),
            ns.unwrap_or("(chosen at deploy time)")
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kubernetes::testing::count_and_line;

    #[test]
    fn services() {
        let lb = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: LoadBalancer\n  ports: [{port: 443}]\n";
        assert_eq!(count_and_line(&LOAD_BALANCER, lb), (1, 5));
        assert_eq!(count_and_line(&NODE_PORT, lb), (0, 0));
        let internal = lb.replace(
            "metadata: {name: s}",
            "metadata:\n  name: s\n  annotations: {networking.gke.io/load-balancer-type: Internal}",
        );
        assert_eq!(count_and_line(&LOAD_BALANCER, &internal), (0, 0));
        let ranged = format!("{lb}  loadBalancerSourceRanges: [10.0.0.0/8]\n");
        assert_eq!(count_and_line(&LOAD_BALANCER, &ranged), (0, 0));
        let node_port = lb.replace("LoadBalancer", "NodePort");
        assert_eq!(count_and_line(&NODE_PORT, &node_port), (1, 5));
        assert_eq!(count_and_line(&LOAD_BALANCER, &node_port), (0, 0));
    }

    #[test]
    fn ingress() {
        let bare = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules: [{host: a.example.com}]\n";
        assert_eq!(count_and_line(&INGRESS_TLS, bare), (1, 1));
        let tls = format!("{bare}  tls: [{{hosts: [a.example.com], secretName: a-tls}}]\n");
        assert_eq!(count_and_line(&INGRESS_TLS, &tls), (0, 0));
    }

    #[test]
    fn default_namespace() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec: {containers: []}\n";
        assert_eq!(count_and_line(&DEFAULT_NAMESPACE, text), (1, 5));
        let other = text.replace("namespace: default", "namespace: shop");
        assert_eq!(count_and_line(&DEFAULT_NAMESPACE, &other), (0, 0));
        let unset = text.replace("  namespace: default\n", "");
        assert_eq!(count_and_line(&DEFAULT_NAMESPACE, &unset), (0, 0));
    }

    const TWO: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api, tier: web}}
    spec: {containers: [{name: api, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  template:
    metadata: {labels: {app: worker}}
    spec: {containers: [{name: w, image: x}]}
";

    #[test]
    fn network_policy() {
        // Once for the namespace, on the first workload.
        assert_eq!(count_and_line(&NETWORK_POLICY, TWO), (1, 1));
        let hits = crate::rules::testing::hits(&NETWORK_POLICY, "k8s/app.yaml", TWO);
        assert!(
            hits[0]
                .message
                .contains("`Deployment/shop/api`, `Deployment/shop/worker`"),
            "{}",
            hits[0].message
        );
        let deny_all = format!(
            "{TWO}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: deny, namespace: shop}}\nspec: {{podSelector: {{}}}}\n"
        );
        assert_eq!(count_and_line(&NETWORK_POLICY, &deny_all), (0, 0));
        // A policy for `api` only leaves `worker` (line 9) uncovered.
        let api_only = format!(
            "{TWO}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: api, namespace: shop}}\nspec:\n  podSelector:\n    matchLabels: {{app: api}}\n    matchExpressions: [{{key: tier, operator: In, values: [web]}}]\n"
        );
        assert_eq!(count_and_line(&NETWORK_POLICY, &api_only), (1, 9));
        // A policy in another namespace does not count.
        let elsewhere =
            deny_all.replace("name: deny, namespace: shop", "name: deny, namespace: ops");
        assert_eq!(count_and_line(&NETWORK_POLICY, &elsewhere), (1, 1));
    }
}
