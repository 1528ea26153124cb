//! Data stores: RDS/Aurora, EBS, DynamoDB, SQS, SNS, KMS keys.

use super::{Attr, doc, hit, lookup, number, require_true, truthy};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &RDS_STORAGE_ENCRYPTED,
        &RDS_STORAGE_ENCRYPTED_PLAN,
        &RDS_PUBLIC,
        &RDS_PUBLIC_PLAN,
        &RDS_BACKUP_RETENTION,
        &RDS_DELETION_PROTECTION,
        &RDS_IAM_AUTH,
        &EBS_ENCRYPTION,
        &EBS_DEFAULT_ENCRYPTION,
        &DYNAMODB_CMK,
        &DYNAMODB_PITR,
        &SQS_ENCRYPTION,
        &SNS_ENCRYPTION,
        &KMS_ROTATION,
        &KMS_ROTATION_PLAN,
    ]
}

const AT_REST: &[&str] = &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"];
const RDS_KINDS: &[&str] = &["aws_db_instance", "aws_rds_cluster"];

fn is_replica(resource: &Resource) -> bool {
    matches!(
        lookup(&resource.body, &["replicate_source_db"]),
        Attr::Known(_) | Attr::Unknown
    )
}

static RDS_STORAGE_ENCRYPTED_RULE: Rule = doc(
    "iac.aws.rds-storage-encrypted",
    "RDS/Aurora storage not encrypted",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `aws_db_instance` or `aws_rds_cluster` has `storage_encrypted` unset or false (the \
     default is unencrypted). The database volumes, automated backups, snapshots and read \
     replicas are then stored in clear; encryption cannot be turned on later without a \
     snapshot-and-restore migration. Databases are where a bank keeps account data, so PCI DSS \
     3.5.1 applies directly.",
    "Set `storage_encrypted = true` and `kms_key_id = aws_kms_key.rds.arn` (a customer managed \
     key). For an existing database, restore an encrypted copy of a snapshot and switch over.",
    &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"],
);

pub static RDS_STORAGE_ENCRYPTED: IacRule = IacRule {
    rule: &RDS_STORAGE_ENCRYPTED_RULE,
    format: Format::Terraform,
    kinds: RDS_KINDS,
    check: check_storage_encrypted,
};

pub static RDS_STORAGE_ENCRYPTED_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..RDS_STORAGE_ENCRYPTED
};

fn check_storage_encrypted(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    // Read replicas inherit the source's encryption; Aurora Serverless v1 is always encrypted.
    if is_replica(resource)
        || matches!(lookup(&resource.body, &["engine_mode"]), Attr::Known(n) if n.as_str() == Some("serverless"))
    {
        return Vec::new();
    }
    require_true(resource, &["storage_encrypted"], "storage encryption")
}

static RDS_PUBLIC_RULE: Rule = doc(
    "iac.aws.rds-publicly-accessible",
    "RDS instance publicly accessible",
    Severity::Critical,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "A database instance has `publicly_accessible = true`: it gets a public DNS name and IP, and \
     only its security group stands between the internet and the database listener. PCI DSS \
     1.3/1.4 require the cardholder data environment to be unreachable from untrusted networks.",
    "Set `publicly_accessible = false`, place the instance in private subnets \
     (`db_subnet_group_name`) and reach it through a bastion, VPN or PrivateLink.",
    &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
    ],
);

pub static RDS_PUBLIC: IacRule = IacRule {
    rule: &RDS_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &["aws_db_instance", "aws_rds_cluster_instance"],
    check: check_public,
};

pub static RDS_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..RDS_PUBLIC
};

fn check_public(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    match lookup(&resource.body, &["publicly_accessible"]) {
        Attr::Known(node) if truthy(node) == Some(true) => hit(
            node.span,
            format!("{}: database is publicly accessible", resource.address),
        ),
        _ => Vec::new(),
    }
}

static RDS_BACKUP_RETENTION_RULE: Rule = doc(
    "iac.aws.rds-backup-retention",
    "RDS/Aurora backups kept less than 7 days",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2", "soc2:CC7.5"],
    "`backup_retention_period` is below 7 days or unset (AWS then keeps one day; 0 turns \
     automated backups and point-in-time restore off). A short window means corruption or a \
     destructive change noticed after the weekend cannot be rolled back, which fails the \
     recovery objectives an auditor checks.",
    "Set `backup_retention_period = 7` or more (up to 35), and copy backups to another region \
     or account with AWS Backup for longer retention.",
    &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
    ],
);

pub static RDS_BACKUP_RETENTION: IacRule = IacRule {
    rule: &RDS_BACKUP_RETENTION_RULE,
    format: Format::Terraform,
    kinds: RDS_KINDS,
    check: check_backup_retention,
};

fn check_backup_retention(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if is_replica(resource) {
        return Vec::new();
    }
    match lookup(&resource.body, &["backup_retention_period"]) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: `backup_retention_period` is not set (AWS keeps 1 day)",
                resource.address
            ),
        ),
        Attr::Known(node) => match number(node) {
            Some(days) if days < 7.0 => hit(
                node.span,
                format!(
                    "{}: backups kept {days} days, fewer than 7",
                    resource.address
                ),
            ),
            _ => Vec::new(),
        },
        Attr::Unknown => Vec::new(),
    }
}

static RDS_DELETION_PROTECTION_RULE: Rule = doc(
    "iac.aws.rds-deletion-protection",
    "RDS/Aurora without deletion protection",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "`deletion_protection` is unset or false, so one `terraform destroy`, a renamed resource or \
     a console click deletes the database (and, unless a final snapshot is kept, its data). \
     Auditors expect production data stores to be protected against accidental deletion.",
    "Set `deletion_protection = true`; turning it off then needs a deliberate, reviewable change.",
    &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection",
    ],
);

pub static RDS_DELETION_PROTECTION: IacRule = IacRule {
    rule: &RDS_DELETION_PROTECTION_RULE,
    format: Format::Terraform,
    kinds: RDS_KINDS,
    check: |_, r| require_true(r, &["deletion_protection"], "deletion protection"),
};

static RDS_IAM_AUTH_RULE: Rule = doc(
    "iac.aws.rds-iam-auth",
    "RDS/Aurora without IAM database authentication",
    Severity::Low,
    &["CWE-1390"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "A MySQL/PostgreSQL/Aurora database has `iam_database_authentication_enabled` unset or \
     false, so every client must use a long-lived database password. IAM authentication issues \
     15-minute tokens tied to an IAM identity, which gives individual accountability and \
     removes shared static credentials.",
    "Set `iam_database_authentication_enabled = true` and grant `rds-db:connect` to the roles \
     that need it; map them to database users with `GRANT rds_iam` (PostgreSQL) or \
     `AWSAuthenticationPlugin` (MySQL).",
    &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html"],
);

pub static RDS_IAM_AUTH: IacRule = IacRule {
    rule: &RDS_IAM_AUTH_RULE,
    format: Format::Terraform,
    kinds: RDS_KINDS,
    check: check_iam_auth,
};

fn check_iam_auth(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    // IAM authentication exists only for MySQL, MariaDB, PostgreSQL and Aurora engines.
    match lookup(&resource.body, &["engine"]) {
        Attr::Known(node) => {
            let engine = node.as_str().unwrap_or_default();
            if !["mysql", "mariadb", "postgres", "aurora"]
                .iter()
                .any(|e| engine.starts_with(e))
            {
                return Vec::new();
            }
        }
        Attr::Unknown => return Vec::new(),
        Attr::Missing => {}
    }
    if is_replica(resource) {
        return Vec::new();
    }
    require_true(
        resource,
        &["iam_database_authentication_enabled"],
        "IAM database authentication",
    )
}

static EBS_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.ebs-encryption",
    "EBS volume not encrypted",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `aws_ebs_volume` has `encrypted` unset or false, or an `aws_instance` block device sets \
     `encrypted = false`, and no `aws_ebs_encryption_by_default` in the same file turns account \
     encryption on. The disk, its snapshots and any copy shared from them hold data in clear.",
    "Set `encrypted = true` (and `kms_key_id` to a customer managed key) on the volume or the \
     `root_block_device` / `ebs_block_device`, and enable `aws_ebs_encryption_by_default` in \
     every region.",
    &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
);

pub static EBS_ENCRYPTION: IacRule = IacRule {
    rule: &EBS_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_ebs_volume", "aws_instance"],
    check: check_ebs,
};

fn check_ebs(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let default_on = context.resources().any(|r| {
        r.kind == "aws_ebs_encryption_by_default"
            && !matches!(lookup(&r.body, &["enabled"]), Attr::Known(n) if truthy(n) == Some(false))
    });
    if default_on {
        return Vec::new();
    }
    if resource.kind == "aws_ebs_volume" {
        if matches!(
            lookup(&resource.body, &["snapshot_id"]),
            Attr::Known(_) | Attr::Unknown
        ) {
            return Vec::new(); // inherits the snapshot's encryption
        }
        return require_true(resource, &["encrypted"], "volume encryption");
    }
    let mut out = Vec::new();
    for name in ["root_block_device", "ebs_block_device"] {
        for device in super::blocks(&resource.body, name) {
            if let Attr::Known(node) = lookup(device, &["encrypted"])
                && truthy(node) == Some(false)
            {
                out.extend(hit(
                    node.span,
                    format!("{}: {name} is not encrypted", resource.address),
                ));
            }
        }
    }
    out
}

static EBS_DEFAULT_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.ebs-default-encryption",
    "EBS encryption by default turned off",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "`aws_ebs_encryption_by_default` sets `enabled = false`, so new volumes in the region are \
     created unencrypted unless each one asks for encryption.",
    "Set `enabled = true` in `aws_ebs_encryption_by_default` (and choose the key with \
     `aws_ebs_default_kms_key`).",
    &["https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
);

pub static EBS_DEFAULT_ENCRYPTION: IacRule = IacRule {
    rule: &EBS_DEFAULT_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_ebs_encryption_by_default"],
    check: |_, r| match lookup(&r.body, &["enabled"]) {
        Attr::Known(node) if truthy(node) == Some(false) => hit(
            node.span,
            format!("{}: EBS encryption by default is disabled", r.address),
        ),
        _ => Vec::new(),
    },
};

static DYNAMODB_CMK_RULE: Rule = doc(
    "iac.aws.dynamodb-cmk",
    "DynamoDB table not encrypted with a KMS key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `aws_dynamodb_table` has no `server_side_encryption { enabled = true }`, so it is \
     encrypted only with an AWS-owned key: there is no key policy you control, no CloudTrail \
     record of key use, and no way to revoke access by disabling the key.",
    "```hcl\nserver_side_encryption {\n  enabled     = true\n  kms_key_arn = aws_kms_key.dynamodb.arn\n}\n```",
    &["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html"],
);

pub static DYNAMODB_CMK: IacRule = IacRule {
    rule: &DYNAMODB_CMK_RULE,
    format: Format::Terraform,
    kinds: &["aws_dynamodb_table"],
    check: |_, r| {
        require_true(
            r,
            &["server_side_encryption", "enabled"],
            "KMS encryption (an AWS-owned key is used)",
        )
    },
};

static DYNAMODB_PITR_RULE: Rule = doc(
    "iac.aws.dynamodb-pitr",
    "DynamoDB table without point-in-time recovery",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "`point_in_time_recovery { enabled = true }` is missing or false, so a bad write, a buggy \
     migration or a deleted table cannot be restored to a moment before it happened.",
    "```hcl\npoint_in_time_recovery {\n  enabled = true\n}\n```",
    &["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"],
);

pub static DYNAMODB_PITR: IacRule = IacRule {
    rule: &DYNAMODB_PITR_RULE,
    format: Format::Terraform,
    kinds: &["aws_dynamodb_table"],
    check: |_, r| {
        require_true(
            r,
            &["point_in_time_recovery", "enabled"],
            "point-in-time recovery",
        )
    },
};

static SQS_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.sqs-encryption",
    "SQS queue encryption turned off",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `aws_sqs_queue` sets `sqs_managed_sse_enabled = false` without a `kms_master_key_id`, so \
     its messages — often payment or customer events — are stored unencrypted.",
    "Set `kms_master_key_id = aws_kms_key.sqs.arn` (preferred: a key you control), or at least \
     leave `sqs_managed_sse_enabled = true`.",
    &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    ],
);

pub static SQS_ENCRYPTION: IacRule = IacRule {
    rule: &SQS_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_sqs_queue"],
    check: |_, r| {
        if !matches!(lookup(&r.body, &["kms_master_key_id"]), Attr::Missing) {
            return Vec::new();
        }
        match lookup(&r.body, &["sqs_managed_sse_enabled"]) {
            Attr::Known(node) if truthy(node) == Some(false) => hit(
                node.span,
                format!(
                    "{}: queue is not encrypted (SSE off, no KMS key)",
                    r.address
                ),
            ),
            _ => Vec::new(),
        }
    },
};

static SNS_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.sns-encryption",
    "SNS topic not encrypted",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `aws_sns_topic` has no `kms_master_key_id`. SNS does not encrypt topics by default, so \
     messages are stored unencrypted while awaiting delivery.",
    "Set `kms_master_key_id = aws_kms_key.sns.arn` (or `\"alias/aws/sns\"` at minimum).",
    &["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
);

pub static SNS_ENCRYPTION: IacRule = IacRule {
    rule: &SNS_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_sns_topic"],
    check: |_, r| match lookup(&r.body, &["kms_master_key_id"]) {
        Attr::Missing => hit(
            r.span,
            format!("{}: `kms_master_key_id` is not set", r.address),
        ),
        _ => Vec::new(),
    },
};

static KMS_ROTATION_RULE: Rule = doc(
    "iac.aws.kms-key-rotation",
    "KMS key without automatic rotation",
    Severity::Medium,
    &["CWE-324"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.7.4", "cis-aws-3.0:3.6"],
    "A symmetric `aws_kms_key` has `enable_key_rotation` unset or false, so the same key \
     material protects data indefinitely. PCI DSS 3.7.4 requires keys to be changed at the end \
     of their cryptoperiod.",
    "Set `enable_key_rotation = true` (optionally `rotation_period_in_days`).",
    &["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
);

pub static KMS_ROTATION: IacRule = IacRule {
    rule: &KMS_ROTATION_RULE,
    format: Format::Terraform,
    kinds: &["aws_kms_key"],
    check: check_rotation,
};

pub static KMS_ROTATION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..KMS_ROTATION
};

fn check_rotation(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    // Only symmetric encryption keys can rotate automatically.
    match lookup(&resource.body, &["customer_master_key_spec"]) {
        Attr::Known(n) if n.as_str() != Some("SYMMETRIC_DEFAULT") => return Vec::new(),
        Attr::Unknown => return Vec::new(),
        _ => {}
    }
    require_true(resource, &["enable_key_rotation"], "key rotation")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const DB_BAD: &str = r#"resource "aws_db_instance" "db" {
  engine              = "postgres"
  storage_encrypted   = false
  publicly_accessible = true
  backup_retention_period = 1
  deletion_protection = false
}
"#;
    const DB_OK: &str = r#"resource "aws_db_instance" "db" {
  engine                  = "postgres"
  storage_encrypted       = true
  publicly_accessible     = false
  backup_retention_period = 14
  deletion_protection     = true
  iam_database_authentication_enabled = true
}
"#;

    #[test]
    fn rds() {
        assert_eq!(run(&RDS_STORAGE_ENCRYPTED, DB_BAD), (1, Some(3)));
        assert_eq!(run(&RDS_PUBLIC, DB_BAD), (1, Some(4)));
        assert_eq!(run(&RDS_BACKUP_RETENTION, DB_BAD), (1, Some(5)));
        assert_eq!(run(&RDS_DELETION_PROTECTION, DB_BAD), (1, Some(6)));
        assert_eq!(run(&RDS_IAM_AUTH, DB_BAD), (1, Some(1)));
        for rule in [
            &RDS_STORAGE_ENCRYPTED,
            &RDS_PUBLIC,
            &RDS_BACKUP_RETENTION,
            &RDS_DELETION_PROTECTION,
            &RDS_IAM_AUTH,
        ] {
            assert_eq!(run(rule, DB_OK), (0, None), "{}", rule.rule.id);
        }
        let cluster = "resource \"aws_rds_cluster\" \"c\" {\n  engine = \"aurora-postgresql\"\n}\n";
        assert_eq!(run(&RDS_STORAGE_ENCRYPTED, cluster), (1, Some(1)));
        assert_eq!(run(&RDS_BACKUP_RETENTION, cluster), (1, Some(1)));
        let oracle = "resource \"aws_db_instance\" \"o\" {\n  engine = \"oracle-ee\"\n}\n";
        assert_eq!(run(&RDS_IAM_AUTH, oracle), (0, None));
        let unknown = "resource \"aws_db_instance\" \"u\" {\n  storage_encrypted = var.enc\n}\n";
        assert_eq!(run(&RDS_STORAGE_ENCRYPTED, unknown), (0, None));
    }

    #[test]
    fn ebs() {
        let bad = "resource \"aws_ebs_volume\" \"v\" {\n  size = 10\n}\n";
        assert_eq!(run(&EBS_ENCRYPTION, bad), (1, Some(1)));
        let ok = "resource \"aws_ebs_volume\" \"v\" {\n  encrypted = true\n}\n";
        assert_eq!(run(&EBS_ENCRYPTION, ok), (0, None));
        let with_default = format!(
            "{bad}resource \"aws_ebs_encryption_by_default\" \"d\" {{\n  enabled = true\n}}\n"
        );
        assert_eq!(run(&EBS_ENCRYPTION, &with_default), (0, None));
        let instance = "resource \"aws_instance\" \"i\" {\n  root_block_device {\n    encrypted = false\n  }\n}\n";
        assert_eq!(run(&EBS_ENCRYPTION, instance), (1, Some(3)));
        let off = "resource \"aws_ebs_encryption_by_default\" \"d\" {\n  enabled = false\n}\n";
        assert_eq!(run(&EBS_DEFAULT_ENCRYPTION, off), (1, Some(2)));
        assert_eq!(run(&EBS_DEFAULT_ENCRYPTION, &with_default), (0, None));
    }

    #[test]
    fn dynamodb() {
        let bare = "resource \"aws_dynamodb_table\" \"t\" {\n  name = \"t\"\n}\n";
        assert_eq!(run(&DYNAMODB_CMK, bare), (1, Some(1)));
        assert_eq!(run(&DYNAMODB_PITR, bare), (1, Some(1)));
        let ok = r#"resource "aws_dynamodb_table" "t" {
  server_side_encryption {
    enabled = true
  }
  point_in_time_recovery {
    enabled = true
  }
}
"#;
        assert_eq!(run(&DYNAMODB_CMK, ok), (0, None));
        assert_eq!(run(&DYNAMODB_PITR, ok), (0, None));
        let off = "resource \"aws_dynamodb_table\" \"t\" {\n  point_in_time_recovery {\n    enabled = false\n  }\n}\n";
        assert_eq!(run(&DYNAMODB_PITR, off), (1, Some(3)));
    }

    #[test]
    fn queues_and_topics() {
        let q = "resource \"aws_sqs_queue\" \"q\" {\n  sqs_managed_sse_enabled = false\n}\n";
        assert_eq!(run(&SQS_ENCRYPTION, q), (1, Some(2)));
        let q_ok =
            "resource \"aws_sqs_queue\" \"q\" {\n  kms_master_key_id = aws_kms_key.k.arn\n}\n";
        assert_eq!(run(&SQS_ENCRYPTION, q_ok), (0, None));
        let t = "resource \"aws_sns_topic\" \"t\" {\n  name = \"t\"\n}\n";
        assert_eq!(run(&SNS_ENCRYPTION, t), (1, Some(1)));
        let t_ok =
            "resource \"aws_sns_topic\" \"t\" {\n  kms_master_key_id = \"alias/aws/sns\"\n}\n";
        assert_eq!(run(&SNS_ENCRYPTION, t_ok), (0, None));
    }

    #[test]
    fn kms() {
        let bad = "resource \"aws_kms_key\" \"k\" {\n  description = \"x\"\n}\n";
        assert_eq!(run(&KMS_ROTATION, bad), (1, Some(1)));
        let ok = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n";
        assert_eq!(run(&KMS_ROTATION, ok), (0, None));
        let asym =
            "resource \"aws_kms_key\" \"k\" {\n  customer_master_key_spec = \"RSA_2048\"\n}\n";
        assert_eq!(run(&KMS_ROTATION, asym), (0, None));
    }
}
