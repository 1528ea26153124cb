//! Logging and monitoring: log retention (PCI DSS 10.5.1), diagnostic settings, network flow
//! logs, Microsoft Defender for Cloud plans and security contacts.

use super::{forbid_false, forbid_values};
use crate::model::{Format, Resource};
use crate::rules::terraform::{Attr, attached, blocks, doc, hit, lookup, number, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &LOG_ANALYTICS_RETENTION,
        &LOG_ANALYTICS_RETENTION_PLAN,
        &ACTIVITY_LOG_RETENTION,
        &ACTIVITY_LOG_RETENTION_PLAN,
        &DIAGNOSTIC_SETTINGS,
        &FLOW_LOG_DISABLED,
        &FLOW_LOG_DISABLED_PLAN,
        &FLOW_LOG_RETENTION,
        &FLOW_LOG_RETENTION_PLAN,
        &NETWORK_FLOW_LOGS,
        &SECURITY_CONTACT,
        &SECURITY_CONTACT_PLAN,
        &DEFENDER_FREE,
        &DEFENDER_FREE_PLAN,
    ]
}

/// PCI DSS 10.5.1: audit log history is kept at least 12 months.
const YEAR: f64 = 365.0;
const RETENTION: &[&str] = &["pci-dss-4.0.1:10.5.1", "soc2:CC7.2"];

/// A hit at a literal retention between 1 and 364 days (0 means "keep forever").
fn short_retention(resource: &Resource, path: &[&str], what: &str) -> Vec<Hit> {
    match lookup(&resource.body, path) {
        Attr::Known(node) => match number(node) {
            Some(days) if days > 0.0 && days < YEAR => hit(
                node.span,
                format!(
                    "{}: {what} kept {days} days, fewer than 365",
                    resource.address
                ),
            ),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

static LOG_ANALYTICS_RETENTION_RULE: Rule = doc(
    "iac.azure.log-analytics-retention",
    "Log Analytics workspace keeps logs less than a year",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    RETENTION,
    "An `azurerm_log_analytics_workspace` leaves `retention_in_days` at its default 30 days or \
     sets fewer than 365. Activity, sign-in, firewall and application logs sent there are then \
     deleted long before PCI DSS 10.5.1's 12 months of audit log history. (If individual tables \
     keep a year through `azurerm_log_analytics_workspace_table` `total_retention_in_days`, \
     waive this finding for the workspace.)",
    "Set `retention_in_days = 365` (or more), or keep 90 days interactive and archive tables to \
     a year with `total_retention_in_days`.",
    &[
        "https://learn.microsoft.com/en-us/azure/azure-monitor/logs/data-retention-configure",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/log_analytics_workspace",
    ],
);

pub static LOG_ANALYTICS_RETENTION: IacRule = IacRule {
    rule: &LOG_ANALYTICS_RETENTION_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_log_analytics_workspace"],
    check: |_, r| match lookup(&r.body, &["retention_in_days"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: `retention_in_days` is not set (30 days by default)",
                r.address
            ),
        ),
        _ => short_retention(r, &["retention_in_days"], "logs"),
    },
};

pub static LOG_ANALYTICS_RETENTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LOG_ANALYTICS_RETENTION
};

static ACTIVITY_LOG_RETENTION_RULE: Rule = doc(
    "iac.azure.activity-log-retention",
    "Activity log profile keeps logs less than a year",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    RETENTION,
    "An `azurerm_monitor_log_profile` enables a `retention_policy` of fewer than 365 days. The \
     subscription's activity log — who created, changed or deleted which resource, role \
     assignment or firewall rule — is then deleted before the 12 months PCI DSS 10.5.1 requires. \
     (`days = 0` keeps it indefinitely.)",
    "Set `retention_policy { enabled = true days = 365 }`, or better, export the activity log \
     with an `azurerm_monitor_diagnostic_setting` on the subscription to a workspace that keeps \
     a year (log profiles are retired by Azure).",
    &["https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log"],
);

pub static ACTIVITY_LOG_RETENTION: IacRule = IacRule {
    rule: &ACTIVITY_LOG_RETENTION_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_monitor_log_profile"],
    check: |_, r| {
        if matches!(lookup(&r.body, &["retention_policy", "enabled"]), Attr::Known(n) if truthy(n) == Some(false))
        {
            return Vec::new();
        }
        short_retention(r, &["retention_policy", "days"], "activity logs")
    },
};

pub static ACTIVITY_LOG_RETENTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ACTIVITY_LOG_RETENTION
};

/// Resources whose security-relevant logs exist only if a diagnostic setting exports them.
const LOGGED_KINDS: &[&str] = &[
    "azurerm_key_vault",
    "azurerm_kubernetes_cluster",
    "azurerm_application_gateway",
    "azurerm_firewall",
    "azurerm_api_management",
    "azurerm_cdn_frontdoor_profile",
];

static DIAGNOSTIC_SETTINGS_RULE: Rule = doc(
    "iac.azure.diagnostic-settings",
    "Security-relevant resource without diagnostic logs",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &[
        "pci-dss-4.0.1:10.2.1",
        "soc2:CC7.2",
        "cis-azure-2.0:5.1.5",
        "cis-azure-2.0:5.4",
    ],
    "A Key Vault, AKS cluster, Application Gateway, Azure Firewall, API Management or Front Door \
     has no `azurerm_monitor_diagnostic_setting` in the same file that exports logs \
     (`enabled_log`) for it. Their resource logs — every key and secret read, Kubernetes audit \
     events, WAF and firewall decisions — are not kept anywhere unless exported, so access to \
     keys and cardholder data paths cannot be reconstructed (PCI DSS 10.2.1).",
    "```hcl\nresource \"azurerm_monitor_diagnostic_setting\" \"kv\" {\n  name                       = \
     \"audit\"\n  target_resource_id         = azurerm_key_vault.this.id\n  \
     log_analytics_workspace_id = azurerm_log_analytics_workspace.security.id\n  enabled_log {\n    \
     category_group = \"audit\"\n  }\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/diagnostic-settings"],
);

pub static DIAGNOSTIC_SETTINGS: IacRule = IacRule {
    rule: &DIAGNOSTIC_SETTINGS_RULE,
    format: Format::Terraform,
    kinds: LOGGED_KINDS,
    check: check_diagnostics,
};

fn check_diagnostics(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let settings = attached(context, resource, &["azurerm_monitor_diagnostic_setting"]);
    let exports_logs = settings.iter().any(|s| {
        // `enabled_log` (azurerm 4.x) or `log` (3.x) blocks, or a `dynamic` one.
        ["enabled_log", "log"].iter().any(|name| {
            !blocks(&s.body, name).is_empty() || matches!(lookup(&s.body, &[name]), Attr::Unknown)
        })
    });
    if exports_logs {
        return Vec::new();
    }
    let why = if settings.is_empty() {
        "no diagnostic setting exports its logs"
    } else {
        "its diagnostic settings export no logs"
    };
    hit(resource.span, format!("{}: {why}", resource.address))
}

const FLOW_LOG: &[&str] = &["azurerm_network_watcher_flow_log"];

static FLOW_LOG_DISABLED_RULE: Rule = doc(
    "iac.azure.flow-log-disabled",
    "Network flow log turned off",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2"],
    "An `azurerm_network_watcher_flow_log` sets `enabled = false`, so no record is kept of which \
     addresses talked to which through the network security group or virtual network. Lateral \
     movement and data exfiltration cannot be investigated afterwards.",
    "Set `enabled = true`, and send the logs to Log Analytics with `traffic_analytics { enabled \
     = true … }`.",
    &["https://learn.microsoft.com/en-us/azure/network-watcher/vnet-flow-logs-overview"],
);

pub static FLOW_LOG_DISABLED: IacRule = IacRule {
    rule: &FLOW_LOG_DISABLED_RULE,
    format: Format::Terraform,
    kinds: FLOW_LOG,
    check: |_, r| forbid_false(r, &["enabled"], "turns flow logging off"),
};

pub static FLOW_LOG_DISABLED_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..FLOW_LOG_DISABLED
};

static FLOW_LOG_RETENTION_RULE: Rule = doc(
    "iac.azure.flow-log-retention",
    "Network flow logs kept less than a year",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.5.1", "soc2:CC7.2", "cis-azure-2.0:6.5"],
    "An `azurerm_network_watcher_flow_log` enables a `retention_policy` of fewer than 365 days, \
     so flow records are deleted from the storage account before PCI DSS 10.5.1's 12 months \
     (CIS Azure asks for at least 90). `days = 0` keeps them indefinitely.",
    "```hcl\nretention_policy {\n  enabled = true\n  days    = 365\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/network-watcher/nsg-flow-logs-overview"],
);

pub static FLOW_LOG_RETENTION: IacRule = IacRule {
    rule: &FLOW_LOG_RETENTION_RULE,
    format: Format::Terraform,
    kinds: FLOW_LOG,
    check: |_, r| {
        if matches!(lookup(&r.body, &["retention_policy", "enabled"]), Attr::Known(n) if truthy(n) == Some(false))
        {
            return Vec::new();
        }
        short_retention(r, &["retention_policy", "days"], "flow logs")
    },
};

pub static FLOW_LOG_RETENTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..FLOW_LOG_RETENTION
};

static NETWORK_FLOW_LOGS_RULE: Rule = doc(
    "iac.azure.vnet-flow-logs",
    "Virtual network without flow logs",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2"],
    "An `azurerm_virtual_network` has no `azurerm_network_watcher_flow_log` in the same file \
     whose `target_resource_id` refers to it, and the file declares no NSG flow log either. \
     Without flow logs there is no record of traffic between hosts, so an intrusion or data \
     exfiltration cannot be traced. (NSG flow logs are being retired in favour of virtual \
     network flow logs.)",
    "```hcl\nresource \"azurerm_network_watcher_flow_log\" \"vnet\" {\n  name                 = \
     \"vnet\"\n  network_watcher_name = azurerm_network_watcher.this.name\n  resource_group_name  \
     = azurerm_network_watcher.this.resource_group_name\n  target_resource_id   = \
     azurerm_virtual_network.this.id\n  storage_account_id   = azurerm_storage_account.logs.id\n  \
     enabled              = true\n  retention_policy {\n    enabled = true\n    days    = 365\n  \
     }\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/network-watcher/vnet-flow-logs-overview"],
);

pub static NETWORK_FLOW_LOGS: IacRule = IacRule {
    rule: &NETWORK_FLOW_LOGS_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_virtual_network"],
    check: |context, r| {
        // Per-NSG flow logs cannot be mapped to a network here; any of them counts.
        let nsg_logs = context.resources().any(|x| {
            x.kind == "azurerm_network_watcher_flow_log"
                && !matches!(
                    lookup(&x.body, &["network_security_group_id"]),
                    Attr::Missing
                )
        });
        if nsg_logs || !attached(context, r, FLOW_LOG).is_empty() {
            return Vec::new();
        }
        hit(
            r.span,
            format!("{}: no flow log covers this virtual network", r.address),
        )
    },
};

static SECURITY_CONTACT_RULE: Rule = doc(
    "iac.azure.security-contact-notifications",
    "Defender for Cloud alert notifications turned off",
    Severity::Low,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:12.10.1", "soc2:CC7.3"],
    "An `azurerm_security_center_contact` sets `alert_notifications = false` or \
     `alerts_to_admins = false`, so Microsoft Defender for Cloud does not e-mail the security \
     contact or subscription owners about high-severity alerts — an active attack can go \
     unnoticed until someone happens to open the portal (PCI DSS 12.10.1 incident response).",
    "Set `alert_notifications = true` and `alerts_to_admins = true`, with `email` set to the \
     security operations mailbox.",
    &["https://learn.microsoft.com/en-us/azure/defender-for-cloud/configure-email-notifications"],
);

pub static SECURITY_CONTACT: IacRule = IacRule {
    rule: &SECURITY_CONTACT_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_security_center_contact"],
    check: |_, r| {
        let mut out = forbid_false(r, &["alert_notifications"], "turns alert e-mails off");
        out.extend(forbid_false(
            r,
            &["alerts_to_admins"],
            "keeps alerts from subscription owners",
        ));
        out
    },
};

pub static SECURITY_CONTACT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SECURITY_CONTACT
};

static DEFENDER_FREE_RULE: Rule = doc(
    "iac.azure.defender-free-tier",
    "Microsoft Defender for Cloud plan on the Free tier",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:11.5.1", "pci-dss-4.0.1:5.2.1", "soc2:CC7.2"],
    "An `azurerm_security_center_subscription_pricing` sets `tier = \"Free\"` for a resource \
     type (virtual machines, SQL, storage, containers, Key Vault, …). Only posture \
     recommendations remain: no threat detection, no anti-malware and vulnerability assessment \
     for servers, no alerts on suspicious access to databases and storage — the intrusion \
     detection PCI DSS 11.5.1 expects.",
    "Set `tier = \"Standard\"` for every `resource_type` in scope (e.g. `VirtualMachines`, \
     `SqlServers`, `StorageAccounts`, `Containers`, `KeyVaults`).",
    &["https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-cloud-introduction"],
);

pub static DEFENDER_FREE: IacRule = IacRule {
    rule: &DEFENDER_FREE_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_security_center_subscription_pricing"],
    check: |_, r| {
        forbid_values(
            r,
            &["tier"],
            &["Free"],
            "turns Defender threat protection off",
        )
    },
};

pub static DEFENDER_FREE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DEFENDER_FREE
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn retention() {
        let bare =
            "resource \"azurerm_log_analytics_workspace\" \"w\" {\n  sku = \"PerGB2018\"\n}\n";
        assert_eq!(run(&LOG_ANALYTICS_RETENTION, bare), (1, Some(1)));
        let short =
            "resource \"azurerm_log_analytics_workspace\" \"w\" {\n  retention_in_days = 90\n}\n";
        assert_eq!(run(&LOG_ANALYTICS_RETENTION, short), (1, Some(2)));
        let year =
            "resource \"azurerm_log_analytics_workspace\" \"w\" {\n  retention_in_days = 730\n}\n";
        assert_eq!(run(&LOG_ANALYTICS_RETENTION, year), (0, None));
        let profile = "resource \"azurerm_monitor_log_profile\" \"p\" {\n  retention_policy {\n    enabled = true\n    days    = 90\n  }\n}\n";
        assert_eq!(run(&ACTIVITY_LOG_RETENTION, profile), (1, Some(4)));
        let forever = "resource \"azurerm_monitor_log_profile\" \"p\" {\n  retention_policy {\n    enabled = true\n    days    = 0\n  }\n}\n";
        assert_eq!(run(&ACTIVITY_LOG_RETENTION, forever), (0, None));
    }

    #[test]
    fn diagnostics() {
        let text = r#"resource "azurerm_key_vault" "logged" {
  name = "a"
}
resource "azurerm_key_vault" "metrics_only" {
  name = "b"
}
resource "azurerm_key_vault" "silent" {
  name = "c"
}
resource "azurerm_monitor_diagnostic_setting" "a" {
  target_resource_id = azurerm_key_vault.logged.id
  enabled_log {
    category = "AuditEvent"
  }
}
resource "azurerm_monitor_diagnostic_setting" "b" {
  target_resource_id = azurerm_key_vault.metrics_only.id
  metric {
    category = "AllMetrics"
  }
}
"#;
        let found = crate::rules::testing::hits(&DIAGNOSTIC_SETTINGS, "main.tf", text);
        let lines: Vec<u32> = found.iter().map(|h| h.span.start.line).collect();
        assert_eq!(lines, vec![4, 7]);
        assert!(found[0].message.ends_with("export no logs"));
    }

    #[test]
    fn flow_logs() {
        let bad = r#"resource "azurerm_network_watcher_flow_log" "f" {
  target_resource_id = azurerm_virtual_network.v.id
  enabled            = false
  retention_policy {
    enabled = true
    days    = 30
  }
}
"#;
        assert_eq!(run(&FLOW_LOG_DISABLED, bad), (1, Some(3)));
        assert_eq!(run(&FLOW_LOG_RETENTION, bad), (1, Some(6)));
        let good = "resource \"azurerm_network_watcher_flow_log\" \"f\" {\n  enabled = true\n  retention_policy {\n    enabled = true\n    days = 400\n  }\n}\n";
        assert_eq!(run(&FLOW_LOG_DISABLED, good), (0, None));
        assert_eq!(run(&FLOW_LOG_RETENTION, good), (0, None));
        let vnet = "resource \"azurerm_virtual_network\" \"v\" {\n  address_space = [\"10.0.0.0/16\"]\n}\n";
        assert_eq!(run(&NETWORK_FLOW_LOGS, vnet), (1, Some(1)));
        assert_eq!(run(&NETWORK_FLOW_LOGS, &format!("{vnet}{bad}")), (0, None));
    }

    #[test]
    fn defender() {
        let contact = "resource \"azurerm_security_center_contact\" \"c\" {\n  email = \"soc@example.com\"\n  alert_notifications = false\n  alerts_to_admins = true\n}\n";
        assert_eq!(run(&SECURITY_CONTACT, contact), (1, Some(3)));
        let on = "resource \"azurerm_security_center_contact\" \"c\" {\n  alert_notifications = true\n  alerts_to_admins = true\n}\n";
        assert_eq!(run(&SECURITY_CONTACT, on), (0, None));
        let free = "resource \"azurerm_security_center_subscription_pricing\" \"p\" {\n  tier = \"Free\"\n  resource_type = \"VirtualMachines\"\n}\n";
        assert_eq!(run(&DEFENDER_FREE, free), (1, Some(2)));
        let standard = "resource \"azurerm_security_center_subscription_pricing\" \"p\" {\n  tier = \"Standard\"\n}\n";
        assert_eq!(run(&DEFENDER_FREE, standard), (0, None));
    }
}
