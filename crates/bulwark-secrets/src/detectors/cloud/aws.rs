//! Amazon Web Services credentials.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An AWS access key id (`AKIA…` for long-term IAM user keys, `ASIA…` for temporary STS keys).
pub static AWS_ACCESS_KEY_ID: Rule = Rule {
    id: "secrets.aws-access-key-id",
    title: "AWS access key id",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An AWS access key id is committed to the repository. Key ids are usually stored \
        next to their secret access key; together they grant the IAM user's or role's permissions \
        to anyone who can read the code or its history.",
    remediation: "Deactivate and delete the key in IAM (`aws iam update-access-key --status \
        Inactive`, then `delete-access-key`), review CloudTrail for its use, and load credentials \
        from the environment, an instance/pod role or a secrets manager instead. Removing the line \
        does not help: the key stays in git history.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![Detector::new(
        &AWS_ACCESS_KEY_ID,
        &["AKIA", "ASIA", "ABIA", "ACCA"],
        r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b",
        0,
    )?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    #[test]
    fn finds_access_key_ids() {
        let key = concat!("AKIA", "Z7QW3ERT5YUI2OPL");
        assert_eq!(
            rule_ids(
                detectors().expect("compiles"),
                &format!("aws_access_key_id = {key}")
            ),
            ["secrets.aws-access-key-id"]
        );
        let temporary = concat!("ASIA", "Q2W3E4R5T6Y7U2I3");
        assert_eq!(rule_ids(detectors().expect("compiles"), temporary).len(), 1);
    }

    #[test]
    fn ignores_documentation_keys_and_longer_tokens() {
        assert!(rule_ids(detectors().expect("compiles"), "AKIAIOSFODNN7EXAMPLE").is_empty());
        let embedded = concat!("XAKIA", "Z7QW3ERT5YUI2OPLQQ");
        assert!(rule_ids(detectors().expect("compiles"), embedded).is_empty());
        assert!(rule_ids(detectors().expect("compiles"), "akiaz7qw3ert5yui2opl").is_empty());
    }
}
