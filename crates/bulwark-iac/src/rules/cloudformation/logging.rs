//! Audit logging: CloudTrail trails, CloudWatch log groups, VPC flow logs.

use super::{Attr, attached, doc, hit, number, property, refers_to_any_resource, require_true};
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
        &VPC_FLOW_LOGS,
    ]
}

const TRAIL: &[&str] = &["AWS::CloudTrail::Trail"];
const LOG_GROUP: &[&str] = &["AWS::Logs::LogGroup"];

static CLOUDTRAIL_MULTI_REGION_RULE: Rule = doc(
    "iac.cloudformation.cloudtrail-multi-region",
    "CloudTrail trail covers one region only",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-aws-3.0:3.1"],
    "An `AWS::CloudTrail::Trail` has `IsMultiRegionTrail` unset or false, so API activity in \
     every other region — where an attacker would start unwatched resources — is not recorded.",
    "```yaml\nIsMultiRegionTrail: true\nIncludeGlobalServiceEvents: true\n```",
    &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    ],
);

pub static CLOUDTRAIL_MULTI_REGION: IacRule = IacRule {
    rule: &CLOUDTRAIL_MULTI_REGION_RULE,
    format: Format::CloudFormation,
    kinds: TRAIL,
    check: |_, r| require_true(r, &["IsMultiRegionTrail"], "multi-region logging"),
};

static CLOUDTRAIL_LOG_VALIDATION_RULE: Rule = doc(
    "iac.cloudformation.cloudtrail-log-validation",
    "CloudTrail log file integrity validation off",
    Severity::Medium,
    &["CWE-354"],
    &["A09:2021"],
    &[
        "pci-dss-4.0.1:10.3.2",
        "pci-dss-4.0.1:10.3.4",
        "cis-aws-3.0:3.2",
    ],
    "An `AWS::CloudTrail::Trail` has `EnableLogFileValidation` unset or false, so CloudTrail \
     writes no signed digest files and nobody can prove the audit trail was not altered or \
     deleted. PCI DSS 10.3 requires audit logs to be protected from modification.",
    "```yaml\nEnableLogFileValidation: true\n```\nCheck digests with `aws cloudtrail \
     validate-logs`.",
    &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
    ],
);

pub static CLOUDTRAIL_LOG_VALIDATION: IacRule = IacRule {
    rule: &CLOUDTRAIL_LOG_VALIDATION_RULE,
    format: Format::CloudFormation,
    kinds: TRAIL,
    check: |_, r| {
        require_true(
            r,
            &["EnableLogFileValidation"],
            "log file integrity validation",
        )
    },
};

static CLOUDTRAIL_KMS_RULE: Rule = doc(
    "iac.cloudformation.cloudtrail-kms",
    "CloudTrail logs not encrypted with a KMS key",
    Severity::Medium,
    &["CWE-311"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.3.2", "cis-aws-3.0:3.5"],
    "An `AWS::CloudTrail::Trail` has no `KMSKeyId`, so its log files get only S3-managed \
     encryption: anyone who can read the bucket can read the trail, including the security \
     team's investigations. SSE-KMS adds a key policy as a second gate.",
    "```yaml\nKMSKeyId: !Ref TrailKey\n```\nwith a key policy allowing \
     `cloudtrail.amazonaws.com` to encrypt and only auditors to decrypt.",
    &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
    ],
);

pub static CLOUDTRAIL_KMS: IacRule = IacRule {
    rule: &CLOUDTRAIL_KMS_RULE,
    format: Format::CloudFormation,
    kinds: TRAIL,
    check: |_, r| match property(r, &["KMSKeyId"]) {
        Attr::Missing => hit(r.span, format!("{}: `KMSKeyId` is not set", r.address)),
        _ => Vec::new(),
    },
};

static LOG_GROUP_RETENTION_RULE: Rule = doc(
    "iac.cloudformation.log-group-retention",
    "CloudWatch log group kept less than a year",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.5.1"],
    "An `AWS::Logs::LogGroup` sets `RetentionInDays` below 365. PCI DSS 10.5.1 requires audit \
     log history to be kept for at least 12 months (three immediately available); shorter \
     retention deletes the evidence an investigation or audit needs. (Leaving `RetentionInDays` \
     out means never expire and is not reported.)",
    "```yaml\nRetentionInDays: 400   # or 731; at least 365\n```\nor export to S3 with a \
     lifecycle that keeps a year.",
    &[
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html",
    ],
);

pub static LOG_GROUP_RETENTION: IacRule = IacRule {
    rule: &LOG_GROUP_RETENTION_RULE,
    format: Format::CloudFormation,
    kinds: LOG_GROUP,
    check: |_, r| match property(r, &["RetentionInDays"]) {
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
    "iac.cloudformation.log-group-kms",
    "CloudWatch log group not encrypted with a KMS key",
    Severity::Low,
    &["CWE-311"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.3.2", "soc2:CC6.1"],
    "An `AWS::Logs::LogGroup` has no `KmsKeyId`. Logs often carry request data, tokens and \
     account numbers; with a customer managed key, access to them is controlled and audited by \
     a key policy, and can be revoked.",
    "```yaml\nKmsKeyId: !GetAtt LogsKey.Arn\n```\n(the key policy must allow \
     `logs.<region>.amazonaws.com`).",
    &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"],
);

pub static LOG_GROUP_KMS: IacRule = IacRule {
    rule: &LOG_GROUP_KMS_RULE,
    format: Format::CloudFormation,
    kinds: LOG_GROUP,
    check: |_, r| match property(r, &["KmsKeyId"]) {
        Attr::Missing => hit(r.span, format!("{}: `KmsKeyId` is not set", r.address)),
        _ => Vec::new(),
    },
};

static VPC_FLOW_LOGS_RULE: Rule = doc(
    "iac.cloudformation.vpc-flow-logs",
    "VPC without flow logs",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-aws-3.0:3.7"],
    "An `AWS::EC2::VPC` has no `AWS::EC2::FlowLog` whose `ResourceId` refers to it in the same \
     template. Without flow logs there is no record of which hosts talked to which, so lateral \
     movement or data exfiltration cannot be investigated. (A flow log whose target cannot be \
     resolved in the template, such as an imported or parameter value, silences the rule.)",
    "```yaml\nVpcFlowLog:\n  Type: AWS::EC2::FlowLog\n  Properties:\n    ResourceId: !Ref Vpc\n    \
     ResourceType: VPC\n    TrafficType: ALL\n    LogDestinationType: cloud-watch-logs\n    \
     LogGroupName: !Ref FlowLogGroup\n    DeliverLogsPermissionArn: !GetAtt FlowLogRole.Arn\n```",
    &["https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"],
);

pub static VPC_FLOW_LOGS: IacRule = IacRule {
    rule: &VPC_FLOW_LOGS_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::EC2::VPC"],
    check: check_flow_logs,
};

fn check_flow_logs(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if !attached(context, resource, &["AWS::EC2::FlowLog"]).is_empty() {
        return Vec::new();
    }
    // A flow log on something this template does not declare (an imported VPC ID, a parameter)
    // may well be this VPC's.
    let unresolved = context.document.resources.iter().any(|r| {
        r.kind == "AWS::EC2::FlowLog"
            && r.body
                .at(&["Properties", "ResourceId"])
                .is_some_and(|n| !refers_to_any_resource(context, n))
    });
    if unresolved {
        return Vec::new();
    }
    hit(
        resource.span,
        format!(
            "{}: no AWS::EC2::FlowLog refers to this VPC",
            resource.address
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cloudformation::testing::{run, template};

    #[test]
    fn cloudtrail() {
        let bare = template(
            "  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n",
        );
        for rule in [
            &CLOUDTRAIL_MULTI_REGION,
            &CLOUDTRAIL_LOG_VALIDATION,
            &CLOUDTRAIL_KMS,
        ] {
            assert_eq!(run(rule, &bare), (1, Some(4)), "{}", rule.rule.id);
        }
        let ok = template(
            "  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      \
             IsMultiRegionTrail: true\n      EnableLogFileValidation: true\n      KMSKeyId: !Ref Key\n",
        );
        for rule in [
            &CLOUDTRAIL_MULTI_REGION,
            &CLOUDTRAIL_LOG_VALIDATION,
            &CLOUDTRAIL_KMS,
        ] {
            assert_eq!(run(rule, &ok), (0, None), "{}", rule.rule.id);
        }
        let off = template(
            "  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsMultiRegionTrail: false\n",
        );
        assert_eq!(run(&CLOUDTRAIL_MULTI_REGION, &off), (1, Some(6)));
    }

    #[test]
    fn log_groups() {
        let short = template(
            "  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 90\n",
        );
        assert_eq!(run(&LOG_GROUP_RETENTION, &short), (1, Some(6)));
        assert_eq!(run(&LOG_GROUP_KMS, &short), (1, Some(4)));
        let ok = template(
            "  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 400\n      \
             KmsKeyId: !GetAtt Key.Arn\n",
        );
        assert_eq!(run(&LOG_GROUP_RETENTION, &ok), (0, None));
        assert_eq!(run(&LOG_GROUP_KMS, &ok), (0, None));
        let forever = template("  G:\n    Type: AWS::Logs::LogGroup\n");
        assert_eq!(run(&LOG_GROUP_RETENTION, &forever), (0, None));
    }

    #[test]
    fn flow_logs() {
        let vpc =
            "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n";
        assert_eq!(run(&VPC_FLOW_LOGS, &template(vpc)), (1, Some(4)));
        let flow = |target: &str| {
            format!(
                "{vpc}  Subnet:\n    Type: AWS::EC2::Subnet\n  Flow:\n    Type: AWS::EC2::FlowLog\n    \
                 Properties:\n      ResourceType: VPC\n      ResourceId: {target}\n      TrafficType: ALL\n"
            )
        };
        assert_eq!(run(&VPC_FLOW_LOGS, &template(&flow("!Ref Vpc"))), (0, None));
        // A flow log for another resource of the template does not cover the VPC.
        assert_eq!(
            run(&VPC_FLOW_LOGS, &template(&flow("!Ref Subnet"))),
            (1, Some(4))
        );
        // One whose target cannot be resolved might.
        assert_eq!(
            run(&VPC_FLOW_LOGS, &template(&flow("!ImportValue SharedVpc"))),
            (0, None)
        );
    }
}
