//! Label governance: labelable Google Cloud resources must carry the keys configured in
//! `[iac] required_tags` (owner, cost centre, data classification…). GCP calls tags "labels"
//! and only allows lowercase keys, so keys are compared ignoring case, `_` and `-`:
//! `DataClassification` is satisfied by `data_classification` or `data-classification`.

use crate::model::{Format, Node, Resource, Value};
use crate::rules::missing_tags;
use crate::rules::terraform::{Attr, doc, lookup, provider_defaults};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![&REQUIRED_LABELS, &REQUIRED_LABELS_PLAN]
}

/// Common Google resource types that accept labels; any other `google_*` resource that writes
/// `labels` is judged too.
const LABELABLE: &[&str] = &[
    "google_project",
    "google_storage_bucket",
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_region_instance_template",
    "google_compute_disk",
    "google_compute_region_disk",
    "google_compute_image",
    "google_compute_snapshot",
    "google_compute_address",
    "google_compute_global_address",
    "google_compute_forwarding_rule",
    "google_compute_global_forwarding_rule",
    "google_sql_database_instance",
    "google_container_cluster",
    "google_bigquery_dataset",
    "google_bigquery_table",
    "google_pubsub_topic",
    "google_pubsub_subscription",
    "google_kms_crypto_key",
    "google_secret_manager_secret",
    "google_redis_instance",
    "google_spanner_instance",
    "google_bigtable_instance",
    "google_alloydb_cluster",
    "google_filestore_instance",
    "google_dataproc_cluster",
    "google_dns_managed_zone",
    "google_artifact_registry_repository",
    "google_cloudfunctions_function",
    "google_cloudfunctions2_function",
    "google_cloud_run_v2_service",
    "google_cloud_run_v2_job",
    "google_workflows_workflow",
    "google_composer_environment",
];

static REQUIRED_LABELS_RULE: Rule = doc(
    "iac.gcp.required-labels",
    "Google Cloud resource missing required labels",
    Severity::Low,
    &["CWE-1059"],
    &["A05:2021"],
    &["pci-dss-4.0.1:12.5.1", "soc2:CC6.1"],
    "A labelable Google Cloud resource lacks one or more of the keys listed in `[iac] \
     required_tags` in `bulwark.toml`, counting the provider's `default_labels` (keys are \
     compared ignoring case, `_` and `-`, since GCP label keys must be lowercase). Labels are \
     how a bank keeps the inventory of system components PCI DSS 12.5.1 asks for, ties each \
     resource to an owner and a data classification, and scopes cost and access reviews; \
     unlabelled resources fall out of all of them.",
    "Add the missing labels on the resource (`settings.user_labels` for Cloud SQL, \
     `resource_labels` for GKE), or once for every resource in the provider:\n\n```hcl\n\
     provider \"google\" {\n  default_labels = {\n    owner               = \"payments-team\"\n    \
     data_classification = \"confidential\"\n  }\n}\n```",
    &["https://cloud.google.com/resource-manager/docs/creating-managing-labels"],
);

pub static REQUIRED_LABELS: IacRule = IacRule {
    rule: &REQUIRED_LABELS_RULE,
    format: Format::Terraform,
    kinds: &[],
    check: check_labels,
};

pub static REQUIRED_LABELS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..REQUIRED_LABELS
};

/// `Data_Classification`, `data-classification` and `DataClassification` are the same key.
fn normalise(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where a resource type keeps its user labels.
fn label_path(kind: &str) -> &'static [&'static str] {
    match kind {
        "google_sql_database_instance" => &["settings", "user_labels"],
        "google_container_cluster" => &["resource_labels"],
        _ => &["labels"],
    }
}

/// Label keys set by `provider "google" { default_labels = {…} }` (and `google-beta`);
/// `None` if they cannot be read.
fn default_labels(root: &Node) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for name in ["google", "google-beta"] {
        let Some(provider) = root.at(&["provider", name]) else {
            continue;
        };
        let providers: Vec<&Node> = match &provider.value {
            Value::Array(items) => items.iter().collect(),
            _ => vec![provider],
        };
        for p in providers {
            // Aliased provider blocks merge into one object: read every `default_labels`.
            let Value::Object(entries) = &p.value else {
                continue;
            };
            for (_, _, labels) in entries.iter().filter(|(k, _, _)| k == "default_labels") {
                match &labels.value {
                    Value::Object(keys) => out.extend(keys.iter().map(|(k, _, _)| k.clone())),
                    Value::Null => {}
                    _ => return None,
                }
            }
        }
    }
    Some(out)
}

fn check_labels(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if context.required_tags.is_empty()
        || !resource.kind.starts_with("google_")
        || resource.address.starts_with("data.")
        || resource.address.contains(".data.")
    {
        return Vec::new();
    }
    let plan = context.document.format == Format::TerraformPlan;
    // Plans of provider 5+ merge the provider's default labels into `terraform_labels`.
    let path: &[&str] = if plan && resource.body.get("terraform_labels").is_some() {
        &["terraform_labels"]
    } else {
        label_path(&resource.kind)
    };
    let attr = lookup(&resource.body, path);
    if matches!(attr, Attr::Missing) && !LABELABLE.contains(&resource.kind.as_str()) {
        return Vec::new();
    }
    let mut present = if plan {
        Vec::new()
    } else {
        match provider_defaults(context, default_labels) {
            Some(keys) => keys,
            None => return Vec::new(),
        }
    };
    let span = match attr {
        Attr::Known(node) => match &node.value {
            Value::Object(entries) => {
                present.extend(entries.iter().map(|(k, _, _)| k.clone()));
                node.span
            }
            // `labels` of some resources is a block or list, not a key/value map.
            _ => return Vec::new(),
        },
        Attr::Missing => resource.span,
        Attr::Unknown => return Vec::new(),
    };
    let present: Vec<String> = present.iter().map(|k| normalise(k)).collect();
    missing_tags(
        context,
        resource,
        span,
        |t| present.contains(&normalise(t)),
        "label",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits_with_tags;

    fn run(path: &str, text: &str) -> (usize, Option<u32>, Vec<String>) {
        let tags = vec!["Owner".to_string(), "DataClassification".to_string()];
        let found = hits_with_tags(
            if path.ends_with(".json") {
                &REQUIRED_LABELS_PLAN
            } else {
                &REQUIRED_LABELS
            },
            path,
            text,
            &tags,
        );
        (
            found.len(),
            found.first().map(|h| h.span.start.line),
            found.into_iter().map(|h| h.message).collect(),
        )
    }

    #[test]
    fn missing_labels() {
        let text = r#"resource "google_storage_bucket" "b" {
  name = "x"
  labels = {
    owner = "payments"
  }
}
resource "google_pubsub_topic" "t" {
  name = "t"
}
resource "google_sql_database_instance" "db" {
  settings {
    user_labels = {
      owner               = "payments"
      data_classification = "confidential"
    }
  }
}
resource "google_storage_bucket_iam_member" "m" {
  bucket = "x"
}
"#;
        let (count, line, messages) = run("main.tf", text);
        assert_eq!((count, line), (2, Some(3)));
        assert!(
            messages[0].ends_with("missing required label DataClassification"),
            "{messages:?}"
        );
        assert!(messages[1].contains("DataClassification") && messages[1].contains("Owner"));
    }

    #[test]
    fn default_labels_and_unknowns() {
        let text = r#"provider "google" {
  project = "bank-prod"
  default_labels = {
    owner = "payments"
  }
}
resource "google_pubsub_topic" "t" {
  labels = {
    data-classification = "internal"
  }
}
resource "google_compute_instance" "vm" {
  labels = merge(local.labels, { app = "x" })
}
resource "google_monitoring_metric_descriptor" "d" {
  labels {
    key = "k"
  }
}
"#;
        assert_eq!(run("main.tf", text).0, 0);
        let none = hits_with_tags(
            &REQUIRED_LABELS,
            "main.tf",
            "resource \"google_storage_bucket\" \"b\" {}\n",
            &[],
        );
        assert!(none.is_empty());
    }

    #[test]
    fn plan_uses_terraform_labels() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "google_storage_bucket.b",
          "type": "google_storage_bucket",
          "values": {
            "labels": {"owner": "payments"},
            "terraform_labels": {"owner": "payments", "data_classification": "pci"}
          }
        },
        {
          "address": "google_kms_crypto_key.k",
          "type": "google_kms_crypto_key",
          "values": {
            "labels": {"owner": "security"}
          }
        }
      ]
    }
  }
}
"#;
        let (count, line, _) = run("plan.json", plan);
        assert_eq!((count, line), (1, Some(18)));
    }
}
