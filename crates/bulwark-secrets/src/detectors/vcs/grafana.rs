//! Grafana credentials: Grafana Cloud access policy tokens (`glc_` and base64), Grafana service
//! account tokens (`glsa_`, 32 alphanumerics, `_`, 8-hex checksum) and legacy API keys (base64
//! of a `{"k":…,"n":…,"id":…}` object, hence `eyJrIjoi`).

use super::{END_BASE64, plausible};
use crate::Check;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use base64::Engine;
use bulwark_core::{Rule, Scanner, Severity};

const SERVICE_ACCOUNTS_DOC: &str =
    "https://grafana.com/docs/grafana/latest/administration/service-accounts/";

/// ## What it finds
/// Grafana Cloud access policy tokens (`glc_…`).
pub static GRAFANA_CLOUD_ACCESS_POLICY_TOKEN: Rule = Rule {
    id: "secrets.grafana-cloud-access-policy-token",
    title: "Grafana Cloud access policy token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Grafana Cloud access policy token is committed to the repository. Depending on \
        its policy's scopes it can read or write metrics, logs and traces (which often contain \
        personal data and internal hostnames) or manage the organization's stacks.",
    remediation: "Delete the token (Grafana Cloud portal → Administration → Access policies → the \
        policy → Tokens), review the policy's scopes, and give collectors a new token from a \
        secrets manager.",
    references: &[
        "https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/",
    ],
};

/// ## What it finds
/// Grafana service account tokens (`glsa_…`).
pub static GRAFANA_SERVICE_ACCOUNT_TOKEN: Rule = Rule {
    id: "secrets.grafana-service-account-token",
    title: "Grafana service account token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Grafana service account token is committed to the repository. It has the \
        service account's role on the Grafana instance: it can query every data source the role \
        allows and, as Editor or Admin, change dashboards, alerting and data source settings.",
    remediation: "Delete the token (Administration → Service accounts → the account → Tokens), \
        review the audit log, and provide the replacement from a secrets manager.",
    references: &[SERVICE_ACCOUNTS_DOC],
};

/// ## What it finds
/// Legacy Grafana API keys (base64 JSON starting `eyJrIjoi`).
pub static GRAFANA_API_KEY: Rule = Rule {
    id: "secrets.grafana-api-key",
    title: "Grafana API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A legacy Grafana API key is committed to the repository. It carries the role it \
        was created with (Viewer, Editor or Admin) on the organization, so it can read data \
        sources or change dashboards, alerting and users.",
    remediation: "Delete the key (Administration → API keys, or migrate it to a service account \
        and delete it there), and use a service account token kept in a secrets manager.",
    references: &[SERVICE_ACCOUNTS_DOC],
};

/// A legacy API key decodes to JSON with `k`, `n` and `id` members.
fn legacy_api_key(value: &[u8]) -> Check {
    let trimmed = value
        .strip_suffix(b"==")
        .or_else(|| value.strip_suffix(b"="))
        .unwrap_or(value);
    let Ok(decoded) = base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed) else {
        return Check::Reject;
    };
    let has = |needle: &[u8]| decoded.windows(needle.len()).any(|w| w == needle);
    if decoded.starts_with(br#"{"k":""#) && has(br#""n":"#) && has(br#""id":"#) {
        plausible(value)
    } else {
        Check::Reject
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &GRAFANA_CLOUD_ACCESS_POLICY_TOKEN,
            &["glc_"],
            &format!(r"\b(glc_[A-Za-z0-9+/]{{32,400}}={{0,2}}){END_BASE64}"),
            1,
        )?
        .min_entropy(4.0)
        .check(plausible),
        Detector::new(
            &GRAFANA_SERVICE_ACCOUNT_TOKEN,
            &["glsa_"],
            r"\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b",
            1,
        )?
        .min_entropy(3.5)
        .check(plausible),
        Detector::new(
            &GRAFANA_API_KEY,
            &["eyJrIjoi"],
            &format!(r"\b(eyJrIjoi[A-Za-z0-9+/]{{32,300}}={{0,2}}){END_BASE64}"),
            1,
        )?
        .check(legacy_api_key),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;
    use base64::engine::general_purpose::STANDARD;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_cloud_and_service_account_tokens() {
        let cloud = concat!(
            "glc_",
            "LO10yZ2ChVIHNaQzlMKYdILjCZO4uEHrIxdNb9UixrXkOKKjOwTTozqvCnAKjsmvnwK24pD8eg5NwFD2"
        );
        assert_eq!(
            ids(&format!("GRAFANA_CLOUD_TOKEN={cloud}")),
            ["secrets.grafana-cloud-access-policy-token"]
        );
        let service = concat!("glsa_", "oAlQW2v4Iw8THSRGUEBH74QzSwmiFgFb", "_468e068a");
        assert_eq!(
            ids(&format!("Authorization: Bearer {service}")),
            ["secrets.grafana-service-account-token"]
        );
    }

    #[test]
    fn ignores_short_and_malformed_tokens() {
        assert!(ids(concat!("glc_", "LO10yZ2ChVIHNaQz")).is_empty());
        assert!(ids(concat!("glsa_", "oAlQW2v4Iw8THSRGUEBH74QzSwmiFgFb")).is_empty());
        assert!(ids(concat!("glsa_", "oAlQW2v4Iw8THSRGUEBH74QzSwmiFgF_468e068a")).is_empty());
        assert!(
            ids(concat!(
                "glsa_",
                "oAlQW2v4Iw8THSRGUEBH74QzSwmiFgFb",
                "_468e068z"
            ))
            .is_empty()
        );
    }

    #[test]
    fn finds_legacy_api_keys() {
        let key =
            STANDARD.encode(r#"{"k":"Zq3ZycZOkN8gaW18vjsgJ0Wu8FxTwXqx","n":"ci-deploy","id":7}"#);
        assert_eq!(
            ids(&format!("api_key = \"{key}\"")),
            ["secrets.grafana-api-key"]
        );
    }

    #[test]
    fn ignores_other_base64_json_and_jwts() {
        let other = STANDARD.encode(r#"{"kind":"ConfigMap","name":"grafana-dashboards","id":7}"#);
        assert!(ids(&other).is_empty());
        let no_name = STANDARD.encode(r#"{"k":"Zq3ZycZOkN8gaW18vjsgJ0Wu8FxTwXqx","id":7}"#);
        assert!(ids(&no_name).is_empty());
    }
}
