//! Anthropic API and Admin API keys.

use super::{END, any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An Anthropic API key (`sk-ant-api03-…AA`).
pub static ANTHROPIC_API_KEY: Rule = Rule {
    id: "secrets.anthropic-api-key",
    title: "Anthropic API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Anthropic API key is committed to the repository. It sends requests billed to \
        the organisation's workspace, up to its rate and spend limits, and reads the files and \
        batches stored in that workspace.",
    remediation: "Disable and delete the key in the Anthropic Console (Settings → API keys), check \
        usage and cost reports for requests you did not make, and load a new key from a secrets \
        manager.",
    references: &[],
};

/// ## What it finds
/// An Anthropic Admin API key (`sk-ant-admin01-…AA`).
pub static ANTHROPIC_ADMIN_KEY: Rule = Rule {
    id: "secrets.anthropic-admin-key",
    title: "Anthropic Admin API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Anthropic Admin API key is committed to the repository. It administers the \
        organisation: it invites and removes members, creates workspaces, and manages the API \
        keys of every workspace.",
    remediation: "Delete the admin key in the Anthropic Console (Settings → Admin keys), review \
        the organisation's members, workspaces and keys for changes, and keep admin keys in a \
        secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &ANTHROPIC_API_KEY,
            &["sk-ant-api"],
            &any_of(&[&format!(
                r"\b(sk-ant-api[0-9]{{2}}-[A-Za-z0-9_-]{{80,120}}AA){END}"
            )]),
            1,
        )?
        .min_entropy(4.0)
        .check(generated),
        Detector::new(
            &ANTHROPIC_ADMIN_KEY,
            &["sk-ant-admin"],
            &any_of(&[&format!(
                r"\b(sk-ant-admin[0-9]{{2}}-[A-Za-z0-9_-]{{80,120}}AA){END}"
            )]),
            1,
        )?
        .min_entropy(4.0)
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

    const BODY: &str = concat!(
        "Ova_JRpO4PyRZM2ICFBdsTLDroudxE5V0QWtcTsEqBu0hNvuyJJ4_NgH83ZV_",
        "lgHv9Qk_fbb-Ct2cKU4DnlKecYB-BAdW",
        "AA"
    );

    #[test]
    fn finds_api_keys() {
        let key = format!("{}{BODY}", concat!("sk-ant-", "api03-"));
        assert_eq!(
            ids(&format!("ANTHROPIC_API_KEY=\"{key}\"")),
            ["secrets.anthropic-api-key"]
        );
    }

    #[test]
    fn finds_admin_keys() {
        let key = format!("{}{BODY}", concat!("sk-ant-", "admin01-"));
        assert_eq!(
            ids(&format!("x-api-key: {key}")),
            ["secrets.anthropic-admin-key"]
        );
    }

    #[test]
    fn ignores_truncated_and_placeholder_keys() {
        let truncated = format!("{}{}", concat!("sk-ant-", "api03-"), &BODY[..40]);
        assert!(ids(&truncated).is_empty());
        let no_suffix = format!(
            "{}{}Q",
            concat!("sk-ant-", "api03-"),
            &BODY[..BODY.len() - 2]
        );
        assert!(ids(&no_suffix).is_empty(), "keys end in AA");
        assert!(ids(concat!("sk-ant-", "api03-", "...")).is_empty());
    }
}
