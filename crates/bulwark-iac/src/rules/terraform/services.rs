//! Managed services: ECR, OpenSearch/Elasticsearch, Redshift.

use super::{Attr, doc, hit, lookup, require_true, truthy};
use crate::model::Format;
use crate::rules::IacRule;
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &ECR_SCAN_ON_PUSH,
        &ECR_IMMUTABLE_TAGS,
        &SEARCH_ENCRYPTION_AT_REST,
        &SEARCH_NODE_TO_NODE,
        &SEARCH_PUBLIC,
        &SEARCH_PUBLIC_PLAN,
        &REDSHIFT_ENCRYPTION,
        &REDSHIFT_PUBLIC,
        &REDSHIFT_PUBLIC_PLAN,
    ]
}

const SEARCH_KINDS: &[&str] = &["aws_opensearch_domain", "aws_elasticsearch_domain"];

static ECR_SCAN_ON_PUSH_RULE: Rule = doc(
    "iac.aws.ecr-scan-on-push",
    "ECR repository does not scan images on push",
    Severity::Low,
    &["CWE-1104"],
    &["A06:2021"],
    &["pci-dss-4.0.1:6.3.3", "pci-dss-4.0.1:11.3.1"],
    "An `aws_ecr_repository` has no `image_scanning_configuration { scan_on_push = true }` and the \
     file declares no `aws_ecr_registry_scanning_configuration`, so images with known-vulnerable \
     packages are pushed and deployed without anyone being told (PCI DSS 6.3.3 / 11.3.1).",
    "```hcl\nimage_scanning_configuration {\n  scan_on_push = true\n}\n```\nor enable enhanced \
     scanning for the registry with `aws_ecr_registry_scanning_configuration`.",
    &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html"],
);

pub static ECR_SCAN_ON_PUSH: IacRule = IacRule {
    rule: &ECR_SCAN_ON_PUSH_RULE,
    format: Format::Terraform,
    kinds: &["aws_ecr_repository"],
    check: |context, r| {
        if context
            .resources()
            .any(|x| x.kind == "aws_ecr_registry_scanning_configuration")
        {
            return Vec::new();
        }
        require_true(
            r,
            &["image_scanning_configuration", "scan_on_push"],
            "scan on push",
        )
    },
};

static ECR_IMMUTABLE_TAGS_RULE: Rule = doc(
    "iac.aws.ecr-immutable-tags",
    "ECR repository allows image tags to be overwritten",
    Severity::Medium,
    &["CWE-494"],
    &["A08:2021"],
    &["nist-ssdf:PS.2.1", "soc2:CC8.1"],
    "`image_tag_mutability` is unset or `MUTABLE`, so anyone allowed to push can replace the \
     image behind an already reviewed and deployed tag such as `v1.4.2` — the change reaches \
     production without passing through change control.",
    "Set `image_tag_mutability = \"IMMUTABLE\"` and deploy by digest where possible.",
    &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"],
);

pub static ECR_IMMUTABLE_TAGS: IacRule = IacRule {
    rule: &ECR_IMMUTABLE_TAGS_RULE,
    format: Format::Terraform,
    kinds: &["aws_ecr_repository"],
    check: |_, r| match lookup(&r.body, &["image_tag_mutability"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: `image_tag_mutability` is not set (tags are mutable)",
                r.address
            ),
        ),
        Attr::Known(node) if node.as_str().is_some_and(|s| s.starts_with("MUTABLE")) => {
            hit(node.span, format!("{}: image tags are mutable", r.address))
        }
        _ => Vec::new(),
    },
};

static SEARCH_ENCRYPTION_AT_REST_RULE: Rule = doc(
    "iac.aws.opensearch-encryption-at-rest",
    "OpenSearch/Elasticsearch domain not encrypted at rest",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `aws_opensearch_domain` or `aws_elasticsearch_domain` has no `encrypt_at_rest { enabled \
     = true }`. Indices, logs, swap and automated snapshots are then stored unencrypted — search \
     clusters commonly hold copies of customer and transaction records.",
    "```hcl\nencrypt_at_rest {\n  enabled    = true\n  kms_key_id = aws_kms_key.search.arn\n}\n```",
    &[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
    ],
);

pub static SEARCH_ENCRYPTION_AT_REST: IacRule = IacRule {
    rule: &SEARCH_ENCRYPTION_AT_REST_RULE,
    format: Format::Terraform,
    kinds: SEARCH_KINDS,
    check: |_, r| require_true(r, &["encrypt_at_rest", "enabled"], "encryption at rest"),
};

static SEARCH_NODE_TO_NODE_RULE: Rule = doc(
    "iac.aws.opensearch-node-to-node-encryption",
    "OpenSearch/Elasticsearch node-to-node traffic not encrypted",
    Severity::Medium,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "`node_to_node_encryption { enabled = true }` is missing or false, so data replicated between \
     the domain's nodes crosses the VPC in clear.",
    "```hcl\nnode_to_node_encryption {\n  enabled = true\n}\ndomain_endpoint_options {\n  \
     enforce_https       = true\n  tls_security_policy = \"Policy-Min-TLS-1-2-2019-07\"\n}\n```",
    &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html"],
);

pub static SEARCH_NODE_TO_NODE: IacRule = IacRule {
    rule: &SEARCH_NODE_TO_NODE_RULE,
    format: Format::Terraform,
    kinds: SEARCH_KINDS,
    check: |_, r| {
        require_true(
            r,
            &["node_to_node_encryption", "enabled"],
            "node-to-node encryption",
        )
    },
};

static SEARCH_PUBLIC_RULE: Rule = doc(
    "iac.aws.opensearch-public",
    "OpenSearch/Elasticsearch domain has a public endpoint",
    Severity::High,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `aws_opensearch_domain` or `aws_elasticsearch_domain` has no `vpc_options`, so AWS gives \
     it an internet-facing endpoint protected only by its access policy and, if enabled, \
     fine-grained access control. A permissive or mistaken access policy then exposes every \
     index to the internet — the cause of many public leaks of search clusters. A domain's \
     network mode cannot be changed after creation.",
    "Create the domain inside the VPC:\n\n```hcl\nvpc_options {\n  subnet_ids         = \
     aws_subnet.private[*].id\n  security_group_ids = [aws_security_group.search.id]\n}\n```",
    &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html"],
);

pub static SEARCH_PUBLIC: IacRule = IacRule {
    rule: &SEARCH_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: SEARCH_KINDS,
    check: |_, r| match lookup(&r.body, &["vpc_options"]) {
        Attr::Missing => hit(
            r.span,
            format!("{}: no `vpc_options`, the endpoint is public", r.address),
        ),
        Attr::Known(node) if node.as_array().is_some_and(<[_]>::is_empty) => hit(
            r.span,
            format!("{}: no `vpc_options`, the endpoint is public", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static SEARCH_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SEARCH_PUBLIC
};

static REDSHIFT_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.redshift-encryption",
    "Redshift cluster not encrypted",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `aws_redshift_cluster` sets `encrypted = false` or leaves it unset (older provider \
     versions and clusters default to unencrypted). A data warehouse aggregates the most \
     sensitive data a bank holds; its blocks and snapshots must be encrypted.",
    "Set `encrypted = true` and `kms_key_id = aws_kms_key.redshift.arn`.",
    &["https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html"],
);

pub static REDSHIFT_ENCRYPTION: IacRule = IacRule {
    rule: &REDSHIFT_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_redshift_cluster"],
    check: |_, r| require_true(r, &["encrypted"], "encryption"),
};

static REDSHIFT_PUBLIC_RULE: Rule = doc(
    "iac.aws.redshift-publicly-accessible",
    "Redshift cluster publicly accessible",
    Severity::Critical,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `aws_redshift_cluster` sets `publicly_accessible = true`: the warehouse endpoint gets a \
     public address and only its security group protects it from the internet.",
    "Set `publicly_accessible = false` and reach the cluster from private subnets, a VPN or \
     Redshift-managed VPC endpoints.",
    &["https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html"],
);

pub static REDSHIFT_PUBLIC: IacRule = IacRule {
    rule: &REDSHIFT_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &["aws_redshift_cluster"],
    check: |_, r| match lookup(&r.body, &["publicly_accessible"]) {
        Attr::Known(node) if truthy(node) == Some(true) => hit(
            node.span,
            format!("{}: cluster is publicly accessible", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static REDSHIFT_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..REDSHIFT_PUBLIC
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn ecr() {
        let bare = "resource \"aws_ecr_repository\" \"r\" {\n  name = \"r\"\n}\n";
        assert_eq!(run(&ECR_SCAN_ON_PUSH, bare), (1, Some(1)));
        assert_eq!(run(&ECR_IMMUTABLE_TAGS, bare), (1, Some(1)));
        let ok = r#"resource "aws_ecr_repository" "r" {
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}
"#;
        assert_eq!(run(&ECR_SCAN_ON_PUSH, ok), (0, None));
        assert_eq!(run(&ECR_IMMUTABLE_TAGS, ok), (0, None));
        let mutable =
            "resource \"aws_ecr_repository\" \"r\" {\n  image_tag_mutability = \"MUTABLE\"\n}\n";
        assert_eq!(run(&ECR_IMMUTABLE_TAGS, mutable), (1, Some(2)));
    }

    #[test]
    fn search_domains() {
        let bare = "resource \"aws_opensearch_domain\" \"d\" {\n  domain_name = \"d\"\n}\n";
        assert_eq!(run(&SEARCH_ENCRYPTION_AT_REST, bare), (1, Some(1)));
        assert_eq!(run(&SEARCH_NODE_TO_NODE, bare), (1, Some(1)));
        let ok = r#"resource "aws_elasticsearch_domain" "d" {
  encrypt_at_rest {
    enabled = true
  }
  node_to_node_encryption {
    enabled = true
  }
}
"#;
        assert_eq!(run(&SEARCH_ENCRYPTION_AT_REST, ok), (0, None));
        assert_eq!(run(&SEARCH_NODE_TO_NODE, ok), (0, None));
        assert_eq!(run(&SEARCH_PUBLIC, bare), (1, Some(1)));
        let private = "resource \"aws_opensearch_domain\" \"d\" {\n  vpc_options {\n    subnet_ids = [aws_subnet.a.id]\n  }\n}\n";
        assert_eq!(run(&SEARCH_PUBLIC, private), (0, None));
    }

    #[test]
    fn redshift() {
        let bad = "resource \"aws_redshift_cluster\" \"c\" {\n  encrypted = false\n  publicly_accessible = true\n}\n";
        assert_eq!(run(&REDSHIFT_ENCRYPTION, bad), (1, Some(2)));
        assert_eq!(run(&REDSHIFT_PUBLIC, bad), (1, Some(3)));
        let ok = "resource \"aws_redshift_cluster\" \"c\" {\n  encrypted = true\n  publicly_accessible = false\n}\n";
        assert_eq!(run(&REDSHIFT_ENCRYPTION, ok), (0, None));
        assert_eq!(run(&REDSHIFT_PUBLIC, ok), (0, None));
    }
}
