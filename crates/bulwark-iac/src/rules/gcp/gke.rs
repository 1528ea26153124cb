//! GKE (`google_container_cluster`, `google_container_node_pool`): control plane exposure,
//! private nodes, network policy, legacy authentication and authorization, Workload Identity,
//! node hardening and upgrades, Binary Authorization, logging, secrets encryption.

use super::{blocks_at, configured, first_block};
use crate::model::{Format, Node, Resource, Span};
use crate::rules::terraform::{Attr, blocks, doc, hit, lookup, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &PRIVATE_NODES,
        &PRIVATE_NODES_PLAN,
        &PUBLIC_ENDPOINT,
        &PUBLIC_ENDPOINT_PLAN,
        &NETWORK_POLICY,
        &NETWORK_POLICY_PLAN,
        &LEGACY_ABAC,
        &LEGACY_ABAC_PLAN,
        &CLIENT_CERTIFICATE,
        &CLIENT_CERTIFICATE_PLAN,
        &WORKLOAD_IDENTITY,
        &WORKLOAD_IDENTITY_PLAN,
        &SHIELDED_NODES,
        &SHIELDED_NODES_PLAN,
        &RELEASE_CHANNEL,
        &RELEASE_CHANNEL_PLAN,
        &NODE_AUTO_UPGRADE,
        &NODE_AUTO_UPGRADE_PLAN,
        &BINARY_AUTHORIZATION,
        &BINARY_AUTHORIZATION_PLAN,
        &DEFAULT_SERVICE_ACCOUNT,
        &DEFAULT_SERVICE_ACCOUNT_PLAN,
        &LOGGING_MONITORING,
        &LOGGING_MONITORING_PLAN,
        &SECRETS_ENCRYPTION,
        &SECRETS_ENCRYPTION_PLAN,
    ]
}

const CLUSTER: &[&str] = &["google_container_cluster"];
const CLUSTER_AND_POOL: &[&str] = &["google_container_cluster", "google_container_node_pool"];

/// Autopilot clusters: Google manages nodes and enforces several of these settings itself.
fn autopilot(resource: &Resource) -> bool {
    match lookup(&resource.body, &["enable_autopilot"]) {
        Attr::Known(n) => truthy(n) == Some(true),
        _ => false,
    }
}

/// The node pools a resource defines, as (pool object, span to report): a node pool resource
/// itself, a cluster's inline `node_pool` blocks, and the cluster's default pool (configured by
/// its top-level `node_config`) unless `remove_default_node_pool = true`.
fn pools(resource: &Resource) -> Vec<(&Node, Span)> {
    if resource.kind == "google_container_node_pool" {
        return vec![(&resource.body, resource.span)];
    }
    if autopilot(resource) {
        return Vec::new();
    }
    let mut out: Vec<(&Node, Span)> = blocks(&resource.body, "node_pool")
        .into_iter()
        .map(|p| (p, p.span))
        .collect();
    let removed = match lookup(&resource.body, &["remove_default_node_pool"]) {
        Attr::Known(n) => truthy(n) == Some(true),
        Attr::Unknown => true,
        Attr::Missing => false,
    };
    if !removed && out.is_empty() {
        out.push((&resource.body, resource.span));
    }
    out
}

static PRIVATE_NODES_RULE: Rule = doc(
    "iac.gcp.gke-private-nodes",
    "GKE cluster nodes have public IP addresses",
    Severity::High,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "A `google_container_cluster` does not set `private_cluster_config { enable_private_nodes = \
     true }`, so every node gets an external IP address. Node ports, the kubelet and any \
     `hostNetwork` workload are then one firewall mistake away from the internet; systems in a \
     cardholder data environment belong on internal addresses.",
    "```hcl\nprivate_cluster_config {\n  enable_private_nodes    = true\n  \
     enable_private_endpoint = true\n  master_ipv4_cidr_block  = \"172.16.0.0/28\"\n}\n```\nand \
     give the nodes egress through Cloud NAT.",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters"],
);

pub static PRIVATE_NODES: IacRule = IacRule {
    rule: &PRIVATE_NODES_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| match lookup(&r.body, &["private_cluster_config", "enable_private_nodes"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: nodes are not private (`enable_private_nodes` not set)",
                r.address
            ),
        ),
        Attr::Known(n) if truthy(n) == Some(false) => hit(
            n.span,
            format!("{}: `enable_private_nodes = false`", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static PRIVATE_NODES_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PRIVATE_NODES
};

static PUBLIC_ENDPOINT_RULE: Rule = doc(
    "iac.gcp.gke-public-endpoint",
    "GKE control plane reachable from any IP address",
    Severity::High,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "A `google_container_cluster` keeps its public control plane endpoint \
     (`private_cluster_config.enable_private_endpoint` is not true) and either has no \
     `master_authorized_networks_config`, lists `0.0.0.0/0` in it, or sets \
     `gcp_public_cidrs_access_enabled = true`. The Kubernetes API server — the control plane of \
     every workload — is then reachable from the whole internet (or from any Google Cloud \
     customer), and only authentication stands between an attacker and it.",
    "```hcl\nmaster_authorized_networks_config {\n  cidr_blocks {\n    cidr_block   = \
     \"10.10.0.0/16\"\n    display_name = \"admin-vpn\"\n  }\n}\n```\nor set \
     `enable_private_endpoint = true` and reach the API through the VPC.",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks"],
);

pub static PUBLIC_ENDPOINT: IacRule = IacRule {
    rule: &PUBLIC_ENDPOINT_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: check_public_endpoint,
};

pub static PUBLIC_ENDPOINT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PUBLIC_ENDPOINT
};

fn check_public_endpoint(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    match lookup(
        &resource.body,
        &["private_cluster_config", "enable_private_endpoint"],
    ) {
        Attr::Known(n) if truthy(n) == Some(false) => {}
        Attr::Known(_) | Attr::Unknown => return Vec::new(),
        Attr::Missing => {}
    }
    const MAN: &str = "master_authorized_networks_config";
    if matches!(configured(&resource.body, &[MAN]), Attr::Missing) {
        return hit(
            resource.span,
            format!(
                "{}: public control plane endpoint without master authorized networks",
                resource.address
            ),
        );
    }
    let mut out = Vec::new();
    for block in blocks_at(&resource.body, &[MAN], "cidr_blocks") {
        if let Attr::Known(cidr) = lookup(block, &["cidr_block"])
            && cidr.as_str() == Some("0.0.0.0/0")
        {
            out.extend(hit(
                cidr.span,
                format!(
                    "{}: control plane authorized for 0.0.0.0/0",
                    resource.address
                ),
            ));
        }
    }
    if let Attr::Known(n) = lookup(&resource.body, &[MAN, "gcp_public_cidrs_access_enabled"])
        && truthy(n) == Some(true)
    {
        out.extend(hit(
            n.span,
            format!(
                "{}: control plane reachable from every Google Cloud public IP",
                resource.address
            ),
        ));
    }
    out
}

static NETWORK_POLICY_RULE: Rule = doc(
    "iac.gcp.gke-network-policy",
    "GKE cluster does not enforce network policies",
    Severity::Medium,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "soc2:CC6.6"],
    "A Standard `google_container_cluster` neither enables `network_policy { enabled = true }` \
     nor uses GKE Dataplane V2 (`datapath_provider = \"ADVANCED_DATAPATH\"`). Kubernetes \
     `NetworkPolicy` objects are then silently ignored: every pod can reach every other pod, so \
     one compromised workload can talk to the payment services and databases of all others.",
    "Create the cluster with Dataplane V2 (`datapath_provider = \"ADVANCED_DATAPATH\"`), or \
     enable Calico:\n\n```hcl\nnetwork_policy {\n  enabled  = true\n  provider = \"CALICO\"\n}\n\
     addons_config {\n  network_policy_config {\n    disabled = false\n  }\n}\n```",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy"],
);

pub static NETWORK_POLICY: IacRule = IacRule {
    rule: &NETWORK_POLICY_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| {
        // Dataplane V2 always enforces network policies.
        let dataplane_v2 = match lookup(&r.body, &["datapath_provider"]) {
            Attr::Known(n) => n.as_str() == Some("ADVANCED_DATAPATH"),
            Attr::Unknown => true,
            Attr::Missing => false,
        };
        if autopilot(r) || dataplane_v2 {
            return Vec::new();
        }
        match lookup(&r.body, &["network_policy", "enabled"]) {
            Attr::Missing => hit(
                r.span,
                format!("{}: network policy enforcement is off", r.address),
            ),
            Attr::Known(n) if truthy(n) == Some(false) => hit(
                n.span,
                format!("{}: `network_policy.enabled = false`", r.address),
            ),
            _ => Vec::new(),
        }
    },
};

pub static NETWORK_POLICY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NETWORK_POLICY
};

static LEGACY_ABAC_RULE: Rule = doc(
    "iac.gcp.gke-legacy-abac",
    "GKE legacy ABAC authorization enabled",
    Severity::High,
    &["CWE-285"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.3"],
    "A `google_container_cluster` sets `enable_legacy_abac = true`. Legacy attribute-based \
     access control grants broad, static permissions outside Kubernetes RBAC — on older setups \
     every service account gets full API access — so RBAC roles and reviews no longer describe \
     who can do what in the cluster.",
    "Remove `enable_legacy_abac` (default `false`) and grant access with Kubernetes RBAC and \
     IAM.",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster"],
);

pub static LEGACY_ABAC: IacRule = IacRule {
    rule: &LEGACY_ABAC_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| match lookup(&r.body, &["enable_legacy_abac"]) {
        Attr::Known(n) if truthy(n) == Some(true) => {
            hit(n.span, format!("{}: legacy ABAC is enabled", r.address))
        }
        _ => Vec::new(),
    },
};

pub static LEGACY_ABAC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LEGACY_ABAC
};

static CLIENT_CERTIFICATE_RULE: Rule = doc(
    "iac.gcp.gke-client-certificate",
    "GKE cluster issues a client certificate or uses basic authentication",
    Severity::Medium,
    &["CWE-287"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.2.1", "pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "A `google_container_cluster` sets \
     `master_auth.client_certificate_config.issue_client_certificate = true` or a static \
     `master_auth` `username` / `password`. Both are long-lived cluster-admin credentials that \
     are not tied to a person, cannot be revoked without rotating the cluster's credentials and \
     end up in Terraform state — the opposite of the unique, attributable \
     authentication PCI DSS 8.2 requires.",
    "Remove the static credentials and authenticate with Google identities (`gcloud` / IAM, \
     `gke-gcloud-auth-plugin`):\n\n```hcl\nmaster_auth {\n  client_certificate_config {\n    \
     issue_client_certificate = false\n  }\n}\n```",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/api-server-authentication"],
);

pub static CLIENT_CERTIFICATE: IacRule = IacRule {
    rule: &CLIENT_CERTIFICATE_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| {
        let mut out = Vec::new();
        if let Attr::Known(n) = lookup(
            &r.body,
            &[
                "master_auth",
                "client_certificate_config",
                "issue_client_certificate",
            ],
        ) && truthy(n) == Some(true)
        {
            out.extend(hit(
                n.span,
                format!("{}: a cluster client certificate is issued", r.address),
            ));
        }
        for key in ["username", "password"] {
            if let Attr::Known(n) = configured(&r.body, &["master_auth", key]) {
                out.extend(hit(
                    n.span,
                    format!("{}: basic authentication `{key}` is set", r.address),
                ));
            }
        }
        out
    },
};

pub static CLIENT_CERTIFICATE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CLIENT_CERTIFICATE
};

static WORKLOAD_IDENTITY_RULE: Rule = doc(
    "iac.gcp.gke-workload-identity",
    "GKE workloads can use the node's service account",
    Severity::Medium,
    &["CWE-250"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.3"],
    "A Standard `google_container_cluster` has no `workload_identity_config { workload_pool = … \
     }`, or a node pool sets `node_config.workload_metadata_config.mode = \"GCE_METADATA\"`. Pods \
     then reach the Compute Engine metadata server directly and act as the node's service \
     account, so every workload on a node shares one identity (and can read the kubelet's \
     bootstrap credentials) instead of having the least privilege it needs.",
    "```hcl\nworkload_identity_config {\n  workload_pool = \"${var.project}.svc.id.goog\"\n}\n\
     node_config {\n  workload_metadata_config {\n    mode = \"GKE_METADATA\"\n  }\n}\n```",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity"],
);

pub static WORKLOAD_IDENTITY: IacRule = IacRule {
    rule: &WORKLOAD_IDENTITY_RULE,
    format: Format::Terraform,
    kinds: CLUSTER_AND_POOL,
    check: check_workload_identity,
};

pub static WORKLOAD_IDENTITY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..WORKLOAD_IDENTITY
};

fn check_workload_identity(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    if resource.kind == "google_container_cluster"
        && !autopilot(resource)
        && matches!(
            configured(
                &resource.body,
                &["workload_identity_config", "workload_pool"]
            ),
            Attr::Missing
        )
    {
        out.extend(hit(
            resource.span,
            format!("{}: Workload Identity is not enabled", resource.address),
        ));
    }
    for (pool, _) in pools(resource) {
        if let Attr::Known(mode) =
            lookup(pool, &["node_config", "workload_metadata_config", "mode"])
            && mode.as_str() == Some("GCE_METADATA")
        {
            out.extend(hit(
                mode.span,
                format!(
                    "{}: pods see the node's metadata server (`GCE_METADATA`)",
                    resource.address
                ),
            ));
        }
    }
    out
}

static SHIELDED_NODES_RULE: Rule = doc(
    "iac.gcp.gke-shielded-nodes",
    "GKE Shielded Nodes disabled",
    Severity::Medium,
    &["CWE-693"],
    &["A08:2021"],
    &["pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    "A `google_container_cluster` sets `enable_shielded_nodes = false` (the default is true). \
     Without Shielded GKE Nodes, node identity is not verified when a node joins, so an \
     attacker who steals a node's bootstrap credentials can impersonate a node and receive the \
     secrets of the pods scheduled on it.",
    "Remove `enable_shielded_nodes = false` (it defaults to `true`), and set \
     `node_config { shielded_instance_config { enable_secure_boot = true } }`.",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes"],
);

pub static SHIELDED_NODES: IacRule = IacRule {
    rule: &SHIELDED_NODES_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| match lookup(&r.body, &["enable_shielded_nodes"]) {
        Attr::Known(n) if truthy(n) == Some(false) => hit(
            n.span,
            format!("{}: Shielded GKE Nodes are disabled", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static SHIELDED_NODES_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SHIELDED_NODES
};

static RELEASE_CHANNEL_RULE: Rule = doc(
    "iac.gcp.gke-release-channel",
    "GKE cluster opted out of release channels",
    Severity::Low,
    &["CWE-1104"],
    &["A06:2021"],
    &["pci-dss-4.0.1:6.3.3", "soc2:CC7.1"],
    "A `google_container_cluster` sets `release_channel { channel = \"UNSPECIFIED\" }`, taking \
     it out of GKE release channels (clusters created without the block are enrolled in one). \
     Control plane and node versions are then pinned by hand, and security patches for \
     Kubernetes and the node OS reach the cluster only when someone remembers to upgrade it — \
     PCI DSS 6.3.3 expects critical patches within a month.",
    "```hcl\nrelease_channel {\n  channel = \"REGULAR\" # or STABLE\n}\n```\nand control timing \
     with `maintenance_policy` windows and exclusions.",
    &["https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels"],
);

pub static RELEASE_CHANNEL: IacRule = IacRule {
    rule: &RELEASE_CHANNEL_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| match lookup(&r.body, &["release_channel", "channel"]) {
        Attr::Known(n) if n.as_str() == Some("UNSPECIFIED") => hit(
            n.span,
            format!("{}: the cluster is not on a release channel", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static RELEASE_CHANNEL_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..RELEASE_CHANNEL
};

static NODE_AUTO_UPGRADE_RULE: Rule = doc(
    "iac.gcp.gke-node-auto-upgrade",
    "GKE node pool auto-upgrade disabled",
    Severity::Medium,
    &["CWE-1104"],
    &["A06:2021"],
    &["pci-dss-4.0.1:6.3.3", "soc2:CC7.1"],
    "A `google_container_node_pool` (or an inline `node_pool` of a cluster) sets \
     `management { auto_upgrade = false }` (the default is true). Its nodes then keep the \
     Kubernetes and OS version they were created with, missing security patches, and drift \
     away from the control plane until an upgrade becomes a risky project of its own.",
    "Remove `auto_upgrade = false` (or set it to `true`) and schedule upgrades with the \
     cluster's `maintenance_policy`; use surge or blue-green `upgrade_settings` for safe \
     rollouts.",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-upgrades"],
);

pub static NODE_AUTO_UPGRADE: IacRule = IacRule {
    rule: &NODE_AUTO_UPGRADE_RULE,
    format: Format::Terraform,
    kinds: CLUSTER_AND_POOL,
    check: |_, r| {
        let mut out = Vec::new();
        for (pool, _) in pools(r) {
            if let Attr::Known(n) = lookup(pool, &["management", "auto_upgrade"])
                && truthy(n) == Some(false)
            {
                out.extend(hit(
                    n.span,
                    format!("{}: node auto-upgrade is disabled", r.address),
                ));
            }
        }
        out
    },
};

pub static NODE_AUTO_UPGRADE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NODE_AUTO_UPGRADE
};

static BINARY_AUTHORIZATION_RULE: Rule = doc(
    "iac.gcp.gke-binary-authorization",
    "GKE cluster without Binary Authorization",
    Severity::Medium,
    &["CWE-494"],
    &["A08:2021"],
    &["pci-dss-4.0.1:6.5.1", "soc2:CC8.1"],
    "A `google_container_cluster` has no `binary_authorization` block, or sets \
     `evaluation_mode = \"DISABLED\"` / `enabled = false` (off by default). Any image anyone can \
     push — unscanned, unsigned, built outside the pipeline — can then be deployed, so the \
     review, testing and signing steps of the change process can be bypassed entirely.",
    "```hcl\nbinary_authorization {\n  evaluation_mode = \"PROJECT_SINGLETON_POLICY_ENFORCE\"\n}\n\
     ```\nwith a `google_binary_authorization_policy` that requires attestations from the build \
     pipeline.",
    &["https://cloud.google.com/binary-authorization/docs/setting-up"],
);

pub static BINARY_AUTHORIZATION: IacRule = IacRule {
    rule: &BINARY_AUTHORIZATION_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| {
        match configured(&r.body, &["binary_authorization", "evaluation_mode"]) {
            Attr::Known(n) if n.as_str() == Some("DISABLED") => {
                return hit(
                    n.span,
                    format!("{}: Binary Authorization is disabled", r.address),
                );
            }
            Attr::Known(_) | Attr::Unknown => return Vec::new(),
            Attr::Missing => {}
        }
        match lookup(&r.body, &["binary_authorization", "enabled"]) {
            Attr::Known(n) if truthy(n) == Some(false) => hit(
                n.span,
                format!("{}: Binary Authorization is disabled", r.address),
            ),
            Attr::Missing => hit(
                r.span,
                format!("{}: Binary Authorization is not enabled", r.address),
            ),
            _ => Vec::new(),
        }
    },
};

pub static BINARY_AUTHORIZATION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..BINARY_AUTHORIZATION
};

static DEFAULT_SERVICE_ACCOUNT_RULE: Rule = doc(
    "iac.gcp.gke-default-service-account",
    "GKE nodes run as the Compute Engine default service account",
    Severity::Medium,
    &["CWE-250"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:7.2.2", "soc2:CC6.3"],
    "A GKE node pool (a `google_container_node_pool`, an inline `node_pool`, the default pool of \
     a Standard cluster, or Autopilot's `cluster_autoscaling.auto_provisioning_defaults`) sets \
     no `service_account`, or sets the default `…-compute@developer.gserviceaccount.com`. Nodes \
     then run as the project's default account, which typically holds Editor on the whole \
     project: anything that escapes to a node — or any pod without Workload Identity — gets \
     those rights.",
    "Create a minimal node service account (roles `logging.logWriter`, `monitoring.metricWriter`, \
     `monitoring.viewer`, `artifactregistry.reader`) and use it:\n\n```hcl\nnode_config {\n  \
     service_account = google_service_account.gke_nodes.email\n  oauth_scopes    = \
     [\"https://www.googleapis.com/auth/cloud-platform\"]\n}\n```",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster"],
);

pub static DEFAULT_SERVICE_ACCOUNT: IacRule = IacRule {
    rule: &DEFAULT_SERVICE_ACCOUNT_RULE,
    format: Format::Terraform,
    kinds: CLUSTER_AND_POOL,
    check: check_default_account,
};

pub static DEFAULT_SERVICE_ACCOUNT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DEFAULT_SERVICE_ACCOUNT
};

fn check_default_account(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let judge = |holder: &Node, path: &[&str], span: Span| match configured(holder, path) {
        Attr::Missing => hit(
            span,
            format!(
                "{}: no node `service_account`, so nodes run as the default service account",
                resource.address
            ),
        ),
        Attr::Known(n)
            if n.as_str().is_some_and(|s| {
                s == "default" || s.ends_with("-compute@developer.gserviceaccount.com")
            }) =>
        {
            hit(
                n.span,
                format!(
                    "{}: nodes run as the default service account",
                    resource.address
                ),
            )
        }
        _ => Vec::new(),
    };
    if resource.kind == "google_container_cluster" && autopilot(resource) {
        return judge(
            &resource.body,
            &[
                "cluster_autoscaling",
                "auto_provisioning_defaults",
                "service_account",
            ],
            resource.span,
        );
    }
    pools(resource)
        .into_iter()
        .flat_map(|(pool, span)| {
            let span = first_block(pool, &["node_config"]).map_or(span, |c| c.span);
            judge(pool, &["node_config", "service_account"], span)
        })
        .collect()
}

static LOGGING_MONITORING_RULE: Rule = doc(
    "iac.gcp.gke-logging-disabled",
    "GKE cluster logging or monitoring turned off",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2"],
    "A `google_container_cluster` sets `logging_service = \"none\"` or `monitoring_service = \
     \"none\"` (both default to the Kubernetes integrations of Cloud Logging and Monitoring). \
     Container, node and control plane logs are then not collected, so neither an incident nor \
     who deployed what can be reconstructed (PCI DSS 10.2.1).",
    "Remove the `\"none\"` values (the defaults are \
     `logging.googleapis.com/kubernetes` and `monitoring.googleapis.com/kubernetes`), or:\n\n\
     ```hcl\nlogging_config {\n  enable_components = [\"SYSTEM_COMPONENTS\", \"WORKLOADS\", \
     \"APISERVER\"]\n}\n```",
    &["https://cloud.google.com/kubernetes-engine/docs/concepts/about-logs"],
);

pub static LOGGING_MONITORING: IacRule = IacRule {
    rule: &LOGGING_MONITORING_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| {
        let mut out = Vec::new();
        for key in ["logging_service", "monitoring_service"] {
            if let Attr::Known(n) = lookup(&r.body, &[key])
                && n.as_str() == Some("none")
            {
                out.extend(hit(n.span, format!("{}: `{key} = \"none\"`", r.address)));
            }
        }
        out
    },
};

pub static LOGGING_MONITORING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LOGGING_MONITORING
};

static SECRETS_ENCRYPTION_RULE: Rule = doc(
    "iac.gcp.gke-secrets-encryption",
    "GKE secrets not encrypted with a customer managed key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "A `google_container_cluster` has no `database_encryption { state = \"ENCRYPTED\", key_name \
     = … }`, so Kubernetes Secrets in etcd — database passwords, API keys, TLS private keys — \
     are protected only by Google-managed encryption. Application-layer secrets encryption with \
     a Cloud KMS key lets the bank revoke access and audit key use, as its key-management \
     policy requires.",
    "```hcl\ndatabase_encryption {\n  state    = \"ENCRYPTED\"\n  key_name = \
     google_kms_crypto_key.gke_secrets.id\n}\n```",
    &["https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets"],
);

pub static SECRETS_ENCRYPTION: IacRule = IacRule {
    rule: &SECRETS_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| match lookup(&r.body, &["database_encryption", "state"]) {
        Attr::Missing => hit(
            r.span,
            format!("{}: application-layer secrets encryption is off", r.address),
        ),
        Attr::Known(n) if n.as_str().is_some_and(|s| s != "ENCRYPTED") => hit(
            n.span,
            format!(
                "{}: secrets encryption state is `{}`",
                r.address,
                n.as_str().unwrap_or_default()
            ),
        ),
        _ => Vec::new(),
    },
};

pub static SECRETS_ENCRYPTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SECRETS_ENCRYPTION
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BARE: &str = r#"resource "google_container_cluster" "c" {
  name     = "payments"
  location = "europe-west1"
}
"#;

    const HARDENED: &str = r#"resource "google_container_cluster" "c" {
  name                     = "payments"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
  datapath_provider        = "ADVANCED_DATAPATH"
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
  }
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block = "10.10.0.0/16"
    }
  }
  workload_identity_config {
    workload_pool = "bank-prod.svc.id.goog"
  }
  binary_authorization {
    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
  }
  database_encryption {
    state    = "ENCRYPTED"
    key_name = google_kms_crypto_key.gke.id
  }
  release_channel {
    channel = "REGULAR"
  }
}
resource "google_container_node_pool" "p" {
  cluster = google_container_cluster.c.id
  management {
    auto_upgrade = true
  }
  node_config {
    service_account = google_service_account.nodes.email
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}
"#;

    #[test]
    fn hardened_cluster_is_clean() {
        for rule in rules() {
            assert_eq!(run(rule, HARDENED), (0, None), "{}", rule.rule.id);
        }
    }

    #[test]
    fn bare_cluster() {
        for rule in [
            &PRIVATE_NODES,
            &PUBLIC_ENDPOINT,
            &NETWORK_POLICY,
            &WORKLOAD_IDENTITY,
            &BINARY_AUTHORIZATION,
            &DEFAULT_SERVICE_ACCOUNT,
            &SECRETS_ENCRYPTION,
        ] {
            assert_eq!(run(rule, BARE), (1, Some(1)), "{}", rule.rule.id);
        }
        for rule in [
            &LEGACY_ABAC,
            &CLIENT_CERTIFICATE,
            &SHIELDED_NODES,
            &RELEASE_CHANNEL,
            &NODE_AUTO_UPGRADE,
            &LOGGING_MONITORING,
        ] {
            assert_eq!(run(rule, BARE), (0, None), "{}", rule.rule.id);
        }
    }

    #[test]
    fn explicit_weaknesses() {
        let weak = r#"resource "google_container_cluster" "c" {
  enable_legacy_abac    = true
  enable_shielded_nodes = false
  logging_service       = "none"
  network_policy {
    enabled = false
  }
  master_auth {
    client_certificate_config {
      issue_client_certificate = true
    }
  }
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block = "0.0.0.0/0"
    }
  }
  release_channel {
    channel = "UNSPECIFIED"
  }
  binary_authorization {
    evaluation_mode = "DISABLED"
  }
  node_pool {
    name = "default"
    management {
      auto_upgrade = false
    }
    node_config {
      service_account = "default"
      workload_metadata_config {
        mode = "GCE_METADATA"
      }
    }
  }
}
"#;
        assert_eq!(run(&LEGACY_ABAC, weak), (1, Some(2)));
        assert_eq!(run(&SHIELDED_NODES, weak), (1, Some(3)));
        assert_eq!(run(&LOGGING_MONITORING, weak), (1, Some(4)));
        assert_eq!(run(&NETWORK_POLICY, weak), (1, Some(6)));
        assert_eq!(run(&CLIENT_CERTIFICATE, weak), (1, Some(10)));
        assert_eq!(run(&PUBLIC_ENDPOINT, weak), (1, Some(15)));
        assert_eq!(run(&RELEASE_CHANNEL, weak), (1, Some(19)));
        assert_eq!(run(&BINARY_AUTHORIZATION, weak), (1, Some(22)));
        assert_eq!(run(&NODE_AUTO_UPGRADE, weak), (1, Some(27)));
        assert_eq!(run(&DEFAULT_SERVICE_ACCOUNT, weak), (1, Some(30)));
        // The cluster has no workload pool (line 1) and the pool exposes node metadata.
        assert_eq!(run(&WORKLOAD_IDENTITY, weak), (2, Some(1)));
    }

    #[test]
    fn autopilot_and_node_pools() {
        let autopilot = r#"resource "google_container_cluster" "a" {
  enable_autopilot = true
  cluster_autoscaling {
    auto_provisioning_defaults {
      service_account = google_service_account.nodes.email
    }
  }
}
"#;
        assert_eq!(run(&NETWORK_POLICY, autopilot), (0, None));
        assert_eq!(run(&WORKLOAD_IDENTITY, autopilot), (0, None));
        assert_eq!(run(&DEFAULT_SERVICE_ACCOUNT, autopilot), (0, None));
        let pool = "resource \"google_container_node_pool\" \"p\" {\n  cluster = \"c\"\n}\n";
        assert_eq!(run(&DEFAULT_SERVICE_ACCOUNT, pool), (1, Some(1)));
        assert_eq!(run(&WORKLOAD_IDENTITY, pool), (0, None));
        let private_endpoint = "resource \"google_container_cluster\" \"c\" {\n  private_cluster_config {\n    enable_private_nodes    = true\n    enable_private_endpoint = true\n  }\n}\n";
        assert_eq!(run(&PUBLIC_ENDPOINT, private_endpoint), (0, None));
        assert_eq!(run(&PRIVATE_NODES, private_endpoint), (0, None));
    }

    #[test]
    fn plan_twin() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "google_container_cluster.c",
          "type": "google_container_cluster",
          "values": {
            "enable_legacy_abac": true,
            "master_authorized_networks_config": [],
            "private_cluster_config": []
          }
        }
      ]
    }
  }
}
"#;
        let found = crate::rules::testing::hits(&LEGACY_ABAC_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 10);
        let found = crate::rules::testing::hits(&PUBLIC_ENDPOINT_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
    }
}
