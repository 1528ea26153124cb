//! Tencent Cloud API keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Tencent Cloud SecretId: `AKID` followed by 32 letters and digits.
pub static TENCENT_CLOUD_SECRET_ID: Rule = Rule {
    id: "secrets.tencent-cloud-secret-id",
    title: "Tencent Cloud SecretId",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Tencent Cloud API SecretId is committed to the repository. It is almost always \
        stored with its SecretKey; the pair signs API requests with every permission of the CAM \
        user or root account that owns it.",
    remediation: "Disable and delete the API key (CAM console → Users → the user → API keys, or \
        Access Key management for the root account) after moving clients to a new key, and review \
        CloudAudit. Prefer CAM roles and temporary credentials, or Secrets Manager.",
    references: &[],
};

/// ## What it finds
/// A 32-character Tencent Cloud SecretKey assigned to a `…secret_key` name shortly after a
/// Tencent keyword or `AKID` SecretId (`TENCENTCLOUD_SECRET_KEY`, a `provider "tencentcloud"`
/// block, `secretKey` under `secretId`), or right after a SecretId on the same line.
pub static TENCENT_CLOUD_SECRET_KEY: Rule = Rule {
    id: "secrets.tencent-cloud-secret-key",
    title: "Tencent Cloud SecretKey",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Tencent Cloud API SecretKey is committed to the repository. With its SecretId \
        it signs requests as the owning CAM user or root account: CVM instances, COS buckets, \
        databases and CAM policies are within reach.",
    remediation: "Disable and delete the key pair in the CAM console (Users → the user → API keys) \
        after rotating clients to a new pair, check CloudAudit for requests made with it, and load \
        credentials from CAM roles or Secrets Manager.",
    references: &[],
};

const ASSIGN: &str = r#"["']?\s*(?::|=>|:=|=)\s*["']?"#;

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    // A `…secret_key` assignment in the window after a Tencent keyword or `AKID` SecretId
    // (`TENCENTCLOUD_SECRET_KEY`, `secret_key` in a `provider "tencentcloud"` block, `secretKey`
    // under `secretId`), or a key following its SecretId on the same line (CSV).
    let secret = format!(
        r#"(?:(?i:[\w.-]{{0,30}}secret[_.-]?key){ASSIGN}([A-Za-z0-9]{{32}})\b|\bAKID[A-Za-z0-9]{{32}}[\s,;:|"']{{1,5}}([A-Za-z0-9]{{32}})\b)"#
    );
    Ok(vec![
        super::ascii_detector(
            &TENCENT_CLOUD_SECRET_ID,
            &["AKID"],
            r"\bAKID[A-Za-z0-9]{32}\b",
            0,
        )?
        .min_entropy(3.5)
        .check(super::mixed_case),
        super::ascii_detector(
            &TENCENT_CLOUD_SECRET_KEY,
            &["tencent", "qcloud", "tccli", "AKID"],
            &secret,
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.5)
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

    const ID: &str = concat!("AKID", "i1lHXoTlmMf1f4MUFWrlniNQTOZmLtma");
    const KEY: &str = concat!("eSUHA1U6dHZwvs1O", "38FfaA6WEi3QrplK");

    #[test]
    fn finds_secret_ids() {
        assert_eq!(
            ids(&format!("TENCENTCLOUD_SECRET_ID={ID}")),
            ["secrets.tencent-cloud-secret-id"]
        );
    }

    #[test]
    fn ignores_malformed_secret_ids() {
        assert!(ids(&format!("{ID}x")).is_empty());
        assert!(ids(&format!("X{ID}")).is_empty());
        assert!(ids(concat!("AKID", "i1lHXoTlmMf1f4MUFWrlni")).is_empty());
        assert!(ids(concat!("AKID", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
    }

    #[test]
    fn finds_named_and_paired_secret_keys() {
        assert_eq!(
            ids(&format!("TENCENTCLOUD_SECRET_KEY={KEY}")),
            ["secrets.tencent-cloud-secret-key"]
        );
        let terraform = format!(
            "provider \"tencentcloud\" {{\n  region = \"ap-hk\"\n  secret_key = \"{KEY}\"\n}}"
        );
        assert_eq!(ids(&terraform), ["secrets.tencent-cloud-secret-key"]);
        let mut pair = ids(&format!("secretId: {ID}\nsecretKey: {KEY}\n"));
        pair.sort();
        assert_eq!(
            pair,
            [
                "secrets.tencent-cloud-secret-id",
                "secrets.tencent-cloud-secret-key"
            ]
        );
    }

    #[test]
    fn ignores_unnamed_and_hex_secret_keys() {
        assert!(ids(&format!("secret_key = {KEY}")).is_empty());
        assert!(ids("TENCENTCLOUD_SECRET_KEY=0123456789abcdef0123456789abcdef").is_empty());
        assert!(ids(&format!("TENCENTCLOUD_SECRET_KEY={KEY}Z")).is_empty());
    }
}
