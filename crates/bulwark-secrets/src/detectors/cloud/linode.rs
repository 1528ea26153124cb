//! Linode (Akamai Cloud) API tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A 64-hex-character Linode personal access token next to a Linode name (`LINODE_TOKEN`,
/// `LINODE_CLI_TOKEN`, `linode_api_key`…).
pub static LINODE_PAT: Rule = Rule {
    id: "secrets.linode-personal-access-token",
    title: "Linode personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Linode (Akamai Cloud) personal access token is committed to the repository. \
        Within its scopes it can create, rebuild and delete Linodes, reset their root passwords, \
        read Object Storage keys and change DNS and firewalls.",
    remediation: "Revoke the token in Cloud Manager (profile → API Tokens → Revoke), review the \
        account's events for its use, and issue a replacement with only the needed scopes and an \
        expiry, kept in a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &LINODE_PAT,
            &["linode"],
            r#"(?i:linode[\w.-]{0,25}?(?:api[_.-]?)?(?:token|key|pat))["']?\s*(?::|=>|:=|=)\s*["']?([a-f0-9]{64})\b"#,
            1,
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

    const TOKEN: &str = concat!(
        "c8af6666259bbc471fb3be24a0b80316",
        "f688d3e481a65c2011bef2c328a72c5e"
    );

    #[test]
    fn finds_named_tokens() {
        assert_eq!(
            ids(&format!("LINODE_CLI_TOKEN={TOKEN}")),
            ["secrets.linode-personal-access-token"]
        );
        assert_eq!(
            ids(&format!("linode_token: \"{TOKEN}\"")),
            ["secrets.linode-personal-access-token"]
        );
    }

    #[test]
    fn ignores_unnamed_hashes_and_wrong_lengths() {
        assert!(ids(&format!("sha256 = {TOKEN}")).is_empty());
        assert!(ids(&format!("LINODE_TOKEN={}", &TOKEN[..40])).is_empty());
        assert!(ids(&format!("LINODE_TOKEN={TOKEN}aa")).is_empty());
        assert!(ids(&format!("LINODE_TOKEN={}", "0".repeat(64))).is_empty());
    }
}
