//! Virtual machines and scale sets: password logins, customer-managed disk encryption and
//! automatic updates.

use super::{first_written, forbid_false};
use crate::model::{Format, Resource};
use crate::rules::terraform::{Attr, blocks, doc, hit, lookup};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &VM_PASSWORD_AUTH,
        &VM_PASSWORD_AUTH_PLAN,
        &DISK_CMK,
        &DISK_CMK_PLAN,
        &VM_AUTOMATIC_UPDATES,
        &VM_AUTOMATIC_UPDATES_PLAN,
    ]
}

const LINUX: &[&str] = &[
    "azurerm_linux_virtual_machine",
    "azurerm_linux_virtual_machine_scale_set",
    "azurerm_virtual_machine",
];

static VM_PASSWORD_AUTH_RULE: Rule = doc(
    "iac.azure.vm-password-auth",
    "Linux virtual machine allows SSH password logins",
    Severity::High,
    &["CWE-309"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "An `azurerm_linux_virtual_machine` or `azurerm_linux_virtual_machine_scale_set` sets \
     `disable_password_authentication = false` (or a legacy `azurerm_virtual_machine` does in \
     `os_profile_linux_config`). The SSH daemon then accepts passwords, which can be guessed, \
     sprayed and reused, instead of only keys.",
    "Keep `disable_password_authentication = true` (the default) and provide \
     `admin_ssh_key { username = \"azureuser\" public_key = file(\"id_ed25519.pub\") }`; better, \
     log in with Entra ID through the `AADSSHLoginForLinux` extension.",
    &[
        "https://learn.microsoft.com/en-us/azure/virtual-machines/linux/create-ssh-keys-detailed",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_virtual_machine",
    ],
);

pub static VM_PASSWORD_AUTH: IacRule = IacRule {
    rule: &VM_PASSWORD_AUTH_RULE,
    format: Format::Terraform,
    kinds: LINUX,
    check: |_, r| {
        forbid_false(
            r,
            &[
                "disable_password_authentication",
                "os_profile_linux_config.disable_password_authentication",
            ],
            "allows SSH password logins",
        )
    },
};

pub static VM_PASSWORD_AUTH_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..VM_PASSWORD_AUTH
};

const DISK_KINDS: &[&str] = &[
    "azurerm_managed_disk",
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
    "azurerm_linux_virtual_machine_scale_set",
    "azurerm_windows_virtual_machine_scale_set",
];

/// Attributes that put a disk under a customer-managed key (a disk encryption set, or Azure
/// Disk Encryption settings on a managed disk).
const CMK_KEYS: &[&str] = &[
    "disk_encryption_set_id",
    "secure_vm_disk_encryption_set_id",
    "encryption_settings",
];

static DISK_CMK_RULE: Rule = doc(
    "iac.azure.disk-cmk",
    "Managed disk not encrypted with a customer-managed key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1", "cis-azure-2.0:7.3"],
    "An `azurerm_managed_disk`, or the `os_disk` of a Linux/Windows virtual machine or scale \
     set, has no `disk_encryption_set_id`, so it is encrypted only with platform-managed keys. \
     The bank cannot rotate, audit or revoke the key protecting the operating system and data \
     volumes, and snapshots or exported VHDs stay readable to anyone who obtains them with \
     platform access.",
    "Create an `azurerm_disk_encryption_set` backed by a Key Vault key and set \
     `disk_encryption_set_id = azurerm_disk_encryption_set.this.id` on the disk or `os_disk`.",
    &["https://learn.microsoft.com/en-us/azure/virtual-machines/disk-encryption"],
);

pub static DISK_CMK: IacRule = IacRule {
    rule: &DISK_CMK_RULE,
    format: Format::Terraform,
    kinds: DISK_KINDS,
    check: check_disk_cmk,
};

pub static DISK_CMK_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..DISK_CMK
};

fn check_disk_cmk(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let (disk, span) = if resource.kind == "azurerm_managed_disk" {
        (&resource.body, resource.span)
    } else {
        match blocks(&resource.body, "os_disk").first() {
            Some(disk) => (*disk, disk.span),
            None => return Vec::new(),
        }
    };
    let keyed = CMK_KEYS.iter().any(|key| {
        !blocks(disk, key).is_empty()
            || matches!(lookup(disk, &[key]), Attr::Unknown)
            || matches!(lookup(disk, &[key]), Attr::Known(n) if n.as_str().is_some_and(|s| !s.is_empty()))
    });
    if keyed {
        return Vec::new();
    }
    hit(
        span,
        format!(
            "{}: disk encrypted with platform-managed keys only (no `disk_encryption_set_id`)",
            resource.address
        ),
    )
}

static VM_AUTOMATIC_UPDATES_RULE: Rule = doc(
    "iac.azure.vm-automatic-updates-off",
    "Windows virtual machine with automatic updates off",
    Severity::Medium,
    &["CWE-1104"],
    &["A06:2021"],
    &["pci-dss-4.0.1:6.3.3", "soc2:CC7.1"],
    "An `azurerm_windows_virtual_machine` or `azurerm_windows_virtual_machine_scale_set` sets \
     `automatic_updates_enabled = false` (azurerm 4.x; `enable_automatic_updates` in 3.x). \
     Security patches are then applied only when someone installs them by hand; PCI DSS 6.3.3 \
     requires critical patches within one month of release.",
    "Keep `automatic_updates_enabled = true` (the default) and set `patch_mode = \
     \"AutomaticByPlatform\"` for orchestrated, health-aware patching, or manage patches with \
     Azure Update Manager.",
    &["https://learn.microsoft.com/en-us/azure/virtual-machines/automatic-vm-guest-patching"],
);

pub static VM_AUTOMATIC_UPDATES: IacRule = IacRule {
    rule: &VM_AUTOMATIC_UPDATES_RULE,
    format: Format::Terraform,
    kinds: &[
        "azurerm_windows_virtual_machine",
        "azurerm_windows_virtual_machine_scale_set",
    ],
    check: |_, r| {
        // `patch_mode = "Manual"` turns updates off regardless of the flag.
        if let (Attr::Known(mode), path) = first_written(&r.body, &["patch_mode"])
            && super::is_one_of(mode, &["Manual"])
        {
            return hit(
                mode.span,
                format!(
                    "{}: `{path} = \"Manual\"` turns automatic updates off",
                    r.address
                ),
            );
        }
        forbid_false(
            r,
            &["automatic_updates_enabled", "enable_automatic_updates"],
            "turns automatic updates off",
        )
    },
};

pub static VM_AUTOMATIC_UPDATES_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..VM_AUTOMATIC_UPDATES
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn linux_password() {
        let bad = r#"resource "azurerm_linux_virtual_machine" "vm" {
  admin_username                  = "azureuser"
  disable_password_authentication = false
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
"#;
        assert_eq!(run(&VM_PASSWORD_AUTH, bad), (1, Some(3)));
        assert_eq!(run(&DISK_CMK, bad), (1, Some(4)));
        let good = r#"resource "azurerm_linux_virtual_machine" "vm" {
  admin_username = "azureuser"
  os_disk {
    caching                = "ReadWrite"
    disk_encryption_set_id = azurerm_disk_encryption_set.des.id
  }
}
"#;
        assert_eq!(run(&VM_PASSWORD_AUTH, good), (0, None));
        assert_eq!(run(&DISK_CMK, good), (0, None));
        let legacy = "resource \"azurerm_virtual_machine\" \"vm\" {\n  os_profile_linux_config {\n    disable_password_authentication = false\n  }\n}\n";
        assert_eq!(run(&VM_PASSWORD_AUTH, legacy), (1, Some(3)));
    }

    #[test]
    fn managed_disks() {
        let bare = "resource \"azurerm_managed_disk\" \"d\" {\n  storage_account_type = \"Premium_LRS\"\n}\n";
        assert_eq!(run(&DISK_CMK, bare), (1, Some(1)));
        let keyed = "resource \"azurerm_managed_disk\" \"d\" {\n  disk_encryption_set_id = azurerm_disk_encryption_set.des.id\n}\n";
        assert_eq!(run(&DISK_CMK, keyed), (0, None));
    }

    #[test]
    fn windows_updates() {
        let off = "resource \"azurerm_windows_virtual_machine\" \"vm\" {\n  enable_automatic_updates = false\n}\n";
        assert_eq!(run(&VM_AUTOMATIC_UPDATES, off), (1, Some(2)));
        let manual =
            "resource \"azurerm_windows_virtual_machine\" \"vm\" {\n  patch_mode = \"Manual\"\n}\n";
        assert_eq!(run(&VM_AUTOMATIC_UPDATES, manual), (1, Some(2)));
        let on = "resource \"azurerm_windows_virtual_machine\" \"vm\" {\n  automatic_updates_enabled = true\n  patch_mode = \"AutomaticByPlatform\"\n}\n";
        assert_eq!(run(&VM_AUTOMATIC_UPDATES, on), (0, None));
    }
}
