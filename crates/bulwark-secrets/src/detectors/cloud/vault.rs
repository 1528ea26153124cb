//! HashiCorp Vault tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A HashiCorp Vault service token: `hvs.` followed by at least 24 characters (Vault 1.10+).
pub static VAULT_SERVICE_TOKEN: Rule = Rule {
    id: "secrets.vault-service-token",
    title: "HashiCorp Vault service token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A HashiCorp Vault service token is committed to the repository. Until it expires \
        or is revoked it reads every secret its policies allow — typically database, cloud and \
        signing credentials — and may create child tokens to persist.",
    remediation: "Revoke the token and its children (`vault token revoke TOKEN`, or `vault token \
        revoke -accessor ACCESSOR`), review the audit device log for its use, and rotate the \
        secrets it could read. Authenticate workloads with an auth method (Kubernetes, JWT/OIDC, \
        AppRole) instead of storing tokens.",
    references: &["https://developer.hashicorp.com/vault/docs/concepts/tokens"],
};

/// ## What it finds
/// A HashiCorp Vault batch token: `hvb.` followed by its encrypted body.
pub static VAULT_BATCH_TOKEN: Rule = Rule {
    id: "secrets.vault-batch-token",
    title: "HashiCorp Vault batch token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A HashiCorp Vault batch token is committed to the repository. Batch tokens \
        cannot be revoked individually: until its TTL runs out it reads every secret its policies \
        allow.",
    remediation: "Revoke the parent token or the auth method's lease that issued it (`vault lease \
        revoke -prefix auth/…`), or wait for its TTL while rotating the secrets it could read; \
        review the audit log and keep batch TTLs short.",
    references: &["https://developer.hashicorp.com/vault/docs/concepts/tokens"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &VAULT_SERVICE_TOKEN,
            &["hvs."],
            r"\b(hvs\.[A-Za-z0-9_-]{24,})(?:[^A-Za-z0-9_.-]|$)",
            1,
        )?
        .min_entropy(3.8)
        .check(super::mixed_case),
        super::ascii_detector(
            &VAULT_BATCH_TOKEN,
            &["hvb."],
            r"\b(hvb\.[A-Za-z0-9_-]{24,})(?:[^A-Za-z0-9_.-]|$)",
            1,
        )?
        .min_entropy(3.8)
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

    #[test]
    fn finds_service_and_batch_tokens() {
        let service = concat!(
            "hvs.",
            "CAESIQDH9eN6JUJqGb8mUtDZldrphAxHUtwudSF4_BSX6BPdnbiZ"
        );
        assert_eq!(
            ids(&format!("VAULT_TOKEN={service}")),
            ["secrets.vault-service-token"]
        );
        let short_form = concat!("hvs.", "6j4cuewowBGit65rheNoceI7");
        assert_eq!(ids(short_form), ["secrets.vault-service-token"]);
        let batch = concat!(
            "hvb.",
            "AAAAAQ3rMdotbrMtTmv7Yl1RYQeEzberD3ncgOiop-r2awCsoT_jSBCjIwbHIifzg0UIbPf6KQ0IZ2O1"
        );
        assert_eq!(ids(batch), ["secrets.vault-batch-token"]);
    }

    #[test]
    fn ignores_short_embedded_and_placeholder_tokens() {
        assert!(ids(concat!("hvs.", "CAESIQDH9eN6")).is_empty());
        assert!(ids(concat!("xhvs.", "CAESIQDH9eN6JUJqGb8mUtDZldrphAx")).is_empty());
        assert!(ids(concat!("hvs.", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
        assert!(ids("path \"secret/hvs.config_for_the_application_v2\"").is_empty());
    }
}
