//! Mercado Pago access tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Mercado Pago production access tokens:
/// `APP_USR-<application id>-<6 digits>-<32 hex>-<user id>`. Test tokens (`TEST-…`) and public
/// keys (`APP_USR-<uuid>`) are not reported.
pub static MERCADOPAGO_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.mercadopago-access-token",
    title: "Mercado Pago access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Mercado Pago production access token is committed to the repository. It is \
        the backend credential of the integration: creating payments and preferences, issuing \
        refunds and reading payments and payer data.",
    remediation: "Renew the production credentials of the application (Mercado Pago Developers → \
        Your integrations → the application → Production credentials), review recent payments \
        and refunds, and load the new token from a secrets manager at run time.",
    references: &[
        "https://www.mercadopago.com.mx/developers/en/docs/your-integrations/credentials",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &MERCADOPAGO_ACCESS_TOKEN,
            &["APP_USR-"],
            r"(?-u)\b(APP_USR-[0-9]{10,20}-[0-9]{6}-[0-9a-f]{32}-[0-9]{6,12})\b",
            1,
        )?
        .min_entropy(3.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[(
    "secrets.mercadopago-access-token",
    concat!(
        "MP_ACCESS_TOKEN=APP_USR-",
        "0482010854281259-160207-4f82d8a9149fff48d54a5c04517546c6-886636464"
    ),
)];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_production_tokens() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_test_tokens_public_keys_and_malformed_tokens() {
        for text in [
            concat!(
                "TEST-",
                "0482010854281259-160207-4f82d8a9149fff48d54a5c04517546c6-886636464"
            ),
            // Public keys are meant for the browser.
            concat!("APP_USR-", "8acc59be-bddc-4c57-8374-07101e0b78d6"),
            concat!(
                "APP_USR-",
                "0482010854281259-160207-4f82d8a9149fff48d54a5c04517546-886636464"
            ),
            concat!(
                "APP_USR-",
                "0482010854281259-1602-4f82d8a9149fff48d54a5c04517546c6-886636464"
            ),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
