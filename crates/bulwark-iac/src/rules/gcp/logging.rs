//! Audit logging and log retention: Data Access audit configs, Cloud Logging buckets, and the
//! Cloud Storage buckets that keep exported logs (PCI DSS 10.5.1: a year of audit history).

use super::{configured, strings};
use crate::model::{Format, Resource};
use crate::rules::terraform::{
    Attr, attached, blocks, doc, hit, lookup, number, require_true, truthy,
};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &AUDIT_CONFIG,
        &AUDIT_CONFIG_PLAN,
        &LOG_BUCKET_RETENTION,
        &LOG_BUCKET_RETENTION_PLAN,
        &LOG_BUCKET_LOCKED,
        &LOG_BUCKET_LOCKED_PLAN,
        &STORAGE_RETENTION,
        &STORAGE_RETENTION_PLAN,
        &SINK_BUCKET_LOCK,
    ]
}

/// PCI DSS 10.5.1: retain audit log history for at least twelve months.
const MIN_RETENTION_DAYS: f64 = 365.0;

static AUDIT_CONFIG_RULE: Rule = doc(
    "iac.gcp.audit-config",
    "Data Access audit logs incomplete or with exempted members",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-gcp-2.0:2.1"],
    "A `google_project_iam_audit_config` (or folder / organization audit config) for \
     `allServices` does not enable both `DATA_READ` and `DATA_WRITE` log types, or any audit \
     config lists `exempted_members`. Reads and changes of customer data — and everything the \
     exempted identities do — are then missing from Cloud Audit Logs, so access to account data \
     cannot be traced to an individual (PCI DSS 10.2.1).",
    "```hcl\nresource \"google_project_iam_audit_config\" \"all\" {\n  project = var.project\n  \
     service = \"allServices\"\n  audit_log_config {\n    log_type = \"ADMIN_READ\"\n  }\n  \
     audit_log_config {\n    log_type = \"DATA_READ\"\n  }\n  audit_log_config {\n    log_type = \
     \"DATA_WRITE\"\n  }\n}\n```\nwithout `exempted_members`.",
    &["https://cloud.google.com/logging/docs/audit/configure-data-access"],
);

pub static AUDIT_CONFIG: IacRule = IacRule {
    rule: &AUDIT_CONFIG_RULE,
    format: Format::Terraform,
    kinds: &[
        "google_project_iam_audit_config",
        "google_folder_iam_audit_config",
        "google_organization_iam_audit_config",
    ],
    check: check_audit_config,
};

pub static AUDIT_CONFIG_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..AUDIT_CONFIG
};

fn check_audit_config(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    let configs = blocks(&resource.body, "audit_log_config");
    for config in &configs {
        if let Attr::Known(members) = lookup(config, &["exempted_members"]) {
            for (member, span) in strings(members) {
                out.extend(hit(
                    span,
                    format!(
                        "{}: `{member}` is exempted from audit logging",
                        resource.address
                    ),
                ));
            }
        }
    }
    let all_services = match lookup(&resource.body, &["service"]) {
        Attr::Known(s) => s.as_str() == Some("allServices"),
        _ => false,
    };
    if !all_services {
        return out;
    }
    let mut types = Vec::new();
    for config in &configs {
        match lookup(config, &["log_type"]) {
            Attr::Known(t) => types.extend(t.as_str()),
            // A log type we cannot read may be the missing one.
            _ => return out,
        }
    }
    let missing: Vec<&str> = ["DATA_READ", "DATA_WRITE"]
        .into_iter()
        .filter(|t| !types.contains(t))
        .collect();
    if !missing.is_empty() {
        out.extend(hit(
            resource.span,
            format!(
                "{}: audit logging for allServices lacks {}",
                resource.address,
                missing.join(" and ")
            ),
        ));
    }
    out
}

const LOG_BUCKETS: &[&str] = &[
    "google_logging_project_bucket_config",
    "google_logging_folder_bucket_config",
    "google_logging_organization_bucket_config",
    "google_logging_billing_account_bucket_config",
];

static LOG_BUCKET_RETENTION_RULE: Rule = doc(
    "iac.gcp.log-bucket-retention",
    "Cloud Logging bucket keeps logs less than a year",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.5.1", "soc2:CC7.2"],
    "A Cloud Logging bucket (`google_logging_project_bucket_config` and its folder, \
     organization and billing-account variants) leaves `retention_days` unset — Cloud Logging \
     then keeps logs 30 days — or sets it below 365. PCI DSS 10.5.1 requires audit log history \
     to be kept for at least twelve months, with the last three immediately available; shorter \
     retention deletes the evidence an investigation or audit needs.",
    "```hcl\nresource \"google_logging_project_bucket_config\" \"audit\" {\n  project        = \
     var.project\n  location       = \"global\"\n  bucket_id      = \"audit\"\n  retention_days = \
     400\n  locked         = true\n}\n```\n(or route logs with a sink to a bucket or BigQuery \
     dataset that keeps them a year).",
    &["https://cloud.google.com/logging/docs/buckets"],
);

pub static LOG_BUCKET_RETENTION: IacRule = IacRule {
    rule: &LOG_BUCKET_RETENTION_RULE,
    format: Format::Terraform,
    kinds: LOG_BUCKETS,
    check: |_, r| match lookup(&r.body, &["retention_days"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: `retention_days` is not set (Cloud Logging keeps 30 days)",
                r.address
            ),
        ),
        Attr::Known(n) => match number(n) {
            Some(days) if days < MIN_RETENTION_DAYS => hit(
                n.span,
                format!("{}: logs kept {days} days, fewer than 365", r.address),
            ),
            _ => Vec::new(),
        },
        Attr::Unknown => Vec::new(),
    },
};

pub static LOG_BUCKET_RETENTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LOG_BUCKET_RETENTION
};

static LOG_BUCKET_LOCKED_RULE: Rule = doc(
    "iac.gcp.log-bucket-locked",
    "Cloud Logging bucket retention not locked",
    Severity::Low,
    &["CWE-693"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.3.2", "soc2:CC7.2"],
    "A Cloud Logging bucket leaves `locked` unset or false (the default). Anyone with \
     `logging.buckets.update` — including an attacker with a stolen administrator session — can \
     then shorten the retention or delete the bucket and the audit trail in it. PCI DSS 10.3.2 \
     requires audit logs to be protected from modification.",
    "Set `locked = true` once `retention_days` is final (locking cannot be undone; the bucket \
     can then only be deleted when empty).",
    &["https://cloud.google.com/logging/docs/buckets"],
);

pub static LOG_BUCKET_LOCKED: IacRule = IacRule {
    rule: &LOG_BUCKET_LOCKED_RULE,
    format: Format::Terraform,
    kinds: LOG_BUCKETS,
    check: |_, r| require_true(r, &["locked"], "the retention lock"),
};

pub static LOG_BUCKET_LOCKED_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LOG_BUCKET_LOCKED
};

static STORAGE_RETENTION_RULE: Rule = doc(
    "iac.gcp.storage-retention-period",
    "Cloud Storage retention policy shorter than a year",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.5.1", "soc2:CC7.2"],
    "A `google_storage_bucket` has a `retention_policy` whose `retention_period` is below \
     31,536,000 seconds (365 days). Retention policies are how buckets holding exported audit \
     logs and records are made tamper-proof; one shorter than a year lets objects be deleted \
     before the twelve months of audit history PCI DSS 10.5.1 requires have passed.",
    "```hcl\nretention_policy {\n  retention_period = 34560000 # 400 days, in seconds\n  \
     is_locked        = true\n}\n```",
    &["https://cloud.google.com/storage/docs/bucket-lock"],
);

pub static STORAGE_RETENTION: IacRule = IacRule {
    rule: &STORAGE_RETENTION_RULE,
    format: Format::Terraform,
    kinds: &["google_storage_bucket"],
    check: |_, r| match lookup(&r.body, &["retention_policy", "retention_period"]) {
        Attr::Known(n) => match number(n) {
            Some(seconds) if seconds < MIN_RETENTION_DAYS * 86400.0 => hit(
                n.span,
                format!(
                    "{}: retention policy keeps objects {:.0} days, fewer than 365",
                    r.address,
                    seconds / 86400.0
                ),
            ),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    },
};

pub static STORAGE_RETENTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..STORAGE_RETENTION
};

static SINK_BUCKET_LOCK_RULE: Rule = doc(
    "iac.gcp.log-sink-bucket-lock",
    "Log export bucket without a locked retention policy",
    Severity::Medium,
    &["CWE-693"],
    &["A09:2021"],
    &[
        "pci-dss-4.0.1:10.3.2",
        "pci-dss-4.0.1:10.5.1",
        "cis-gcp-2.0:2.3",
    ],
    "A `google_storage_bucket` that a log sink (`google_logging_project_sink`, folder or \
     organization sink) in the same file exports to has no `retention_policy`, or its policy is \
     not locked (`is_locked = true`). Exported audit logs can then be deleted or overwritten by \
     anyone with storage admin rights — including an intruder covering their tracks — before \
     the retention period ends.",
    "```hcl\nresource \"google_storage_bucket\" \"audit_logs\" {\n  name                        \
     = \"bank-audit-logs\"\n  location                    = \"EU\"\n  \
     uniform_bucket_level_access = true\n  retention_policy {\n    \
     retention_period = 34560000\n    is_locked        = true\n  }\n}\n```",
    &["https://cloud.google.com/storage/docs/bucket-lock"],
);

/// Reads other resources (the sinks that export to the bucket), so it has no plan twin.
pub static SINK_BUCKET_LOCK: IacRule = IacRule {
    rule: &SINK_BUCKET_LOCK_RULE,
    format: Format::Terraform,
    kinds: &["google_storage_bucket"],
    check: check_sink_bucket,
};

fn check_sink_bucket(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let sinks = attached(
        context,
        resource,
        &[
            "google_logging_project_sink",
            "google_logging_folder_sink",
            "google_logging_organization_sink",
            "google_logging_billing_account_sink",
        ],
    );
    let Some(sink) = sinks.first() else {
        return Vec::new();
    };
    if matches!(
        configured(&resource.body, &["retention_policy"]),
        Attr::Missing
    ) {
        return hit(
            resource.span,
            format!(
                "{}: receives logs from {} but has no retention policy",
                resource.address, sink.address
            ),
        );
    }
    match lookup(&resource.body, &["retention_policy", "is_locked"]) {
        Attr::Known(n) if truthy(n) == Some(false) => hit(
            n.span,
            format!(
                "{}: log export bucket retention is not locked",
                resource.address
            ),
        ),
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: receives logs from {} but its retention policy is not locked",
                resource.address, sink.address
            ),
        ),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn audit_config() {
        let partial = r#"resource "google_project_iam_audit_config" "a" {
  project = "bank-prod"
  service = "allServices"
  audit_log_config {
    log_type = "ADMIN_READ"
  }
  audit_log_config {
    log_type         = "DATA_READ"
    exempted_members = ["user:batch@bank.example"]
  }
}
"#;
        // One for the exempted member, one for the missing DATA_WRITE.
        assert_eq!(run(&AUDIT_CONFIG, partial), (2, Some(9)));
        let full = r#"resource "google_project_iam_audit_config" "a" {
  service = "allServices"
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}
resource "google_project_iam_audit_config" "gcs" {
  service = "storage.googleapis.com"
  audit_log_config {
    log_type = "DATA_READ"
  }
}
"#;
        assert_eq!(run(&AUDIT_CONFIG, full), (0, None));
    }

    #[test]
    fn log_buckets() {
        let bare = "resource \"google_logging_project_bucket_config\" \"b\" {\n  bucket_id = \"audit\"\n}\n";
        assert_eq!(run(&LOG_BUCKET_RETENTION, bare), (1, Some(1)));
        assert_eq!(run(&LOG_BUCKET_LOCKED, bare), (1, Some(1)));
        let short = "resource \"google_logging_project_bucket_config\" \"b\" {\n  retention_days = 90\n  locked = true\n}\n";
        assert_eq!(run(&LOG_BUCKET_RETENTION, short), (1, Some(2)));
        assert_eq!(run(&LOG_BUCKET_LOCKED, short), (0, None));
        let year =
            "resource \"google_logging_folder_bucket_config\" \"b\" {\n  retention_days = 400\n}\n";
        assert_eq!(run(&LOG_BUCKET_RETENTION, year), (0, None));
    }

    #[test]
    fn storage_retention() {
        let short = "resource \"google_storage_bucket\" \"b\" {\n  retention_policy {\n    retention_period = 2592000\n  }\n}\n";
        assert_eq!(run(&STORAGE_RETENTION, short), (1, Some(3)));
        let year = "resource \"google_storage_bucket\" \"b\" {\n  retention_policy {\n    retention_period = 31536000\n  }\n}\n";
        assert_eq!(run(&STORAGE_RETENTION, year), (0, None));
        let none = "resource \"google_storage_bucket\" \"b\" {\n  name = \"x\"\n}\n";
        assert_eq!(run(&STORAGE_RETENTION, none), (0, None));
    }

    #[test]
    fn sink_bucket_lock() {
        let sink = r#"resource "google_logging_project_sink" "audit" {
  name        = "audit"
  destination = "storage.googleapis.com/${google_storage_bucket.logs.name}"
}
"#;
        let unlocked = format!(
            "{sink}resource \"google_storage_bucket\" \"logs\" {{\n  retention_policy {{\n    retention_period = 31536000\n  }}\n}}\n"
        );
        assert_eq!(run(&SINK_BUCKET_LOCK, &unlocked), (1, Some(5)));
        let no_policy =
            format!("{sink}resource \"google_storage_bucket\" \"logs\" {{\n  name = \"x\"\n}}\n");
        assert_eq!(run(&SINK_BUCKET_LOCK, &no_policy), (1, Some(5)));
        let locked = format!(
            "{sink}resource \"google_storage_bucket\" \"logs\" {{\n  retention_policy {{\n    retention_period = 31536000\n    is_locked = true\n  }}\n}}\n"
        );
        assert_eq!(run(&SINK_BUCKET_LOCK, &locked), (0, None));
        let unrelated = "resource \"google_storage_bucket\" \"data\" {\n  name = \"x\"\n}\n";
        assert_eq!(run(&SINK_BUCKET_LOCK, unrelated), (0, None));
    }

    #[test]
    fn plan_twin() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "google_logging_project_bucket_config.b",
          "type": "google_logging_project_bucket_config",
          "values": {
            "retention_days": 30,
            "locked": false
          }
        }
      ]
    }
  }
}
"#;
        let found = crate::rules::testing::hits(&LOG_BUCKET_RETENTION_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 10);
        let found = crate::rules::testing::hits(&LOG_BUCKET_LOCKED_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 11);
    }
}
