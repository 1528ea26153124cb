//! Cloud Storage buckets: uniform access, public IAM/ACL grants, public access prevention,
//! CMEK, versioning, access logging.

use super::{configured, public_grants};
use crate::model::{Format, Resource};
use crate::rules::terraform::{Attr, doc, hit, lookup, require_true, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &UNIFORM_ACCESS,
        &UNIFORM_ACCESS_PLAN,
        &PUBLIC_ACCESS,
        &PUBLIC_ACCESS_PLAN,
        &PUBLIC_ACCESS_PREVENTION,
        &PUBLIC_ACCESS_PREVENTION_PLAN,
        &CMEK,
        &CMEK_PLAN,
        &VERSIONING,
        &VERSIONING_PLAN,
        &ACCESS_LOGGING,
        &ACCESS_LOGGING_PLAN,
    ]
}

const BUCKET: &[&str] = &["google_storage_bucket"];

static UNIFORM_ACCESS_RULE: Rule = doc(
    "iac.gcp.storage-uniform-access",
    "Cloud Storage bucket without uniform bucket-level access",
    Severity::Medium,
    &["CWE-732"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.1", "cis-gcp-2.0:5.2"],
    "A `google_storage_bucket` leaves `uniform_bucket_level_access` unset or false (the provider \
     default), so per-object ACLs stay in force beside bucket IAM. Any object can then be made \
     readable by anyone with one ACL change that no IAM review, organisation policy or audit of \
     the bucket's IAM policy will show, which undermines the access reviews PCI DSS 7.2 asks for.",
    "```hcl\nresource \"google_storage_bucket\" \"this\" {\n  name                        = \
     \"statements-prod\"\n  location                    = \"EU\"\n  \
     uniform_bucket_level_access = true\n}\n```\nand grant access only through \
     `google_storage_bucket_iam_member`.",
    &["https://cloud.google.com/storage/docs/uniform-bucket-level-access"],
);

pub static UNIFORM_ACCESS: IacRule = IacRule {
    rule: &UNIFORM_ACCESS_RULE,
    format: Format::Terraform,
    kinds: BUCKET,
    check: |_, r| {
        require_true(
            r,
            &["uniform_bucket_level_access"],
            "uniform bucket-level access",
        )
    },
};

pub static UNIFORM_ACCESS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..UNIFORM_ACCESS
};

static PUBLIC_ACCESS_RULE: Rule = doc(
    "iac.gcp.storage-public-access",
    "Cloud Storage bucket or object readable by everyone",
    Severity::Critical,
    &["CWE-732"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:7.2.1",
        "soc2:CC6.1",
        "cis-gcp-2.0:5.1",
    ],
    "A bucket IAM member, binding or policy (`google_storage_bucket_iam_*`), or a bucket/object \
     ACL (`google_storage_bucket_acl`, `google_storage_bucket_access_control`, \
     `google_storage_default_object_acl`, `google_storage_object_access_control`, …) grants a \
     role to `allUsers` or `allAuthenticatedUsers`. The first is anyone on the internet, the \
     second anyone with any Google account: both make the data public. Public buckets are the \
     most common cause of cloud data leaks, and an auditor treats one holding customer data as a \
     failed access control.",
    "Grant roles only to named groups or service accounts, e.g. `member = \
     \"group:statements-readers@bank.example\"`; serve public content through a load balancer \
     with Cloud CDN and a signed URL or IAP, and set `public_access_prevention = \"enforced\"` on \
     buckets that must never be public.",
    &["https://cloud.google.com/storage/docs/access-control/iam"],
);

pub static PUBLIC_ACCESS: IacRule = IacRule {
    rule: &PUBLIC_ACCESS_RULE,
    format: Format::Terraform,
    kinds: &[
        "google_storage_bucket_iam_member",
        "google_storage_bucket_iam_binding",
        "google_storage_bucket_iam_policy",
        "google_storage_bucket_acl",
        "google_storage_bucket_access_control",
        "google_storage_default_object_acl",
        "google_storage_default_object_access_control",
        "google_storage_object_acl",
        "google_storage_object_access_control",
    ],
    check: check_public,
};

pub static PUBLIC_ACCESS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PUBLIC_ACCESS
};

fn check_public(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    public_grants(context, resource)
        .into_iter()
        .map(|(span, member)| {
            Hit::new(
                span,
                format!("{}: grants access to `{member}`", resource.address),
            )
        })
        .collect()
}

static PUBLIC_ACCESS_PREVENTION_RULE: Rule = doc(
    "iac.gcp.storage-public-access-prevention",
    "Cloud Storage bucket does not enforce public access prevention",
    Severity::Medium,
    &["CWE-732"],
    &["A01:2021"],
    &["pci-dss-4.0.1:1.3.1", "soc2:CC6.1"],
    "A `google_storage_bucket` leaves `public_access_prevention` unset or `\"inherited\"`, so it \
     is protected only if an organisation policy (`storage.publicAccessPrevention`) happens to \
     enforce it. Without the guard rail, a later IAM binding or ACL to `allUsers` makes the data \
     public immediately; with it, such grants are refused whatever is configured later.",
    "Set `public_access_prevention = \"enforced\"` on every bucket that holds non-public data \
     (and enforce the `storage.publicAccessPrevention` organisation policy).",
    &["https://cloud.google.com/storage/docs/public-access-prevention"],
);

pub static PUBLIC_ACCESS_PREVENTION: IacRule = IacRule {
    rule: &PUBLIC_ACCESS_PREVENTION_RULE,
    format: Format::Terraform,
    kinds: BUCKET,
    check: |_, r| match lookup(&r.body, &["public_access_prevention"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: `public_access_prevention` is not set (inherits, not enforced)",
                r.address
            ),
        ),
        Attr::Known(node) if node.as_str().is_some_and(|s| s != "enforced") => hit(
            node.span,
            format!(
                "{}: public access prevention is `{}`, not enforced",
                r.address,
                node.as_str().unwrap_or_default()
            ),
        ),
        _ => Vec::new(),
    },
};

pub static PUBLIC_ACCESS_PREVENTION_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PUBLIC_ACCESS_PREVENTION
};

static CMEK_RULE: Rule = doc(
    "iac.gcp.storage-cmek",
    "Cloud Storage bucket not encrypted with a customer managed key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "A `google_storage_bucket` has no `encryption { default_kms_key_name = … }`, so its objects \
     are encrypted only with Google-managed keys. The bank then cannot revoke access to the data \
     by disabling a key, cannot show key-use records in Cloud Audit Logs, and cannot separate \
     key custodians from data administrators — the key-management evidence PCI DSS 3.5 and 3.6 \
     ask for.",
    "```hcl\nresource \"google_storage_bucket\" \"this\" {\n  name     = \"statements-prod\"\n  \
     location = \"EU\"\n  encryption {\n    default_kms_key_name = \
     google_kms_crypto_key.storage.id\n  }\n}\n```\n(grant the Cloud Storage service agent \
     `roles/cloudkms.cryptoKeyEncrypterDecrypter` on the key).",
    &["https://cloud.google.com/storage/docs/encryption/customer-managed-keys"],
);

pub static CMEK: IacRule = IacRule {
    rule: &CMEK_RULE,
    format: Format::Terraform,
    kinds: BUCKET,
    check: |_, r| match configured(&r.body, &["encryption", "default_kms_key_name"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: no `encryption.default_kms_key_name` (Google-managed keys only)",
                r.address
            ),
        ),
        _ => Vec::new(),
    },
};

pub static CMEK_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CMEK
};

static VERSIONING_RULE: Rule = doc(
    "iac.gcp.storage-versioning",
    "Cloud Storage bucket without object versioning",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &["soc2:CC7.2", "soc2:A1.2"],
    "A `google_storage_bucket` has no `versioning { enabled = true }` and no retention policy. \
     An overwrite or delete — a mistake, ransomware or an insider — then destroys the only copy \
     of an object, defeating the recovery and integrity evidence an auditor asks for. (Buckets \
     with a `retention_policy` are not reported: Cloud Storage does not allow versioning there, \
     and the retention policy already prevents deletion.)",
    "```hcl\nversioning {\n  enabled = true\n}\n```\nwith a `lifecycle_rule` that deletes \
     noncurrent versions after the recovery window (e.g. `days_since_noncurrent_time = 30`).",
    &["https://cloud.google.com/storage/docs/object-versioning"],
);

pub static VERSIONING: IacRule = IacRule {
    rule: &VERSIONING_RULE,
    format: Format::Terraform,
    kinds: BUCKET,
    check: check_versioning,
};

pub static VERSIONING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..VERSIONING
};

fn check_versioning(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if !matches!(
        configured(&resource.body, &["retention_policy"]),
        Attr::Missing
    ) {
        return Vec::new();
    }
    match lookup(&resource.body, &["versioning", "enabled"]) {
        Attr::Known(node) if truthy(node) == Some(false) => hit(
            node.span,
            format!("{}: object versioning is disabled", resource.address),
        ),
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: object versioning is not enabled (no `versioning` block)",
                resource.address
            ),
        ),
        _ => Vec::new(),
    }
}

static ACCESS_LOGGING_RULE: Rule = doc(
    "iac.gcp.storage-access-logging",
    "Cloud Storage bucket without usage logging",
    Severity::Low,
    &["CWE-778"],
    &["A09:2021"],
    &["pci-dss-4.0.1:10.2.1", "soc2:CC7.2"],
    "A `google_storage_bucket` has no `logging { log_bucket = … }`. Unless Data Access audit \
     logs are enabled for Cloud Storage (`google_project_iam_audit_config` with `DATA_READ`), \
     nothing records who downloaded which object, so access to stored data cannot be \
     reconstructed after an incident (PCI DSS 10.2.1).",
    "```hcl\nlogging {\n  log_bucket        = google_storage_bucket.access_logs.name\n  \
     log_object_prefix = \"statements-prod/\"\n}\n```\nor enable `DATA_READ` / `DATA_WRITE` \
     audit logs for `storage.googleapis.com`.",
    &["https://cloud.google.com/storage/docs/access-logs"],
);

pub static ACCESS_LOGGING: IacRule = IacRule {
    rule: &ACCESS_LOGGING_RULE,
    format: Format::Terraform,
    kinds: BUCKET,
    check: |_, r| match configured(&r.body, &["logging", "log_bucket"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: usage logging (`logging.log_bucket`) is not configured",
                r.address
            ),
        ),
        _ => Vec::new(),
    },
};

pub static ACCESS_LOGGING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ACCESS_LOGGING
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BARE: &str = "resource \"google_storage_bucket\" \"b\" {\n  name = \"x\"\n}\n";
    const HARDENED: &str = r#"resource "google_storage_bucket" "b" {
  name                        = "x"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  encryption {
    default_kms_key_name = google_kms_crypto_key.k.id
  }
  versioning {
    enabled = true
  }
  logging {
    log_bucket = "access-logs"
  }
}
"#;

    #[test]
    fn uniform_access() {
        assert_eq!(run(&UNIFORM_ACCESS, BARE), (1, Some(1)));
        assert_eq!(run(&UNIFORM_ACCESS, HARDENED), (0, None));
        let off = "resource \"google_storage_bucket\" \"b\" {\n  name = \"x\"\n  uniform_bucket_level_access = false\n}\n";
        assert_eq!(run(&UNIFORM_ACCESS, off), (1, Some(3)));
    }

    #[test]
    fn public_members() {
        let member = r#"resource "google_storage_bucket_iam_member" "m" {
  bucket = google_storage_bucket.b.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}
"#;
        assert_eq!(run(&PUBLIC_ACCESS, member), (1, Some(4)));
        let binding = r#"resource "google_storage_bucket_iam_binding" "m" {
  bucket  = "x"
  role    = "roles/storage.objectViewer"
  members = [
    "group:readers@bank.example",
    "allAuthenticatedUsers",
  ]
}
"#;
        assert_eq!(run(&PUBLIC_ACCESS, binding), (1, Some(6)));
        let acl = r#"resource "google_storage_bucket_acl" "a" {
  bucket      = "x"
  role_entity = ["OWNER:project-owners-123", "READER:allUsers"]
}
"#;
        assert_eq!(run(&PUBLIC_ACCESS, acl), (1, Some(3)));
        let private = r#"resource "google_storage_bucket_iam_member" "m" {
  bucket = "x"
  role   = "roles/storage.objectViewer"
  member = "group:readers@bank.example"
}
resource "google_storage_bucket_access_control" "c" {
  bucket = "x"
  role   = "READER"
  entity = var.entity
}
"#;
        assert_eq!(run(&PUBLIC_ACCESS, private), (0, None));
    }

    #[test]
    fn public_policy_document() {
        let text = r#"data "google_iam_policy" "p" {
  binding {
    role    = "roles/storage.objectViewer"
    members = ["allUsers"]
  }
}
resource "google_storage_bucket_iam_policy" "p" {
  bucket      = "x"
  policy_data = data.google_iam_policy.p.policy_data
}
"#;
        assert_eq!(run(&PUBLIC_ACCESS, text), (1, Some(4)));
        let literal = r#"resource "google_storage_bucket_iam_policy" "p" {
  bucket      = "x"
  policy_data = "{\"bindings\":[{\"role\":\"roles/storage.admin\",\"members\":[\"user:a@bank.example\"]}]}"
}
"#;
        assert_eq!(run(&PUBLIC_ACCESS, literal), (0, None));
    }

    #[test]
    fn public_access_prevention() {
        assert_eq!(run(&PUBLIC_ACCESS_PREVENTION, BARE), (1, Some(1)));
        assert_eq!(run(&PUBLIC_ACCESS_PREVENTION, HARDENED), (0, None));
        let inherited = "resource \"google_storage_bucket\" \"b\" {\n  public_access_prevention = \"inherited\"\n}\n";
        assert_eq!(run(&PUBLIC_ACCESS_PREVENTION, inherited), (1, Some(2)));
    }

    #[test]
    fn cmek() {
        assert_eq!(run(&CMEK, BARE), (1, Some(1)));
        assert_eq!(run(&CMEK, HARDENED), (0, None));
    }

    #[test]
    fn versioning() {
        assert_eq!(run(&VERSIONING, BARE), (1, Some(1)));
        assert_eq!(run(&VERSIONING, HARDENED), (0, None));
        let off = "resource \"google_storage_bucket\" \"b\" {\n  versioning {\n    enabled = false\n  }\n}\n";
        assert_eq!(run(&VERSIONING, off), (1, Some(3)));
        let retained = "resource \"google_storage_bucket\" \"b\" {\n  retention_policy {\n    retention_period = 31536000\n  }\n}\n";
        assert_eq!(run(&VERSIONING, retained), (0, None));
    }

    #[test]
    fn access_logging() {
        assert_eq!(run(&ACCESS_LOGGING, BARE), (1, Some(1)));
        assert_eq!(run(&ACCESS_LOGGING, HARDENED), (0, None));
    }

    #[test]
    fn plan_twins() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "google_storage_bucket.b",
          "type": "google_storage_bucket",
          "values": {
            "name": "x",
            "uniform_bucket_level_access": false,
            "encryption": [],
            "logging": [],
            "versioning": [{"enabled": true}],
            "public_access_prevention": "enforced"
          }
        }
      ]
    }
  }
}
"#;
        let run_plan = |rule| crate::rules::testing::hits(rule, "plan.json", plan);
        let found = run_plan(&UNIFORM_ACCESS_PLAN);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 11);
        assert_eq!(run_plan(&CMEK_PLAN).len(), 1);
        assert_eq!(run_plan(&ACCESS_LOGGING_PLAN).len(), 1);
        assert!(run_plan(&VERSIONING_PLAN).is_empty());
        assert!(run_plan(&PUBLIC_ACCESS_PREVENTION_PLAN).is_empty());
    }
}
