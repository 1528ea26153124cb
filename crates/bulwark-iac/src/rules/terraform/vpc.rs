//! VPC defaults and network ACLs: the default security group, NACL rules open to the internet.

use super::network::{exposed, world_cidrs};
use super::{Attr, blocks, doc, hit, lookup, truthy};
use crate::model::{Format, Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &DEFAULT_SG_RULES,
        &DEFAULT_SG_RULES_PLAN,
        &NACL_OPEN_INGRESS,
        &NACL_OPEN_INGRESS_PLAN,
    ]
}

static DEFAULT_SG_RULES_RULE: Rule = doc(
    "iac.aws.default-security-group-rules",
    "Default security group allows traffic",
    Severity::Medium,
    &["CWE-284"],
    &["A05:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.3.2",
        "soc2:CC6.6",
        "cis-aws-3.0:5.4",
    ],
    "An `aws_default_security_group` declares `ingress` or `egress` rules. Every resource \
     launched without an explicit security group lands in the default one, so any rule there \
     silently applies to instances, databases and endpoints nobody meant to expose. CIS AWS 5.4 \
     requires the default security group of every VPC to restrict all traffic.",
    "Manage the default security group with no rules at all, and give each workload its own \
     security group:\n\n```hcl\nresource \"aws_default_security_group\" \"default\" {\n  vpc_id \
     = aws_vpc.main.id\n}\n```",
    &["https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"],
);

pub static DEFAULT_SG_RULES: IacRule = IacRule {
    rule: &DEFAULT_SG_RULES_RULE,
    format: Format::Terraform,
    kinds: &["aws_default_security_group"],
    check: |_, r| {
        ["ingress", "egress"]
            .iter()
            .flat_map(|name| {
                blocks(&r.body, name).into_iter().flat_map(move |rule| {
                    hit(
                        rule.span,
                        format!(
                            "{}: the default security group has an {name} rule",
                            r.address
                        ),
                    )
                })
            })
            .collect()
    },
};

pub static DEFAULT_SG_RULES_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DEFAULT_SG_RULES
};

static NACL_OPEN_INGRESS_RULE: Rule = doc(
    "iac.aws.nacl-open-ingress",
    "Network ACL allows the internet to an administrative or database port",
    Severity::High,
    &["CWE-284"],
    &["A05:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.4.1",
        "soc2:CC6.6",
        "cis-aws-3.0:5.1",
    ],
    "An inbound `allow` entry of an `aws_network_acl`, `aws_default_network_acl` or \
     `aws_network_acl_rule` admits `0.0.0.0/0` or `::/0` to SSH (22), RDP (3389), a database \
     port (3306, 5432, 1433, 1521, 27017, 6379, 9200) or all ports. Network ACLs are the \
     subnet-level layer of defence in depth; an open entry leaves a single security group \
     rule between the internet and the service. CIS AWS 5.1 asks that no NACL allow ingress \
     from anywhere to remote administration ports.",
    "Allow only the ports the subnet serves (e.g. 443) from the internet, and reach \
     administration ports from known ranges:\n\n```hcl\ningress {\n  rule_no    = 100\n  \
     action     = \"allow\"\n  protocol   = \"tcp\"\n  cidr_block = \"10.0.0.0/8\"\n  from_port  \
     = 22\n  to_port    = 22\n}\n```",
    &["https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"],
);

pub static NACL_OPEN_INGRESS: IacRule = IacRule {
    rule: &NACL_OPEN_INGRESS_RULE,
    format: Format::Terraform,
    kinds: &[
        "aws_network_acl",
        "aws_default_network_acl",
        "aws_network_acl_rule",
    ],
    check: check_nacl,
};

pub static NACL_OPEN_INGRESS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NACL_OPEN_INGRESS
};

fn check_nacl(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let (entries, action_key): (Vec<&Node>, &str) = if resource.kind == "aws_network_acl_rule" {
        // `egress` defaults to false: a rule is inbound unless it says otherwise.
        let inbound = match lookup(&resource.body, &["egress"]) {
            Attr::Missing => true,
            Attr::Known(egress) => truthy(egress) == Some(false),
            Attr::Unknown => false,
        };
        if !inbound {
            return Vec::new();
        }
        (vec![&resource.body], "rule_action")
    } else {
        (blocks(&resource.body, "ingress"), "action")
    };
    let mut out = Vec::new();
    for entry in entries {
        if !matches!(lookup(entry, &[action_key]), Attr::Known(a) if a.as_str() == Some("allow")) {
            continue;
        }
        let cidrs = world_cidrs(entry, &["cidr_block", "ipv6_cidr_block"]);
        let Some(first) = cidrs.first() else {
            continue;
        };
        if let Some(what) = exposed(entry, "protocol") {
            out.extend(hit(
                first.span,
                format!(
                    "{}: network ACL allows {} from {}",
                    resource.address,
                    what,
                    first.as_str().unwrap_or_default()
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn default_security_group() {
        let bad = r#"resource "aws_default_security_group" "d" {
  vpc_id = aws_vpc.v.id
  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }
}
"#;
        assert_eq!(run(&DEFAULT_SG_RULES, bad), (1, Some(3)));
        let ok = "resource \"aws_default_security_group\" \"d\" {\n  vpc_id = aws_vpc.v.id\n}\n";
        assert_eq!(run(&DEFAULT_SG_RULES, ok), (0, None));
    }

    #[test]
    fn network_acls() {
        let acl = r#"resource "aws_network_acl" "a" {
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 443
    to_port    = 443
  }
  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }
  ingress {
    rule_no    = 120
    action     = "deny"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
"#;
        assert_eq!(run(&NACL_OPEN_INGRESS, acl), (1, Some(14)));
        let rule = r#"resource "aws_network_acl_rule" "r" {
  rule_number = 100
  rule_action = "allow"
  protocol    = "-1"
  cidr_block  = "0.0.0.0/0"
}
"#;
        assert_eq!(run(&NACL_OPEN_INGRESS, rule), (1, Some(5)));
        let egress = rule.replace("rule_number = 100", "egress = true");
        assert_eq!(run(&NACL_OPEN_INGRESS, &egress), (0, None));
    }
}
