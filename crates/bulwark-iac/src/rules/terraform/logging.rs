//! Audit logging: CloudTrail and CloudWatch log groups.

use super::{Attr, doc, hit, lookup, number, require_true};
use crate::model::Format;
use crate::rules::IacRule;
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &CLOUDTRAIL_MULTI_REGION,
        &CLOUDTRAIL_LOG_VALIDATION,
        &CLOUDTRAIL_KMS,
        &LOG_GROUP_RETENTION,
        &LOG_GROUP_KMS,
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
}
