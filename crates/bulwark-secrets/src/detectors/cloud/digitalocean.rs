//! DigitalOcean API tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A DigitalOcean personal access token: `dop_v1_` followed by 64 hex characters.
pub static DIGITALOCEAN_PAT: Rule = Rule {
    id: "secrets.digitalocean-personal-access-token",
    title: "DigitalOcean personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A DigitalOcean personal access token is committed to the repository. Within its \
        scopes (often full read and write) it can create and destroy Droplets, Kubernetes clusters \
        and databases, read Spaces keys and database credentials, and change DNS.",
    remediation: "Delete the token in the control panel (API → Tokens → the token → Delete), \
        review the team's security history for its use, and create a narrowly scoped, expiring \
        replacement kept in a secrets manager.",
    references: &["https://docs.digitalocean.com/reference/api/create-personal-access-token/"],
};

/// ## What it finds
/// A DigitalOcean OAuth access token: `doo_v1_` followed by 64 hex characters.
pub static DIGITALOCEAN_OAUTH_TOKEN: Rule = Rule {
    id: "secrets.digitalocean-oauth-token",
    title: "DigitalOcean OAuth access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A DigitalOcean OAuth access token is committed to the repository. It acts for \
        the user who authorised the application, with the granted read or read-write scope over \
        the team's infrastructure.",
    remediation: "Revoke the application's authorisation (Settings → Applications & API → \
        Authorized applications → Revoke) or revoke the token through the OAuth revoke endpoint, \
        then obtain tokens at run time through the OAuth flow and keep them out of source.",
    references: &[],
};

/// ## What it finds
/// A DigitalOcean OAuth refresh token: `dor_v1_` followed by 64 hex characters.
pub static DIGITALOCEAN_REFRESH_TOKEN: Rule = Rule {
    id: "secrets.digitalocean-refresh-token",
    title: "DigitalOcean OAuth refresh token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A DigitalOcean OAuth refresh token is committed to the repository. Together with \
        the client credentials it mints new access tokens for the authorising user, so the access \
        persists after individual access tokens expire.",
    remediation: "Revoke the application's authorisation (Settings → Applications & API → \
        Authorized applications → Revoke), which invalidates its refresh tokens, and store refresh \
        tokens only in an encrypted secrets store.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &DIGITALOCEAN_PAT,
            &["dop_v1_"],
            r"\bdop_v1_[a-f0-9]{64}\b",
            0,
        )?
        .min_entropy(3.0)
        .check(super::plausible),
        super::ascii_detector(
            &DIGITALOCEAN_OAUTH_TOKEN,
            &["doo_v1_"],
            r"\bdoo_v1_[a-f0-9]{64}\b",
            0,
        )?
        .min_entropy(3.0)
        .check(super::plausible),
        super::ascii_detector(
            &DIGITALOCEAN_REFRESH_TOKEN,
            &["dor_v1_"],
            r"\bdor_v1_[a-f0-9]{64}\b",
            0,
        )?
        .min_entropy(3.0)
        .check(super::plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const BODY: &str = concat!(
        "c257c6f561c5cb347611a3ce9d97dcbe",
        "e500fe7ee5fc324bdb2e1142a21c4023"
    );

    #[test]
    fn finds_each_token_kind() {
        assert_eq!(
            ids(&format!("DIGITALOCEAN_TOKEN={}{BODY}", "dop_v1_")),
            ["secrets.digitalocean-personal-access-token"]
        );
        assert_eq!(
            ids(&format!("{}{BODY}", "doo_v1_")),
            ["secrets.digitalocean-oauth-token"]
        );
        assert_eq!(
            ids(&format!("\"refresh_token\": \"{}{BODY}\"", "dor_v1_")),
            ["secrets.digitalocean-refresh-token"]
        );
    }

    #[test]
    fn ignores_wrong_length_prefix_and_placeholders() {
        assert!(ids(&format!("{}{}", "dop_v1_", &BODY[..60])).is_empty());
        assert!(ids(&format!("{}{BODY}ab", "dop_v1_")).is_empty());
        assert!(ids(&format!("{}{BODY}", "dop_v2_")).is_empty());
        assert!(ids(&format!("{}{BODY}", "xdop_v1_")).is_empty());
        assert!(ids(&format!("{}{}", "dop_v1_", BODY.to_uppercase())).is_empty());
        assert!(ids(&format!("{}{}", "dop_v1_", "0".repeat(64))).is_empty());
    }
}
