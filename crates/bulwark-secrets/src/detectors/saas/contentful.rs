//! Contentful personal access tokens.

use super::{END, any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Contentful Content Management API personal access token (`CFPAT-` and 43 characters).
pub static CONTENTFUL_PERSONAL_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.contentful-personal-access-token",
    title: "Contentful personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Contentful personal access token is committed to the repository. It uses the \
        Content Management API as its user: it edits and publishes the content of every space \
        the user can reach, so an attacker can deface sites or plant malicious links and scripts.",
    remediation: "Revoke the token in Contentful (Settings → CMA tokens → Revoke), review the \
        spaces' content history, and load a new token from a secrets manager.",
    references: &["https://www.contentful.com/developers/docs/references/authentication/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &CONTENTFUL_PERSONAL_ACCESS_TOKEN,
            &["CFPAT-"],
            &any_of(&[&format!(r"\b(CFPAT-[A-Za-z0-9_-]{{43}}){END}")]),
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

    const TOKEN: &str = concat!("CFPAT-", "rC44bxcrLRZKd_glvIzhrNaZvbakYa9tS6graPhqGF6");

    #[test]
    fn finds_personal_access_tokens() {
        assert_eq!(
            ids(&format!("CONTENTFUL_MANAGEMENT_TOKEN={TOKEN}")),
            ["secrets.contentful-personal-access-token"]
        );
    }

    #[test]
    fn ignores_wrong_lengths() {
        assert!(ids(&format!("{TOKEN}-")).is_empty(), "longer token");
        assert!(ids(&TOKEN[..TOKEN.len() - 1]).is_empty());
    }
}
