//! Adyen API credentials.

use super::context::{assigned, near};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Adyen API keys (`AQE…`, about a hundred base64 characters with `=-` separators) with `adyen`
/// at most a few lines before them. `AQE` alone begins too many base64 strings to report.
pub static ADYEN_API_KEY: Rule = Rule {
    id: "secrets.adyen-api-key",
    title: "Adyen API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Adyen API key is committed to the repository. It authenticates as its API \
        credential, whose roles typically allow making payments, captures, refunds and payouts \
        and reading payment details.",
    remediation: "In the Adyen Customer Area (Developers → API credentials → the credential), \
        generate a new API key, deploy it, then revoke the leaked one; review the credential's \
        roles and recent payments, and load the key from a secrets manager at run time.",
    references: &["https://docs.adyen.com/development-resources/api-credentials"],
};

/// ## What it finds
/// Adyen live client keys (`live_` and 32 upper-case letters and digits) with `adyen` at most a
/// few lines before them. Test client keys (`test_`) are not reported.
pub static ADYEN_CLIENT_KEY: Rule = Rule {
    id: "secrets.adyen-client-key",
    title: "Adyen live client key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Adyen live client key is committed to the repository. Client keys are meant \
        for the browser and only work from the credential's allowed origins, but one in \
        server-side code or config usually sits next to the same credential's API key.",
    remediation: "Check that the credential's API key did not leak with it, keep the allowed \
        origins (Developers → API credentials → Client settings) to your own domains, and \
        generate a new client key if the origins were too broad.",
    references: &["https://docs.adyen.com/development-resources/client-side-authentication"],
};

/// ## What it finds
/// Adyen webhook HMAC keys: 64 hex characters assigned to an `…hmac…` setting with `adyen` just
/// before it (`ADYEN_HMAC_KEY=…`).
pub static ADYEN_HMAC_KEY: Rule = Rule {
    id: "secrets.adyen-hmac-key",
    title: "Adyen webhook HMAC key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Adyen webhook HMAC key is committed to the repository. Whoever has it can \
        sign forged notifications (an authorisation that never happened, a refund that failed) \
        that the webhook endpoint will accept as genuine.",
    remediation: "Generate a new HMAC key for the webhook (Customer Area → Developers → Webhooks \
        → the webhook → Security), deploy it from a secrets manager, and review the \
        notifications the endpoint acted on recently.",
    references: &["https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &ADYEN_API_KEY,
            &["adyen"],
            &near("adyen", "AQE[A-Za-z0-9+/=_-]{60,300}"),
            1,
        )?
        .min_entropy(4.5),
        Detector::new(
            &ADYEN_CLIENT_KEY,
            &["adyen"],
            &near("adyen", "live_[A-Z0-9]{32}"),
            1,
        )?
        .min_entropy(3.5),
        Detector::new(
            &ADYEN_HMAC_KEY,
            &["adyen"],
            &assigned("adyen", "hmac", "[0-9A-Fa-f]{64}"),
            1,
        )?
        .min_entropy(3.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.adyen-api-key",
        concat!(
            "ADYEN_API_KEY=",
            "AQE",
            "SU6et5ejuGgsnDT+7s6Z3UoNZHBa/UheEPvl303usxcUeQoQLVvS3NR3ZBsY=-",
            "4G+a8e3Lsj1bOQ5f5t4U+YeKXxaQMJQP8Di5fpnT4o/=-rjg3FwEiOZt59u5B"
        ),
    ),
    (
        "secrets.adyen-client-key",
        concat!(
            "new AdyenCheckout({ environment: 'live', clientKey: 'live_",
            "8XPNUWAAWVLCW7S1JB4K1S4Z1W534KLY' })"
        ),
    ),
    (
        "secrets.adyen-hmac-key",
        concat!(
            "adyen.hmacKey=",
            "EF985676A9643C27A58A979F4491125243F172DEA034A70593918B2EE125536F"
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
    fn finds_api_client_and_hmac_keys() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_test_keys_other_base64_and_values_without_context() {
        for text in [
            // A base64 blob that happens to start with AQE, with no Adyen context.
            concat!(
                "API_KEY=",
                "AQE",
                "SU6et5ejuGgsnDT+7s6Z3UoNZHBa/UheEPvl303usxcUeQoQLVvS3NR3ZBsY=-",
                "4G+a8e3Lsj1bOQ5f5t4U+YeKXxaQMJQP8Di5fpnT4o/=-rjg3FwEiOZt59u5B"
            ),
            concat!("adyen_api_key=", "AQE", "SU6et5ejuGgsnDT+7s6Z3"),
            concat!(
                "adyenClientKey: 'test_",
                "8XPNUWAAWVLCW7S1JB4K1S4Z1W534KLY'"
            ),
            concat!("adyenClientKey: 'live_", "8XPNUWAAWVLCW7S1JB4K1S4Z1W53'"),
            concat!("clientKey: 'live_", "8XPNUWAAWVLCW7S1JB4K1S4Z1W534KLY'"),
            "adyen_client_key: live_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            concat!(
                "ADYEN_HMAC_KEY=",
                "EF985676A9643C27A58A979F4491125243F172DEA034A70593918B2EE125"
            ),
            concat!(
                "HMAC_KEY=",
                "EF985676A9643C27A58A979F4491125243F172DEA034A70593918B2EE125536F"
            ),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
