//! Wise (formerly TransferWise) API tokens.

use super::context::{UUID, assigned};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Wise personal API tokens (UUIDs) assigned to a `…token`, `…key` or `Authorization` setting
/// with `wise` or `transferwise` just before it (`WISE_API_TOKEN=…`, a request to
/// `api.wise.com` with `Authorization: Bearer …`). Words such as `otherwise` are not context.
pub static WISE_API_TOKEN: Rule = Rule {
    id: "secrets.wise-api-token",
    title: "Wise API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Wise personal API token is committed to the repository. It acts for the \
        business account: creating quotes, recipients and transfers, reading recipients' bank \
        details, and in some regions funding transfers and reading balance statements.",
    remediation: "Revoke the token in Wise (Your Account → Integrations and Tools → API tokens), \
        create a new one only if needed, review recent transfers and recipients, and load the \
        token from a secrets manager at run time.",
    references: &["https://docs.wise.com/guides/developer/auth-and-security/personal-api-token"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![Detector::new(
        &WISE_API_TOKEN,
        &["wise"],
        &assigned(
            r"transferwise|(?:^|[^a-z])wise",
            "token|key|authorization",
            UUID,
        ),
        1,
    )?])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.wise-api-token",
        concat!("WISE_API_TOKEN=", "48a3fdc6-429e-4168-9852-74ef3514b749"),
    ),
    (
        "secrets.wise-api-token",
        concat!(
            "curl https://api.wise.com/v1/profiles \\\n  -H \"Authorization: Bearer ",
            "48a3fdc6-429e-4168-9852-74ef3514b749\""
        ),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_api_tokens() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_uuids_without_wise_context() {
        for text in [
            concat!(
                "otherwise_token = '",
                "48a3fdc6-429e-4168-9852-74ef3514b749'"
            ),
            concat!("API_TOKEN=", "48a3fdc6-429e-4168-9852-74ef3514b749"),
            concat!("WISE_PROFILE_ID=", "48a3fdc6-429e-4168-9852-74ef3514b749"),
            concat!("WISE_API_TOKEN=", "48a3fdc6-429e-4168-9852-74ef3514b7"),
            concat!("WISE_API_TOKEN=", "48A3FDC6-429E-4168-9852-74EF3514B749X"),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
