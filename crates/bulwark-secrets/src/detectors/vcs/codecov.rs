//! Codecov upload tokens: a UUID, so only reported next to a Codecov name (`CODECOV_TOKEN=…`).

use super::{UUID, assignment, plausible};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Codecov repository or global upload token assigned to a Codecov-named setting.
pub static CODECOV_UPLOAD_TOKEN: Rule = Rule {
    id: "secrets.codecov-upload-token",
    title: "Codecov upload token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Codecov upload token is committed to the repository. It can only upload \
        coverage reports, but with it anyone can overwrite the repository's (or, for a global \
        token, the organization's) coverage results and the status checks built on them.",
    remediation: "Regenerate the token (Codecov → the repository's or organization's settings → \
        Regenerate) and provide `CODECOV_TOKEN` from the CI secret store.",
    references: &["https://docs.codecov.com/docs/codecov-tokens"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &CODECOV_UPLOAD_TOKEN,
            &["codecov"],
            &assignment("codecov", "token", UUID),
            1,
        )?
        .min_entropy(3.0)
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

    const VALUE: &str = "eda8313f-315e-4631-bebc-7471ed10adc1";

    #[test]
    fn finds_upload_tokens() {
        assert_eq!(
            ids(&format!("{}={VALUE}", "CODECOV_TOKEN")),
            ["secrets.codecov-upload-token"]
        );
        assert_eq!(
            ids(&format!("  {}: {VALUE}", "codecov_token")),
            ["secrets.codecov-upload-token"]
        );
    }

    #[test]
    fn ignores_other_uuids_and_references() {
        assert!(ids(&format!("{}={VALUE}", "CODECOV_SLUG")).is_empty());
        assert!(ids(&format!("uuid: {VALUE}  # codecov")).is_empty());
        assert!(ids("CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}").is_empty());
    }
}
