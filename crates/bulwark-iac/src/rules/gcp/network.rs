//! VPC networking: firewall exposure and logging, default and auto-mode networks, subnet flow
//! logs and Private Google Access, Cloud DNS (DNSSEC, query logging), load balancer TLS policies.

use super::{blocks_at, configured, strings};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::terraform::{Attr, blocks, doc, hit, lookup, number, require_true, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &FIREWALL_OPEN_INGRESS,
        &FIREWALL_OPEN_INGRESS_PLAN,
        &FIREWALL_LOGGING,
        &FIREWALL_LOGGING_PLAN,
        &PROJECT_DEFAULT_NETWORK,
        &PROJECT_DEFAULT_NETWORK_PLAN,
        &AUTO_SUBNETS,
        &AUTO_SUBNETS_PLAN,
        &SUBNET_FLOW_LOGS,
        &SUBNET_FLOW_LOGS_PLAN,
        &PRIVATE_GOOGLE_ACCESS,
        &PRIVATE_GOOGLE_ACCESS_PLAN,
        &DNSSEC,
        &DNSSEC_PLAN,
        &DNSSEC_RSASHA1,
        &DNSSEC_RSASHA1_PLAN,
        &DNS_LOGGING,
        &DNS_LOGGING_PLAN,
        &SSL_POLICY,
        &SSL_POLICY_PLAN,
    ]
}

/// Ports that must never be open to the internet: SSH, RDP and common database listeners.
const SENSITIVE_PORTS: &[(u32, &str)] = &[
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

static FIREWALL_OPEN_INGRESS_RULE: Rule = doc(
    "iac.gcp.firewall-open-ingress",
    "Firewall rule open to the internet on an administrative or database port",
    Severity::Critical,
    &["CWE-284"],
    &["A05:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.4.1",
        "soc2:CC6.6",
        "cis-gcp-2.0:3.6",
        "cis-gcp-2.0:3.7",
    ],
    "An enabled ingress `google_compute_firewall` has `0.0.0.0/0` or `::/0` in `source_ranges` \
     and an `allow` block that covers SSH (22), RDP (3389), a database port (3306, 5432, 1433, \
     1521, 27017, 6379, 9200) or every port (`protocol = \"all\"`, or TCP/UDP without `ports`). \
     These services are scanned and brute-forced from the whole internet within minutes; PCI DSS \
     1.3.1 restricts inbound traffic to the cardholder data environment to what is necessary.",
    "Restrict `source_ranges` to known networks, or to Identity-Aware Proxy's range for \
     administration:\n\n```hcl\nresource \"google_compute_firewall\" \"ssh_via_iap\" {\n  \
     network       = google_compute_network.vpc.id\n  source_ranges = [\"35.235.240.0/20\"]\n  \
     target_tags   = [\"ssh\"]\n  allow {\n    protocol = \"tcp\"\n    ports    = [\"22\"]\n  \
     }\n}\n```",
    &["https://cloud.google.com/firewall/docs/firewalls"],
);

pub static FIREWALL_OPEN_INGRESS: IacRule = IacRule {
    rule: &FIREWALL_OPEN_INGRESS_RULE,
    format: Format::Terraform,
    kinds: &["google_compute_firewall"],
    check: check_open_ingress,
};

pub static FIREWALL_OPEN_INGRESS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..FIREWALL_OPEN_INGRESS
};

/// Whether a firewall rule is switched off (`disabled = true`): it then matches no traffic.
fn disabled(resource: &Resource) -> bool {
    matches!(lookup(&resource.body, &["disabled"]), Attr::Known(n) if truthy(n) == Some(true))
}

/// A `ports` entry (`"22"`, `"1000-2000"`, `22`) as an inclusive range.
fn port_range(node: &Node) -> Option<(f64, f64)> {
    if let Some(n) = number(node) {
        return Some((n, n));
    }
    let (from, to) = node.as_str()?.split_once('-')?;
    Some((from.trim().parse().ok()?, to.trim().parse().ok()?))
}

/// What one `allow` block exposes, if it is something we report; `None` when unknown or benign.
fn exposed(allow: &Node) -> Option<String> {
    let Attr::Known(protocol) = lookup(allow, &["protocol"]) else {
        return None;
    };
    let protocol = match &protocol.value {
        Value::String(s) => s.to_ascii_lowercase(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    if protocol == "all" {
        return Some("all protocols and ports".into());
    }
    // Only TCP, UDP and SCTP carry ports; ICMP, ESP, AH and the rest expose no listener.
    if !matches!(
        protocol.as_str(),
        "tcp" | "udp" | "sctp" | "6" | "17" | "132"
    ) {
        return None;
    }
    let ranges: Vec<(f64, f64)> = match configured(allow, &["ports"]) {
        Attr::Missing => return Some(format!("all {protocol} ports")),
        Attr::Unknown => return None,
        Attr::Known(ports) => match &ports.value {
            Value::Array(items) => items.iter().filter_map(port_range).collect(),
            _ => port_range(ports).into_iter().collect(),
        },
    };
    if ranges
        .iter()
        .any(|(from, to)| *from <= 1.0 && *to >= 65535.0)
    {
        return Some(format!("all {protocol} ports"));
    }
    let names: Vec<String> = SENSITIVE_PORTS
        .iter()
        .filter(|(p, _)| {
            ranges
                .iter()
                .any(|(from, to)| f64::from(*p) >= *from && f64::from(*p) <= *to)
        })
        .map(|(p, name)| format!("{name} ({p})"))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn check_open_ingress(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if disabled(resource) {
        return Vec::new();
    }
    match lookup(&resource.body, &["direction"]) {
        Attr::Known(d)
            if d.as_str()
                .is_some_and(|s| !s.eq_ignore_ascii_case("INGRESS")) =>
        {
            return Vec::new();
        }
        Attr::Unknown => return Vec::new(),
        _ => {}
    }
    let Attr::Known(ranges) = lookup(&resource.body, &["source_ranges"]) else {
        return Vec::new();
    };
    let Some((cidr, span)) = strings(ranges)
        .into_iter()
        .find(|(s, _)| matches!(*s, "0.0.0.0/0" | "::/0"))
    else {
        return Vec::new();
    };
    let exposures: Vec<String> = blocks(&resource.body, "allow")
        .into_iter()
        .filter_map(exposed)
        .collect();
    if exposures.is_empty() {
        return Vec::new();
    }
    hit(
        span,
        format!(
            "{}: {} open to {cidr}",
            resource.address,
            exposures.join("; ")
        ),
    )
}

static FIREWALL_LOGGING_RULE: Rule = doc(
    "iac.gcp.firewall-logging",
    "Firewall rule without logging",
    Severity::Low,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2"],
    "An enabled `google_compute_firewall` has no `log_config` block (and not the legacy \
     `enable_logging = true`), so connections it allows or denies are not recorded. Without \
     firewall logs nobody can show which sources reached the cardholder data environment, or \
     investigate scanning and lateral movement after an incident.",
    "```hcl\nlog_config {\n  metadata = \"INCLUDE_ALL_METADATA\"\n}\n```",
    &["https://cloud.google.com/firewall/docs/firewall-rules-logging"],
);

pub static FIREWALL_LOGGING: IacRule = IacRule {
    rule: &FIREWALL_LOGGING_RULE,
    format: Format::Terraform,
    kinds: &["google_compute_firewall"],
    check: |_, r| {
        if disabled(r) || !matches!(configured(&r.body, &["log_config"]), Attr::Missing) {
            return Vec::new();
        }
        match lookup(&r.body, &["enable_logging"]) {
            Attr::Known(n) if truthy(n) == Some(false) => hit(
                n.span,
                format!("{}: firewall logging is disabled", r.address),
            ),
            Attr::Missing => hit(
                r.span,
                format!("{}: no `log_config`, firewall logging is off", r.address),
            ),
            _ => Vec::new(),
        }
    },
};

pub static FIREWALL_LOGGING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..FIREWALL_LOGGING
};

static PROJECT_DEFAULT_NETWORK_RULE: Rule = doc(
    "iac.gcp.project-default-network",
    "Project created with the default network",
    Severity::Medium,
    &["CWE-1188"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.2.1", "soc2:CC6.6", "cis-gcp-2.0:3.1"],
    "A `google_project` leaves `auto_create_network` unset or true (the default), so the project \
     gets the `default` VPC: an auto-mode network with a subnet in every region and pre-made \
     firewall rules that allow SSH, RDP and ICMP from anywhere (`default-allow-ssh`, \
     `default-allow-rdp`). Nobody designed or reviewed that network, yet workloads land on it \
     by default.",
    "Set `auto_create_network = false` and create a custom-mode VPC with only the subnets and \
     firewall rules you need (or enforce the `compute.skipDefaultNetworkCreation` organisation \
     policy).",
    &["https://cloud.google.com/vpc/docs/vpc#default-network"],
);

pub static PROJECT_DEFAULT_NETWORK: IacRule = IacRule {
    rule: &PROJECT_DEFAULT_NETWORK_RULE,
    format: Format::Terraform,
    kinds: &["google_project"],
    check: |_, r| match lookup(&r.body, &["auto_create_network"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: `auto_create_network` is not set, so the default network is created",
                r.address
            ),
        ),
        Attr::Known(n) if truthy(n) == Some(true) => hit(
            n.span,
            format!("{}: the default network is created", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static PROJECT_DEFAULT_NETWORK_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PROJECT_DEFAULT_NETWORK
};

static AUTO_SUBNETS_RULE: Rule = doc(
    "iac.gcp.network-auto-subnets",
    "VPC network in auto mode",
    Severity::Low,
    &["CWE-1188"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.2.1", "soc2:CC6.6"],
    "A `google_compute_network` leaves `auto_create_subnetworks` unset or true (the default), so \
     Google creates a subnet in every region from the fixed `10.128.0.0/9` range. Subnets the \
     bank did not plan appear in regions it does not operate in, ranges overlap with other \
     auto-mode networks (blocking peering and VPN), and the network segmentation PCI DSS 1.2 \
     expects to be documented is not under its control.",
    "```hcl\nresource \"google_compute_network\" \"vpc\" {\n  name                    = \
     \"payments\"\n  auto_create_subnetworks = false\n}\n```\nand declare each \
     `google_compute_subnetwork` explicitly.",
    &["https://cloud.google.com/vpc/docs/vpc"],
);

pub static AUTO_SUBNETS: IacRule = IacRule {
    rule: &AUTO_SUBNETS_RULE,
    format: Format::Terraform,
    kinds: &["google_compute_network"],
    check: |_, r| match lookup(&r.body, &["auto_create_subnetworks"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: `auto_create_subnetworks` is not set (auto mode: a subnet in every region)",
                r.address
            ),
        ),
        Attr::Known(n) if truthy(n) == Some(true) => hit(
            n.span,
            format!(
                "{}: auto-mode network creates a subnet in every region",
                r.address
            ),
        ),
        _ => Vec::new(),
    },
};

pub static AUTO_SUBNETS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..AUTO_SUBNETS
};

/// Subnet purposes reserved for Google-managed proxies and NAT, which support neither flow logs
/// nor Private Google Access.
fn proxy_subnet(resource: &Resource) -> bool {
    match lookup(&resource.body, &["purpose"]) {
        Attr::Known(p) => p.as_str().is_some_and(|s| {
            matches!(
                s,
                "REGIONAL_MANAGED_PROXY"
                    | "GLOBAL_MANAGED_PROXY"
                    | "INTERNAL_HTTPS_LOAD_BALANCER"
                    | "PRIVATE_SERVICE_CONNECT"
                    | "PRIVATE_NAT"
            )
        }),
        Attr::Unknown => true,
        Attr::Missing => false,
    }
}

static SUBNET_FLOW_LOGS_RULE: Rule = doc(
    "iac.gcp.subnet-flow-logs",
    "Subnet without VPC flow logs",
    Severity::Medium,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-gcp-2.0:3.8"],
    "A `google_compute_subnetwork` has no `log_config` block, so VPC flow logs are off for it. \
     Without flow logs there is no record of which hosts talked to which, so data exfiltration \
     or lateral movement cannot be investigated and network segmentation cannot be evidenced.",
    "```hcl\nlog_config {\n  aggregation_interval = \"INTERVAL_5_SEC\"\n  flow_sampling        = \
     0.5\n  metadata             = \"INCLUDE_ALL_METADATA\"\n}\n```",
    &["https://cloud.google.com/vpc/docs/flow-logs"],
);

pub static SUBNET_FLOW_LOGS: IacRule = IacRule {
    rule: &SUBNET_FLOW_LOGS_RULE,
    format: Format::Terraform,
    kinds: &["google_compute_subnetwork"],
    check: |_, r| {
        // `enable_flow_logs` is the pre-4.0 provider spelling of `log_config`.
        let legacy_on = match lookup(&r.body, &["enable_flow_logs"]) {
            Attr::Known(n) => truthy(n) == Some(true),
            _ => false,
        };
        if proxy_subnet(r)
            || legacy_on
            || !matches!(configured(&r.body, &["log_config"]), Attr::Missing)
        {
            return Vec::new();
        }
        hit(
            r.span,
            format!("{}: no `log_config`, VPC flow logs are off", r.address),
        )
    },
};

pub static SUBNET_FLOW_LOGS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SUBNET_FLOW_LOGS
};

static PRIVATE_GOOGLE_ACCESS_RULE: Rule = doc(
    "iac.gcp.subnet-private-google-access",
    "Subnet without Private Google Access",
    Severity::Low,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
    "A `google_compute_subnetwork` leaves `private_ip_google_access` unset or false (the \
     default). VMs without external IPs in it cannot reach Google APIs (Cloud Storage, KMS, \
     Logging), which pushes teams to give them public IPs or NAT to the internet — exactly the \
     exposure private subnets are meant to avoid.",
    "Set `private_ip_google_access = true` on the subnet (and route `private.googleapis.com` or \
     `restricted.googleapis.com` through Cloud DNS for VPC Service Controls).",
    &["https://cloud.google.com/vpc/docs/private-google-access"],
);

pub static PRIVATE_GOOGLE_ACCESS: IacRule = IacRule {
    rule: &PRIVATE_GOOGLE_ACCESS_RULE,
    format: Format::Terraform,
    kinds: &["google_compute_subnetwork"],
    check: |_, r| {
        if proxy_subnet(r) {
            return Vec::new();
        }
        require_true(r, &["private_ip_google_access"], "Private Google Access")
    },
};

pub static PRIVATE_GOOGLE_ACCESS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PRIVATE_GOOGLE_ACCESS
};

const ZONE: &[&str] = &["google_dns_managed_zone"];

/// Only public zones are served on the internet and can be signed.
fn public_zone(resource: &Resource) -> bool {
    match lookup(&resource.body, &["visibility"]) {
        Attr::Known(v) => v.as_str() == Some("public"),
        Attr::Missing => true,
        Attr::Unknown => false,
    }
}

static DNSSEC_RULE: Rule = doc(
    "iac.gcp.dns-dnssec",
    "Public Cloud DNS zone without DNSSEC",
    Severity::Medium,
    &["CWE-345"],
    &["A08:2021"],
    &["pci-dss-4.0.1:2.2.1", "soc2:CC6.6", "cis-gcp-2.0:3.3"],
    "A public `google_dns_managed_zone` has no `dnssec_config` with `state = \"on\"` (DNSSEC is \
     off by default). Resolvers cannot then verify the zone's answers, so cache poisoning or a \
     hijacked path can send customers of the bank's domains to an attacker's servers — the \
     first step of many phishing and credential-theft campaigns.",
    "```hcl\ndnssec_config {\n  state = \"on\"\n}\n```\nthen publish the DS record at the \
     registrar.",
    &["https://cloud.google.com/dns/docs/dnssec-config"],
);

pub static DNSSEC: IacRule = IacRule {
    rule: &DNSSEC_RULE,
    format: Format::Terraform,
    kinds: ZONE,
    check: |_, r| {
        if !public_zone(r) {
            return Vec::new();
        }
        match lookup(&r.body, &["dnssec_config", "state"]) {
            Attr::Missing => hit(r.span, format!("{}: DNSSEC is not enabled", r.address)),
            Attr::Known(n) if n.as_str().is_some_and(|s| s != "on") => hit(
                n.span,
                format!(
                    "{}: DNSSEC state is `{}`, not on",
                    r.address,
                    n.as_str().unwrap_or_default()
                ),
            ),
            _ => Vec::new(),
        }
    },
};

pub static DNSSEC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DNSSEC
};

static DNSSEC_RSASHA1_RULE: Rule = doc(
    "iac.gcp.dns-dnssec-rsasha1",
    "Cloud DNS DNSSEC signs with RSASHA1",
    Severity::Medium,
    &["CWE-327"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "cis-gcp-2.0:3.4", "cis-gcp-2.0:3.5"],
    "A `google_dns_managed_zone` lists `algorithm = \"rsasha1\"` in \
     `dnssec_config.default_key_specs` for its key-signing or zone-signing key. SHA-1 \
     signatures are no longer considered strong: chosen-prefix collisions are practical, and \
     RFC 8624 says RSASHA1 must not be used for signing.",
    "Use `algorithm = \"rsasha256\"` (or `ecdsap256sha256`) for both keys:\n\n```hcl\n\
     default_key_specs {\n  algorithm  = \"rsasha256\"\n  key_length = 2048\n  key_type   = \
     \"keySigning\"\n}\n```",
    &["https://cloud.google.com/dns/docs/dnssec-advanced"],
);

pub static DNSSEC_RSASHA1: IacRule = IacRule {
    rule: &DNSSEC_RSASHA1_RULE,
    format: Format::Terraform,
    kinds: ZONE,
    check: |_, r| {
        let mut out = Vec::new();
        for spec in blocks_at(&r.body, &["dnssec_config"], "default_key_specs") {
            if let Attr::Known(a) = lookup(spec, &["algorithm"])
                && a.as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case("rsasha1"))
            {
                out.extend(hit(
                    a.span,
                    format!("{}: DNSSEC key uses RSASHA1", r.address),
                ));
            }
        }
        out
    },
};

pub static DNSSEC_RSASHA1_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DNSSEC_RSASHA1
};

static DNS_LOGGING_RULE: Rule = doc(
    "iac.gcp.dns-policy-logging",
    "Cloud DNS policy without query logging",
    Severity::Low,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2", "cis-gcp-2.0:2.12"],
    "A `google_dns_policy` leaves `enable_logging` unset or false (the default), so DNS queries \
     from the VPC networks it applies to are not logged. DNS logs show which hosts resolved \
     command-and-control or exfiltration domains; without them a compromise is much harder to \
     scope.",
    "```hcl\nresource \"google_dns_policy\" \"logging\" {\n  name           = \"dns-logging\"\n  \
     enable_logging = true\n  networks {\n    network_url = google_compute_network.vpc.id\n  \
     }\n}\n```",
    &["https://cloud.google.com/dns/docs/monitoring"],
);

pub static DNS_LOGGING: IacRule = IacRule {
    rule: &DNS_LOGGING_RULE,
    format: Format::Terraform,
    kinds: &["google_dns_policy"],
    check: |_, r| require_true(r, &["enable_logging"], "DNS query logging"),
};

pub static DNS_LOGGING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DNS_LOGGING
};

static SSL_POLICY_RULE: Rule = doc(
    "iac.gcp.ssl-policy-weak-tls",
    "Load balancer SSL policy allows old TLS versions or weak ciphers",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7", "cis-gcp-2.0:3.9"],
    "A `google_compute_ssl_policy` leaves `min_tls_version` unset or at `TLS_1_0` / `TLS_1_1` \
     (the default is `TLS_1_0`), uses the `COMPATIBLE` profile (the default, which keeps \
     ciphers without forward secrecy), or enables `TLS_RSA_*` / 3DES suites in a `CUSTOM` \
     profile. Those protocol versions and cipher suites are deprecated and PCI DSS does not \
     accept them as strong cryptography for data in transit.",
    "```hcl\nresource \"google_compute_ssl_policy\" \"tls12\" {\n  name            = \
     \"tls12-modern\"\n  profile         = \"MODERN\" # or RESTRICTED\n  min_tls_version = \
     \"TLS_1_2\"\n}\n```",
    &["https://cloud.google.com/load-balancing/docs/ssl-policies-concepts"],
);

pub static SSL_POLICY: IacRule = IacRule {
    rule: &SSL_POLICY_RULE,
    format: Format::Terraform,
    kinds: &["google_compute_ssl_policy"],
    check: check_ssl_policy,
};

pub static SSL_POLICY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SSL_POLICY
};

fn check_ssl_policy(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    match lookup(&resource.body, &["min_tls_version"]) {
        Attr::Missing => out.extend(hit(
            resource.span,
            format!(
                "{}: `min_tls_version` is not set (defaults to TLS_1_0)",
                resource.address
            ),
        )),
        Attr::Known(n) if matches!(n.as_str(), Some("TLS_1_0" | "TLS_1_1")) => out.extend(hit(
            n.span,
            format!(
                "{}: minimum TLS version `{}` is below TLS 1.2",
                resource.address,
                n.as_str().unwrap_or_default()
            ),
        )),
        _ => {}
    }
    match lookup(&resource.body, &["profile"]) {
        Attr::Missing => out.extend(hit(
            resource.span,
            format!(
                "{}: `profile` is not set (COMPATIBLE keeps weak cipher suites)",
                resource.address
            ),
        )),
        Attr::Known(n) if n.as_str() == Some("COMPATIBLE") => out.extend(hit(
            n.span,
            format!(
                "{}: the COMPATIBLE profile keeps weak cipher suites",
                resource.address
            ),
        )),
        Attr::Known(n) if n.as_str() == Some("CUSTOM") => {
            if let Attr::Known(features) = lookup(&resource.body, &["custom_features"]) {
                for (feature, span) in strings(features) {
                    if feature.starts_with("TLS_RSA_") || feature.contains("3DES") {
                        out.extend(hit(
                            span,
                            format!("{}: weak cipher suite `{feature}`", resource.address),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn open_ingress() {
        let ssh = r#"resource "google_compute_firewall" "f" {
  network       = "vpc"
  source_ranges = ["10.0.0.0/8", "0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
  allow {
    protocol = "tcp"
    ports    = ["20-30", "8080"]
  }
}
"#;
        assert_eq!(run(&FIREWALL_OPEN_INGRESS, ssh), (1, Some(3)));
        let all = "resource \"google_compute_firewall\" \"f\" {\n  source_ranges = [\"::/0\"]\n  allow {\n    protocol = \"all\"\n  }\n}\n";
        assert_eq!(run(&FIREWALL_OPEN_INGRESS, all), (1, Some(2)));
        let tcp_all = "resource \"google_compute_firewall\" \"f\" {\n  source_ranges = [\"0.0.0.0/0\"]\n  allow {\n    protocol = \"tcp\"\n  }\n}\n";
        assert_eq!(run(&FIREWALL_OPEN_INGRESS, tcp_all), (1, Some(2)));
        let fine = r#"resource "google_compute_firewall" "https" {
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
  allow {
    protocol = "icmp"
  }
}
resource "google_compute_firewall" "internal" {
  source_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
resource "google_compute_firewall" "off" {
  disabled      = true
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
resource "google_compute_firewall" "egress" {
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]
  source_ranges      = ["0.0.0.0/0"]
  allow {
    protocol = "all"
  }
}
"#;
        assert_eq!(run(&FIREWALL_OPEN_INGRESS, fine), (0, None));
    }

    #[test]
    fn firewall_logging() {
        let bare = "resource \"google_compute_firewall\" \"f\" {\n  network = \"vpc\"\n}\n";
        assert_eq!(run(&FIREWALL_LOGGING, bare), (1, Some(1)));
        let logged = "resource \"google_compute_firewall\" \"f\" {\n  log_config {\n    metadata = \"INCLUDE_ALL_METADATA\"\n  }\n}\n";
        assert_eq!(run(&FIREWALL_LOGGING, logged), (0, None));
    }

    #[test]
    fn default_and_auto_networks() {
        let project = "resource \"google_project\" \"p\" {\n  name = \"payments\"\n}\n";
        assert_eq!(run(&PROJECT_DEFAULT_NETWORK, project), (1, Some(1)));
        let no_default = "resource \"google_project\" \"p\" {\n  auto_create_network = false\n}\n";
        assert_eq!(run(&PROJECT_DEFAULT_NETWORK, no_default), (0, None));
        let auto = "resource \"google_compute_network\" \"n\" {\n  name = \"x\"\n  auto_create_subnetworks = true\n}\n";
        assert_eq!(run(&AUTO_SUBNETS, auto), (1, Some(3)));
        let custom =
            "resource \"google_compute_network\" \"n\" {\n  auto_create_subnetworks = false\n}\n";
        assert_eq!(run(&AUTO_SUBNETS, custom), (0, None));
    }

    #[test]
    fn subnets() {
        let bare = "resource \"google_compute_subnetwork\" \"s\" {\n  ip_cidr_range = \"10.0.0.0/24\"\n}\n";
        assert_eq!(run(&SUBNET_FLOW_LOGS, bare), (1, Some(1)));
        assert_eq!(run(&PRIVATE_GOOGLE_ACCESS, bare), (1, Some(1)));
        let good = r#"resource "google_compute_subnetwork" "s" {
  ip_cidr_range            = "10.0.0.0/24"
  private_ip_google_access = true
  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
  }
}
resource "google_compute_subnetwork" "proxy" {
  ip_cidr_range = "10.1.0.0/24"
  purpose       = "REGIONAL_MANAGED_PROXY"
}
"#;
        assert_eq!(run(&SUBNET_FLOW_LOGS, good), (0, None));
        assert_eq!(run(&PRIVATE_GOOGLE_ACCESS, good), (0, None));
    }

    #[test]
    fn dns() {
        let bare =
            "resource \"google_dns_managed_zone\" \"z\" {\n  dns_name = \"bank.example.\"\n}\n";
        assert_eq!(run(&DNSSEC, bare), (1, Some(1)));
        let private =
            "resource \"google_dns_managed_zone\" \"z\" {\n  visibility = \"private\"\n}\n";
        assert_eq!(run(&DNSSEC, private), (0, None));
        let sha1 = r#"resource "google_dns_managed_zone" "z" {
  dnssec_config {
    state = "on"
    default_key_specs {
      algorithm = "rsasha1"
      key_type  = "keySigning"
    }
    default_key_specs {
      algorithm = "rsasha256"
      key_type  = "zoneSigning"
    }
  }
}
"#;
        assert_eq!(run(&DNSSEC, sha1), (0, None));
        assert_eq!(run(&DNSSEC_RSASHA1, sha1), (1, Some(5)));
        assert_eq!(run(&DNSSEC_RSASHA1, bare), (0, None));
        let policy = "resource \"google_dns_policy\" \"p\" {\n  enable_logging = false\n}\n";
        assert_eq!(run(&DNS_LOGGING, policy), (1, Some(2)));
        let logged = "resource \"google_dns_policy\" \"p\" {\n  enable_logging = true\n}\n";
        assert_eq!(run(&DNS_LOGGING, logged), (0, None));
    }

    #[test]
    fn ssl_policy() {
        let bare = "resource \"google_compute_ssl_policy\" \"p\" {\n  name = \"x\"\n}\n";
        assert_eq!(run(&SSL_POLICY, bare), (2, Some(1)));
        let old = "resource \"google_compute_ssl_policy\" \"p\" {\n  profile = \"MODERN\"\n  min_tls_version = \"TLS_1_1\"\n}\n";
        assert_eq!(run(&SSL_POLICY, old), (1, Some(3)));
        let custom = r#"resource "google_compute_ssl_policy" "p" {
  min_tls_version = "TLS_1_2"
  profile         = "CUSTOM"
  custom_features = ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"]
}
"#;
        assert_eq!(run(&SSL_POLICY, custom), (1, Some(4)));
        let good = "resource \"google_compute_ssl_policy\" \"p\" {\n  profile = \"RESTRICTED\"\n  min_tls_version = \"TLS_1_2\"\n}\n";
        assert_eq!(run(&SSL_POLICY, good), (0, None));
    }

    #[test]
    fn plan_twin() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "google_compute_firewall.f",
          "type": "google_compute_firewall",
          "values": {
            "direction": "INGRESS",
            "disabled": false,
            "source_ranges": ["0.0.0.0/0"],
            "allow": [{"protocol": "tcp", "ports": ["3389"]}],
            "log_config": []
          }
        }
      ]
    }
  }
}
"#;
        let found = crate::rules::testing::hits(&FIREWALL_OPEN_INGRESS_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 12);
        assert!(found[0].message.contains("RDP (3389)"));
        let found = crate::rules::testing::hits(&FIREWALL_LOGGING_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
    }
}
