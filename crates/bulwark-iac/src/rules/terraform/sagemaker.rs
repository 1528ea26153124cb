//! SageMaker notebook instances: volume encryption, direct internet access, root access.
//! Data scientists copy production extracts onto these volumes, so they are in scope.

use super::{Attr, doc, hit, lookup};
use crate::model::{Format, Resource};
use crate::rules::{Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &NOTEBOOK_KMS,
        &NOTEBOOK_INTERNET,
        &NOTEBOOK_INTERNET_PLAN,
        &NOTEBOOK_ROOT,
        &NOTEBOOK_ROOT_PLAN,
    ]
}

const NOTEBOOK: &[&str] = &["aws_sagemaker_notebook_instance"];

/// A hit when `key` is unset or `"Enabled"`, both meaning on.
fn enabled_by_default(resource: &Resource, key: &str, what: &str) -> Vec<Hit> {
    match lookup(&resource.body, &[key]) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: `{key}` is not set, so {what} is enabled",
                resource.address
            ),
        ),
        Attr::Known(node) if node.as_str() == Some("Enabled") => hit(
            node.span,
            format!("{}: {what} is enabled", resource.address),
        ),
        _ => Vec::new(),
    }
}

static NOTEBOOK_KMS_RULE: Rule = doc(
    "iac.aws.sagemaker-notebook-kms",
    "SageMaker notebook volume not encrypted with a customer managed key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `aws_sagemaker_notebook_instance` has no `kms_key_id`, so the ML storage volume where \
     analysts keep datasets, model artefacts and notebooks is encrypted only with an AWS \
     managed key. No key policy you control limits who can read copies of it, and access \
     cannot be revoked by disabling the key.",
    "Set `kms_key_id = aws_kms_key.sagemaker.arn` (the key policy must allow the notebook's \
     execution role).",
    &["https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-nbi.html"],
);

/// No plan twin: `kms_key_id` usually refers to a key created in the same plan, whose ARN is
/// unknown there and so left out of the planned values.
pub static NOTEBOOK_KMS: IacRule = IacRule {
    rule: &NOTEBOOK_KMS_RULE,
    format: Format::Terraform,
    kinds: NOTEBOOK,
    check: |_, r| match lookup(&r.body, &["kms_key_id"]) {
        Attr::Missing => hit(r.span, format!("{}: `kms_key_id` is not set", r.address)),
        _ => Vec::new(),
    },
};

static NOTEBOOK_INTERNET_RULE: Rule = doc(
    "iac.aws.sagemaker-notebook-internet",
    "SageMaker notebook has direct internet access",
    Severity::High,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.2", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `aws_sagemaker_notebook_instance` leaves `direct_internet_access` unset or `\"Enabled\"` \
     (the default), so the notebook gets a SageMaker-managed network interface with outbound \
     internet access that bypasses the VPC's egress controls. Data loaded into the notebook \
     can be sent anywhere, and packages are pulled from the internet unchecked.",
    "Set `direct_internet_access = \"Disabled\"` with `subnet_id` and `security_groups` in a \
     private subnet; reach AWS APIs through VPC endpoints and packages through an internal \
     mirror.",
    &["https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html"],
);

pub static NOTEBOOK_INTERNET: IacRule = IacRule {
    rule: &NOTEBOOK_INTERNET_RULE,
    format: Format::Terraform,
    kinds: NOTEBOOK,
    check: |_, r| enabled_by_default(r, "direct_internet_access", "direct internet access"),
};

pub static NOTEBOOK_INTERNET_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NOTEBOOK_INTERNET
};

static NOTEBOOK_ROOT_RULE: Rule = doc(
    "iac.aws.sagemaker-notebook-root-access",
    "SageMaker notebook users have root access",
    Severity::Medium,
    &["CWE-250"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:2.2.6", "soc2:CC6.3"],
    "An `aws_sagemaker_notebook_instance` leaves `root_access` unset or `\"Enabled\"` (the \
     default), so every notebook user can become root: install arbitrary software, change the \
     instance's security configuration and tamper with lifecycle scripts meant to enforce it.",
    "Set `root_access = \"Disabled\"` and install the packages users need through a lifecycle \
     configuration (`lifecycle_config_name`).",
    &["https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-root-access.html"],
);

pub static NOTEBOOK_ROOT: IacRule = IacRule {
    rule: &NOTEBOOK_ROOT_RULE,
    format: Format::Terraform,
    kinds: NOTEBOOK,
    check: |_, r| enabled_by_default(r, "root_access", "root access for notebook users"),
};

pub static NOTEBOOK_ROOT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NOTEBOOK_ROOT
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn notebooks() {
        let bare = "resource \"aws_sagemaker_notebook_instance\" \"n\" {\n  instance_type = \"ml.t3.medium\"\n}\n";
        for rule in [&NOTEBOOK_KMS, &NOTEBOOK_INTERNET, &NOTEBOOK_ROOT] {
            assert_eq!(run(rule, bare), (1, Some(1)), "{}", rule.rule.id);
        }
        let ok = r#"resource "aws_sagemaker_notebook_instance" "n" {
  kms_key_id             = aws_kms_key.k.arn
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}
"#;
        for rule in [&NOTEBOOK_KMS, &NOTEBOOK_INTERNET, &NOTEBOOK_ROOT] {
            assert_eq!(run(rule, ok), (0, None), "{}", rule.rule.id);
        }
        let open = "resource \"aws_sagemaker_notebook_instance\" \"n\" {\n  direct_internet_access = \"Enabled\"\n}\n";
        assert_eq!(run(&NOTEBOOK_INTERNET, open), (1, Some(2)));
    }
}
