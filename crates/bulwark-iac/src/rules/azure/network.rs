//! Networking: network security group rules open to the internet, public IPs on virtual
//! machines, subnets without a network security group, Application Gateway WAF and TLS policy,
//! Azure Firewall threat intelligence.

use super::{forbid_values, is_one_of};
use crate::model::Format;
use crate::model::{Node, Resource, Value};
use crate::rules::terraform::{Attr, attached, blocks, doc, hit, lookup};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &NSG_ADMIN_PORTS,
        &NSG_ADMIN_PORTS_PLAN,
        &NSG_DB_PORTS,
        &NSG_DB_PORTS_PLAN,
        &VM_PUBLIC_IP,
        &VM_PUBLIC_IP_PLAN,
        &SUBNET_NSG,
        &APP_GATEWAY_WAF,
        &APP_GATEWAY_WAF_PLAN,
        &APP_GATEWAY_TLS,
        &APP_GATEWAY_TLS_PLAN,
        &FIREWALL_THREAT_INTEL,
        &FIREWALL_THREAT_INTEL_PLAN,
    ]
}

const NSG_KINDS: &[&str] = &[
    "azurerm_network_security_group",
    "azurerm_network_security_rule",
];

/// Remote administration services an internet-facing rule must never expose.
const ADMIN_PORTS: &[(u32, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (3389, "RDP"),
    (5985, "WinRM"),
    (5986, "WinRM over HTTPS"),
];

/// Database and cache listeners.
const DB_PORTS: &[(u32, &str)] = &[
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (5984, "CouchDB"),
    (6379, "Redis"),
    (9042, "Cassandra"),
    (9200, "Elasticsearch"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
];

/// Source prefixes that mean "any address on the internet" in an NSG rule.
fn is_world(node: &Node) -> bool {
    is_one_of(
        node,
        &["*", "0.0.0.0", "0.0.0.0/0", "::/0", "Internet", "Any"],
    )
}

/// The world-open source of an NSG rule (`source_address_prefix` or an element of
/// `source_address_prefixes`), if any.
fn world_source(rule: &Node) -> Option<&Node> {
    if let Attr::Known(prefix) = lookup(rule, &["source_address_prefix"])
        && is_world(prefix)
    {
        return Some(prefix);
    }
    match lookup(rule, &["source_address_prefixes"]) {
        Attr::Known(list) => list.as_array()?.iter().find(|n| is_world(n)),
        _ => None,
    }
}

/// A destination port range as written: `"22"`, `"1000-2000"` or `"*"`.
fn port_range(node: &Node) -> Option<(u32, u32)> {
    let text = match &node.value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => format!("{n}"),
        _ => return None,
    };
    if text == "*" {
        return Some((0, 65535));
    }
    match text.split_once('-') {
        Some((from, to)) => Some((from.trim().parse().ok()?, to.trim().parse().ok()?)),
        None => {
            let port = text.parse().ok()?;
            Some((port, port))
        }
    }
}

/// The literal destination port ranges of an NSG rule; `None` if any is unresolved.
fn destination_ranges(rule: &Node) -> Option<Vec<(u32, u32)>> {
    let mut out = Vec::new();
    match lookup(rule, &["destination_port_range"]) {
        Attr::Known(node) if node.as_str() != Some("") => out.push(port_range(node)?),
        Attr::Unknown => return None,
        _ => {}
    }
    match lookup(rule, &["destination_port_ranges"]) {
        Attr::Known(list) => {
            for item in list.as_array().unwrap_or_default() {
                out.push(port_range(item)?);
            }
        }
        Attr::Unknown => return None,
        Attr::Missing => {}
    }
    Some(out)
}

fn covers_everything((from, to): (u32, u32)) -> bool {
    from <= 1 && to >= 65535
}

/// Inbound `Allow` rules of an NSG resource (inline `security_rule` blocks or the standalone
/// rule resource) whose source is the whole internet, with that source node.
fn open_inbound_rules(resource: &Resource) -> Vec<(&Node, &Node)> {
    let rules: Vec<&Node> = if resource.kind == "azurerm_network_security_group" {
        blocks(&resource.body, "security_rule")
    } else {
        vec![&resource.body]
    };
    rules
        .into_iter()
        .filter(|r| matches!(lookup(r, &["direction"]), Attr::Known(d) if is_one_of(d, &["Inbound"])))
        .filter(|r| matches!(lookup(r, &["access"]), Attr::Known(a) if is_one_of(a, &["Allow"])))
        .filter(|r| {
            !matches!(lookup(r, &["protocol"]), Attr::Known(p) if is_one_of(p, &["Icmp", "Esp", "Ah"]))
        })
        .filter_map(|r| world_source(r).map(|source| (r, source)))
        .collect()
}

/// The named `ports` a rule's ranges expose; with `all_ports`, "all ports" for a full range.
fn exposed(ranges: &[(u32, u32)], ports: &[(u32, &str)], all_ports: bool) -> Vec<String> {
    if ranges.iter().any(|r| covers_everything(*r)) {
        return if all_ports {
            vec!["all ports".to_owned()]
        } else {
            Vec::new()
        };
    }
    ports
        .iter()
        .filter(|(p, _)| ranges.iter().any(|(from, to)| from <= p && p <= to))
        .map(|(p, name)| format!("{name} ({p})"))
        .collect()
}

fn check_open(resource: &Resource, ports: &[(u32, &str)], all_ports: bool) -> Vec<Hit> {
    let mut out = Vec::new();
    for (rule, source) in open_inbound_rules(resource) {
        let Some(ranges) = destination_ranges(rule) else {
            continue;
        };
        let names = exposed(&ranges, ports, all_ports);
        if names.is_empty() {
            continue;
        }
        out.extend(hit(
            source.span,
            format!(
                "{}: {} open to {}",
                resource.address,
                names.join(", "),
                source.as_str().unwrap_or_default()
            ),
        ));
    }
    out
}

static NSG_ADMIN_PORTS_RULE: Rule = doc(
    "iac.azure.nsg-open-admin-ports",
    "Network security group opens SSH/RDP to the internet",
    Severity::Critical,
    &["CWE-284"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.4.1",
        "soc2:CC6.6",
        "cis-azure-2.0:6.1",
        "cis-azure-2.0:6.2",
    ],
    "An inbound `Allow` rule of an `azurerm_network_security_group` (`security_rule`) or an \
     `azurerm_network_security_rule` has a source of `*`, `0.0.0.0/0`, `Internet` or `Any` and a \
     destination port range that includes SSH (22), RDP (3389), Telnet (23) or WinRM \
     (5985/5986), or every port. Internet-wide scanners find such listeners within minutes and \
     brute-force them; a compromised VM is then a foothold inside the bank's network.",
    "Restrict `source_address_prefix` to known management ranges (`\"10.20.0.0/24\"`) or an \
     application security group, and reach VMs through Azure Bastion or just-in-time VM \
     access instead of opening the ports.",
    &[
        "https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview",
        "https://learn.microsoft.com/en-us/azure/bastion/bastion-overview",
    ],
);

pub static NSG_ADMIN_PORTS: IacRule = IacRule {
    rule: &NSG_ADMIN_PORTS_RULE,
    format: Format::Terraform,
    kinds: NSG_KINDS,
    check: |_, r| check_open(r, ADMIN_PORTS, true),
};

pub static NSG_ADMIN_PORTS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NSG_ADMIN_PORTS
};

static NSG_DB_PORTS_RULE: Rule = doc(
    "iac.azure.nsg-open-database-ports",
    "Network security group opens database ports to the internet",
    Severity::High,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An inbound `Allow` NSG rule with an internet source (`*`, `0.0.0.0/0`, `Internet`, `Any`) \
     covers a database or cache port — SQL Server 1433, Oracle 1521, MySQL 3306, PostgreSQL \
     5432, Redis 6379, MongoDB 27017, Elasticsearch 9200 and others. Databases hold the account \
     data PCI DSS 1.3/1.4 require to be unreachable from untrusted networks. (Rules open on every \
     port are reported by `iac.azure.nsg-open-admin-ports`.)",
    "Allow database ports only from the application subnets, e.g. `source_address_prefix = \
     azurerm_subnet.app.address_prefixes[0]`, and use private endpoints for PaaS databases.",
    &["https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview"],
);

pub static NSG_DB_PORTS: IacRule = IacRule {
    rule: &NSG_DB_PORTS_RULE,
    format: Format::Terraform,
    kinds: NSG_KINDS,
    check: |_, r| check_open(r, DB_PORTS, false),
};

pub static NSG_DB_PORTS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..NSG_DB_PORTS
};

/// Whether `node` points at a public IP: a reference to an `azurerm_public_ip` resource (the
/// reference itself says what is attached, whatever its unknown id) or a literal resource id.
fn is_public_ip(node: &Node) -> bool {
    match &node.value {
        Value::Expression(text) => text.contains("azurerm_public_ip."),
        Value::String(id) => id
            .to_ascii_lowercase()
            .contains("/providers/microsoft.network/publicipaddresses/"),
        _ => false,
    }
}

static VM_PUBLIC_IP_RULE: Rule = doc(
    "iac.azure.vm-public-ip",
    "Virtual machine network interface has a public IP",
    Severity::Medium,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "An `azurerm_network_interface` `ip_configuration` attaches an `azurerm_public_ip` \
     (`public_ip_address_id`), or a virtual machine scale set gives every instance one \
     (`ip_configuration { public_ip_address { … } }`). The machine is then directly addressable \
     from the internet and only its NSG rules protect it; servers of a cardholder data \
     environment should sit behind a load balancer, Application Gateway or firewall.",
    "Remove `public_ip_address_id` / the `public_ip_address` block, publish services through a \
     load balancer or Application Gateway, and administer machines through Azure Bastion.",
    &["https://learn.microsoft.com/en-us/azure/virtual-network/ip-services/public-ip-addresses"],
);

pub static VM_PUBLIC_IP: IacRule = IacRule {
    rule: &VM_PUBLIC_IP_RULE,
    format: Format::Terraform,
    kinds: &[
        "azurerm_network_interface",
        "azurerm_linux_virtual_machine_scale_set",
        "azurerm_windows_virtual_machine_scale_set",
        "azurerm_orchestrated_virtual_machine_scale_set",
    ],
    check: check_public_ip,
};

pub static VM_PUBLIC_IP_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..VM_PUBLIC_IP
};

fn check_public_ip(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    if resource.kind == "azurerm_network_interface" {
        for config in blocks(&resource.body, "ip_configuration") {
            if let Some(id) = config.get("public_ip_address_id")
                && is_public_ip(id)
            {
                out.extend(hit(
                    id.span,
                    format!("{}: network interface has a public IP", resource.address),
                ));
            }
        }
        return out;
    }
    for nic in blocks(&resource.body, "network_interface") {
        for config in blocks(nic, "ip_configuration") {
            if let Some(public) = blocks(config, "public_ip_address").first() {
                out.extend(hit(
                    public.span,
                    format!(
                        "{}: every scale set instance gets a public IP",
                        resource.address
                    ),
                ));
            }
        }
    }
    out
}

/// Subnets Azure reserves for gateways, firewalls and Bastion, which do not take (or need) an
/// ordinary network security group.
const SPECIAL_SUBNETS: &[&str] = &[
    "GatewaySubnet",
    "AzureFirewallSubnet",
    "AzureFirewallManagementSubnet",
    "AzureBastionSubnet",
    "RouteServerSubnet",
];

static SUBNET_NSG_RULE: Rule = doc(
    "iac.azure.subnet-without-nsg",
    "Subnet without a network security group",
    Severity::Medium,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.2.1", "pci-dss-4.0.1:1.3.1", "soc2:CC6.6"],
    "An `azurerm_subnet` has no `azurerm_subnet_network_security_group_association` in the same \
     file, or an inline `subnet` block of an `azurerm_virtual_network` has no `security_group`. \
     Traffic into and between its hosts is then governed only by Azure's default rules, which \
     allow everything inside the virtual network — no segmentation of the cardholder data \
     environment (PCI DSS 1.2/1.3). Gateway, firewall, Bastion and route server subnets are \
     exempt.",
    "```hcl\nresource \"azurerm_subnet_network_security_group_association\" \"app\" {\n  \
     subnet_id                 = azurerm_subnet.app.id\n  network_security_group_id = \
     azurerm_network_security_group.app.id\n}\n```",
    &["https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview"],
);

pub static SUBNET_NSG: IacRule = IacRule {
    rule: &SUBNET_NSG_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_subnet", "azurerm_virtual_network"],
    check: check_subnet_nsg,
};

/// Whether a subnet's literal name is one of the reserved [`SPECIAL_SUBNETS`]; an unknown
/// name counts as special, so it is not reported.
fn is_special(subnet: &Node) -> bool {
    match lookup(subnet, &["name"]) {
        Attr::Known(name) => is_one_of(name, SPECIAL_SUBNETS),
        _ => true,
    }
}

fn check_subnet_nsg(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if resource.kind == "azurerm_virtual_network" {
        let mut out = Vec::new();
        for subnet in blocks(&resource.body, "subnet") {
            if !is_special(subnet) && matches!(lookup(subnet, &["security_group"]), Attr::Missing) {
                out.extend(hit(
                    subnet.span,
                    format!(
                        "{}: inline subnet `{}` has no network security group",
                        resource.address,
                        subnet
                            .get("name")
                            .and_then(Node::as_str)
                            .unwrap_or_default()
                    ),
                ));
            }
        }
        return out;
    }
    if is_special(&resource.body)
        || !attached(
            context,
            resource,
            &["azurerm_subnet_network_security_group_association"],
        )
        .is_empty()
    {
        return Vec::new();
    }
    hit(
        resource.span,
        format!(
            "{}: no network security group is associated with the subnet",
            resource.address
        ),
    )
}

static APP_GATEWAY_WAF_RULE: Rule = doc(
    "iac.azure.app-gateway-waf",
    "Application Gateway without a web application firewall",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["pci-dss-4.0.1:6.4.2", "soc2:CC6.6"],
    "An `azurerm_application_gateway` uses a `Standard`, `Standard_v2` or `Basic` SKU tier, or a \
     WAF tier whose `waf_configuration` sets `enabled = false` without a `firewall_policy_id`. \
     Web applications behind it get no automated detection or blocking of injection, XSS and \
     other OWASP attacks, which PCI DSS 6.4.2 requires for public-facing web applications.",
    "Use `sku { tier = \"WAF_v2\" }` with `firewall_policy_id = \
     azurerm_web_application_firewall_policy.this.id` (policy in `Prevention` mode with the \
     managed OWASP rule set).",
    &["https://learn.microsoft.com/en-us/azure/web-application-firewall/ag/ag-overview"],
);

pub static APP_GATEWAY_WAF: IacRule = IacRule {
    rule: &APP_GATEWAY_WAF_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_application_gateway"],
    check: check_waf,
};

pub static APP_GATEWAY_WAF_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..APP_GATEWAY_WAF
};

fn check_waf(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let Attr::Known(tier) = lookup(&resource.body, &["sku", "tier"]) else {
        return Vec::new();
    };
    if is_one_of(tier, &["Standard", "Standard_v2", "Basic"]) {
        return hit(
            tier.span,
            format!(
                "{}: SKU tier `{}` has no web application firewall",
                resource.address,
                tier.as_str().unwrap_or_default()
            ),
        );
    }
    if !matches!(
        lookup(&resource.body, &["firewall_policy_id"]),
        Attr::Missing
    ) {
        return Vec::new();
    }
    match lookup(&resource.body, &["waf_configuration", "enabled"]) {
        Attr::Known(enabled) if crate::rules::terraform::truthy(enabled) == Some(false) => hit(
            enabled.span,
            format!(
                "{}: the web application firewall is disabled",
                resource.address
            ),
        ),
        _ => Vec::new(),
    }
}

/// Predefined Application Gateway TLS policies whose minimum protocol is below TLS 1.2.
const WEAK_APP_GATEWAY_POLICIES: &[&str] = &["AppGwSslPolicy20150501", "AppGwSslPolicy20170401"];

static APP_GATEWAY_TLS_RULE: Rule = doc(
    "iac.azure.app-gateway-tls-policy",
    "Application Gateway TLS policy allows TLS older than 1.2",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `azurerm_application_gateway` `ssl_policy` names a predefined policy whose minimum is \
     TLS 1.0 or 1.1 (`AppGwSslPolicy20150501`, `AppGwSslPolicy20170401`) or sets \
     `min_protocol_version` to `TLSv1_0`/`TLSv1_1`. Browsers and API clients of the bank's \
     public sites can then be served over deprecated protocols.",
    "```hcl\nssl_policy {\n  policy_type = \"Predefined\"\n  policy_name = \
     \"AppGwSslPolicy20220101S\"\n}\n```",
    &[
        "https://learn.microsoft.com/en-us/azure/application-gateway/application-gateway-ssl-policy-overview",
    ],
);

pub static APP_GATEWAY_TLS: IacRule = IacRule {
    rule: &APP_GATEWAY_TLS_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_application_gateway"],
    check: |_, r| {
        let mut out = forbid_values(
            r,
            &["ssl_policy.policy_name"],
            WEAK_APP_GATEWAY_POLICIES,
            "allows TLS older than 1.2",
        );
        out.extend(forbid_values(
            r,
            &["ssl_policy.min_protocol_version"],
            &["TLSv1_0", "TLSv1_1"],
            "allows TLS older than 1.2",
        ));
        out
    },
};

pub static APP_GATEWAY_TLS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..APP_GATEWAY_TLS
};

static FIREWALL_THREAT_INTEL_RULE: Rule = doc(
    "iac.azure.firewall-threat-intel-off",
    "Azure Firewall threat intelligence turned off",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["pci-dss-4.0.1:11.5.1", "soc2:CC7.2"],
    "An `azurerm_firewall` or `azurerm_firewall_policy` sets `threat_intel_mode = \"Off\"`, so \
     traffic to and from IP addresses and domains Microsoft knows to be malicious (command and \
     control servers, botnets) is neither alerted on nor blocked.",
    "Set `threat_intel_mode = \"Deny\"` (or at least the default `\"Alert\"`).",
    &["https://learn.microsoft.com/en-us/azure/firewall/threat-intel"],
);

pub static FIREWALL_THREAT_INTEL: IacRule = IacRule {
    rule: &FIREWALL_THREAT_INTEL_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_firewall", "azurerm_firewall_policy"],
    check: |_, r| {
        forbid_values(
            r,
            &["threat_intel_mode"],
            &["Off"],
            "turns threat intelligence filtering off",
        )
    },
};

pub static FIREWALL_THREAT_INTEL_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..FIREWALL_THREAT_INTEL
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const NSG: &str = r#"resource "azurerm_network_security_group" "n" {
  name = "web"
  security_rule {
    name                       = "https"
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_address_prefix      = "*"
    destination_port_range     = "443"
  }
  security_rule {
    name                       = "ssh"
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_address_prefix      = "Internet"
    destination_port_range     = "22"
  }
  security_rule {
    name                       = "sql"
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_address_prefixes    = ["10.0.0.0/8", "0.0.0.0/0"]
    destination_port_ranges    = ["1400-1500"]
  }
  security_rule {
    name                       = "deny-rdp"
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_address_prefix      = "*"
    destination_port_range     = "3389"
  }
}
"#;

    #[test]
    fn nsg_rules() {
        assert_eq!(run(&NSG_ADMIN_PORTS, NSG), (1, Some(16)));
        assert_eq!(run(&NSG_DB_PORTS, NSG), (1, Some(24)));
        let all = r#"resource "azurerm_network_security_rule" "any" {
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_address_prefix       = "0.0.0.0/0"
  destination_port_range      = "*"
}
"#;
        assert_eq!(run(&NSG_ADMIN_PORTS, all), (1, Some(5)));
        assert_eq!(run(&NSG_DB_PORTS, all), (0, None));
        let internal = r#"resource "azurerm_network_security_rule" "ssh" {
  direction              = "Inbound"
  access                 = "Allow"
  protocol               = "Tcp"
  source_address_prefix  = "10.20.0.0/24"
  destination_port_range = "22"
}
resource "azurerm_network_security_rule" "out" {
  direction              = "Outbound"
  access                 = "Allow"
  protocol               = "Tcp"
  source_address_prefix  = "*"
  destination_port_range = "5432"
}
resource "azurerm_network_security_rule" "var" {
  direction              = "Inbound"
  access                 = "Allow"
  protocol               = "Tcp"
  source_address_prefix  = "*"
  destination_port_range = var.port
}
"#;
        assert_eq!(run(&NSG_ADMIN_PORTS, internal), (0, None));
        assert_eq!(run(&NSG_DB_PORTS, internal), (0, None));
        let numeric = "resource \"azurerm_network_security_rule\" \"rdp\" {\n  direction = \"Inbound\"\n  access = \"Allow\"\n  source_address_prefix = \"*\"\n  destination_port_range = 3389\n}\n";
        assert_eq!(run(&NSG_ADMIN_PORTS, numeric), (1, Some(4)));
    }

    #[test]
    fn nsg_rules_in_a_plan() {
        // Plans list every attribute of an inline rule, unset ones as "" or [].
        let plan = r#"{
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "azurerm_network_security_group.n",
          "type": "azurerm_network_security_group",
          "values": {
            "security_rule": [
              {
                "access": "Allow",
                "direction": "Inbound",
                "protocol": "Tcp",
                "source_address_prefix": "",
                "source_address_prefixes": ["0.0.0.0/0"],
                "destination_port_range": "",
                "destination_port_ranges": ["5432", "22"]
              }
            ]
          }
        }
      ]
    }
  }
}
"#;
        let admin = crate::rules::testing::hits(&NSG_ADMIN_PORTS_PLAN, "plan.json", plan);
        assert_eq!(admin.len(), 1);
        assert_eq!(admin[0].span.start.line, 15);
        let db = crate::rules::testing::hits(&NSG_DB_PORTS_PLAN, "plan.json", plan);
        assert_eq!(db.len(), 1);
        assert!(crate::rules::testing::hits(&NSG_ADMIN_PORTS, "plan.json", plan).is_empty());
    }

    #[test]
    fn public_ips() {
        let nic = r#"resource "azurerm_network_interface" "n" {
  ip_configuration {
    name                 = "internal"
    subnet_id            = azurerm_subnet.s.id
    public_ip_address_id = azurerm_public_ip.p.id
  }
}
"#;
        assert_eq!(run(&VM_PUBLIC_IP, nic), (1, Some(5)));
        let private = "resource \"azurerm_network_interface\" \"n\" {\n  ip_configuration {\n    subnet_id = azurerm_subnet.s.id\n  }\n}\n";
        assert_eq!(run(&VM_PUBLIC_IP, private), (0, None));
        let vmss = r#"resource "azurerm_linux_virtual_machine_scale_set" "v" {
  network_interface {
    name = "nic"
    ip_configuration {
      name = "ip"
      public_ip_address {
        name = "pip"
      }
    }
  }
}
"#;
        assert_eq!(run(&VM_PUBLIC_IP, vmss), (1, Some(6)));
    }

    #[test]
    fn subnets() {
        let text = r#"resource "azurerm_subnet" "app" {
  name = "app"
}
resource "azurerm_subnet" "db" {
  name = "db"
}
resource "azurerm_subnet" "gw" {
  name = "GatewaySubnet"
}
resource "azurerm_subnet_network_security_group_association" "db" {
  subnet_id                 = azurerm_subnet.db.id
  network_security_group_id = azurerm_network_security_group.n.id
}
resource "azurerm_virtual_network" "v" {
  subnet {
    name           = "inline"
    address_prefix = "10.0.1.0/24"
  }
  subnet {
    name           = "guarded"
    security_group = azurerm_network_security_group.n.id
  }
}
"#;
        let found = crate::rules::testing::hits(&SUBNET_NSG, "main.tf", text);
        let lines: Vec<u32> = found.iter().map(|h| h.span.start.line).collect();
        assert_eq!(lines, vec![1, 15]);
    }

    #[test]
    fn application_gateway() {
        let standard = "resource \"azurerm_application_gateway\" \"g\" {\n  sku {\n    name = \"Standard_v2\"\n    tier = \"Standard_v2\"\n  }\n  ssl_policy {\n    policy_type = \"Predefined\"\n    policy_name = \"AppGwSslPolicy20150501\"\n  }\n}\n";
        assert_eq!(run(&APP_GATEWAY_WAF, standard), (1, Some(4)));
        assert_eq!(run(&APP_GATEWAY_TLS, standard), (1, Some(8)));
        let waf_off = "resource \"azurerm_application_gateway\" \"g\" {\n  sku {\n    tier = \"WAF_v2\"\n  }\n  waf_configuration {\n    enabled = false\n  }\n}\n";
        assert_eq!(run(&APP_GATEWAY_WAF, waf_off), (1, Some(6)));
        let good = "resource \"azurerm_application_gateway\" \"g\" {\n  sku {\n    tier = \"WAF_v2\"\n  }\n  firewall_policy_id = azurerm_web_application_firewall_policy.p.id\n  ssl_policy {\n    policy_type = \"Predefined\"\n    policy_name = \"AppGwSslPolicy20220101S\"\n  }\n}\n";
        assert_eq!(run(&APP_GATEWAY_WAF, good), (0, None));
        assert_eq!(run(&APP_GATEWAY_TLS, good), (0, None));
        let custom = "resource \"azurerm_application_gateway\" \"g\" {\n  ssl_policy {\n    policy_type = \"Custom\"\n    min_protocol_version = \"TLSv1_1\"\n  }\n}\n";
        assert_eq!(run(&APP_GATEWAY_TLS, custom), (1, Some(4)));
    }

    #[test]
    fn firewall() {
        let off =
            "resource \"azurerm_firewall_policy\" \"p\" {\n  threat_intel_mode = \"Off\"\n}\n";
        assert_eq!(run(&FIREWALL_THREAT_INTEL, off), (1, Some(2)));
        let deny = "resource \"azurerm_firewall\" \"f\" {\n  threat_intel_mode = \"Deny\"\n}\n";
        assert_eq!(run(&FIREWALL_THREAT_INTEL, deny), (0, None));
    }
}
