//! IBM Cloud API keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A 44-character IBM Cloud IAM API key next to an IBM name (`IBMCLOUD_API_KEY`, `IC_API_KEY`,
/// `ibm_api_key`…) or as the `apikey` of a service-credentials JSON (`iam_apikey_*` fields).
pub static IBM_CLOUD_API_KEY: Rule = Rule {
    id: "secrets.ibm-cloud-api-key",
    title: "IBM Cloud API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An IBM Cloud IAM API key is committed to the repository. It is exchanged for IAM \
        tokens carrying every access policy of the user or service ID that owns it, across the \
        account's resources (Object Storage, databases, Kubernetes, Key Protect…).",
    remediation: "Delete the key (Manage → Access (IAM) → API keys, or the service ID's API keys \
        tab; `ibmcloud iam api-key-delete`), review Activity Tracker events for its use, and use \
        trusted profiles or compute resource identities instead; keep any remaining key in Secrets \
        Manager.",
    references: &["https://cloud.ibm.com/docs/account?topic=account-userapikey"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &IBM_CLOUD_API_KEY,
            &["ibm", "ic_api", "\"apikey\""],
            concat!(
                r#"(?:(?i:(?:ibm[\w.-]{0,25}?|\bic_)(?:api[_.-]?key|apikey|iam[_.-]?key))"#,
                r#"["']?\s*(?::|=>|:=|=)\s*["']?([A-Za-z0-9_-]{44})"#,
                r#"|"apikey"\s*:\s*"([A-Za-z0-9_-]{44})"(?s-u:.){0,400}?"#,
                r#""iam_(?:apikey_description|apikey_id|apikey_name|role_crn|serviceid_crn)")"#,
                r"(?:[^A-Za-z0-9_-]|$)",
            ),
            1,
        )?
        .alternative_group(2)
        .min_entropy(4.0)
        .check(super::mixed_case),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const KEY: &str = concat!("PyXQEW88ad3DNBYjvsedo", "nuSsddfrfifiUziXnFAAoee");

    #[test]
    fn finds_named_keys() {
        for line in [
            format!("IBMCLOUD_API_KEY={KEY}"),
            format!("export IC_API_KEY=\"{KEY}\""),
            format!("ibm_cloud_apikey: '{KEY}'"),
        ] {
            assert_eq!(ids(&line), ["secrets.ibm-cloud-api-key"], "{line}");
        }
    }

    #[test]
    fn finds_service_credentials_json() {
        let json = format!(
            "{{\n  \"apikey\": \"{KEY}\",\n  \"endpoints\": \"https://control.cloud-object-storage\
             .cloud.ibm.com/v2/endpoints\",\n  \"iam_apikey_description\": \"Auto-generated\"\n}}"
        );
        assert_eq!(ids(&json), ["secrets.ibm-cloud-api-key"]);
    }

    #[test]
    fn ignores_other_apikeys_and_lengths() {
        // `apikey` of some other service, and `public_api_key` is not `ic_api_key`.
        assert!(ids(&format!("{{\"apikey\": \"{KEY}\", \"url\": \"x\"}}")).is_empty());
        assert!(ids(&format!("public_api_key = {KEY}")).is_empty());
        assert!(ids(&format!("IBMCLOUD_API_KEY={}", &KEY[..40])).is_empty());
        assert!(ids(&format!("IBMCLOUD_API_KEY={KEY}-x")).is_empty());
        assert!(ids("IBMCLOUD_API_KEY=<your-ibm-cloud-api-key-goes-right-here-ok>").is_empty());
    }
}
