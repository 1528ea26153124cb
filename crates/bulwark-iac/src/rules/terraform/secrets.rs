//! Secret stores: Secrets Manager keys, SSM parameters that hold secrets as plain strings.

use super::compute::looks_secret;
use super::{Attr, doc, hit, lookup};
use crate::model::Format;
use crate::rules::IacRule;
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &SECRETSMANAGER_CMK,
        &SSM_PLAIN_SECRET,
        &SSM_PLAIN_SECRET_PLAN,
    ]
}

static SECRETSMANAGER_CMK_RULE: Rule = doc(
    "iac.aws.secretsmanager-cmk",
    "Secrets Manager secret not encrypted with a customer managed key",
    Severity::Low,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.6.1", "pci-dss-4.0.1:8.3.2", "soc2:CC6.1"],
    "An `aws_secretsmanager_secret` has no `kms_key_id`, so it is encrypted with the AWS managed \
     `aws/secretsmanager` key. That key's policy cannot be changed: every principal in the \
     account allowed `secretsmanager:GetSecretValue` can decrypt, there is no second, \
     independently administered gate on database and API credentials, and the secret cannot be \
     shared with another account.",
    "Set `kms_key_id = aws_kms_key.secrets.arn`, with a key policy that allows `kms:Decrypt` \
     only through Secrets Manager (`kms:ViaService`) for the roles that need the secret.",
    &["https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html"],
);

/// No plan twin: `kms_key_id` usually refers to a key created in the same plan, whose ARN is
/// unknown there and so left out of the planned values.
pub static SECRETSMANAGER_CMK: IacRule = IacRule {
    rule: &SECRETSMANAGER_CMK_RULE,
    format: Format::Terraform,
    kinds: &["aws_secretsmanager_secret"],
    check: |_, r| match lookup(&r.body, &["kms_key_id"]) {
        Attr::Missing => hit(
            r.span,
            format!("{}: `kms_key_id` is not set (AWS managed key)", r.address),
        ),
        _ => Vec::new(),
    },
};

static SSM_PLAIN_SECRET_RULE: Rule = doc(
    "iac.aws.ssm-parameter-plaintext-secret",
    "SSM parameter named like a secret is stored as plain text",
    Severity::High,
    &["CWE-312"],
    &["A02:2021"],
    &["pci-dss-4.0.1:8.3.2", "pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `aws_ssm_parameter` whose name says it holds a credential (`…/db/password`, \
     `…_API_KEY`, `…/token`, `…/secret`) has `type = \"String\"` or `\"StringList\"`. The value \
     is stored unencrypted, shown in clear in the console and to anyone with \
     `ssm:GetParameter` — no KMS key policy protects it. PCI DSS 8.3.2 requires authentication \
     factors to be unreadable in storage.",
    "Use `type = \"SecureString\"` with `key_id = aws_kms_key.params.arn`, or keep the credential \
     in Secrets Manager so it can also be rotated.",
    &[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html",
    ],
);

pub static SSM_PLAIN_SECRET: IacRule = IacRule {
    rule: &SSM_PLAIN_SECRET_RULE,
    format: Format::Terraform,
    kinds: &["aws_ssm_parameter"],
    check: |_, r| {
        let (Attr::Known(name), Attr::Known(kind)) =
            (lookup(&r.body, &["name"]), lookup(&r.body, &["type"]))
        else {
            return Vec::new();
        };
        let (Some(name), Some(kind_str)) = (name.as_str(), kind.as_str()) else {
            return Vec::new();
        };
        // `/prod/payments/db-password` → `db_password`: the last path segment is the name.
        let leaf = name.rsplit('/').next().unwrap_or(name).replace('-', "_");
        if kind_str == "SecureString" || !looks_secret(&leaf) {
            return Vec::new();
        }
        hit(
            kind.span,
            format!(
                "{}: `{name}` looks like a secret but is a plain `{kind_str}` parameter",
                r.address
            ),
        )
    },
};

pub static SSM_PLAIN_SECRET_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SSM_PLAIN_SECRET
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn secrets_manager() {
        let bare = "resource \"aws_secretsmanager_secret\" \"s\" {\n  name = \"db\"\n}\n";
        assert_eq!(run(&SECRETSMANAGER_CMK, bare), (1, Some(1)));
        let ok =
            "resource \"aws_secretsmanager_secret\" \"s\" {\n  kms_key_id = aws_kms_key.k.arn\n}\n";
        assert_eq!(run(&SECRETSMANAGER_CMK, ok), (0, None));
    }

    #[test]
    fn ssm_parameters() {
        let bad = r#"resource "aws_ssm_parameter" "p" {
  name  = "/prod/payments/db-password"
  type  = "String"
  value = var.db_password
}
"#;
        assert_eq!(run(&SSM_PLAIN_SECRET, bad), (1, Some(3)));
        let secure = bad.replace("\"String\"", "\"SecureString\"");
        assert_eq!(run(&SSM_PLAIN_SECRET, &secure), (0, None));
        let plain = "resource \"aws_ssm_parameter\" \"p\" {\n  name = \"/prod/payments/endpoint\"\n  type = \"String\"\n}\n";
        assert_eq!(run(&SSM_PLAIN_SECRET, plain), (0, None));
    }
}
