//! IAM and Cloud KMS: basic roles, service account keys and impersonation, admin roles for
//! service accounts, key rotation, public access to keys.

use super::{public_grants, strings};
use crate::model::{Format, Node, Resource, Span};
use crate::rules::terraform::{Attr, blocks, doc, hit, lookup};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};
use serde_json::Value as Json;

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &PRIMITIVE_ROLE,
        &PRIMITIVE_ROLE_PLAN,
        &SERVICE_ACCOUNT_ADMIN,
        &SERVICE_ACCOUNT_ADMIN_PLAN,
        &SERVICE_ACCOUNT_USER,
        &SERVICE_ACCOUNT_USER_PLAN,
        &SERVICE_ACCOUNT_KEY,
        &SERVICE_ACCOUNT_KEY_PLAN,
        &KMS_ROTATION,
        &KMS_ROTATION_PLAN,
        &KMS_PUBLIC,
        &KMS_PUBLIC_PLAN,
    ]
}

/// Grants on a project, folder or organization: members, bindings and authoritative policies.
const RESOURCE_MANAGER_IAM: &[&str] = &[
    "google_project_iam_member",
    "google_project_iam_binding",
    "google_project_iam_policy",
    "google_folder_iam_member",
    "google_folder_iam_binding",
    "google_folder_iam_policy",
    "google_organization_iam_member",
    "google_organization_iam_binding",
    "google_organization_iam_policy",
];

/// One role grant as written: where the role is (its node, or the policy text holding it), the
/// role name and its literal members.
struct Grant {
    span: Span,
    role: String,
    members: Vec<String>,
}

/// Role grants of an IAM member/binding resource, the `binding` blocks of a
/// `data "google_iam_policy"`, or the bindings of a literal `policy_data` JSON.
fn grants(resource: &Resource) -> Vec<Grant> {
    let one = |holder: &Node| -> Option<(Span, String)> {
        match lookup(holder, &["role"]) {
            Attr::Known(role) => role.as_str().map(|r| (role.span, r.to_owned())),
            _ => None,
        }
    };
    let members = |holder: &Node| -> Vec<String> {
        ["member", "members"]
            .iter()
            .filter_map(|k| match lookup(holder, &[k]) {
                Attr::Known(n) => Some(strings(n).into_iter().map(|(s, _)| s.to_owned())),
                _ => None,
            })
            .flatten()
            .collect()
    };
    if resource.kind == "google_iam_policy" {
        return blocks(&resource.body, "binding")
            .into_iter()
            .filter_map(|b| {
                one(b).map(|(span, role)| Grant {
                    span,
                    role,
                    members: members(b),
                })
            })
            .collect();
    }
    if let Attr::Known(policy) = lookup(&resource.body, &["policy_data"]) {
        let Some(Ok(json)) = policy.as_str().map(serde_json::from_str::<Json>) else {
            return Vec::new();
        };
        let Some(bindings) = json.get("bindings").and_then(Json::as_array) else {
            return Vec::new();
        };
        return bindings
            .iter()
            .filter_map(|b| {
                let role = b.get("role").and_then(Json::as_str)?;
                let members = b
                    .get("members")
                    .and_then(Json::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Json::as_str)
                    .map(str::to_owned)
                    .collect();
                Some(Grant {
                    span: policy.span,
                    role: role.to_owned(),
                    members,
                })
            })
            .collect();
    }
    one(&resource.body)
        .map(|(span, role)| Grant {
            span,
            role,
            members: members(&resource.body),
        })
        .into_iter()
        .collect()
}

static PRIMITIVE_ROLE_RULE: Rule = doc(
    "iac.gcp.iam-primitive-role",
    "Basic Owner or Editor role granted",
    Severity::High,
    &["CWE-269"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:7.2.1",
        "pci-dss-4.0.1:7.2.2",
        "soc2:CC6.3",
        "cis-gcp-2.0:1.5",
    ],
    "A project, folder or organization IAM grant (`google_*_iam_member`, `_binding`, `_policy`, \
     or a `data \"google_iam_policy\"` binding) gives `roles/owner` or `roles/editor`. These \
     basic roles include thousands of permissions across every service — Editor can read and \
     change almost all data and deploy code as any service account — so they cannot meet the \
     least-privilege and need-to-know requirements of PCI DSS 7.2 and are the first thing an \
     access review flags.",
    "Grant predefined or custom roles scoped to the job, e.g. `role = \
     \"roles/cloudsql.client\"` for an application or `roles/viewer` plus specific admin roles \
     for operators; keep Owner on a break-glass group only.",
    &["https://cloud.google.com/iam/docs/understanding-roles#basic"],
);

pub static PRIMITIVE_ROLE: IacRule = IacRule {
    rule: &PRIMITIVE_ROLE_RULE,
    format: Format::Terraform,
    kinds: &[
        "google_project_iam_member",
        "google_project_iam_binding",
        "google_project_iam_policy",
        "google_folder_iam_member",
        "google_folder_iam_binding",
        "google_folder_iam_policy",
        "google_organization_iam_member",
        "google_organization_iam_binding",
        "google_organization_iam_policy",
        "google_iam_policy",
    ],
    check: |_, r| {
        grants(r)
            .into_iter()
            .filter(|g| matches!(g.role.as_str(), "roles/owner" | "roles/editor"))
            .map(|g| {
                Hit::new(
                    g.span,
                    format!("{}: grants the basic role `{}`", r.address, g.role),
                )
            })
            .collect()
    },
};

pub static PRIMITIVE_ROLE_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PRIMITIVE_ROLE
};

static SERVICE_ACCOUNT_ADMIN_RULE: Rule = doc(
    "iac.gcp.iam-service-account-admin-role",
    "Service account granted an administrator role",
    Severity::High,
    &["CWE-269"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:7.2.1",
        "pci-dss-4.0.1:7.2.5",
        "soc2:CC6.3",
        "cis-gcp-2.0:1.5",
    ],
    "A project, folder or organization IAM member or binding grants a role whose name ends in \
     `Admin` / `admin` (for example `roles/iam.securityAdmin`, `roles/storage.admin`, \
     `roles/resourcemanager.projectIamAdmin`) to a `serviceAccount:` member. Service account \
     credentials live in workloads, CI systems and key files; whoever obtains them can change \
     the configuration and access of the whole project without any human review (PCI DSS 7.2.5 \
     limits system account privileges to what is needed).",
    "Grant the service account the narrow runtime roles it needs (e.g. \
     `roles/storage.objectViewer` on one bucket) and keep administrative roles with people who \
     use them through a reviewed, time-bound elevation process.",
    &["https://cloud.google.com/iam/docs/best-practices-service-accounts"],
);

pub static SERVICE_ACCOUNT_ADMIN: IacRule = IacRule {
    rule: &SERVICE_ACCOUNT_ADMIN_RULE,
    format: Format::Terraform,
    kinds: RESOURCE_MANAGER_IAM,
    check: |_, r| {
        grants(r)
            .into_iter()
            .filter(|g| g.role.ends_with("Admin") || g.role.ends_with("admin"))
            .filter_map(|g| {
                let account = g
                    .members
                    .iter()
                    .find(|m| m.starts_with("serviceAccount:"))?;
                Some(Hit::new(
                    g.span,
                    format!("{}: `{}` granted to `{account}`", r.address, g.role),
                ))
            })
            .collect()
    },
};

pub static SERVICE_ACCOUNT_ADMIN_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SERVICE_ACCOUNT_ADMIN
};

static SERVICE_ACCOUNT_USER_RULE: Rule = doc(
    "iac.gcp.iam-project-service-account-user",
    "Service Account User or Token Creator granted on a whole project",
    Severity::High,
    &["CWE-269"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.3", "cis-gcp-2.0:1.6"],
    "A project, folder or organization IAM grant gives `roles/iam.serviceAccountUser` or \
     `roles/iam.serviceAccountTokenCreator`. At that level the member can act as — or mint \
     tokens for — every service account in scope, including ones created later and ones with \
     far more privilege than the member itself: a direct privilege escalation path.",
    "Grant the role on the one service account that is needed:\n\n```hcl\nresource \
     \"google_service_account_iam_member\" \"deployer\" {\n  service_account_id = \
     google_service_account.app.name\n  role               = \"roles/iam.serviceAccountUser\"\n  \
     member             = \"group:deployers@bank.example\"\n}\n```",
    &["https://cloud.google.com/iam/docs/service-account-permissions"],
);

pub static SERVICE_ACCOUNT_USER: IacRule = IacRule {
    rule: &SERVICE_ACCOUNT_USER_RULE,
    format: Format::Terraform,
    kinds: RESOURCE_MANAGER_IAM,
    check: |_, r| {
        grants(r)
            .into_iter()
            .filter(|g| {
                matches!(
                    g.role.as_str(),
                    "roles/iam.serviceAccountUser" | "roles/iam.serviceAccountTokenCreator"
                )
            })
            .map(|g| {
                Hit::new(
                    g.span,
                    format!(
                        "{}: `{}` on every service account in scope",
                        r.address, g.role
                    ),
                )
            })
            .collect()
    },
};

pub static SERVICE_ACCOUNT_USER_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SERVICE_ACCOUNT_USER
};

static SERVICE_ACCOUNT_KEY_RULE: Rule = doc(
    "iac.gcp.iam-service-account-key",
    "User-managed service account key created",
    Severity::Medium,
    &["CWE-522"],
    &["A07:2021"],
    &[
        "pci-dss-4.0.1:8.3.2",
        "pci-dss-4.0.1:8.6.3",
        "soc2:CC6.1",
        "cis-gcp-2.0:1.4",
    ],
    "A `google_service_account_key` creates a user-managed key for a service account. Unless a \
     public key is uploaded, the private key is generated by Google and stored in the Terraform \
     state (`private_key`), and from there it is copied into CI variables and config files. It \
     is valid until deleted, is the credential most often leaked from repositories, and lets \
     anyone who holds it act as the service account from anywhere.",
    "Use keyless identities instead: attached service accounts for Compute Engine, GKE \
     Workload Identity, Workload Identity Federation for CI and other clouds \
     (`google_iam_workload_identity_pool`). Enforce the `iam.disableServiceAccountKeyCreation` \
     organisation policy.",
    &["https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys"],
);

pub static SERVICE_ACCOUNT_KEY: IacRule = IacRule {
    rule: &SERVICE_ACCOUNT_KEY_RULE,
    format: Format::Terraform,
    kinds: &["google_service_account_key"],
    check: |_, r| {
        hit(
            r.span,
            format!("{}: creates a user-managed service account key", r.address),
        )
    },
};

pub static SERVICE_ACCOUNT_KEY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..SERVICE_ACCOUNT_KEY
};

/// CIS GCP 1.10: rotate at least every 90 days.
const MAX_ROTATION_SECONDS: f64 = 90.0 * 24.0 * 3600.0;

static KMS_ROTATION_RULE: Rule = doc(
    "iac.gcp.kms-rotation",
    "Cloud KMS key not rotated at least every 90 days",
    Severity::Medium,
    &["CWE-324"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.7.4", "soc2:CC6.1", "cis-gcp-2.0:1.10"],
    "A symmetric `google_kms_crypto_key` (purpose `ENCRYPT_DECRYPT`, the default) has no \
     `rotation_period`, or one longer than 90 days (`7776000s`). Without automatic rotation, \
     one key version protects an ever-growing amount of data for an unbounded time; PCI DSS \
     3.7.4 requires keys to be changed at the end of a defined cryptoperiod.",
    "```hcl\nresource \"google_kms_crypto_key\" \"data\" {\n  name            = \"data\"\n  \
     key_ring        = google_kms_key_ring.bank.id\n  rotation_period = \"7776000s\" # 90 days\n}\n\
     ```",
    &["https://cloud.google.com/kms/docs/key-rotation"],
);

pub static KMS_ROTATION: IacRule = IacRule {
    rule: &KMS_ROTATION_RULE,
    format: Format::Terraform,
    kinds: &["google_kms_crypto_key"],
    check: check_rotation,
};

pub static KMS_ROTATION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..KMS_ROTATION
};

/// A duration like `"7776000s"` (the only unit the provider accepts) in seconds.
fn seconds(text: &str) -> Option<f64> {
    text.strip_suffix('s')?.trim().parse().ok()
}

fn check_rotation(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    // Only symmetric encryption keys support automatic rotation.
    match lookup(&resource.body, &["purpose"]) {
        Attr::Known(p) if p.as_str() != Some("ENCRYPT_DECRYPT") => return Vec::new(),
        Attr::Unknown => return Vec::new(),
        _ => {}
    }
    match lookup(&resource.body, &["rotation_period"]) {
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: no `rotation_period`, the key is never rotated automatically",
                resource.address
            ),
        ),
        Attr::Known(n) => match n.as_str().and_then(seconds) {
            Some(s) if s > MAX_ROTATION_SECONDS => hit(
                n.span,
                format!(
                    "{}: rotation every {:.0} days, more than 90",
                    resource.address,
                    s / 86400.0
                ),
            ),
            _ => Vec::new(),
        },
        Attr::Unknown => Vec::new(),
    }
}

static KMS_PUBLIC_RULE: Rule = doc(
    "iac.gcp.kms-public-access",
    "Cloud KMS key or key ring accessible to everyone",
    Severity::Critical,
    &["CWE-732"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:3.6.1",
        "pci-dss-4.0.1:7.2.1",
        "soc2:CC6.1",
        "cis-gcp-2.0:1.9",
    ],
    "A `google_kms_crypto_key_iam_*` or `google_kms_key_ring_iam_*` member, binding or policy \
     grants a role to `allUsers` or `allAuthenticatedUsers`. Anyone on the internet (or with any \
     Google account) can then use, or read the metadata of, the keys that protect the bank's \
     data — PCI DSS 3.6.1 requires access to cryptographic keys to be restricted to the fewest \
     custodians necessary.",
    "Grant key roles only to the service agents and groups that need them, e.g. `member = \
     \"serviceAccount:service-123@gs-project-accounts.iam.gserviceaccount.com\"` with `role = \
     \"roles/cloudkms.cryptoKeyEncrypterDecrypter\"`.",
    &["https://cloud.google.com/kms/docs/iam"],
);

pub static KMS_PUBLIC: IacRule = IacRule {
    rule: &KMS_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &[
        "google_kms_crypto_key_iam_member",
        "google_kms_crypto_key_iam_binding",
        "google_kms_crypto_key_iam_policy",
        "google_kms_key_ring_iam_member",
        "google_kms_key_ring_iam_binding",
        "google_kms_key_ring_iam_policy",
    ],
    check: |context, r| {
        public_grants(context, r)
            .into_iter()
            .map(|(span, member)| {
                Hit::new(span, format!("{}: grants access to `{member}`", r.address))
            })
            .collect()
    },
};

pub static KMS_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..KMS_PUBLIC
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn primitive_roles() {
        let member = r#"resource "google_project_iam_member" "m" {
  project = "bank-prod"
  role    = "roles/editor"
  member  = "user:alice@bank.example"
}
"#;
        assert_eq!(run(&PRIMITIVE_ROLE, member), (1, Some(3)));
        let policy = r#"data "google_iam_policy" "p" {
  binding {
    role    = "roles/viewer"
    members = ["group:auditors@bank.example"]
  }
  binding {
    role    = "roles/owner"
    members = ["user:bob@bank.example"]
  }
}
"#;
        assert_eq!(run(&PRIMITIVE_ROLE, policy), (1, Some(7)));
        let json = r#"resource "google_project_iam_policy" "p" {
  project     = "bank-prod"
  policy_data = "{\"bindings\":[{\"role\":\"roles/owner\",\"members\":[\"user:a@bank.example\"]}]}"
}
"#;
        assert_eq!(run(&PRIMITIVE_ROLE, json), (1, Some(3)));
        let fine = r#"resource "google_project_iam_binding" "b" {
  role    = "roles/cloudsql.client"
  members = ["serviceAccount:app@bank-prod.iam.gserviceaccount.com"]
}
resource "google_project_iam_member" "v" {
  role   = var.role
  member = "user:alice@bank.example"
}
"#;
        assert_eq!(run(&PRIMITIVE_ROLE, fine), (0, None));
    }

    #[test]
    fn service_account_admin() {
        let bad = r#"resource "google_project_iam_binding" "b" {
  role    = "roles/storage.admin"
  members = ["group:ops@bank.example", "serviceAccount:ci@bank-prod.iam.gserviceaccount.com"]
}
"#;
        assert_eq!(run(&SERVICE_ACCOUNT_ADMIN, bad), (1, Some(2)));
        let human = "resource \"google_project_iam_member\" \"m\" {\n  role   = \"roles/iam.securityAdmin\"\n  member = \"group:security@bank.example\"\n}\n";
        assert_eq!(run(&SERVICE_ACCOUNT_ADMIN, human), (0, None));
        let reader = "resource \"google_project_iam_member\" \"m\" {\n  role   = \"roles/storage.objectViewer\"\n  member = \"serviceAccount:app@p.iam.gserviceaccount.com\"\n}\n";
        assert_eq!(run(&SERVICE_ACCOUNT_ADMIN, reader), (0, None));
    }

    #[test]
    fn service_account_user() {
        let bad = "resource \"google_project_iam_member\" \"m\" {\n  role   = \"roles/iam.serviceAccountTokenCreator\"\n  member = \"user:alice@bank.example\"\n}\n";
        assert_eq!(run(&SERVICE_ACCOUNT_USER, bad), (1, Some(2)));
        let scoped = "resource \"google_service_account_iam_member\" \"m\" {\n  role   = \"roles/iam.serviceAccountUser\"\n  member = \"user:alice@bank.example\"\n}\n";
        assert_eq!(run(&SERVICE_ACCOUNT_USER, scoped), (0, None));
    }

    #[test]
    fn service_account_key() {
        let key = "resource \"google_service_account_key\" \"k\" {\n  service_account_id = google_service_account.ci.name\n}\n";
        assert_eq!(run(&SERVICE_ACCOUNT_KEY, key), (1, Some(1)));
        let other = "resource \"google_service_account\" \"ci\" {\n  account_id = \"ci\"\n}\n";
        assert_eq!(run(&SERVICE_ACCOUNT_KEY, other), (0, None));
    }

    #[test]
    fn kms_rotation() {
        let none = "resource \"google_kms_crypto_key\" \"k\" {\n  name = \"k\"\n}\n";
        assert_eq!(run(&KMS_ROTATION, none), (1, Some(1)));
        let yearly =
            "resource \"google_kms_crypto_key\" \"k\" {\n  rotation_period = \"31536000s\"\n}\n";
        assert_eq!(run(&KMS_ROTATION, yearly), (1, Some(2)));
        let quarterly =
            "resource \"google_kms_crypto_key\" \"k\" {\n  rotation_period = \"7776000s\"\n}\n";
        assert_eq!(run(&KMS_ROTATION, quarterly), (0, None));
        let signing =
            "resource \"google_kms_crypto_key\" \"k\" {\n  purpose = \"ASYMMETRIC_SIGN\"\n}\n";
        assert_eq!(run(&KMS_ROTATION, signing), (0, None));
    }

    #[test]
    fn kms_public() {
        let bad = r#"resource "google_kms_crypto_key_iam_binding" "b" {
  crypto_key_id = google_kms_crypto_key.k.id
  role          = "roles/cloudkms.cryptoKeyDecrypter"
  members       = ["allAuthenticatedUsers"]
}
"#;
        assert_eq!(run(&KMS_PUBLIC, bad), (1, Some(4)));
        let fine = r#"resource "google_kms_key_ring_iam_member" "m" {
  role   = "roles/cloudkms.viewer"
  member = "group:security@bank.example"
}
"#;
        assert_eq!(run(&KMS_PUBLIC, fine), (0, None));
    }

    #[test]
    fn plan_twin() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "google_project_iam_member.ci",
          "type": "google_project_iam_member",
          "values": {
            "role": "roles/owner",
            "member": "serviceAccount:ci@bank-prod.iam.gserviceaccount.com"
          }
        },
        {
          "address": "google_kms_crypto_key.k",
          "type": "google_kms_crypto_key",
          "values": {
            "purpose": "ENCRYPT_DECRYPT",
            "rotation_period": "15552000s"
          }
        }
      ]
    }
  }
}
"#;
        let found = crate::rules::testing::hits(&PRIMITIVE_ROLE_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 10);
        let found = crate::rules::testing::hits(&KMS_ROTATION_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 19);
        assert!(found[0].message.contains("180 days"));
    }
}
