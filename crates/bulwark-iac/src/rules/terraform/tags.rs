//! Tag governance: taggable AWS resources must carry the tags configured in
//! `[iac] required_tags` (owner, cost centre, data classification…).

use super::{Attr, blocks, doc, lookup, provider_defaults};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::missing_tags;
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![&REQUIRED_TAGS, &REQUIRED_TAGS_PLAN]
}

/// Common AWS resource types that accept `tags`; any other `aws_*` resource that writes `tags`
/// is taggable too.
const TAGGABLE: &[&str] = &[
    "aws_s3_bucket",
    "aws_instance",
    "aws_launch_template",
    "aws_ebs_volume",
    "aws_vpc",
    "aws_subnet",
    "aws_security_group",
    "aws_internet_gateway",
    "aws_nat_gateway",
    "aws_eip",
    "aws_route_table",
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_db_subnet_group",
    "aws_dynamodb_table",
    "aws_sqs_queue",
    "aws_sns_topic",
    "aws_kms_key",
    "aws_lambda_function",
    "aws_iam_role",
    "aws_iam_user",
    "aws_iam_policy",
    "aws_lb",
    "aws_alb",
    "aws_elb",
    "aws_lb_target_group",
    "aws_lb_listener",
    "aws_cloudtrail",
    "aws_cloudwatch_log_group",
    "aws_ecr_repository",
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_ecs_task_definition",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
    "aws_redshift_cluster",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_secretsmanager_secret",
    "aws_efs_file_system",
    "aws_autoscaling_group",
    "aws_cloudfront_distribution",
    "aws_api_gateway_rest_api",
    "aws_apigatewayv2_api",
    "aws_kinesis_stream",
    "aws_flow_log",
    "aws_acm_certificate",
    "aws_route53_zone",
    "aws_wafv2_web_acl",
    "aws_sfn_state_machine",
    "aws_backup_vault",
    "aws_default_security_group",
    "aws_network_acl",
    "aws_default_network_acl",
    "aws_api_gateway_stage",
    "aws_apigatewayv2_stage",
    "aws_api_gateway_domain_name",
    "aws_apigatewayv2_domain_name",
    "aws_msk_cluster",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_dms_replication_instance",
    "aws_ssm_parameter",
    "aws_sagemaker_notebook_instance",
    "aws_guardduty_detector",
];

static REQUIRED_TAGS_RULE: Rule = doc(
    "iac.aws.required-tags",
    "AWS resource missing required tags",
    Severity::Low,
    &["CWE-1059"],
    &["A05:2021"],
    &["pci-dss-4.0.1:12.5.1", "soc2:CC6.1"],
    "A taggable AWS resource lacks one or more of the tags listed in `[iac] required_tags` in \
     `bulwark.toml`, counting the provider's `default_tags`. Tags are how a bank keeps the \
     inventory of system components PCI DSS 12.5.1 asks for, ties each resource to an owner and \
     a data classification, and scopes cost and access reviews; untagged resources fall out of \
     all of them.",
    "Add the missing tags on the resource, or once for every resource in the provider:\n\n\
     ```hcl\nprovider \"aws\" {\n  default_tags {\n    tags = {\n      Owner              = \
     \"payments-team\"\n      DataClassification = \"confidential\"\n    }\n  }\n}\n```",
    &["https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html"],
);

pub static REQUIRED_TAGS: IacRule = IacRule {
    rule: &REQUIRED_TAGS_RULE,
    format: Format::Terraform,
    kinds: &[],
    check: check_tags,
};

pub static REQUIRED_TAGS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..REQUIRED_TAGS
};

/// Tag keys set by `provider "aws" { default_tags { tags = {…} } }`; `None` if unknown.
fn default_tags(root: &Node) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let Some(provider) = root.at(&["provider", "aws"]) else {
        return Some(out);
    };
    let providers: Vec<&Node> = match &provider.value {
        Value::Array(items) => items.iter().collect(),
        _ => vec![provider],
    };
    for p in providers {
        for block in blocks(p, "default_tags") {
            match lookup(block, &["tags"]) {
                Attr::Known(Node {
                    value: Value::Object(entries),
                    ..
                }) => out.extend(entries.iter().map(|(k, _, _)| k.clone())),
                Attr::Missing => {}
                _ => return None,
            }
        }
    }
    Some(out)
}

fn check_tags(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if context.required_tags.is_empty()
        || !resource.kind.starts_with("aws_")
        || resource.address.starts_with("data.")
        || resource.address.contains(".data.")
    {
        return Vec::new();
    }
    let plan = context.document.format == Format::TerraformPlan;
    let tags_key = if plan && resource.body.get("tags_all").is_some() {
        "tags_all"
    } else {
        "tags"
    };
    let written = resource.body.get(tags_key).is_some();
    if !written && !TAGGABLE.contains(&resource.kind.as_str()) {
        return Vec::new();
    }
    let mut present = if plan {
        Vec::new()
    } else {
        match provider_defaults(context, default_tags) {
            Some(keys) => keys,
            None => return Vec::new(),
        }
    };
    let span = match lookup(&resource.body, &[tags_key]) {
        Attr::Known(node) => match &node.value {
            Value::Object(entries) => {
                present.extend(entries.iter().map(|(k, _, _)| k.clone()));
                node.span
            }
            _ => return Vec::new(),
        },
        Attr::Missing => resource.span,
        Attr::Unknown => return Vec::new(),
    };
    missing_tags(
        context,
        resource,
        span,
        |t| present.iter().any(|p| p == t),
        "tag",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits_with_tags;

    fn run(text: &str) -> (usize, Option<u32>, Vec<String>) {
        let tags = vec!["Owner".to_string(), "DataClassification".to_string()];
        let found = hits_with_tags(&REQUIRED_TAGS, "main.tf", text, &tags);
        (
            found.len(),
            found.first().map(|h| h.span.start.line),
            found.into_iter().map(|h| h.message).collect(),
        )
    }

    #[test]
    fn missing_tags() {
        let text = r#"resource "aws_s3_bucket" "b" {
  bucket = "x"
  tags = {
    Owner = "payments"
  }
}
resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = "x"
}
"#;
        let (count, line, messages) = run(text);
        assert_eq!((count, line), (2, Some(3)));
        assert!(
            messages[0].ends_with("missing required tag DataClassification"),
            "{messages:?}"
        );
        assert!(messages[1].contains("DataClassification") && messages[1].contains("Owner"));
    }

    #[test]
    fn default_tags_and_unknowns() {
        let text = r#"provider "aws" {
  default_tags {
    tags = {
      Owner = "payments"
    }
  }
}
resource "aws_sqs_queue" "q" {
  tags = {
    DataClassification = "internal"
  }
}
resource "aws_sns_topic" "t" {
  tags = merge(local.tags, { x = "y" })
}
"#;
        assert_eq!(run(text).0, 0);
        let none = hits_with_tags(
            &REQUIRED_TAGS,
            "main.tf",
            "resource \"aws_vpc\" \"v\" {}\n",
            &[],
        );
        assert!(none.is_empty());
    }
}
