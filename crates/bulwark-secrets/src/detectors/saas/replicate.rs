//! Replicate API tokens.

use super::{any_of, generated_mixed_case};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Replicate API token (`r8_` and 37 characters).
pub static REPLICATE_API_TOKEN: Rule = Rule {
    id: "secrets.replicate-api-token",
    title: "Replicate API token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Replicate API token is committed to the repository. It runs models billed to \
        the account, reads the inputs and outputs of past predictions, and pushes new versions \
        of the account's models and deployments.",
    remediation: "Disable the token on Replicate (Account → API tokens → Disable), check the \
        predictions list and billing for use you do not recognise, and load a new token from a \
        secrets manager.",
    references: &["https://replicate.com/docs/topics/security/api-tokens"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &REPLICATE_API_TOKEN,
            &["r8_"],
            &any_of(&[r"\b(r8_[A-Za-z0-9]{37})\b"]),
            1,
        )?
        .min_entropy(4.0)
        .check(generated_mixed_case),
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
    fn finds_api_tokens() {
        let token = concat!("r8_", "IN4y4qmqBpVWeCkbkLhacFgj0VR6PZb9IPN5y");
        assert_eq!(
            ids(&format!("export REPLICATE_API_TOKEN={token}")),
            ["secrets.replicate-api-token"]
        );
    }

    #[test]
    fn ignores_masked_and_misshapen_tokens() {
        assert!(ids(concat!("r8_", "QKw**********************************")).is_empty());
        assert!(ids(concat!("r8_", "IN4y4qmqBpVWeCkbkLhacFgj0VR6PZb9IPN5yZ")).is_empty());
        assert!(ids(concat!("xr8_", "IN4y4qmqBpVWeCkbkLhacFgj0VR6PZb9IPN5y")).is_empty());
        assert!(ids("REPLICATE_API_TOKEN=r8_your_token_here").is_empty());
    }
}
