//! IAM: wildcard policies, user access keys, policies attached to users.

use super::{Attr, blocks, doc, hit, lookup};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};
use serde_json::Value as Json;

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &IAM_WILDCARD,
        &IAM_WILDCARD_PLAN,
        &IAM_USER_ACCESS_KEY,
        &IAM_USER_POLICY,
    ]
}

static IAM_WILDCARD_RULE: Rule = doc(
    "iac.aws.iam-wildcard-policy",
    "IAM policy allows every action on every resource",
    Severity::Critical,
    &["CWE-269"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:7.2.1",
        "pci-dss-4.0.1:7.2.2",
        "soc2:CC6.3",
        "cis-aws-3.0:1.16",
    ],
    "A policy statement has `Effect: Allow` with `Action: \"*\"` and `Resource: \"*\"` — in the \
     literal JSON `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` or \
     `aws_iam_group_policy`, or in a `data \"aws_iam_policy_document\"` statement. Whoever holds \
     it is a full administrator of the account: least privilege (PCI DSS 7.2.1) is not met and a \
     single leaked credential compromises everything.",
    "Grant only the actions and resources needed, e.g. `actions = [\"s3:GetObject\"]`, \
     `resources = [\"${aws_s3_bucket.reports.arn}/*\"]`; keep administrator access on a few \
     break-glass roles that require MFA.",
    &["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"],
);

const POLICY_KINDS: &[&str] = &[
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_policy_document",
];

pub static IAM_WILDCARD: IacRule = IacRule {
    rule: &IAM_WILDCARD_RULE,
    format: Format::Terraform,
    kinds: POLICY_KINDS,
    check: check_wildcard,
};

pub static IAM_WILDCARD_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..IAM_WILDCARD
};

fn has_star(value: Option<&Json>) -> bool {
    match value {
        Some(Json::String(s)) => s == "*",
        Some(Json::Array(items)) => items.iter().any(|v| v.as_str() == Some("*")),
        _ => false,
    }
}

/// Whether a policy JSON text has an Allow statement on `*` actions and `*` resources.
fn json_grants_all(text: &str) -> bool {
    let Ok(policy) = serde_json::from_str::<Json>(text) else {
        return false;
    };
    let statements: Vec<&Json> = match policy.get("Statement") {
        Some(Json::Array(items)) => items.iter().collect(),
        Some(s @ Json::Object(_)) => vec![s],
        _ => Vec::new(),
    };
    statements.iter().any(|s| {
        s.get("Effect").and_then(Json::as_str) == Some("Allow")
            && has_star(s.get("Action"))
            && has_star(s.get("Resource"))
    })
}

fn node_has_star(node: &Node) -> bool {
    match &node.value {
        Value::String(s) => s == "*",
        Value::Array(items) => items.iter().any(|n| n.as_str() == Some("*")),
        _ => false,
    }
}

fn check_wildcard(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if resource.kind == "aws_iam_policy_document" {
        let mut out = Vec::new();
        for statement in blocks(&resource.body, "statement") {
            let allow = match lookup(statement, &["effect"]) {
                Attr::Missing => true,
                Attr::Known(e) => e.as_str() == Some("Allow"),
                Attr::Unknown => false,
            };
            let (Attr::Known(actions), Attr::Known(resources)) = (
                lookup(statement, &["actions"]),
                lookup(statement, &["resources"]),
            ) else {
                continue;
            };
            if allow && node_has_star(actions) && node_has_star(resources) {
                out.extend(hit(
                    actions.span,
                    format!("{}: statement allows \"*\" on \"*\"", resource.address),
                ));
            }
        }
        return out;
    }
    match lookup(&resource.body, &["policy"]) {
        Attr::Known(node) if node.as_str().is_some_and(json_grants_all) => hit(
            node.span,
            format!(
                "{}: policy allows Action \"*\" on Resource \"*\"",
                resource.address
            ),
        ),
        _ => Vec::new(),
    }
}

static IAM_USER_ACCESS_KEY_RULE: Rule = doc(
    "iac.aws.iam-user-access-key",
    "Long-term IAM user access key created",
    Severity::Medium,
    &["CWE-798"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.3.2", "pci-dss-4.0.1:8.6.3", "soc2:CC6.1"],
    "An `aws_iam_access_key` creates a long-lived access key for an IAM user. Its secret ends up \
     in the Terraform state (in clear unless `pgp_key` is set) and in whatever system it is \
     handed to, never expires on its own, and is the credential most often leaked from code and \
     CI systems.",
    "Use IAM roles instead: instance profiles, IAM Roles Anywhere, or OIDC federation for CI \
     (`aws_iam_openid_connect_provider`). If a user key is unavoidable, rotate it at least every \
     90 days and never output its secret.",
    &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
    ],
);

pub static IAM_USER_ACCESS_KEY: IacRule = IacRule {
    rule: &IAM_USER_ACCESS_KEY_RULE,
    format: Format::Terraform,
    kinds: &["aws_iam_access_key"],
    check: |_, r| match lookup(&r.body, &["status"]) {
        Attr::Known(s) if s.as_str() == Some("Inactive") => Vec::new(),
        _ => hit(
            r.span,
            format!("{}: creates a long-term IAM user access key", r.address),
        ),
    },
};

static IAM_USER_POLICY_RULE: Rule = doc(
    "iac.aws.iam-user-policy",
    "Permissions granted directly to an IAM user",
    Severity::Low,
    &["CWE-269"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.3", "cis-aws-3.0:1.15"],
    "An `aws_iam_user_policy` (inline) or `aws_iam_user_policy_attachment` gives permissions to \
     one user instead of a group or role. Per-user grants drift, are missed in access reviews and \
     survive role changes, which makes PCI DSS 7.2 access reviews unreliable.",
    "Attach policies to groups (`aws_iam_group_policy_attachment`) or roles and add users to \
     groups (`aws_iam_user_group_membership`).",
    &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html"],
);

pub static IAM_USER_POLICY: IacRule = IacRule {
    rule: &IAM_USER_POLICY_RULE,
    format: Format::Terraform,
    kinds: &["aws_iam_user_policy", "aws_iam_user_policy_attachment"],
    check: |_, r| {
        hit(
            r.span,
            format!("{}: grants permissions directly to an IAM user", r.address),
        )
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn wildcard_json() {
        let bad = r#"resource "aws_iam_policy" "p" {
  name   = "admin"
  policy = <<EOT
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
EOT
}
"#;
        assert_eq!(run(&IAM_WILDCARD, bad), (1, Some(3)));
        let ok = r#"resource "aws_iam_role_policy" "p" {
  policy = "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}"
}
"#;
        assert_eq!(run(&IAM_WILDCARD, ok), (0, None));
        let encoded = "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode(local.doc)\n}\n";
        assert_eq!(run(&IAM_WILDCARD, encoded), (0, None));
    }

    #[test]
    fn wildcard_document() {
        let bad = r#"data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
"#;
        assert_eq!(run(&IAM_WILDCARD, bad), (1, Some(7)));
        let deny = r#"data "aws_iam_policy_document" "d" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}
"#;
        assert_eq!(run(&IAM_WILDCARD, deny), (0, None));
    }

    #[test]
    fn users() {
        let key = "resource \"aws_iam_access_key\" \"k\" {\n  user = aws_iam_user.u.name\n}\n";
        assert_eq!(run(&IAM_USER_ACCESS_KEY, key), (1, Some(1)));
        let inactive = "resource \"aws_iam_access_key\" \"k\" {\n  status = \"Inactive\"\n}\n";
        assert_eq!(run(&IAM_USER_ACCESS_KEY, inactive), (0, None));
        let inline = "resource \"aws_iam_user_policy\" \"p\" {\n  user = \"u\"\n}\n";
        assert_eq!(run(&IAM_USER_POLICY, inline), (1, Some(1)));
        let group = "resource \"aws_iam_group_policy\" \"p\" {\n  group = \"g\"\n}\n";
        assert_eq!(run(&IAM_USER_POLICY, group), (0, None));
    }
}
