//! Storage accounts and blob containers: transport security, anonymous access, network
//! exposure, shared keys, customer-managed keys, soft delete and replication.

use super::{forbid_false, forbid_true, forbid_values, is_one_of, require_off};
use crate::model::{Format, Resource};
use crate::rules::terraform::{Attr, attached, blocks, doc, hit, lookup, number, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &HTTPS_ONLY,
        &HTTPS_ONLY_PLAN,
        &MIN_TLS,
        &MIN_TLS_PLAN,
        &NESTED_PUBLIC,
        &NESTED_PUBLIC_PLAN,
        &CONTAINER_PUBLIC,
        &CONTAINER_PUBLIC_PLAN,
        &DEFAULT_NETWORK_DENY,
        &CMK,
        &SHARED_KEY,
        &SHARED_KEY_PLAN,
        &SOFT_DELETE,
        &SOFT_DELETE_PLAN,
        &GEO_REPLICATION,
        &GEO_REPLICATION_PLAN,
        &CROSS_TENANT,
        &CROSS_TENANT_PLAN,
    ]
}

const ACCOUNT: &[&str] = &["azurerm_storage_account"];
const AT_REST: &[&str] = &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1", "cis-azure-2.0:3.12"];

static HTTPS_ONLY_RULE: Rule = doc(
    "iac.azure.storage-https-only",
    "Storage account accepts plain HTTP",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7", "cis-azure-2.0:3.1"],
    "An `azurerm_storage_account` sets `https_traffic_only_enabled = false` (azurerm 4.x) or \
     `enable_https_traffic_only = false` (3.x), so blob, file, queue and table requests — and the \
     SAS tokens and shared keys that sign them — may travel in clear over HTTP. PCI DSS 4.2.1 \
     requires strong cryptography for data in transit.",
    "Remove the attribute (the default is `true`) or set `https_traffic_only_enabled = true`.",
    &[
        "https://learn.microsoft.com/en-us/azure/storage/common/storage-require-secure-transfer",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account",
    ],
);

pub static HTTPS_ONLY: IacRule = IacRule {
    rule: &HTTPS_ONLY_RULE,
    format: Format::Terraform,
    kinds: ACCOUNT,
    check: |_, r| {
        forbid_false(
            r,
            &["https_traffic_only_enabled", "enable_https_traffic_only"],
            "allows plain HTTP",
        )
    },
};

pub static HTTPS_ONLY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..HTTPS_ONLY
};

static MIN_TLS_RULE: Rule = doc(
    "iac.azure.storage-min-tls",
    "Storage account allows TLS older than 1.2",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7", "cis-azure-2.0:3.15"],
    "An `azurerm_storage_account` sets `min_tls_version` to `TLS1_0` or `TLS1_1`. Those protocol \
     versions are deprecated, are not strong cryptography under PCI DSS, and Azure Storage stops \
     accepting them; a client can be downgraded to them by an attacker on the path.",
    "Set `min_tls_version = \"TLS1_2\"` (the default for new accounts).",
    &[
        "https://learn.microsoft.com/en-us/azure/storage/common/transport-layer-security-configure-minimum-version",
    ],
);

pub static MIN_TLS: IacRule = IacRule {
    rule: &MIN_TLS_RULE,
    format: Format::Terraform,
    kinds: ACCOUNT,
    check: |_, r| {
        forbid_values(
            r,
            &["min_tls_version"],
            &["TLS1_0", "TLS1_1"],
            "allows TLS older than 1.2",
        )
    },
};

pub static MIN_TLS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..MIN_TLS
};

static NESTED_PUBLIC_RULE: Rule = doc(
    "iac.azure.storage-public-blob-access",
    "Storage account lets containers be made public",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:7.2.1",
        "soc2:CC6.1",
        "cis-azure-2.0:3.7",
    ],
    "An `azurerm_storage_account` leaves `allow_nested_items_to_be_public` at its default `true` \
     (or sets it). Any container in the account can then be switched to anonymous read access \
     with one call, and its blobs — statements, exports, backups — become downloadable by anyone \
     with the URL. Disallowing it at the account level overrides every container setting.",
    "Set `allow_nested_items_to_be_public = false` on the account and serve public content \
     through a CDN or a SAS instead.",
    &["https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent"],
);

pub static NESTED_PUBLIC: IacRule = IacRule {
    rule: &NESTED_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: ACCOUNT,
    check: |_, r| {
        require_off(
            r,
            &[
                "allow_nested_items_to_be_public",
                "allow_blob_public_access",
            ],
            "lets containers be made public",
        )
    },
};

pub static NESTED_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NESTED_PUBLIC
};

static CONTAINER_PUBLIC_RULE: Rule = doc(
    "iac.azure.storage-container-public",
    "Blob container allows anonymous read access",
    Severity::High,
    &["CWE-284"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:7.2.1",
        "soc2:CC6.1",
        "cis-azure-2.0:3.7",
    ],
    "An `azurerm_storage_container` sets `container_access_type` to `blob` (anyone can read a \
     blob whose URL they know) or `container` (anyone can also list every blob). Anonymous \
     requests carry no identity, so reads of account data cannot be attributed or revoked.",
    "Set `container_access_type = \"private\"` (the default) and grant access with Entra ID roles \
     or short-lived user delegation SAS tokens.",
    &["https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-configure"],
);

pub static CONTAINER_PUBLIC: IacRule = IacRule {
    rule: &CONTAINER_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_storage_container"],
    check: |_, r| {
        forbid_values(
            r,
            &["container_access_type"],
            &["blob", "container"],
            "allows anonymous reads",
        )
    },
};

pub static CONTAINER_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CONTAINER_PUBLIC
};

static DEFAULT_NETWORK_DENY_RULE: Rule = doc(
    "iac.azure.storage-default-network-allow",
    "Storage account reachable from every network",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.4.1",
        "soc2:CC6.6",
        "cis-azure-2.0:3.8",
    ],
    "An `azurerm_storage_account` keeps public network access on and has no `network_rules` (nor \
     an `azurerm_storage_account_network_rules` in the same file) with `default_action = \
     \"Deny\"`. The account endpoints then accept connections from any internet address, and a \
     leaked key or SAS token is usable from anywhere.",
    "```hcl\nnetwork_rules {\n  default_action             = \"Deny\"\n  bypass                     \
     = [\"AzureServices\"]\n  virtual_network_subnet_ids = [azurerm_subnet.app.id]\n}\n```\nor \
     set `public_network_access_enabled = false` and use private endpoints.",
    &["https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security"],
);

pub static DEFAULT_NETWORK_DENY: IacRule = IacRule {
    rule: &DEFAULT_NETWORK_DENY_RULE,
    format: Format::Terraform,
    kinds: ACCOUNT,
    check: check_default_network,
};

fn check_default_network(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    match lookup(&resource.body, &["public_network_access_enabled"]) {
        Attr::Known(n) if truthy(n) == Some(false) => return Vec::new(),
        Attr::Unknown => return Vec::new(),
        _ => {}
    }
    let mut actions: Vec<Attr<'_>> = blocks(&resource.body, "network_rules")
        .into_iter()
        .map(|b| lookup(b, &["default_action"]))
        .collect();
    actions.extend(
        attached(
            context,
            resource,
            &["azurerm_storage_account_network_rules"],
        )
        .into_iter()
        .map(|r| lookup(&r.body, &["default_action"])),
    );
    if actions.iter().any(|a| {
        matches!(a, Attr::Unknown) || matches!(a, Attr::Known(n) if is_one_of(n, &["Deny"]))
    }) {
        return Vec::new();
    }
    match actions.iter().find_map(|a| match a {
        Attr::Known(n) => Some(n),
        _ => None,
    }) {
        Some(node) => hit(
            node.span,
            format!(
                "{}: network rules default to `Allow`: reachable from any network",
                resource.address
            ),
        ),
        None => hit(
            resource.span,
            format!(
                "{}: no network rules with `default_action = \"Deny\"`: reachable from any network",
                resource.address
            ),
        ),
    }
}

static CMK_RULE: Rule = doc(
    "iac.azure.storage-cmk",
    "Storage account not encrypted with a customer-managed key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `azurerm_storage_account` has no `customer_managed_key` block and no \
     `azurerm_storage_account_customer_managed_key` in the same file refers to it, so its data is \
     encrypted only with Microsoft-managed keys. The bank then cannot rotate, audit use of, or \
     revoke the key that protects the data, which auditors expect for stores of cardholder or \
     customer data (CIS Azure 3.12).",
    "```hcl\ncustomer_managed_key {\n  key_vault_key_id          = \
     azurerm_key_vault_key.storage.versionless_id\n  user_assigned_identity_id = \
     azurerm_user_assigned_identity.storage.id\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/storage/common/customer-managed-keys-overview"],
);

pub static CMK: IacRule = IacRule {
    rule: &CMK_RULE,
    format: Format::Terraform,
    kinds: ACCOUNT,
    check: |context, r| {
        if !blocks(&r.body, "customer_managed_key").is_empty()
            || !matches!(
                lookup(&r.body, &["customer_managed_key"]),
                Attr::Missing | Attr::Known(_)
            )
            || !attached(
                context,
                r,
                &["azurerm_storage_account_customer_managed_key"],
            )
            .is_empty()
        {
            return Vec::new();
        }
        hit(
            r.span,
            format!(
                "{}: no customer-managed key (Microsoft-managed keys only)",
                r.address
            ),
        )
    },
};

static SHARED_KEY_RULE: Rule = doc(
    "iac.azure.storage-shared-key-access",
    "Storage account accepts shared key authorization",
    Severity::Low,
    &["CWE-1390"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.2.2", "pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "An `azurerm_storage_account` leaves `shared_access_key_enabled` at its default `true`. The \
     two account keys grant full control of all data, never expire, are shared by whoever holds \
     them and leave no individual identity in the logs; account and service SAS tokens are \
     signed with them too. Entra ID authorization gives per-identity access and audit.",
    "Set `shared_access_key_enabled = false`, grant `Storage Blob Data *` roles to identities, \
     and set `storage_use_azuread = true` in the `provider \"azurerm\"` block so Terraform \
     itself uses Entra ID.",
    &["https://learn.microsoft.com/en-us/azure/storage/common/shared-key-authorization-prevent"],
);

pub static SHARED_KEY: IacRule = IacRule {
    rule: &SHARED_KEY_RULE,
    format: Format::Terraform,
    kinds: ACCOUNT,
    check: |_, r| {
        require_off(
            r,
            &["shared_access_key_enabled"],
            "lets the account keys authorize requests",
        )
    },
};

pub static SHARED_KEY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SHARED_KEY
};

static SOFT_DELETE_RULE: Rule = doc(
    "iac.azure.storage-soft-delete",
    "Blob or container soft delete off or shorter than 7 days",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2", "cis-azure-2.0:3.11"],
    "An `azurerm_storage_account` that holds blobs has no `blob_properties` \
     `delete_retention_policy` or `container_delete_retention_policy` (so soft delete is off), or \
     keeps deleted items fewer than 7 days. A mistaken or malicious delete — including \
     ransomware that wipes a container — is then permanent.",
    "```hcl\nblob_properties {\n  delete_retention_policy {\n    days = 30\n  }\n  \
     container_delete_retention_policy {\n    days = 30\n  }\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/storage/blobs/soft-delete-blob-overview"],
);

pub static SOFT_DELETE: IacRule = IacRule {
    rule: &SOFT_DELETE_RULE,
    format: Format::Terraform,
    kinds: ACCOUNT,
    check: check_soft_delete,
};

pub static SOFT_DELETE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SOFT_DELETE
};

fn check_soft_delete(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    // File-only accounts have no blob service.
    match lookup(&resource.body, &["account_kind"]) {
        Attr::Known(kind) if is_one_of(kind, &["FileStorage"]) => return Vec::new(),
        Attr::Unknown => return Vec::new(),
        _ => {}
    }
    let properties = blocks(&resource.body, "blob_properties");
    if matches!(lookup(&resource.body, &["blob_properties"]), Attr::Unknown) {
        return Vec::new();
    }
    let mut missing = Vec::new();
    let mut out = Vec::new();
    for policy in [
        "delete_retention_policy",
        "container_delete_retention_policy",
    ] {
        let found: Vec<_> = properties.iter().flat_map(|p| blocks(p, policy)).collect();
        if found.is_empty() {
            missing.push(policy);
        }
        for block in found {
            if let Attr::Known(days) = lookup(block, &["days"])
                && number(days).is_some_and(|d| d < 7.0)
            {
                out.extend(hit(
                    days.span,
                    format!(
                        "{}: `{policy}` keeps deleted items {} days, fewer than 7",
                        resource.address,
                        number(days).unwrap_or_default()
                    ),
                ));
            }
        }
    }
    if !missing.is_empty() {
        out.extend(hit(
            resource.span,
            format!(
                "{}: soft delete is off (no {})",
                resource.address,
                missing.join(", no ")
            ),
        ));
    }
    out
}

static GEO_REPLICATION_RULE: Rule = doc(
    "iac.azure.storage-geo-redundancy",
    "Storage account not geo-redundant",
    Severity::Low,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "An `azurerm_storage_account` uses `account_replication_type = \"LRS\"` or `\"ZRS\"`: every \
     copy of the data lives in one region, so a regional outage or disaster makes it \
     unavailable or lost. Business continuity plans of a bank (and DORA's ICT resilience \
     requirements) usually require a copy in a second region for production data.",
    "Use `account_replication_type = \"GZRS\"` (or `\"GRS\"`, `\"RAGZRS\"`, `\"RAGRS\"`) for \
     accounts that hold production or backup data.",
    &["https://learn.microsoft.com/en-us/azure/storage/common/storage-redundancy"],
);

pub static GEO_REPLICATION: IacRule = IacRule {
    rule: &GEO_REPLICATION_RULE,
    format: Format::Terraform,
    kinds: ACCOUNT,
    check: |_, r| {
        forbid_values(
            r,
            &["account_replication_type"],
            &["LRS", "ZRS"],
            "keeps every copy in one region",
        )
    },
};

pub static GEO_REPLICATION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..GEO_REPLICATION
};

static CROSS_TENANT_RULE: Rule = doc(
    "iac.azure.storage-cross-tenant-replication",
    "Storage account allows object replication to other tenants",
    Severity::Medium,
    &["CWE-200"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    "An `azurerm_storage_account` sets `cross_tenant_replication_enabled = true`, so anyone who \
     can write an object replication policy can copy its blobs continuously to a storage account \
     in another Entra ID tenant — a data exfiltration path outside the bank's control.",
    "Set `cross_tenant_replication_enabled = false` (the azurerm 4.x default) and replicate only \
     within the tenant.",
    &[
        "https://learn.microsoft.com/en-us/azure/storage/blobs/object-replication-prevent-cross-tenant-policies",
    ],
);

pub static CROSS_TENANT: IacRule = IacRule {
    rule: &CROSS_TENANT_RULE,
    format: Format::Terraform,
    kinds: ACCOUNT,
    check: |_, r| {
        forbid_true(
            r,
            &["cross_tenant_replication_enabled"],
            "allows replication to other tenants",
        )
    },
};

pub static CROSS_TENANT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CROSS_TENANT
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BAD: &str = r#"resource "azurerm_storage_account" "s" {
  name                            = "payments"
  account_replication_type        = "LRS"
  https_traffic_only_enabled      = false
  min_tls_version                 = "TLS1_0"
  allow_nested_items_to_be_public = true
  shared_access_key_enabled       = true
  cross_tenant_replication_enabled = true
  network_rules {
    default_action = "Allow"
  }
  blob_properties {
    delete_retention_policy {
      days = 1
    }
  }
}
"#;

    const GOOD: &str = r#"resource "azurerm_storage_account" "s" {
  name                            = "payments"
  account_replication_type        = "GZRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  network_rules {
    default_action = "Deny"
  }
  customer_managed_key {
    key_vault_key_id          = azurerm_key_vault_key.k.versionless_id
    user_assigned_identity_id = azurerm_user_assigned_identity.i.id
  }
  blob_properties {
    delete_retention_policy {
      days = 30
    }
    container_delete_retention_policy {
      days = 30
    }
  }
}
"#;

    #[test]
    fn account_settings() {
        assert_eq!(run(&HTTPS_ONLY, BAD), (1, Some(4)));
        assert_eq!(run(&MIN_TLS, BAD), (1, Some(5)));
        assert_eq!(run(&NESTED_PUBLIC, BAD), (1, Some(6)));
        assert_eq!(run(&SHARED_KEY, BAD), (1, Some(7)));
        assert_eq!(run(&CROSS_TENANT, BAD), (1, Some(8)));
        assert_eq!(run(&DEFAULT_NETWORK_DENY, BAD), (1, Some(10)));
        assert_eq!(run(&GEO_REPLICATION, BAD), (1, Some(3)));
        assert_eq!(run(&CMK, BAD), (1, Some(1)));
        // Blob retention too short (line 14) and no container soft delete (the resource).
        assert_eq!(run(&SOFT_DELETE, BAD), (2, Some(14)));
        for rule in [
            &HTTPS_ONLY,
            &MIN_TLS,
            &NESTED_PUBLIC,
            &SHARED_KEY,
            &CROSS_TENANT,
            &DEFAULT_NETWORK_DENY,
            &GEO_REPLICATION,
            &CMK,
            &SOFT_DELETE,
        ] {
            assert_eq!(run(rule, GOOD), (0, None), "{}", rule.rule.id);
        }
    }

    #[test]
    fn defaults() {
        let bare = "resource \"azurerm_storage_account\" \"s\" {\n  name = \"x\"\n}\n";
        // Insecure defaults fire at the resource; secure defaults do not fire.
        for rule in [
            &NESTED_PUBLIC,
            &SHARED_KEY,
            &DEFAULT_NETWORK_DENY,
            &CMK,
            &SOFT_DELETE,
        ] {
            assert_eq!(run(rule, bare), (1, Some(1)), "{}", rule.rule.id);
        }
        for rule in [&HTTPS_ONLY, &MIN_TLS, &CROSS_TENANT, &GEO_REPLICATION] {
            assert_eq!(run(rule, bare), (0, None), "{}", rule.rule.id);
        }
        let files =
            "resource \"azurerm_storage_account\" \"s\" {\n  account_kind = \"FileStorage\"\n}\n";
        assert_eq!(run(&SOFT_DELETE, files), (0, None));
        let unknown = "resource \"azurerm_storage_account\" \"s\" {\n  min_tls_version = var.tls\n  https_traffic_only_enabled = var.https\n}\n";
        assert_eq!(run(&MIN_TLS, unknown), (0, None));
        assert_eq!(run(&HTTPS_ONLY, unknown), (0, None));
    }

    #[test]
    fn separate_resources() {
        let text = r#"resource "azurerm_storage_account" "s" {
  public_network_access_enabled = true
}
resource "azurerm_storage_account_network_rules" "r" {
  storage_account_id = azurerm_storage_account.s.id
  default_action     = "Deny"
}
resource "azurerm_storage_account_customer_managed_key" "k" {
  storage_account_id = azurerm_storage_account.s.id
  key_vault_id       = azurerm_key_vault.kv.id
  key_name           = "storage"
}
"#;
        assert_eq!(run(&DEFAULT_NETWORK_DENY, text), (0, None));
        assert_eq!(run(&CMK, text), (0, None));
        let private = "resource \"azurerm_storage_account\" \"s\" {\n  public_network_access_enabled = false\n}\n";
        assert_eq!(run(&DEFAULT_NETWORK_DENY, private), (0, None));
    }

    #[test]
    fn containers() {
        let public = "resource \"azurerm_storage_container\" \"c\" {\n  name = \"statements\"\n  container_access_type = \"blob\"\n}\n";
        assert_eq!(run(&CONTAINER_PUBLIC, public), (1, Some(3)));
        let private =
            "resource \"azurerm_storage_container\" \"c\" {\n  name = \"statements\"\n}\n";
        assert_eq!(run(&CONTAINER_PUBLIC, private), (0, None));
    }
}
