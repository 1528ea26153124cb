//! Managed services: Lambda, ECR, EKS, OpenSearch/Elasticsearch, Redshift.

use super::{Attr, doc, hit, property, require_true, truthy};
use crate::model::{Format, Resource, Value};
use crate::rules::terraform::compute::looks_secret;
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &LAMBDA_ENV_SECRETS,
        &ECR_SCAN_ON_PUSH,
        &ECR_IMMUTABLE_TAGS,
        &EKS_PUBLIC_ENDPOINT,
        &SEARCH_ENCRYPTION_AT_REST,
        &SEARCH_NODE_TO_NODE,
        &REDSHIFT_ENCRYPTION,
        &REDSHIFT_PUBLIC,
    ]
}

const SEARCH_KINDS: &[&str] = &[
    "AWS::OpenSearchService::Domain",
    "AWS::Elasticsearch::Domain",
];
const ECR: &[&str] = &["AWS::ECR::Repository"];
const REDSHIFT: &[&str] = &["AWS::Redshift::Cluster"];

static LAMBDA_ENV_SECRETS_RULE: Rule = doc(
    "iac.cloudformation.lambda-env-secrets",
    "Lambda environment secret not protected by a customer managed KMS key",
    Severity::High,
    &["CWE-312"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:8.3.2", "soc2:CC6.1"],
    "An `AWS::Lambda::Function` (or SAM `AWS::Serverless::Function`) puts a literal value in a \
     variable named like a secret (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, \
     `*PRIVATE_KEY*`) under `Environment.Variables` with no `KmsKeyArn`. The value sits in the \
     template, in the stack's history and in the function configuration, readable by anyone \
     with `lambda:GetFunctionConfiguration`; without a customer managed key there is no key \
     policy restricting who can decrypt it.",
    "Store the secret in AWS Secrets Manager and pass only its ARN, reading it at run time; if it \
     must be an environment variable, encrypt it with a key you control:\n\n```yaml\n\
     KmsKeyArn: !GetAtt FunctionKey.Arn\nEnvironment:\n  Variables:\n    DB_SECRET_ARN: !Ref \
     DatabaseSecret\n```",
    &["https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html"],
);

pub static LAMBDA_ENV_SECRETS: IacRule = IacRule {
    rule: &LAMBDA_ENV_SECRETS_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::Lambda::Function", "AWS::Serverless::Function"],
    check: check_lambda,
};

fn check_lambda(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if !matches!(property(resource, &["KmsKeyArn"]), Attr::Missing) {
        return Vec::new();
    }
    let Attr::Known(vars) = property(resource, &["Environment", "Variables"]) else {
        return Vec::new();
    };
    let Value::Object(entries) = &vars.value else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|(name, _, value)| {
            looks_secret(name) && value.as_str().is_some_and(|v| !v.is_empty())
        })
        .flat_map(|(name, _, value)| {
            hit(
                value.span,
                format!(
                    "{}: secret-like variable `{name}` without a customer managed KMS key",
                    resource.address
                ),
            )
        })
        .collect()
}

static ECR_SCAN_ON_PUSH_RULE: Rule = doc(
    "iac.cloudformation.ecr-scan-on-push",
    "ECR repository does not scan images on push",
    Severity::Low,
    &["CWE-1104"],
    &["A06:2021"],
    &["pci-dss-4.0.1:6.3.3", "pci-dss-4.0.1:11.3.1"],
    "An `AWS::ECR::Repository` has no `ImageScanningConfiguration` with `ScanOnPush: true` and \
     the template declares no `AWS::ECR::RegistryScanningConfiguration`, so images with \
     known-vulnerable packages are pushed and deployed without anyone being told (PCI DSS \
     6.3.3 / 11.3.1).",
    "```yaml\nImageScanningConfiguration:\n  ScanOnPush: true\n```\nor enable enhanced scanning \
     for the registry with `AWS::ECR::RegistryScanningConfiguration`.",
    &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html"],
);

pub static ECR_SCAN_ON_PUSH: IacRule = IacRule {
    rule: &ECR_SCAN_ON_PUSH_RULE,
    format: Format::CloudFormation,
    kinds: ECR,
    check: |context, r| {
        if context
            .document
            .resources
            .iter()
            .any(|x| x.kind == "AWS::ECR::RegistryScanningConfiguration")
        {
            return Vec::new();
        }
        require_true(
            r,
            &["ImageScanningConfiguration", "ScanOnPush"],
            "scan on push",
        )
    },
};

static ECR_IMMUTABLE_TAGS_RULE: Rule = doc(
    "iac.cloudformation.ecr-immutable-tags",
    "ECR repository allows image tags to be overwritten",
    Severity::Medium,
    &["CWE-494"],
    &["A08:2021"],
    &["nist-ssdf:PS.2.1", "soc2:CC8.1"],
    "An `AWS::ECR::Repository` leaves `ImageTagMutability` unset or `MUTABLE`, so anyone \
     allowed to push can replace the image behind an already reviewed and deployed tag such as \
     `v1.4.2` — the change reaches production without passing through change control.",
    "```yaml\nImageTagMutability: IMMUTABLE\n```\nand deploy by digest where possible.",
    &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"],
);

pub static ECR_IMMUTABLE_TAGS: IacRule = IacRule {
    rule: &ECR_IMMUTABLE_TAGS_RULE,
    format: Format::CloudFormation,
    kinds: ECR,
    check: |_, r| match property(r, &["ImageTagMutability"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: `ImageTagMutability` is not set (tags are mutable)",
                r.address
            ),
        ),
        Attr::Known(node) if node.as_str().is_some_and(|s| s.starts_with("MUTABLE")) => {
            hit(node.span, format!("{}: image tags are mutable", r.address))
        }
        _ => Vec::new(),
    },
};

static EKS_PUBLIC_ENDPOINT_RULE: Rule = doc(
    "iac.cloudformation.eks-public-endpoint",
    "EKS API endpoint open to the internet",
    Severity::High,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "soc2:CC6.6"],
    "An `AWS::EKS::Cluster` leaves `ResourcesVpcConfig.EndpointPublicAccess` at its default \
     `true` without narrowing `PublicAccessCidrs` (default `0.0.0.0/0`), so the Kubernetes API \
     server — the control plane of every workload — is reachable from anywhere.",
    "Make the endpoint private, or restrict it to your corporate egress ranges:\n\n```yaml\n\
     ResourcesVpcConfig:\n  SubnetIds: !Ref PrivateSubnets\n  EndpointPrivateAccess: true\n  \
     EndpointPublicAccess: false\n```",
    &["https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html"],
);

pub static EKS_PUBLIC_ENDPOINT: IacRule = IacRule {
    rule: &EKS_PUBLIC_ENDPOINT_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::EKS::Cluster"],
    check: check_eks,
};

fn check_eks(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    const CONFIG: &str = "ResourcesVpcConfig";
    let span = match property(resource, &[CONFIG, "EndpointPublicAccess"]) {
        Attr::Known(node) => match truthy(node) {
            Some(true) => node.span,
            _ => return Vec::new(),
        },
        Attr::Missing => resource.span,
        Attr::Unknown => return Vec::new(),
    };
    match property(resource, &[CONFIG, "PublicAccessCidrs"]) {
        Attr::Unknown => return Vec::new(),
        Attr::Known(node) => {
            let open = node
                .as_array()
                .is_some_and(|list| list.iter().any(|n| n.as_str() == Some("0.0.0.0/0")));
            if !open {
                return Vec::new();
            }
        }
        Attr::Missing => {}
    }
    hit(
        span,
        format!(
            "{}: the EKS API endpoint is public and open to 0.0.0.0/0",
            resource.address
        ),
    )
}

static SEARCH_ENCRYPTION_AT_REST_RULE: Rule = doc(
    "iac.cloudformation.opensearch-encryption-at-rest",
    "OpenSearch/Elasticsearch domain not encrypted at rest",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `AWS::OpenSearchService::Domain` or `AWS::Elasticsearch::Domain` has no \
     `EncryptionAtRestOptions` with `Enabled: true`. Indices, logs, swap and automated \
     snapshots are then stored unencrypted — search clusters commonly hold copies of customer \
     and transaction records.",
    "```yaml\nEncryptionAtRestOptions:\n  Enabled: true\n  KmsKeyId: !Ref SearchKey\n```",
    &[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
    ],
);

pub static SEARCH_ENCRYPTION_AT_REST: IacRule = IacRule {
    rule: &SEARCH_ENCRYPTION_AT_REST_RULE,
    format: Format::CloudFormation,
    kinds: SEARCH_KINDS,
    check: |_, r| {
        require_true(
            r,
            &["EncryptionAtRestOptions", "Enabled"],
            "encryption at rest",
        )
    },
};

static SEARCH_NODE_TO_NODE_RULE: Rule = doc(
    "iac.cloudformation.opensearch-node-to-node-encryption",
    "OpenSearch/Elasticsearch node-to-node traffic not encrypted",
    Severity::Medium,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An OpenSearch or Elasticsearch domain has no `NodeToNodeEncryptionOptions` with `Enabled: \
     true`, so data replicated between the domain's nodes crosses the VPC in clear.",
    "```yaml\nNodeToNodeEncryptionOptions:\n  Enabled: true\nDomainEndpointOptions:\n  \
     EnforceHTTPS: true\n  TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07\n```",
    &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html"],
);

pub static SEARCH_NODE_TO_NODE: IacRule = IacRule {
    rule: &SEARCH_NODE_TO_NODE_RULE,
    format: Format::CloudFormation,
    kinds: SEARCH_KINDS,
    check: |_, r| {
        require_true(
            r,
            &["NodeToNodeEncryptionOptions", "Enabled"],
            "node-to-node encryption",
        )
    },
};

static REDSHIFT_ENCRYPTION_RULE: Rule = doc(
    "iac.cloudformation.redshift-encryption",
    "Redshift cluster not encrypted",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `AWS::Redshift::Cluster` sets `Encrypted: false` or leaves it unset, so whether the \
     warehouse is encrypted depends on the API's default at creation time rather than on \
     reviewed code (older clusters were created unencrypted). A data warehouse aggregates the \
     most sensitive data a bank holds; its blocks and snapshots must be encrypted with a key \
     whose use is audited.",
    "```yaml\nEncrypted: true\nKmsKeyId: !Ref WarehouseKey\n```",
    &["https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html"],
);

pub static REDSHIFT_ENCRYPTION: IacRule = IacRule {
    rule: &REDSHIFT_ENCRYPTION_RULE,
    format: Format::CloudFormation,
    kinds: REDSHIFT,
    check: |_, r| require_true(r, &["Encrypted"], "encryption"),
};

static REDSHIFT_PUBLIC_RULE: Rule = doc(
    "iac.cloudformation.redshift-publicly-accessible",
    "Redshift cluster publicly accessible",
    Severity::Critical,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `AWS::Redshift::Cluster` sets `PubliclyAccessible: true`: the warehouse endpoint gets a \
     public address and only its security group protects it from the internet.",
    "Keep the cluster private and reach it from private subnets, a VPN or Redshift-managed VPC \
     endpoints:\n\n```yaml\nPubliclyAccessible: false\nClusterSubnetGroupName: !Ref \
     PrivateSubnets\n```",
    &["https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html"],
);

pub static REDSHIFT_PUBLIC: IacRule = IacRule {
    rule: &REDSHIFT_PUBLIC_RULE,
    format: Format::CloudFormation,
    kinds: REDSHIFT,
    check: |_, r| match property(r, &["PubliclyAccessible"]) {
        Attr::Known(node) if truthy(node) == Some(true) => hit(
            node.span,
            format!("{}: cluster is publicly accessible", r.address),
        ),
        _ => Vec::new(),
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cloudformation::testing::{run, template};

    #[test]
    fn lambda() {
        let bad = template(
            "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        \
             Variables:\n          STAGE: prod\n          \
             DB_PASSWORD: hunter2 # bulwark:ignore secrets.generic-password -- fake value in a rule test\n          \
             DB_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:1:secret:x\n          \
             API_TOKEN: !Ref Token\n",
        );
        assert_eq!(run(&LAMBDA_ENV_SECRETS, &bad), (1, Some(9)));
        let with_key = bad.replace(
            "      Environment:",
            "      KmsKeyArn: !Ref Key\n      Environment:",
        );
        assert_eq!(run(&LAMBDA_ENV_SECRETS, &with_key), (0, None));
        let sam = bad.replace("AWS::Lambda::Function", "AWS::Serverless::Function");
        assert_eq!(run(&LAMBDA_ENV_SECRETS, &sam), (1, Some(9)));
    }

    #[test]
    fn ecr() {
        let bare = template("  R:\n    Type: AWS::ECR::Repository\n");
        assert_eq!(run(&ECR_SCAN_ON_PUSH, &bare), (1, Some(4)));
        assert_eq!(run(&ECR_IMMUTABLE_TAGS, &bare), (1, Some(4)));
        let ok = template(
            "  R:\n    Type: AWS::ECR::Repository\n    Properties:\n      ImageTagMutability: IMMUTABLE\n      \
             ImageScanningConfiguration:\n        ScanOnPush: true\n",
        );
        assert_eq!(run(&ECR_SCAN_ON_PUSH, &ok), (0, None));
        assert_eq!(run(&ECR_IMMUTABLE_TAGS, &ok), (0, None));
        let mutable = template(
            "  R:\n    Type: AWS::ECR::Repository\n    Properties:\n      ImageTagMutability: MUTABLE\n  \
             Scanning:\n    Type: AWS::ECR::RegistryScanningConfiguration\n",
        );
        assert_eq!(run(&ECR_IMMUTABLE_TAGS, &mutable), (1, Some(6)));
        assert_eq!(run(&ECR_SCAN_ON_PUSH, &mutable), (0, None));
    }

    #[test]
    fn eks() {
        let bad = template(
            "  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      ResourcesVpcConfig:\n        \
             SubnetIds: [a, b]\n",
        );
        assert_eq!(run(&EKS_PUBLIC_ENDPOINT, &bad), (1, Some(4)));
        let private = bad.replace("SubnetIds: [a, b]", "EndpointPublicAccess: false");
        assert_eq!(run(&EKS_PUBLIC_ENDPOINT, &private), (0, None));
        let narrowed = bad.replace(
            "SubnetIds: [a, b]",
            "EndpointPublicAccess: true\n        PublicAccessCidrs: [203.0.113.0/24]",
        );
        assert_eq!(run(&EKS_PUBLIC_ENDPOINT, &narrowed), (0, None));
    }

    #[test]
    fn search_domains() {
        let bare = template("  D:\n    Type: AWS::OpenSearchService::Domain\n");
        assert_eq!(run(&SEARCH_ENCRYPTION_AT_REST, &bare), (1, Some(4)));
        assert_eq!(run(&SEARCH_NODE_TO_NODE, &bare), (1, Some(4)));
        let ok = template(
            "  D:\n    Type: AWS::Elasticsearch::Domain\n    Properties:\n      EncryptionAtRestOptions:\n        \
             Enabled: true\n      NodeToNodeEncryptionOptions:\n        Enabled: true\n",
        );
        assert_eq!(run(&SEARCH_ENCRYPTION_AT_REST, &ok), (0, None));
        assert_eq!(run(&SEARCH_NODE_TO_NODE, &ok), (0, None));
    }

    #[test]
    fn redshift() {
        let bad = template(
            "  W:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      Encrypted: false\n      \
             PubliclyAccessible: true\n",
        );
        assert_eq!(run(&REDSHIFT_ENCRYPTION, &bad), (1, Some(6)));
        assert_eq!(run(&REDSHIFT_PUBLIC, &bad), (1, Some(7)));
        let ok = bad
            .replace("false", "true")
            .replace("PubliclyAccessible: true", "PubliclyAccessible: false");
        assert_eq!(run(&REDSHIFT_ENCRYPTION, &ok), (0, None));
        assert_eq!(run(&REDSHIFT_PUBLIC, &ok), (0, None));
    }
}
