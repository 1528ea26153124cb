//! Audit logging: CloudTrail, CloudWatch log groups, and the logs managed services keep only
//! when asked (EKS control plane, RDS/Aurora, OpenSearch audit logs).

use super::{Attr, blocks, doc, hit, lookup, number, require_true, truthy};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &CLOUDTRAIL_MULTI_REGION,
        &CLOUDTRAIL_LOG_VALIDATION,
        &CLOUDTRAIL_KMS,
        &LOG_GROUP_RETENTION,
        &LOG_GROUP_KMS,
        &EKS_CONTROL_PLANE_LOGGING,
        &EKS_CONTROL_PLANE_LOGGING_PLAN,
        &RDS_LOG_EXPORTS,
        &RDS_LOG_EXPORTS_PLAN,
        &SEARCH_AUDIT_LOGS,
        &SEARCH_AUDIT_LOGS_PLAN,
    ]
}

static CLOUDTRAIL_MULTI_REGION_RULE: Rule = doc(
    "iac.aws.cloudtrail-multi-region",
    "CloudTrail trail covers one region only",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-aws-3.0:3.1"],
    "An `aws_cloudtrail` has `is_multi_region_trail` unset or false, so API activity in every \
     other region — where an attacker would start unwatched resources — is not recorded.",
    "Set `is_multi_region_trail = true` (and `include_global_service_events = true`).",
    &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    ],
);

pub static CLOUDTRAIL_MULTI_REGION: IacRule = IacRule {
    rule: &CLOUDTRAIL_MULTI_REGION_RULE,
    format: Format::Terraform,
    kinds: &["aws_cloudtrail"],
    check: |_, r| require_true(r, &["is_multi_region_trail"], "multi-region logging"),
};

static CLOUDTRAIL_LOG_VALIDATION_RULE: Rule = doc(
    "iac.aws.cloudtrail-log-validation",
    "CloudTrail log file integrity validation off",
    Severity::Medium,
    &["CWE-354"],
    &["A09:2021"],
    &[
        "pci-dss-4.0.1:10.3.2",
        "pci-dss-4.0.1:10.3.4",
        "cis-aws-3.0:3.2",
    ],
    "`enable_log_file_validation` is unset or false, so CloudTrail writes no signed digest files \
     and nobody can prove the audit trail was not altered or deleted. PCI DSS 10.3 requires \
     audit logs to be protected from modification.",
    "Set `enable_log_file_validation = true` and check digests with `aws cloudtrail \
     validate-logs`.",
    &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
    ],
);

pub static CLOUDTRAIL_LOG_VALIDATION: IacRule = IacRule {
    rule: &CLOUDTRAIL_LOG_VALIDATION_RULE,
    format: Format::Terraform,
    kinds: &["aws_cloudtrail"],
    check: |_, r| {
        require_true(
            r,
            &["enable_log_file_validation"],
            "log file integrity validation",
        )
    },
};

static CLOUDTRAIL_KMS_RULE: Rule = doc(
    "iac.aws.cloudtrail-kms",
    "CloudTrail logs not encrypted with a KMS key",
    Severity::Medium,
    &["CWE-311"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.3.2", "cis-aws-3.0:3.5"],
    "An `aws_cloudtrail` has no `kms_key_id`, so its log files get only S3-managed encryption: \
     anyone who can read the bucket can read the trail, including the security team's \
     investigations. SSE-KMS adds a key policy as a second gate.",
    "Set `kms_key_id = aws_kms_key.cloudtrail.arn` with a key policy allowing \
     `cloudtrail.amazonaws.com` to encrypt and only auditors to decrypt.",
    &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
    ],
);

pub static CLOUDTRAIL_KMS: IacRule = IacRule {
    rule: &CLOUDTRAIL_KMS_RULE,
    format: Format::Terraform,
    kinds: &["aws_cloudtrail"],
    check: |_, r| match lookup(&r.body, &["kms_key_id"]) {
        Attr::Missing => hit(r.span, format!("{}: `kms_key_id` is not set", r.address)),
        _ => Vec::new(),
    },
};

static LOG_GROUP_RETENTION_RULE: Rule = doc(
    "iac.aws.log-group-retention",
    "CloudWatch log group kept less than a year",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.5.1"],
    "An `aws_cloudwatch_log_group` sets `retention_in_days` between 1 and 364. PCI DSS 10.5.1 \
     requires audit log history to be kept for at least 12 months (three immediately \
     available); shorter retention deletes the evidence an investigation or audit needs. \
     (Unset or 0 means never expire and is not reported.)",
    "Set `retention_in_days = 365` or more (e.g. 400 or 731), or export to S3 with a lifecycle \
     that keeps a year.",
    &[
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html",
    ],
);

pub static LOG_GROUP_RETENTION: IacRule = IacRule {
    rule: &LOG_GROUP_RETENTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_cloudwatch_log_group"],
    check: |_, r| match lookup(&r.body, &["retention_in_days"]) {
        Attr::Known(node) => match number(node) {
            Some(days) if days > 0.0 && days < 365.0 => hit(
                node.span,
                format!("{}: logs kept {days} days, fewer than 365", r.address),
            ),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    },
};

static LOG_GROUP_KMS_RULE: Rule = doc(
    "iac.aws.log-group-kms",
    "CloudWatch log group not encrypted with a KMS key",
    Severity::Low,
    &["CWE-311"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.3.2", "soc2:CC6.1"],
    "An `aws_cloudwatch_log_group` has no `kms_key_id`. Logs often carry request data, tokens \
     and account numbers; with a customer managed key, access to them is controlled and audited \
     by a key policy, and can be revoked.",
    "Set `kms_key_id = aws_kms_key.logs.arn` (the key policy must allow \
     `logs.<region>.amazonaws.com`).",
    &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"],
);

pub static LOG_GROUP_KMS: IacRule = IacRule {
    rule: &LOG_GROUP_KMS_RULE,
    format: Format::Terraform,
    kinds: &["aws_cloudwatch_log_group"],
    check: |_, r| match lookup(&r.body, &["kms_key_id"]) {
        Attr::Missing => hit(r.span, format!("{}: `kms_key_id` is not set", r.address)),
        _ => Vec::new(),
    },
};

static EKS_CONTROL_PLANE_LOGGING_RULE: Rule = doc(
    "iac.aws.eks-control-plane-logging",
    "EKS control plane audit logs not enabled",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "pci-dss-4.0.1:10.2.2", "soc2:CC7.2"],
    "An `aws_eks_cluster` does not list `api`, `audit` and `authenticator` in \
     `enabled_cluster_log_types` (none are enabled by default). Without them there is no record \
     of who read a Secret, exec'd into a pod, changed RBAC or which IAM identity a Kubernetes \
     user mapped to — the control-plane audit trail PCI DSS 10.2 requires for every system \
     component in scope.",
    "```hcl\nenabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\", \
     \"controllerManager\", \"scheduler\"]\n```\nand keep the `/aws/eks/<cluster>/cluster` log \
     group for at least a year.",
    &["https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html"],
);

pub static EKS_CONTROL_PLANE_LOGGING: IacRule = IacRule {
    rule: &EKS_CONTROL_PLANE_LOGGING_RULE,
    format: Format::Terraform,
    kinds: &["aws_eks_cluster"],
    check: check_eks_logging,
};

pub static EKS_CONTROL_PLANE_LOGGING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..EKS_CONTROL_PLANE_LOGGING
};

/// Log types an auditor needs: API calls, Kubernetes audit events, IAM authentication.
const EKS_AUDIT_LOG_TYPES: &[&str] = &["api", "audit", "authenticator"];

fn check_eks_logging(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let (span, enabled): (_, Vec<&str>) =
        match lookup(&resource.body, &["enabled_cluster_log_types"]) {
            Attr::Missing => (resource.span, Vec::new()),
            Attr::Known(node) => {
                let Some(items) = node.as_array() else {
                    return Vec::new();
                };
                let names: Option<Vec<&str>> = items.iter().map(|n| n.as_str()).collect();
                match names {
                    Some(names) => (node.span, names),
                    None => return Vec::new(),
                }
            }
            Attr::Unknown => return Vec::new(),
        };
    let missing: Vec<&str> = EKS_AUDIT_LOG_TYPES
        .iter()
        .copied()
        .filter(|t| !enabled.contains(t))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    hit(
        span,
        format!(
            "{}: control plane log types not enabled: {}",
            resource.address,
            missing.join(", ")
        ),
    )
}

static RDS_LOG_EXPORTS_RULE: Rule = doc(
    "iac.aws.rds-log-exports",
    "RDS/Aurora database logs not exported to CloudWatch",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "pci-dss-4.0.1:10.5.1", "soc2:CC7.2"],
    "An `aws_db_instance` or `aws_rds_cluster` has no `enabled_cloudwatch_logs_exports`, so the \
     engine's audit, error and connection logs stay on the instance, where they rotate away \
     within days and disappear with it. Database access by administrators and applications is \
     exactly what PCI DSS 10.2.1 wants recorded and kept for a year.",
    "Export the engine's logs, e.g. `enabled_cloudwatch_logs_exports = [\"postgresql\"]` \
     (PostgreSQL, with `log_connections` and pgAudit), `[\"audit\", \"error\", \"slowquery\"]` \
     (MySQL/MariaDB with the audit plugin) or `[\"audit\", \"alert\", \"listener\"]` (Oracle).",
    &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html",
    ],
);

pub static RDS_LOG_EXPORTS: IacRule = IacRule {
    rule: &RDS_LOG_EXPORTS_RULE,
    format: Format::Terraform,
    kinds: &["aws_db_instance", "aws_rds_cluster"],
    check: check_rds_logs,
};

pub static RDS_LOG_EXPORTS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..RDS_LOG_EXPORTS
};

fn check_rds_logs(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    // Aurora Serverless v1 cannot export logs this way.
    if matches!(lookup(&resource.body, &["engine_mode"]), Attr::Known(n) if n.as_str() == Some("serverless"))
    {
        return Vec::new();
    }
    match lookup(&resource.body, &["enabled_cloudwatch_logs_exports"]) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: `enabled_cloudwatch_logs_exports` is not set",
                resource.address
            ),
        ),
        Attr::Known(node) if node.as_array().is_some_and(<[_]>::is_empty) => hit(
            node.span,
            format!("{}: no database logs are exported", resource.address),
        ),
        _ => Vec::new(),
    }
}

static SEARCH_AUDIT_LOGS_RULE: Rule = doc(
    "iac.aws.opensearch-audit-logs",
    "OpenSearch/Elasticsearch domain without audit logs",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "pci-dss-4.0.1:10.2.2", "soc2:CC7.2"],
    "An `aws_opensearch_domain` or `aws_elasticsearch_domain` has no enabled \
     `log_publishing_options` block with `log_type = \"AUDIT_LOGS\"`, so authentication \
     failures, index reads and permission changes on the cluster are not recorded. Search \
     clusters hold copies of customer and transaction records; PCI DSS 10.2 requires access \
     to them to be logged.",
    "Enable fine-grained access control and publish audit logs:\n\n```hcl\n\
     log_publishing_options {\n  log_type                 = \"AUDIT_LOGS\"\n  \
     cloudwatch_log_group_arn = aws_cloudwatch_log_group.search_audit.arn\n}\n```",
    &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html"],
);

pub static SEARCH_AUDIT_LOGS: IacRule = IacRule {
    rule: &SEARCH_AUDIT_LOGS_RULE,
    format: Format::Terraform,
    kinds: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    check: check_search_audit,
};

pub static SEARCH_AUDIT_LOGS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SEARCH_AUDIT_LOGS
};

fn check_search_audit(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if matches!(
        lookup(&resource.body, &["log_publishing_options"]),
        Attr::Unknown
    ) {
        return Vec::new();
    }
    for options in blocks(&resource.body, "log_publishing_options") {
        let audit = match lookup(options, &["log_type"]) {
            Attr::Known(t) => t.as_str() == Some("AUDIT_LOGS"),
            Attr::Unknown => return Vec::new(),
            Attr::Missing => false,
        };
        let enabled =
            !matches!(lookup(options, &["enabled"]), Attr::Known(e) if truthy(e) == Some(false));
        if audit && enabled {
            return Vec::new();
        }
    }
    hit(
        resource.span,
        format!("{}: audit logs are not published", resource.address),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn cloudtrail() {
        let bare = "resource \"aws_cloudtrail\" \"t\" {\n  name = \"t\"\n}\n";
        for rule in [
            &CLOUDTRAIL_MULTI_REGION,
            &CLOUDTRAIL_LOG_VALIDATION,
            &CLOUDTRAIL_KMS,
        ] {
            assert_eq!(run(rule, bare), (1, Some(1)), "{}", rule.rule.id);
        }
        let ok = r#"resource "aws_cloudtrail" "t" {
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.k.arn
}
"#;
        for rule in [
            &CLOUDTRAIL_MULTI_REGION,
            &CLOUDTRAIL_LOG_VALIDATION,
            &CLOUDTRAIL_KMS,
        ] {
            assert_eq!(run(rule, ok), (0, None), "{}", rule.rule.id);
        }
        let off = "resource \"aws_cloudtrail\" \"t\" {\n  is_multi_region_trail = false\n}\n";
        assert_eq!(run(&CLOUDTRAIL_MULTI_REGION, off), (1, Some(2)));
    }

    #[test]
    fn log_groups() {
        let short = "resource \"aws_cloudwatch_log_group\" \"g\" {\n  retention_in_days = 90\n}\n";
        assert_eq!(run(&LOG_GROUP_RETENTION, short), (1, Some(2)));
        assert_eq!(run(&LOG_GROUP_KMS, short), (1, Some(1)));
        let ok = "resource \"aws_cloudwatch_log_group\" \"g\" {\n  retention_in_days = 400\n  kms_key_id = aws_kms_key.k.arn\n}\n";
        assert_eq!(run(&LOG_GROUP_RETENTION, ok), (0, None));
        assert_eq!(run(&LOG_GROUP_KMS, ok), (0, None));
        let forever = "resource \"aws_cloudwatch_log_group\" \"g\" {\n  name = \"g\"\n}\n";
        assert_eq!(run(&LOG_GROUP_RETENTION, forever), (0, None));
    }

    #[test]
    fn eks_logging() {
        let bare = "resource \"aws_eks_cluster\" \"c\" {\n  name = \"c\"\n}\n";
        assert_eq!(run(&EKS_CONTROL_PLANE_LOGGING, bare), (1, Some(1)));
        let partial =
            "resource \"aws_eks_cluster\" \"c\" {\n  enabled_cluster_log_types = [\"api\"]\n}\n";
        assert_eq!(run(&EKS_CONTROL_PLANE_LOGGING, partial), (1, Some(2)));
        let ok = "resource \"aws_eks_cluster\" \"c\" {\n  enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\"]\n}\n";
        assert_eq!(run(&EKS_CONTROL_PLANE_LOGGING, ok), (0, None));
    }

    #[test]
    fn rds_logs() {
        let bare = "resource \"aws_db_instance\" \"d\" {\n  engine = \"postgres\"\n}\n";
        assert_eq!(run(&RDS_LOG_EXPORTS, bare), (1, Some(1)));
        let empty =
            "resource \"aws_rds_cluster\" \"c\" {\n  enabled_cloudwatch_logs_exports = []\n}\n";
        assert_eq!(run(&RDS_LOG_EXPORTS, empty), (1, Some(2)));
        let ok = "resource \"aws_db_instance\" \"d\" {\n  enabled_cloudwatch_logs_exports = [\"postgresql\"]\n}\n";
        assert_eq!(run(&RDS_LOG_EXPORTS, ok), (0, None));
    }

    #[test]
    fn search_audit_logs() {
        let slow_only = r#"resource "aws_opensearch_domain" "d" {
  log_publishing_options {
    log_type                 = "INDEX_SLOW_LOGS"
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.g.arn
  }
}
"#;
        assert_eq!(run(&SEARCH_AUDIT_LOGS, slow_only), (1, Some(1)));
        let ok = slow_only.replace("INDEX_SLOW_LOGS", "AUDIT_LOGS");
        assert_eq!(run(&SEARCH_AUDIT_LOGS, &ok), (0, None));
        let off = ok.replace("    log_type", "    enabled = false\n    log_type");
        assert_eq!(run(&SEARCH_AUDIT_LOGS, &off), (1, Some(1)));
    }
}
