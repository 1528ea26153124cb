//! Detection services an auditor expects switched on: GuardDuty and AWS Config recording.

use super::{Attr, doc, hit, lookup, truthy};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &GUARDDUTY_DISABLED,
        &GUARDDUTY_DISABLED_PLAN,
        &CONFIG_RECORDING,
        &CONFIG_RECORDING_PLAN,
    ]
}

static GUARDDUTY_DISABLED_RULE: Rule = doc(
    "iac.aws.guardduty-disabled",
    "GuardDuty detector disabled",
    Severity::High,
    &["CWE-778"],
    &["A09:2021"],
    &[
        "pci-dss-4.0.1:11.5.1",
        "pci-dss-4.0.1:10.4.1.1",
        "soc2:CC7.2",
    ],
    "An `aws_guardduty_detector` sets `enable = false`, so GuardDuty stops analysing CloudTrail, \
     VPC flow logs and DNS queries for the account and region: compromised credentials, crypto \
     mining and exfiltration go unnoticed. PCI DSS 11.5.1 requires intrusion-detection \
     techniques that alert personnel to suspected compromises.",
    "Set `enable = true` (the default) in every region, and route findings to the security team \
     with an EventBridge rule or Security Hub.",
    &["https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html"],
);

pub static GUARDDUTY_DISABLED: IacRule = IacRule {
    rule: &GUARDDUTY_DISABLED_RULE,
    format: Format::Terraform,
    kinds: &["aws_guardduty_detector"],
    check: |_, r| match lookup(&r.body, &["enable"]) {
        Attr::Known(node) if truthy(node) == Some(false) => {
            hit(node.span, format!("{}: GuardDuty is disabled", r.address))
        }
        _ => Vec::new(),
    },
};

pub static GUARDDUTY_DISABLED_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..GUARDDUTY_DISABLED
};

static CONFIG_RECORDING_RULE: Rule = doc(
    "iac.aws.config-recording",
    "AWS Config does not record every resource type",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["soc2:CC7.1", "soc2:CC8.1", "cis-aws-3.0:3.3"],
    "An `aws_config_configuration_recorder` sets `recording_group.all_supported = false`, or an \
     `aws_config_configuration_recorder_status` sets `is_enabled = false`. Configuration \
     changes to the unrecorded resources leave no history, so drift from the approved baseline \
     and unauthorised changes cannot be shown to an auditor or investigated after an incident. \
     CIS AWS 3.3 asks for AWS Config recording all resources in all regions.",
    "```hcl\nrecording_group {\n  all_supported                 = true\n  \
     include_global_resource_types = true # in one region\n}\n```\nand `is_enabled = true` on the \
     recorder status.",
    &["https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html"],
);

pub static CONFIG_RECORDING: IacRule = IacRule {
    rule: &CONFIG_RECORDING_RULE,
    format: Format::Terraform,
    kinds: &[
        "aws_config_configuration_recorder",
        "aws_config_configuration_recorder_status",
    ],
    check: check_config,
};

pub static CONFIG_RECORDING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CONFIG_RECORDING
};

fn check_config(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let (path, message): (&[&str], &str) =
        if resource.kind == "aws_config_configuration_recorder_status" {
            (&["is_enabled"], "the configuration recorder is stopped")
        } else {
            (
                &["recording_group", "all_supported"],
                "only selected resource types are recorded",
            )
        };
    match lookup(&resource.body, path) {
        Attr::Known(node) if truthy(node) == Some(false) => {
            hit(node.span, format!("{}: {message}", resource.address))
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn guardduty() {
        let off = "resource \"aws_guardduty_detector\" \"g\" {\n  enable = false\n}\n";
        assert_eq!(run(&GUARDDUTY_DISABLED, off), (1, Some(2)));
        let default = "resource \"aws_guardduty_detector\" \"g\" {}\n";
        assert_eq!(run(&GUARDDUTY_DISABLED, default), (0, None));
    }

    #[test]
    fn config() {
        let partial = r#"resource "aws_config_configuration_recorder" "r" {
  role_arn = aws_iam_role.config.arn
  recording_group {
    all_supported  = false
    resource_types = ["AWS::EC2::Instance"]
  }
}
resource "aws_config_configuration_recorder_status" "s" {
  name       = aws_config_configuration_recorder.r.name
  is_enabled = false
}
"#;
        let found = crate::rules::testing::hits(&CONFIG_RECORDING, "main.tf", partial);
        let lines: Vec<u32> = found.iter().map(|h| h.span.start.line).collect();
        assert_eq!(lines, vec![4, 10]);
        let ok = "resource \"aws_config_configuration_recorder\" \"r\" {\n  recording_group {\n    all_supported = true\n  }\n}\n";
        assert_eq!(run(&CONFIG_RECORDING, ok), (0, None));
    }
}
