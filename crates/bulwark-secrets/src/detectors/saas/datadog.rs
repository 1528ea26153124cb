//! Datadog API and application keys.

use super::{any_of, assigned, generated_hex};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// Names a Datadog key is assigned to: `DATADOG_…`, `DD_…`, the `DD-API-KEY` header.
const DATADOG: &str = "datadog|(?:\\b|_)dd";

/// ## What it finds
/// A Datadog API key (32 hex characters) assigned to a Datadog name such as `DD_API_KEY`,
/// `datadog_api_key` or the `DD-API-KEY` header.
pub static DATADOG_API_KEY: Rule = Rule {
    id: "secrets.datadog-api-key",
    title: "Datadog API key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Datadog API key is committed to the repository. It submits metrics, logs, \
        traces and events to the organisation, so an attacker can forge or flood telemetry to \
        hide activity or trigger false alerts, and pair it with an application key for full API \
        access.",
    remediation: "Revoke the key in Datadog (Organization Settings → API Keys → the key → \
        Revoke), deploy a new key to agents from a secrets manager, and review the key's usage \
        in the audit trail.",
    references: &["https://docs.datadoghq.com/account_management/api-app-keys/"],
};

/// ## What it finds
/// A Datadog application key (40 hex characters) assigned to a Datadog name such as
/// `DD_APP_KEY`, `datadog_application_key` or the `DD-APPLICATION-KEY` header.
pub static DATADOG_APPLICATION_KEY: Rule = Rule {
    id: "secrets.datadog-application-key",
    title: "Datadog application key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Datadog application key is committed to the repository. Together with an API \
        key it acts as its user through the Datadog API: it reads logs (which often contain \
        customer data and tokens), dashboards and traces, and changes monitors and integrations.",
    remediation: "Revoke the key in Datadog (Organization Settings → Application Keys, or the \
        owner's Personal Settings), restrict new keys with scopes, and load them from a secrets \
        manager.",
    references: &["https://docs.datadoghq.com/account_management/api-app-keys/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &DATADOG_API_KEY,
            &["datadog", "dd_api", "dd-api", "ddapi"],
            &any_of(&[&assigned(DATADOG, "api[_-]?key", "[a-f0-9]{32}")]),
            1,
        )?
        .min_entropy(3.0)
        .check(generated_hex),
        Detector::new(
            &DATADOG_APPLICATION_KEY,
            &["datadog", "dd_app", "dd-app", "ddapp"],
            &any_of(&[&assigned(
                DATADOG,
                "app(?:lication)?[_-]?key",
                "[a-f0-9]{40}",
            )]),
            1,
        )?
        .min_entropy(3.0)
        .check(generated_hex),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const API: &str = concat!("ccadd14633860f0f", "9058534e90e77778");
    const APP: &str = concat!("338aa13ca73fe34b0004", "a87b35c4fc8921c16452");

    #[test]
    fn finds_api_keys() {
        assert_eq!(
            ids(&format!("DD_API_KEY={API}")),
            ["secrets.datadog-api-key"]
        );
        assert_eq!(
            ids(&format!("  datadog_api_key: \"{API}\"")),
            ["secrets.datadog-api-key"]
        );
        assert_eq!(
            ids(&format!(
                "curl -H \"DD-API-KEY: {API}\" https://api.datadoghq.com"
            )),
            ["secrets.datadog-api-key"]
        );
        assert_eq!(
            ids(&format!("ENV DD_API_KEY {API}")),
            ["secrets.datadog-api-key"]
        );
    }

    #[test]
    fn finds_keys_in_manifests_and_properties() {
        let manifest = format!("        - name: DD_API_KEY\n          value: \"{API}\"\n");
        assert_eq!(ids(&manifest), ["secrets.datadog-api-key"]);
        let xml = format!("<add key=\"DD_API_KEY\" value=\"{API}\" />");
        assert_eq!(ids(&xml), ["secrets.datadog-api-key"]);
        let properties = format!("datadog.api.key={API}");
        assert_eq!(ids(&properties), ["secrets.datadog-api-key"]);
        let from_secret =
            "        - name: DD_API_KEY\n          valueFrom:\n            secretKeyRef:";
        assert!(ids(from_secret).is_empty());
    }

    #[test]
    fn finds_application_keys() {
        assert_eq!(
            ids(&format!("DD_APP_KEY = '{APP}'")),
            ["secrets.datadog-application-key"]
        );
        assert_eq!(
            ids(&format!("export DATADOG_APPLICATION_KEY={APP}")),
            ["secrets.datadog-application-key"]
        );
    }

    #[test]
    fn ignores_unnamed_hashes_and_wrong_lengths() {
        assert!(ids(&format!("md5 = {API}")).is_empty());
        assert!(
            ids(&format!("DD_API_KEY={APP}")).is_empty(),
            "40 hex is no API key"
        );
        assert!(ids(&format!("DD_APP_KEY={API}")).is_empty());
        assert!(
            ids(&format!("ADD_API_KEY={API}")).is_empty(),
            "not a Datadog name"
        );
        assert!(ids(&format!("DD_TRACE_ID={API}")).is_empty());
        let digits = concat!("1749126076512399", "6776924231749912");
        assert!(ids(&format!("DD_API_KEY={digits}")).is_empty());
    }
}
