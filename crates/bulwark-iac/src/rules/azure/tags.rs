//! Tag governance: taggable azurerm resources must carry the tags configured in
//! `[iac] required_tags` (owner, cost centre, data classification…). The azurerm provider has
//! no `default_tags`, so every resource must write its own `tags`.

use crate::model::{Format, Resource, Value};
use crate::rules::missing_tags;
use crate::rules::terraform::{Attr, doc, lookup};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![&REQUIRED_TAGS, &REQUIRED_TAGS_PLAN]
}

/// Common azurerm resource types that accept `tags`; any other `azurerm_*` resource that
/// writes `tags` is taggable too.
const TAGGABLE: &[&str] = &[
    "azurerm_resource_group",
    "azurerm_storage_account",
    "azurerm_key_vault",
    "azurerm_key_vault_key",
    "azurerm_key_vault_secret",
    "azurerm_mssql_server",
    "azurerm_mssql_database",
    "azurerm_mssql_managed_instance",
    "azurerm_postgresql_flexible_server",
    "azurerm_mysql_flexible_server",
    "azurerm_cosmosdb_account",
    "azurerm_redis_cache",
    "azurerm_virtual_network",
    "azurerm_network_security_group",
    "azurerm_network_interface",
    "azurerm_public_ip",
    "azurerm_application_gateway",
    "azurerm_firewall",
    "azurerm_firewall_policy",
    "azurerm_lb",
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
    "azurerm_linux_virtual_machine_scale_set",
    "azurerm_windows_virtual_machine_scale_set",
    "azurerm_managed_disk",
    "azurerm_disk_encryption_set",
    "azurerm_kubernetes_cluster",
    "azurerm_container_registry",
    "azurerm_service_plan",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_log_analytics_workspace",
    "azurerm_eventhub_namespace",
    "azurerm_servicebus_namespace",
    "azurerm_api_management",
    "azurerm_user_assigned_identity",
    "azurerm_private_endpoint",
    "azurerm_recovery_services_vault",
    "azurerm_data_protection_backup_vault",
];

static REQUIRED_TAGS_RULE: Rule = doc(
    "iac.azure.required-tags",
    "Azure resource missing required tags",
    Severity::Low,
    &["CWE-1059"],
    &["A05:2021"],
    &["pci-dss-4.0.1:12.5.1", "soc2:CC6.1"],
    "A taggable azurerm resource lacks one or more of the tags listed in `[iac] required_tags` \
     in `bulwark.toml`. Tags are how a bank keeps the inventory of system components PCI DSS \
     12.5.1 asks for, ties each resource to an owner and a data classification, and scopes cost \
     and access reviews; untagged resources fall out of all of them. (Tags inherited from a \
     resource group through Azure Policy are not visible here.)",
    "Add the missing tags on the resource, e.g. from a shared local:\n\n```hcl\nlocals {\n  tags \
     = {\n    Owner              = \"payments-team\"\n    DataClassification = \
     \"confidential\"\n  }\n}\n\nresource \"azurerm_storage_account\" \"this\" {\n  # …\n  tags = \
     local.tags\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/tag-resources"],
);

pub static REQUIRED_TAGS: IacRule = IacRule {
    rule: &REQUIRED_TAGS_RULE,
    format: Format::Terraform,
    kinds: &[],
    check: check_tags,
};

pub static REQUIRED_TAGS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..REQUIRED_TAGS
};

fn check_tags(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if context.required_tags.is_empty()
        || !resource.kind.starts_with("azurerm_")
        || resource.address.starts_with("data.")
        || resource.address.contains(".data.")
    {
        return Vec::new();
    }
    // A plan lists `tags` (possibly null) for every resource type that has them.
    if resource.body.get("tags").is_none() && !TAGGABLE.contains(&resource.kind.as_str()) {
        return Vec::new();
    }
    let (present, span): (Vec<&str>, _) = match lookup(&resource.body, &["tags"]) {
        Attr::Known(node) => match &node.value {
            Value::Object(entries) => (
                entries.iter().map(|(k, _, _)| k.as_str()).collect(),
                node.span,
            ),
            _ => return Vec::new(),
        },
        Attr::Missing => (Vec::new(), resource.span),
        Attr::Unknown => return Vec::new(),
    };
    missing_tags(context, resource, span, |t| present.contains(&t), "tag")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits_with_tags;

    fn run(path: &str, text: &str) -> (usize, Option<u32>, Vec<String>) {
        let tags = vec!["Owner".to_string(), "DataClassification".to_string()];
        let rule = if path.ends_with(".json") {
            &REQUIRED_TAGS_PLAN
        } else {
            &REQUIRED_TAGS
        };
        let found = hits_with_tags(rule, path, text, &tags);
        (
            found.len(),
            found.first().map(|h| h.span.start.line),
            found.into_iter().map(|h| h.message).collect(),
        )
    }

    #[test]
    fn missing_tags() {
        let text = r#"resource "azurerm_storage_account" "s" {
  name = "x"
  tags = {
    Owner = "payments"
  }
}
resource "azurerm_key_vault" "kv" {
  name = "kv"
}
resource "azurerm_role_assignment" "r" {
  scope = "x"
}
resource "aws_s3_bucket" "b" {
  bucket = "x"
}
"#;
        let (count, line, messages) = run("main.tf", text);
        assert_eq!((count, line), (2, Some(3)));
        assert!(messages[0].ends_with("missing required tag DataClassification"));
        assert!(messages[1].contains("DataClassification") && messages[1].contains("Owner"));
    }

    #[test]
    fn tagged_unknown_and_plan() {
        let text = r#"resource "azurerm_resource_group" "rg" {
  tags = {
    Owner              = "payments"
    DataClassification = "confidential"
  }
}
resource "azurerm_key_vault" "kv" {
  tags = merge(local.tags, { x = "y" })
}
data "azurerm_key_vault" "existing" {
  name = "kv"
}
"#;
        assert_eq!(run("main.tf", text).0, 0);
        let plan = r#"{
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "azurerm_eventgrid_topic.t",
          "type": "azurerm_eventgrid_topic",
          "values": { "tags": null }
        }
      ]
    }
  }
}
"#;
        assert_eq!(run("plan.json", plan).0, 1);
        let none = hits_with_tags(
            &REQUIRED_TAGS,
            "main.tf",
            "resource \"azurerm_key_vault\" \"kv\" {}\n",
            &[],
        );
        assert!(none.is_empty());
    }
}
