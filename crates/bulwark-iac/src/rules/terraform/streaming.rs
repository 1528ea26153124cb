//! Streaming: MSK (Kafka) encryption in transit and public brokers, Kinesis stream encryption.

use super::{Attr, doc, hit, lookup, truthy};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &MSK_TRANSIT,
        &MSK_TRANSIT_PLAN,
        &MSK_PUBLIC,
        &MSK_PUBLIC_PLAN,
        &KINESIS_ENCRYPTION,
        &KINESIS_ENCRYPTION_PLAN,
    ]
}

static MSK_TRANSIT_RULE: Rule = doc(
    "iac.aws.msk-encryption-in-transit",
    "MSK cluster accepts plaintext Kafka traffic",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `aws_msk_cluster` sets `encryption_info.encryption_in_transit.client_broker` to \
     `PLAINTEXT` or `TLS_PLAINTEXT`, or `in_cluster = false`. Producers and consumers — or the \
     brokers replicating among themselves — then exchange messages in clear; event streams in a \
     bank typically carry payments, card events and customer updates.",
    "```hcl\nencryption_info {\n  encryption_in_transit {\n    client_broker = \"TLS\"\n    \
     in_cluster    = true\n  }\n}\n```",
    &["https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html"],
);

pub static MSK_TRANSIT: IacRule = IacRule {
    rule: &MSK_TRANSIT_RULE,
    format: Format::Terraform,
    kinds: &["aws_msk_cluster"],
    check: check_msk_transit,
};

pub static MSK_TRANSIT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..MSK_TRANSIT
};

fn check_msk_transit(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let path = |key| ["encryption_info", "encryption_in_transit", key];
    let mut out = Vec::new();
    if let Attr::Known(node) = lookup(&resource.body, &path("client_broker"))
        && let Some(mode @ ("PLAINTEXT" | "TLS_PLAINTEXT")) = node.as_str()
    {
        out.extend(hit(
            node.span,
            format!(
                "{}: clients may connect to brokers in plaintext (`{mode}`)",
                resource.address
            ),
        ));
    }
    if let Attr::Known(node) = lookup(&resource.body, &path("in_cluster"))
        && truthy(node) == Some(false)
    {
        out.extend(hit(
            node.span,
            format!(
                "{}: traffic between brokers is not encrypted",
                resource.address
            ),
        ));
    }
    out
}

static MSK_PUBLIC_RULE: Rule = doc(
    "iac.aws.msk-public-access",
    "MSK brokers reachable from the internet",
    Severity::High,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `aws_msk_cluster` sets `broker_node_group_info.connectivity_info.public_access.type = \
     \"SERVICE_PROVIDED_EIPS\"`, giving every broker a public IP address. The cluster's topics \
     are then protected only by client authentication and security groups instead of being \
     unreachable from untrusted networks as PCI DSS 1.3/1.4 expect.",
    "Keep `public_access { type = \"DISABLED\" }` and connect producers and consumers through the \
     VPC, VPC peering, Transit Gateway or MSK multi-VPC private connectivity.",
    &["https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html"],
);

pub static MSK_PUBLIC: IacRule = IacRule {
    rule: &MSK_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &["aws_msk_cluster"],
    check: |_, r| {
        let path = [
            "broker_node_group_info",
            "connectivity_info",
            "public_access",
            "type",
        ];
        match lookup(&r.body, &path) {
            Attr::Known(node) if node.as_str() == Some("SERVICE_PROVIDED_EIPS") => hit(
                node.span,
                format!("{}: brokers get public IP addresses", r.address),
            ),
            _ => Vec::new(),
        }
    },
};

pub static MSK_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..MSK_PUBLIC
};

static KINESIS_ENCRYPTION_RULE: Rule = doc(
    "iac.aws.kinesis-encryption",
    "Kinesis data stream not encrypted",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `aws_kinesis_stream` leaves `encryption_type` unset or `\"NONE\"` (the default), so \
     records are stored unencrypted for the whole retention period (up to a year). Streams \
     commonly carry transaction and clickstream events with customer identifiers.",
    "Set `encryption_type = \"KMS\"` and `kms_key_id = aws_kms_key.stream.arn` (or \
     `\"alias/aws/kinesis\"` at minimum).",
    &["https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html"],
);

pub static KINESIS_ENCRYPTION: IacRule = IacRule {
    rule: &KINESIS_ENCRYPTION_RULE,
    format: Format::Terraform,
    kinds: &["aws_kinesis_stream"],
    check: |_, r| match lookup(&r.body, &["encryption_type"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: `encryption_type` is not set (stream is unencrypted)",
                r.address
            ),
        ),
        Attr::Known(node) if node.as_str() == Some("NONE") => {
            hit(node.span, format!("{}: stream is not encrypted", r.address))
        }
        _ => Vec::new(),
    },
};

pub static KINESIS_ENCRYPTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..KINESIS_ENCRYPTION
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn msk() {
        let bad = r#"resource "aws_msk_cluster" "k" {
  broker_node_group_info {
    connectivity_info {
      public_access {
        type = "SERVICE_PROVIDED_EIPS"
      }
    }
  }
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
      in_cluster    = false
    }
  }
}
"#;
        assert_eq!(run(&MSK_TRANSIT, bad), (2, Some(11)));
        assert_eq!(run(&MSK_PUBLIC, bad), (1, Some(5)));
        let ok = "resource \"aws_msk_cluster\" \"k\" {\n  cluster_name = \"k\"\n}\n";
        assert_eq!(run(&MSK_TRANSIT, ok), (0, None));
        assert_eq!(run(&MSK_PUBLIC, ok), (0, None));
    }

    #[test]
    fn kinesis() {
        let bare = "resource \"aws_kinesis_stream\" \"s\" {\n  name = \"s\"\n}\n";
        assert_eq!(run(&KINESIS_ENCRYPTION, bare), (1, Some(1)));
        let none = "resource \"aws_kinesis_stream\" \"s\" {\n  encryption_type = \"NONE\"\n}\n";
        assert_eq!(run(&KINESIS_ENCRYPTION, none), (1, Some(2)));
        let ok = "resource \"aws_kinesis_stream\" \"s\" {\n  encryption_type = \"KMS\"\n  kms_key_id = \"alias/aws/kinesis\"\n}\n";
        assert_eq!(run(&KINESIS_ENCRYPTION, ok), (0, None));
    }
}
