//! Octopus Deploy API keys (`API-` and upper-case letters and digits).

use super::{END, plausible};
use crate::Check;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Octopus Deploy API keys (`API-…`).
pub static OCTOPUS_DEPLOY_API_KEY: Rule = Rule {
    id: "secrets.octopus-deploy-api-key",
    title: "Octopus Deploy API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Octopus Deploy API key is committed to the repository. It acts as its user \
        or service account: it can create releases, deploy them to production environments, run \
        scripts on deployment targets and read the project variables that hold cloud and \
        database credentials.",
    remediation: "Revoke the key (Profile → My API Keys → Revoke, or the service account's API \
        keys), review the audit log for deployments it made, and use OIDC or a key injected from \
        a secrets manager.",
    references: &["https://octopus.com/docs/octopus-rest-api/how-to-create-an-api-key"],
};

/// Octopus keys mix letters and digits; `API-GATEWAY…` style identifiers do not.
fn octopus_key(value: &[u8]) -> Check {
    let body = value.get(4..).unwrap_or_default();
    let digits = body.iter().filter(|b| b.is_ascii_digit()).count();
    let letters = body.iter().filter(|b| b.is_ascii_uppercase()).count();
    if digits < 3 || letters < 3 {
        Check::Reject
    } else {
        plausible(value)
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &OCTOPUS_DEPLOY_API_KEY,
            &["API-"],
            &format!(r"\b(API-[A-Z0-9]{{25,32}}){END}"),
            1,
        )?
        .min_entropy(3.5)
        .check(octopus_key),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_api_keys() {
        let key = concat!("API-", "UEFS1J56MEVA8ETBZT1CPI3HOH");
        assert_eq!(
            ids(&format!("octo deploy-release --apiKey {key}")),
            ["secrets.octopus-deploy-api-key"]
        );
    }

    #[test]
    fn ignores_identifiers_lowercase_and_short_values() {
        assert!(ids("X-API-GATEWAYCONFIGURATIONSETTINGSNAME").is_empty());
        assert!(ids(concat!("API-", "uefs1j56meva8etbzt1cpi3hoh")).is_empty());
        assert!(ids(concat!("API-", "UEFS1J56MEVA")).is_empty());
        assert!(ids(concat!("API-", "UEFS1J56MEVA8ETBZT1CPI3HOH-V2")).is_empty());
    }
}
