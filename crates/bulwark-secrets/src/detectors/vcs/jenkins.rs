//! Jenkins credentials: user API tokens (32 hexadecimal characters, 34 with the `11` version
//! prefix of current tokens) next to a Jenkins name or in a URL to a Jenkins host, and CSRF
//! crumbs (`Jenkins-Crumb`).

use super::{END, assignment, plausible};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Jenkins API token assigned to a Jenkins-named setting (`JENKINS_API_TOKEN=…`,
/// `jenkins.password: …`) or embedded in a `https://user:token@jenkins…` URL.
pub static JENKINS_API_TOKEN: Rule = Rule {
    id: "secrets.jenkins-api-token",
    title: "Jenkins API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Jenkins user API token is committed to the repository. It authenticates as the \
        user for the remote API and CLI: it can start and reconfigure jobs, read build logs and, \
        for administrators, run Groovy in the script console, which exposes every stored \
        credential and the controller itself.",
    remediation: "Revoke the token (Jenkins → the user → Security → API Token → Revoke), review \
        the audit trail and recently changed jobs, and give automation its own user with a token \
        kept in a secrets manager.",
    references: &["https://www.jenkins.io/doc/book/using/remote-access-api/"],
};

/// ## What it finds
/// A Jenkins CSRF crumb (`Jenkins-Crumb: …`, `"crumb": "…"`) written into code or logs.
pub static JENKINS_CRUMB: Rule = Rule {
    id: "secrets.jenkins-crumb",
    title: "Jenkins crumb",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Jenkins CSRF crumb is hard-coded. A crumb is tied to a session and protects \
        state-changing requests; a committed one shows that scripts reuse a session instead of \
        requesting a fresh crumb, and it can help forge requests while that session lives.",
    remediation: "Let scripts fetch a crumb from `/crumbIssuer/api/json` at run time (or \
        authenticate with an API token, which needs no crumb), and end the session the crumb \
        belongs to.",
    references: &["https://www.jenkins.io/doc/book/security/csrf-protection/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let named = assignment(
        "jenkins",
        "token|api[_-]?key|password|passwd|pass|pwd|secret",
        "11[a-f0-9]{32}|[a-f0-9]{32}",
    );
    Ok(vec![
        Detector::new(
            &JENKINS_API_TOKEN,
            &["jenkins"],
            &format!(
                r"{named}|https?://[^\s:/@]+:(11[a-f0-9]{{32}}|[a-f0-9]{{32}})@[^\s/@]*(?i:jenkins)"
            ),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.0)
        .check(plausible),
        Detector::new(
            &JENKINS_CRUMB,
            &["crumb"],
            &format!(
                r#"(?i:\bcrumb)["']?[ \t]*[:=][ \t]*["']?([a-f0-9]{{64}}|[a-f0-9]{{32}}){END}"#
            ),
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

    const TOKEN: &str = "7d5bbd933e4a241d65099eec01407ec6";

    #[test]
    fn finds_api_tokens_next_to_jenkins_names() {
        let current = format!("{}=11{TOKEN}", "JENKINS_API_TOKEN");
        assert_eq!(ids(&current), ["secrets.jenkins-api-token"]);
        let legacy = format!("{}: \"{TOKEN}\"", "jenkins_password");
        assert_eq!(ids(&legacy), ["secrets.jenkins-api-token"]);
        let url = format!(
            "curl -X POST https://deploy:{TOKEN}@{}.acme.test/job/x/build",
            "jenkins"
        );
        assert_eq!(ids(&url), ["secrets.jenkins-api-token"]);
    }

    #[test]
    fn ignores_unnamed_hashes_and_wrong_lengths() {
        assert!(ids(&format!("md5 = {TOKEN} # jenkins")).is_empty());
        assert!(ids(&format!("{}={TOKEN}0", "JENKINS_API_TOKEN")).is_empty());
        assert!(ids(&format!("{}={TOKEN}", "JENKINS_BUILD_ID")).is_empty());
        assert!(ids(&format!("https://deploy:{TOKEN}@ci.acme.test/job")).is_empty());
    }

    #[test]
    fn finds_crumbs() {
        let header = format!(
            "curl -H \"{}:{}\"",
            "Jenkins-Crumb", "a1b044da05ca4ed81004c1dec8ee162646ffa9204c1c9eeb488c6daa9b7fcd3c"
        );
        assert_eq!(ids(&header), ["secrets.jenkins-crumb"]);
        let json = format!("{{\"{}\":\"{TOKEN}\"}}", "crumb");
        assert_eq!(ids(&json), ["secrets.jenkins-crumb"]);
    }

    #[test]
    fn ignores_crumb_references_and_other_values() {
        assert!(ids("-H \"Jenkins-Crumb:$CRUMB\"").is_empty());
        assert!(ids(&format!("{}: {}", "crumb", &TOKEN[..30])).is_empty());
        assert!(ids("crumbRequestField: \"Jenkins-Crumb\"").is_empty());
        let breadcrumb = format!("{{\"{}\": \"{TOKEN}\"}}", "breadcrumb");
        assert!(ids(&breadcrumb).is_empty());
    }
}
