//! Azure Kubernetes Service: Kubernetes RBAC, local accounts, API server exposure, network
//! policy, Azure Policy and public node IPs.

use super::{first_written, forbid_false, forbid_true, is_one_of, require_on};
use crate::model::{Format, Node, Resource};
use crate::rules::terraform::{Attr, doc, hit, lookup, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &RBAC,
        &RBAC_PLAN,
        &LOCAL_ACCOUNTS,
        &LOCAL_ACCOUNTS_PLAN,
        &PUBLIC_API,
        &PUBLIC_API_PLAN,
        &NETWORK_POLICY,
        &NETWORK_POLICY_PLAN,
        &AZURE_POLICY,
        &AZURE_POLICY_PLAN,
        &NODE_PUBLIC_IP,
        &NODE_PUBLIC_IP_PLAN,
    ]
}

const CLUSTER: &[&str] = &["azurerm_kubernetes_cluster"];

static RBAC_RULE: Rule = doc(
    "iac.azure.aks-rbac-disabled",
    "AKS cluster without Kubernetes RBAC",
    Severity::High,
    &["CWE-862"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:7.2.2", "soc2:CC6.3"],
    "An `azurerm_kubernetes_cluster` sets `role_based_access_control_enabled = false` (or the \
     legacy `role_based_access_control { enabled = false }`). Without Kubernetes RBAC every \
     authenticated identity — every pod's service account included — is effectively cluster \
     admin, and the setting cannot be changed without recreating the cluster.",
    "Keep `role_based_access_control_enabled = true` (the default) and integrate Entra ID with \
     `azure_active_directory_role_based_access_control { azure_rbac_enabled = true }`.",
    &[
        "https://learn.microsoft.com/en-us/azure/aks/concepts-identity",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster",
    ],
);

pub static RBAC: IacRule = IacRule {
    rule: &RBAC_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| {
        forbid_false(
            r,
            &[
                "role_based_access_control_enabled",
                "role_based_access_control.enabled",
            ],
            "turns Kubernetes RBAC off",
        )
    },
};

pub static RBAC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..RBAC
};

static LOCAL_ACCOUNTS_RULE: Rule = doc(
    "iac.azure.aks-local-accounts",
    "AKS cluster keeps local accounts",
    Severity::Medium,
    &["CWE-1390"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.2.1", "pci-dss-4.0.1:8.2.2", "soc2:CC6.1"],
    "An `azurerm_kubernetes_cluster` leaves `local_account_disabled` at its default `false`. The \
     static `clusterAdmin` kubeconfig (certificate-based, shared, no MFA, not tied to a person) \
     can then be downloaded by anyone with the `listClusterAdminCredential` permission and works \
     even after the person leaves; Entra ID sign-in and its audit trail are bypassed.",
    "Set `local_account_disabled = true` together with \
     `azure_active_directory_role_based_access_control { azure_rbac_enabled = true \
     admin_group_object_ids = [azuread_group.aks_admins.object_id] }`.",
    &["https://learn.microsoft.com/en-us/azure/aks/manage-local-accounts-managed-azure-ad"],
);

pub static LOCAL_ACCOUNTS: IacRule = IacRule {
    rule: &LOCAL_ACCOUNTS_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| {
        require_on(
            r,
            &["local_account_disabled"],
            "the block on local accounts",
        )
    },
};

pub static LOCAL_ACCOUNTS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LOCAL_ACCOUNTS
};

static PUBLIC_API_RULE: Rule = doc(
    "iac.azure.aks-public-api-server",
    "AKS API server open to the internet",
    Severity::High,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `azurerm_kubernetes_cluster` is not a private cluster (`private_cluster_enabled` unset \
     or `false`) and limits its API server to no authorized IP ranges \
     (`api_server_access_profile { authorized_ip_ranges }`, or `api_server_authorized_ip_ranges` \
     in azurerm 3.x), or allows `0.0.0.0/0`. The control plane of every workload is then \
     reachable from anywhere, exposed to credential stuffing and to every future API server \
     vulnerability.",
    "Set `private_cluster_enabled = true`, or restrict the public endpoint:\n\n```hcl\n\
     api_server_access_profile {\n  authorized_ip_ranges = [\"203.0.113.0/24\"]\n}\n```",
    &[
        "https://learn.microsoft.com/en-us/azure/aks/private-clusters",
        "https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges",
    ],
);

pub static PUBLIC_API: IacRule = IacRule {
    rule: &PUBLIC_API_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: check_public_api,
};

pub static PUBLIC_API_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PUBLIC_API
};

fn check_public_api(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let span = match lookup(&resource.body, &["private_cluster_enabled"]) {
        Attr::Known(node) => match truthy(node) {
            Some(false) => node.span,
            _ => return Vec::new(),
        },
        Attr::Missing => resource.span,
        Attr::Unknown => return Vec::new(),
    };
    let ranges = first_written(
        &resource.body,
        &[
            "api_server_access_profile.authorized_ip_ranges",
            "api_server_authorized_ip_ranges",
        ],
    )
    .0;
    let open = |items: &[Node]| {
        items.is_empty()
            || items
                .iter()
                .any(|n| n.as_str().is_some_and(|s| s == "0.0.0.0/0" || s == "*"))
    };
    match ranges {
        Attr::Unknown => Vec::new(),
        Attr::Known(node) if !node.as_array().is_some_and(open) => Vec::new(),
        _ => hit(
            span,
            format!(
                "{}: public API server with no authorized IP ranges",
                resource.address
            ),
        ),
    }
}

static NETWORK_POLICY_RULE: Rule = doc(
    "iac.azure.aks-network-policy",
    "AKS cluster without a network policy engine",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.2.1", "pci-dss-4.0.1:1.3.1", "soc2:CC6.6"],
    "An `azurerm_kubernetes_cluster` has no `network_profile { network_policy }` (`azure`, \
     `calico` or `cilium`). Kubernetes `NetworkPolicy` objects are then silently ignored, every \
     pod can reach every other pod in the cluster, and a compromised front-end pod can talk \
     directly to payment back ends and databases. The engine can only be chosen at creation.",
    "```hcl\nnetwork_profile {\n  network_plugin = \"azure\"\n  network_policy = \"azure\"\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/aks/use-network-policies"],
);

pub static NETWORK_POLICY: IacRule = IacRule {
    rule: &NETWORK_POLICY_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| match lookup(&r.body, &["network_profile", "network_policy"]) {
        Attr::Missing => hit(
            r.span,
            format!("{}: no `network_profile.network_policy`", r.address),
        ),
        Attr::Known(node) if is_one_of(node, &["none", ""]) => hit(
            node.span,
            format!("{}: no network policy engine", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static NETWORK_POLICY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NETWORK_POLICY
};

static AZURE_POLICY_RULE: Rule = doc(
    "iac.azure.aks-azure-policy",
    "AKS cluster without the Azure Policy add-on",
    Severity::Low,
    &["CWE-1188"],
    &["A05:2021"],
    &["pci-dss-4.0.1:2.2.1", "soc2:CC7.1"],
    "An `azurerm_kubernetes_cluster` leaves `azure_policy_enabled` unset or `false`. Without the \
     add-on (Gatekeeper), pod security baselines — no privileged containers, no host paths, \
     approved registries only — cannot be enforced or audited across the cluster from Azure \
     Policy, so configuration standards (PCI DSS 2.2.1) rely on every team getting every \
     manifest right.",
    "Set `azure_policy_enabled = true` and assign the Kubernetes pod security baseline \
     initiative to the cluster's scope.",
    &["https://learn.microsoft.com/en-us/azure/aks/use-azure-policy"],
);

pub static AZURE_POLICY: IacRule = IacRule {
    rule: &AZURE_POLICY_RULE,
    format: Format::Terraform,
    kinds: CLUSTER,
    check: |_, r| require_on(r, &["azure_policy_enabled"], "the Azure Policy add-on"),
};

pub static AZURE_POLICY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..AZURE_POLICY
};

static NODE_PUBLIC_IP_RULE: Rule = doc(
    "iac.azure.aks-node-public-ip",
    "AKS nodes get public IP addresses",
    Severity::Medium,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "The `default_node_pool` of an `azurerm_kubernetes_cluster`, or an \
     `azurerm_kubernetes_cluster_node_pool`, sets `node_public_ip_enabled = true` (azurerm 4.x; \
     `enable_node_public_ip` in 3.x). Every node is then directly addressable from the internet, \
     bypassing the cluster's load balancer and egress controls.",
    "Remove the attribute (the default is `false`) and expose workloads through a load \
     balancer or ingress controller.",
    &["https://learn.microsoft.com/en-us/azure/aks/use-node-public-ips"],
);

pub static NODE_PUBLIC_IP: IacRule = IacRule {
    rule: &NODE_PUBLIC_IP_RULE,
    format: Format::Terraform,
    kinds: &[
        "azurerm_kubernetes_cluster",
        "azurerm_kubernetes_cluster_node_pool",
    ],
    check: |_, r| {
        forbid_true(
            r,
            &[
                "node_public_ip_enabled",
                "enable_node_public_ip",
                "default_node_pool.node_public_ip_enabled",
                "default_node_pool.enable_node_public_ip",
            ],
            "gives every node a public IP",
        )
    },
};

pub static NODE_PUBLIC_IP_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NODE_PUBLIC_IP
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BARE: &str = r#"resource "azurerm_kubernetes_cluster" "k" {
  name       = "payments"
  dns_prefix = "payments"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
}
"#;

    const GOOD: &str = r#"resource "azurerm_kubernetes_cluster" "k" {
  name                    = "payments"
  private_cluster_enabled = true
  local_account_disabled  = true
  azure_policy_enabled    = true
  default_node_pool {
    name                   = "system"
    node_public_ip_enabled = false
  }
  network_profile {
    network_plugin = "azure"
    network_policy = "cilium"
  }
  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
  }
}
"#;

    #[test]
    fn cluster_defaults() {
        for rule in [&LOCAL_ACCOUNTS, &PUBLIC_API, &NETWORK_POLICY, &AZURE_POLICY] {
            assert_eq!(run(rule, BARE), (1, Some(1)), "{}", rule.rule.id);
        }
        for rule in [&RBAC, &NODE_PUBLIC_IP] {
            assert_eq!(run(rule, BARE), (0, None), "{}", rule.rule.id);
        }
        for rule in [
            &RBAC,
            &LOCAL_ACCOUNTS,
            &PUBLIC_API,
            &NETWORK_POLICY,
            &AZURE_POLICY,
            &NODE_PUBLIC_IP,
        ] {
            assert_eq!(run(rule, GOOD), (0, None), "{}", rule.rule.id);
        }
    }

    #[test]
    fn explicit_settings() {
        let bad = r#"resource "azurerm_kubernetes_cluster" "k" {
  role_based_access_control_enabled = false
  private_cluster_enabled           = false
  default_node_pool {
    enable_node_public_ip = true
  }
  api_server_access_profile {
    authorized_ip_ranges = ["0.0.0.0/0"]
  }
}
"#;
        assert_eq!(run(&RBAC, bad), (1, Some(2)));
        assert_eq!(run(&PUBLIC_API, bad), (1, Some(3)));
        assert_eq!(run(&NODE_PUBLIC_IP, bad), (1, Some(5)));
        let ranged = "resource \"azurerm_kubernetes_cluster\" \"k\" {\n  api_server_authorized_ip_ranges = [\"203.0.113.0/24\"]\n}\n";
        assert_eq!(run(&PUBLIC_API, ranged), (0, None));
        let pool = "resource \"azurerm_kubernetes_cluster_node_pool\" \"p\" {\n  node_public_ip_enabled = true\n}\n";
        assert_eq!(run(&NODE_PUBLIC_IP, pool), (1, Some(2)));
    }
}
