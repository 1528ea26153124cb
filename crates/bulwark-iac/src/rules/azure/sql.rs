//! Databases: Azure SQL (`azurerm_mssql_*`), PostgreSQL and MySQL (flexible and single servers)
//! and MariaDB — network exposure, firewall rules, TLS, Entra ID-only authentication, auditing,
//! transparent data encryption and backups.

use super::{first_written, forbid_false, forbid_values, is_one_of, require_on};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::terraform::{Attr, attached, doc, hit, lookup, number, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};
use std::net::Ipv4Addr;

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &SQL_PUBLIC,
        &SQL_PUBLIC_PLAN,
        &DB_PUBLIC,
        &DB_PUBLIC_PLAN,
        &FIREWALL_OPEN,
        &FIREWALL_OPEN_PLAN,
        &FIREWALL_AZURE,
        &FIREWALL_AZURE_PLAN,
        &SQL_MIN_TLS,
        &SQL_MIN_TLS_PLAN,
        &SQL_ENTRA_ONLY,
        &SQL_ENTRA_ONLY_PLAN,
        &SQL_AUDITING,
        &SQL_AUDIT_RETENTION,
        &SQL_AUDIT_RETENTION_PLAN,
        &SQL_TDE_CMK,
        &SQL_DB_TDE,
        &SQL_DB_TDE_PLAN,
        &SQL_THREAT_DETECTION,
        &SQL_THREAT_DETECTION_PLAN,
        &SQL_BACKUP_REDUNDANCY,
        &SQL_BACKUP_REDUNDANCY_PLAN,
        &DB_BACKUP_RETENTION,
        &DB_BACKUP_RETENTION_PLAN,
        &DB_GEO_BACKUP,
        &DB_GEO_BACKUP_PLAN,
        &DB_SSL,
        &DB_SSL_PLAN,
        &DB_MIN_TLS,
        &DB_MIN_TLS_PLAN,
        &DB_LOGGING,
        &DB_LOGGING_PLAN,
        &DB_CMK,
        &DB_CMK_PLAN,
        &POSTGRES_PASSWORD_AUTH,
        &POSTGRES_PASSWORD_AUTH_PLAN,
    ]
}

const FLEXIBLE: &[&str] = &[
    "azurerm_postgresql_flexible_server",
    "azurerm_mysql_flexible_server",
];
/// Single servers: retired by Azure, still found in older configurations (azurerm 3.x).
const SINGLE: &[&str] = &[
    "azurerm_postgresql_server",
    "azurerm_mysql_server",
    "azurerm_mariadb_server",
];
const OSS_SERVERS: &[&str] = &[
    "azurerm_postgresql_flexible_server",
    "azurerm_mysql_flexible_server",
    "azurerm_postgresql_server",
    "azurerm_mysql_server",
    "azurerm_mariadb_server",
];
const FIREWALL_RULES: &[&str] = &[
    "azurerm_mssql_firewall_rule",
    "azurerm_sql_firewall_rule",
    "azurerm_postgresql_flexible_server_firewall_rule",
    "azurerm_postgresql_firewall_rule",
    "azurerm_mysql_flexible_server_firewall_rule",
    "azurerm_mysql_firewall_rule",
    "azurerm_mariadb_firewall_rule",
];
const CONFIGURATIONS: &[&str] = &[
    "azurerm_postgresql_flexible_server_configuration",
    "azurerm_postgresql_configuration",
    "azurerm_mysql_flexible_server_configuration",
    "azurerm_mysql_configuration",
];
const AUDIT_POLICIES: &[&str] = &[
    "azurerm_mssql_server_extended_auditing_policy",
    "azurerm_mssql_database_extended_auditing_policy",
];
const EXPOSURE: &[&str] = &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"];
const WEAK_SQL_TLS: &[&str] = &["1.0", "1.1", "Disabled"];

fn is_replica(resource: &Resource) -> bool {
    matches!(lookup(&resource.body, &["create_mode"]), Attr::Known(n) if is_one_of(n, &["Replica"]))
}

static SQL_PUBLIC_RULE: Rule = doc(
    "iac.azure.sql-public-network-access",
    "Azure SQL server reachable over its public endpoint",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    EXPOSURE,
    "An `azurerm_mssql_server` leaves `public_network_access_enabled` at its default `true`, or \
     an `azurerm_mssql_managed_instance` sets `public_data_endpoint_enabled = true`. The database \
     listener is then on the internet and only its firewall rules stand between it and every \
     password-spraying bot; PCI DSS 1.3/1.4 require the cardholder data environment to be \
     unreachable from untrusted networks.",
    "Set `public_network_access_enabled = false` and connect through an \
     `azurerm_private_endpoint` (subresource `sqlServer`); on managed instances keep \
     `public_data_endpoint_enabled = false`.",
    &[
        "https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server",
    ],
);

pub static SQL_PUBLIC: IacRule = IacRule {
    rule: &SQL_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_mssql_server", "azurerm_mssql_managed_instance"],
    check: |_, r| {
        if r.kind == "azurerm_mssql_managed_instance" {
            return super::forbid_true(
                r,
                &["public_data_endpoint_enabled"],
                "opens the data endpoint to the internet",
            );
        }
        super::require_off(
            r,
            &["public_network_access_enabled"],
            "puts the server on the internet",
        )
    },
};

pub static SQL_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SQL_PUBLIC
};

static DB_PUBLIC_RULE: Rule = doc(
    "iac.azure.db-public-network-access",
    "PostgreSQL/MySQL server reachable over a public endpoint",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    EXPOSURE,
    "An `azurerm_postgresql_flexible_server` or `azurerm_mysql_flexible_server` is not injected \
     into a virtual network (`delegated_subnet_id`) and leaves `public_network_access_enabled` at \
     its default `true` (or sets it), or a single server (`azurerm_postgresql_server`, \
     `azurerm_mysql_server`, `azurerm_mariadb_server`) does. Its listener is reachable from the \
     internet, guarded only by firewall rules.",
    "Deploy into a delegated subnet with `delegated_subnet_id` and `private_dns_zone_id`, or set \
     `public_network_access_enabled = false` and use an `azurerm_private_endpoint`.",
    &["https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking"],
);

pub static DB_PUBLIC: IacRule = IacRule {
    rule: &DB_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: OSS_SERVERS,
    check: |_, r| {
        if FLEXIBLE.contains(&r.kind.as_str())
            && !matches!(lookup(&r.body, &["delegated_subnet_id"]), Attr::Missing)
        {
            return Vec::new();
        }
        super::require_off(
            r,
            &["public_network_access_enabled"],
            "puts the server on the internet",
        )
    },
};

pub static DB_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DB_PUBLIC
};

/// The literal start and end addresses of a firewall rule.
fn firewall_range(resource: &Resource) -> Option<(Ipv4Addr, Ipv4Addr, &Node)> {
    let (Attr::Known(start), Attr::Known(end)) = (
        lookup(&resource.body, &["start_ip_address"]),
        lookup(&resource.body, &["end_ip_address"]),
    ) else {
        return None;
    };
    let from: Ipv4Addr = start.as_str()?.trim().parse().ok()?;
    let to: Ipv4Addr = end.as_str()?.trim().parse().ok()?;
    Some((from, to, start))
}

/// More addresses than any client network a bank would allow (a /8 holds 2^24).
const HUGE_RANGE: u64 = 1 << 24;

static FIREWALL_OPEN_RULE: Rule = doc(
    "iac.azure.db-firewall-open-to-internet",
    "Database firewall rule allows the whole internet",
    Severity::Critical,
    &["CWE-284"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.4.1",
        "soc2:CC6.6",
        "cis-azure-2.0:4.1.2",
    ],
    "A server firewall rule (`azurerm_mssql_firewall_rule`, \
     `azurerm_postgresql_flexible_server_firewall_rule`, \
     `azurerm_mysql_flexible_server_firewall_rule` and their single-server forms) spans \
     `0.0.0.0`–`255.255.255.255`, or more than 16 million addresses. Every host on the internet \
     can then reach the database login, and only a password protects the data — the most common \
     starting point of database breaches.",
    "Allow only the addresses that need access, e.g. `start_ip_address = \"203.0.113.10\"` and \
     `end_ip_address = \"203.0.113.10\"`, or drop public access and use private endpoints.",
    &["https://learn.microsoft.com/en-us/azure/azure-sql/database/firewall-configure"],
);

pub static FIREWALL_OPEN: IacRule = IacRule {
    rule: &FIREWALL_OPEN_RULE,
    format: Format::Terraform,
    kinds: FIREWALL_RULES,
    check: |_, r| match firewall_range(r) {
        Some((from, to, node))
            if u64::from(u32::from(to)).saturating_sub(u64::from(u32::from(from)))
                >= HUGE_RANGE =>
        {
            hit(
                node.span,
                format!("{}: firewall allows {from}–{to}", r.address),
            )
        }
        _ => Vec::new(),
    },
};

pub static FIREWALL_OPEN_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..FIREWALL_OPEN
};

static FIREWALL_AZURE_RULE: Rule = doc(
    "iac.azure.db-firewall-allow-azure-services",
    "Database firewall admits every Azure service",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "soc2:CC6.6",
        "cis-azure-2.0:4.1.2",
        "cis-azure-2.0:4.3.7",
    ],
    "A server firewall rule with `start_ip_address = \"0.0.0.0\"` and `end_ip_address = \
     \"0.0.0.0\"` is the \"Allow Azure services and resources to access this server\" switch: it \
     admits connections from any Azure resource, including virtual machines and functions in \
     other customers' subscriptions, not only the bank's own.",
    "Delete the `0.0.0.0` rule; allow the bank's own workloads through virtual network rules \
     (`azurerm_mssql_virtual_network_rule`) or private endpoints.",
    &[
        "https://learn.microsoft.com/en-us/azure/azure-sql/database/firewall-configure#connections-from-inside-azure",
    ],
);

pub static FIREWALL_AZURE: IacRule = IacRule {
    rule: &FIREWALL_AZURE_RULE,
    format: Format::Terraform,
    kinds: FIREWALL_RULES,
    check: |_, r| match firewall_range(r) {
        Some((from, to, node)) if from.is_unspecified() && to.is_unspecified() => hit(
            node.span,
            format!("{}: the 0.0.0.0 rule admits every Azure service", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static FIREWALL_AZURE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..FIREWALL_AZURE
};

static SQL_MIN_TLS_RULE: Rule = doc(
    "iac.azure.sql-min-tls",
    "Azure SQL allows TLS older than 1.2",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `azurerm_mssql_server` or `azurerm_mssql_managed_instance` sets `minimum_tls_version` to \
     `1.0`, `1.1` or `Disabled` (every version accepted). Connections carrying credentials and \
     query results can then negotiate deprecated protocols that PCI DSS does not accept as \
     strong cryptography.",
    "Set `minimum_tls_version = \"1.2\"` (the provider default).",
    &[
        "https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings#configure-minimum-tls-version",
    ],
);

pub static SQL_MIN_TLS: IacRule = IacRule {
    rule: &SQL_MIN_TLS_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_mssql_server", "azurerm_mssql_managed_instance"],
    check: |_, r| {
        forbid_values(
            r,
            &["minimum_tls_version"],
            WEAK_SQL_TLS,
            "allows TLS older than 1.2",
        )
    },
};

pub static SQL_MIN_TLS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SQL_MIN_TLS
};

static SQL_ENTRA_ONLY_RULE: Rule = doc(
    "iac.azure.sql-entra-only-auth",
    "Azure SQL server accepts SQL logins",
    Severity::Medium,
    &["CWE-1390"],
    &["A07:2021"],
    &[
        "pci-dss-4.0.1:8.2.1",
        "pci-dss-4.0.1:8.3.1",
        "soc2:CC6.1",
        "cis-azure-2.0:4.1.4",
    ],
    "An `azurerm_mssql_server` has no `azuread_administrator` block with \
     `azuread_authentication_only = true`. SQL authentication stays on, so the \
     `administrator_login` password — a shared, long-lived credential that bypasses MFA, \
     conditional access and joiner/leaver processes — can log in, and so can any contained SQL \
     user created later.",
    "```hcl\nazuread_administrator {\n  login_username              = \"sql-admins\"\n  \
     object_id                   = azuread_group.sql_admins.object_id\n  \
     azuread_authentication_only = true\n}\n```",
    &[
        "https://learn.microsoft.com/en-us/azure/azure-sql/database/authentication-azure-ad-only-authentication",
    ],
);

pub static SQL_ENTRA_ONLY: IacRule = IacRule {
    rule: &SQL_ENTRA_ONLY_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_mssql_server"],
    check: |_, r| {
        require_on(
            r,
            &["azuread_administrator.azuread_authentication_only"],
            "Entra ID-only authentication",
        )
    },
};

pub static SQL_ENTRA_ONLY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SQL_ENTRA_ONLY
};

static SQL_AUDITING_RULE: Rule = doc(
    "iac.azure.sql-auditing",
    "Azure SQL server without auditing",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-azure-2.0:4.1.1"],
    "An `azurerm_mssql_server` has no `azurerm_mssql_server_extended_auditing_policy` in the same \
     file (or the policy sets `enabled = false`). Server auditing is off by default, so logins, \
     permission changes and queries against account data leave no audit trail — PCI DSS 10.2.1 \
     requires audit logs of all access to cardholder data.",
    "```hcl\nresource \"azurerm_mssql_server_extended_auditing_policy\" \"this\" {\n  server_id          \
     = azurerm_mssql_server.this.id\n  log_monitoring_enabled = true\n  retention_in_days  = 400\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/azure-sql/database/auditing-overview"],
);

pub static SQL_AUDITING: IacRule = IacRule {
    rule: &SQL_AUDITING_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_mssql_server"],
    check: |context, r| {
        let policies = attached(
            context,
            r,
            &["azurerm_mssql_server_extended_auditing_policy"],
        );
        if policies.iter().any(|p| {
            !matches!(lookup(&p.body, &["enabled"]), Attr::Known(n) if truthy(n) == Some(false))
        }) {
            return Vec::new();
        }
        hit(
            r.span,
            format!("{}: no enabled server auditing policy", r.address),
        )
    },
};

static SQL_AUDIT_RETENTION_RULE: Rule = doc(
    "iac.azure.sql-audit-retention",
    "Azure SQL audit logs kept less than a year",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.5.1", "cis-azure-2.0:4.1.6"],
    "An `azurerm_mssql_server_extended_auditing_policy` or \
     `azurerm_mssql_database_extended_auditing_policy` sets `retention_in_days` between 1 and \
     364. PCI DSS 10.5.1 requires audit log history for at least 12 months, three of them \
     immediately available; audit records deleted sooner are missing when an incident or an \
     audit needs them. (`0`, the default, keeps them indefinitely.)",
    "Set `retention_in_days = 0` (keep indefinitely) or at least `365` on the auditing policy.",
    &["https://learn.microsoft.com/en-us/azure/azure-sql/database/auditing-overview"],
);

pub static SQL_AUDIT_RETENTION: IacRule = IacRule {
    rule: &SQL_AUDIT_RETENTION_RULE,
    format: Format::Terraform,
    kinds: AUDIT_POLICIES,
    check: |_, r| match lookup(&r.body, &["retention_in_days"]) {
        Attr::Known(node) => match number(node) {
            Some(days) if days > 0.0 && days < 365.0 => hit(
                node.span,
                format!("{}: audit logs kept {days} days, fewer than 365", r.address),
            ),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    },
};

pub static SQL_AUDIT_RETENTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SQL_AUDIT_RETENTION
};

static SQL_TDE_CMK_RULE: Rule = doc(
    "iac.azure.sql-tde-cmk",
    "Azure SQL TDE protector is not a customer-managed key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &[
        "pci-dss-4.0.1:3.5.1",
        "pci-dss-4.0.1:3.6.1",
        "soc2:CC6.1",
        "cis-azure-2.0:4.1.3",
    ],
    "An `azurerm_mssql_server` has no `transparent_data_encryption_key_vault_key_id` and no \
     `azurerm_mssql_server_transparent_data_encryption` with a Key Vault key refers to it, so its \
     databases, backups and logs are encrypted under a service-managed protector. The bank cannot \
     control, rotate on its own schedule, audit or revoke the key that protects the data.",
    "Set `transparent_data_encryption_key_vault_key_id = azurerm_key_vault_key.tde.id` (the \
     server needs an identity with `wrapKey`/`unwrapKey` on a vault with purge protection).",
    &[
        "https://learn.microsoft.com/en-us/azure/azure-sql/database/transparent-data-encryption-byok-overview",
    ],
);

pub static SQL_TDE_CMK: IacRule = IacRule {
    rule: &SQL_TDE_CMK_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_mssql_server"],
    check: check_tde_cmk,
};

fn check_tde_cmk(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if !matches!(
        lookup(
            &resource.body,
            &["transparent_data_encryption_key_vault_key_id"]
        ),
        Attr::Missing
    ) {
        return Vec::new();
    }
    let keyed = attached(
        context,
        resource,
        &["azurerm_mssql_server_transparent_data_encryption"],
    )
    .iter()
    .any(|t| {
        !matches!(
            first_written(&t.body, &["key_vault_key_id", "managed_hsm_key_id"]).0,
            Attr::Missing
        )
    });
    if keyed {
        return Vec::new();
    }
    hit(
        resource.span,
        format!(
            "{}: transparent data encryption uses a service-managed key",
            resource.address
        ),
    )
}

static SQL_DB_TDE_RULE: Rule = doc(
    "iac.azure.sql-database-tde-disabled",
    "Azure SQL database with transparent data encryption off",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1", "cis-azure-2.0:4.1.5"],
    "An `azurerm_mssql_database` sets `transparent_data_encryption_enabled = false`, so its data \
     files, log files and backups are stored unencrypted. PCI DSS 3.5.1 requires stored account \
     data to be unreadable.",
    "Remove the attribute (the default is `true`) or set `transparent_data_encryption_enabled = \
     true`.",
    &[
        "https://learn.microsoft.com/en-us/azure/azure-sql/database/transparent-data-encryption-tde-overview",
    ],
);

pub static SQL_DB_TDE: IacRule = IacRule {
    rule: &SQL_DB_TDE_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_mssql_database"],
    check: |_, r| {
        forbid_false(
            r,
            &["transparent_data_encryption_enabled"],
            "stores the database unencrypted",
        )
    },
};

pub static SQL_DB_TDE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SQL_DB_TDE
};

static SQL_THREAT_DETECTION_RULE: Rule = doc(
    "iac.azure.sql-threat-detection-disabled",
    "Azure SQL threat detection turned off",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.4.1", "pci-dss-4.0.1:11.5.1", "soc2:CC7.2"],
    "An `azurerm_mssql_server_security_alert_policy` sets `state = \"Disabled\"` or lists \
     `disabled_alerts`, so SQL injection attempts, logins from unusual locations and brute-force \
     attacks on the server raise no security alert.",
    "Set `state = \"Enabled\"`, leave `disabled_alerts` empty and send alerts to the security \
     team with `email_addresses`.",
    &["https://learn.microsoft.com/en-us/azure/azure-sql/database/threat-detection-overview"],
);

pub static SQL_THREAT_DETECTION: IacRule = IacRule {
    rule: &SQL_THREAT_DETECTION_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_mssql_server_security_alert_policy"],
    check: |_, r| {
        let mut out = forbid_values(r, &["state"], &["Disabled"], "turns threat detection off");
        if let Attr::Known(node) = lookup(&r.body, &["disabled_alerts"])
            && node.as_array().is_some_and(|a| !a.is_empty())
        {
            out.extend(hit(
                node.span,
                format!("{}: some threat detection alerts are disabled", r.address),
            ));
        }
        out
    },
};

pub static SQL_THREAT_DETECTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SQL_THREAT_DETECTION
};

static SQL_BACKUP_REDUNDANCY_RULE: Rule = doc(
    "iac.azure.sql-backup-redundancy",
    "Azure SQL database backups kept in one region",
    Severity::Low,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "An `azurerm_mssql_database` sets `storage_account_type` to `Local` or `Zone`, so its \
     point-in-time and long-term backups are stored only in the primary region. A regional \
     outage then loses the ability to geo-restore, which the recovery plans of a bank usually \
     rely on.",
    "Keep `storage_account_type = \"Geo\"` (the default) or `\"GeoZone\"`.",
    &[
        "https://learn.microsoft.com/en-us/azure/azure-sql/database/automated-backups-overview#backup-storage-redundancy",
    ],
);

pub static SQL_BACKUP_REDUNDANCY: IacRule = IacRule {
    rule: &SQL_BACKUP_REDUNDANCY_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_mssql_database"],
    check: |_, r| {
        forbid_values(
            r,
            &["storage_account_type"],
            &["Local", "Zone"],
            "keeps backups in one region",
        )
    },
};

pub static SQL_BACKUP_REDUNDANCY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SQL_BACKUP_REDUNDANCY
};

static DB_BACKUP_RETENTION_RULE: Rule = doc(
    "iac.azure.db-backup-retention",
    "Database backups kept less than 7 days",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2", "soc2:CC7.5"],
    "An `azurerm_mssql_database` sets `short_term_retention_policy { retention_days }`, or a \
     PostgreSQL/MySQL server sets `backup_retention_days`, below 7. Corruption or a destructive \
     change noticed after a long weekend can then no longer be rolled back with a \
     point-in-time restore.",
    "Keep at least 7 days, e.g. `backup_retention_days = 35`, and add a \
     `long_term_retention_policy` (SQL) or Azure Backup vault for longer needs.",
    &[
        "https://learn.microsoft.com/en-us/azure/azure-sql/database/automated-backups-overview",
        "https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-backup-restore",
    ],
);

pub static DB_BACKUP_RETENTION: IacRule = IacRule {
    rule: &DB_BACKUP_RETENTION_RULE,
    format: Format::Terraform,
    kinds: &[
        "azurerm_mssql_database",
        "azurerm_postgresql_flexible_server",
        "azurerm_mysql_flexible_server",
        "azurerm_postgresql_server",
        "azurerm_mysql_server",
        "azurerm_mariadb_server",
    ],
    check: |_, r| {
        let (attr, path) = first_written(
            &r.body,
            &[
                "backup_retention_days",
                "short_term_retention_policy.retention_days",
            ],
        );
        match attr {
            Attr::Known(node) => match number(node) {
                Some(days) if days < 7.0 => hit(
                    node.span,
                    format!(
                        "{}: `{path}` keeps backups {days} days, fewer than 7",
                        r.address
                    ),
                ),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    },
};

pub static DB_BACKUP_RETENTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DB_BACKUP_RETENTION
};

static DB_GEO_BACKUP_RULE: Rule = doc(
    "iac.azure.db-geo-redundant-backup",
    "PostgreSQL/MySQL backups not geo-redundant",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "A PostgreSQL or MySQL server (flexible or single) leaves `geo_redundant_backup_enabled` at \
     its default `false`, so its backups live only in the server's region. After a regional \
     disaster the database cannot be geo-restored, and the setting can only be chosen when the \
     server is created.",
    "Set `geo_redundant_backup_enabled = true` when creating the server (General Purpose or \
     Memory Optimized tiers).",
    &["https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-backup-restore"],
);

pub static DB_GEO_BACKUP: IacRule = IacRule {
    rule: &DB_GEO_BACKUP_RULE,
    format: Format::Terraform,
    kinds: OSS_SERVERS,
    check: |_, r| {
        if is_replica(r) {
            return Vec::new();
        }
        require_on(r, &["geo_redundant_backup_enabled"], "geo-redundant backup")
    },
};

pub static DB_GEO_BACKUP_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DB_GEO_BACKUP
};

/// The literal `(name, value)` of a server configuration resource, names lower-cased.
fn configuration(resource: &Resource) -> Option<(String, &Node)> {
    let (Attr::Known(name), Attr::Known(value)) = (
        lookup(&resource.body, &["name"]),
        lookup(&resource.body, &["value"]),
    ) else {
        return None;
    };
    Some((name.as_str()?.to_ascii_lowercase(), value))
}

fn is_off(node: &Node) -> bool {
    match &node.value {
        Value::String(s) => {
            ["off", "false", "0", "disabled"].contains(&s.to_ascii_lowercase().as_str())
        }
        Value::Bool(b) => !b,
        _ => false,
    }
}

static DB_SSL_RULE: Rule = doc(
    "iac.azure.db-ssl-enforcement",
    "PostgreSQL/MySQL server accepts unencrypted connections",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &[
        "pci-dss-4.0.1:4.2.1",
        "soc2:CC6.7",
        "cis-azure-2.0:4.3.1",
        "cis-azure-2.0:4.4.1",
    ],
    "A PostgreSQL/MySQL/MariaDB single server sets `ssl_enforcement_enabled = false`, or a \
     flexible server configuration sets `require_secure_transport` to `OFF`. Clients may then \
     connect without TLS, and passwords and query results cross the network in clear.",
    "Keep `ssl_enforcement_enabled = true` on single servers, and leave \
     `require_secure_transport` at its default `ON` on flexible servers (delete the \
     `azurerm_*_flexible_server_configuration` that turns it off).",
    &[
        "https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/how-to-connect-tls-ssl",
        "https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl",
    ],
);

pub static DB_SSL: IacRule = IacRule {
    rule: &DB_SSL_RULE,
    format: Format::Terraform,
    kinds: &[
        "azurerm_postgresql_server",
        "azurerm_mysql_server",
        "azurerm_mariadb_server",
        "azurerm_postgresql_flexible_server_configuration",
        "azurerm_mysql_flexible_server_configuration",
    ],
    check: |_, r| {
        if SINGLE.contains(&r.kind.as_str()) {
            return forbid_false(
                r,
                &["ssl_enforcement_enabled"],
                "allows connections without TLS",
            );
        }
        match configuration(r) {
            Some((name, value)) if name == "require_secure_transport" && is_off(value) => hit(
                value.span,
                format!("{}: `require_secure_transport` is off", r.address),
            ),
            _ => Vec::new(),
        }
    },
};

pub static DB_SSL_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DB_SSL
};

static DB_MIN_TLS_RULE: Rule = doc(
    "iac.azure.db-min-tls",
    "PostgreSQL/MySQL server allows TLS older than 1.2",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7", "cis-azure-2.0:4.4.2"],
    "A single server sets `ssl_minimal_tls_version_enforced` to `TLS1_0`, `TLS1_1` or \
     `TLSEnforcementDisabled`, or a flexible server configuration allows TLS 1.0/1.1 \
     (`tls_version` on MySQL, `ssl_min_protocol_version` on PostgreSQL). Those deprecated \
     protocol versions are not strong cryptography under PCI DSS.",
    "Use `ssl_minimal_tls_version_enforced = \"TLS1_2\"`, or leave `tls_version = \"TLSv1.2\"` / \
     `ssl_min_protocol_version = \"TLSv1.2\"` (the defaults) on flexible servers.",
    &["https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl"],
);

pub static DB_MIN_TLS: IacRule = IacRule {
    rule: &DB_MIN_TLS_RULE,
    format: Format::Terraform,
    kinds: &[
        "azurerm_postgresql_server",
        "azurerm_mysql_server",
        "azurerm_mariadb_server",
        "azurerm_postgresql_flexible_server_configuration",
        "azurerm_mysql_flexible_server_configuration",
    ],
    check: |_, r| {
        if SINGLE.contains(&r.kind.as_str()) {
            return forbid_values(
                r,
                &["ssl_minimal_tls_version_enforced"],
                &["TLS1_0", "TLS1_1", "TLSEnforcementDisabled"],
                "allows TLS older than 1.2",
            );
        }
        let Some((name, value)) = configuration(r) else {
            return Vec::new();
        };
        let text = value.as_str().unwrap_or_default().to_ascii_lowercase();
        let weak = match name.as_str() {
            // A comma-separated list of allowed versions.
            "tls_version" => text
                .split(',')
                .map(str::trim)
                .any(|v| v == "tlsv1" || v == "tlsv1.1"),
            "ssl_min_protocol_version" => text == "tlsv1" || text == "tlsv1.1",
            _ => false,
        };
        if !weak {
            return Vec::new();
        }
        hit(
            value.span,
            format!("{}: `{name}` allows TLS older than 1.2", r.address),
        )
    },
};

pub static DB_MIN_TLS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DB_MIN_TLS
};

static DB_LOGGING_RULE: Rule = doc(
    "iac.azure.db-logging-disabled",
    "PostgreSQL/MySQL connection or audit logging turned off",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &[
        "pci-dss-4.0.1:10.2.1",
        "soc2:CC7.2",
        "cis-azure-2.0:4.3.3",
        "cis-azure-2.0:4.4.3",
    ],
    "A PostgreSQL server configuration turns off `log_connections`, `log_disconnections`, \
     `log_checkpoints` or connection throttling, or a MySQL configuration sets \
     `audit_log_enabled` to `OFF`. Logins, failed authentication and sessions against the \
     database then leave no record, which PCI DSS 10.2.1 requires for access to cardholder data.",
    "Remove the configuration resource or set its `value = \"on\"` (PostgreSQL) / `\"ON\"` \
     (MySQL `audit_log_enabled`), and export the logs with a diagnostic setting.",
    &[
        "https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-logging",
        "https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-audit-logs",
    ],
);

pub static DB_LOGGING: IacRule = IacRule {
    rule: &DB_LOGGING_RULE,
    format: Format::Terraform,
    kinds: CONFIGURATIONS,
    check: |_, r| {
        const LOGGING: &[&str] = &[
            "log_connections",
            "log_disconnections",
            "log_checkpoints",
            "connection_throttling",
            "connection_throttle.enable",
            "audit_log_enabled",
        ];
        match configuration(r) {
            Some((name, value)) if LOGGING.contains(&name.as_str()) && is_off(value) => {
                hit(value.span, format!("{}: `{name}` is turned off", r.address))
            }
            _ => Vec::new(),
        }
    },
};

pub static DB_LOGGING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DB_LOGGING
};

static DB_CMK_RULE: Rule = doc(
    "iac.azure.db-cmk",
    "PostgreSQL/MySQL flexible server not encrypted with a customer-managed key",
    Severity::Low,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:3.6.1", "soc2:CC6.1"],
    "An `azurerm_postgresql_flexible_server` or `azurerm_mysql_flexible_server` has no \
     `customer_managed_key` block, so its storage and backups are encrypted only with \
     service-managed keys that the bank cannot rotate, audit or revoke. The key can only be set \
     when the server is created.",
    "```hcl\nidentity {\n  type         = \"UserAssigned\"\n  identity_ids = \
     [azurerm_user_assigned_identity.db.id]\n}\ncustomer_managed_key {\n  key_vault_key_id                  \
     = azurerm_key_vault_key.db.id\n  primary_user_assigned_identity_id = \
     azurerm_user_assigned_identity.db.id\n}\n```",
    &[
        "https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-data-encryption",
    ],
);

pub static DB_CMK: IacRule = IacRule {
    rule: &DB_CMK_RULE,
    format: Format::Terraform,
    kinds: FLEXIBLE,
    check: |_, r| {
        if is_replica(r) {
            return Vec::new();
        }
        super::require_block(
            r,
            "customer_managed_key",
            "service-managed keys encrypt the data",
        )
    },
};

pub static DB_CMK_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DB_CMK
};

static POSTGRES_PASSWORD_AUTH_RULE: Rule = doc(
    "iac.azure.postgres-password-auth",
    "PostgreSQL flexible server accepts password logins",
    Severity::Low,
    &["CWE-1390"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.2.1", "pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "An `azurerm_postgresql_flexible_server` leaves `authentication { password_auth_enabled }` at \
     its default `true`. Database passwords — shared, long-lived and outside MFA and \
     conditional access — keep working next to (or instead of) Entra ID authentication.",
    "```hcl\nauthentication {\n  active_directory_auth_enabled = true\n  password_auth_enabled         \
     = false\n  tenant_id                     = data.azurerm_client_config.current.tenant_id\n}\n```",
    &[
        "https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-azure-ad-authentication",
    ],
);

pub static POSTGRES_PASSWORD_AUTH: IacRule = IacRule {
    rule: &POSTGRES_PASSWORD_AUTH_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_postgresql_flexible_server"],
    check: |_, r| {
        super::require_off(
            r,
            &["authentication.password_auth_enabled"],
            "lets database passwords log in",
        )
    },
};

pub static POSTGRES_PASSWORD_AUTH_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..POSTGRES_PASSWORD_AUTH
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn mssql_server() {
        let bad = r#"resource "azurerm_mssql_server" "s" {
  name                         = "payments"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  minimum_tls_version          = "1.0"
  public_network_access_enabled = true
}
"#;
        assert_eq!(run(&SQL_PUBLIC, bad), (1, Some(6)));
        assert_eq!(run(&SQL_MIN_TLS, bad), (1, Some(5)));
        assert_eq!(run(&SQL_ENTRA_ONLY, bad), (1, Some(1)));
        assert_eq!(run(&SQL_AUDITING, bad), (1, Some(1)));
        assert_eq!(run(&SQL_TDE_CMK, bad), (1, Some(1)));
        let good = r#"resource "azurerm_mssql_server" "s" {
  name                          = "payments"
  version                       = "12.0"
  public_network_access_enabled = false
  transparent_data_encryption_key_vault_key_id = azurerm_key_vault_key.tde.id
  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "00000000-0000-0000-0000-000000000000"
    azuread_authentication_only = true
  }
}
resource "azurerm_mssql_server_extended_auditing_policy" "a" {
  server_id         = azurerm_mssql_server.s.id
  retention_in_days = 400
}
"#;
        for rule in [
            &SQL_PUBLIC,
            &SQL_MIN_TLS,
            &SQL_ENTRA_ONLY,
            &SQL_AUDITING,
            &SQL_TDE_CMK,
            &SQL_AUDIT_RETENTION,
        ] {
            assert_eq!(run(rule, good), (0, None), "{}", rule.rule.id);
        }
        let sql_auth = "resource \"azurerm_mssql_server\" \"s\" {\n  azuread_administrator {\n    login_username = \"a\"\n    azuread_authentication_only = false\n  }\n}\n";
        assert_eq!(run(&SQL_ENTRA_ONLY, sql_auth), (1, Some(4)));
        let mi = "resource \"azurerm_mssql_managed_instance\" \"m\" {\n  public_data_endpoint_enabled = true\n}\n";
        assert_eq!(run(&SQL_PUBLIC, mi), (1, Some(2)));
    }

    #[test]
    fn auditing_and_tde_resources() {
        let text = r#"resource "azurerm_mssql_server" "s" {
  name = "payments"
}
resource "azurerm_mssql_server_extended_auditing_policy" "a" {
  server_id         = azurerm_mssql_server.s.id
  enabled           = false
  retention_in_days = 30
}
resource "azurerm_mssql_server_transparent_data_encryption" "t" {
  server_id        = azurerm_mssql_server.s.id
  key_vault_key_id = azurerm_key_vault_key.k.id
}
"#;
        assert_eq!(run(&SQL_AUDITING, text), (1, Some(1)));
        assert_eq!(run(&SQL_AUDIT_RETENTION, text), (1, Some(7)));
        assert_eq!(run(&SQL_TDE_CMK, text), (0, None));
        let forever = "resource \"azurerm_mssql_database_extended_auditing_policy\" \"a\" {\n  retention_in_days = 0\n}\n";
        assert_eq!(run(&SQL_AUDIT_RETENTION, forever), (0, None));
    }

    #[test]
    fn firewall_rules() {
        let open = r#"resource "azurerm_mssql_firewall_rule" "all" {
  server_id        = azurerm_mssql_server.s.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}
"#;
        assert_eq!(run(&FIREWALL_OPEN, open), (1, Some(3)));
        assert_eq!(run(&FIREWALL_AZURE, open), (0, None));
        let azure = r#"resource "azurerm_postgresql_flexible_server_firewall_rule" "azure" {
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}
"#;
        assert_eq!(run(&FIREWALL_AZURE, azure), (1, Some(2)));
        assert_eq!(run(&FIREWALL_OPEN, azure), (0, None));
        let office = r#"resource "azurerm_mysql_flexible_server_firewall_rule" "office" {
  start_ip_address = "203.0.113.0"
  end_ip_address   = "203.0.113.255"
}
"#;
        assert_eq!(run(&FIREWALL_OPEN, office), (0, None));
        assert_eq!(run(&FIREWALL_AZURE, office), (0, None));
        let wide = "resource \"azurerm_sql_firewall_rule\" \"w\" {\n  start_ip_address = \"1.0.0.0\"\n  end_ip_address = \"126.255.255.255\"\n}\n";
        assert_eq!(run(&FIREWALL_OPEN, wide), (1, Some(2)));
    }

    #[test]
    fn mssql_database() {
        let bad = r#"resource "azurerm_mssql_database" "d" {
  name                                = "ledger"
  transparent_data_encryption_enabled = false
  storage_account_type                = "Local"
  short_term_retention_policy {
    retention_days = 3
  }
}
"#;
        assert_eq!(run(&SQL_DB_TDE, bad), (1, Some(3)));
        assert_eq!(run(&SQL_BACKUP_REDUNDANCY, bad), (1, Some(4)));
        assert_eq!(run(&DB_BACKUP_RETENTION, bad), (1, Some(6)));
        let good = "resource \"azurerm_mssql_database\" \"d\" {\n  name = \"ledger\"\n}\n";
        for rule in [&SQL_DB_TDE, &SQL_BACKUP_REDUNDANCY, &DB_BACKUP_RETENTION] {
            assert_eq!(run(rule, good), (0, None), "{}", rule.rule.id);
        }
        let alerts = "resource \"azurerm_mssql_server_security_alert_policy\" \"p\" {\n  state = \"Disabled\"\n  disabled_alerts = [\"Sql_Injection\"]\n}\n";
        assert_eq!(run(&SQL_THREAT_DETECTION, alerts), (2, Some(2)));
        let on = "resource \"azurerm_mssql_server_security_alert_policy\" \"p\" {\n  state = \"Enabled\"\n}\n";
        assert_eq!(run(&SQL_THREAT_DETECTION, on), (0, None));
    }

    #[test]
    fn flexible_servers() {
        let bare = r#"resource "azurerm_postgresql_flexible_server" "p" {
  name                  = "ledger"
  backup_retention_days = 7
}
"#;
        for rule in [&DB_PUBLIC, &DB_GEO_BACKUP, &DB_CMK, &POSTGRES_PASSWORD_AUTH] {
            assert_eq!(run(rule, bare), (1, Some(1)), "{}", rule.rule.id);
        }
        assert_eq!(run(&DB_BACKUP_RETENTION, bare), (0, None));
        let good = r#"resource "azurerm_postgresql_flexible_server" "p" {
  name                         = "ledger"
  delegated_subnet_id          = azurerm_subnet.db.id
  geo_redundant_backup_enabled = true
  customer_managed_key {
    key_vault_key_id = azurerm_key_vault_key.db.id
  }
  authentication {
    active_directory_auth_enabled = true
    password_auth_enabled         = false
  }
}
"#;
        for rule in [&DB_PUBLIC, &DB_GEO_BACKUP, &DB_CMK, &POSTGRES_PASSWORD_AUTH] {
            assert_eq!(run(rule, good), (0, None), "{}", rule.rule.id);
        }
        let mysql = "resource \"azurerm_mysql_flexible_server\" \"m\" {\n  public_network_access_enabled = true\n  backup_retention_days = 1\n  create_mode = \"Replica\"\n}\n";
        assert_eq!(run(&DB_PUBLIC, mysql), (1, Some(2)));
        assert_eq!(run(&DB_BACKUP_RETENTION, mysql), (1, Some(3)));
        assert_eq!(run(&DB_GEO_BACKUP, mysql), (0, None));
    }

    #[test]
    fn single_servers_and_configurations() {
        let single = r#"resource "azurerm_postgresql_server" "p" {
  ssl_enforcement_enabled          = false
  ssl_minimal_tls_version_enforced = "TLS1_1"
  public_network_access_enabled    = false
  geo_redundant_backup_enabled     = true
}
"#;
        assert_eq!(run(&DB_SSL, single), (1, Some(2)));
        assert_eq!(run(&DB_MIN_TLS, single), (1, Some(3)));
        assert_eq!(run(&DB_PUBLIC, single), (0, None));
        assert_eq!(run(&DB_GEO_BACKUP, single), (0, None));
        let configs = r#"resource "azurerm_mysql_flexible_server_configuration" "tls" {
  name  = "tls_version"
  value = "TLSv1,TLSv1.1,TLSv1.2"
}
resource "azurerm_mysql_flexible_server_configuration" "transport" {
  name  = "require_secure_transport"
  value = "OFF"
}
resource "azurerm_mysql_flexible_server_configuration" "audit" {
  name  = "audit_log_enabled"
  value = "OFF"
}
resource "azurerm_postgresql_flexible_server_configuration" "log" {
  name  = "log_connections"
  value = "on"
}
"#;
        assert_eq!(run(&DB_MIN_TLS, configs), (1, Some(3)));
        assert_eq!(run(&DB_SSL, configs), (1, Some(7)));
        assert_eq!(run(&DB_LOGGING, configs), (1, Some(11)));
        let strict = "resource \"azurerm_postgresql_flexible_server_configuration\" \"t\" {\n  name = \"ssl_min_protocol_version\"\n  value = \"TLSv1.2\"\n}\n";
        assert_eq!(run(&DB_MIN_TLS, strict), (0, None));
    }
}
