//! Data stores: RDS/Aurora, EBS, DynamoDB, SQS, SNS, KMS keys.

use super::{Attr, doc, hit, items, lookup, number, property, require_true, text, truthy};
use crate::model::{Format, Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &RDS_STORAGE_ENCRYPTED,
        &RDS_PUBLIC,
        &RDS_BACKUP_RETENTION,
        &RDS_DELETION_PROTECTION,
        &RDS_IAM_AUTH,
        &EBS_ENCRYPTION,
        &DYNAMODB_CMK,
        &DYNAMODB_PITR,
        &SQS_ENCRYPTION,
        &SNS_ENCRYPTION,
        &KMS_ROTATION,
    ]
}

const AT_REST: &[&str] = &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"];
const RDS_KINDS: &[&str] = &["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"];

/// Whether any of `names` is written (with a literal or an unknown value).
fn has_any(resource: &Resource, names: &[&str]) -> bool {
    names
        .iter()
        .any(|n| !matches!(property(resource, &[n]), Attr::Missing))
}

/// A read replica: it inherits storage settings and backups from its source.
fn is_replica(resource: &Resource) -> bool {
    resource.kind == "AWS::RDS::DBInstance"
        && has_any(
            resource,
            &["SourceDBInstanceIdentifier", "SourceDBClusterIdentifier"],
        )
}

/// An Aurora instance inside a `DBCluster`: encryption, backups, deletion protection and IAM
/// authentication are cluster settings.
fn is_cluster_member(resource: &Resource) -> bool {
    resource.kind == "AWS::RDS::DBInstance" && has_any(resource, &["DBClusterIdentifier"])
}

static RDS_STORAGE_ENCRYPTED_RULE: Rule = doc(
    "iac.cloudformation.rds-storage-encrypted",
    "RDS/Aurora storage not encrypted",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `AWS::RDS::DBInstance` or `AWS::RDS::DBCluster` has `StorageEncrypted` unset or false \
     (the default is unencrypted). The database volumes, automated backups, snapshots and read \
     replicas are then stored in clear; encryption cannot be turned on later without a \
     snapshot-and-restore migration. Databases are where a bank keeps account data, so PCI DSS \
     3.5.1 applies directly. Read replicas, restores from snapshots and Aurora cluster members \
     inherit encryption and are not reported.",
    "```yaml\nStorageEncrypted: true\nKmsKeyId: !Ref DatabaseKey\n```\nFor an existing database, \
     restore an encrypted copy of a snapshot and switch over.",
    &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"],
);

pub static RDS_STORAGE_ENCRYPTED: IacRule = IacRule {
    rule: &RDS_STORAGE_ENCRYPTED_RULE,
    format: Format::CloudFormation,
    kinds: RDS_KINDS,
    check: check_storage_encrypted,
};

fn check_storage_encrypted(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    // Aurora Serverless v1 is always encrypted; copies inherit their source's encryption.
    if is_replica(resource)
        || is_cluster_member(resource)
        || has_any(
            resource,
            &[
                "DBSnapshotIdentifier",
                "SnapshotIdentifier",
                "SourceDBClusterIdentifier",
            ],
        )
        || matches!(
            text(property(resource, &["EngineMode"])),
            Some(("serverless", _))
        )
    {
        return Vec::new();
    }
    require_true(resource, &["StorageEncrypted"], "storage encryption")
}

static RDS_PUBLIC_RULE: Rule = doc(
    "iac.cloudformation.rds-publicly-accessible",
    "RDS database publicly accessible",
    Severity::Critical,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `AWS::RDS::DBInstance` (or Multi-AZ `AWS::RDS::DBCluster`) sets `PubliclyAccessible: \
     true`: it gets a public DNS name and IP, and only its security group stands between the \
     internet and the database listener. PCI DSS 1.3/1.4 require the cardholder data \
     environment to be unreachable from untrusted networks.",
    "Keep the database private and in private subnets; reach it through a bastion, VPN or \
     PrivateLink:\n\n```yaml\nPubliclyAccessible: false\nDBSubnetGroupName: !Ref \
     PrivateDbSubnets\n```",
    &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
    ],
);

pub static RDS_PUBLIC: IacRule = IacRule {
    rule: &RDS_PUBLIC_RULE,
    format: Format::CloudFormation,
    kinds: RDS_KINDS,
    check: |_, r| match property(r, &["PubliclyAccessible"]) {
        Attr::Known(node) if truthy(node) == Some(true) => hit(
            node.span,
            format!("{}: database is publicly accessible", r.address),
        ),
        _ => Vec::new(),
    },
};

static RDS_BACKUP_RETENTION_RULE: Rule = doc(
    "iac.cloudformation.rds-backup-retention",
    "RDS/Aurora backups kept less than 7 days",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2", "soc2:CC7.5"],
    "`BackupRetentionPeriod` is below 7 days or unset (CloudFormation then keeps one day; 0 \
     turns automated backups and point-in-time restore off). A short window means corruption or \
     a destructive change noticed after the weekend cannot be rolled back, which fails the \
     recovery objectives an auditor checks.",
    "```yaml\nBackupRetentionPeriod: 14   # 7 to 35 days\n```\nCopy backups to another region or \
     account with AWS Backup for longer retention.",
    &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
    ],
);

pub static RDS_BACKUP_RETENTION: IacRule = IacRule {
    rule: &RDS_BACKUP_RETENTION_RULE,
    format: Format::CloudFormation,
    kinds: RDS_KINDS,
    check: check_backup_retention,
};

fn check_backup_retention(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if is_replica(resource) || is_cluster_member(resource) {
        return Vec::new();
    }
    match property(resource, &["BackupRetentionPeriod"]) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: `BackupRetentionPeriod` is not set (1 day is kept)",
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
    "iac.cloudformation.rds-deletion-protection",
    "RDS/Aurora without deletion protection",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "`DeletionProtection` is unset or false, so deleting the stack, a renamed logical ID that \
     makes CloudFormation replace the resource, or a console click deletes the database (and, \
     unless a final snapshot is kept, its data). Auditors expect production data stores to be \
     protected against accidental deletion.",
    "```yaml\nDeletionPolicy: Snapshot\nUpdateReplacePolicy: Snapshot\nProperties:\n  \
     DeletionProtection: true\n```\nTurning protection off then needs a deliberate, reviewable \
     change.",
    &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection",
    ],
);

pub static RDS_DELETION_PROTECTION: IacRule = IacRule {
    rule: &RDS_DELETION_PROTECTION_RULE,
    format: Format::CloudFormation,
    kinds: RDS_KINDS,
    check: |_, r| {
        if is_cluster_member(r) {
            return Vec::new();
        }
        require_true(r, &["DeletionProtection"], "deletion protection")
    },
};

static RDS_IAM_AUTH_RULE: Rule = doc(
    "iac.cloudformation.rds-iam-auth",
    "RDS/Aurora without IAM database authentication",
    Severity::Low,
    &["CWE-1390"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "A MySQL/MariaDB/PostgreSQL/Aurora database has `EnableIAMDatabaseAuthentication` unset or \
     false, so every client must use a long-lived database password. IAM authentication issues \
     15-minute tokens tied to an IAM identity, which gives individual accountability and \
     removes shared static credentials.",
    "```yaml\nEnableIAMDatabaseAuthentication: true\n```\nGrant `rds-db:connect` to the roles that \
     need it and map them to database users with `GRANT rds_iam` (PostgreSQL) or \
     `AWSAuthenticationPlugin` (MySQL).",
    &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html"],
);

pub static RDS_IAM_AUTH: IacRule = IacRule {
    rule: &RDS_IAM_AUTH_RULE,
    format: Format::CloudFormation,
    kinds: RDS_KINDS,
    check: check_iam_auth,
};

fn check_iam_auth(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    // IAM authentication exists only for MySQL, MariaDB, PostgreSQL and Aurora engines.
    match property(resource, &["Engine"]) {
        Attr::Known(node) => {
            let engine = node.as_str().unwrap_or_default().to_ascii_lowercase();
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
    if is_replica(resource) || is_cluster_member(resource) {
        return Vec::new();
    }
    require_true(
        resource,
        &["EnableIAMDatabaseAuthentication"],
        "IAM database authentication",
    )
}

static EBS_ENCRYPTION_RULE: Rule = doc(
    "iac.cloudformation.ebs-encryption",
    "EBS volume not encrypted",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `AWS::EC2::Volume` has `Encrypted` unset or false, or a block device mapping of an \
     `AWS::EC2::Instance` or `AWS::EC2::LaunchTemplate` sets `Ebs.Encrypted: false`. Unless the \
     account turns on EBS encryption by default (invisible in the template), the disk, its \
     snapshots and any copy shared from them hold data in clear.",
    "```yaml\nEncrypted: true\nKmsKeyId: !Ref VolumeKey\n```\nor, in a block device mapping, \
     `Ebs: {Encrypted: true, KmsKeyId: !Ref VolumeKey}`; also enable EBS encryption by default \
     in every region.",
    &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
);

pub static EBS_ENCRYPTION: IacRule = IacRule {
    rule: &EBS_ENCRYPTION_RULE,
    format: Format::CloudFormation,
    kinds: &[
        "AWS::EC2::Volume",
        "AWS::EC2::Instance",
        "AWS::EC2::LaunchTemplate",
    ],
    check: check_ebs,
};

fn check_ebs(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mappings = match resource.kind.as_str() {
        "AWS::EC2::Volume" => {
            if has_any(resource, &["SnapshotId"]) {
                return Vec::new(); // inherits the snapshot's encryption
            }
            return require_true(resource, &["Encrypted"], "volume encryption");
        }
        "AWS::EC2::Instance" => property(resource, &["BlockDeviceMappings"]),
        _ => property(resource, &["LaunchTemplateData", "BlockDeviceMappings"]),
    };
    items(mappings)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|device| match lookup(device, &["Ebs", "Encrypted"]) {
            Attr::Known(node) if truthy(node) == Some(false) => Some(node),
            _ => None,
        })
        .flat_map(|node| {
            hit(
                node.span,
                format!("{}: block device is not encrypted", resource.address),
            )
        })
        .collect()
}

static DYNAMODB_CMK_RULE: Rule = doc(
    "iac.cloudformation.dynamodb-cmk",
    "DynamoDB table not encrypted with a KMS key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `AWS::DynamoDB::Table` or `AWS::DynamoDB::GlobalTable` has no `SSESpecification` with \
     `SSEEnabled: true`, so it is encrypted only with an AWS-owned key: there is no key policy \
     you control, no CloudTrail record of key use, and no way to revoke access by disabling the \
     key.",
    "```yaml\nSSESpecification:\n  SSEEnabled: true\n  SSEType: KMS\n  KMSMasterKeyId: !Ref \
     TableKey\n```",
    &["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html"],
);

const DYNAMODB_KINDS: &[&str] = &["AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"];

pub static DYNAMODB_CMK: IacRule = IacRule {
    rule: &DYNAMODB_CMK_RULE,
    format: Format::CloudFormation,
    kinds: DYNAMODB_KINDS,
    check: |_, r| {
        require_true(
            r,
            &["SSESpecification", "SSEEnabled"],
            "KMS encryption (an AWS-owned key is used)",
        )
    },
};

static DYNAMODB_PITR_RULE: Rule = doc(
    "iac.cloudformation.dynamodb-pitr",
    "DynamoDB table without point-in-time recovery",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "An `AWS::DynamoDB::Table` (or a replica of an `AWS::DynamoDB::GlobalTable`) has no \
     `PointInTimeRecoverySpecification` with `PointInTimeRecoveryEnabled: true`, so a bad \
     write, a buggy migration or a deleted table cannot be restored to a moment before it \
     happened.",
    "```yaml\nPointInTimeRecoverySpecification:\n  PointInTimeRecoveryEnabled: true\n```",
    &["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"],
);

pub static DYNAMODB_PITR: IacRule = IacRule {
    rule: &DYNAMODB_PITR_RULE,
    format: Format::CloudFormation,
    kinds: DYNAMODB_KINDS,
    check: check_pitr,
};

fn check_pitr(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    const PATH: &[&str] = &[
        "PointInTimeRecoverySpecification",
        "PointInTimeRecoveryEnabled",
    ];
    if resource.kind == "AWS::DynamoDB::Table" {
        return require_true(resource, PATH, "point-in-time recovery");
    }
    let replicas = items(property(resource, &["Replicas"])).unwrap_or_default();
    replicas
        .into_iter()
        .filter_map(|replica: &Node| match lookup(replica, PATH) {
            Attr::Missing => Some(replica.span),
            Attr::Known(node) if truthy(node) == Some(false) => Some(node.span),
            _ => None,
        })
        .flat_map(|span| {
            hit(
                span,
                format!(
                    "{}: a replica has point-in-time recovery off",
                    resource.address
                ),
            )
        })
        .collect()
}

static SQS_ENCRYPTION_RULE: Rule = doc(
    "iac.cloudformation.sqs-encryption",
    "SQS queue encryption turned off",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `AWS::SQS::Queue` sets `SqsManagedSseEnabled: false` without a `KmsMasterKeyId`, so its \
     messages — often payment or customer events — are stored unencrypted.",
    "Prefer a key you control, or at least keep SQS-managed encryption on:\n\n```yaml\n\
     KmsMasterKeyId: !Ref QueueKey\n# or\nSqsManagedSseEnabled: true\n```",
    &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    ],
);

pub static SQS_ENCRYPTION: IacRule = IacRule {
    rule: &SQS_ENCRYPTION_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::SQS::Queue"],
    check: |_, r| {
        if has_any(r, &["KmsMasterKeyId"]) {
            return Vec::new();
        }
        match property(r, &["SqsManagedSseEnabled"]) {
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
    "iac.cloudformation.sns-encryption",
    "SNS topic not encrypted",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `AWS::SNS::Topic` has no `KmsMasterKeyId`. SNS does not encrypt topics by default, so \
     messages are stored unencrypted while awaiting delivery.",
    "```yaml\nKmsMasterKeyId: !Ref TopicKey   # or alias/aws/sns at minimum\n```",
    &["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
);

pub static SNS_ENCRYPTION: IacRule = IacRule {
    rule: &SNS_ENCRYPTION_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::SNS::Topic"],
    check: |_, r| match property(r, &["KmsMasterKeyId"]) {
        Attr::Missing => hit(
            r.span,
            format!("{}: `KmsMasterKeyId` is not set", r.address),
        ),
        _ => Vec::new(),
    },
};

static KMS_ROTATION_RULE: Rule = doc(
    "iac.cloudformation.kms-key-rotation",
    "KMS key without automatic rotation",
    Severity::Medium,
    &["CWE-324"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.7.4", "cis-aws-3.0:3.6"],
    "A symmetric `AWS::KMS::Key` has `EnableKeyRotation` unset or false, so the same key \
     material protects data indefinitely. PCI DSS 3.7.4 requires keys to be changed at the end \
     of their cryptoperiod. (Asymmetric and HMAC keys, and keys with imported or custom key \
     store material, cannot rotate automatically and are not reported.)",
    "```yaml\nEnableKeyRotation: true\nRotationPeriodInDays: 365\n```",
    &["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
);

pub static KMS_ROTATION: IacRule = IacRule {
    rule: &KMS_ROTATION_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::KMS::Key"],
    check: check_rotation,
};

fn check_rotation(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    // Only symmetric keys with KMS-generated material rotate automatically.
    for (name, rotatable) in [("KeySpec", "SYMMETRIC_DEFAULT"), ("Origin", "AWS_KMS")] {
        match property(resource, &[name]) {
            Attr::Known(n) if n.as_str() != Some(rotatable) => return Vec::new(),
            Attr::Unknown => return Vec::new(),
            _ => {}
        }
    }
    require_true(resource, &["EnableKeyRotation"], "key rotation")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cloudformation::testing::{run, template};

    const DB_BAD: &str = "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      \
        Engine: postgres\n      StorageEncrypted: false\n      PubliclyAccessible: true\n      \
        BackupRetentionPeriod: 1\n      DeletionProtection: 'false'\n";
    const DB_OK: &str = "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      \
        Engine: postgres\n      StorageEncrypted: true\n      PubliclyAccessible: false\n      \
        BackupRetentionPeriod: 14\n      DeletionProtection: true\n      \
        EnableIAMDatabaseAuthentication: true\n";

    #[test]
    fn rds() {
        let bad = template(DB_BAD);
        assert_eq!(run(&RDS_STORAGE_ENCRYPTED, &bad), (1, Some(7)));
        assert_eq!(run(&RDS_PUBLIC, &bad), (1, Some(8)));
        assert_eq!(run(&RDS_BACKUP_RETENTION, &bad), (1, Some(9)));
        assert_eq!(run(&RDS_DELETION_PROTECTION, &bad), (1, Some(10)));
        assert_eq!(run(&RDS_IAM_AUTH, &bad), (1, Some(4)));
        let ok = template(DB_OK);
        for rule in [
            &RDS_STORAGE_ENCRYPTED,
            &RDS_PUBLIC,
            &RDS_BACKUP_RETENTION,
            &RDS_DELETION_PROTECTION,
            &RDS_IAM_AUTH,
        ] {
            assert_eq!(run(rule, &ok), (0, None), "{}", rule.rule.id);
        }
    }

    #[test]
    fn rds_clusters_members_and_replicas() {
        let text = template(
            "  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      \
             Engine: aurora-postgresql\n  Member:\n    Type: AWS::RDS::DBInstance\n    \
             Properties:\n      Engine: aurora-postgresql\n      DBClusterIdentifier: !Ref Cluster\n  \
             Replica:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      \
             SourceDBInstanceIdentifier: !Ref Primary\n  Oracle:\n    Type: AWS::RDS::DBInstance\n    \
             Properties:\n      Engine: oracle-ee\n      StorageEncrypted: !Ref Encrypt\n      \
             BackupRetentionPeriod: 7\n      DeletionProtection: true\n",
        );
        // Only the cluster is judged; the member and the replica inherit, Oracle is fine or
        // unknown.
        for rule in [&RDS_STORAGE_ENCRYPTED, &RDS_BACKUP_RETENTION, &RDS_IAM_AUTH] {
            assert_eq!(run(rule, &text), (1, Some(4)), "{}", rule.rule.id);
        }
        // The replica keeps its own deletion protection.
        assert_eq!(run(&RDS_DELETION_PROTECTION, &text).0, 2);
    }

    #[test]
    fn ebs() {
        let bare =
            template("  Vol:\n    Type: AWS::EC2::Volume\n    Properties:\n      Size: 10\n");
        assert_eq!(run(&EBS_ENCRYPTION, &bare), (1, Some(4)));
        let ok = template(
            "  Vol:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: true\n",
        );
        assert_eq!(run(&EBS_ENCRYPTION, &ok), (0, None));
        let lt = template(
            "  Lt:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        \
             BlockDeviceMappings:\n          - DeviceName: /dev/xvda\n            Ebs:\n              \
             Encrypted: false\n          - DeviceName: /dev/xvdb\n            Ebs:\n              \
             Encrypted: true\n",
        );
        assert_eq!(run(&EBS_ENCRYPTION, &lt), (1, Some(10)));
    }

    #[test]
    fn dynamodb() {
        let bare =
            template("  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: t\n");
        assert_eq!(run(&DYNAMODB_CMK, &bare), (1, Some(4)));
        assert_eq!(run(&DYNAMODB_PITR, &bare), (1, Some(4)));
        let ok = template(
            "  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      SSESpecification:\n        \
             SSEEnabled: true\n      PointInTimeRecoverySpecification:\n        \
             PointInTimeRecoveryEnabled: true\n",
        );
        assert_eq!(run(&DYNAMODB_CMK, &ok), (0, None));
        assert_eq!(run(&DYNAMODB_PITR, &ok), (0, None));
        let global = template(
            "  G:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      SSESpecification:\n        \
             SSEEnabled: true\n      Replicas:\n        - Region: eu-west-1\n          \
             PointInTimeRecoverySpecification:\n            PointInTimeRecoveryEnabled: true\n        \
             - Region: eu-central-1\n",
        );
        assert_eq!(run(&DYNAMODB_PITR, &global), (1, Some(12)));
        assert_eq!(run(&DYNAMODB_CMK, &global), (0, None));
    }

    #[test]
    fn queues_and_topics() {
        let q = template(
            "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n",
        );
        assert_eq!(run(&SQS_ENCRYPTION, &q), (1, Some(6)));
        let q_ok = template(
            "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: alias/queue\n",
        );
        assert_eq!(run(&SQS_ENCRYPTION, &q_ok), (0, None));
        let t = template("  T:\n    Type: AWS::SNS::Topic\n");
        assert_eq!(run(&SNS_ENCRYPTION, &t), (1, Some(4)));
        let t_ok = template(
            "  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: !Ref Key\n",
        );
        assert_eq!(run(&SNS_ENCRYPTION, &t_ok), (0, None));
    }

    #[test]
    fn kms() {
        let bad =
            template("  K:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: x\n");
        assert_eq!(run(&KMS_ROTATION, &bad), (1, Some(4)));
        let ok = template(
            "  K:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: 'true'\n",
        );
        assert_eq!(run(&KMS_ROTATION, &ok), (0, None));
        let asym =
            template("  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeySpec: RSA_2048\n");
        assert_eq!(run(&KMS_ROTATION, &asym), (0, None));
        let imported =
            template("  K:\n    Type: AWS::KMS::Key\n    Properties:\n      Origin: EXTERNAL\n");
        assert_eq!(run(&KMS_ROTATION, &imported), (0, None));
    }
}
