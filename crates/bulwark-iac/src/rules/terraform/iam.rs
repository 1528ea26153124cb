//! IAM: wildcard policies, user access keys, policies attached to users, the account password
//! policy.

use super::{Attr, blocks, doc, hit, lookup, number};
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
        &PASSWORD_LENGTH,
        &PASSWORD_LENGTH_PLAN,
        &PASSWORD_REUSE,
        &PASSWORD_REUSE_PLAN,
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

/// A hit when the numeric `key` of the password policy is unset or below `minimum`.
fn at_least(resource: &Resource, key: &str, minimum: f64, what: &str) -> Vec<Hit> {
    match lookup(&resource.body, &[key]) {
        Attr::Missing => hit(
            resource.span,
            format!("{}: `{key}` is not set ({what})", resource.address),
        ),
        Attr::Known(node) => match number(node) {
            Some(value) if value < minimum => hit(
                node.span,
                format!("{}: `{key} = {value}` is below {minimum}", resource.address),
            ),
            _ => Vec::new(),
        },
        Attr::Unknown => Vec::new(),
    }
}

static PASSWORD_LENGTH_RULE: Rule = doc(
    "iac.aws.iam-password-length",
    "IAM password policy allows passwords shorter than 14 characters",
    Severity::Medium,
    &["CWE-521"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.3.6", "cis-aws-3.0:1.8", "soc2:CC6.1"],
    "The `aws_iam_account_password_policy` sets `minimum_password_length` below 14, or leaves it \
     unset (AWS then requires only 6 characters). Short console passwords fall to guessing and \
     offline cracking; PCI DSS 8.3.6 requires at least 12 characters and CIS AWS 1.8 at least \
     14.",
    "Set `minimum_password_length = 14` (or more) and require federated SSO with MFA for human \
     access instead of IAM user passwords.",
    &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    ],
);

pub static PASSWORD_LENGTH: IacRule = IacRule {
    rule: &PASSWORD_LENGTH_RULE,
    format: Format::Terraform,
    kinds: &["aws_iam_account_password_policy"],
    check: |_, r| at_least(r, "minimum_password_length", 14.0, "AWS requires only 6"),
};

pub static PASSWORD_LENGTH_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PASSWORD_LENGTH
};

static PASSWORD_REUSE_RULE: Rule = doc(
    "iac.aws.iam-password-reuse",
    "IAM password policy lets users reuse recent passwords",
    Severity::Medium,
    &["CWE-521"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.3.7", "cis-aws-3.0:1.9", "soc2:CC6.1"],
    "The `aws_iam_account_password_policy` sets `password_reuse_prevention` below 24, or leaves \
     it unset (AWS then allows reusing any previous password). A user forced to change a \
     leaked password can simply set it back. PCI DSS 8.3.7 forbids reusing any of the last \
     four passwords; CIS AWS 1.9 asks for 24.",
    "Set `password_reuse_prevention = 24`.",
    &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    ],
);

pub static PASSWORD_REUSE: IacRule = IacRule {
    rule: &PASSWORD_REUSE_RULE,
    format: Format::Terraform,
    kinds: &["aws_iam_account_password_policy"],
    check: |_, r| {
        at_least(
            r,
            "password_reuse_prevention",
            24.0,
            "previous passwords may be reused",
        )
    },
};

pub static PASSWORD_REUSE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PASSWORD_REUSE
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

    #[test]
    fn password_policy() {
        let bare =
            "resource \"aws_iam_account_password_policy\" \"p\" {\n  require_symbols = true\n}\n";
        assert_eq!(run(&PASSWORD_LENGTH, bare), (1, Some(1)));
        assert_eq!(run(&PASSWORD_REUSE, bare), (1, Some(1)));
        let weak = "resource \"aws_iam_account_password_policy\" \"p\" {\n  minimum_password_length   = 8\n  password_reuse_prevention = 4\n}\n";
        assert_eq!(run(&PASSWORD_LENGTH, weak), (1, Some(2)));
        assert_eq!(run(&PASSWORD_REUSE, weak), (1, Some(3)));
        let ok = "resource \"aws_iam_account_password_policy\" \"p\" {\n  minimum_password_length   = 14\n  password_reuse_prevention = 24\n}\n";
        assert_eq!(run(&PASSWORD_LENGTH, ok), (0, None));
        assert_eq!(run(&PASSWORD_REUSE, ok), (0, None));
    }
}
