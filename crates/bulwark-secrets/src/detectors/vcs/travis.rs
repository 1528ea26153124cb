//! Travis CI API tokens: 22 alphanumeric characters without a prefix, so only reported when
//! assigned to a Travis-named setting (`TRAVIS_API_TOKEN=…`, `travis_token: …`).

use super::{assignment, plausible};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Travis CI API token assigned to a Travis-named variable or key.
pub static TRAVIS_CI_API_TOKEN: Rule = Rule {
    id: "secrets.travis-ci-api-token",
    title: "Travis CI API token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Travis CI API token is committed to the repository. It acts as its owner on \
        the Travis API: it can trigger and cancel builds, read build logs and change repository \
        settings and environment variables, which can redirect what builds deploy.",
    remediation: "Regenerate the token (Travis CI → Account → Settings → API authentication → \
        Regenerate token), review recent builds and settings changes, and keep the new token in \
        the calling system's secret store.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &TRAVIS_CI_API_TOKEN,
            &["travis"],
            &assignment("travis", "token|api[_-]?key", "[A-Za-z0-9]{22}"),
            1,
        )?
        .min_entropy(3.5)
        .check(plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_tokens_assigned_to_travis_settings() {
        let line = format!("{}={}", "TRAVIS_API_TOKEN", "nBZ7HAOtEsxtTFSlEtNoQa");
        assert_eq!(ids(&line), ["secrets.travis-ci-api-token"]);
        let yaml = format!("{}: \"{}\"", "travis_token", "nBZ7HAOtEsxtTFSlEtNoQa");
        assert_eq!(ids(&yaml), ["secrets.travis-ci-api-token"]);
    }

    #[test]
    fn ignores_other_lengths_names_and_low_entropy_values() {
        assert!(
            ids(&format!(
                "{}={}",
                "TRAVIS_API_TOKEN", "nBZ7HAOtEsxtTFSlEtNoQaZ"
            ))
            .is_empty()
        );
        assert!(ids(&format!("{}={}", "API_TOKEN", "nBZ7HAOtEsxtTFSlEtNoQa")).is_empty());
        assert!(ids(&format!("{}={}", "TRAVIS_BRANCH", "nBZ7HAOtEsxtTFSlEtNoQa")).is_empty());
        assert!(ids(&format!("{}={}", "TRAVIS_TOKEN", "aaaaaaaaaaabbbbbbbbbbb")).is_empty());
    }
}
