//! IAM: wildcard policies, user access keys, permissions granted to users.

use super::policy::statements;
use super::{Attr, doc, hit, items, lookup, property, text};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![&IAM_WILDCARD, &IAM_USER_POLICY, &IAM_USER_ACCESS_KEY]
}

static IAM_WILDCARD_RULE: Rule = doc(
    "iac.cloudformation.iam-wildcard-policy",
    "IAM policy allows every action on every resource",
    Severity::Critical,
    &["CWE-269"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:7.2.1",
        "pci-dss-4.0.1:7.2.2",
        "soc2:CC6.3",
        "cis-aws-3.0:1.16",
    ],
    "A policy statement has `Effect: Allow` with `Action: \"*\"` and `Resource: \"*\"` — in the \
     `PolicyDocument` of an `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, \
     `AWS::IAM::RolePolicy`, `AWS::IAM::UserPolicy` or `AWS::IAM::GroupPolicy`, or in the inline \
     `Policies` of an `AWS::IAM::Role`, `User` or `Group`. Whoever holds it is a full \
     administrator of the account: least privilege (PCI DSS 7.2.1) is not met and a single \
     leaked credential compromises everything.",
    "Grant only the actions and resources needed, and keep administrator access on a few \
     break-glass roles that require MFA:\n\n```yaml\nPolicyDocument:\n  Version: '2012-10-17'\n  \
     Statement:\n    - Effect: Allow\n      Action: s3:GetObject\n      Resource: !Sub \
     '${ReportsBucket.Arn}/*'\n```",
    &["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"],
);

/// Resources whose `PolicyDocument` property is a policy.
const DOCUMENT_KINDS: &[&str] = &[
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::RolePolicy",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::GroupPolicy",
];

pub static IAM_WILDCARD: IacRule = IacRule {
    rule: &IAM_WILDCARD_RULE,
    format: Format::CloudFormation,
    kinds: &[
        "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::RolePolicy",
        "AWS::IAM::UserPolicy",
        "AWS::IAM::GroupPolicy",
        "AWS::IAM::Role",
        "AWS::IAM::User",
        "AWS::IAM::Group",
    ],
    check: check_wildcard,
};

fn check_wildcard(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let documents: Vec<Attr<'_>> = if DOCUMENT_KINDS.contains(&resource.kind.as_str()) {
        vec![property(resource, &["PolicyDocument"])]
    } else {
        items(property(resource, &["Policies"]))
            .unwrap_or_default()
            .into_iter()
            .map(|p| lookup(p, &["PolicyDocument"]))
            .collect()
    };
    documents
        .into_iter()
        .filter_map(statements)
        .flatten()
        .filter(|s| s.allows_everything())
        .flat_map(|s| {
            hit(
                s.span,
                format!(
                    "{}: statement allows Action \"*\" on Resource \"*\"",
                    resource.address
                ),
            )
        })
        .collect()
}

static IAM_USER_POLICY_RULE: Rule = doc(
    "iac.cloudformation.iam-user-policy",
    "Permissions granted directly to an IAM user",
    Severity::Low,
    &["CWE-269"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.3", "cis-aws-3.0:1.15"],
    "An `AWS::IAM::User` has inline `Policies` or `ManagedPolicyArns`, an `AWS::IAM::Policy` or \
     `AWS::IAM::ManagedPolicy` lists `Users`, or an `AWS::IAM::UserPolicy` exists: permissions \
     go to one user instead of a group or role. Per-user grants drift, are missed in access \
     reviews and survive role changes, which makes PCI DSS 7.2 access reviews unreliable.",
    "Attach policies to groups or roles and put users in groups:\n\n```yaml\nPaymentsOperators:\n  \
     Type: AWS::IAM::Group\n  Properties:\n    ManagedPolicyArns:\n      - !Ref \
     PaymentsReadOnly\nAlice:\n  Type: AWS::IAM::User\n  Properties:\n    Groups:\n      - !Ref \
     PaymentsOperators\n```",
    &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html"],
);

pub static IAM_USER_POLICY: IacRule = IacRule {
    rule: &IAM_USER_POLICY_RULE,
    format: Format::CloudFormation,
    kinds: &[
        "AWS::IAM::User",
        "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::UserPolicy",
    ],
    check: check_user_policy,
};

fn check_user_policy(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let message = format!(
        "{}: grants permissions directly to an IAM user",
        resource.address
    );
    let names: &[&str] = match resource.kind.as_str() {
        "AWS::IAM::UserPolicy" => return hit(resource.span, message),
        "AWS::IAM::User" => &["Policies", "ManagedPolicyArns"],
        _ => &["Users"],
    };
    names
        .iter()
        .filter_map(|name| match property(resource, &[name]) {
            // An empty list (`Users: []`) grants nothing.
            Attr::Known(node) if node.as_array().is_none_or(|list| !list.is_empty()) => {
                Some(node.span)
            }
            _ => None,
        })
        .flat_map(|span| hit(span, message.clone()))
        .collect()
}

static IAM_USER_ACCESS_KEY_RULE: Rule = doc(
    "iac.cloudformation.iam-user-access-key",
    "Long-term IAM user access key created",
    Severity::Medium,
    &["CWE-798"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.3.2", "pci-dss-4.0.1:8.6.3", "soc2:CC6.1"],
    "An `AWS::IAM::AccessKey` creates a long-lived access key for an IAM user. Its secret is \
     returned through `!GetAtt Key.SecretAccessKey` into outputs, parameters or other resources \
     where anyone who can describe the stack may read it, never expires on its own, and is the \
     credential most often leaked from code and CI systems.",
    "Use IAM roles instead: instance profiles, IAM Roles Anywhere, or OIDC federation for CI \
     (`AWS::IAM::OIDCProvider`). If a user key is unavoidable, store it only in Secrets Manager \
     and rotate it at least every 90 days:\n\n```yaml\nKeySecret:\n  Type: \
     AWS::SecretsManager::Secret\n  Properties:\n    SecretString: !GetAtt \
     ServiceUserKey.SecretAccessKey\n```",
    &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
    ],
);

pub static IAM_USER_ACCESS_KEY: IacRule = IacRule {
    rule: &IAM_USER_ACCESS_KEY_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::IAM::AccessKey"],
    check: |_, r| match text(property(r, &["Status"])) {
        Some(("Inactive", _)) => Vec::new(),
        _ => hit(
            r.span,
            format!("{}: creates a long-term IAM user access key", r.address),
        ),
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cloudformation::testing::{run, template};

    #[test]
    fn wildcard() {
        let role = template(
            "  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        \
             Statement:\n          - Effect: Allow\n            Principal: {Service: ec2.amazonaws.com}\n            \
             Action: '*'\n            Resource: '*'\n      Policies:\n        - PolicyName: admin\n          \
             PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              \
             - Effect: Allow\n                Action: ['*']\n                Resource: '*'\n",
        );
        // The trust policy is not a permissions policy.
        assert_eq!(run(&IAM_WILDCARD, &role), (1, Some(17)));
        let json = template(
            "  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: \
             '{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}'\n",
        );
        assert_eq!(run(&IAM_WILDCARD, &json), (1, Some(6)));
        let ok = template(
            "  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        \
             Statement:\n          - Effect: Allow\n            Action: 's3:*'\n            Resource: '*'\n          \
             - Effect: Allow\n            Action: '*'\n            Resource: !Ref Arn\n",
        );
        assert_eq!(run(&IAM_WILDCARD, &ok), (0, None));
    }

    #[test]
    fn user_policies() {
        let text = template(
            "  U:\n    Type: AWS::IAM::User\n    Properties:\n      Groups: [!Ref G]\n      \
             ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/ReadOnlyAccess\n  \
             P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      Groups: [!Ref G]\n      \
             Users: []\n",
        );
        assert_eq!(run(&IAM_USER_POLICY, &text), (1, Some(8)));
        let ok =
            template("  U:\n    Type: AWS::IAM::User\n    Properties:\n      Groups: [!Ref G]\n");
        assert_eq!(run(&IAM_USER_POLICY, &ok), (0, None));
    }

    #[test]
    fn access_keys() {
        let key = template(
            "  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref U\n",
        );
        assert_eq!(run(&IAM_USER_ACCESS_KEY, &key), (1, Some(4)));
        let inactive = template(
            "  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref U\n      Status: Inactive\n",
        );
        assert_eq!(run(&IAM_USER_ACCESS_KEY, &inactive), (0, None));
    }
}
