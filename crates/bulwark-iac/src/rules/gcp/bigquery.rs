//! BigQuery datasets: public access and customer managed encryption keys.

use super::{configured, is_public_principal, public_grants};
use crate::model::{Format, Node, Resource};
use crate::rules::terraform::{Attr, blocks, doc, hit, lookup};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![&PUBLIC_DATASET, &PUBLIC_DATASET_PLAN, &CMEK, &CMEK_PLAN]
}

static PUBLIC_DATASET_RULE: Rule = doc(
    "iac.gcp.bigquery-public-dataset",
    "BigQuery dataset or table readable by everyone",
    Severity::Critical,
    &["CWE-732"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:7.2.1",
        "pci-dss-4.0.1:1.3.1",
        "soc2:CC6.1",
        "cis-gcp-2.0:7.1",
    ],
    "A `google_bigquery_dataset` `access` block, a `google_bigquery_dataset_access`, or a \
     dataset/table IAM member, binding or policy grants access to `allUsers` or \
     `allAuthenticatedUsers` (as `iam_member`, `special_group` or `member`). Every table in the \
     dataset — analytics copies of transactions and customer records — can then be queried by \
     anyone on the internet or with any Google account.",
    "Grant dataset roles only to named groups and service accounts:\n\n```hcl\naccess {\n  \
     role           = \"READER\"\n  group_by_email = \"analysts@bank.example\"\n}\n```\nand share \
     de-identified data through authorized views instead.",
    &["https://cloud.google.com/bigquery/docs/control-access-to-resources-iam"],
);

pub static PUBLIC_DATASET: IacRule = IacRule {
    rule: &PUBLIC_DATASET_RULE,
    format: Format::Terraform,
    kinds: &[
        "google_bigquery_dataset",
        "google_bigquery_dataset_access",
        "google_bigquery_dataset_iam_member",
        "google_bigquery_dataset_iam_binding",
        "google_bigquery_dataset_iam_policy",
        "google_bigquery_table_iam_member",
        "google_bigquery_table_iam_binding",
        "google_bigquery_table_iam_policy",
    ],
    check: check_public,
};

pub static PUBLIC_DATASET_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PUBLIC_DATASET
};

/// Public principals in one dataset access entry (`special_group`, `iam_member`).
fn public_entry(entry: &Node) -> Vec<(&Node, &str)> {
    ["special_group", "iam_member"]
        .into_iter()
        .filter_map(|key| match lookup(entry, &[key]) {
            Attr::Known(n) => n
                .as_str()
                .filter(|s| is_public_principal(s))
                .map(|s| (n, s)),
            _ => None,
        })
        .collect()
}

fn check_public(context: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let message = |member: &str| format!("{}: grants access to `{member}`", resource.address);
    match resource.kind.as_str() {
        "google_bigquery_dataset" => blocks(&resource.body, "access")
            .into_iter()
            .flat_map(public_entry)
            .map(|(n, member)| Hit::new(n.span, message(member)))
            .collect(),
        "google_bigquery_dataset_access" => public_entry(&resource.body)
            .into_iter()
            .map(|(n, member)| Hit::new(n.span, message(member)))
            .collect(),
        _ => public_grants(context, resource)
            .into_iter()
            .map(|(span, member)| Hit::new(span, message(&member)))
            .collect(),
    }
}

static CMEK_RULE: Rule = doc(
    "iac.gcp.bigquery-cmek",
    "BigQuery dataset without a default customer managed key",
    Severity::Medium,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1", "cis-gcp-2.0:7.3"],
    "A `google_bigquery_dataset` has no `default_encryption_configuration { kms_key_name = … }`, \
     so new tables in it are encrypted only with Google-managed keys. The bank cannot revoke \
     access to the data by disabling a key or show key-use records, as its key-management \
     policy for stored account data requires.",
    "```hcl\ndefault_encryption_configuration {\n  kms_key_name = \
     google_kms_crypto_key.bigquery.id\n}\n```\n(grant the BigQuery service agent \
     `roles/cloudkms.cryptoKeyEncrypterDecrypter` on the key).",
    &["https://cloud.google.com/bigquery/docs/customer-managed-encryption"],
);

pub static CMEK: IacRule = IacRule {
    rule: &CMEK_RULE,
    format: Format::Terraform,
    kinds: &["google_bigquery_dataset"],
    check: |_, r| match configured(
        &r.body,
        &["default_encryption_configuration", "kms_key_name"],
    ) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: no default customer managed key (`default_encryption_configuration`)",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn public_dataset() {
        let dataset = r#"resource "google_bigquery_dataset" "d" {
  dataset_id = "analytics"
  access {
    role          = "OWNER"
    user_by_email = "owner@bank.example"
  }
  access {
    role          = "READER"
    special_group = "allAuthenticatedUsers"
  }
}
"#;
        assert_eq!(run(&PUBLIC_DATASET, dataset), (1, Some(9)));
        let access = "resource \"google_bigquery_dataset_access\" \"a\" {\n  dataset_id = \"d\"\n  role       = \"READER\"\n  iam_member = \"allUsers\"\n}\n";
        assert_eq!(run(&PUBLIC_DATASET, access), (1, Some(4)));
        let table = "resource \"google_bigquery_table_iam_member\" \"m\" {\n  role   = \"roles/bigquery.dataViewer\"\n  member = \"allUsers\"\n}\n";
        assert_eq!(run(&PUBLIC_DATASET, table), (1, Some(3)));
        let private = "resource \"google_bigquery_dataset_access\" \"a\" {\n  role          = \"READER\"\n  special_group = \"projectReaders\"\n}\n";
        assert_eq!(run(&PUBLIC_DATASET, private), (0, None));
    }

    #[test]
    fn cmek() {
        let bare =
            "resource \"google_bigquery_dataset\" \"d\" {\n  dataset_id = \"analytics\"\n}\n";
        assert_eq!(run(&CMEK, bare), (1, Some(1)));
        let keyed = "resource \"google_bigquery_dataset\" \"d\" {\n  default_encryption_configuration {\n    kms_key_name = google_kms_crypto_key.k.id\n  }\n}\n";
        assert_eq!(run(&CMEK, keyed), (0, None));
    }
}
