//! Doppler tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Doppler personal token: `dp.pt.` followed by 40 to 44 letters and digits.
pub static DOPPLER_PERSONAL_TOKEN: Rule = Rule {
    id: "secrets.doppler-personal-token",
    title: "Doppler personal token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Doppler personal token is committed to the repository. It has the user's full \
        read and write access to every project and config in the workplace, so it exposes every \
        secret Doppler stores for them.",
    remediation: "Revoke the token (Doppler dashboard → Tokens → Personal → Revoke), review the \
        workplace's activity logs, and rotate the secrets it could read. Use scoped service tokens \
        or service accounts for automation.",
    references: &[],
};

/// ## What it finds
/// A Doppler service token: `dp.st.`, an optional config slug and `.`, then 40 to 44 letters
/// and digits.
pub static DOPPLER_SERVICE_TOKEN: Rule = Rule {
    id: "secrets.doppler-service-token",
    title: "Doppler service token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Doppler service token is committed to the repository. It reads (and, if so \
        created, writes) every secret of one project config — usually a complete set of production \
        credentials for one service.",
    remediation: "Revoke the token (project → config → Access → Service Tokens → Revoke, or \
        `doppler configs tokens revoke`), rotate the secrets in that config, and inject its \
        replacement through the deployment platform's secret store.",
    references: &["https://docs.doppler.com/docs/service-tokens"],
};

/// ## What it finds
/// A Doppler service account token: `dp.sa.` followed by 40 to 44 letters and digits.
pub static DOPPLER_SERVICE_ACCOUNT_TOKEN: Rule = Rule {
    id: "secrets.doppler-service-account-token",
    title: "Doppler service account token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Doppler service account token is committed to the repository. It carries the \
        service account's workplace role and project access, often across many projects and \
        environments.",
    remediation: "Delete the token (Team → Service Accounts → the account → API Tokens → Delete), \
        review the activity logs, and rotate the secrets the account could read.",
    references: &[],
};

/// ## What it finds
/// A Doppler CLI token: `dp.ct.` followed by 40 to 44 letters and digits.
pub static DOPPLER_CLI_TOKEN: Rule = Rule {
    id: "secrets.doppler-cli-token",
    title: "Doppler CLI token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Doppler CLI token (created by `doppler login`) is committed to the repository. \
        It acts as the user with their full read and write access to the workplace's projects and \
        secrets.",
    remediation: "Revoke it with `doppler logout` on the machine or from the dashboard's token \
        list, review the activity logs, and rotate the secrets it could read.",
    references: &[],
};

const BODY: &str = r"[A-Za-z0-9]{40,44}";

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let token = |kind: &str| format!(r"\bdp\.{kind}\.{BODY}\b");
    Ok(vec![
        super::ascii_detector(&DOPPLER_PERSONAL_TOKEN, &["dp.pt."], &token("pt"), 0)?
            .min_entropy(4.0)
            .check(super::mixed_case),
        super::ascii_detector(
            &DOPPLER_SERVICE_TOKEN,
            &["dp.st."],
            &format!(r"\bdp\.st\.(?:[a-z0-9_-]{{1,60}}\.)?{BODY}\b"),
            0,
        )?
        .min_entropy(4.0)
        .check(super::mixed_case),
        super::ascii_detector(&DOPPLER_SERVICE_ACCOUNT_TOKEN, &["dp.sa."], &token("sa"), 0)?
            .min_entropy(4.0)
            .check(super::mixed_case),
        super::ascii_detector(&DOPPLER_CLI_TOKEN, &["dp.ct."], &token("ct"), 0)?
            .min_entropy(4.0)
            .check(super::mixed_case),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const BODY_A: &str = concat!("GW0aQoVmzIc7RsJvXyXD", "hfo2eK0agFf2WnKDd0RmTvE");

    #[test]
    fn finds_each_token_kind() {
        assert_eq!(
            ids(&format!("DOPPLER_TOKEN={}{BODY_A}", "dp.pt.")),
            ["secrets.doppler-personal-token"]
        );
        assert_eq!(
            ids(&format!("DOPPLER_TOKEN={}prd.{BODY_A}", "dp.st.")),
            ["secrets.doppler-service-token"]
        );
        assert_eq!(
            ids(&format!("{}{BODY_A}", "dp.st.")),
            ["secrets.doppler-service-token"]
        );
        assert_eq!(
            ids(&format!("{}{BODY_A}", "dp.sa.")),
            ["secrets.doppler-service-account-token"]
        );
        assert_eq!(
            ids(&format!("{}{BODY_A}", "dp.ct.")),
            ["secrets.doppler-cli-token"]
        );
    }

    #[test]
    fn ignores_placeholders_wrong_length_and_kind() {
        assert!(ids("echo 'dp.st.prd.xxxx' | doppler configure set token").is_empty());
        assert!(ids(&format!("{}{}", "dp.pt.", &BODY_A[..30])).is_empty());
        assert!(ids(&format!("{}{BODY_A}abcd", "dp.pt.")).is_empty());
        assert!(ids(&format!("{}{BODY_A}", "dp.zz.")).is_empty());
        assert!(ids(&format!("{}{}", "dp.pt.", BODY_A.to_lowercase())).is_empty());
    }
}
