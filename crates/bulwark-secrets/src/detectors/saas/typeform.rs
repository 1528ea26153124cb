//! Typeform personal access tokens.

use super::{any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Typeform personal access token (`tfp_` and 40 to 64 characters).
pub static TYPEFORM_PERSONAL_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.typeform-personal-access-token",
    title: "Typeform personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Typeform personal access token is committed to the repository. Within its \
        scopes it reads every form's responses (which often hold applicants' or customers' \
        personal data), edits or deletes forms, and redirects webhooks.",
    remediation: "Delete the token in Typeform (Account → Personal tokens → the token → Delete), \
        review forms and webhooks for changes, and load a new token from a secrets manager.",
    references: &["https://www.typeform.com/developers/get-started/personal-access-token/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &TYPEFORM_PERSONAL_ACCESS_TOKEN,
            &["tfp_"],
            &any_of(&[r"\b(tfp_[A-Za-z0-9_.=\-]{40,64})(?:[^A-Za-z0-9_.=\-]|$)"]),
            1,
        )?
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

    #[test]
    fn finds_personal_access_tokens() {
        let hex = concat!("tfp_", "5c1e8f0a93d47b26e0f4a1c9b87d3e52f6a0c4b9");
        assert_eq!(
            ids(&format!("Authorization: Bearer {hex}")),
            ["secrets.typeform-personal-access-token"]
        );
        let mixed = concat!("tfp_", "qtrEQfazHnaftt1HCe4ScNfdoYNjIYS_MFFvv_as6eTe");
        assert_eq!(
            ids(&format!("TYPEFORM_TOKEN={mixed}")),
            ["secrets.typeform-personal-access-token"]
        );
    }

    #[test]
    fn ignores_short_and_placeholder_tokens() {
        assert!(ids(concat!("tfp_", "5c1e8f0a93d47b26")).is_empty());
        assert!(ids("TYPEFORM_TOKEN=tfp_YOUR_PERSONAL_ACCESS_TOKEN_GOES_HERE_OK").is_empty());
    }
}
