//! Credentials in manifests: secrets as literal env values, auto-mounted service account tokens.

use super::{Groups, WORKLOADS, is_false, k8s_rule, pod_template};
use crate::model::{Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::Severity;

pub fn rules() -> Vec<&'static IacRule> {
    vec![&SECRET_IN_ENV, &AUTOMOUNT_TOKEN]
}

/// Name parts that say an environment variable holds a credential.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CLIENT_SECRET",
    "CREDENTIAL",
];

/// Suffixes of names that describe a credential without holding it.
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "_FILE",
    "_PATH",
    "_NAME",
    "_DIR",
    "_REF",
    "_TTL",
    "_EXPIRY",
    "_EXPIRATION",
    "_TIMEOUT",
    "_LENGTH",
    "_ENABLED",
    "_HEADER",
    "_ID",
    "_URL_PARAM",
];

pub(crate) fn names_a_secret(name: &str) -> bool {
    let upper: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    SECRET_WORDS.iter().any(|w| upper.contains(w))
        && !NOT_SECRET_SUFFIXES.iter().any(|s| upper.ends_with(s))
}

/// A value that is clearly not a credential: empty, a `$(VAR)` reference, a boolean.
fn placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || (v.starts_with("$(") && v.ends_with(')'))
        || matches!(v.to_ascii_lowercase().as_str(), "true" | "false")
}

k8s_rule! {
    /// ## What it finds
    /// A container `env` entry whose name looks like a credential (`*PASSWORD*`, `*SECRET*`,
    /// `*TOKEN*`, `*API_KEY*`, …) with a literal `value` instead of `valueFrom.secretKeyRef`.
    SECRET_IN_ENV, kinds: WORKLOADS, check: check_secret_in_env,
    id: "iac.kubernetes.secret-in-env-literal",
    title: "Credential as a literal environment variable",
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-260"],
    owasp: &["A07:2021"],
    controls: &["pci-dss-4.0.1:8.6.2", "cis-kubernetes-1.9:5.4.1", "soc2:CC6.1"],
    description: "A password, token or key is written in the manifest itself. Everyone with \
        read access to the repository, its history, CI logs or the cluster's workload objects \
        (`kubectl get deploy -o yaml`, which is far more widely granted than Secret access) \
        can read it, and rotating it means a code change.",
    remediation: "Store the value in a Secret (ideally synced from a vault) and reference it, \
        then rotate the exposed credential:\n\n```yaml\nenv:\n- name: DB_PASSWORD\n  valueFrom:\n    \
        secretKeyRef:\n      name: db-credentials\n      key: password\n```",
    references: &[
        "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables",
        "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
    ],
}

fn check_secret_in_env(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let Some(template) = pod_template(r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in super::containers(template.spec, Groups::All) {
        for var in c
            .node
            .get("env")
            .and_then(Node::as_array)
            .unwrap_or_default()
        {
            let (Some(name), Some(value)) =
                (var.get("name").and_then(Node::as_str), var.get("value"))
            else {
                continue;
            };
            if names_a_secret(name) && value.as_str().is_some_and(|v| !placeholder(v)) {
                hits.push(Hit::new(
                    value.span,
                    format!("container `{}` sets `{name}` to a literal value", c.name),
                ));
            }
        }
    }
    hits
}

k8s_rule! {
    /// ## What it finds
    /// A pod that runs as the `default` service account (no `serviceAccountName`, or
    /// `default`) and does not set `automountServiceAccountToken: false`, unless the same file
    /// declares that namespace's `default` ServiceAccount with `automountServiceAccountToken:
    /// false`.
    AUTOMOUNT_TOKEN, kinds: WORKLOADS, check: check_automount,
    id: "iac.kubernetes.default-service-account-token",
    title: "Default service account token mounted",
    severity: Severity::Medium,
    cwe: &["CWE-1188"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.1.5", "cis-kubernetes-1.9:5.1.6", "pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    description: "Every container of the pod gets an API token of the namespace's `default` \
        service account mounted at `/var/run/secrets/kubernetes.io/serviceaccount`. Any \
        permission ever granted to `default` (often by a careless RoleBinding) is then \
        available to an attacker who compromises the application, and the workload has no \
        identity of its own for least privilege and audit trails.",
    remediation: "Do not mount a token the application does not use, or give the workload \
        its own service account:\n\n```yaml\nspec:\n  serviceAccountName: payments-api\n  \
        automountServiceAccountToken: false\n```",
    references: &[
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
        "https://kubernetes.io/docs/concepts/security/service-accounts/",
    ],
}

fn check_automount(ctx: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let Some(template) = pod_template(r) else {
        return Vec::new();
    };
    let spec = template.spec;
    let account = spec
        .get("serviceAccountName")
        .or_else(|| spec.get("serviceAccount"));
    match account.map(|a| a.as_str()) {
        None | Some(Some("default" | "")) => {}
        // A named account, or one the front end could not resolve.
        Some(_) => return Vec::new(),
    }
    let automount = spec.get("automountServiceAccountToken");
    if automount.is_some_and(|v| v.as_bool() != Some(true)) {
        // `false`, or an unresolved value.
        return Vec::new();
    }
    let namespace = r.body.at(&["metadata", "namespace"]).and_then(Node::as_str);
    let account_disables = ctx.document.resources.iter().any(|sa| {
        sa.kind == "ServiceAccount"
            && sa.body.at(&["metadata", "name"]).and_then(Node::as_str) == Some("default")
            && sa
                .body
                .at(&["metadata", "namespace"])
                .and_then(Node::as_str)
                == namespace
            && sa
                .body
                .get("automountServiceAccountToken")
                .is_some_and(is_false)
    });
    if account_disables {
        return Vec::new();
    }
    match automount {
        Some(v) => vec![Hit::new(
            v.span,
            "`automountServiceAccountToken: true` with the `default` service account",
        )],
        None => vec![Hit::new(
            r.span,
            "pod runs as the `default` service account without \
             `automountServiceAccountToken: false`",
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kubernetes::testing::count_and_line;

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD",
            "stripe-api-key",
            "GITHUB_TOKEN",
            "client.secret",
        ] {
            assert!(names_a_secret(name), "{name}");
        }
        for name in [
            "PASSWORD_FILE",
            "TOKEN_TTL",
            "SECRET_NAME",
            "LOG_LEVEL",
            "AWS_ACCESS_KEY_ID",
        ] {
            assert!(!names_a_secret(name), "{name}");
        }
    }

    #[test]
    fn env_literals() {
        let text = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
      - name: api
        image: x
        env:
        - {name: LOG_LEVEL, value: debug}
        - {name: DB_PASSWORD, value: hunter2}
        - {name: API_TOKEN, valueFrom: {secretKeyRef: {name: s, key: t}}}
        - {name: SECRET_KEY, value: '$(FROM_SECRET)'}
        - {name: STRIPE_API_KEY, value: ''}
";
        assert_eq!(count_and_line(&SECRET_IN_ENV, text), (1, 12));
        let clean = text.replace(
            "value: hunter2",
            "valueFrom: {secretKeyRef: {name: s, key: p}}",
        );
        assert_eq!(count_and_line(&SECRET_IN_ENV, &clean), (0, 0));
    }

    #[test]
    fn automount() {
        let default = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x}]\n";
        assert_eq!(count_and_line(&AUTOMOUNT_TOKEN, default), (1, 1));
        let explicit = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: default\n  automountServiceAccountToken: true\n  containers: [{name: a, image: x}]\n";
        assert_eq!(count_and_line(&AUTOMOUNT_TOKEN, explicit), (1, 6));
        for ok in [
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  automountServiceAccountToken: false\n  containers: [{name: a}]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: api\n  containers: [{name: a}]\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default}\nautomountServiceAccountToken: false\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n",
        ] {
            assert_eq!(count_and_line(&AUTOMOUNT_TOKEN, ok), (0, 0), "{ok}");
        }
    }
}
