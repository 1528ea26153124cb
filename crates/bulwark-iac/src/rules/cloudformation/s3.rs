//! S3 buckets and bucket policies: encryption, public ACLs and policies, public access blocks,
//! versioning, access logging, TLS-only access.

use super::policy::{Statement, statements};
use super::{Attr, attached, doc, hit, logical_id, property, refers_to, text, truthy};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &S3_ENCRYPTION,
        &S3_PUBLIC_ACL,
        &S3_PUBLIC_ACCESS_BLOCK,
        &S3_VERSIONING,
        &S3_ACCESS_LOGGING,
        &S3_PUBLIC_POLICY,
        &S3_SECURE_TRANSPORT,
    ]
}

const BUCKET: &[&str] = &["AWS::S3::Bucket"];
const BUCKET_POLICY: &str = "AWS::S3::BucketPolicy";

static S3_ENCRYPTION_RULE: Rule = doc(
    "iac.cloudformation.s3-encryption",
    "S3 bucket without a server-side encryption configuration",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `AWS::S3::Bucket` has no `BucketEncryption` property. The bucket then relies on the \
     account default (SSE-S3 with an AWS-owned key), which an auditor cannot see in the template \
     and which gives no key policy or CloudTrail record of key use: PCI DSS 3.5.1 expects stored \
     account data to be protected with keys you control.",
    "Declare the encryption, preferably with a customer managed KMS key:\n\n```yaml\n\
     BucketEncryption:\n  ServerSideEncryptionConfiguration:\n    - ServerSideEncryptionByDefault:\n        \
     SSEAlgorithm: aws:kms\n        KMSMasterKeyID: !GetAtt DataKey.Arn\n      \
     BucketKeyEnabled: true\n```",
    &[
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-bucketencryption.html",
    ],
);

pub static S3_ENCRYPTION: IacRule = IacRule {
    rule: &S3_ENCRYPTION_RULE,
    format: Format::CloudFormation,
    kinds: BUCKET,
    check: |_, r| match property(r, &["BucketEncryption"]) {
        Attr::Missing => hit(
            r.span,
            format!("{}: `BucketEncryption` is not set", r.address),
        ),
        _ => Vec::new(),
    },
};

static S3_PUBLIC_ACL_RULE: Rule = doc(
    "iac.cloudformation.s3-public-acl",
    "S3 bucket ACL grants access to everyone",
    Severity::Critical,
    &["CWE-732"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    "An `AWS::S3::Bucket` sets `AccessControl` to the canned ACL `PublicRead`, \
     `PublicReadWrite` or `AuthenticatedRead`, which lets anyone on the internet (or any AWS \
     account) list and read — or with `PublicReadWrite` overwrite — its objects. Public buckets \
     are the most common cause of cloud data breaches; an auditor treats any public bucket \
     holding customer data as a failed access control.",
    "Remove `AccessControl` and let the bucket owner own every object, and serve public content \
     through CloudFront with an origin access control instead:\n\n```yaml\n\
     OwnershipControls:\n  Rules:\n    - ObjectOwnership: BucketOwnerEnforced\n```",
    &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl"],
);

const PUBLIC_ACLS: &[&str] = &["PublicRead", "PublicReadWrite", "AuthenticatedRead"];

pub static S3_PUBLIC_ACL: IacRule = IacRule {
    rule: &S3_PUBLIC_ACL_RULE,
    format: Format::CloudFormation,
    kinds: BUCKET,
    check: |_, r| match text(property(r, &["AccessControl"])) {
        Some((acl, node)) if PUBLIC_ACLS.contains(&acl) => hit(
            node.span,
            format!("{}: canned ACL `{acl}` makes the bucket public", r.address),
        ),
        _ => Vec::new(),
    },
};

static S3_PUBLIC_ACCESS_BLOCK_RULE: Rule = doc(
    "iac.cloudformation.s3-public-access-block",
    "S3 public access block does not block everything",
    Severity::High,
    &["CWE-732"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "soc2:CC6.1", "cis-aws-3.0:2.1.4"],
    "An `AWS::S3::Bucket` declares `PublicAccessBlockConfiguration` but leaves one of \
     `BlockPublicAcls`, `BlockPublicPolicy`, `IgnorePublicAcls` or `RestrictPublicBuckets` false \
     or unset (an unset flag in a declared configuration is false). Each one left off is a way a \
     later ACL or bucket policy can make data public, so the guard rail an auditor relies on is \
     not in place. (Leaving the whole property out keeps S3's default for new buckets, which \
     blocks everything, and is not reported.)",
    "Set all four flags:\n\n```yaml\nPublicAccessBlockConfiguration:\n  BlockPublicAcls: true\n  \
     BlockPublicPolicy: true\n  IgnorePublicAcls: true\n  RestrictPublicBuckets: true\n```",
    &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
);

pub static S3_PUBLIC_ACCESS_BLOCK: IacRule = IacRule {
    rule: &S3_PUBLIC_ACCESS_BLOCK_RULE,
    format: Format::CloudFormation,
    kinds: BUCKET,
    check: check_public_access_block,
};

fn check_public_access_block(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    const BLOCK: &str = "PublicAccessBlockConfiguration";
    let Attr::Known(block) = property(resource, &[BLOCK]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for flag in [
        "BlockPublicAcls",
        "BlockPublicPolicy",
        "IgnorePublicAcls",
        "RestrictPublicBuckets",
    ] {
        match property(resource, &[BLOCK, flag]) {
            Attr::Missing => missing.push(flag),
            Attr::Known(node) if truthy(node) == Some(false) => out.extend(hit(
                node.span,
                format!("{}: `{flag}: false`", resource.address),
            )),
            _ => {}
        }
    }
    if !missing.is_empty() {
        out.extend(hit(
            block.span,
            format!(
                "{}: {} not set (false when the configuration is declared)",
                resource.address,
                missing.join(", ")
            ),
        ));
    }
    out
}

static S3_VERSIONING_RULE: Rule = doc(
    "iac.cloudformation.s3-versioning",
    "S3 bucket without versioning",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:CC7.2", "soc2:A1.2"],
    "An `AWS::S3::Bucket` has no `VersioningConfiguration` with `Status: Enabled` (buckets are \
     unversioned by default), or versioning is `Suspended`. Without versions an overwrite or \
     delete (by mistake, by ransomware or by an insider) destroys the only copy, which defeats \
     the recovery and integrity evidence an auditor asks for.",
    "```yaml\nVersioningConfiguration:\n  Status: Enabled\n```",
    &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
);

pub static S3_VERSIONING: IacRule = IacRule {
    rule: &S3_VERSIONING_RULE,
    format: Format::CloudFormation,
    kinds: BUCKET,
    check: |_, r| match property(r, &["VersioningConfiguration", "Status"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: versioning is not enabled (`VersioningConfiguration.Status` is not set)",
                r.address
            ),
        ),
        Attr::Known(node) => match node.as_str() {
            Some(status) if status != "Enabled" => hit(
                node.span,
                format!(
                    "{}: versioning status is `{status}`, not Enabled",
                    r.address
                ),
            ),
            _ => Vec::new(),
        },
        Attr::Unknown => Vec::new(),
    },
};

static S3_ACCESS_LOGGING_RULE: Rule = doc(
    "iac.cloudformation.s3-access-logging",
    "S3 bucket without server access logging",
    Severity::Low,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2"],
    "An `AWS::S3::Bucket` has no `LoggingConfiguration`. Without server access logs there is no \
     record of who read or changed which object, so access to stored data cannot be \
     reconstructed after an incident (PCI DSS 10.2.1). Buckets that receive another bucket's \
     access logs in the same template are not reported.",
    "Send access logs to a dedicated log bucket:\n\n```yaml\nLoggingConfiguration:\n  \
     DestinationBucketName: !Ref AccessLogsBucket\n  LogFilePrefix: s3/data/\n```\n(or enable \
     CloudTrail S3 data events for the bucket).",
    &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
);

pub static S3_ACCESS_LOGGING: IacRule = IacRule {
    rule: &S3_ACCESS_LOGGING_RULE,
    format: Format::CloudFormation,
    kinds: BUCKET,
    check: check_logging,
};

fn check_logging(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if !matches!(property(resource, &["LoggingConfiguration"]), Attr::Missing) {
        return Vec::new();
    }
    // A log destination bucket does not log into itself.
    let id = logical_id(resource);
    let is_log_target = context.document.resources.iter().any(|r| {
        r.kind == "AWS::S3::Bucket"
            && r.body
                .at(&[
                    "Properties",
                    "LoggingConfiguration",
                    "DestinationBucketName",
                ])
                .is_some_and(|n| refers_to(n, id))
    });
    if is_log_target {
        return Vec::new();
    }
    hit(
        resource.span,
        format!("{}: `LoggingConfiguration` is not set", resource.address),
    )
}

static S3_PUBLIC_POLICY_RULE: Rule = doc(
    "iac.cloudformation.s3-public-bucket-policy",
    "S3 bucket policy allows everyone without a condition",
    Severity::Critical,
    &["CWE-732"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    "An `AWS::S3::BucketPolicy` has an `Allow` statement for `Principal: \"*\"` (or \
     `Principal: {AWS: \"*\"}`) with no `Condition`. Every person and every AWS account on the \
     internet gets the listed actions on the bucket — typically read access to its objects. \
     Unless the bucket deliberately hosts public content, this is a data breach waiting to be \
     found by a scanner.",
    "Grant access to named principals, or keep `*` only with a condition that limits it to your \
     organisation or network:\n\n```yaml\n- Effect: Allow\n  Principal: '*'\n  Action: \
     s3:GetObject\n  Resource: !Sub '${DataBucket.Arn}/*'\n  Condition:\n    StringEquals:\n      \
     aws:PrincipalOrgID: o-exampleorgid\n```",
    &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html"],
);

pub static S3_PUBLIC_POLICY: IacRule = IacRule {
    rule: &S3_PUBLIC_POLICY_RULE,
    format: Format::CloudFormation,
    kinds: &[BUCKET_POLICY],
    check: |_, r| {
        statements(property(r, &["PolicyDocument"]))
            .unwrap_or_default()
            .iter()
            .filter(|s| s.public_without_condition())
            .flat_map(|s| {
                hit(
                    s.span,
                    format!(
                        "{}: statement allows Principal \"*\" without a condition",
                        r.address
                    ),
                )
            })
            .collect()
    },
};

static S3_SECURE_TRANSPORT_RULE: Rule = doc(
    "iac.cloudformation.s3-secure-transport",
    "S3 bucket does not require TLS",
    Severity::Medium,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `AWS::S3::Bucket` has no `AWS::S3::BucketPolicy` in the template, or its bucket policy \
     has no `Deny` statement for requests where `aws:SecureTransport` is false. S3 endpoints \
     accept plain HTTP, so a misconfigured client or SDK can send and receive objects — and its \
     request signatures — unencrypted; PCI DSS 4.2.1 requires strong cryptography for data in \
     transit.",
    "Deny every request that does not use TLS:\n\n```yaml\nDataBucketPolicy:\n  Type: \
     AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref DataBucket\n    PolicyDocument:\n      \
     Statement:\n        - Effect: Deny\n          Principal: '*'\n          Action: 's3:*'\n          \
     Resource:\n            - !GetAtt DataBucket.Arn\n            - !Sub '${DataBucket.Arn}/*'\n          \
     Condition:\n            Bool:\n              aws:SecureTransport: false\n```",
    &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit"],
);

pub static S3_SECURE_TRANSPORT: IacRule = IacRule {
    rule: &S3_SECURE_TRANSPORT_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::S3::Bucket", BUCKET_POLICY],
    check: check_secure_transport,
};

fn check_secure_transport(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if resource.kind == BUCKET_POLICY {
        let document = property(resource, &["PolicyDocument"]);
        let span = match document {
            Attr::Known(node) => node.span,
            _ => return Vec::new(),
        };
        return match statements(document) {
            Some(list) if !list.iter().any(Statement::denies_insecure_transport) => hit(
                span,
                format!(
                    "{}: no statement denies requests without TLS (`aws:SecureTransport`)",
                    resource.address
                ),
            ),
            _ => Vec::new(),
        };
    }
    // A bucket is covered by a policy that refers to it, or names it by its literal name.
    let name = text(property(resource, &["BucketName"])).map(|(n, _)| n);
    let named = context.document.resources.iter().any(|r| {
        r.kind == BUCKET_POLICY
            && name.is_some()
            && text(property(r, &["Bucket"])).map(|(n, _)| n) == name
    });
    if named || !attached(context, resource, &[BUCKET_POLICY]).is_empty() {
        return Vec::new();
    }
    hit(
        resource.span,
        format!(
            "{}: no bucket policy in the template denies requests without TLS",
            resource.address
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cloudformation::testing::{run, template};

    const BARE: &str = "  Data:\n    Type: AWS::S3::Bucket\n";

    #[test]
    fn encryption() {
        assert_eq!(run(&S3_ENCRYPTION, &template(BARE)), (1, Some(4)));
        let ok = "  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        \
                  ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              \
                  SSEAlgorithm: aws:kms\n";
        assert_eq!(run(&S3_ENCRYPTION, &template(ok)), (0, None));
    }

    #[test]
    fn public_acl() {
        let bad = "  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n";
        assert_eq!(run(&S3_PUBLIC_ACL, &template(bad)), (1, Some(6)));
        let ok =
            "  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: Private\n";
        assert_eq!(run(&S3_PUBLIC_ACL, &template(ok)), (0, None));
        let unknown =
            "  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: !Ref Acl\n";
        assert_eq!(run(&S3_PUBLIC_ACL, &template(unknown)), (0, None));
    }

    #[test]
    fn public_access_block() {
        let bad = "  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      \
                   PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        \
                   BlockPublicPolicy: 'false'\n";
        // One hit for the false flag, one for the two missing ones.
        assert_eq!(run(&S3_PUBLIC_ACCESS_BLOCK, &template(bad)), (2, Some(8)));
        let ok = "  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      \
                  PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        \
                  BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        \
                  RestrictPublicBuckets: true\n";
        assert_eq!(run(&S3_PUBLIC_ACCESS_BLOCK, &template(ok)), (0, None));
        assert_eq!(run(&S3_PUBLIC_ACCESS_BLOCK, &template(BARE)), (0, None));
    }

    #[test]
    fn versioning() {
        assert_eq!(run(&S3_VERSIONING, &template(BARE)), (1, Some(4)));
        let suspended = "  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      \
                         VersioningConfiguration:\n        Status: Suspended\n";
        assert_eq!(run(&S3_VERSIONING, &template(suspended)), (1, Some(7)));
        let ok = suspended.replace("Suspended", "Enabled");
        assert_eq!(run(&S3_VERSIONING, &template(&ok)), (0, None));
    }

    #[test]
    fn access_logging() {
        let text = "  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      \
                    LoggingConfiguration:\n        DestinationBucketName: !Ref Logs\n  \
                    Logs:\n    Type: AWS::S3::Bucket\n  Other:\n    Type: AWS::S3::Bucket\n";
        // `Data` logs, `Logs` receives logs, `Other` does neither.
        assert_eq!(run(&S3_ACCESS_LOGGING, &template(text)), (1, Some(11)));
    }

    const POLICY_OPEN: &str = "  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      \
        Bucket: !Ref Data\n      PolicyDocument:\n        Statement:\n          \
        - Effect: Allow\n            Principal: '*'\n            Action: s3:GetObject\n            \
        Resource: !Sub '${Data.Arn}/*'\n";
    const POLICY_TLS: &str = "  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      \
        Bucket: !Ref Data\n      PolicyDocument:\n        Statement:\n          \
        - Effect: Deny\n            Principal: '*'\n            Action: 's3:*'\n            \
        Resource: !Sub '${Data.Arn}/*'\n            Condition:\n              Bool:\n                \
        aws:SecureTransport: false\n";

    #[test]
    fn public_policy() {
        let bad = template(&format!("{BARE}{POLICY_OPEN}"));
        assert_eq!(run(&S3_PUBLIC_POLICY, &bad), (1, Some(11)));
        let ok = template(&format!("{BARE}{POLICY_TLS}"));
        assert_eq!(run(&S3_PUBLIC_POLICY, &ok), (0, None));
    }

    #[test]
    fn secure_transport() {
        // No policy: the bucket is reported.
        assert_eq!(run(&S3_SECURE_TRANSPORT, &template(BARE)), (1, Some(4)));
        // A policy without the deny: the policy document is reported, not the bucket.
        let open = template(&format!("{BARE}{POLICY_OPEN}"));
        assert_eq!(run(&S3_SECURE_TRANSPORT, &open), (1, Some(10)));
        let ok = template(&format!("{BARE}{POLICY_TLS}"));
        assert_eq!(run(&S3_SECURE_TRANSPORT, &ok), (0, None));
        let named = template(
            "  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n  \
             Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: acme-data\n      \
             PolicyDocument: !Ref Doc\n",
        );
        assert_eq!(run(&S3_SECURE_TRANSPORT, &named), (0, None));
    }
}
