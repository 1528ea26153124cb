//! Load balancers (`aws_lb` / `aws_alb`, classic `aws_elb`): header hygiene, access logs,
//! deletion protection. Listener TLS lives in `network.rs`.

use super::{Attr, blocks, doc, hit, lookup, require_true, truthy};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &LB_DROP_INVALID_HEADERS,
        &LB_DROP_INVALID_HEADERS_PLAN,
        &LB_ACCESS_LOGS,
        &LB_ACCESS_LOGS_PLAN,
        &LB_DELETION_PROTECTION,
        &LB_DELETION_PROTECTION_PLAN,
    ]
}

const LB_KINDS: &[&str] = &["aws_lb", "aws_alb"];

/// `load_balancer_type`, which defaults to `application`; `None` when unknown.
fn lb_type(resource: &Resource) -> Option<&str> {
    match lookup(&resource.body, &["load_balancer_type"]) {
        Attr::Missing => Some("application"),
        Attr::Known(node) => node.as_str(),
        Attr::Unknown => None,
    }
}

static LB_DROP_INVALID_HEADERS_RULE: Rule = doc(
    "iac.aws.lb-drop-invalid-headers",
    "Application load balancer forwards invalid HTTP headers",
    Severity::Medium,
    &["CWE-444"],
    &["A05:2021"],
    &["pci-dss-4.0.1:2.2.1", "soc2:CC6.6"],
    "An application `aws_lb` leaves `drop_invalid_header_fields` unset or false (the default), \
     so requests whose header names are not valid HTTP tokens are passed on to the targets. \
     Back ends that parse such headers differently from the load balancer are open to request \
     smuggling and header injection, which can bypass authentication done at the edge.",
    "Set `drop_invalid_header_fields = true` (and keep `desync_mitigation_mode` at `defensive` \
     or `strictest`).",
    &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes",
    ],
);

pub static LB_DROP_INVALID_HEADERS: IacRule = IacRule {
    rule: &LB_DROP_INVALID_HEADERS_RULE,
    format: Format::Terraform,
    kinds: LB_KINDS,
    check: |_, r| {
        if lb_type(r) != Some("application") {
            return Vec::new();
        }
        require_true(
            r,
            &["drop_invalid_header_fields"],
            "dropping of invalid header fields",
        )
    },
};

pub static LB_DROP_INVALID_HEADERS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LB_DROP_INVALID_HEADERS
};

static LB_ACCESS_LOGS_RULE: Rule = doc(
    "iac.aws.lb-access-logs",
    "Load balancer without access logs",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2"],
    "An application `aws_lb` has no `access_logs { enabled = true }` (the provider's default is \
     off even when a bucket is named), or a classic `aws_elb` has no `access_logs` block or \
     disables it. Without access logs there is no record of client addresses, requested paths \
     and response codes at the entry point of the application — the evidence needed to \
     reconstruct an attack or a fraud case (PCI DSS 10.2.1).",
    "```hcl\naccess_logs {\n  bucket  = aws_s3_bucket.lb_logs.id\n  prefix  = \"alb\"\n  \
     enabled = true\n}\n```",
    &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
    ],
);

pub static LB_ACCESS_LOGS: IacRule = IacRule {
    rule: &LB_ACCESS_LOGS_RULE,
    format: Format::Terraform,
    kinds: &["aws_lb", "aws_alb", "aws_elb"],
    check: check_access_logs,
};

pub static LB_ACCESS_LOGS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LB_ACCESS_LOGS
};

fn check_access_logs(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if resource.kind == "aws_elb" {
        // A classic ELB's `access_logs.enabled` defaults to true once the block is present.
        if blocks(&resource.body, "access_logs").is_empty()
            && !matches!(lookup(&resource.body, &["access_logs"]), Attr::Unknown)
        {
            return hit(
                resource.span,
                format!("{}: no `access_logs` block", resource.address),
            );
        }
        return match lookup(&resource.body, &["access_logs", "enabled"]) {
            Attr::Known(node) if truthy(node) == Some(false) => hit(
                node.span,
                format!("{}: access logs are disabled", resource.address),
            ),
            _ => Vec::new(),
        };
    }
    if lb_type(resource) != Some("application") {
        return Vec::new();
    }
    require_true(resource, &["access_logs", "enabled"], "access logging")
}

static LB_DELETION_PROTECTION_RULE: Rule = doc(
    "iac.aws.lb-deletion-protection",
    "Load balancer without deletion protection",
    Severity::Low,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:A1.2"],
    "An `aws_lb` leaves `enable_deletion_protection` unset or false (the default), so a \
     `terraform destroy`, a renamed resource or one API call removes the entry point of a \
     customer-facing service — and its DNS name, which clients and partners may have \
     allow-listed — causing an outage that recreating it does not immediately fix.",
    "Set `enable_deletion_protection = true` on production load balancers; removing one then \
     needs a deliberate, reviewable change.",
    &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#deletion-protection",
    ],
);

pub static LB_DELETION_PROTECTION: IacRule = IacRule {
    rule: &LB_DELETION_PROTECTION_RULE,
    format: Format::Terraform,
    kinds: LB_KINDS,
    check: |_, r| require_true(r, &["enable_deletion_protection"], "deletion protection"),
};

pub static LB_DELETION_PROTECTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..LB_DELETION_PROTECTION
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BARE: &str = "resource \"aws_lb\" \"l\" {\n  name = \"l\"\n}\n";
    const GOOD: &str = r#"resource "aws_lb" "l" {
  drop_invalid_header_fields = true
  enable_deletion_protection = true
  access_logs {
    bucket  = "logs"
    enabled = true
  }
}
"#;

    #[test]
    fn application_lb() {
        for rule in [
            &LB_DROP_INVALID_HEADERS,
            &LB_ACCESS_LOGS,
            &LB_DELETION_PROTECTION,
        ] {
            assert_eq!(run(rule, BARE), (1, Some(1)), "{}", rule.rule.id);
            assert_eq!(run(rule, GOOD), (0, None), "{}", rule.rule.id);
        }
        let bucket_only =
            "resource \"aws_alb\" \"l\" {\n  access_logs {\n    bucket = \"logs\"\n  }\n}\n";
        assert_eq!(run(&LB_ACCESS_LOGS, bucket_only), (1, Some(1)));
        let off = "resource \"aws_lb\" \"l\" {\n  drop_invalid_header_fields = false\n}\n";
        assert_eq!(run(&LB_DROP_INVALID_HEADERS, off), (1, Some(2)));
        let nlb = "resource \"aws_lb\" \"n\" {\n  load_balancer_type = \"network\"\n}\n";
        assert_eq!(run(&LB_DROP_INVALID_HEADERS, nlb), (0, None));
        assert_eq!(run(&LB_ACCESS_LOGS, nlb), (0, None));
        assert_eq!(run(&LB_DELETION_PROTECTION, nlb), (1, Some(1)));
    }

    #[test]
    fn classic_elb() {
        let bare = "resource \"aws_elb\" \"e\" {\n  name = \"e\"\n}\n";
        assert_eq!(run(&LB_ACCESS_LOGS, bare), (1, Some(1)));
        let on = "resource \"aws_elb\" \"e\" {\n  access_logs {\n    bucket = \"logs\"\n  }\n}\n";
        assert_eq!(run(&LB_ACCESS_LOGS, on), (0, None));
        let off = "resource \"aws_elb\" \"e\" {\n  access_logs {\n    bucket  = \"logs\"\n    enabled = false\n  }\n}\n";
        assert_eq!(run(&LB_ACCESS_LOGS, off), (1, Some(4)));
    }
}
