//! Hetzner Cloud API tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A 64-character Hetzner Cloud API token next to a Hetzner name (`HCLOUD_TOKEN`,
/// `hetzner_api_token`…).
pub static HETZNER_CLOUD_API_TOKEN: Rule = Rule {
    id: "secrets.hetzner-cloud-api-token",
    title: "Hetzner Cloud API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Hetzner Cloud API token is committed to the repository. A read-write token \
        controls the whole project: it can create, rebuild and delete servers, reset root \
        passwords, attach volumes and change networks and firewalls.",
    remediation: "Delete the token (Cloud Console → the project → Security → API tokens → Delete), \
        review the project's actions for its use, and create a replacement with the least \
        permission needed, stored in a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &HETZNER_CLOUD_API_TOKEN,
            &["hcloud", "hetzner"],
            r#"(?i:(?:hcloud|hetzner)[\w.-]{0,25}?(?:api[_.-]?)?(?:token|key))["']?\s*(?::|=>|:=|=)\s*["']?([A-Za-z0-9]{64})\b"#,
            1,
        )?
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

    const TOKEN: &str = concat!(
        "Zj6R5aDT6mZck71oe7N3x4ViXC9g77y1",
        "bOeCvu0oEhOxjvoVdlTCJ4jC3jrAApjb"
    );

    #[test]
    fn finds_named_tokens() {
        assert_eq!(
            ids(&format!("HCLOUD_TOKEN={TOKEN}")),
            ["secrets.hetzner-cloud-api-token"]
        );
        assert_eq!(
            ids(&format!("hetzner_api_token = \"{TOKEN}\"")),
            ["secrets.hetzner-cloud-api-token"]
        );
    }

    #[test]
    fn ignores_hex_unnamed_and_wrong_lengths() {
        let sha = "c8af6666259bbc471fb3be24a0b80316f688d3e481a65c2011bef2c328a72c5e";
        assert!(ids(&format!("HCLOUD_TOKEN={sha}")).is_empty());
        assert!(ids(&format!("token = {TOKEN}")).is_empty());
        assert!(ids(&format!("HCLOUD_TOKEN={TOKEN}x")).is_empty());
        assert!(ids(&format!("HCLOUD_TOKEN={}", &TOKEN[..60])).is_empty());
    }
}
