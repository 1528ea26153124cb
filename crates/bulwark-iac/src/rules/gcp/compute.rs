//! Compute Engine: serial console, OS Login and SSH keys, IP forwarding, external IPs, Shielded
//! VM, the default service account and its scopes, disk encryption keys.

use super::{configured, metadata_flag, strings};
use crate::model::{Format, Node, Resource};
use crate::rules::terraform::{Attr, blocks, doc, hit, lookup, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &SERIAL_PORT,
        &SERIAL_PORT_PLAN,
        &OS_LOGIN,
        &OS_LOGIN_PLAN,
        &PROJECT_SSH_KEYS,
        &PROJECT_SSH_KEYS_PLAN,
        &IP_FORWARDING,
        &IP_FORWARDING_PLAN,
        &PUBLIC_IP,
        &PUBLIC_IP_PLAN,
        &SHIELDED_VM,
        &SHIELDED_VM_PLAN,
        &DEFAULT_SERVICE_ACCOUNT,
        &DEFAULT_SERVICE_ACCOUNT_PLAN,
        &DEFAULT_SA_FULL_SCOPE,
        &DEFAULT_SA_FULL_SCOPE_PLAN,
        &DISK_CMEK,
        &DISK_CMEK_PLAN,
    ]
}

/// Resources that describe a VM: instances and the templates instance groups are built from.
const VM: &[&str] = &[
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_region_instance_template",
];

/// VMs plus the project-wide metadata that every VM in the project inherits.
const VM_AND_PROJECT: &[&str] = &[
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_region_instance_template",
    "google_compute_project_metadata",
    "google_compute_project_metadata_item",
];

/// A metadata key as a resource sets it: `metadata = { key = … }`, or
/// `google_compute_project_metadata_item { key = "…", value = … }`.
fn metadata<'a>(resource: &'a Resource, key: &str) -> Attr<'a> {
    if resource.kind == "google_compute_project_metadata_item" {
        return match lookup(&resource.body, &["key"]) {
            Attr::Known(k) if k.as_str() == Some(key) => lookup(&resource.body, &["value"]),
            Attr::Known(_) => Attr::Missing,
            other => other,
        };
    }
    lookup(&resource.body, &["metadata", key])
}

static SERIAL_PORT_RULE: Rule = doc(
    "iac.gcp.compute-serial-port",
    "Interactive serial console enabled",
    Severity::Medium,
    &["CWE-284"],
    &["A05:2021"],
    &["pci-dss-4.0.1:2.2.1", "soc2:CC6.6", "cis-gcp-2.0:4.5"],
    "An instance, instance template or the project metadata sets `serial-port-enable` to true. \
     The interactive serial console accepts connections from any IP address and is not \
     restricted by VPC firewall rules, so anyone holding the right IAM permission and an SSH \
     key can reach the VM's console even if it has no external IP.",
    "Remove the key or set it off: `metadata = { serial-port-enable = \"FALSE\" }` (and enforce \
     the `compute.disableSerialPortAccess` organisation policy).",
    &["https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console"],
);

pub static SERIAL_PORT: IacRule = IacRule {
    rule: &SERIAL_PORT_RULE,
    format: Format::Terraform,
    kinds: VM_AND_PROJECT,
    check: |_, r| match metadata(r, "serial-port-enable") {
        Attr::Known(n) if metadata_flag(n) == Some(true) => hit(
            n.span,
            format!("{}: the interactive serial console is enabled", r.address),
        ),
        _ => Vec::new(),
    },
};

pub static SERIAL_PORT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SERIAL_PORT
};

static OS_LOGIN_RULE: Rule = doc(
    "iac.gcp.compute-os-login",
    "OS Login not enabled",
    Severity::Medium,
    &["CWE-287"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.2.1", "soc2:CC6.1", "cis-gcp-2.0:4.4"],
    "Project metadata (`google_compute_project_metadata`) does not set `enable-oslogin = \
     \"TRUE\"`, or an instance, template or metadata item turns it off. Without OS Login, SSH \
     access to VMs is granted by keys pasted into metadata: they are not tied to an individual \
     identity, never expire, survive when the person leaves and are invisible to IAM access \
     reviews (PCI DSS 8.2.1 requires unique, attributable IDs).",
    "```hcl\nresource \"google_compute_project_metadata_item\" \"oslogin\" {\n  key   = \
     \"enable-oslogin\"\n  value = \"TRUE\"\n}\n```\nand grant `roles/compute.osLogin` to the \
     groups that need access.",
    &["https://cloud.google.com/compute/docs/oslogin/set-up-oslogin"],
);

pub static OS_LOGIN: IacRule = IacRule {
    rule: &OS_LOGIN_RULE,
    format: Format::Terraform,
    kinds: VM_AND_PROJECT,
    check: |_, r| match metadata(r, "enable-oslogin") {
        Attr::Known(n) if metadata_flag(n) == Some(false) => {
            hit(n.span, format!("{}: OS Login is turned off", r.address))
        }
        // Instances inherit the project setting; only project metadata must set it.
        Attr::Missing if r.kind == "google_compute_project_metadata" => hit(
            r.span,
            format!(
                "{}: project metadata does not set `enable-oslogin = \"TRUE\"`",
                r.address
            ),
        ),
        _ => Vec::new(),
    },
};

pub static OS_LOGIN_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..OS_LOGIN
};

static PROJECT_SSH_KEYS_RULE: Rule = doc(
    "iac.gcp.compute-project-ssh-keys",
    "VM accepts project-wide SSH keys",
    Severity::Medium,
    &["CWE-287"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.2.2", "soc2:CC6.1", "cis-gcp-2.0:4.3"],
    "A `google_compute_instance` or instance template neither sets `block-project-ssh-keys = \
     \"TRUE\"` nor enables OS Login in its metadata. Every SSH key in project metadata then \
     opens this VM too: one shared or leaked project key gives access to every machine in the \
     project, including the ones holding account data.",
    "Enable OS Login (`metadata = { enable-oslogin = \"TRUE\" }`) or block project keys:\n\n\
     ```hcl\nmetadata = {\n  block-project-ssh-keys = \"TRUE\"\n}\n```",
    &["https://cloud.google.com/compute/docs/connect/restrict-ssh-keys"],
);

pub static PROJECT_SSH_KEYS: IacRule = IacRule {
    rule: &PROJECT_SSH_KEYS_RULE,
    format: Format::Terraform,
    kinds: VM,
    check: check_project_keys,
};

pub static PROJECT_SSH_KEYS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PROJECT_SSH_KEYS
};

fn check_project_keys(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if matches!(lookup(&resource.body, &["metadata"]), Attr::Unknown) {
        return Vec::new();
    }
    let flag = |key| match metadata(resource, key) {
        Attr::Known(n) => (metadata_flag(n), Some(n)),
        Attr::Unknown => (Some(true), None),
        Attr::Missing => (None, None),
    };
    if flag("enable-oslogin").0 == Some(true) {
        return Vec::new();
    }
    match flag("block-project-ssh-keys") {
        (Some(true), _) => Vec::new(),
        (_, Some(node)) => hit(
            node.span,
            format!(
                "{}: project-wide SSH keys are not blocked",
                resource.address
            ),
        ),
        (_, None) => hit(
            resource.span,
            format!(
                "{}: neither `block-project-ssh-keys` nor `enable-oslogin` is set, so \
                 project-wide SSH keys open this VM",
                resource.address
            ),
        ),
    }
}

static IP_FORWARDING_RULE: Rule = doc(
    "iac.gcp.compute-ip-forwarding",
    "VM can forward packets for other hosts",
    Severity::Medium,
    &["CWE-441"],
    &["A05:2021"],
    &["pci-dss-4.0.1:1.3.1", "soc2:CC6.6", "cis-gcp-2.0:4.6"],
    "A `google_compute_instance` or instance template sets `can_ip_forward = true`, so Compute \
     Engine stops enforcing that packets leaving the VM carry its own address. A compromised VM \
     can then route or spoof traffic between network segments and bypass the firewall design \
     the segmentation of the cardholder data environment relies on. Only dedicated NAT or \
     appliance VMs need it.",
    "Remove `can_ip_forward` (default `false`); use Cloud NAT or a managed appliance for routing.",
    &["https://cloud.google.com/vpc/docs/using-routes"],
);

pub static IP_FORWARDING: IacRule = IacRule {
    rule: &IP_FORWARDING_RULE,
    format: Format::Terraform,
    kinds: VM,
    check: |_, r| match lookup(&r.body, &["can_ip_forward"]) {
        Attr::Known(n) if truthy(n) == Some(true) => {
            hit(n.span, format!("{}: IP forwarding is enabled", r.address))
        }
        _ => Vec::new(),
    },
};

pub static IP_FORWARDING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..IP_FORWARDING
};

static PUBLIC_IP_RULE: Rule = doc(
    "iac.gcp.compute-public-ip",
    "VM has an external IP address",
    Severity::Medium,
    &["CWE-284"],
    &["A05:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.4.1",
        "soc2:CC6.6",
        "cis-gcp-2.0:4.9",
    ],
    "A `network_interface` of a `google_compute_instance` or instance template has an \
     `access_config` (or `ipv6_access_config`) block, which gives the VM an external IP \
     address. It is then directly addressable from the internet and a single permissive \
     firewall rule exposes it; systems in a cardholder data environment belong on internal \
     addresses behind a load balancer or Cloud NAT.",
    "Remove the `access_config` block; publish services through a load balancer, reach the \
     internet through Cloud NAT, and administer VMs through Identity-Aware Proxy TCP forwarding.",
    &["https://cloud.google.com/compute/docs/ip-addresses"],
);

pub static PUBLIC_IP: IacRule = IacRule {
    rule: &PUBLIC_IP_RULE,
    format: Format::Terraform,
    kinds: VM,
    check: |_, r| {
        let mut out = Vec::new();
        for nic in blocks(&r.body, "network_interface") {
            for key in ["access_config", "ipv6_access_config"] {
                if let Some(config) = blocks(nic, key).first() {
                    out.extend(hit(
                        config.span,
                        format!(
                            "{}: network interface has an external IP (`{key}`)",
                            r.address
                        ),
                    ));
                }
            }
        }
        out
    },
};

pub static PUBLIC_IP_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PUBLIC_IP
};

static SHIELDED_VM_RULE: Rule = doc(
    "iac.gcp.compute-shielded-vm",
    "VM without Shielded VM secure boot and integrity monitoring",
    Severity::Low,
    &["CWE-693"],
    &["A08:2021"],
    &["pci-dss-4.0.1:2.2.1", "soc2:CC7.1", "cis-gcp-2.0:4.8"],
    "A `google_compute_instance` or instance template leaves \
     `shielded_instance_config.enable_secure_boot` unset or false (the default), or turns off \
     `enable_vtpm` or `enable_integrity_monitoring`. Without them, a bootkit or tampered kernel \
     loads unnoticed and survives reimaging of the application, and there is no measured-boot \
     evidence that the VM runs what was approved.",
    "```hcl\nshielded_instance_config {\n  enable_secure_boot          = true\n  \
     enable_vtpm                 = true\n  enable_integrity_monitoring = true\n}\n```\n\
     (use a Shielded VM image).",
    &["https://cloud.google.com/compute/shielded-vm/docs/shielded-vm"],
);

pub static SHIELDED_VM: IacRule = IacRule {
    rule: &SHIELDED_VM_RULE,
    format: Format::Terraform,
    kinds: VM,
    check: check_shielded,
};

pub static SHIELDED_VM_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SHIELDED_VM
};

fn check_shielded(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    // Secure boot defaults to off; vTPM and integrity monitoring default to on.
    for (flag, default_on) in [
        ("enable_secure_boot", false),
        ("enable_vtpm", true),
        ("enable_integrity_monitoring", true),
    ] {
        match lookup(&resource.body, &["shielded_instance_config", flag]) {
            Attr::Known(n) if truthy(n) == Some(false) => out.extend(hit(
                n.span,
                format!("{}: `{flag} = false`", resource.address),
            )),
            Attr::Missing if !default_on => out.extend(hit(
                resource.span,
                format!(
                    "{}: `shielded_instance_config.{flag}` is not set (off by default)",
                    resource.address
                ),
            )),
            _ => {}
        }
    }
    out
}

/// The Compute Engine default service account: `PROJECT_NUMBER-compute@developer…`.
fn is_default_account(email: &str) -> bool {
    email == "default" || email.ends_with("-compute@developer.gserviceaccount.com")
}

/// The `service_account` block of a VM when it runs as the default service account: the block
/// is present and its `email` is unset, `"default"` or the default account's address.
fn default_account(resource: &Resource) -> Option<&Node> {
    let account = blocks(&resource.body, "service_account")
        .into_iter()
        .next()?;
    match configured(account, &["email"]) {
        Attr::Missing => Some(account),
        Attr::Known(e) if e.as_str().is_some_and(is_default_account) => Some(account),
        _ => None,
    }
}

static DEFAULT_SERVICE_ACCOUNT_RULE: Rule = doc(
    "iac.gcp.compute-default-service-account",
    "VM runs as the Compute Engine default service account",
    Severity::Medium,
    &["CWE-250"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:7.2.1",
        "pci-dss-4.0.1:7.2.2",
        "soc2:CC6.3",
        "cis-gcp-2.0:4.1",
    ],
    "A `google_compute_instance` or instance template has a `service_account` block without an \
     `email` (or with the `…-compute@developer.gserviceaccount.com` address). The default \
     service account is shared by every VM in the project and, unless the organisation policy \
     disabled it, holds the Editor role on the whole project: code running on any one VM can \
     change almost anything. Least privilege (PCI DSS 7.2) needs one dedicated account per \
     workload.",
    "```hcl\nservice_account {\n  email  = google_service_account.app.email\n  scopes = \
     [\"cloud-platform\"]\n}\n```\nwith only the roles that workload needs granted to \
     `google_service_account.app`.",
    &["https://cloud.google.com/compute/docs/access/service-accounts"],
);

pub static DEFAULT_SERVICE_ACCOUNT: IacRule = IacRule {
    rule: &DEFAULT_SERVICE_ACCOUNT_RULE,
    format: Format::Terraform,
    kinds: VM,
    check: |_, r| match default_account(r) {
        Some(account) => hit(
            account.span,
            format!(
                "{}: runs as the Compute Engine default service account",
                r.address
            ),
        ),
        None => Vec::new(),
    },
};

pub static DEFAULT_SERVICE_ACCOUNT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DEFAULT_SERVICE_ACCOUNT
};

static DEFAULT_SA_FULL_SCOPE_RULE: Rule = doc(
    "iac.gcp.compute-default-sa-full-scope",
    "VM runs as the default service account with full access to all Cloud APIs",
    Severity::High,
    &["CWE-250"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:7.2.1",
        "pci-dss-4.0.1:7.2.2",
        "soc2:CC6.3",
        "cis-gcp-2.0:4.2",
    ],
    "A VM uses the Compute Engine default service account with the `cloud-platform` scope \
     (\"Allow full access to all Cloud APIs\"). Scopes are then no limit at all, and the \
     account's project-wide Editor role applies in full: anyone who gets code execution on the \
     VM — or an SSRF to its metadata server — can read secrets, change IAM-adjacent resources \
     and delete data across the project.",
    "Run the VM as a dedicated service account with only the roles it needs (`email = \
     google_service_account.app.email`); keep `scopes = [\"cloud-platform\"]` only with such a \
     least-privilege account.",
    &["https://cloud.google.com/compute/docs/access/service-accounts"],
);

pub static DEFAULT_SA_FULL_SCOPE: IacRule = IacRule {
    rule: &DEFAULT_SA_FULL_SCOPE_RULE,
    format: Format::Terraform,
    kinds: VM,
    check: |_, r| {
        let Some(account) = default_account(r) else {
            return Vec::new();
        };
        let Attr::Known(scopes) = lookup(account, &["scopes"]) else {
            return Vec::new();
        };
        strings(scopes)
            .into_iter()
            .filter(|(s, _)| {
                matches!(
                    *s,
                    "cloud-platform" | "https://www.googleapis.com/auth/cloud-platform"
                )
            })
            .take(1)
            .map(|(_, span)| {
                Hit::new(
                    span,
                    format!(
                        "{}: default service account with the `cloud-platform` scope",
                        r.address
                    ),
                )
            })
            .collect()
    },
};

pub static DEFAULT_SA_FULL_SCOPE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DEFAULT_SA_FULL_SCOPE
};

static DISK_CMEK_RULE: Rule = doc(
    "iac.gcp.compute-disk-cmek",
    "Persistent disk not encrypted with a customer managed or supplied key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "A `google_compute_disk` / `google_compute_region_disk` has no `disk_encryption_key`, an \
     instance's `boot_disk` sets neither `kms_key_self_link` nor a customer-supplied key, or a \
     template `disk` has no `disk_encryption_key`. The disk, its snapshots and images made from \
     it are then encrypted only with Google-managed keys: the bank cannot revoke access by \
     disabling a key or show key-use records, as its key-management policy for stored account \
     data requires.",
    "```hcl\nboot_disk {\n  kms_key_self_link = google_kms_crypto_key.disks.id\n  \
     initialize_params {\n    image = \"debian-cloud/debian-12\"\n  }\n}\n```\n(for \
     `google_compute_disk`: `disk_encryption_key { kms_key_self_link = … }`).",
    &["https://cloud.google.com/compute/docs/disks/customer-managed-encryption"],
);

pub static DISK_CMEK: IacRule = IacRule {
    rule: &DISK_CMEK_RULE,
    format: Format::Terraform,
    kinds: &[
        "google_compute_disk",
        "google_compute_region_disk",
        "google_compute_instance",
        "google_compute_instance_template",
        "google_compute_region_instance_template",
    ],
    check: check_disk_cmek,
};

pub static DISK_CMEK_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DISK_CMEK
};

/// Whether any of `keys` under `node` holds a key (set, or an expression).
fn has_key(node: &Node, keys: &[&[&str]]) -> bool {
    keys.iter()
        .any(|path| !matches!(configured(node, path), Attr::Missing))
}

const DISK_KEY: &[&[&str]] = &[
    &["disk_encryption_key", "kms_key_self_link"],
    &["disk_encryption_key", "kms_key_name"],
    &["disk_encryption_key", "raw_key"],
    &["disk_encryption_key", "rsa_encrypted_key"],
];

fn check_disk_cmek(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let message = |what: &str| {
        format!(
            "{}: {what} has no customer managed or supplied encryption key",
            resource.address
        )
    };
    match resource.kind.as_str() {
        "google_compute_instance" => {
            let Some(boot) = blocks(&resource.body, "boot_disk").into_iter().next() else {
                return Vec::new();
            };
            // An attached existing disk carries its own key, judged on that disk.
            if has_key(
                boot,
                &[
                    &["source"],
                    &["kms_key_self_link"],
                    &["disk_encryption_key_raw"],
                    &["disk_encryption_key_rsa"],
                ],
            ) {
                return Vec::new();
            }
            hit(boot.span, message("the boot disk"))
        }
        "google_compute_disk" | "google_compute_region_disk" => {
            if has_key(&resource.body, DISK_KEY) {
                return Vec::new();
            }
            hit(resource.span, message("the disk"))
        }
        _ => blocks(&resource.body, "disk")
            .into_iter()
            .filter(|disk| !has_key(disk, &[&["source"]]) && !has_key(disk, DISK_KEY))
            .flat_map(|disk| hit(disk.span, message("a template disk")))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BARE: &str = r#"resource "google_compute_instance" "vm" {
  name         = "app"
  machine_type = "e2-small"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "vpc"
    access_config {}
  }
  service_account {
    scopes = ["cloud-platform"]
  }
}
"#;

    const HARDENED: &str = r#"resource "google_compute_instance" "vm" {
  name           = "app"
  machine_type   = "e2-small"
  can_ip_forward = false
  metadata = {
    enable-oslogin     = "TRUE"
    serial-port-enable = "FALSE"
  }
  boot_disk {
    kms_key_self_link = google_kms_crypto_key.disks.id
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "app"
  }
  shielded_instance_config {
    enable_secure_boot = true
  }
  service_account {
    email  = google_service_account.app.email
    scopes = ["cloud-platform"]
  }
}
"#;

    #[test]
    fn hardened_instance_is_clean() {
        for rule in rules() {
            assert_eq!(run(rule, HARDENED), (0, None), "{}", rule.rule.id);
        }
    }

    #[test]
    fn serial_port() {
        let vm = "resource \"google_compute_instance\" \"vm\" {\n  metadata = {\n    serial-port-enable = \"TRUE\"\n  }\n}\n";
        assert_eq!(run(&SERIAL_PORT, vm), (1, Some(3)));
        let item = "resource \"google_compute_project_metadata_item\" \"i\" {\n  key   = \"serial-port-enable\"\n  value = \"1\"\n}\n";
        assert_eq!(run(&SERIAL_PORT, item), (1, Some(3)));
        assert_eq!(run(&SERIAL_PORT, BARE), (0, None));
    }

    #[test]
    fn os_login() {
        let project = "resource \"google_compute_project_metadata\" \"m\" {\n  metadata = {\n    foo = \"bar\"\n  }\n}\n";
        assert_eq!(run(&OS_LOGIN, project), (1, Some(1)));
        let on = "resource \"google_compute_project_metadata\" \"m\" {\n  metadata = {\n    enable-oslogin = \"TRUE\"\n  }\n}\n";
        assert_eq!(run(&OS_LOGIN, on), (0, None));
        let off = "resource \"google_compute_instance\" \"vm\" {\n  metadata = {\n    enable-oslogin = \"FALSE\"\n  }\n}\n";
        assert_eq!(run(&OS_LOGIN, off), (1, Some(3)));
        assert_eq!(run(&OS_LOGIN, BARE), (0, None));
    }

    #[test]
    fn project_ssh_keys() {
        assert_eq!(run(&PROJECT_SSH_KEYS, BARE), (1, Some(1)));
        let blocked = "resource \"google_compute_instance_template\" \"t\" {\n  metadata = {\n    block-project-ssh-keys = true\n  }\n}\n";
        assert_eq!(run(&PROJECT_SSH_KEYS, blocked), (0, None));
        let unblocked = "resource \"google_compute_instance\" \"vm\" {\n  metadata = {\n    block-project-ssh-keys = \"FALSE\"\n  }\n}\n";
        assert_eq!(run(&PROJECT_SSH_KEYS, unblocked), (1, Some(3)));
        let merged =
            "resource \"google_compute_instance\" \"vm\" {\n  metadata = merge(local.m, {})\n}\n";
        assert_eq!(run(&PROJECT_SSH_KEYS, merged), (0, None));
    }

    #[test]
    fn ip_forwarding_and_public_ip() {
        let fwd = "resource \"google_compute_instance\" \"vm\" {\n  can_ip_forward = true\n}\n";
        assert_eq!(run(&IP_FORWARDING, fwd), (1, Some(2)));
        assert_eq!(run(&IP_FORWARDING, BARE), (0, None));
        assert_eq!(run(&PUBLIC_IP, BARE), (1, Some(11)));
    }

    #[test]
    fn shielded_vm() {
        assert_eq!(run(&SHIELDED_VM, BARE), (1, Some(1)));
        let off = "resource \"google_compute_instance\" \"vm\" {\n  shielded_instance_config {\n    enable_secure_boot = true\n    enable_vtpm        = false\n  }\n}\n";
        assert_eq!(run(&SHIELDED_VM, off), (1, Some(4)));
    }

    #[test]
    fn default_service_account() {
        assert_eq!(run(&DEFAULT_SERVICE_ACCOUNT, BARE), (1, Some(13)));
        assert_eq!(run(&DEFAULT_SA_FULL_SCOPE, BARE), (1, Some(14)));
        let explicit = r#"resource "google_compute_instance_template" "t" {
  service_account {
    email  = "123456789-compute@developer.gserviceaccount.com"
    scopes = ["https://www.googleapis.com/auth/devstorage.read_only"]
  }
}
"#;
        assert_eq!(run(&DEFAULT_SERVICE_ACCOUNT, explicit), (1, Some(2)));
        assert_eq!(run(&DEFAULT_SA_FULL_SCOPE, explicit), (0, None));
        let none = "resource \"google_compute_instance\" \"vm\" {\n  name = \"x\"\n}\n";
        assert_eq!(run(&DEFAULT_SERVICE_ACCOUNT, none), (0, None));
    }

    #[test]
    fn disk_cmek() {
        assert_eq!(run(&DISK_CMEK, BARE), (1, Some(4)));
        let disk = "resource \"google_compute_disk\" \"d\" {\n  size = 100\n}\n";
        assert_eq!(run(&DISK_CMEK, disk), (1, Some(1)));
        let keyed = "resource \"google_compute_disk\" \"d\" {\n  disk_encryption_key {\n    kms_key_self_link = google_kms_crypto_key.k.id\n  }\n}\n";
        assert_eq!(run(&DISK_CMEK, keyed), (0, None));
        let template = r#"resource "google_compute_instance_template" "t" {
  disk {
    source_image = "debian-cloud/debian-12"
    disk_encryption_key {
      kms_key_self_link = google_kms_crypto_key.k.id
    }
  }
  disk {
    source_image = "debian-cloud/debian-12"
  }
  disk {
    source = google_compute_disk.d.name
  }
}
"#;
        assert_eq!(run(&DISK_CMEK, template), (1, Some(8)));
    }

    #[test]
    fn plan_twin() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "google_compute_instance.vm",
          "type": "google_compute_instance",
          "values": {
            "can_ip_forward": true,
            "metadata": {"serial-port-enable": "true"},
            "network_interface": [{"access_config": [{"nat_ip": ""}], "ipv6_access_config": []}],
            "service_account": []
          }
        }
      ]
    }
  }
}
"#;
        let lines = |rule| {
            crate::rules::testing::hits(rule, "plan.json", plan)
                .iter()
                .map(|h| h.span.start.line)
                .collect::<Vec<_>>()
        };
        assert_eq!(lines(&IP_FORWARDING_PLAN), vec![10]);
        assert_eq!(lines(&SERIAL_PORT_PLAN), vec![11]);
        assert_eq!(lines(&PUBLIC_IP_PLAN), vec![12]);
        assert!(lines(&DEFAULT_SERVICE_ACCOUNT_PLAN).is_empty());
    }
}
