//! CloudFront distributions: viewer HTTPS, TLS policy, WAF and access logs.

use super::{Attr, attached, blocks, doc, hit, lookup, truthy};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &CLOUDFRONT_VIEWER_HTTPS,
        &CLOUDFRONT_VIEWER_HTTPS_PLAN,
        &CLOUDFRONT_TLS_VERSION,
        &CLOUDFRONT_TLS_VERSION_PLAN,
        &CLOUDFRONT_WAF,
        &CLOUDFRONT_ACCESS_LOGGING,
    ]
}

const DISTRIBUTION: &[&str] = &["aws_cloudfront_distribution"];

static CLOUDFRONT_VIEWER_HTTPS_RULE: Rule = doc(
    "iac.aws.cloudfront-viewer-https",
    "CloudFront cache behaviour serves viewers over plain HTTP",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "A `default_cache_behavior` or `ordered_cache_behavior` of an `aws_cloudfront_distribution` \
     sets `viewer_protocol_policy = \"allow-all\"`, so browsers and API clients may talk to the \
     edge over plain HTTP: session cookies, credentials and account data cross the internet in \
     clear and can be read or altered on the way. PCI DSS 4.2.1 requires strong cryptography \
     whenever account data travels over open, public networks.",
    "Set `viewer_protocol_policy = \"redirect-to-https\"` (or `\"https-only\"` for APIs) on every \
     cache behaviour, and add an HSTS header with a response headers policy.",
    &[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html",
    ],
);

pub static CLOUDFRONT_VIEWER_HTTPS: IacRule = IacRule {
    rule: &CLOUDFRONT_VIEWER_HTTPS_RULE,
    format: Format::Terraform,
    kinds: DISTRIBUTION,
    check: check_viewer_https,
};

pub static CLOUDFRONT_VIEWER_HTTPS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CLOUDFRONT_VIEWER_HTTPS
};

fn check_viewer_https(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    for name in ["default_cache_behavior", "ordered_cache_behavior"] {
        for behavior in blocks(&resource.body, name) {
            if let Attr::Known(policy) = lookup(behavior, &["viewer_protocol_policy"])
                && policy.as_str() == Some("allow-all")
            {
                out.extend(hit(
                    policy.span,
                    format!(
                        "{}: {name} accepts plain HTTP (`allow-all`)",
                        resource.address
                    ),
                ));
            }
        }
    }
    out
}

static CLOUDFRONT_TLS_VERSION_RULE: Rule = doc(
    "iac.aws.cloudfront-tls-version",
    "CloudFront accepts TLS versions or ciphers older than TLSv1.2_2021",
    Severity::Medium,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "The `viewer_certificate` of an `aws_cloudfront_distribution` allows viewers to negotiate \
     TLS 1.0/1.1 or legacy CBC-SHA1 cipher suites: `minimum_protocol_version` is `SSLv3`, \
     `TLSv1`, `TLSv1_2016`, `TLSv1.1_2016`, `TLSv1.2_2018` or `TLSv1.2_2019`; or it is unset on \
     a custom certificate (the provider default is `TLSv1`); or the distribution uses the \
     default `*.cloudfront.net` certificate, whose security policy is fixed at `TLSv1`. \
     Deprecated protocol versions fail PCI DSS strong-cryptography requirements and every \
     external vulnerability scan.",
    "Serve the distribution on your own domain with an ACM certificate and a current policy:\n\n\
     ```hcl\nviewer_certificate {\n  acm_certificate_arn      = aws_acm_certificate.cdn.arn\n  \
     ssl_support_method       = \"sni-only\"\n  minimum_protocol_version = \"TLSv1.2_2021\"\n}\n```",
    &[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html",
    ],
);

pub static CLOUDFRONT_TLS_VERSION: IacRule = IacRule {
    rule: &CLOUDFRONT_TLS_VERSION_RULE,
    format: Format::Terraform,
    kinds: DISTRIBUTION,
    check: check_tls_version,
};

pub static CLOUDFRONT_TLS_VERSION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CLOUDFRONT_TLS_VERSION
};

/// CloudFront security policies that still accept TLS 1.0/1.1 or SHA-1 CBC cipher suites.
const WEAK_VIEWER_POLICIES: &[&str] = &[
    "SSLv3",
    "TLSv1",
    "TLSv1_2016",
    "TLSv1.1_2016",
    "TLSv1.2_2018",
    "TLSv1.2_2019",
];

fn check_tls_version(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let Some(certificate) = blocks(&resource.body, "viewer_certificate")
        .into_iter()
        .next()
    else {
        return Vec::new();
    };
    match lookup(certificate, &["minimum_protocol_version"]) {
        Attr::Known(node) => match node.as_str() {
            Some(policy) if WEAK_VIEWER_POLICIES.contains(&policy) => hit(
                node.span,
                format!(
                    "{}: viewer security policy `{policy}` allows outdated TLS",
                    resource.address
                ),
            ),
            _ => Vec::new(),
        },
        Attr::Unknown => Vec::new(),
        Attr::Missing => {
            if matches!(lookup(certificate, &["cloudfront_default_certificate"]), Attr::Known(n) if truthy(n) == Some(true))
            {
                return hit(
                    certificate.span,
                    format!(
                        "{}: the default *.cloudfront.net certificate accepts TLSv1",
                        resource.address
                    ),
                );
            }
            let custom = ["acm_certificate_arn", "iam_certificate_id"]
                .iter()
                .any(|k| !matches!(lookup(certificate, &[k]), Attr::Missing));
            if custom {
                hit(
                    certificate.span,
                    format!(
                        "{}: `minimum_protocol_version` is not set (defaults to TLSv1)",
                        resource.address
                    ),
                )
            } else {
                Vec::new()
            }
        }
    }
}

static CLOUDFRONT_WAF_RULE: Rule = doc(
    "iac.aws.cloudfront-waf",
    "CloudFront distribution without a WAF web ACL",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["pci-dss-4.0.1:6.4.2", "soc2:CC6.6"],
    "An `aws_cloudfront_distribution` has no `web_acl_id`, so no AWS WAF web ACL inspects the \
     requests it forwards: injection, credential stuffing and bot traffic reach the origin \
     unfiltered. PCI DSS 6.4.2 requires an automated technical solution that detects and \
     prevents web-based attacks in front of public-facing web applications.",
    "Associate a WAFv2 web ACL created in `us-east-1` with `scope = \"CLOUDFRONT\"`:\n\n\
     ```hcl\nweb_acl_id = aws_wafv2_web_acl.edge.arn\n```\n\nStart from the AWS managed rule \
     groups (`AWSManagedRulesCommonRuleSet`, `AWSManagedRulesKnownBadInputsRuleSet`) and add \
     rate-based rules.",
    &["https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html"],
);

/// No plan twin: `web_acl_id` usually refers to a web ACL created in the same plan, whose ARN is
/// unknown there and so left out of the planned values.
pub static CLOUDFRONT_WAF: IacRule = IacRule {
    rule: &CLOUDFRONT_WAF_RULE,
    format: Format::Terraform,
    kinds: DISTRIBUTION,
    check: |_, r| match lookup(&r.body, &["web_acl_id"]) {
        Attr::Missing => hit(
            r.span,
            format!("{}: no WAF web ACL (`web_acl_id`) is attached", r.address),
        ),
        Attr::Known(node) if node.as_str() == Some("") => {
            hit(node.span, format!("{}: `web_acl_id` is empty", r.address))
        }
        _ => Vec::new(),
    },
};

static CLOUDFRONT_ACCESS_LOGGING_RULE: Rule = doc(
    "iac.aws.cloudfront-access-logging",
    "CloudFront distribution without access logs",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2"],
    "An `aws_cloudfront_distribution` has no `logging_config` block and no \
     `aws_cloudwatch_log_delivery_source` in the same file refers to it, so no record is kept of \
     which client requested what through the edge. Investigating fraud, account takeover or \
     data scraping on a public site then has nothing to start from; PCI DSS 10.2.1 requires \
     audit logs for all system components in scope.",
    "```hcl\nlogging_config {\n  bucket          = aws_s3_bucket.cdn_logs.bucket_domain_name\n  \
     include_cookies = false\n  prefix          = \"cloudfront/\"\n}\n```\nor configure standard \
     logging v2 with `aws_cloudwatch_log_delivery_source` / `aws_cloudwatch_log_delivery`.",
    &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html"],
);

pub static CLOUDFRONT_ACCESS_LOGGING: IacRule = IacRule {
    rule: &CLOUDFRONT_ACCESS_LOGGING_RULE,
    format: Format::Terraform,
    kinds: DISTRIBUTION,
    check: |context, r| {
        if !blocks(&r.body, "logging_config").is_empty()
            || matches!(lookup(&r.body, &["logging_config"]), Attr::Unknown)
            || !attached(context, r, &["aws_cloudwatch_log_delivery_source"]).is_empty()
        {
            return Vec::new();
        }
        hit(
            r.span,
            format!("{}: no access logging is configured", r.address),
        )
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BARE: &str = r#"resource "aws_cloudfront_distribution" "d" {
  default_cache_behavior {
    viewer_protocol_policy = "allow-all"
  }
  ordered_cache_behavior {
    viewer_protocol_policy = "redirect-to-https"
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
"#;

    const GOOD: &str = r#"resource "aws_cloudfront_distribution" "d" {
  web_acl_id = aws_wafv2_web_acl.edge.arn
  default_cache_behavior {
    viewer_protocol_policy = "https-only"
  }
  logging_config {
    bucket = "logs.s3.amazonaws.com"
  }
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.c.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
"#;

    #[test]
    fn viewer_https() {
        assert_eq!(run(&CLOUDFRONT_VIEWER_HTTPS, BARE), (1, Some(3)));
        assert_eq!(run(&CLOUDFRONT_VIEWER_HTTPS, GOOD), (0, None));
    }

    #[test]
    fn tls_version() {
        assert_eq!(run(&CLOUDFRONT_TLS_VERSION, BARE), (1, Some(8)));
        assert_eq!(run(&CLOUDFRONT_TLS_VERSION, GOOD), (0, None));
        let old = GOOD.replace("TLSv1.2_2021", "TLSv1.2_2019");
        assert_eq!(run(&CLOUDFRONT_TLS_VERSION, &old), (1, Some(12)));
        let unset = GOOD.replace("    minimum_protocol_version = \"TLSv1.2_2021\"\n", "");
        assert_eq!(run(&CLOUDFRONT_TLS_VERSION, &unset), (1, Some(9)));
    }

    #[test]
    fn waf_and_logging() {
        assert_eq!(run(&CLOUDFRONT_WAF, BARE), (1, Some(1)));
        assert_eq!(run(&CLOUDFRONT_WAF, GOOD), (0, None));
        assert_eq!(run(&CLOUDFRONT_ACCESS_LOGGING, BARE), (1, Some(1)));
        assert_eq!(run(&CLOUDFRONT_ACCESS_LOGGING, GOOD), (0, None));
        let v2 = format!(
            "{BARE}resource \"aws_cloudwatch_log_delivery_source\" \"s\" {{\n  log_type     = \"ACCESS_LOGS\"\n  resource_arn = aws_cloudfront_distribution.d.arn\n}}\n"
        );
        assert_eq!(run(&CLOUDFRONT_ACCESS_LOGGING, &v2), (0, None));
    }
}
