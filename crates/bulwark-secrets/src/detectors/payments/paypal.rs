//! PayPal REST API credentials.

use super::context::assigned;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// PayPal REST app client secrets: 80 base64url characters assigned to a `…secret` key with
/// `paypal` just before it (`PAYPAL_CLIENT_SECRET=…`, `paypal: {secret: …}`). The secret has no
/// prefix, so a bare 80-character string is not reported.
pub static PAYPAL_CLIENT_SECRET: Rule = Rule {
    id: "secrets.paypal-client-secret",
    title: "PayPal client secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A PayPal REST app client secret is committed to the repository. Together with \
        the app's client id (usually stored beside it) it obtains access tokens that can capture \
        and refund payments, send payouts and read transaction history.",
    remediation: "In the PayPal Developer Dashboard (Apps & Credentials → your app), generate a \
        new secret and disable or delete the leaked one, review the account's recent \
        transactions and payouts, and load the secret from a secrets manager at run time.",
    references: &["https://developer.paypal.com/api/rest/"],
};

/// ## What it finds
/// PayPal OAuth access tokens (`A21AA` and at least 50 base64url characters), as returned by
/// `/v1/oauth2/token`.
pub static PAYPAL_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.paypal-access-token",
    title: "PayPal access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A PayPal OAuth access token is committed to the repository. Until it expires \
        (hours) it can call every API its app is entitled to, including captures, refunds and \
        payouts; a token in a log or fixture also shows where longer-lived credentials flow.",
    remediation: "Rotate the client secret of the app that issued the token (PayPal Developer \
        Dashboard → Apps & Credentials), which stops new tokens from being issued, review recent \
        transactions, and keep tokens out of logs, fixtures and source.",
    references: &["https://developer.paypal.com/api/rest/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &PAYPAL_CLIENT_SECRET,
            &["paypal"],
            &assigned("paypal", "secret", "[A-Za-z0-9_-]{80}"),
            1,
        )?
        .min_entropy(4.0),
        Detector::new(
            &PAYPAL_ACCESS_TOKEN,
            &["A21AA"],
            r"(?-u)\b(A21AA[A-Za-z0-9_-]{50,200})(?:[^A-Za-z0-9_-]|$)",
            1,
        )?
        .min_entropy(4.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.paypal-client-secret",
        concat!(
            "PAYPAL_CLIENT_SECRET=",
            "EMYT-IrxVde1FVtGyUCSSpggtnjXXheLRor4wtMHPlp2dc0ga4p3HPfgDHJRVZ4OeTnW2mgnRgypxL9p"
        ),
    ),
    (
        "secrets.paypal-client-secret",
        concat!(
            "{\"paypal\": {\"mode\": \"live\", \"client_secret\": \"",
            "EMYT-IrxVde1FVtGyUCSSpggtnjXXheLRor4wtMHPlp2dc0ga4p3HPfgDHJRVZ4OeTnW2mgnRgypxL9p\"}}"
        ),
    ),
    (
        "secrets.paypal-access-token",
        concat!(
            "Authorization: Bearer A21AA",
            "zJI0z6r53lTaT3Qkg0UfVP2MHin4n9QYWaBcf9my1G4LW9Iwox1T9FXJV2W_w-f8j-g8GmO1XUi_P-m1S_9RFEnF6SuQ"
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
    fn finds_secrets_and_tokens() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_ids_placeholders_and_values_without_context() {
        for text in [
            // The client id is not a secret.
            concat!(
                "PAYPAL_CLIENT_ID=",
                "AMYT-IrxVde1FVtGyUCSSpggtnjXXheLRor4wtMHPlp2dc0ga4p3HPfgDHJRVZ4OeTnW2mgnRgypxL9p"
            ),
            // No provider name: any 80-character string.
            concat!(
                "CLIENT_SECRET=",
                "EMYT-IrxVde1FVtGyUCSSpggtnjXXheLRor4wtMHPlp2dc0ga4p3HPfgDHJRVZ4OeTnW2mgnRgypxL9p"
            ),
            concat!(
                "PAYPAL_CLIENT_SECRET=",
                "EMYT-IrxVde1FVtGyUCSSpggtnjXXheLRor4wt"
            ),
            "PAYPAL_CLIENT_SECRET=${PAYPAL_CLIENT_SECRET}",
            concat!("Bearer A21AA", "zJI0z6r53lTaT3Qkg0Uf"),
            concat!(
                "XA21AA",
                "zJI0z6r53lTaT3Qkg0UfVP2MHin4n9QYWaBcf9my1G4LW9Iwox1T9FXJV2W_w-f8j-g8GmO1XUi_P-m1S_9RFEnF6SuQ"
            ),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
