//! Key Vault: recoverability (purge protection, soft delete retention), network access,
//! RBAC authorization, and key/secret expiry and rotation.

use super::{first_written, is_one_of, require_on};
use crate::model::{Format, Resource};
use crate::rules::terraform::{Attr, blocks, doc, hit, lookup, number, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &PURGE_PROTECTION,
        &PURGE_PROTECTION_PLAN,
        &SOFT_DELETE_RETENTION,
        &SOFT_DELETE_RETENTION_PLAN,
        &NETWORK_DEFAULT_DENY,
        &NETWORK_DEFAULT_DENY_PLAN,
        &RBAC,
        &RBAC_PLAN,
        &KEY_EXPIRATION,
        &KEY_EXPIRATION_PLAN,
        &SECRET_EXPIRATION,
        &SECRET_EXPIRATION_PLAN,
        &KEY_ROTATION,
        &KEY_ROTATION_PLAN,
    ]
}

const VAULT: &[&str] = &["azurerm_key_vault"];

static PURGE_PROTECTION_RULE: Rule = doc(
    "iac.azure.keyvault-purge-protection",
    "Key Vault without purge protection",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["pci-dss-4.0.1:3.6.1", "soc2:A1.2", "cis-azure-2.0:8.5"],
    "An `azurerm_key_vault` leaves `purge_protection_enabled` at its default `false`. Anyone (or \
     any compromised pipeline) with purge permission can permanently destroy a deleted vault and \
     its keys during the soft-delete period — and with them every database, disk and storage \
     account encrypted under those keys. Customer-managed keys for Azure SQL, Storage and disks \
     require purge protection.",
    "Set `purge_protection_enabled = true` (it cannot be turned off again).",
    &[
        "https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-overview",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault",
    ],
);

pub static PURGE_PROTECTION: IacRule = IacRule {
    rule: &PURGE_PROTECTION_RULE,
    format: Format::Terraform,
    kinds: &[
        "azurerm_key_vault",
        "azurerm_key_vault_managed_hardware_security_module",
    ],
    check: |_, r| require_on(r, &["purge_protection_enabled"], "purge protection"),
};

pub static PURGE_PROTECTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PURGE_PROTECTION
};

static SOFT_DELETE_RETENTION_RULE: Rule = doc(
    "iac.azure.keyvault-soft-delete-retention",
    "Key Vault keeps deleted objects less than 90 days",
    Severity::Low,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2", "cis-azure-2.0:8.5"],
    "An `azurerm_key_vault` sets `soft_delete_retention_days` below the default and maximum of \
     90. A deleted key or secret can be recovered only within that window; a deletion noticed \
     late (after a holiday, during an incident) is permanent, and the value can never be \
     changed after creation.",
    "Remove `soft_delete_retention_days` or set it to `90`.",
    &["https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-overview"],
);

pub static SOFT_DELETE_RETENTION: IacRule = IacRule {
    rule: &SOFT_DELETE_RETENTION_RULE,
    format: Format::Terraform,
    kinds: VAULT,
    check: |_, r| match lookup(&r.body, &["soft_delete_retention_days"]) {
        Attr::Known(node) => match number(node) {
            Some(days) if days < 90.0 => hit(
                node.span,
                format!(
                    "{}: deleted objects kept {days} days, fewer than 90",
                    r.address
                ),
            ),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    },
};

pub static SOFT_DELETE_RETENTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SOFT_DELETE_RETENTION
};

static NETWORK_DEFAULT_DENY_RULE: Rule = doc(
    "iac.azure.keyvault-network-default-allow",
    "Key Vault reachable from every network",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:3.6.1", "soc2:CC6.6"],
    "An `azurerm_key_vault` keeps public network access on and has no `network_acls` with \
     `default_action = \"Deny\"`. The vault that holds the bank's encryption keys and \
     application secrets then accepts requests from any internet address, so a stolen token or \
     client secret works from anywhere.",
    "```hcl\nnetwork_acls {\n  default_action             = \"Deny\"\n  bypass                     \
     = \"AzureServices\"\n  virtual_network_subnet_ids = [azurerm_subnet.app.id]\n}\n```\nor set \
     `public_network_access_enabled = false` and use a private endpoint.",
    &["https://learn.microsoft.com/en-us/azure/key-vault/general/network-security"],
);

pub static NETWORK_DEFAULT_DENY: IacRule = IacRule {
    rule: &NETWORK_DEFAULT_DENY_RULE,
    format: Format::Terraform,
    kinds: VAULT,
    check: check_network,
};

pub static NETWORK_DEFAULT_DENY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NETWORK_DEFAULT_DENY
};

fn check_network(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    match lookup(&resource.body, &["public_network_access_enabled"]) {
        Attr::Known(n) if truthy(n) == Some(false) => return Vec::new(),
        Attr::Unknown => return Vec::new(),
        _ => {}
    }
    if blocks(&resource.body, "network_acls").is_empty() {
        return match lookup(&resource.body, &["network_acls"]) {
            Attr::Unknown => Vec::new(),
            _ => hit(
                resource.span,
                format!(
                    "{}: no `network_acls`: reachable from any network",
                    resource.address
                ),
            ),
        };
    }
    match lookup(&resource.body, &["network_acls", "default_action"]) {
        Attr::Known(action) if is_one_of(action, &["Allow"]) => hit(
            action.span,
            format!(
                "{}: `network_acls` default to `Allow`: reachable from any network",
                resource.address
            ),
        ),
        _ => Vec::new(),
    }
}

static RBAC_RULE: Rule = doc(
    "iac.azure.keyvault-rbac",
    "Key Vault uses access policies instead of Azure RBAC",
    Severity::Low,
    &["CWE-732"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:7.2.1",
        "pci-dss-4.0.1:7.2.2",
        "soc2:CC6.3",
        "cis-azure-2.0:8.6",
    ],
    "An `azurerm_key_vault` leaves `rbac_authorization_enabled` (azurerm 4.x; \
     `enable_rbac_authorization` in 3.x) at its default `false`, so data-plane access is granted \
     by vault access policies. Those cannot be scoped to a single key or secret, are invisible to \
     Privileged Identity Management and access reviews, and anyone with `Contributor` on the \
     vault can grant themselves access to every secret.",
    "Set `rbac_authorization_enabled = true` and grant `Key Vault Secrets User` / `Key Vault \
     Crypto User` roles with `azurerm_role_assignment`.",
    &["https://learn.microsoft.com/en-us/azure/key-vault/general/rbac-guide"],
);

pub static RBAC: IacRule = IacRule {
    rule: &RBAC_RULE,
    format: Format::Terraform,
    kinds: VAULT,
    check: |_, r| {
        require_on(
            r,
            &["rbac_authorization_enabled", "enable_rbac_authorization"],
            "Azure RBAC authorization",
        )
    },
};

pub static RBAC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..RBAC
};

/// A hit at the resource when `expiration_date` is not set.
fn require_expiry(resource: &Resource, what: &str) -> Vec<Hit> {
    match lookup(&resource.body, &["expiration_date"]) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: `expiration_date` is not set, so the {what} never expires",
                resource.address
            ),
        ),
        _ => Vec::new(),
    }
}

static KEY_EXPIRATION_RULE: Rule = doc(
    "iac.azure.keyvault-key-expiration",
    "Key Vault key without an expiration date",
    Severity::Medium,
    &["CWE-324"],
    &["A02:2021"],
    &[
        "pci-dss-4.0.1:3.6.1",
        "pci-dss-4.0.1:3.7.4",
        "cis-azure-2.0:8.1",
        "cis-azure-2.0:8.2",
    ],
    "An `azurerm_key_vault_key` has no `expiration_date`, so it stays valid forever. PCI DSS \
     3.7.4 requires cryptographic keys to be changed at the end of a defined cryptoperiod; a key \
     without an end date has none, and nothing forces its replacement.",
    "Set `expiration_date = \"2026-12-31T00:00:00Z\"` (or drive it from `time_offset`) together \
     with a `rotation_policy` that renews the key before it expires.",
    &["https://learn.microsoft.com/en-us/azure/key-vault/general/about-keys-secrets-certificates"],
);

pub static KEY_EXPIRATION: IacRule = IacRule {
    rule: &KEY_EXPIRATION_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_key_vault_key"],
    check: |_, r| {
        // A rotation policy with `expire_after` sets the expiry on every version it creates.
        if !matches!(
            first_written(&r.body, &["rotation_policy.expire_after"]).0,
            Attr::Missing
        ) {
            return Vec::new();
        }
        require_expiry(r, "key")
    },
};

pub static KEY_EXPIRATION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..KEY_EXPIRATION
};

static SECRET_EXPIRATION_RULE: Rule = doc(
    "iac.azure.keyvault-secret-expiration",
    "Key Vault secret without an expiration date",
    Severity::Medium,
    &["CWE-324"],
    &["A07:2021"],
    &[
        "pci-dss-4.0.1:8.3.9",
        "pci-dss-4.0.1:8.6.3",
        "cis-azure-2.0:8.3",
        "cis-azure-2.0:8.4",
    ],
    "An `azurerm_key_vault_secret` has no `expiration_date`. Passwords, connection strings and \
     API keys stored without an end date are never flagged for rotation, so a secret that leaked \
     years ago still works; PCI DSS 8.6.3 requires application and system account passwords to \
     be changed periodically.",
    "Set `expiration_date` (e.g. `timeadd(timestamp(), \"8760h\")` with `ignore_changes`) and \
     rotate the secret before it expires, ideally with an Event Grid `SecretNearExpiry` handler.",
    &["https://learn.microsoft.com/en-us/azure/key-vault/secrets/about-secrets"],
);

pub static SECRET_EXPIRATION: IacRule = IacRule {
    rule: &SECRET_EXPIRATION_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_key_vault_secret"],
    check: |_, r| require_expiry(r, "secret"),
};

pub static SECRET_EXPIRATION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SECRET_EXPIRATION
};

static KEY_ROTATION_RULE: Rule = doc(
    "iac.azure.keyvault-key-rotation",
    "Key Vault key without automatic rotation",
    Severity::Low,
    &["CWE-324"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.7.4", "cis-azure-2.0:8.8"],
    "An `azurerm_key_vault_key` has no `rotation_policy { automatic { … } }`, so new key \
     versions are created only when someone remembers to. Services that use versionless key \
     ids (Storage, SQL TDE, disks) pick up rotated versions automatically, making rotation at the \
     end of each cryptoperiod (PCI DSS 3.7.4) free.",
    "```hcl\nrotation_policy {\n  expire_after         = \"P1Y\"\n  notify_before_expiry = \
     \"P30D\"\n  automatic {\n    time_before_expiry = \"P30D\"\n  }\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/key-vault/keys/how-to-configure-key-rotation"],
);

pub static KEY_ROTATION: IacRule = IacRule {
    rule: &KEY_ROTATION_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_key_vault_key"],
    check: |_, r| {
        let policies = blocks(&r.body, "rotation_policy");
        if matches!(lookup(&r.body, &["rotation_policy"]), Attr::Unknown)
            || policies.iter().any(|p| {
                !blocks(p, "automatic").is_empty()
                    || matches!(lookup(p, &["automatic"]), Attr::Unknown)
            })
        {
            return Vec::new();
        }
        let span = policies.first().map_or(r.span, |p| p.span);
        hit(span, format!("{}: no automatic rotation policy", r.address))
    },
};

pub static KEY_ROTATION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..KEY_ROTATION
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn vault() {
        let bare = "resource \"azurerm_key_vault\" \"kv\" {\n  name = \"payments\"\n}\n";
        for rule in [&PURGE_PROTECTION, &NETWORK_DEFAULT_DENY, &RBAC] {
            assert_eq!(run(rule, bare), (1, Some(1)), "{}", rule.rule.id);
        }
        assert_eq!(run(&SOFT_DELETE_RETENTION, bare), (0, None));
        let bad = r#"resource "azurerm_key_vault" "kv" {
  purge_protection_enabled   = false
  soft_delete_retention_days = 7
  enable_rbac_authorization  = false
  network_acls {
    bypass         = "AzureServices"
    default_action = "Allow"
  }
}
"#;
        assert_eq!(run(&PURGE_PROTECTION, bad), (1, Some(2)));
        assert_eq!(run(&SOFT_DELETE_RETENTION, bad), (1, Some(3)));
        assert_eq!(run(&RBAC, bad), (1, Some(4)));
        assert_eq!(run(&NETWORK_DEFAULT_DENY, bad), (1, Some(7)));
        let good = r#"resource "azurerm_key_vault" "kv" {
  purge_protection_enabled   = true
  soft_delete_retention_days = 90
  rbac_authorization_enabled = true
  network_acls {
    bypass         = "AzureServices"
    default_action = "Deny"
  }
}
"#;
        for rule in [
            &PURGE_PROTECTION,
            &SOFT_DELETE_RETENTION,
            &RBAC,
            &NETWORK_DEFAULT_DENY,
        ] {
            assert_eq!(run(rule, good), (0, None), "{}", rule.rule.id);
        }
        let private =
            "resource \"azurerm_key_vault\" \"kv\" {\n  public_network_access_enabled = false\n}\n";
        assert_eq!(run(&NETWORK_DEFAULT_DENY, private), (0, None));
    }

    #[test]
    fn keys_and_secrets() {
        let key = r#"resource "azurerm_key_vault_key" "k" {
  name     = "tde"
  key_type = "RSA-HSM"
  key_size = 3072
}
"#;
        assert_eq!(run(&KEY_EXPIRATION, key), (1, Some(1)));
        assert_eq!(run(&KEY_ROTATION, key), (1, Some(1)));
        let notify_only = r#"resource "azurerm_key_vault_key" "k" {
  expiration_date = "2026-12-31T00:00:00Z"
  rotation_policy {
    notify_before_expiry = "P30D"
  }
}
"#;
        assert_eq!(run(&KEY_EXPIRATION, notify_only), (0, None));
        assert_eq!(run(&KEY_ROTATION, notify_only), (1, Some(3)));
        let rotated = r#"resource "azurerm_key_vault_key" "k" {
  rotation_policy {
    expire_after = "P1Y"
    automatic {
      time_before_expiry = "P30D"
    }
  }
}
"#;
        assert_eq!(run(&KEY_EXPIRATION, rotated), (0, None));
        assert_eq!(run(&KEY_ROTATION, rotated), (0, None));
        let secret = "resource \"azurerm_key_vault_secret\" \"s\" {\n  name = \"db-password\"\n}\n";
        assert_eq!(run(&SECRET_EXPIRATION, secret), (1, Some(1)));
        let expiring =
            "resource \"azurerm_key_vault_secret\" \"s\" {\n  expiration_date = var.expiry\n}\n";
        assert_eq!(run(&SECRET_EXPIRATION, expiring), (0, None));
    }
}
