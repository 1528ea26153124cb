//! Containers: ECS task definitions (privileged containers, secrets in the environment), EKS
//! secrets encryption, ECR repository keys.

use super::compute::looks_secret;
use super::{Attr, blocks, doc, hit, lookup};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};
use serde_json::Value as Json;

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &ECS_PRIVILEGED,
        &ECS_PRIVILEGED_PLAN,
        &ECS_ENV_SECRETS,
        &ECS_ENV_SECRETS_PLAN,
        &EKS_SECRETS_ENCRYPTION,
        &EKS_SECRETS_ENCRYPTION_PLAN,
        &ECR_KMS,
        &ECR_KMS_PLAN,
    ]
}

const TASK_DEFINITION: &[&str] = &["aws_ecs_task_definition"];

/// The containers of a task definition whose `container_definitions` is a literal JSON string
/// (a heredoc, or any value in a plan); `jsonencode(…)` stays an unresolved expression.
fn containers(resource: &Resource) -> Option<(&Node, Vec<Json>)> {
    let Attr::Known(node) = lookup(&resource.body, &["container_definitions"]) else {
        return None;
    };
    let Value::String(text) = &node.value else {
        return None;
    };
    match serde_json::from_str::<Json>(text).ok()? {
        Json::Array(items) => Some((node, items)),
        _ => None,
    }
}

fn container_name(container: &Json) -> &str {
    container.get("name").and_then(Json::as_str).unwrap_or("?")
}

static ECS_PRIVILEGED_RULE: Rule = doc(
    "iac.aws.ecs-privileged",
    "ECS container runs privileged",
    Severity::High,
    &["CWE-250"],
    &["A05:2021"],
    &["pci-dss-4.0.1:2.2.1", "pci-dss-4.0.1:7.2.1", "soc2:CC6.3"],
    "A container in the `container_definitions` of an `aws_ecs_task_definition` sets \
     `\"privileged\": true`, giving it root on the EC2 container host: all devices, every \
     kernel capability and no seccomp/AppArmor confinement. A compromise of that one \
     application becomes a compromise of the host and of every other task scheduled on it.",
    "Remove `\"privileged\": true`; grant only the specific Linux capabilities needed with \
     `linuxParameters.capabilities.add`, and prefer Fargate, which does not allow privileged \
     containers.",
    &[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    ],
);

pub static ECS_PRIVILEGED: IacRule = IacRule {
    rule: &ECS_PRIVILEGED_RULE,
    format: Format::Terraform,
    kinds: TASK_DEFINITION,
    check: check_privileged,
};

pub static ECS_PRIVILEGED_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ECS_PRIVILEGED
};

fn check_privileged(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let Some((node, items)) = containers(resource) else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|c| c.get("privileged").and_then(Json::as_bool) == Some(true))
        .flat_map(|c| {
            hit(
                node.span,
                format!(
                    "{}: container `{}` runs privileged",
                    resource.address,
                    container_name(c)
                ),
            )
        })
        .collect()
}

static ECS_ENV_SECRETS_RULE: Rule = doc(
    "iac.aws.ecs-env-secrets",
    "ECS task definition passes a secret as a plain environment variable",
    Severity::High,
    &["CWE-312"],
    &["A02:2021"],
    &["pci-dss-4.0.1:8.3.2", "pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "A container in an `aws_ecs_task_definition` has an `environment` entry named like a \
     credential (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, `*PRIVATE_KEY*`) with a \
     literal value. The value is stored in clear in the task definition — readable by anyone \
     with `ecs:DescribeTaskDefinition`, kept in every revision forever — and in the Terraform \
     state; it cannot be rotated without a new deployment.",
    "Store the value in Secrets Manager or SSM Parameter Store (`SecureString`) and reference \
     it from the container's `secrets` list instead:\n\n```json\n\"secrets\": [{\"name\": \
     \"DB_PASSWORD\", \"valueFrom\": \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db\"}]\n```",
    &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html"],
);

pub static ECS_ENV_SECRETS: IacRule = IacRule {
    rule: &ECS_ENV_SECRETS_RULE,
    format: Format::Terraform,
    kinds: TASK_DEFINITION,
    check: check_env_secrets,
};

pub static ECS_ENV_SECRETS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ECS_ENV_SECRETS
};

fn check_env_secrets(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let Some((node, items)) = containers(resource) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for container in &items {
        let variables = container
            .get("environment")
            .and_then(Json::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for variable in variables {
            let name = variable.get("name").and_then(Json::as_str);
            let value = variable.get("value").and_then(Json::as_str);
            if let (Some(name), Some(value)) = (name, value)
                && !value.is_empty()
                && looks_secret(name)
            {
                out.extend(hit(
                    node.span,
                    format!(
                        "{}: container `{}` sets secret-like variable `{name}` in plain text",
                        resource.address,
                        container_name(container)
                    ),
                ));
            }
        }
    }
    out
}

static EKS_SECRETS_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.eks-secrets-encryption",
    "EKS cluster does not encrypt Kubernetes secrets with a customer managed key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:3.6.1", "soc2:CC6.1"],
    "An `aws_eks_cluster` has no `encryption_config` whose `resources` include `\"secrets\"`. \
     Kubernetes Secrets — database passwords, API keys, TLS private keys — are then protected \
     in etcd only by encryption AWS controls: no key policy of yours decides who can decrypt \
     them, key use is not logged in your CloudTrail, and access cannot be revoked by disabling \
     the key.",
    "```hcl\nencryption_config {\n  resources = [\"secrets\"]\n  provider {\n    key_arn = \
     aws_kms_key.eks.arn\n  }\n}\n```",
    &["https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html"],
);

pub static EKS_SECRETS_ENCRYPTION: IacRule = IacRule {
    rule: &EKS_SECRETS_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_eks_cluster"],
    check: check_eks_secrets,
};

pub static EKS_SECRETS_ENCRYPTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..EKS_SECRETS_ENCRYPTION
};

fn check_eks_secrets(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if matches!(
        lookup(&resource.body, &["encryption_config"]),
        Attr::Unknown
    ) {
        return Vec::new();
    }
    for config in blocks(&resource.body, "encryption_config") {
        match lookup(config, &["resources"]) {
            Attr::Known(list) => {
                let items = list.as_array().unwrap_or_default();
                if items.iter().any(|n| !matches!(n.value, Value::String(_)))
                    || items.iter().any(|n| n.as_str() == Some("secrets"))
                {
                    return Vec::new();
                }
            }
            Attr::Unknown => return Vec::new(),
            Attr::Missing => {}
        }
    }
    hit(
        resource.span,
        format!(
            "{}: Kubernetes secrets are not encrypted with a KMS key (`encryption_config`)",
            resource.address
        ),
    )
}

static ECR_KMS_RULE: Rule = doc(
    "iac.aws.ecr-kms",
    "ECR repository not encrypted with KMS",
    Severity::Low,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.6.1", "soc2:CC6.1"],
    "An `aws_ecr_repository` has no `encryption_configuration`, or sets `encryption_type = \
     \"AES256\"` (the default), so its images are encrypted with S3-managed keys only. Images \
     embed application code and often configuration; with a KMS key, who may pull and decrypt \
     them is governed by a key policy and every use is recorded in CloudTrail.",
    "```hcl\nencryption_configuration {\n  encryption_type = \"KMS\"\n  kms_key         = \
     aws_kms_key.ecr.arn\n}\n```",
    &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html"],
);

pub static ECR_KMS: IacRule = IacRule {
    rule: &ECR_KMS_RULE,
    format: Format::Terraform,
    kinds: &["aws_ecr_repository"],
    check: |_, r| match lookup(&r.body, &["encryption_configuration", "encryption_type"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: no KMS `encryption_configuration` (AES256 default)",
                r.address
            ),
        ),
        Attr::Known(node) if node.as_str() == Some("AES256") => hit(
            node.span,
            format!("{}: images are encrypted with AES256, not KMS", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static ECR_KMS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ECR_KMS
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const TASK: &str = r#"resource "aws_ecs_task_definition" "t" {
  family                = "payments"
  container_definitions = <<EOF
[
  {"name": "app", "image": "app:1", "privileged": true,
   "environment": [{"name": "STAGE", "value": "prod"},
                   {"name": "DB_PASSWORD", "value": "not-a-real-one"}]},
  {"name": "sidecar", "image": "envoy:1", "privileged": false,
   "secrets": [{"name": "API_TOKEN", "valueFrom": "arn:aws:ssm:eu-west-1:1:parameter/t"}]}
]
EOF
}
"#;

    #[test]
    fn ecs_task_definitions() {
        assert_eq!(run(&ECS_PRIVILEGED, TASK), (1, Some(3)));
        assert_eq!(run(&ECS_ENV_SECRETS, TASK), (1, Some(3)));
        let clean = TASK
            .replace("\"privileged\": true", "\"privileged\": false")
            .replace("\"not-a-real-one\"", "\"\"");
        assert_eq!(run(&ECS_PRIVILEGED, &clean), (0, None));
        assert_eq!(run(&ECS_ENV_SECRETS, &clean), (0, None));
        let encoded = "resource \"aws_ecs_task_definition\" \"t\" {\n  container_definitions = jsonencode(local.containers)\n}\n";
        assert_eq!(run(&ECS_PRIVILEGED, encoded), (0, None));
    }

    #[test]
    fn eks_secrets() {
        let bare = "resource \"aws_eks_cluster\" \"c\" {\n  name = \"c\"\n}\n";
        assert_eq!(run(&EKS_SECRETS_ENCRYPTION, bare), (1, Some(1)));
        let ok = r#"resource "aws_eks_cluster" "c" {
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}
"#;
        assert_eq!(run(&EKS_SECRETS_ENCRYPTION, ok), (0, None));
    }

    #[test]
    fn ecr_kms() {
        let bare = "resource \"aws_ecr_repository\" \"r\" {\n  name = \"r\"\n}\n";
        assert_eq!(run(&ECR_KMS, bare), (1, Some(1)));
        let aes = "resource \"aws_ecr_repository\" \"r\" {\n  encryption_configuration {\n    encryption_type = \"AES256\"\n  }\n}\n";
        assert_eq!(run(&ECR_KMS, aes), (1, Some(3)));
        let kms = aes.replace("AES256", "KMS");
        assert_eq!(run(&ECR_KMS, &kms), (0, None));
    }
}
