//! Figma personal access tokens.

use super::{END, any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Figma personal access token (`figd_` and about 40 characters).
pub static FIGMA_PERSONAL_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.figma-personal-access-token",
    title: "Figma personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Figma personal access token is committed to the repository. Through the REST \
        API it acts as its user within its scopes: it reads every file and comment the user can \
        open, including unreleased product designs, and posts comments or changes variables.",
    remediation: "Revoke the token in Figma (Settings → Security → Personal access tokens → \
        Revoke access), and load a replacement with the fewest scopes from a secrets manager.",
    references: &["https://developers.figma.com/docs/rest-api/personal-access-tokens/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &FIGMA_PERSONAL_ACCESS_TOKEN,
            &["figd_"],
            &any_of(&[&format!(r"\b(figd_[A-Za-z0-9_-]{{36,80}}){END}")]),
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

    #[test]
    fn finds_personal_access_tokens() {
        let token = concat!("figd_", "dUdiLv1Vv6LDP_JSO5k8JK4Lvf-J0-cMmbdrrFl9");
        assert_eq!(
            ids(&format!("-H \"X-Figma-Token: {token}\"")),
            ["secrets.figma-personal-access-token"]
        );
    }

    #[test]
    fn ignores_placeholders_and_short_tokens() {
        assert!(ids(concat!("figd_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
        assert!(ids(concat!("figd_", "dUdiLv1Vv6LDP_JSO5k8")).is_empty());
        assert!(ids("FIGMA_TOKEN=figd_your_personal_access_token").is_empty());
    }
}
