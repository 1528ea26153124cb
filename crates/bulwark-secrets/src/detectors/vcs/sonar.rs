//! SonarQube Server and SonarQube Cloud (SonarCloud) tokens: user (`squ_`), project analysis
//! (`sqp_`) and global analysis (`sqa_`) tokens, each with 40 hexadecimal characters, and the
//! unprefixed 40-hex tokens of SonarCloud and older SonarQube versions next to a Sonar name.

use super::{assignment, plausible};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

const TOKENS_DOC: &str = "https://docs.sonarsource.com/sonarqube/latest/user-guide/user-account/generating-and-using-tokens/";

/// ## What it finds
/// SonarQube user tokens (`squ_`).
pub static SONARQUBE_USER_TOKEN: Rule = Rule {
    id: "secrets.sonarqube-user-token",
    title: "SonarQube user token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A SonarQube user token is committed to the repository. It carries every \
        permission of its user through the Web API: it can read the source code and the \
        vulnerability findings of all projects the user can browse, and administer the \
        instance if the user is an administrator.",
    remediation: "Revoke the token (My Account → Security → Revoke, or `api/user_tokens/revoke`) \
        and use a project analysis token from the CI secret store for scans.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// SonarQube project analysis tokens (`sqp_`).
pub static SONARQUBE_PROJECT_ANALYSIS_TOKEN: Rule = Rule {
    id: "secrets.sonarqube-project-analysis-token",
    title: "SonarQube project analysis token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A SonarQube project analysis token is committed to the repository. It is limited \
        to running analyses of one project, but it can submit doctored analyses that hide issues \
        from the quality gate.",
    remediation: "Revoke the token (My Account → Security) and pass its replacement to the \
        scanner as `SONAR_TOKEN` from the CI secret store.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// SonarQube global analysis tokens (`sqa_`).
pub static SONARQUBE_GLOBAL_ANALYSIS_TOKEN: Rule = Rule {
    id: "secrets.sonarqube-global-analysis-token",
    title: "SonarQube global analysis token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A SonarQube global analysis token is committed to the repository. It can run \
        analyses of every project on the instance, so it can overwrite any project's results \
        and hide issues from its quality gate.",
    remediation: "Revoke the token (My Account → Security) and provide a per-project analysis \
        token from the CI secret store instead.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// Unprefixed 40-hex SonarCloud / legacy SonarQube tokens assigned to a Sonar-named setting
/// (`SONAR_TOKEN=…`, `sonar.login=…`).
pub static SONARCLOUD_TOKEN: Rule = Rule {
    id: "secrets.sonarcloud-token",
    title: "SonarCloud token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A SonarQube Cloud (SonarCloud) or pre-9.5 SonarQube token is committed to the \
        repository. These tokens act as their user: they can read the source code and findings \
        of the user's projects and change project settings.",
    remediation: "Revoke the token (My Account → Security), review the organization's audit \
        log, and provide `SONAR_TOKEN` from the CI secret store.",
    references: &[TOKENS_DOC],
};

fn prefixed(rule: &'static Rule, prefix: &str) -> Result<Detector, String> {
    Ok(Detector::new(
        rule,
        &[prefix],
        &format!(r"\b({prefix}[a-f0-9]{{40}})\b"),
        1,
    )?
    .min_entropy(3.0)
    .check(plausible))
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        prefixed(&SONARQUBE_USER_TOKEN, "squ_")?,
        prefixed(&SONARQUBE_PROJECT_ANALYSIS_TOKEN, "sqp_")?,
        prefixed(&SONARQUBE_GLOBAL_ANALYSIS_TOKEN, "sqa_")?,
        Detector::new(
            &SONARCLOUD_TOKEN,
            &["sonar"],
            &assignment("sonar", "token|login|api[_-]?key", "[a-f0-9]{40}"),
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

    const HEX: &str = "e2818f26ff6bff254199c973226b722641b0e812";

    #[test]
    fn finds_prefixed_tokens() {
        let cases = [
            ("squ_", "secrets.sonarqube-user-token"),
            ("sqp_", "secrets.sonarqube-project-analysis-token"),
            ("sqa_", "secrets.sonarqube-global-analysis-token"),
        ];
        for (prefix, rule) in cases {
            assert_eq!(
                ids(&format!("-Dsonar.token={prefix}{HEX}")),
                [rule],
                "{prefix}"
            );
        }
    }

    #[test]
    fn finds_unprefixed_tokens_next_to_sonar_names() {
        assert_eq!(
            ids(&format!("{}={HEX}", "SONAR_TOKEN")),
            ["secrets.sonarcloud-token"]
        );
        assert_eq!(
            ids(&format!("{}={HEX}", "sonar.login")),
            ["secrets.sonarcloud-token"]
        );
    }

    #[test]
    fn ignores_wrong_lengths_prefixes_and_unrelated_hashes() {
        assert!(ids(&format!("{}{}", "squ_", &HEX[..39])).is_empty());
        assert!(ids(&format!("{}{HEX}a", "squ_")).is_empty());
        assert!(ids(&format!("{}{HEX}", "sqx_")).is_empty());
        assert!(ids(&format!("{}={HEX}", "sonar.projectVersion")).is_empty());
        assert!(ids(&format!("{}={HEX}", "GIT_COMMIT")).is_empty());
    }
}
