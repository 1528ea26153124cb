//! API Gateway: custom domain TLS policy, stage access logs, unauthenticated methods.

use super::{Attr, blocks, doc, hit, lookup};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &APIGATEWAY_DOMAIN_TLS,
        &APIGATEWAY_DOMAIN_TLS_PLAN,
        &APIGATEWAY_ACCESS_LOGGING,
        &APIGATEWAY_ACCESS_LOGGING_PLAN,
        &APIGATEWAY_NO_AUTH,
        &APIGATEWAY_NO_AUTH_PLAN,
    ]
}

static APIGATEWAY_DOMAIN_TLS_RULE: Rule = doc(
    "iac.aws.apigateway-domain-tls",
    "API Gateway custom domain accepts TLS 1.0",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `aws_api_gateway_domain_name` sets `security_policy = \"TLS_1_0\"`, so clients of the API \
     may still negotiate TLS 1.0 and 1.1 with CBC cipher suites. Those protocol versions are \
     deprecated (RFC 8996), are not strong cryptography under PCI DSS 4.2.1, and are reported by \
     every external vulnerability scan of the bank's perimeter.",
    "Set `security_policy = \"TLS_1_2\"`, or one of the enhanced `SecurityPolicy_TLS13_*` / \
     `SecurityPolicy_TLS12_*` policies for regulated workloads.",
    &[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html",
    ],
);

pub static APIGATEWAY_DOMAIN_TLS: IacRule = IacRule {
    rule: &APIGATEWAY_DOMAIN_TLS_RULE,
    format: Format::Terraform,
    kinds: &["aws_api_gateway_domain_name"],
    check: |_, r| match lookup(&r.body, &["security_policy"]) {
        Attr::Known(node) if node.as_str() == Some("TLS_1_0") => hit(
            node.span,
            format!("{}: custom domain accepts TLS 1.0", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static APIGATEWAY_DOMAIN_TLS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..APIGATEWAY_DOMAIN_TLS
};

static APIGATEWAY_ACCESS_LOGGING_RULE: Rule = doc(
    "iac.aws.apigateway-access-logging",
    "API Gateway stage without access logs",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "pci-dss-4.0.1:10.2.2", "soc2:CC7.2"],
    "An `aws_api_gateway_stage` or `aws_apigatewayv2_stage` has no `access_log_settings` block, \
     so API Gateway keeps no record of who called which route, from where, with which result. \
     For a payments or account API that is the audit trail PCI DSS 10.2 asks for, and the first \
     thing an incident responder needs.",
    "```hcl\naccess_log_settings {\n  destination_arn = aws_cloudwatch_log_group.api.arn\n  \
     format = jsonencode({\n    requestId = \"$context.requestId\"\n    ip        = \
     \"$context.identity.sourceIp\"\n    caller    = \"$context.identity.caller\"\n    \
     route     = \"$context.routeKey\"\n    status    = \"$context.status\"\n  })\n}\n```",
    &["https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html"],
);

pub static APIGATEWAY_ACCESS_LOGGING: IacRule = IacRule {
    rule: &APIGATEWAY_ACCESS_LOGGING_RULE,
    format: Format::Terraform,
    kinds: &["aws_api_gateway_stage", "aws_apigatewayv2_stage"],
    check: |_, r| {
        // A plan shows an absent block as `[]`.
        if !blocks(&r.body, "access_log_settings").is_empty()
            || matches!(lookup(&r.body, &["access_log_settings"]), Attr::Unknown)
        {
            return Vec::new();
        }
        hit(
            r.span,
            format!("{}: stage has no `access_log_settings`", r.address),
        )
    },
};

pub static APIGATEWAY_ACCESS_LOGGING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..APIGATEWAY_ACCESS_LOGGING
};

static APIGATEWAY_NO_AUTH_RULE: Rule = doc(
    "iac.aws.apigateway-no-auth",
    "API Gateway method or route callable without authorization",
    Severity::Medium,
    &["CWE-306"],
    &["A07:2021"],
    &["pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "An `aws_api_gateway_method` other than `OPTIONS` sets `authorization = \"NONE\"`, or an HTTP \
     API `aws_apigatewayv2_route` (`\"GET /accounts\"`, …) leaves `authorization_type` unset or \
     `\"NONE\"`. Anyone on the internet can invoke the backend, and the only remaining control \
     is whatever the integration checks itself; an API key (`api_key_required`) identifies a \
     client for throttling but, as AWS states, is not an authentication mechanism.",
    "Require an authorizer on every non-public route: `authorization = \"AWS_IAM\"`, \
     `\"COGNITO_USER_POOLS\"` or `\"CUSTOM\"` with `authorizer_id` (REST APIs), or \
     `authorization_type = \"JWT\"` / `\"AWS_IAM\"` / `\"CUSTOM\"` (HTTP APIs). Document the few \
     deliberately public routes with an inline suppression.",
    &[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
    ],
);

pub static APIGATEWAY_NO_AUTH: IacRule = IacRule {
    rule: &APIGATEWAY_NO_AUTH_RULE,
    format: Format::Terraform,
    kinds: &["aws_api_gateway_method", "aws_apigatewayv2_route"],
    check: check_no_auth,
};

pub static APIGATEWAY_NO_AUTH_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..APIGATEWAY_NO_AUTH
};

fn check_no_auth(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if resource.kind == "aws_api_gateway_method" {
        // CORS preflight requests carry no credentials and must stay open.
        if !matches!(lookup(&resource.body, &["http_method"]), Attr::Known(m) if m.as_str() != Some("OPTIONS"))
        {
            return Vec::new();
        }
        return match lookup(&resource.body, &["authorization"]) {
            Attr::Known(node) if node.as_str() == Some("NONE") => hit(
                node.span,
                format!("{}: method requires no authorization", resource.address),
            ),
            _ => Vec::new(),
        };
    }
    // Only HTTP API routes ("GET /pets"); WebSocket routes ($connect, …) and `$default` are
    // authorized elsewhere or cannot carry an authorizer.
    let Attr::Known(key) = lookup(&resource.body, &["route_key"]) else {
        return Vec::new();
    };
    let Some((method, _)) = key.as_str().and_then(|k| k.split_once(' ')) else {
        return Vec::new();
    };
    if method == "OPTIONS" {
        return Vec::new();
    }
    match lookup(&resource.body, &["authorization_type"]) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: route has no `authorization_type` (defaults to NONE)",
                resource.address
            ),
        ),
        Attr::Known(node) if node.as_str() == Some("NONE") => hit(
            node.span,
            format!("{}: route requires no authorization", resource.address),
        ),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn domain_tls() {
        let bad = "resource \"aws_api_gateway_domain_name\" \"d\" {\n  domain_name     = \"api.example.com\"\n  security_policy = \"TLS_1_0\"\n}\n";
        assert_eq!(run(&APIGATEWAY_DOMAIN_TLS, bad), (1, Some(3)));
        let ok = bad.replace("TLS_1_0", "TLS_1_2");
        assert_eq!(run(&APIGATEWAY_DOMAIN_TLS, &ok), (0, None));
    }

    #[test]
    fn access_logging() {
        let bare = "resource \"aws_api_gateway_stage\" \"s\" {\n  stage_name = \"prod\"\n}\n";
        assert_eq!(run(&APIGATEWAY_ACCESS_LOGGING, bare), (1, Some(1)));
        let ok = r#"resource "aws_apigatewayv2_stage" "s" {
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId"
  }
}
"#;
        assert_eq!(run(&APIGATEWAY_ACCESS_LOGGING, ok), (0, None));
    }

    #[test]
    fn no_auth() {
        let rest = r#"resource "aws_api_gateway_method" "get" {
  http_method   = "GET"
  authorization = "NONE"
}
resource "aws_api_gateway_method" "cors" {
  http_method   = "OPTIONS"
  authorization = "NONE"
}
resource "aws_api_gateway_method" "post" {
  http_method   = "POST"
  authorization = "AWS_IAM"
}
"#;
        assert_eq!(run(&APIGATEWAY_NO_AUTH, rest), (1, Some(3)));
        let http = r#"resource "aws_apigatewayv2_route" "r" {
  route_key = "GET /accounts"
}
resource "aws_apigatewayv2_route" "ws" {
  route_key = "$connect"
}
resource "aws_apigatewayv2_route" "jwt" {
  route_key          = "POST /payments"
  authorization_type = "JWT"
}
"#;
        assert_eq!(run(&APIGATEWAY_NO_AUTH, http), (1, Some(1)));
    }
}
