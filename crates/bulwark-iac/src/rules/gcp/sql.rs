//! Cloud SQL (`google_sql_database_instance`): network exposure, TLS, backups and point-in-time
//! recovery, deletion protection, CMEK, and the database flags that make engines log.

use super::{blocks_at, configured};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::terraform::{Attr, doc, hit, lookup, require_true, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &OPEN_AUTHORIZED_NETWORK,
        &OPEN_AUTHORIZED_NETWORK_PLAN,
        &PUBLIC_IP,
        &PUBLIC_IP_PLAN,
        &REQUIRE_SSL,
        &REQUIRE_SSL_PLAN,
        &BACKUPS,
        &BACKUPS_PLAN,
        &PITR,
        &PITR_PLAN,
        &DELETION_PROTECTION,
        &DELETION_PROTECTION_PLAN,
        &CMEK,
        &CMEK_PLAN,
        &PG_LOG_CONNECTIONS,
        &PG_LOG_CONNECTIONS_PLAN,
        &PG_LOG_DISCONNECTIONS,
        &PG_LOG_DISCONNECTIONS_PLAN,
        &PG_LOG_STATEMENT,
        &PG_LOG_STATEMENT_PLAN,
        &PG_LOG_MIN_DURATION,
        &PG_LOG_MIN_DURATION_PLAN,
        &PG_AUDIT,
        &PG_AUDIT_PLAN,
        &MYSQL_LOCAL_INFILE,
        &MYSQL_LOCAL_INFILE_PLAN,
        &SQLSERVER_FLAGS,
        &SQLSERVER_FLAGS_PLAN,
    ]
}

const INSTANCE: &[&str] = &["google_sql_database_instance"];
const IP_CONFIG: &[&str] = &["settings", "ip_configuration"];

/// Read replicas take backups, PITR and some settings from their primary.
fn is_replica(resource: &Resource) -> bool {
    !matches!(
        configured(&resource.body, &["master_instance_name"]),
        Attr::Missing
    )
}

/// The literal `database_version` (`POSTGRES_15`, `MYSQL_8_0`, `SQLSERVER_2019_STANDARD`).
fn version(resource: &Resource) -> Option<&str> {
    match lookup(&resource.body, &["database_version"]) {
        Attr::Known(node) => node.as_str(),
        _ => None,
    }
}

static OPEN_AUTHORIZED_NETWORK_RULE: Rule = doc(
    "iac.gcp.sql-open-authorized-network",
    "Cloud SQL instance accepts connections from the whole internet",
    Severity::Critical,
    &["CWE-284"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.4.1",
        "soc2:CC6.6",
        "cis-gcp-2.0:6.5",
    ],
    "A `google_sql_database_instance` lists `0.0.0.0/0` (or `::/0`) in \
     `settings.ip_configuration.authorized_networks`, so the database listener on its public IP \
     accepts connections from any address and only the database password stands between the \
     internet and the data. Databases are brute-forced and exploited within hours of exposure; \
     PCI DSS 1.3 and 1.4 require the cardholder data environment to be unreachable from \
     untrusted networks.",
    "Remove the open network; connect through private IP (`ipv4_enabled = false`, \
     `private_network = google_compute_network.vpc.id`) or the Cloud SQL Auth Proxy, and list \
     only specific ranges if a public IP is unavoidable:\n\n```hcl\nauthorized_networks {\n  \
     name  = \"office\"\n  value = \"203.0.113.0/28\"\n}\n```",
    &["https://cloud.google.com/sql/docs/mysql/authorize-networks"],
);

pub static OPEN_AUTHORIZED_NETWORK: IacRule = IacRule {
    rule: &OPEN_AUTHORIZED_NETWORK_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: check_open_network,
};

pub static OPEN_AUTHORIZED_NETWORK_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..OPEN_AUTHORIZED_NETWORK
};

fn check_open_network(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    for network in blocks_at(&resource.body, IP_CONFIG, "authorized_networks") {
        if let Attr::Known(value) = lookup(network, &["value"])
            && let Some(cidr) = value.as_str()
            && matches!(cidr, "0.0.0.0/0" | "0.0.0.0" | "::/0")
        {
            out.extend(hit(
                value.span,
                format!(
                    "{}: authorized network `{cidr}` is the whole internet",
                    resource.address
                ),
            ));
        }
    }
    out
}

static PUBLIC_IP_RULE: Rule = doc(
    "iac.gcp.sql-public-ip",
    "Cloud SQL instance has a public IP address",
    Severity::Medium,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.4.1", "soc2:CC6.6", "cis-gcp-2.0:6.6"],
    "A `google_sql_database_instance` leaves `settings.ip_configuration.ipv4_enabled` unset or \
     true — the provider default — so the instance gets a public IPv4 address. One permissive \
     `authorized_networks` entry then exposes the database to the internet, and the address is \
     discoverable; a database holding account data belongs on private IP inside the VPC.",
    "```hcl\nsettings {\n  ip_configuration {\n    ipv4_enabled    = false\n    \
     private_network = google_compute_network.vpc.id\n    ssl_mode        = \
     \"ENCRYPTED_ONLY\"\n  }\n}\n```",
    &["https://cloud.google.com/sql/docs/mysql/configure-private-ip"],
);

pub static PUBLIC_IP: IacRule = IacRule {
    rule: &PUBLIC_IP_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| match lookup(&r.body, &["settings", "ip_configuration", "ipv4_enabled"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: `ipv4_enabled` is not set, so the instance gets a public IP",
                r.address
            ),
        ),
        Attr::Known(node) if truthy(node) == Some(true) => hit(
            node.span,
            format!("{}: `ipv4_enabled = true` assigns a public IP", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static PUBLIC_IP_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PUBLIC_IP
};

static REQUIRE_SSL_RULE: Rule = doc(
    "iac.gcp.sql-require-ssl",
    "Cloud SQL instance accepts unencrypted connections",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7", "cis-gcp-2.0:6.4"],
    "A `google_sql_database_instance` sets neither `settings.ip_configuration.ssl_mode = \
     \"ENCRYPTED_ONLY\"` / `\"TRUSTED_CLIENT_CERTIFICATE_REQUIRED\"` nor the legacy \
     `require_ssl = true`, or sets `ssl_mode = \"ALLOW_UNENCRYPTED_AND_ENCRYPTED\"` (the \
     default). Clients may then connect in clear text, exposing credentials and query results \
     to anyone on the network path; PCI DSS 4.2.1 requires strong cryptography for account data \
     in transit.",
    "```hcl\nsettings {\n  ip_configuration {\n    ssl_mode = \"ENCRYPTED_ONLY\" # or \
     TRUSTED_CLIENT_CERTIFICATE_REQUIRED\n  }\n}\n```",
    &["https://cloud.google.com/sql/docs/mysql/configure-ssl-instance"],
);

pub static REQUIRE_SSL: IacRule = IacRule {
    rule: &REQUIRE_SSL_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: check_ssl,
};

pub static REQUIRE_SSL_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..REQUIRE_SSL
};

fn check_ssl(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    match configured(
        &resource.body,
        &["settings", "ip_configuration", "ssl_mode"],
    ) {
        Attr::Known(mode) => {
            return match mode.as_str() {
                Some(m @ "ALLOW_UNENCRYPTED_AND_ENCRYPTED") => hit(
                    mode.span,
                    format!(
                        "{}: `ssl_mode = \"{m}\"` allows clear-text connections",
                        resource.address
                    ),
                ),
                _ => Vec::new(),
            };
        }
        Attr::Unknown => return Vec::new(),
        Attr::Missing => {}
    }
    match lookup(
        &resource.body,
        &["settings", "ip_configuration", "require_ssl"],
    ) {
        Attr::Known(node) if truthy(node) == Some(false) => hit(
            node.span,
            format!(
                "{}: `require_ssl = false` allows clear-text connections",
                resource.address
            ),
        ),
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: neither `ssl_mode` nor `require_ssl` is set, so clear-text connections are \
                 allowed",
                resource.address
            ),
        ),
        _ => Vec::new(),
    }
}

static BACKUPS_RULE: Rule = doc(
    "iac.gcp.sql-backups",
    "Cloud SQL instance without automated backups",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2", "cis-gcp-2.0:6.7"],
    "A primary `google_sql_database_instance` leaves `settings.backup_configuration.enabled` \
     unset or false (the default), so Cloud SQL takes no automated daily backups. Corruption, a \
     destructive migration or ransomware then cannot be rolled back, which fails the recovery \
     objectives an auditor checks for a system of record.",
    "```hcl\nsettings {\n  backup_configuration {\n    enabled                        = true\n    \
     point_in_time_recovery_enabled = true # PostgreSQL / SQL Server\n    \
     start_time                     = \"02:00\"\n    backup_retention_settings {\n      \
     retained_backups = 30\n    }\n  }\n}\n```",
    &["https://cloud.google.com/sql/docs/mysql/backup-recovery/backups"],
);

pub static BACKUPS: IacRule = IacRule {
    rule: &BACKUPS_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| {
        if is_replica(r) {
            return Vec::new();
        }
        require_true(
            r,
            &["settings", "backup_configuration", "enabled"],
            "automated backups",
        )
    },
};

pub static BACKUPS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..BACKUPS
};

static PITR_RULE: Rule = doc(
    "iac.gcp.sql-point-in-time-recovery",
    "Cloud SQL instance without point-in-time recovery",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "A primary Cloud SQL instance does not enable point-in-time recovery: \
     `settings.backup_configuration.point_in_time_recovery_enabled` for PostgreSQL and SQL \
     Server, `binary_log_enabled` for MySQL (both off by default outside Enterprise Plus). \
     Daily backups alone lose up to a day of transactions — for a ledger or payments database \
     that is an unacceptable recovery point objective.",
    "```hcl\nbackup_configuration {\n  enabled                        = true\n  \
     point_in_time_recovery_enabled = true # MySQL: binary_log_enabled = true\n  \
     transaction_log_retention_days = 7\n}\n```",
    &["https://cloud.google.com/sql/docs/postgres/backup-recovery/pitr"],
);

pub static PITR: IacRule = IacRule {
    rule: &PITR_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: check_pitr,
};

pub static PITR_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PITR
};

fn check_pitr(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if is_replica(resource) {
        return Vec::new();
    }
    let flag = match version(resource) {
        Some(v) if v.starts_with("MYSQL") => "binary_log_enabled",
        Some(v) if v.starts_with("POSTGRES") || v.starts_with("SQLSERVER") => {
            "point_in_time_recovery_enabled"
        }
        _ => return Vec::new(),
    };
    let path = ["settings", "backup_configuration", flag];
    // Enterprise Plus instances get point-in-time recovery unless it is turned off.
    let enterprise_plus = matches!(
        lookup(&resource.body, &["settings", "edition"]),
        Attr::Known(e) if e.as_str() == Some("ENTERPRISE_PLUS")
    );
    if enterprise_plus && matches!(lookup(&resource.body, &path), Attr::Missing) {
        return Vec::new();
    }
    require_true(resource, &path, "point-in-time recovery")
}

static DELETION_PROTECTION_RULE: Rule = doc(
    "iac.gcp.sql-deletion-protection",
    "Cloud SQL instance can be deleted without a safeguard",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "A `google_sql_database_instance` sets `deletion_protection = false` (Terraform's own guard, \
     on by default) or leaves `settings.deletion_protection_enabled` unset or false (the Cloud \
     SQL API guard, off by default). Without the API guard, a console click, a `gcloud` command \
     or another tool deletes the instance and, with it, its automated backups. Auditors expect \
     production data stores to be protected against accidental deletion.",
    "```hcl\nresource \"google_sql_database_instance\" \"ledger\" {\n  \
     deletion_protection = true\n  settings {\n    deletion_protection_enabled = true\n  }\n}\n```",
    &["https://cloud.google.com/sql/docs/mysql/deletion-protection"],
);

pub static DELETION_PROTECTION: IacRule = IacRule {
    rule: &DELETION_PROTECTION_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| {
        let mut out = Vec::new();
        if let Attr::Known(node) = lookup(&r.body, &["deletion_protection"])
            && truthy(node) == Some(false)
        {
            out.extend(hit(
                node.span,
                format!("{}: `deletion_protection = false`", r.address),
            ));
        }
        out.extend(require_true(
            r,
            &["settings", "deletion_protection_enabled"],
            "API-level deletion protection",
        ));
        out
    },
};

pub static DELETION_PROTECTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DELETION_PROTECTION
};

static CMEK_RULE: Rule = doc(
    "iac.gcp.sql-cmek",
    "Cloud SQL instance not encrypted with a customer managed key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "A `google_sql_database_instance` has no `encryption_key_name`, so its disks, backups and \
     replicas are encrypted only with Google-managed keys. The bank cannot revoke access to the \
     data by disabling a key, show key-use records, or separate key custodians from database \
     administrators. CMEK can only be chosen when the instance is created.",
    "Create the instance with a Cloud KMS key in the same region: `encryption_key_name = \
     google_kms_crypto_key.sql.id` (and grant the Cloud SQL service agent \
     `roles/cloudkms.cryptoKeyEncrypterDecrypter`). For an existing instance, restore into a \
     new CMEK instance.",
    &["https://cloud.google.com/sql/docs/mysql/cmek"],
);

pub static CMEK: IacRule = IacRule {
    rule: &CMEK_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| match configured(&r.body, &["encryption_key_name"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: no `encryption_key_name` (Google-managed keys only)",
                r.address
            ),
        ),
        _ => Vec::new(),
    },
};

pub static CMEK_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CMEK
};

/// What the configuration says about one database flag.
enum Flag<'a> {
    Missing,
    /// A flag block whose name or value is an expression (`dynamic "database_flags"`).
    Unknown,
    Known(&'a Node),
}

fn flag<'a>(resource: &'a Resource, name: &str) -> Flag<'a> {
    let mut unknown = false;
    for block in blocks_at(&resource.body, &["settings"], "database_flags") {
        match lookup(block, &["name"]) {
            Attr::Known(n) if n.as_str().is_some_and(|s| s.eq_ignore_ascii_case(name)) => {
                return match lookup(block, &["value"]) {
                    Attr::Known(v) => Flag::Known(v),
                    _ => Flag::Unknown,
                };
            }
            Attr::Unknown => unknown = true,
            _ => {}
        }
    }
    if unknown {
        Flag::Unknown
    } else {
        Flag::Missing
    }
}

/// A flag value as text: flags are strings, but a number is accepted too.
fn flag_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.trim().to_ascii_lowercase()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The usual flag check: on engines starting with `engine`, fire when the flag is set to a value
/// `good` rejects, and when it is missing if `required` (its engine default is insecure).
fn check_flag(
    resource: &Resource,
    engine: &str,
    name: &str,
    good: fn(&str) -> bool,
    required: bool,
    what: &str,
) -> Vec<Hit> {
    if !version(resource).is_some_and(|v| v.starts_with(engine)) {
        return Vec::new();
    }
    match flag(resource, name) {
        Flag::Missing if required => hit(
            resource.span,
            format!(
                "{}: database flag `{name}` is not set, so {what}",
                resource.address
            ),
        ),
        Flag::Known(node) => match flag_text(node) {
            Some(value) if !good(&value) => hit(
                node.span,
                format!(
                    "{}: database flag `{name} = {value}`, so {what}",
                    resource.address
                ),
            ),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

static PG_LOG_CONNECTIONS_RULE: Rule = doc(
    "iac.gcp.sql-postgres-log-connections",
    "Cloud SQL PostgreSQL does not log connections",
    Severity::Low,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-gcp-2.0:6.2.2"],
    "A PostgreSQL `google_sql_database_instance` does not set the database flag \
     `log_connections` to `on` (PostgreSQL's default is `off`). Connection attempts and \
     successful authentications are then not logged, so nobody can tell who connected to the \
     database, from where and when — basic evidence PCI DSS 10.2.1 expects for access to \
     system components holding account data.",
    "```hcl\nsettings {\n  database_flags {\n    name  = \"log_connections\"\n    \
     value = \"on\"\n  }\n}\n```",
    &["https://cloud.google.com/sql/docs/postgres/flags"],
);

pub static PG_LOG_CONNECTIONS: IacRule = IacRule {
    rule: &PG_LOG_CONNECTIONS_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| {
        check_flag(
            r,
            "POSTGRES",
            "log_connections",
            |v| v == "on",
            true,
            "connections are not logged",
        )
    },
};

pub static PG_LOG_CONNECTIONS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PG_LOG_CONNECTIONS
};

static PG_LOG_DISCONNECTIONS_RULE: Rule = doc(
    "iac.gcp.sql-postgres-log-disconnections",
    "Cloud SQL PostgreSQL does not log disconnections",
    Severity::Low,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-gcp-2.0:6.2.3"],
    "A PostgreSQL `google_sql_database_instance` does not set the database flag \
     `log_disconnections` to `on` (default `off`). The end of each session and its duration are \
     not logged, so session activity cannot be reconstructed during an investigation.",
    "```hcl\nsettings {\n  database_flags {\n    name  = \"log_disconnections\"\n    value = \
     \"on\"\n  }\n}\n```",
    &["https://cloud.google.com/sql/docs/postgres/flags"],
);

pub static PG_LOG_DISCONNECTIONS: IacRule = IacRule {
    rule: &PG_LOG_DISCONNECTIONS_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| {
        check_flag(
            r,
            "POSTGRES",
            "log_disconnections",
            |v| v == "on",
            true,
            "session ends are not logged",
        )
    },
};

pub static PG_LOG_DISCONNECTIONS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PG_LOG_DISCONNECTIONS
};

static PG_LOG_STATEMENT_RULE: Rule = doc(
    "iac.gcp.sql-postgres-log-statement",
    "Cloud SQL PostgreSQL does not log schema changes",
    Severity::Low,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-gcp-2.0:6.2.4"],
    "A PostgreSQL `google_sql_database_instance` leaves the database flag `log_statement` unset \
     or `none` (the default), so not even data definition statements (`CREATE`, `ALTER`, \
     `DROP`) are logged. Creation and deletion of database objects is one of the events PCI DSS \
     10.2.1 expects audit logs to capture.",
    "Log at least DDL (`mod` also logs data changes, `all` every statement):\n\n```hcl\n\
     database_flags {\n  name  = \"log_statement\"\n  value = \"ddl\"\n}\n```",
    &["https://cloud.google.com/sql/docs/postgres/flags"],
);

pub static PG_LOG_STATEMENT: IacRule = IacRule {
    rule: &PG_LOG_STATEMENT_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| {
        check_flag(
            r,
            "POSTGRES",
            "log_statement",
            |v| v != "none",
            true,
            "schema changes are not logged",
        )
    },
};

pub static PG_LOG_STATEMENT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PG_LOG_STATEMENT
};

static PG_LOG_MIN_DURATION_RULE: Rule = doc(
    "iac.gcp.sql-postgres-log-min-duration",
    "Cloud SQL PostgreSQL logs full statement text by duration",
    Severity::Low,
    &["CWE-532"],
    &["A09:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1", "cis-gcp-2.0:6.2.7"],
    "A PostgreSQL `google_sql_database_instance` sets the database flag \
     `log_min_duration_statement` to something other than `-1` (disabled, the default). Every \
     statement slower than the threshold is then written to Cloud Logging with its full text, \
     including literal values — card numbers, account data or credentials in queries end up in \
     logs readable by far more people than the database.",
    "Remove the flag or set it to `-1`:\n\n```hcl\ndatabase_flags {\n  name  = \
     \"log_min_duration_statement\"\n  value = \"-1\"\n}\n```\nand use Query Insights for \
     performance analysis instead.",
    &["https://cloud.google.com/sql/docs/postgres/flags"],
);

pub static PG_LOG_MIN_DURATION: IacRule = IacRule {
    rule: &PG_LOG_MIN_DURATION_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| {
        check_flag(
            r,
            "POSTGRES",
            "log_min_duration_statement",
            |v| v == "-1",
            false,
            "slow statements are logged with their full text",
        )
    },
};

pub static PG_LOG_MIN_DURATION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PG_LOG_MIN_DURATION
};

static PG_AUDIT_RULE: Rule = doc(
    "iac.gcp.sql-postgres-pgaudit",
    "Cloud SQL PostgreSQL without pgAudit",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-gcp-2.0:6.2.8"],
    "A PostgreSQL `google_sql_database_instance` does not set the database flag \
     `cloudsql.enable_pgaudit` to `on`. Without pgAudit, reads and changes of sensitive tables \
     and privileged actions by database users are not recorded in Cloud Audit Logs, so \
     individual access to account data (PCI DSS 10.2.1.1) cannot be shown.",
    "```hcl\ndatabase_flags {\n  name  = \"cloudsql.enable_pgaudit\"\n  value = \"on\"\n}\n\
     database_flags {\n  name  = \"pgaudit.log\"\n  value = \"ddl,role,write\"\n}\n```\nthen \
     run `CREATE EXTENSION pgaudit;` in each database.",
    &["https://cloud.google.com/sql/docs/postgres/pg-audit"],
);

pub static PG_AUDIT: IacRule = IacRule {
    rule: &PG_AUDIT_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| {
        check_flag(
            r,
            "POSTGRES",
            "cloudsql.enable_pgaudit",
            |v| v == "on",
            true,
            "database activity is not audited",
        )
    },
};

pub static PG_AUDIT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PG_AUDIT
};

static MYSQL_LOCAL_INFILE_RULE: Rule = doc(
    "iac.gcp.sql-mysql-local-infile",
    "Cloud SQL MySQL allows LOAD DATA LOCAL INFILE",
    Severity::Medium,
    &["CWE-552"],
    &["A05:2021"],
    &["pci-dss-4.0.1:2.2.1", "cis-gcp-2.0:6.1.3"],
    "A MySQL `google_sql_database_instance` sets the database flag `local_infile = on`. The \
     `LOAD DATA LOCAL INFILE` statement then lets the server ask a connecting client for any \
     file the client can read, a well-known way for a malicious or compromised server (or SQL \
     injection) to read files from application hosts.",
    "```hcl\ndatabase_flags {\n  name  = \"local_infile\"\n  value = \"off\"\n}\n```",
    &["https://cloud.google.com/sql/docs/mysql/flags"],
);

pub static MYSQL_LOCAL_INFILE: IacRule = IacRule {
    rule: &MYSQL_LOCAL_INFILE_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| {
        check_flag(
            r,
            "MYSQL",
            "local_infile",
            |v| v == "off",
            false,
            "LOAD DATA LOCAL INFILE is allowed",
        )
    },
};

pub static MYSQL_LOCAL_INFILE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..MYSQL_LOCAL_INFILE
};

static SQLSERVER_FLAGS_RULE: Rule = doc(
    "iac.gcp.sql-sqlserver-unsafe-flags",
    "Cloud SQL SQL Server turns on an unsafe database option",
    Severity::Medium,
    &["CWE-269"],
    &["A05:2021"],
    &[
        "pci-dss-4.0.1:2.2.1",
        "cis-gcp-2.0:6.3.1",
        "cis-gcp-2.0:6.3.2",
        "cis-gcp-2.0:6.3.7",
    ],
    "A SQL Server `google_sql_database_instance` sets one of the database flags `cross db \
     ownership chaining`, `contained database authentication` or `external scripts enabled` to \
     `on` (all off by default). Ownership chaining lets a user of one database reach objects in \
     another without a permission check; contained authentication lets database-level users \
     bypass server logins and their password policy; external scripts run R/Python code inside \
     the database engine.",
    "Remove the flags or set them to `off`:\n\n```hcl\ndatabase_flags {\n  name  = \"cross db \
     ownership chaining\"\n  value = \"off\"\n}\n```",
    &["https://cloud.google.com/sql/docs/sqlserver/flags"],
);

pub static SQLSERVER_FLAGS: IacRule = IacRule {
    rule: &SQLSERVER_FLAGS_RULE,
    format: Format::Terraform,
    kinds: INSTANCE,
    check: |_, r| {
        [
            "cross db ownership chaining",
            "contained database authentication",
            "external scripts enabled",
        ]
        .into_iter()
        .flat_map(|name| {
            check_flag(
                r,
                "SQLSERVER",
                name,
                |v| v == "off",
                false,
                "an unsafe database option is on",
            )
        })
        .collect()
    },
};

pub static SQLSERVER_FLAGS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SQLSERVER_FLAGS
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BARE: &str = r#"resource "google_sql_database_instance" "db" {
  name             = "ledger"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-custom-2-7680"
  }
}
"#;

    const HARDENED: &str = r#"resource "google_sql_database_instance" "db" {
  name                = "ledger"
  database_version    = "POSTGRES_15"
  encryption_key_name = google_kms_crypto_key.sql.id
  deletion_protection = true
  settings {
    tier                        = "db-custom-2-7680"
    deletion_protection_enabled = true
    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.vpc.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
    database_flags {
      name  = "log_statement"
      value = "ddl"
    }
    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
  }
}
"#;

    #[test]
    fn hardened_instance_is_clean() {
        for rule in rules() {
            assert_eq!(run(rule, HARDENED), (0, None), "{}", rule.rule.id);
        }
    }

    #[test]
    fn open_authorized_network() {
        let bad = r#"resource "google_sql_database_instance" "db" {
  settings {
    ip_configuration {
      authorized_networks {
        name  = "office"
        value = "203.0.113.0/28"
      }
      authorized_networks {
        name  = "anyone"
        value = "0.0.0.0/0"
      }
    }
  }
}
"#;
        assert_eq!(run(&OPEN_AUTHORIZED_NETWORK, bad), (1, Some(10)));
        assert_eq!(run(&OPEN_AUTHORIZED_NETWORK, BARE), (0, None));
    }

    #[test]
    fn public_ip() {
        assert_eq!(run(&PUBLIC_IP, BARE), (1, Some(1)));
        let on = "resource \"google_sql_database_instance\" \"db\" {\n  settings {\n    ip_configuration {\n      ipv4_enabled = true\n    }\n  }\n}\n";
        assert_eq!(run(&PUBLIC_IP, on), (1, Some(4)));
    }

    #[test]
    fn require_ssl() {
        assert_eq!(run(&REQUIRE_SSL, BARE), (1, Some(1)));
        let allow = "resource \"google_sql_database_instance\" \"db\" {\n  settings {\n    ip_configuration {\n      ssl_mode = \"ALLOW_UNENCRYPTED_AND_ENCRYPTED\"\n    }\n  }\n}\n";
        assert_eq!(run(&REQUIRE_SSL, allow), (1, Some(4)));
        let legacy = "resource \"google_sql_database_instance\" \"db\" {\n  settings {\n    ip_configuration {\n      require_ssl = true\n    }\n  }\n}\n";
        assert_eq!(run(&REQUIRE_SSL, legacy), (0, None));
        let legacy_off = legacy.replace("true", "false");
        assert_eq!(run(&REQUIRE_SSL, &legacy_off), (1, Some(4)));
    }

    #[test]
    fn backups_and_pitr() {
        assert_eq!(run(&BACKUPS, BARE), (1, Some(1)));
        assert_eq!(run(&PITR, BARE), (1, Some(1)));
        let mysql = r#"resource "google_sql_database_instance" "db" {
  database_version = "MYSQL_8_0"
  settings {
    backup_configuration {
      enabled            = true
      binary_log_enabled = false
    }
  }
}
"#;
        assert_eq!(run(&BACKUPS, mysql), (0, None));
        assert_eq!(run(&PITR, mysql), (1, Some(6)));
        let replica = r#"resource "google_sql_database_instance" "replica" {
  database_version     = "POSTGRES_15"
  master_instance_name = google_sql_database_instance.db.name
}
"#;
        assert_eq!(run(&BACKUPS, replica), (0, None));
        assert_eq!(run(&PITR, replica), (0, None));
        let plus = BARE.replace("tier = ", "edition = \"ENTERPRISE_PLUS\"\n    tier = ");
        assert_eq!(run(&PITR, &plus), (0, None));
    }

    #[test]
    fn deletion_protection() {
        assert_eq!(run(&DELETION_PROTECTION, BARE), (1, Some(1)));
        let off = r#"resource "google_sql_database_instance" "db" {
  deletion_protection = false
  settings {
    deletion_protection_enabled = false
  }
}
"#;
        assert_eq!(run(&DELETION_PROTECTION, off), (2, Some(2)));
    }

    #[test]
    fn cmek() {
        assert_eq!(run(&CMEK, BARE), (1, Some(1)));
    }

    #[test]
    fn postgres_flags() {
        assert_eq!(run(&PG_LOG_CONNECTIONS, BARE), (1, Some(1)));
        assert_eq!(run(&PG_LOG_DISCONNECTIONS, BARE), (1, Some(1)));
        assert_eq!(run(&PG_LOG_STATEMENT, BARE), (1, Some(1)));
        assert_eq!(run(&PG_AUDIT, BARE), (1, Some(1)));
        assert_eq!(run(&PG_LOG_MIN_DURATION, BARE), (0, None));
        let set = r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_14"
  settings {
    database_flags {
      name  = "log_connections"
      value = "off"
    }
    database_flags {
      name  = "log_min_duration_statement"
      value = "0"
    }
    database_flags {
      name  = "log_statement"
      value = "none"
    }
  }
}
"#;
        assert_eq!(run(&PG_LOG_CONNECTIONS, set), (1, Some(6)));
        assert_eq!(run(&PG_LOG_MIN_DURATION, set), (1, Some(10)));
        assert_eq!(run(&PG_LOG_STATEMENT, set), (1, Some(14)));
        let mysql = BARE.replace("POSTGRES_15", "MYSQL_8_0");
        assert_eq!(run(&PG_LOG_CONNECTIONS, &mysql), (0, None));
        let dynamic = r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    dynamic "database_flags" {
      for_each = var.flags
      content {
        name  = database_flags.key
        value = database_flags.value
      }
    }
  }
}
"#;
        assert_eq!(run(&PG_AUDIT, dynamic), (0, None));
    }

    #[test]
    fn mysql_and_sqlserver_flags() {
        let mysql = r#"resource "google_sql_database_instance" "db" {
  database_version = "MYSQL_8_0"
  settings {
    database_flags {
      name  = "local_infile"
      value = "on"
    }
  }
}
"#;
        assert_eq!(run(&MYSQL_LOCAL_INFILE, mysql), (1, Some(6)));
        assert_eq!(
            run(&MYSQL_LOCAL_INFILE, &mysql.replace("\"on\"", "\"off\"")),
            (0, None)
        );
        let sqlserver = r#"resource "google_sql_database_instance" "db" {
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    database_flags {
      name  = "cross db ownership chaining"
      value = "on"
    }
    database_flags {
      name  = "contained database authentication"
      value = "off"
    }
  }
}
"#;
        assert_eq!(run(&SQLSERVER_FLAGS, sqlserver), (1, Some(6)));
        assert_eq!(run(&SQLSERVER_FLAGS, BARE), (0, None));
    }

    #[test]
    fn plan_twin_reads_planned_values() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "google_sql_database_instance.db",
          "type": "google_sql_database_instance",
          "values": {
            "database_version": "POSTGRES_15",
            "encryption_key_name": null,
            "master_instance_name": "",
            "settings": [
              {
                "ip_configuration": [
                  {
                    "ipv4_enabled": true,
                    "ssl_mode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
                    "authorized_networks": [{"name": "all", "value": "0.0.0.0/0"}]
                  }
                ],
                "backup_configuration": [{"enabled": false}]
              }
            ]
          }
        }
      ]
    }
  }
}
"#;
        let lines = |rule| {
            crate::rules::testing::hits(rule, "plan.json", plan)
                .iter()
                .map(|h| h.span.start.line)
                .collect::<Vec<_>>()
        };
        assert_eq!(lines(&OPEN_AUTHORIZED_NETWORK_PLAN), vec![19]);
        assert_eq!(lines(&PUBLIC_IP_PLAN), vec![17]);
        assert_eq!(lines(&REQUIRE_SSL_PLAN), vec![18]);
        assert_eq!(lines(&BACKUPS_PLAN), vec![22]);
        assert_eq!(lines(&CMEK_PLAN), vec![6]);
    }
}
