//! More data stores: EFS, DocumentDB, Neptune, AWS Backup vaults, DMS replication instances.

use super::{Attr, doc, hit, lookup, require_true, truthy};
use crate::model::{Format, Resource};
use crate::rules::{Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &EFS_ENCRYPTION,
        &EFS_ENCRYPTION_PLAN,
        &DOCDB_ENCRYPTION,
        &DOCDB_ENCRYPTION_PLAN,
        &NEPTUNE_ENCRYPTION,
        &NEPTUNE_ENCRYPTION_PLAN,
        &BACKUP_VAULT_CMK,
        &DMS_PUBLIC,
        &DMS_PUBLIC_PLAN,
    ]
}

const AT_REST: &[&str] = &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"];

/// The cluster's storage encryption, unless it comes from a snapshot or a replication source
/// (the new cluster then inherits that one's encryption).
fn cluster_storage_encrypted(resource: &Resource) -> Vec<Hit> {
    let inherits = ["snapshot_identifier", "replication_source_identifier"]
        .iter()
        .any(|k| !matches!(lookup(&resource.body, &[k]), Attr::Missing));
    if inherits {
        return Vec::new();
    }
    require_true(resource, &["storage_encrypted"], "storage encryption")
}

static EFS_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.efs-encryption",
    "EFS file system not encrypted at rest",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1", "cis-aws-3.0:2.4.1"],
    "An `aws_efs_file_system` leaves `encrypted` unset or false (the default), so files shared \
     between application servers — exports, reports, uploaded documents — are stored in clear. \
     Encryption can only be chosen when the file system is created; fixing it later means \
     copying every file to a new one.",
    "Set `encrypted = true` and `kms_key_id = aws_kms_key.efs.arn` when creating the file system.",
    &["https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html"],
);

pub static EFS_ENCRYPTION: IacRule = IacRule {
    rule: &EFS_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_efs_file_system"],
    check: |_, r| require_true(r, &["encrypted"], "encryption at rest"),
};

pub static EFS_ENCRYPTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..EFS_ENCRYPTION
};

static DOCDB_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.docdb-storage-encrypted",
    "DocumentDB cluster storage not encrypted",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `aws_docdb_cluster` leaves `storage_encrypted` unset or false (the default), so the \
     cluster volume, its automated backups and snapshots hold documents unencrypted. The \
     setting cannot be changed on an existing cluster; customer profiles and transaction \
     documents kept in it fall under PCI DSS 3.5.1.",
    "Set `storage_encrypted = true` and `kms_key_id = aws_kms_key.docdb.arn`; migrate an \
     existing cluster by restoring an encrypted copy of a snapshot.",
    &["https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html"],
);

pub static DOCDB_ENCRYPTION: IacRule = IacRule {
    rule: &DOCDB_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_docdb_cluster"],
    check: |_, r| cluster_storage_encrypted(r),
};

pub static DOCDB_ENCRYPTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DOCDB_ENCRYPTION
};

static NEPTUNE_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.neptune-storage-encrypted",
    "Neptune cluster storage not encrypted",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    AT_REST,
    "An `aws_neptune_cluster` leaves `storage_encrypted` unset or false (the default). Graph \
     databases in banks typically model customer relationships and money flows for fraud and \
     AML detection; unencrypted, the volume, backups and snapshots expose them to anyone who \
     obtains a copy.",
    "Set `storage_encrypted = true` and `kms_key_arn = aws_kms_key.neptune.arn` when creating \
     the cluster.",
    &["https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html"],
);

pub static NEPTUNE_ENCRYPTION: IacRule = IacRule {
    rule: &NEPTUNE_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_neptune_cluster"],
    check: |_, r| cluster_storage_encrypted(r),
};

pub static NEPTUNE_ENCRYPTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NEPTUNE_ENCRYPTION
};

static BACKUP_VAULT_CMK_RULE: Rule = doc(
    "iac.aws.backup-vault-cmk",
    "AWS Backup vault not encrypted with a customer managed key",
    Severity::Low,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:3.6.1", "soc2:CC6.1"],
    "An `aws_backup_vault` has no `kms_key_arn`, so recovery points are encrypted with the \
     AWS managed `aws/backup` key. Its key policy cannot be edited: you cannot separate who may \
     restore backups from who may administer the account, nor share encrypted copies with a \
     dedicated backup or recovery account.",
    "Set `kms_key_arn = aws_kms_key.backup.arn`, with a key policy that grants decrypt only to \
     the backup and restore roles.",
    &["https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html"],
);

/// No plan twin: `kms_key_arn` usually refers to a key created in the same plan, whose ARN is
/// unknown there and so left out of the planned values.
pub static BACKUP_VAULT_CMK: IacRule = IacRule {
    rule: &BACKUP_VAULT_CMK_RULE,
    format: Format::Terraform,
    kinds: &["aws_backup_vault"],
    check: |_, r| match lookup(&r.body, &["kms_key_arn"]) {
        Attr::Missing => hit(
            r.span,
            format!("{}: `kms_key_arn` is not set (AWS managed key)", r.address),
        ),
        _ => Vec::new(),
    },
};

static DMS_PUBLIC_RULE: Rule = doc(
    "iac.aws.dms-publicly-accessible",
    "DMS replication instance publicly accessible",
    Severity::Critical,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `aws_dms_replication_instance` sets `publicly_accessible = true`: the instance that \
     holds credentials for, and streams the full contents of, the source and target databases \
     gets a public IP address. Migrations move whole customer databases; the replication \
     instance must stay inside the private network.",
    "Set `publicly_accessible = false` and place the instance in private subnets with \
     `replication_subnet_group_id`; reach on-premises sources over VPN or Direct Connect.",
    &[
        "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReplicationInstance.PublicPrivate.html",
    ],
);

pub static DMS_PUBLIC: IacRule = IacRule {
    rule: &DMS_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &["aws_dms_replication_instance"],
    check: |_, r| match lookup(&r.body, &["publicly_accessible"]) {
        Attr::Known(node) if truthy(node) == Some(true) => hit(
            node.span,
            format!("{}: replication instance is publicly accessible", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static DMS_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DMS_PUBLIC
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn efs() {
        let bare = "resource \"aws_efs_file_system\" \"f\" {\n  creation_token = \"f\"\n}\n";
        assert_eq!(run(&EFS_ENCRYPTION, bare), (1, Some(1)));
        let ok = "resource \"aws_efs_file_system\" \"f\" {\n  encrypted = true\n}\n";
        assert_eq!(run(&EFS_ENCRYPTION, ok), (0, None));
    }

    #[test]
    fn document_and_graph_clusters() {
        let docdb = "resource \"aws_docdb_cluster\" \"d\" {\n  storage_encrypted = false\n}\n";
        assert_eq!(run(&DOCDB_ENCRYPTION, docdb), (1, Some(2)));
        let neptune = "resource \"aws_neptune_cluster\" \"n\" {\n  engine = \"neptune\"\n}\n";
        assert_eq!(run(&NEPTUNE_ENCRYPTION, neptune), (1, Some(1)));
        let ok = "resource \"aws_neptune_cluster\" \"n\" {\n  storage_encrypted = true\n}\n";
        assert_eq!(run(&NEPTUNE_ENCRYPTION, ok), (0, None));
        let restored =
            "resource \"aws_docdb_cluster\" \"d\" {\n  snapshot_identifier = \"snap\"\n}\n";
        assert_eq!(run(&DOCDB_ENCRYPTION, restored), (0, None));
    }

    #[test]
    fn backup_vault() {
        let bare = "resource \"aws_backup_vault\" \"v\" {\n  name = \"v\"\n}\n";
        assert_eq!(run(&BACKUP_VAULT_CMK, bare), (1, Some(1)));
        let ok = "resource \"aws_backup_vault\" \"v\" {\n  kms_key_arn = aws_kms_key.b.arn\n}\n";
        assert_eq!(run(&BACKUP_VAULT_CMK, ok), (0, None));
    }

    #[test]
    fn dms() {
        let bad =
            "resource \"aws_dms_replication_instance\" \"r\" {\n  publicly_accessible = true\n}\n";
        assert_eq!(run(&DMS_PUBLIC, bad), (1, Some(2)));
        let ok = "resource \"aws_dms_replication_instance\" \"r\" {\n  replication_instance_id = \"r\"\n}\n";
        assert_eq!(run(&DMS_PUBLIC, ok), (0, None));
    }
}
