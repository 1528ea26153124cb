//! Mollie API keys and access tokens.

use super::context::near;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Mollie live API keys (`live_` and 30 letters and digits) with `mollie` at most a few lines
/// before them. Test keys (`test_`) are not reported.
pub static MOLLIE_API_KEY: Rule = Rule {
    id: "secrets.mollie-api-key",
    title: "Mollie live API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Mollie live API key is committed to the repository. It acts for the website \
        profile: creating payments, issuing refunds and reading payments, customers and \
        mandates.",
    remediation: "Reset the live API key in the Mollie dashboard (Developers → API keys), deploy \
        the new key from a secrets manager, and review recent payments and refunds.",
    references: &["https://docs.mollie.com/reference/authentication"],
};

/// ## What it finds
/// Mollie organization (advanced) and OAuth access tokens (`access_` and 30 to 50 letters and
/// digits) with `mollie` at most a few lines before them.
pub static MOLLIE_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.mollie-access-token",
    title: "Mollie access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Mollie access token is committed to the repository. Organization tokens reach \
        every profile of the organization within their permissions (payments, refunds, \
        settlements, invoices); OAuth tokens act for a connected merchant.",
    remediation: "Revoke the token in the Mollie dashboard (Developers → API access tokens), or \
        through the OAuth revoke endpoint for an app token, create a replacement with only the \
        permissions needed, and load it from a secrets manager at run time.",
    references: &["https://docs.mollie.com/reference/authentication"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &MOLLIE_API_KEY,
            &["mollie"],
            &near("mollie", "live_[A-Za-z0-9]{30}"),
            1,
        )?
        .min_entropy(3.5),
        Detector::new(
            &MOLLIE_ACCESS_TOKEN,
            &["mollie"],
            &near("mollie", "access_[A-Za-z0-9]{30,50}"),
            1,
        )?
        .min_entropy(3.5),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.mollie-api-key",
        concat!(
            "$mollie->setApiKey(\"live_",
            "2bd4T8LEI4WEwexTSrHhNHwobOuJ8w\");"
        ),
    ),
    (
        "secrets.mollie-access-token",
        concat!(
            "MOLLIE_ACCESS_TOKEN=access_",
            "FCLkOZWEeae8ovQlD3YzvobVEJj9t01rmENVgB8F"
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
    fn finds_keys_and_tokens() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_test_keys_and_values_without_context() {
        for text in [
            concat!(
                "$mollie->setApiKey(\"test_",
                "2bd4T8LEI4WEwexTSrHhNHwobOuJ8w\");"
            ),
            concat!(
                "$client->setApiKey(\"live_",
                "2bd4T8LEI4WEwexTSrHhNHwobOuJ8w\");"
            ),
            concat!(
                "$mollie->setApiKey(\"live_",
                "2bd4T8LEI4WEwexTSrHhNHwobOuJ\");"
            ),
            concat!(
                "$mollie->setApiKey(\"live_",
                "2bd4T8LEI4WEwexTSrHhNHwobOuJ8wQ\");"
            ),
            "MOLLIE_API_KEY=live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "mollie.access_token = read_env()",
            concat!(
                "ACCESS_TOKEN=access_",
                "FCLkOZWEeae8ovQlD3YzvobVEJj9t01rmENVgB8F"
            ),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
