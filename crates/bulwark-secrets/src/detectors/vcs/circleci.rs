//! CircleCI API tokens: personal tokens (`CCIPAT_`, or 40 hex characters next to a CircleCI
//! name in older configurations) and project tokens (`CCIPRJ_`).

use super::{assignment, plausible};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

const TOKENS_DOC: &str = "https://circleci.com/docs/managing-api-tokens/";

/// ## What it finds
/// CircleCI personal API tokens: `CCIPAT_<22>_<40 hex>`, and legacy 40-hex tokens assigned to a
/// CircleCI-named setting (`CIRCLECI_TOKEN=…`, `circle-token: …`).
pub static CIRCLECI_PERSONAL_API_TOKEN: Rule = Rule {
    id: "secrets.circleci-personal-api-token",
    title: "CircleCI personal API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A CircleCI personal API token is committed to the repository. It has its \
        owner's full API access: it can trigger and rerun pipelines with SSH, change project \
        settings, add environment variables and SSH keys, and read build artifacts of every \
        project the owner follows.",
    remediation: "Delete the token (CircleCI → User settings → Personal API tokens), review the \
        audit log for pipelines and settings it changed, and use a project token or OIDC in \
        automation, with secrets kept in contexts.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// CircleCI project API tokens (`CCIPRJ_`).
pub static CIRCLECI_PROJECT_API_TOKEN: Rule = Rule {
    id: "secrets.circleci-project-api-token",
    title: "CircleCI project API token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A CircleCI project API token is committed to the repository. It is limited to \
        one project and to its scope (status, build artifacts or all read access), but still \
        exposes build output and artifacts, which often contain internal details.",
    remediation: "Delete the token (Project settings → API permissions) and create a new one \
        stored in the consuming system's secret store.",
    references: &[TOKENS_DOC],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let legacy = assignment("circle(?:ci)?", "token|api[_-]?key|pat", "[a-f0-9]{40}");
    Ok(vec![
        Detector::new(
            &CIRCLECI_PERSONAL_API_TOKEN,
            &["CCIPAT_", "circle"],
            &format!(r"\b(CCIPAT_[A-Za-z0-9]{{20,24}}_[a-f0-9]{{40}})\b|{legacy}"),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.0)
        .check(plausible),
        Detector::new(
            &CIRCLECI_PROJECT_API_TOKEN,
            &["CCIPRJ_"],
            r"\b(CCIPRJ_[A-Za-z0-9]{20,24}_[a-f0-9]{40})\b",
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

    const HEX: &str = "aa6c55e0d19d3572186e5761b1524bf0b0947c5e";

    #[test]
    fn finds_personal_tokens() {
        let token = format!("{}{}_{HEX}", "CCIPAT_", "d7YRin3to2F61aQ7nbgloo");
        assert_eq!(
            ids(&format!("token: {token}")),
            ["secrets.circleci-personal-api-token"]
        );
        let legacy = format!("{}={HEX}", "CIRCLECI_TOKEN");
        assert_eq!(ids(&legacy), ["secrets.circleci-personal-api-token"]);
        let header = format!("-H \"{}: {HEX}\"", "Circle-Token");
        assert_eq!(ids(&header), ["secrets.circleci-personal-api-token"]);
    }

    #[test]
    fn finds_project_tokens() {
        let token = format!("{}{}_{HEX}", "CCIPRJ_", "wvVbI2fcZpddioUgImdhCE");
        assert_eq!(ids(&token), ["secrets.circleci-project-api-token"]);
    }

    #[test]
    fn ignores_commit_hashes_and_malformed_tokens() {
        assert!(ids(&format!("CIRCLE_SHA1={HEX}")).is_empty());
        assert!(ids(&format!("git checkout {HEX} # circleci")).is_empty());
        assert!(
            ids(&format!(
                "{}{}_{}",
                "CCIPAT_",
                "d7YRin3to2F61aQ7nbgloo",
                &HEX[..39]
            ))
            .is_empty()
        );
        assert!(ids(&format!("{}{}", "CCIPAT_", "d7YRin3to2F61aQ7nbgloo")).is_empty());
        let placeholder = format!(
            "{}={}",
            "CIRCLECI_TOKEN", "0000000000000000000000000000000000000000"
        );
        assert!(ids(&placeholder).is_empty());
    }
}
