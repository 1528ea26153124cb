//! SendGrid API keys.

use super::{END_DOTTED, any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A SendGrid API key: `SG.`, a 22-character key id, `.`, and a 43-character secret.
pub static SENDGRID_API_KEY: Rule = Rule {
    id: "secrets.sendgrid-api-key",
    title: "SendGrid API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A SendGrid API key is committed to the repository. Depending on its scopes it \
        sends e-mail from the company's authenticated domains (phishing that passes SPF and DKIM), \
        reads contact lists and message activity, and changes sender settings.",
    remediation: "Delete the key in SendGrid (Settings → API Keys → the key → Delete), review the \
        Activity feed for mail you did not send, and create a narrowly scoped replacement loaded \
        from a secrets manager.",
    references: &["https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &SENDGRID_API_KEY,
            &["SG."],
            &any_of(&[&format!(
                r"\b(SG\.[A-Za-z0-9_-]{{22}}\.[A-Za-z0-9_-]{{43}}){END_DOTTED}"
            )]),
            1,
        )?
        .min_entropy(4.0)
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

    const KEY: &str = concat!(
        "SG.",
        "IJvpZKsgNwRpwJovn64rlM.Ce6c7H8xF9vMAkT0gsk-So85d72GSUjNRhyEdzPY0FN"
    );

    #[test]
    fn finds_api_keys() {
        assert_eq!(
            ids(&format!("SENDGRID_API_KEY='{KEY}'")),
            ["secrets.sendgrid-api-key"]
        );
        assert_eq!(ids(KEY), ["secrets.sendgrid-api-key"]);
    }

    #[test]
    fn ignores_wrong_lengths_and_placeholders() {
        assert!(ids(&format!("{KEY}Q")).is_empty(), "longer token");
        assert!(ids(&KEY[..KEY.len() - 1]).is_empty(), "shorter token");
        let placeholder = concat!(
            "SG.",
            "xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        );
        assert!(ids(placeholder).is_empty());
        assert!(ids("msg.send(to, subject)").is_empty());
    }
}
