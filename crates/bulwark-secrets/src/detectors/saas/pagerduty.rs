//! PagerDuty REST API keys and Events API integration keys.

use super::{any_of, assigned, assignment, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// Names a PagerDuty credential is assigned to: `PAGERDUTY_…`, `PD_…`.
const PAGERDUTY: &str = "pagerduty|(?:\\b|_)pd";

/// ## What it finds
/// A PagerDuty REST API key (20 characters; user tokens start with `u+`) sent as
/// `Authorization: Token token=…` or assigned to a PagerDuty API-key name.
pub static PAGERDUTY_API_KEY: Rule = Rule {
    id: "secrets.pagerduty-api-key",
    title: "PagerDuty API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A PagerDuty REST API key is committed to the repository. A general or user key \
        reads incidents, schedules and contact details of on-call staff, and with write access \
        can silence alerting by disabling services or resolving incidents during an attack.",
    remediation: "Delete the key in PagerDuty (Integrations → API Access Keys, or the user's \
        profile → User Settings → API Access for user tokens), review the audit records, and \
        load the replacement from a secrets manager.",
    references: &[],
};

/// ## What it finds
/// A PagerDuty Events API integration (routing) key: 32 characters assigned to a PagerDuty
/// integration-, routing- or service-key name, or the `routing_key` of an Events API payload.
pub static PAGERDUTY_INTEGRATION_KEY: Rule = Rule {
    id: "secrets.pagerduty-integration-key",
    title: "PagerDuty integration key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A PagerDuty Events API integration key is committed to the repository. It \
        triggers, acknowledges and resolves alerts on its service, so an attacker can page \
        responders with fake incidents or resolve real ones.",
    remediation: "Regenerate the integration key on the service (Services → the service → \
        Integrations → the integration), update the senders from a secrets manager, and review \
        the service's recent incidents.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &PAGERDUTY_API_KEY,
            &["pagerduty", "pd_", "pd-", "token token="],
            &any_of(&[
                r"\bToken[ \t]+token=([A-Za-z0-9_+\-]{20})(?:[^A-Za-z0-9_+\-]|$)",
                &assigned(
                    PAGERDUTY,
                    "(?:api|rest|user)[_-]?(?:access[_-]?)?(?:key|token)",
                    "[A-Za-z0-9_+\\-]{20}",
                ),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.5)
        .check(generated),
        Detector::new(
            &PAGERDUTY_INTEGRATION_KEY,
            &["pagerduty", "pd_", "pd-", "routing_key"],
            &any_of(&[
                &assigned(
                    PAGERDUTY,
                    "(?:integration|routing|service|events?)[_-]?key",
                    "[A-Za-z0-9]{32}",
                ),
                &assignment(r#""routing_key""#, "[a-z0-9]{32}"),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.2)
        .check(generated),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const USER_TOKEN: &str = concat!("u+nw6Ki2Fv", "rfRifazLi1");
    const GENERAL: &str = concat!("cbC3gkJQu6", "Zv0IqgcDyL");
    const ROUTING: &str = concat!("8333046212d31141", "2689c170b6f7c016");

    #[test]
    fn finds_api_keys() {
        assert_eq!(
            ids(&format!("-H 'Authorization: Token token={USER_TOKEN}'")),
            ["secrets.pagerduty-api-key"]
        );
        assert_eq!(
            ids(&format!("PAGERDUTY_API_KEY = \"{GENERAL}\"")),
            ["secrets.pagerduty-api-key"]
        );
        assert_eq!(
            ids(&format!("PD_API_TOKEN={GENERAL}")),
            ["secrets.pagerduty-api-key"]
        );
    }

    #[test]
    fn ignores_other_token_lengths_and_names() {
        assert!(ids(&format!("Token token={GENERAL}abc")).is_empty());
        assert!(ids(&format!("api_key = {GENERAL}")).is_empty());
        assert!(ids(&format!("UPDATED_API_KEY={GENERAL}")).is_empty());
        assert!(ids("PAGERDUTY_API_KEY=y_yyyyyyyyyyyyyyyyyy").is_empty());
    }

    #[test]
    fn finds_integration_keys() {
        assert_eq!(
            ids(&format!("PAGERDUTY_INTEGRATION_KEY={ROUTING}")),
            ["secrets.pagerduty-integration-key"]
        );
        assert_eq!(
            ids(&format!(
                r#"{{"routing_key": "{ROUTING}", "event_action": "trigger"}}"#
            )),
            ["secrets.pagerduty-integration-key"]
        );
    }

    #[test]
    fn ignores_routing_keys_that_are_names() {
        assert!(ids(r#"{"routing_key": "payments.settlement.completed"}"#).is_empty());
        assert!(ids(&format!("PAGERDUTY_SERVICE_ID={ROUTING}")).is_empty());
    }
}
