//! GoCardless access tokens.

use super::context::near;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// GoCardless live access tokens (`live_` and about 40 base64url characters) with `gocardless`
/// or `GC_ACCESS_TOKEN` at most a few lines before them. Sandbox tokens (`sandbox_`) are not
/// reported.
pub static GOCARDLESS_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.gocardless-access-token",
    title: "GoCardless live access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GoCardless live access token is committed to the repository. A read-write \
        token can create mandates, collect and refund payments, and read customers' names and \
        bank account details.",
    remediation: "Revoke the token in the GoCardless dashboard (Developers → Access tokens), \
        create a new one with the narrowest scope that works, review recent payments and \
        refunds, and load the token from a secrets manager at run time.",
    references: &["https://developer.gocardless.com/getting-started/set-up"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &GOCARDLESS_ACCESS_TOKEN,
            &["gocardless", "gc_access_token"],
            &near("gocardless|gc_access_token", "live_[A-Za-z0-9_-]{36,48}"),
            1,
        )?
        .min_entropy(4.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.gocardless-access-token",
        concat!(
            "GC_ACCESS_TOKEN=live_",
            "ppJ_8iVUUTY2R3L4IpE7p5PS2jcR1guq_ypQRB6E"
        ),
    ),
    (
        "secrets.gocardless-access-token",
        concat!(
            "client = gocardless_pro.Client(\n    access_token='live_",
            "ppJ_8iVUUTY2R3L4IpE7p5PS2jcR1guq_ypQRB6E',\n    environment='live')"
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
    fn finds_live_tokens() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_sandbox_tokens_and_tokens_without_context() {
        for text in [
            concat!(
                "GC_ACCESS_TOKEN=sandbox_",
                "ppJ_8iVUUTY2R3L4IpE7p5PS2jcR1guq_ypQRB6E"
            ),
            concat!(
                "ACCESS_TOKEN=live_",
                "ppJ_8iVUUTY2R3L4IpE7p5PS2jcR1guq_ypQRB6E"
            ),
            concat!("GC_ACCESS_TOKEN=live_", "ppJ_8iVUUTY2R3L4IpE7"),
            "GC_ACCESS_TOKEN=live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
