//! Tag governance: taggable resources must carry the tags configured in `[iac] required_tags`
//! (owner, cost centre, data classification…).

use super::{Attr, doc, lookup, property};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::missing_tags;
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![&REQUIRED_TAGS]
}

/// Common resource types whose `Tags` property is a list of `{Key, Value}` (or, for SAM
/// functions, a map); any other resource that writes `Tags` is taggable too.
const TAGGABLE: &[&str] = &[
    "AWS::S3::Bucket",
    "AWS::EC2::Instance",
    "AWS::EC2::Volume",
    "AWS::EC2::VPC",
    "AWS::EC2::Subnet",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::NatGateway",
    "AWS::EC2::EIP",
    "AWS::EC2::RouteTable",
    "AWS::EC2::FlowLog",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBSubnetGroup",
    "AWS::DynamoDB::Table",
    "AWS::SQS::Queue",
    "AWS::SNS::Topic",
    "AWS::KMS::Key",
    "AWS::Lambda::Function",
    "AWS::Serverless::Function",
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ElasticLoadBalancing::LoadBalancer",
    "AWS::CloudTrail::Trail",
    "AWS::Logs::LogGroup",
    "AWS::ECR::Repository",
    "AWS::EKS::Cluster",
    "AWS::ECS::Cluster",
    "AWS::ECS::Service",
    "AWS::ECS::TaskDefinition",
    "AWS::OpenSearchService::Domain",
    "AWS::Elasticsearch::Domain",
    "AWS::Redshift::Cluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::SecretsManager::Secret",
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::CloudFront::Distribution",
    "AWS::ApiGateway::RestApi",
    "AWS::Kinesis::Stream",
    "AWS::CertificateManager::Certificate",
    "AWS::WAFv2::WebACL",
    "AWS::StepFunctions::StateMachine",
];

static REQUIRED_TAGS_RULE: Rule = doc(
    "iac.cloudformation.required-tags",
    "CloudFormation resource missing required tags",
    Severity::Low,
    &["CWE-1059"],
    &["A05:2021"],
    &["pci-dss-4.0.1:12.5.1", "soc2:CC6.1"],
    "A taggable resource's `Tags` lacks one or more of the keys listed in `[iac] required_tags` \
     in `bulwark.toml`. Tags are how a bank keeps the inventory of system components PCI DSS \
     12.5.1 asks for, ties each resource to an owner and a data classification, and scopes cost \
     and access reviews; untagged resources fall out of all of them. Tags applied at stack \
     level (`aws cloudformation deploy --tags`) are not visible in the template; tag lists \
     built with intrinsics are not judged.",
    "Add the missing tags to the resource:\n\n```yaml\nTags:\n  - Key: Owner\n    Value: \
     payments-team\n  - Key: DataClassification\n    Value: confidential\n```",
    &[
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html",
    ],
);

pub static REQUIRED_TAGS: IacRule = IacRule {
    rule: &REQUIRED_TAGS_RULE,
    format: Format::CloudFormation,
    kinds: &[],
    check: check_tags,
};

/// The tag keys written in `Tags`; `None` when one of them is not a literal.
fn tag_keys(tags: &Node) -> Option<Vec<&str>> {
    match &tags.value {
        Value::Array(list) => list
            .iter()
            .map(|tag| match lookup(tag, &["Key"]) {
                Attr::Known(key) => key.as_str(),
                _ => None,
            })
            .collect(),
        Value::Object(entries) => Some(entries.iter().map(|(k, _, _)| k.as_str()).collect()),
        _ => None,
    }
}

fn check_tags(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if context.required_tags.is_empty() {
        return Vec::new();
    }
    let (present, span) = match property(resource, &["Tags"]) {
        Attr::Known(node) => match tag_keys(node) {
            Some(keys) => (keys, node.span),
            None => return Vec::new(),
        },
        Attr::Missing if TAGGABLE.contains(&resource.kind.as_str()) => (Vec::new(), resource.span),
        _ => return Vec::new(),
    };
    missing_tags(context, resource, span, |t| present.contains(&t), "tag")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cloudformation::testing::template;
    use crate::rules::testing::hits_with_tags;

    fn run(text: &str) -> (usize, Option<u32>, Vec<String>) {
        let tags = vec!["Owner".to_string(), "DataClassification".to_string()];
        let found = hits_with_tags(&REQUIRED_TAGS, "template.yaml", &template(text), &tags);
        (
            found.len(),
            found.first().map(|h| h.span.start.line),
            found.into_iter().map(|h| h.message).collect(),
        )
    }

    #[test]
    fn missing_tags() {
        let text = "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        \
                    - Key: Owner\n          Value: payments\n  Q:\n    Type: AWS::SQS::Queue\n  \
                    P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n";
        let (count, line, messages) = run(text);
        assert_eq!((count, line), (2, Some(7)));
        assert!(
            messages[0].ends_with("missing required tag DataClassification"),
            "{messages:?}"
        );
        assert!(messages[1].contains("DataClassification") && messages[1].contains("Owner"));
    }

    #[test]
    fn complete_maps_and_unknowns() {
        let text = "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags:\n        \
                    - {Key: Owner, Value: payments}\n        - {Key: DataClassification, Value: internal}\n  \
                    F:\n    Type: AWS::Serverless::Function\n    Properties:\n      \
                    Tags: {Owner: payments, DataClassification: internal}\n  \
                    T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags:\n        \
                    - !If [IsProd, {Key: Owner, Value: x}, !Ref AWS::NoValue]\n  \
                    C:\n    Type: Custom::Thing\n";
        assert_eq!(run(text).0, 0);
        let none = hits_with_tags(
            &REQUIRED_TAGS,
            "template.yaml",
            &template("  V:\n    Type: AWS::EC2::VPC\n"),
            &[],
        );
        assert!(none.is_empty());
    }
}
