//! Linear API keys and OAuth tokens.

use super::{any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Linear personal API key (`lin_api_` and 40 characters) or OAuth access token
/// (`lin_oauth_` and 64 hex characters).
pub static LINEAR_API_KEY: Rule = Rule {
    id: "secrets.linear-api-key",
    title: "Linear API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Linear API key or OAuth token is committed to the repository. It acts as its \
        user in the workspace: it reads every issue, project and comment the user can see \
        (including security and incident tickets) and creates or changes them.",
    remediation: "Revoke the key in Linear (Settings → Security & access → Personal API keys, or \
        the OAuth application's authorizations), review recent workspace activity, and load a \
        new key from a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &LINEAR_API_KEY,
            &["lin_api_", "lin_oauth_"],
            &any_of(&[r"\b(lin_api_[A-Za-z0-9]{40}|lin_oauth_[a-f0-9]{64})\b"]),
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
    fn finds_api_keys_and_oauth_tokens() {
        let key = concat!("lin_api_", "b1ixFKDWOPuN0cQGaWPjEZjQI9FJrKJKbWOqWW3q");
        assert_eq!(
            ids(&format!("LINEAR_API_KEY={key}")),
            ["secrets.linear-api-key"]
        );
        let oauth = concat!(
            "lin_oauth_",
            "25881dcf223242276a6de0fba1fcb761c66fb8588b561bef7ff0eb99a3a757ec"
        );
        assert_eq!(ids(oauth), ["secrets.linear-api-key"]);
    }

    #[test]
    fn ignores_wrong_lengths_and_placeholders() {
        assert!(
            ids(concat!(
                "lin_api_",
                "b1ixFKDWOPuN0cQGaWPjEZjQI9FJrKJKbWOqWW3"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "lin_api_",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "lin_api_",
                "b1ixFKDWOPuN0cQGaWPjEZjQI9FJrKJKbWOqWW3qQ"
            ))
            .is_empty()
        );
    }
}
