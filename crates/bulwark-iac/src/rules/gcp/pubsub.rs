//! Pub/Sub topics and subscriptions: customer managed keys and public access.

use super::{configured, public_grants};
use crate::model::Format;
use crate::rules::terraform::{Attr, doc, hit};
use crate::rules::{Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![&CMEK, &CMEK_PLAN, &PUBLIC, &PUBLIC_PLAN]
}

static CMEK_RULE: Rule = doc(
    "iac.gcp.pubsub-cmek",
    "Pub/Sub topic not encrypted with a customer managed key",
    Severity::Low,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "A `google_pubsub_topic` has no `kms_key_name`, so messages retained in the topic and its \
     subscriptions — payment events, notifications carrying customer data — are encrypted only \
     with Google-managed keys. The bank cannot revoke access by disabling a key or show \
     key-use records, as its key-management policy for stored data requires.",
    "```hcl\nresource \"google_pubsub_topic\" \"payments\" {\n  name         = \"payments\"\n  \
     kms_key_name = google_kms_crypto_key.pubsub.id\n}\n```\n(grant the Pub/Sub service agent \
     `roles/cloudkms.cryptoKeyEncrypterDecrypter` on the key).",
    &["https://cloud.google.com/pubsub/docs/encryption"],
);

pub static CMEK: IacRule = IacRule {
    rule: &CMEK_RULE,
    format: Format::Terraform,
    kinds: &["google_pubsub_topic"],
    check: |_, r| match configured(&r.body, &["kms_key_name"]) {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: no `kms_key_name` (Google-managed keys only)",
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

static PUBLIC_RULE: Rule = doc(
    "iac.gcp.pubsub-public",
    "Pub/Sub topic or subscription accessible to everyone",
    Severity::High,
    &["CWE-732"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    "A `google_pubsub_topic_iam_*` or `google_pubsub_subscription_iam_*` member, binding or \
     policy grants a role to `allUsers` or `allAuthenticatedUsers`. Anyone can then publish \
     forged events into the bank's pipelines or pull the messages flowing through them, \
     depending on the role granted.",
    "Grant Pub/Sub roles only to the service accounts that publish or subscribe, e.g. `member = \
     \"serviceAccount:${google_service_account.payments.email}\"` with `role = \
     \"roles/pubsub.publisher\"`.",
    &["https://cloud.google.com/pubsub/docs/access-control"],
);

pub static PUBLIC: IacRule = IacRule {
    rule: &PUBLIC_RULE,
    format: Format::Terraform,
    kinds: &[
        "google_pubsub_topic_iam_member",
        "google_pubsub_topic_iam_binding",
        "google_pubsub_topic_iam_policy",
        "google_pubsub_subscription_iam_member",
        "google_pubsub_subscription_iam_binding",
        "google_pubsub_subscription_iam_policy",
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

pub static PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..PUBLIC
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn cmek() {
        let bare = "resource \"google_pubsub_topic\" \"t\" {\n  name = \"payments\"\n}\n";
        assert_eq!(run(&CMEK, bare), (1, Some(1)));
        let keyed = "resource \"google_pubsub_topic\" \"t\" {\n  kms_key_name = google_kms_crypto_key.k.id\n}\n";
        assert_eq!(run(&CMEK, keyed), (0, None));
    }

    #[test]
    fn public() {
        let bad = "resource \"google_pubsub_topic_iam_member\" \"m\" {\n  topic  = \"t\"\n  role   = \"roles/pubsub.publisher\"\n  member = \"allUsers\"\n}\n";
        assert_eq!(run(&PUBLIC, bad), (1, Some(4)));
        let fine = "resource \"google_pubsub_subscription_iam_binding\" \"b\" {\n  role    = \"roles/pubsub.subscriber\"\n  members = [\"serviceAccount:worker@p.iam.gserviceaccount.com\"]\n}\n";
        assert_eq!(run(&PUBLIC, fine), (0, None));
    }
}
