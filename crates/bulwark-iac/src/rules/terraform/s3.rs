//! S3 buckets: encryption, public ACLs, public access blocks, versioning, access logging.

use super::{Attr, attached, blocks, doc, hit, lookup, truthy};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &S3_ENCRYPTION,
        &S3_PUBLIC_ACL,
        &S3_PUBLIC_ACL_PLAN,
        &S3_PUBLIC_ACCESS_BLOCK,
        &S3_PUBLIC_ACCESS_BLOCK_PLAN,
        &S3_VERSIONING,
        &S3_ACCESS_LOGGING,
    ]
}

static S3_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.s3-encryption",
    "S3 bucket without a server-side encryption configuration",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `aws_s3_bucket` has neither an inline `server_side_encryption_configuration` block nor an \
     `aws_s3_bucket_server_side_encryption_configuration` resource attached to it in the same \
     file. Without one the bucket relies on the account default (SSE-S3 with an AWS-owned key), \
     which an auditor cannot see in code and which gives no key policy or CloudTrail record of \
     key use: PCI DSS 3.5.1 expects stored account data to be protected with keys you control.",
    "Attach an encryption configuration, preferably with a customer managed KMS key:\n\n\
     ```hcl\nresource \"aws_s3_bucket_server_side_encryption_configuration\" \"this\" {\n  \
     bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      \
     sse_algorithm     = \"aws:kms\"\n      kms_master_key_id = aws_kms_key.s3.arn\n    }\n    \
     bucket_key_enabled = true\n  }\n}\n```",
    &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html"],
);

pub static S3_ENCRYPTION: IacRule = IacRule {
    rule: &S3_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_s3_bucket"],
    check: check_encryption,
};

fn check_encryption(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if !blocks(&resource.body, "server_side_encryption_configuration").is_empty()
        || !attached(
            context,
            resource,
            &["aws_s3_bucket_server_side_encryption_configuration"],
        )
        .is_empty()
    {
        return Vec::new();
    }
    hit(
        resource.span,
        format!(
            "{}: no server-side encryption configuration (inline or \
             aws_s3_bucket_server_side_encryption_configuration) for this bucket",
            resource.address
        ),
    )
}

static S3_PUBLIC_ACL_RULE: Rule = doc(
    "iac.aws.s3-public-acl",
    "S3 bucket ACL grants access to everyone",
    Severity::Critical,
    &["CWE-732"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    "A bucket or `aws_s3_bucket_acl` uses the canned ACL `public-read`, `public-read-write` or \
     `authenticated-read`, which lets anyone on the internet (or any AWS account) list and read \
     — or with `public-read-write` overwrite — its objects. Public buckets are the most common \
     cause of cloud data breaches; an auditor treats any public bucket holding customer data as \
     a failed access control.",
    "Use `acl = \"private\"` (or remove the ACL and set `object_ownership = \
     \"BucketOwnerEnforced\"` in `aws_s3_bucket_ownership_controls`), block public access, and \
     serve public content through CloudFront with an origin access control instead.",
    &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl"],
);

const PUBLIC_ACLS: &[&str] = &["public-read", "public-read-write", "authenticated-read"];

pub static S3_PUBLIC_ACL: IacRule = IacRule {
    rule: &S3_PUBLIC_ACL_RULE,
    format: Format::Terraform,
    kinds: &["aws_s3_bucket", "aws_s3_bucket_acl"],
    check: check_public_acl,
};

pub static S3_PUBLIC_ACL_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..S3_PUBLIC_ACL
};

fn check_public_acl(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    match lookup(&resource.body, &["acl"]) {
        Attr::Known(node) => match node.as_str() {
            Some(acl) if PUBLIC_ACLS.contains(&acl) => hit(
                node.span,
                format!(
                    "{}: canned ACL `{acl}` makes the bucket public",
                    resource.address
                ),
            ),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

static S3_PUBLIC_ACCESS_BLOCK_RULE: Rule = doc(
    "iac.aws.s3-public-access-block",
    "S3 public access block does not block everything",
    Severity::High,
    &["CWE-732"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "soc2:CC6.1", "cis-aws-3.0:2.1.4"],
    "An `aws_s3_bucket_public_access_block` or `aws_s3_account_public_access_block` leaves one of \
     `block_public_acls`, `block_public_policy`, `ignore_public_acls` or \
     `restrict_public_buckets` false or unset (they default to false). Each one left off is a way \
     a later ACL or bucket policy can make data public, so the guard rail an auditor relies on \
     is not in place.",
    "Set all four flags:\n\n```hcl\nresource \"aws_s3_bucket_public_access_block\" \"this\" {\n  \
     bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  \
     block_public_policy     = true\n  ignore_public_acls      = true\n  \
     restrict_public_buckets = true\n}\n```",
    &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
);

pub static S3_PUBLIC_ACCESS_BLOCK: IacRule = IacRule {
    rule: &S3_PUBLIC_ACCESS_BLOCK_RULE,
    format: Format::Terraform,
    kinds: &[
        "aws_s3_bucket_public_access_block",
        "aws_s3_account_public_access_block",
    ],
    check: check_public_access_block,
};

pub static S3_PUBLIC_ACCESS_BLOCK_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..S3_PUBLIC_ACCESS_BLOCK
};

fn check_public_access_block(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for flag in [
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    ] {
        match lookup(&resource.body, &[flag]) {
            Attr::Missing => missing.push(flag),
            Attr::Known(node) if truthy(node) == Some(false) => out.extend(hit(
                node.span,
                format!("{}: `{flag} = false`", resource.address),
            )),
            _ => {}
        }
    }
    if !missing.is_empty() {
        out.extend(hit(
            resource.span,
            format!(
                "{}: {} not set (defaults to false)",
                resource.address,
                missing.join(", ")
            ),
        ));
    }
    out
}

static S3_VERSIONING_RULE: Rule = doc(
    "iac.aws.s3-versioning",
    "S3 bucket without versioning",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:CC7.2", "soc2:A1.2"],
    "A bucket has no versioning enabled — no inline `versioning { enabled = true }` and no \
     attached `aws_s3_bucket_versioning` with `status = \"Enabled\"` — or versioning is \
     suspended. Without versions an overwrite or delete (by mistake, by ransomware or by an \
     insider) destroys the only copy, which defeats the recovery and integrity evidence an \
     auditor asks for.",
    "```hcl\nresource \"aws_s3_bucket_versioning\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  \
     versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n```",
    &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
);

pub static S3_VERSIONING: IacRule = IacRule {
    rule: &S3_VERSIONING_RULE,
    format: Format::Terraform,
    kinds: &["aws_s3_bucket", "aws_s3_bucket_versioning"],
    check: check_versioning,
};

fn check_versioning(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if resource.kind == "aws_s3_bucket_versioning" {
        return match lookup(&resource.body, &["versioning_configuration", "status"]) {
            Attr::Known(node) if node.as_str().is_some_and(|s| s != "Enabled") => hit(
                node.span,
                format!(
                    "{}: versioning status is `{}`, not Enabled",
                    resource.address,
                    node.as_str().unwrap_or_default()
                ),
            ),
            _ => Vec::new(),
        };
    }
    match lookup(&resource.body, &["versioning", "enabled"]) {
        Attr::Known(node) if truthy(node) == Some(false) => {
            return hit(
                node.span,
                format!("{}: versioning is disabled", resource.address),
            );
        }
        Attr::Known(_) | Attr::Unknown => return Vec::new(),
        Attr::Missing => {}
    }
    if attached(context, resource, &["aws_s3_bucket_versioning"]).is_empty() {
        hit(
            resource.span,
            format!(
                "{}: versioning is not enabled (no versioning block or aws_s3_bucket_versioning)",
                resource.address
            ),
        )
    } else {
        Vec::new()
    }
}

static S3_ACCESS_LOGGING_RULE: Rule = doc(
    "iac.aws.s3-access-logging",
    "S3 bucket without server access logging",
    Severity::Low,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2"],
    "A bucket has no inline `logging` block and no attached `aws_s3_bucket_logging`. Without \
     server access logs there is no record of who read or changed which object, so access to \
     stored data cannot be reconstructed after an incident (PCI DSS 10.2.1).",
    "```hcl\nresource \"aws_s3_bucket_logging\" \"this\" {\n  bucket        = \
     aws_s3_bucket.this.id\n  target_bucket = aws_s3_bucket.access_logs.id\n  target_prefix = \
     \"s3/this/\"\n}\n```\n(or enable CloudTrail S3 data events for the bucket).",
    &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
);

pub static S3_ACCESS_LOGGING: IacRule = IacRule {
    rule: &S3_ACCESS_LOGGING_RULE,
    format: Format::Terraform,
    kinds: &["aws_s3_bucket"],
    check: check_logging,
};

fn check_logging(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if !blocks(&resource.body, "logging").is_empty()
        || !attached(context, resource, &["aws_s3_bucket_logging"]).is_empty()
    {
        return Vec::new();
    }
    hit(
        resource.span,
        format!(
            "{}: server access logging is not configured",
            resource.address
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BARE: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n";
    const FULL: &str = r#"resource "aws_s3_bucket" "b" {
  bucket = "x"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_logging" "b" {
  bucket        = aws_s3_bucket.b.id
  target_bucket = "logs"
}
"#;

    #[test]
    fn encryption() {
        assert_eq!(run(&S3_ENCRYPTION, BARE), (1, Some(1)));
        assert_eq!(run(&S3_ENCRYPTION, FULL), (0, None));
        let inline = "resource \"aws_s3_bucket\" \"b\" {\n  server_side_encryption_configuration {\n    rule {}\n  }\n}\n";
        assert_eq!(run(&S3_ENCRYPTION, inline), (0, None));
    }

    #[test]
    fn public_acl() {
        let bad = "resource \"aws_s3_bucket_acl\" \"b\" {\n  bucket = \"x\"\n  acl = \"public-read\"\n}\n";
        assert_eq!(run(&S3_PUBLIC_ACL, bad), (1, Some(3)));
        let ok = "resource \"aws_s3_bucket_acl\" \"b\" {\n  acl = \"private\"\n}\n";
        assert_eq!(run(&S3_PUBLIC_ACL, ok), (0, None));
        let unknown = "resource \"aws_s3_bucket_acl\" \"b\" {\n  acl = var.acl\n}\n";
        assert_eq!(run(&S3_PUBLIC_ACL, unknown), (0, None));
    }

    #[test]
    fn public_access_block() {
        let bad = r#"resource "aws_s3_bucket_public_access_block" "b" {
  bucket              = "x"
  block_public_acls   = true
  block_public_policy = false
}
"#;
        // One hit for the false flag, one for the two missing ones.
        assert_eq!(run(&S3_PUBLIC_ACCESS_BLOCK, bad), (2, Some(4)));
        let ok = r#"resource "aws_s3_account_public_access_block" "a" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#;
        assert_eq!(run(&S3_PUBLIC_ACCESS_BLOCK, ok), (0, None));
    }

    #[test]
    fn versioning() {
        assert_eq!(run(&S3_VERSIONING, BARE), (1, Some(1)));
        assert_eq!(run(&S3_VERSIONING, FULL), (0, None));
        let suspended = "resource \"aws_s3_bucket_versioning\" \"v\" {\n  bucket = \"x\"\n  versioning_configuration {\n    status = \"Suspended\"\n  }\n}\n";
        assert_eq!(run(&S3_VERSIONING, suspended), (1, Some(4)));
    }

    #[test]
    fn access_logging() {
        assert_eq!(run(&S3_ACCESS_LOGGING, BARE), (1, Some(1)));
        assert_eq!(run(&S3_ACCESS_LOGGING, FULL), (0, None));
    }
}
