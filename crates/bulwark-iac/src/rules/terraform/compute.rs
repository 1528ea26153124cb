//! Compute: EC2 instance metadata and public IPs; Lambda environment secrets, function URLs and
//! resource policies.

use super::{Attr, blocks, doc, hit, lookup, truthy};
use crate::model::{Format, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &EC2_IMDSV2,
        &EC2_PUBLIC_IP,
        &EC2_PUBLIC_IP_PLAN,
        &LAMBDA_ENV_KMS,
        &LAMBDA_URL_PUBLIC,
        &LAMBDA_URL_PUBLIC_PLAN,
        &LAMBDA_PERMISSION_PUBLIC,
    ]
}

static EC2_IMDSV2_RULE: Rule = doc(
    "iac.aws.ec2-imdsv2",
    "EC2 instance metadata service does not require IMDSv2",
    Severity::High,
    &["CWE-918"],
    &["A10:2021"],
    &["pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    "An `aws_instance` or `aws_launch_template` does not set `metadata_options { http_tokens = \
     \"required\" }`, so IMDSv1 stays available. Any server-side request forgery in an \
     application on the host can then read the instance role's temporary credentials from \
     `169.254.169.254` with a plain GET — the path of several well-known bank breaches.",
    "```hcl\nmetadata_options {\n  http_endpoint               = \"enabled\"\n  http_tokens                 \
     = \"required\"\n  http_put_response_hop_limit = 1\n}\n```",
    &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
    ],
);

pub static EC2_IMDSV2: IacRule = IacRule {
    rule: &EC2_IMDSV2_RULE,
    format: Format::Terraform,
    kinds: &["aws_instance", "aws_launch_template"],
    check: check_imdsv2,
};

fn check_imdsv2(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if let Attr::Known(endpoint) = lookup(&resource.body, &["metadata_options", "http_endpoint"])
        && endpoint.as_str() == Some("disabled")
    {
        return Vec::new();
    }
    match lookup(&resource.body, &["metadata_options", "http_tokens"]) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: `metadata_options.http_tokens` is not set to \"required\" (IMDSv1 allowed)",
                resource.address
            ),
        ),
        Attr::Known(node) if node.as_str() != Some("required") => hit(
            node.span,
            format!(
                "{}: IMDSv1 allowed (http_tokens is not \"required\")",
                resource.address
            ),
        ),
        _ => Vec::new(),
    }
}

static EC2_PUBLIC_IP_RULE: Rule = doc(
    "iac.aws.ec2-public-ip",
    "EC2 instance gets a public IP address",
    Severity::Medium,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `aws_instance` sets `associate_public_ip_address = true`, or a launch template's \
     `network_interfaces` does. The host is directly addressable from the internet, so one \
     permissive security group rule exposes it; systems in a cardholder data environment \
     belong in private subnets behind a load balancer or NAT.",
    "Set `associate_public_ip_address = false`, launch into private subnets and publish services \
     through a load balancer; use SSM Session Manager for administration.",
    &["https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html"],
);

pub static EC2_PUBLIC_IP: IacRule = IacRule {
    rule: &EC2_PUBLIC_IP_RULE,
    format: Format::Terraform,
    kinds: &["aws_instance", "aws_launch_template"],
    check: check_public_ip,
};

pub static EC2_PUBLIC_IP_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    kinds: &["aws_launch_template"],
    ..EC2_PUBLIC_IP
};

fn check_public_ip(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut holders = vec![&resource.body];
    holders.extend(blocks(&resource.body, "network_interfaces"));
    let mut out = Vec::new();
    for holder in holders {
        if let Attr::Known(node) = lookup(holder, &["associate_public_ip_address"])
            && truthy(node) == Some(true)
        {
            out.extend(hit(
                node.span,
                format!("{}: instance gets a public IP address", resource.address),
            ));
        }
    }
    out
}

static LAMBDA_ENV_KMS_RULE: Rule = doc(
    "iac.aws.lambda-env-secrets",
    "Lambda environment secret not protected by a customer managed KMS key",
    Severity::High,
    &["CWE-312"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:8.3.2", "soc2:CC6.1"],
    "An `aws_lambda_function` puts a variable named like a secret (`*PASSWORD*`, `*SECRET*`, \
     `*TOKEN*`, `*API_KEY*`, `*PRIVATE_KEY*`) in `environment.variables` with no `kms_key_arn`. \
     The value sits in the Terraform state and is readable by anyone with \
     `lambda:GetFunctionConfiguration`; without a customer managed key there is no key policy \
     restricting who can decrypt it.",
    "Store the secret in AWS Secrets Manager or SSM Parameter Store and pass only its ARN; if it \
     must be an environment variable, set `kms_key_arn = aws_kms_key.lambda.arn`.",
    &["https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html"],
);

pub static LAMBDA_ENV_KMS: IacRule = IacRule {
    rule: &LAMBDA_ENV_KMS_RULE,
    format: Format::Terraform,
    kinds: &["aws_lambda_function"],
    check: check_lambda,
};

/// Whether a variable name says its value is a credential (`DB_PASSWORD`, `API_TOKEN`), not a
/// pointer to one (`DB_SECRET_ARN`, `TOKEN_PARAMETER_NAME`).
pub(crate) fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
    ]
    .iter()
    .any(|w| upper.contains(w))
        && !upper.ends_with("_ARN")
        && !upper.ends_with("_NAME")
}

fn check_lambda(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if !matches!(lookup(&resource.body, &["kms_key_arn"]), Attr::Missing) {
        return Vec::new();
    }
    let Attr::Known(vars) = lookup(&resource.body, &["environment", "variables"]) else {
        return Vec::new();
    };
    let Value::Object(entries) = &vars.value else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|(name, _, value)| looks_secret(name) && matches!(value.value, Value::String(_)))
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

static LAMBDA_URL_PUBLIC_RULE: Rule = doc(
    "iac.aws.lambda-url-public",
    "Lambda function URL callable without authentication",
    Severity::High,
    &["CWE-306"],
    &["A07:2021"],
    &["pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "An `aws_lambda_function_url` sets `authorization_type = \"NONE\"`: the function gets a \
     public HTTPS endpoint that anyone on the internet can invoke, bypassing API Gateway, WAF \
     and any authorizer. The function's own code is then the only access control in front of \
     whatever its execution role can reach.",
    "Set `authorization_type = \"AWS_IAM\"` and sign requests with SigV4, or publish the \
     function through API Gateway or CloudFront with an authorizer and a WAF.",
    &["https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"],
);

pub static LAMBDA_URL_PUBLIC: IacRule = IacRule {
    rule: &LAMBDA_URL_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &["aws_lambda_function_url"],
    check: |_, r| match lookup(&r.body, &["authorization_type"]) {
        Attr::Known(node) if node.as_str() == Some("NONE") => hit(
            node.span,
            format!("{}: function URL requires no authentication", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static LAMBDA_URL_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LAMBDA_URL_PUBLIC
};

static LAMBDA_PERMISSION_PUBLIC_RULE: Rule = doc(
    "iac.aws.lambda-permission-public",
    "Lambda permission lets any principal invoke the function",
    Severity::High,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    "An `aws_lambda_permission` grants `principal = \"*\"` without narrowing it by \
     `source_arn`, `source_account` or `principal_org_id`. The function's resource policy then \
     allows every AWS account — and, with `function_url_auth_type = \"NONE\"`, every anonymous \
     caller — to invoke it, and with it everything its execution role can touch.",
    "Name the calling service or account (`principal = \"events.amazonaws.com\"`, \
     `principal = \"123456789012\"`) and add `source_arn = aws_cloudwatch_event_rule.r.arn` \
     (plus `source_account` for S3), or `principal_org_id` for your AWS Organization.",
    &["https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html"],
);

/// No plan twin: `source_arn` usually refers to a resource created in the same plan, whose ARN
/// is unknown there and so left out of the planned values.
pub static LAMBDA_PERMISSION_PUBLIC: IacRule = IacRule {
    rule: &LAMBDA_PERMISSION_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &["aws_lambda_permission"],
    check: |_, r| {
        let Attr::Known(principal) = lookup(&r.body, &["principal"]) else {
            return Vec::new();
        };
        let scoped = ["source_arn", "source_account", "principal_org_id"]
            .iter()
            .any(|k| !matches!(lookup(&r.body, &[k]), Attr::Missing));
        if principal.as_str() != Some("*") || scoped {
            return Vec::new();
        }
        hit(
            principal.span,
            format!(
                "{}: any principal may invoke the function (no source condition)",
                r.address
            ),
        )
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn imdsv2() {
        let bare = "resource \"aws_instance\" \"i\" {\n  ami = \"ami-1\"\n}\n";
        assert_eq!(run(&EC2_IMDSV2, bare), (1, Some(1)));
        let optional = "resource \"aws_launch_template\" \"t\" {\n  metadata_options {\n    http_tokens = \"optional\"\n  }\n}\n";
        assert_eq!(run(&EC2_IMDSV2, optional), (1, Some(3)));
        let ok = "resource \"aws_instance\" \"i\" {\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}\n";
        assert_eq!(run(&EC2_IMDSV2, ok), (0, None));
    }

    #[test]
    fn public_ip() {
        let bad = "resource \"aws_instance\" \"i\" {\n  associate_public_ip_address = true\n}\n";
        assert_eq!(run(&EC2_PUBLIC_IP, bad), (1, Some(2)));
        let lt = "resource \"aws_launch_template\" \"t\" {\n  network_interfaces {\n    associate_public_ip_address = \"true\"\n  }\n}\n";
        assert_eq!(run(&EC2_PUBLIC_IP, lt), (1, Some(3)));
        let ok = "resource \"aws_instance\" \"i\" {\n  associate_public_ip_address = false\n}\n";
        assert_eq!(run(&EC2_PUBLIC_IP, ok), (0, None));
    }

    #[test]
    fn lambda() {
        let bad = r#"resource "aws_lambda_function" "f" {
  environment {
    variables = {
      STAGE       = "prod"
      DB_PASSWORD = "hunter2" # bulwark:ignore secrets.generic-password -- fake value in a rule test
    }
  }
}
"#;
        assert_eq!(run(&LAMBDA_ENV_KMS, bad), (1, Some(5)));
        let with_key = bad.replace(
            "  environment {",
            "  kms_key_arn = aws_kms_key.k.arn\n  environment {",
        );
        assert_eq!(run(&LAMBDA_ENV_KMS, &with_key), (0, None));
        let arn = "resource \"aws_lambda_function\" \"f\" {\n  environment {\n    variables = {\n      DB_SECRET_ARN = \"arn:x\"\n    }\n  }\n}\n";
        assert_eq!(run(&LAMBDA_ENV_KMS, arn), (0, None));
    }

    #[test]
    fn lambda_url_and_permission() {
        let url = "resource \"aws_lambda_function_url\" \"u\" {\n  function_name      = aws_lambda_function.f.function_name\n  authorization_type = \"NONE\"\n}\n";
        assert_eq!(run(&LAMBDA_URL_PUBLIC, url), (1, Some(3)));
        assert_eq!(
            run(&LAMBDA_URL_PUBLIC, &url.replace("NONE", "AWS_IAM")),
            (0, None)
        );
        let open = "resource \"aws_lambda_permission\" \"p\" {\n  action    = \"lambda:InvokeFunction\"\n  principal = \"*\"\n}\n";
        assert_eq!(run(&LAMBDA_PERMISSION_PUBLIC, open), (1, Some(3)));
        let scoped = "resource \"aws_lambda_permission\" \"p\" {\n  principal  = \"*\"\n  source_arn = aws_cloudwatch_event_rule.r.arn\n}\n";
        assert_eq!(run(&LAMBDA_PERMISSION_PUBLIC, scoped), (0, None));
        let service =
            "resource \"aws_lambda_permission\" \"p\" {\n  principal = \"sns.amazonaws.com\"\n}\n";
        assert_eq!(run(&LAMBDA_PERMISSION_PUBLIC, service), (0, None));
    }
}
