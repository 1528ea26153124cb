//! Mailchimp Marketing API keys and Mailchimp Transactional (Mandrill) API keys.

use super::{any_of, assigned, first_argument, generated, generated_hex};
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Mailchimp Marketing API key: 32 hex characters, `-us`, and the data-centre number.
pub static MAILCHIMP_API_KEY: Rule = Rule {
    id: "secrets.mailchimp-api-key",
    title: "Mailchimp API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Mailchimp Marketing API key is committed to the repository. It has the full \
        access of the user who created it: it exports every audience (customers' names, e-mail \
        addresses and profile data) and sends campaigns to them under the company's name.",
    remediation: "Disable the key in Mailchimp (Profile → Extras → API keys → Disable), review \
        audience exports and campaign activity, and load the new key from a secrets manager.",
    references: &["https://mailchimp.com/help/about-api-keys/"],
};

/// ## What it finds
/// A Mailchimp Transactional (Mandrill) API key: 22 characters assigned to a Mandrill name, or
/// passed to `mandrill.Mandrill(…)`.
pub static MANDRILL_API_KEY: Rule = Rule {
    id: "secrets.mandrill-api-key",
    title: "Mailchimp Transactional (Mandrill) API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Mailchimp Transactional (Mandrill) API key is committed to the repository. It \
        sends e-mail from the account's verified sending domains, reads sent message content and \
        recipient activity, and doubles as the SMTP password.",
    remediation: "Delete the key in Mailchimp Transactional (Settings → SMTP & API Info → the key \
        → Delete), review the outbound activity log, and load the new key from a secrets manager.",
    references: &[],
};

/// The 32 hex characters before `-us<n>` must look generated.
fn mailchimp_check(secret: &[u8]) -> Check {
    generated_hex(secret.get(..32).unwrap_or(secret))
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &MAILCHIMP_API_KEY,
            &["-us"],
            &any_of(&[r"\b([0-9a-f]{32}-us[0-9]{1,2})\b"]),
            1,
        )?
        .min_entropy(3.0)
        .check(mailchimp_check),
        Detector::new(
            &MANDRILL_API_KEY,
            &["mandrill"],
            &any_of(&[
                &assigned(
                    "mandrill",
                    "(?:api[_-]?)?(?:key|token|password|secret)",
                    "[A-Za-z0-9_-]{22}",
                ),
                &first_argument(r"(?i:mandrill)\.Mandrill", "[A-Za-z0-9_-]{22}"),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.5)
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

    const HEX: &str = concat!("f95d229677924a23", "1749e9126076512f");
    const MANDRILL: &str = concat!("ts2FMwCde7c", "Qbq9eHzC4Ac");

    #[test]
    fn finds_marketing_keys() {
        assert_eq!(
            ids(&format!("MAILCHIMP_KEY = \"{HEX}-us12\"")),
            ["secrets.mailchimp-api-key"]
        );
        assert_eq!(ids(&format!("{HEX}-us6")), ["secrets.mailchimp-api-key"]);
    }

    #[test]
    fn ignores_other_suffixes_and_lengths() {
        assert!(ids(&format!("{HEX}-user")).is_empty());
        assert!(ids(&format!("{HEX}a-us12")).is_empty(), "33 hex characters");
        assert!(ids(&format!("{HEX}-us123")).is_empty());
        let typed = concat!("0123456789abcdef", "0123456789abcdef");
        assert!(ids(&format!("{typed}-us1")).is_empty());
    }

    #[test]
    fn finds_mandrill_keys() {
        assert_eq!(
            ids(&format!("MANDRILL_API_KEY={MANDRILL}")),
            ["secrets.mandrill-api-key"]
        );
        assert_eq!(
            ids(&format!("client = mandrill.Mandrill('{MANDRILL}')")),
            ["secrets.mandrill-api-key"]
        );
    }

    #[test]
    fn ignores_unnamed_or_placeholder_mandrill_keys() {
        assert!(ids(&format!("api_key = {MANDRILL}")).is_empty());
        assert!(ids("MANDRILL_API_KEY=your-mandrill-key-here").is_empty());
        assert!(ids(&format!("MANDRILL_API_KEY={MANDRILL}xy")).is_empty());
    }
}
