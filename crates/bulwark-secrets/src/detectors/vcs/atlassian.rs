//! Atlassian and Bitbucket Cloud tokens: Bitbucket app passwords (`ATBB`), Atlassian account API
//! tokens (`ATATT`) and Bitbucket repository/project/workspace access tokens (`ATCTT`). The two
//! `AT…TT` formats end in `=` and an eight-digit hexadecimal checksum.

use super::plausible;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Bitbucket Cloud app passwords (`ATBB…`).
pub static BITBUCKET_APP_PASSWORD: Rule = Rule {
    id: "secrets.bitbucket-app-password",
    title: "Bitbucket app password",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Bitbucket Cloud app password is committed to the repository. Used with its \
        owner's username it can, depending on its permissions, read and push to every repository \
        the owner can reach, approve and merge pull requests and change Pipelines variables.",
    remediation: "Revoke the app password (Personal settings → App passwords → Revoke), review \
        the workspace audit log, and move the integration to an API token or access token with \
        minimal scopes, injected from a secrets manager.",
    references: &["https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/"],
};

/// ## What it finds
/// Atlassian account API tokens (`ATATT…=` + checksum), used for Jira, Confluence and Bitbucket.
pub static ATLASSIAN_API_TOKEN: Rule = Rule {
    id: "secrets.atlassian-api-token",
    title: "Atlassian API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Atlassian account API token is committed to the repository. Together with the \
        account's email address it acts as that user in Jira, Confluence and Bitbucket Cloud: it \
        can read and change issues and pages (which often hold customer data and incident \
        details) and, for Bitbucket, read and push code.",
    remediation: "Revoke the token (id.atlassian.com → Security → API tokens → Revoke), review \
        the organisation audit log for its use, and issue a scoped token stored in a secrets \
        manager.",
    references: &[
        "https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/",
    ],
};

/// ## What it finds
/// Bitbucket Cloud repository, project and workspace access tokens (`ATCTT…=` + checksum).
pub static BITBUCKET_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.bitbucket-access-token",
    title: "Bitbucket access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Bitbucket Cloud repository, project or workspace access token is committed to \
        the repository. Within its scopes it can clone and push code, manage pull requests and \
        webhooks, and run Pipelines for every repository it covers.",
    remediation: "Revoke the token (the repository's, project's or workspace's settings → \
        Security → Access tokens), check recent pushes and webhook changes, and store the \
        replacement in a secrets manager.",
    references: &["https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &BITBUCKET_APP_PASSWORD,
            &["ATBB"],
            r"\b(ATBB[A-Za-z0-9]{28,40})\b",
            1,
        )?
        .min_entropy(3.5)
        .check(plausible),
        Detector::new(
            &ATLASSIAN_API_TOKEN,
            &["ATATT"],
            r"\b(ATATT[A-Za-z0-9_-]{60,400}=[A-Fa-f0-9]{8})\b",
            1,
        )?
        .min_entropy(4.0)
        .check(plausible),
        Detector::new(
            &BITBUCKET_ACCESS_TOKEN,
            &["ATCTT"],
            r"\b(ATCTT[A-Za-z0-9_-]{60,400}=[A-Fa-f0-9]{8})\b",
            1,
        )?
        .min_entropy(4.0)
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

    const ATATT_BODY: &str = "3bMZwIMlvdp5gjTrD8Osj-LnZ5R_j-8U-m7aSz7NRSOtv75y4SXvE9rwLbAtf6e9cpCGybY9lMR4pAwBp3GVy1PixOqoRGrB5Vpg5C6QsyHZytfqY6K1Qjah4dXd3eOa1Zcc-a4CgOFfqRgz7IhYePP2lny2pg17_dUM2jNKogorTAuRVpQ09";

    #[test]
    fn finds_app_passwords() {
        let password = concat!("ATBB", "5eRTpPWzUB4q60sskDI1EDL0Y6wu9032050D");
        assert_eq!(
            ids(&format!("BITBUCKET_APP_PASSWORD={password}")),
            ["secrets.bitbucket-app-password"]
        );
    }

    #[test]
    fn finds_api_and_access_tokens() {
        let api = format!("{}{ATATT_BODY}={}", "ATATT", "32B1CC8F");
        assert_eq!(
            ids(&format!("basic_auth=('ops@acme.test', '{api}')")),
            ["secrets.atlassian-api-token"]
        );
        let access = format!("{}{ATATT_BODY}={}", "ATCTT", "98C83998");
        assert_eq!(
            ids(&format!("Authorization: Bearer {access}")),
            ["secrets.bitbucket-access-token"]
        );
    }

    #[test]
    fn ignores_short_checksumless_and_placeholder_tokens() {
        assert!(ids(concat!("ATBB", "5eRTpPWzUB4q60ss")).is_empty());
        assert!(ids(concat!("ATBB", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
        assert!(ids(&format!("{}{ATATT_BODY}", "ATATT")).is_empty());
        assert!(ids(concat!("ATATT", "3xFfGF0...")).is_empty());
        assert!(ids(&format!("XATATT{ATATT_BODY}={}", "32B1CC8F")).is_empty());
    }
}
