//! Alibaba Cloud AccessKey pairs.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An Alibaba Cloud AccessKey id: `LTAI` followed by 12 or 20 letters and digits.
pub static ALIBABA_ACCESS_KEY_ID: Rule = Rule {
    id: "secrets.alibaba-access-key-id",
    title: "Alibaba Cloud AccessKey id",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Alibaba Cloud AccessKey id is committed to the repository. It is almost \
        always stored next to its AccessKey secret; the pair signs API calls with every permission \
        of the RAM user or Alibaba Cloud account that owns it.",
    remediation: "In the RAM console (Identities → Users → the user → AccessKey) disable and then \
        delete the AccessKey pair after creating a replacement, and review ActionTrail for its \
        use. Prefer RAM roles (instance RAM roles, OIDC roles for CI) or a secrets manager such as \
        KMS Secrets Manager over AccessKeys in code.",
    references: &["https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair"],
};

/// ## What it finds
/// A 30-character Alibaba Cloud AccessKey secret next to an Alibaba name
/// (`ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `access_key_secret`, `secret_key` in a
/// `provider "alicloud"` block) or right after an `LTAI` key id.
pub static ALIBABA_ACCESS_KEY_SECRET: Rule = Rule {
    id: "secrets.alibaba-access-key-secret",
    title: "Alibaba Cloud AccessKey secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Alibaba Cloud AccessKey secret is committed to the repository. With its key \
        id it authenticates API requests as the owning RAM user or root account: OSS buckets, ECS \
        instances, databases and RAM itself are within reach of the user's policies.",
    remediation: "Disable and delete the AccessKey pair in the RAM console (Identities → Users → \
        the user → AccessKey) after rotating clients to a new pair, check ActionTrail for calls \
        made with it, and load credentials from RAM roles or a secrets manager.",
    references: &["https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &ALIBABA_ACCESS_KEY_ID,
            &["LTAI"],
            r"\bLTAI(?:[A-Za-z0-9]{20}|[A-Za-z0-9]{12})\b",
            0,
        )?
        .min_entropy(3.0)
        .check(super::mixed_case),
        super::ascii_detector(
            &ALIBABA_ACCESS_KEY_SECRET,
            &[
                "aliyun",
                "alibaba",
                "alicloud",
                "access_key_secret",
                "accesskeysecret",
                "access-key-secret",
                "LTAI",
            ],
            concat!(
                r#"(?:(?i:(?:ali(?:baba|yun|cloud)[\w.-]{0,30}?secret[\w.-]{0,10}|access[_.-]?key[_.-]?secret))"#,
                r#"["']?\s*(?::|=>|:=|=)\s*["']?([A-Za-z0-9]{30})"#,
                r#"|provider\s+"alicloud"\s*\{[^}]{0,400}?\bsecret_key\s*=\s*"([A-Za-z0-9]{30})""#,
                r#"|\bLTAI[A-Za-z0-9]{12,20}[\s,;:|"']{1,5}([A-Za-z0-9]{30}))(?:[^A-Za-z0-9]|$)"#,
            ),
            1,
        )?
        .alternative_group(2)
        .alternative_group(3)
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

    const ID: &str = concat!("LTAI", "5tlogqoPchv5V7S82qTd");
    const SECRET: &str = concat!("rOJRBRY6HqsP795", "nf4Gakq5p1Vm8kV");

    #[test]
    fn finds_key_ids() {
        assert_eq!(
            ids(&format!("accessKeyId: {ID}")),
            ["secrets.alibaba-access-key-id"]
        );
        assert_eq!(ids(concat!("LTAI", "Qm3kZp9WvT2x")).len(), 1);
    }

    #[test]
    fn ignores_malformed_key_ids() {
        assert!(ids(concat!("LTAI", "5tlogqoPchv5V7S8")).is_empty());
        assert!(ids(&format!("{ID}Q")).is_empty());
        assert!(ids(&format!("X{ID}")).is_empty());
        assert!(ids(concat!("LTAI", "xxxxxxxxxxxxxxxxxxxx")).is_empty());
    }

    #[test]
    fn finds_named_and_paired_secrets() {
        assert_eq!(
            ids(&format!("ALIBABA_CLOUD_ACCESS_KEY_SECRET={SECRET}")),
            ["secrets.alibaba-access-key-secret"]
        );
        assert_eq!(
            ids(&format!("  \"accessKeySecret\": \"{SECRET}\",")),
            ["secrets.alibaba-access-key-secret"]
        );
        let terraform = format!(
            "provider \"alicloud\" {{\n  region = \"cn-hangzhou\"\n  secret_key = \"{SECRET}\"\n}}"
        );
        assert_eq!(ids(&terraform), ["secrets.alibaba-access-key-secret"]);
        let mut csv = ids(&format!("AccessKey ID,AccessKey Secret\n{ID},{SECRET}\n"));
        csv.sort();
        assert_eq!(
            csv,
            [
                "secrets.alibaba-access-key-id",
                "secrets.alibaba-access-key-secret"
            ]
        );
    }

    #[test]
    fn ignores_unnamed_short_and_single_case_secrets() {
        assert!(ids(&format!("secret = {SECRET}")).is_empty());
        assert!(ids(&format!("access_key_secret = {}", &SECRET[..25])).is_empty());
        assert!(ids(&format!("access_key_secret = {SECRET}9")).is_empty());
        assert!(ids("access_key_secret = 0123456789abcdef0123456789abcd").is_empty());
        assert!(ids("access_key_secret = ${ALIBABA_CLOUD_ACCESS_KEY_SECRET}").is_empty());
    }
}
