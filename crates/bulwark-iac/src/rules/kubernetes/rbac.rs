//! RBAC: Role/ClusterRole rules and role bindings.

use super::{k8s_rule, strings};
use crate::model::{Node, Resource, Span};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::Severity;

const RBAC: &str = "https://kubernetes.io/docs/reference/access-authn-authz/rbac/";
const GOOD_PRACTICES: &str = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/";
const ROLES: &[&str] = &["Role", "ClusterRole"];
const BINDINGS: &[&str] = &["RoleBinding", "ClusterRoleBinding"];

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &WILDCARD,
        &CLUSTER_ADMIN,
        &SECRETS_ACCESS,
        &POD_EXEC,
        &ESCALATION_VERBS,
        &ANONYMOUS_BINDING,
    ]
}

/// One entry of a role's `rules`.
struct PolicyRule<'a> {
    api_groups: Vec<(&'a str, Span)>,
    resources: Vec<(&'a str, Span)>,
    verbs: Vec<(&'a str, Span)>,
    resource_names: bool,
}

fn policy_rules(r: &Resource) -> Vec<PolicyRule<'_>> {
    r.body
        .get("rules")
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .map(|rule| PolicyRule {
            api_groups: strings(rule.get("apiGroups")),
            resources: strings(rule.get("resources")),
            verbs: strings(rule.get("verbs")),
            resource_names: !strings(rule.get("resourceNames")).is_empty(),
        })
        .collect()
}

impl PolicyRule<'_> {
    fn has_verb(&self, verbs: &[&str]) -> bool {
        self.verbs
            .iter()
            .any(|(v, _)| *v == "*" || verbs.contains(v))
    }

    fn has_group(&self, group: &str) -> bool {
        self.api_groups
            .iter()
            .any(|(g, _)| *g == "*" || *g == group)
    }

    /// The span of `resource` (exact, not via `*`) in this rule.
    fn resource(&self, resource: &str) -> Option<Span> {
        self.resources
            .iter()
            .find(|(r, _)| *r == resource)
            .map(|(_, s)| *s)
    }
}

fn role_name(r: &Resource) -> String {
    format!(
        "{} `{}`",
        r.kind,
        r.address.rsplit('/').next().unwrap_or("")
    )
}

k8s_rule! {
    /// ## What it finds
    /// A Role/ClusterRole rule with `*` in `verbs`, `resources` or `apiGroups` (one hit per
    /// rule entry, at the first wildcard).
    WILDCARD, kinds: ROLES, check: check_wildcard,
    id: "iac.kubernetes.rbac-wildcard",
    title: "RBAC role grants wildcard permissions",
    severity: Severity::High,
    cwe: &["CWE-269"],
    owasp: &["A01:2021"],
    controls: &["cis-kubernetes-1.9:5.1.3", "pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:7.2.2", "soc2:CC6.3"],
    description: "A wildcard grants every verb, resource or API group, including ones added \
        later by upgrades and CRDs, so the role's real power cannot be reviewed and usually \
        includes reading Secrets, exec into pods or editing RBAC itself. Least privilege, as an \
        auditor checks it, needs explicit lists.",
    remediation: "List exactly what the subject needs:\n\n```yaml\nrules:\n- apiGroups: \
        [\"apps\"]\n  resources: [\"deployments\"]\n  verbs: [\"get\", \"list\", \"watch\"]\n```",
    references: &[GOOD_PRACTICES, RBAC],
}

fn check_wildcard(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    policy_rules(r)
        .iter()
        .filter_map(|rule| {
            let fields = [
                ("verbs", &rule.verbs),
                ("resources", &rule.resources),
                ("apiGroups", &rule.api_groups),
            ];
            let wild: Vec<_> = fields
                .iter()
                .filter_map(|(name, items)| {
                    items
                        .iter()
                        .find(|(v, _)| *v == "*")
                        .map(|(_, s)| (*name, *s))
                })
                .collect();
            let (_, span) = *wild.first()?;
            let names: Vec<_> = wild.iter().map(|(n, _)| format!("`{n}`")).collect();
            Some(Hit::new(
                span,
                format!("{} grants `*` in {}", role_name(r), names.join(", ")),
            ))
        })
        .collect()
}

k8s_rule! {
    /// ## What it finds
    /// A ClusterRoleBinding or RoleBinding whose `roleRef` is the ClusterRole `cluster-admin`.
    CLUSTER_ADMIN, kinds: BINDINGS, check: check_cluster_admin,
    id: "iac.kubernetes.cluster-admin-binding",
    title: "Binding to cluster-admin",
    severity: Severity::High,
    cwe: &["CWE-269"],
    owasp: &["A01:2021"],
    controls: &["cis-kubernetes-1.9:5.1.1", "pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:7.2.2", "soc2:CC6.3"],
    description: "`cluster-admin` is superuser: every action on every resource (in the \
        namespace, for a RoleBinding). A subject bound to it, often a CI or operator service \
        account, becomes the single credential whose theft compromises the whole cluster and \
        every workload and secret in it.",
    remediation: "Bind a dedicated role that lists only the permissions needed, e.g. \
        `admin`/`edit` in one namespace or a custom Role:\n\n```yaml\nroleRef:\n  apiGroup: \
        rbac.authorization.k8s.io\n  kind: Role\n  name: deployer\n```",
    references: &[
        "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles",
        GOOD_PRACTICES,
    ],
}

fn check_cluster_admin(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let Some(role_ref) = r.body.get("roleRef") else {
        return Vec::new();
    };
    let kind = role_ref.get("kind").and_then(Node::as_str);
    match role_ref.get("name") {
        Some(name) if kind == Some("ClusterRole") && name.as_str() == Some("cluster-admin") => {
            vec![Hit::new(
                name.span,
                format!("{} grants `cluster-admin`", role_name(r)),
            )]
        }
        _ => Vec::new(),
    }
}

k8s_rule! {
    /// ## What it finds
    /// A Role/ClusterRole rule granting `get`, `list`, `watch` (or `*`) on `secrets` in the
    /// core API group. A rule limited by `resourceNames` to `get` is accepted.
    SECRETS_ACCESS, kinds: ROLES, check: check_secrets,
    id: "iac.kubernetes.rbac-secrets-access",
    title: "RBAC role can read Secrets",
    severity: Severity::Medium,
    cwe: &["CWE-269"],
    owasp: &["A01:2021"],
    controls: &["cis-kubernetes-1.9:5.1.2", "pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:7.2.2", "soc2:CC6.3"],
    description: "Reading Secrets gives the subject every credential stored in them: database \
        passwords, API keys, TLS private keys and service account tokens, which in turn carry \
        other identities' permissions. `list`/`watch` return the values of all Secrets at once.",
    remediation: "Remove Secret access, or restrict it to the named Secrets the workload \
        reads:\n\n```yaml\n- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  resourceNames: \
        [\"payments-db\"]\n  verbs: [\"get\"]\n```",
    references: &[GOOD_PRACTICES, "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"],
}

fn check_secrets(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    policy_rules(r)
        .iter()
        .filter_map(|rule| {
            let span = rule.resource("secrets")?;
            let named_get_only = rule.resource_names && !rule.has_verb(&["list", "watch"]);
            (rule.has_group("") && rule.has_verb(&["get", "list", "watch"]) && !named_get_only)
                .then(|| Hit::new(span, format!("{} can read Secrets", role_name(r))))
        })
        .collect()
}

k8s_rule! {
    /// ## What it finds
    /// A Role/ClusterRole rule granting `create` or `get` (or `*`) on `pods/exec` or
    /// `pods/attach`.
    POD_EXEC, kinds: ROLES, check: check_pod_exec,
    id: "iac.kubernetes.rbac-pod-exec",
    title: "RBAC role can exec into pods",
    severity: Severity::High,
    cwe: &["CWE-269"],
    owasp: &["A01:2021"],
    controls: &["pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:7.2.2", "soc2:CC6.3"],
    description: "`pods/exec` (and `pods/attach`) runs commands inside running containers: the \
        subject can read the application's memory-resident data, mounted Secrets and service \
        account tokens, and act as the workload, outside the normal deployment and change \
        process. `get` is included because exec over WebSockets was authorised with it.",
    remediation: "Remove the permission from roles bound to automation; grant it to humans \
        only through a just-in-time, audited break-glass role:\n\n```yaml\n# remove:\n- \
        apiGroups: [\"\"]\n  resources: [\"pods/exec\"]\n  verbs: [\"create\"]\n```",
    references: &[GOOD_PRACTICES],
}

fn check_pod_exec(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let mut hits = Vec::new();
    for rule in policy_rules(r) {
        if !(rule.has_group("") && rule.has_verb(&["create", "get"])) {
            continue;
        }
        for sub in ["pods/exec", "pods/attach"] {
            if let Some(span) = rule.resource(sub) {
                hits.push(Hit::new(span, format!("{} grants `{sub}`", role_name(r))));
            }
        }
    }
    hits
}

k8s_rule! {
    /// ## What it finds
    /// A Role/ClusterRole rule granting the `escalate`, `bind` or `impersonate` verbs.
    ESCALATION_VERBS, kinds: ROLES, check: check_escalation_verbs,
    id: "iac.kubernetes.rbac-escalation-verbs",
    title: "RBAC role can escalate privileges",
    severity: Severity::High,
    cwe: &["CWE-269"],
    owasp: &["A01:2021"],
    controls: &["pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:7.2.2", "soc2:CC6.3"],
    description: "`escalate` lets the subject create roles with permissions it does not \
        hold, `bind` lets it bind any role (including `cluster-admin`) to itself, and \
        `impersonate` lets it act as any user, group or service account. Each is a direct \
        path to full control of the cluster.",
    remediation: "Remove the verb; RBAC administration belongs to the cluster's platform \
        pipeline, not to workloads:\n\n```yaml\nverbs: [\"get\", \"list\"]\n```",
    references: &["https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb", RBAC],
}

fn check_escalation_verbs(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    policy_rules(r)
        .iter()
        .flat_map(|rule| rule.verbs.clone())
        .filter(|(v, _)| matches!(*v, "escalate" | "bind" | "impersonate"))
        .map(|(v, span)| Hit::new(span, format!("{} grants `{v}`", role_name(r))))
        .collect()
}

k8s_rule! {
    /// ## What it finds
    /// A RoleBinding/ClusterRoleBinding whose subjects include `system:anonymous`,
    /// `system:unauthenticated` or `system:authenticated`.
    ANONYMOUS_BINDING, kinds: BINDINGS, check: check_anonymous,
    id: "iac.kubernetes.rbac-anonymous-binding",
    title: "Binding grants access to anonymous or all users",
    severity: Severity::Critical,
    cwe: &["CWE-306"],
    owasp: &["A01:2021"],
    controls: &["pci-dss-4.0.1:7.2.1", "soc2:CC6.1", "soc2:CC6.3"],
    description: "The binding grants its role to unauthenticated requests or to every \
        authenticated identity in the cluster (including every service account of every \
        workload), so anyone who can reach the API server gets the role's permissions.",
    remediation: "Bind the role to named users, groups or service accounts only:\n\n```yaml\n\
        subjects:\n- kind: ServiceAccount\n  name: payments-api\n  namespace: payments\n```",
    references: &[RBAC],
}

fn check_anonymous(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    r.body
        .get("subjects")
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| {
            let name = s.get("name")?;
            let text = name.as_str()?;
            matches!(
                text,
                "system:anonymous" | "system:unauthenticated" | "system:authenticated"
            )
            .then(|| {
                Hit::new(
                    name.span,
                    format!("{} grants its role to `{text}`", role_name(r)),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kubernetes::testing::count_and_line;

    const ROLE: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ops}
rules:
- apiGroups: ['']
  resources: [secrets, pods/exec, configmaps]
  verbs: [get, create]
- apiGroups: ['*']
  resources: ['*']
  verbs: ['*']
- apiGroups: [rbac.authorization.k8s.io]
  resources: [clusterroles]
  verbs: [bind, escalate]
";

    const NARROW: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: app}
rules:
- apiGroups: ['']
  resources: [secrets]
  resourceNames: [app-db]
  verbs: [get]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list]
";

    #[test]
    fn roles() {
        assert_eq!(count_and_line(&WILDCARD, ROLE), (1, 10));
        assert_eq!(count_and_line(&SECRETS_ACCESS, ROLE), (1, 6));
        assert_eq!(count_and_line(&POD_EXEC, ROLE), (1, 6));
        assert_eq!(count_and_line(&ESCALATION_VERBS, ROLE), (2, 13));
        for rule in [&WILDCARD, &SECRETS_ACCESS, &POD_EXEC, &ESCALATION_VERBS] {
            assert_eq!(count_and_line(rule, NARROW), (0, 0), "{}", rule.rule.id);
        }
    }

    #[test]
    fn bindings() {
        let bad = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: ServiceAccount, name: ci, namespace: build}
- {kind: Group, name: 'system:unauthenticated'}
";
        assert_eq!(count_and_line(&CLUSTER_ADMIN, bad), (1, 4));
        assert_eq!(count_and_line(&ANONYMOUS_BINDING, bad), (1, 7));
        let good = bad
            .replace("name: cluster-admin", "name: view")
            .replace("'system:unauthenticated'", "auditors");
        assert_eq!(count_and_line(&CLUSTER_ADMIN, &good), (0, 0));
        assert_eq!(count_and_line(&ANONYMOUS_BINDING, &good), (0, 0));
    }
}
