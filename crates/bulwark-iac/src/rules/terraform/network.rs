//! Network exposure: security groups, VPC flow logs, load balancer listeners, EKS endpoints.

use super::{Attr, attached, blocks, doc, hit, lookup, number, truthy};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &OPEN_INGRESS,
        &OPEN_INGRESS_PLAN,
        &VPC_FLOW_LOGS,
        &LB_HTTP_LISTENER,
        &LB_TLS_POLICY,
        &EKS_PUBLIC_ENDPOINT,
    ]
}

/// Ports that must never be open to the internet: SSH, RDP and common database listeners.
pub(crate) const SENSITIVE_PORTS: &[(u32, &str)] = &[
    (22, "SSH"),
    (3389, "RDP"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (6379, "Redis"),
    (9200, "Elasticsearch"),
];

static OPEN_INGRESS_RULE: Rule = doc(
    "iac.aws.security-group-open-ingress",
    "Security group open to the internet on an administrative or database port",
    Severity::Critical,
    &["CWE-284"],
    &["A05:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.4.1",
        "soc2:CC6.6",
        "cis-aws-3.0:5.2",
    ],
    "An ingress rule (`aws_security_group` `ingress` block, `aws_security_group_rule` of type \
     `ingress`, or `aws_vpc_security_group_ingress_rule`) allows `0.0.0.0/0` or `::/0` to SSH \
     (22), RDP (3389), a database port (3306, 5432, 1433, 1521, 27017, 6379, 9200) or all ports. \
     These services are scanned and brute-forced from the whole internet within minutes; PCI \
     DSS 1.3.1 restricts inbound traffic to the cardholder data environment to what is \
     necessary.",
    "Restrict the source to known ranges (`cidr_blocks = [\"10.0.0.0/8\"]`) or to another \
     security group (`source_security_group_id` / `referenced_security_group_id`), and use \
     SSM Session Manager instead of opening SSH/RDP.",
    &["https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"],
);

pub static OPEN_INGRESS: IacRule = IacRule {
    rule: &OPEN_INGRESS_RULE,
    format: Format::Terraform,
    kinds: &[
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ],
    check: check_open_ingress,
};

pub static OPEN_INGRESS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..OPEN_INGRESS
};

/// The world-open CIDR nodes among `keys` of a rule object.
pub(super) fn world_cidrs<'a>(rule: &'a Node, keys: &[&str]) -> Vec<&'a Node> {
    let mut out = Vec::new();
    for key in keys {
        match lookup(rule, &[key]) {
            Attr::Known(node) => {
                let items: Vec<&Node> = match &node.value {
                    Value::Array(items) => items.iter().collect(),
                    _ => vec![node],
                };
                out.extend(
                    items
                        .into_iter()
                        .filter(|n| matches!(n.as_str(), Some("0.0.0.0/0" | "::/0"))),
                );
            }
            _ => continue,
        }
    }
    out
}

/// What an open rule exposes, if it is one we report: `None` when ports are unknown or benign.
pub(super) fn exposed(rule: &Node, protocol_key: &str) -> Option<String> {
    if let Attr::Known(p) = lookup(rule, &[protocol_key]) {
        let protocol = match &p.value {
            Value::String(s) => s.to_ascii_lowercase(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        if protocol == "-1" || protocol == "all" {
            return Some("all ports".into());
        }
        if protocol == "icmp" || protocol == "icmpv6" || protocol == "1" || protocol == "58" {
            return None;
        }
    }
    let port = |key| match lookup(rule, &[key]) {
        Attr::Known(n) => number(n),
        _ => None,
    };
    let (from, to) = (port("from_port")?, port("to_port")?);
    if from <= 0.0 && to >= 65535.0 {
        return Some("all ports".into());
    }
    let names: Vec<String> = SENSITIVE_PORTS
        .iter()
        .filter(|(p, _)| f64::from(*p) >= from && f64::from(*p) <= to)
        .map(|(p, name)| format!("{name} ({p})"))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn check_open_ingress(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let (rules, cidr_keys, protocol_key): (Vec<&Node>, &[&str], &str) = match resource.kind.as_str()
    {
        "aws_security_group" => (
            blocks(&resource.body, "ingress"),
            &["cidr_blocks", "ipv6_cidr_blocks"],
            "protocol",
        ),
        "aws_security_group_rule" => {
            if !matches!(lookup(&resource.body, &["type"]), Attr::Known(n) if n.as_str() == Some("ingress"))
            {
                return Vec::new();
            }
            (
                vec![&resource.body],
                &["cidr_blocks", "ipv6_cidr_blocks"],
                "protocol",
            )
        }
        _ => (
            vec![&resource.body],
            &["cidr_ipv4", "cidr_ipv6"],
            "ip_protocol",
        ),
    };
    let mut out = Vec::new();
    for rule in rules {
        let cidrs = world_cidrs(rule, cidr_keys);
        let Some(first) = cidrs.first() else {
            continue;
        };
        if let Some(what) = exposed(rule, protocol_key) {
            out.extend(hit(
                first.span,
                format!(
                    "{}: {} open to {}",
                    resource.address,
                    what,
                    first.as_str().unwrap_or_default()
                ),
            ));
        }
    }
    out
}

static VPC_FLOW_LOGS_RULE: Rule = doc(
    "iac.aws.vpc-flow-logs",
    "VPC without flow logs",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-aws-3.0:3.7"],
    "An `aws_vpc` has no `aws_flow_log` referring to it in the same file. Without flow logs there \
     is no record of which hosts talked to which, so lateral movement or data exfiltration \
     cannot be investigated.",
    "```hcl\nresource \"aws_flow_log\" \"this\" {\n  vpc_id          = aws_vpc.this.id\n  \
     traffic_type    = \"ALL\"\n  log_destination = aws_cloudwatch_log_group.flow.arn\n  \
     iam_role_arn    = aws_iam_role.flow.arn\n}\n```",
    &["https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"],
);

pub static VPC_FLOW_LOGS: IacRule = IacRule {
    rule: &VPC_FLOW_LOGS_RULE,
    format: Format::Terraform,
    kinds: &["aws_vpc"],
    check: |context, r| {
        if attached(context, r, &["aws_flow_log"]).is_empty() {
            hit(
                r.span,
                format!("{}: no aws_flow_log refers to this VPC", r.address),
            )
        } else {
            Vec::new()
        }
    },
};

static LB_HTTP_LISTENER_RULE: Rule = doc(
    "iac.aws.lb-http-listener",
    "Load balancer listener serves plain HTTP",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `aws_lb_listener` / `aws_alb_listener` uses `protocol = \"HTTP\"` and its default action \
     is not a redirect, or a classic `aws_elb` listener uses `lb_protocol = \"http\"`. Traffic — \
     session cookies, credentials, account data — crosses the network in clear; PCI DSS 4.2.1 \
     requires strong cryptography for data in transit over open networks.",
    "Serve HTTPS (`protocol = \"HTTPS\"`, `certificate_arn`, a TLS 1.2+ `ssl_policy`), and make \
     the port 80 listener only redirect:\n\n```hcl\ndefault_action {\n  type = \"redirect\"\n  \
     redirect {\n    port        = \"443\"\n    protocol    = \"HTTPS\"\n    status_code = \
     \"HTTP_301\"\n  }\n}\n```",
    &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html",
    ],
);

pub static LB_HTTP_LISTENER: IacRule = IacRule {
    rule: &LB_HTTP_LISTENER_RULE,
    format: Format::Terraform,
    kinds: &["aws_lb_listener", "aws_alb_listener", "aws_elb"],
    check: check_http_listener,
};

fn check_http_listener(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if resource.kind == "aws_elb" {
        let mut out = Vec::new();
        for listener in blocks(&resource.body, "listener") {
            if let Attr::Known(p) = lookup(listener, &["lb_protocol"])
                && p.as_str().is_some_and(|s| s.eq_ignore_ascii_case("http"))
            {
                out.extend(hit(
                    p.span,
                    format!("{}: classic ELB listener on plain HTTP", resource.address),
                ));
            }
        }
        return out;
    }
    let Attr::Known(protocol) = lookup(&resource.body, &["protocol"]) else {
        return Vec::new();
    };
    if protocol.as_str() != Some("HTTP") {
        return Vec::new();
    }
    let actions = blocks(&resource.body, "default_action");
    let redirects = actions.iter().any(|a| {
        matches!(lookup(a, &["type"]), Attr::Known(t) if t.as_str() == Some("redirect"))
            && !matches!(lookup(a, &["redirect", "protocol"]), Attr::Known(p) if p.as_str() == Some("HTTP"))
    });
    let unknown = actions
        .iter()
        .any(|a| matches!(lookup(a, &["type"]), Attr::Unknown));
    if redirects || unknown {
        return Vec::new();
    }
    hit(
        protocol.span,
        format!(
            "{}: HTTP listener does not redirect to HTTPS",
            resource.address
        ),
    )
}

static LB_TLS_POLICY_RULE: Rule = doc(
    "iac.aws.lb-tls-policy",
    "Load balancer TLS policy allows TLS older than 1.2",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An HTTPS/TLS `aws_lb_listener` names an `ssl_policy` that still negotiates TLS 1.0 or 1.1 \
     (`ELBSecurityPolicy-2016-08`, `ELBSecurityPolicy-TLS-1-0-2015-04`, \
     `ELBSecurityPolicy-TLS-1-1-2017-01`, `ELBSecurityPolicy-FS-1-1-2019-08`, \
     `ELBSecurityPolicy-TLS13-1-0-2021-06`, …). Those protocol versions are deprecated and PCI \
     DSS does not accept them as strong cryptography.",
    "Use a TLS 1.2+ policy, e.g. `ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"`.",
    &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
    ],
);

pub static LB_TLS_POLICY: IacRule = IacRule {
    rule: &LB_TLS_POLICY_RULE,
    format: Format::Terraform,
    kinds: &["aws_lb_listener", "aws_alb_listener"],
    check: |_, r| match lookup(&r.body, &["ssl_policy"]) {
        Attr::Known(node) => match node.as_str() {
            Some(policy) if weak_policy(policy) => hit(
                node.span,
                format!("{}: `{policy}` allows TLS 1.0/1.1", r.address),
            ),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    },
};

/// Predefined ELB policies whose minimum protocol is below TLS 1.2.
pub(crate) fn weak_policy(policy: &str) -> bool {
    const OLD: &[&str] = &[
        "ELBSecurityPolicy-2016-08",
        "ELBSecurityPolicy-2015-05",
        "ELBSecurityPolicy-FS-2018-06",
    ];
    OLD.contains(&policy)
        || ["TLS-1-0", "TLS-1-1", "TLS13-1-0", "TLS13-1-1", "FS-1-1"]
            .iter()
            .any(|v| policy.contains(v))
}

static EKS_PUBLIC_ENDPOINT_RULE: Rule = doc(
    "iac.aws.eks-public-endpoint",
    "EKS API endpoint open to the internet",
    Severity::High,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "soc2:CC6.6"],
    "An `aws_eks_cluster` leaves `vpc_config.endpoint_public_access` at its default `true` \
     without narrowing `public_access_cidrs` (default `0.0.0.0/0`), so the Kubernetes API server \
     — the control plane of every workload — is reachable from anywhere.",
    "Set `endpoint_private_access = true` and `endpoint_public_access = false` in `vpc_config`, \
     or restrict `public_access_cidrs` to your corporate egress ranges.",
    &["https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html"],
);

pub static EKS_PUBLIC_ENDPOINT: IacRule = IacRule {
    rule: &EKS_PUBLIC_ENDPOINT_RULE,
    format: Format::Terraform,
    kinds: &["aws_eks_cluster"],
    check: check_eks,
};

fn check_eks(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let span = match lookup(&resource.body, &["vpc_config", "endpoint_public_access"]) {
        Attr::Known(node) => match truthy(node) {
            Some(true) => node.span,
            _ => return Vec::new(),
        },
        Attr::Missing => resource.span,
        Attr::Unknown => return Vec::new(),
    };
    match lookup(&resource.body, &["vpc_config", "public_access_cidrs"]) {
        Attr::Unknown => return Vec::new(),
        Attr::Known(node) => {
            let open = node
                .as_array()
                .is_some_and(|items| items.iter().any(|n| n.as_str() == Some("0.0.0.0/0")));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn open_ingress() {
        let sg = r#"resource "aws_security_group" "s" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
}
"#;
        assert_eq!(run(&OPEN_INGRESS, sg), (1, Some(12)));
        let all = r#"resource "aws_security_group_rule" "r" {
  type             = "ingress"
  from_port        = 0
  to_port          = 0
  protocol         = "-1"
  ipv6_cidr_blocks = ["::/0"]
}
"#;
        assert_eq!(run(&OPEN_INGRESS, all), (1, Some(6)));
        let vpc_rule = r#"resource "aws_vpc_security_group_ingress_rule" "r" {
  cidr_ipv4   = "0.0.0.0/0"
  from_port   = 3389
  to_port     = 3389
  ip_protocol = "tcp"
}
"#;
        assert_eq!(run(&OPEN_INGRESS, vpc_rule), (1, Some(2)));
        let ok = r#"resource "aws_vpc_security_group_ingress_rule" "r" {
  cidr_ipv4   = "10.0.0.0/8"
  from_port   = 22
  to_port     = 22
  ip_protocol = "tcp"
}
resource "aws_security_group_rule" "e" {
  type        = "egress"
  from_port   = 0
  to_port     = 0
  protocol    = "-1"
  cidr_blocks = ["0.0.0.0/0"]
}
"#;
        assert_eq!(run(&OPEN_INGRESS, ok), (0, None));
    }

    #[test]
    fn flow_logs() {
        let bare = "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n";
        assert_eq!(run(&VPC_FLOW_LOGS, bare), (1, Some(1)));
        let ok = format!(
            "{bare}resource \"aws_flow_log\" \"f\" {{\n  vpc_id = aws_vpc.v.id\n  traffic_type = \"ALL\"\n}}\n"
        );
        assert_eq!(run(&VPC_FLOW_LOGS, &ok), (0, None));
    }

    #[test]
    fn listeners() {
        let http = r#"resource "aws_lb_listener" "l" {
  port     = 80
  protocol = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.t.arn
  }
}
"#;
        assert_eq!(run(&LB_HTTP_LISTENER, http), (1, Some(3)));
        let redirect = r#"resource "aws_lb_listener" "l" {
  protocol = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}
"#;
        assert_eq!(run(&LB_HTTP_LISTENER, redirect), (0, None));
        let weak = "resource \"aws_lb_listener\" \"l\" {\n  protocol   = \"HTTPS\"\n  ssl_policy = \"ELBSecurityPolicy-2016-08\"\n}\n";
        assert_eq!(run(&LB_TLS_POLICY, weak), (1, Some(3)));
        let strong = "resource \"aws_lb_listener\" \"l\" {\n  protocol   = \"HTTPS\"\n  ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"\n}\n";
        assert_eq!(run(&LB_TLS_POLICY, strong), (0, None));
        assert_eq!(run(&LB_HTTP_LISTENER, strong), (0, None));
    }

    #[test]
    fn eks() {
        let bad =
            "resource \"aws_eks_cluster\" \"c\" {\n  vpc_config {\n    subnet_ids = []\n  }\n}\n";
        assert_eq!(run(&EKS_PUBLIC_ENDPOINT, bad), (1, Some(1)));
        let ok = "resource \"aws_eks_cluster\" \"c\" {\n  vpc_config {\n    endpoint_public_access = false\n  }\n}\n";
        assert_eq!(run(&EKS_PUBLIC_ENDPOINT, ok), (0, None));
        let narrowed = "resource \"aws_eks_cluster\" \"c\" {\n  vpc_config {\n    endpoint_public_access = true\n    public_access_cidrs = [\"203.0.113.0/24\"]\n  }\n}\n";
        assert_eq!(run(&EKS_PUBLIC_ENDPOINT, narrowed), (0, None));
    }
}
