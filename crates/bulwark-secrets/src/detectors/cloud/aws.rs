//! Amazon Web Services credentials.

use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
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

/// ## What it finds
/// A 40-character AWS secret access key, only where it is named as one (`aws_secret_access_key`,
/// `SecretAccessKey`, `AWS_SECRET_KEY`, `secret_key` in a `provider "aws"` block) or follows an
/// access key id (the IAM console's CSV download).
pub static AWS_SECRET_ACCESS_KEY: Rule = Rule {
    id: "secrets.aws-secret-access-key",
    title: "AWS secret access key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An AWS secret access key is committed to the repository. With its access key id \
        it signs API requests as the IAM user, so an attacker can use every permission the user \
        has: read S3 buckets and databases, start compute, or create new credentials to persist.",
    remediation: "Deactivate the access key in the IAM console (Users → Security credentials → \
        Access keys → Deactivate) or with `aws iam update-access-key --status Inactive`, create a \
        replacement, review CloudTrail for calls made with it, then delete it. Use IAM roles \
        (instance profiles, IRSA, OIDC federation in CI) or AWS Secrets Manager instead of \
        long-term keys in code.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    ],
};

/// ## What it finds
/// An STS session token (`aws_session_token`, `SessionToken`, `X-Amz-Security-Token`), the
/// third part of temporary credentials.
pub static AWS_SESSION_TOKEN: Rule = Rule {
    id: "secrets.aws-session-token",
    title: "AWS session token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "Temporary AWS credentials (an STS session token) are committed to the repository \
        or embedded in a pre-signed URL. Until they expire, which can take up to 36 hours, they \
        carry every permission of the assumed role or federated user.",
    remediation: "Revoke the role's active sessions (IAM console → Roles → Revoke sessions, which \
        attaches an `AWSRevokeOlderSessions` deny policy), or disable the IAM user whose \
        `GetSessionToken` issued them; review CloudTrail for their use. Fetch temporary \
        credentials at run time from the SDK's credential provider chain instead of storing them.",
    references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html"],
};

/// ## What it finds
/// An Amazon Marketplace Web Service auth token (`amzn.mws.` followed by a UUID).
pub static AWS_MWS_AUTH_TOKEN: Rule = Rule {
    id: "secrets.aws-mws-auth-token",
    title: "Amazon MWS auth token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Amazon Marketplace Web Service (MWS) authorisation token is committed to the \
        repository. With the developer's keys it acts for the seller: it reads orders with buyer \
        names and addresses, changes listings and prices, and reads payment reports.",
    remediation: "In Seller Central revoke the developer's access (Settings → User Permissions → \
        Manage your apps → Revoke), re-authorise to obtain a new token, and keep the token in a \
        secrets manager. MWS is being retired: move the integration to the Selling Partner API.",
    references: &[],
};

/// Secret access keys starting with `YC` are Yandex Object Storage keys in AWS-style variables;
/// the Yandex detector reports those.
fn secret_access_key(value: &[u8]) -> Check {
    if value.starts_with(b"YC") {
        return Check::Reject;
    }
    super::mixed_case(value)
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &AWS_ACCESS_KEY_ID,
            &["AKIA", "ASIA", "ABIA", "ACCA"],
            r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b",
            0,
        )?
        .check(super::plausible),
        super::ascii_detector(
            &AWS_SECRET_ACCESS_KEY,
            &[
                "aws",
                "secret_access_key",
                "secretaccesskey",
                "secret-access-key",
                "secret.access.key",
                "AKIA",
                "ASIA",
            ],
            concat!(
                // A name with `aws` and `secret`, or a secret-access-key name.
                r#"(?:(?i:aws[\w.-]{0,20}?secret[\w.-]{0,20}|secret[_.-]?access[_.-]?key[\w.-]{0,5})"#,
                r#"["']?\s*(?::|=>|:=|=)\s*["']?([A-Za-z0-9/+]{40})"#,
                // `secret_key` inside a Terraform `provider "aws"` block.
                r#"|provider\s+"aws"\s*\{[^}]{0,400}?\bsecret_key\s*=\s*"([A-Za-z0-9/+]{40})""#,
                // Key id then secret, as in the console's credentials CSV.
                r#"|\b(?:AKIA|ASIA)[A-Z2-7]{16}[\s,;:|"']{1,5}([A-Za-z0-9/+]{40}))"#,
                r"(?:[^A-Za-z0-9/+=_-]|$)",
            ),
            1,
        )?
        .alternative_group(2)
        .alternative_group(3)
        .min_entropy(3.5)
        .check(secret_access_key),
        super::ascii_detector(
            &AWS_SESSION_TOKEN,
            &[
                "session_token",
                "session-token",
                "sessiontoken",
                "security_token",
                "security-token",
                "securitytoken",
            ],
            concat!(
                r#"(?:(?i:aws[_.-]?(?:session|security)[_.-]?token|x-amz-security-token)|"?SessionToken)"#,
                r#"["']?\s*(?::|=>|:=|=)\s*["']?([A-Za-z0-9/+%]{100,}={0,2})(?:[^A-Za-z0-9/+=%]|$)"#,
            ),
            1,
        )?
        .min_entropy(4.5)
        .window(2048)
        .check(super::plausible),
        super::ascii_detector(
            &AWS_MWS_AUTH_TOKEN,
            &["amzn.mws."],
            r"\bamzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
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

    fn distinct(mut ids: Vec<String>) -> Vec<String> {
        ids.dedup();
        ids
    }

    const SECRET: &str = concat!("PtYgjmUhBel31iEl2hpC", "hYgCfrL1spNxnyVmihA/");

    #[test]
    fn finds_access_key_ids() {
        let key = concat!("AKIA", "Z7QW3ERT5YUI2OPL");
        assert_eq!(
            ids(&format!("aws_access_key_id = {key}")),
            ["secrets.aws-access-key-id"]
        );
        let temporary = concat!("ASIA", "Q2W3E4R5T6Y7U2I3");
        assert_eq!(ids(temporary).len(), 1);
    }

    #[test]
    fn ignores_documentation_keys_and_longer_tokens() {
        assert!(ids("AKIAIOSFODNN7EXAMPLE").is_empty());
        let embedded = concat!("XAKIA", "Z7QW3ERT5YUI2OPLQQ");
        assert!(ids(embedded).is_empty());
        assert!(ids("akiaz7qw3ert5yui2opl").is_empty());
    }

    #[test]
    fn finds_named_secret_access_keys() {
        for line in [
            format!("aws_secret_access_key = {SECRET}"),
            format!("AWS_SECRET_ACCESS_KEY=\"{SECRET}\""),
            format!("  \"SecretAccessKey\": \"{SECRET}\","),
            format!("aws.secretKey: '{SECRET}'"),
        ] {
            assert_eq!(ids(&line), ["secrets.aws-secret-access-key"], "{line}");
        }
        let terraform = format!(
            "provider \"aws\" {{\n  region = \"eu-west-1\"\n  secret_key = \"{SECRET}\"\n}}\n"
        );
        assert_eq!(ids(&terraform), ["secrets.aws-secret-access-key"]);
    }

    #[test]
    fn finds_secret_after_key_id_in_csv() {
        let csv = format!(
            "Access key ID,Secret access key\n{}{},{SECRET}\n",
            "AKIA", "Z7QW3ERT5YUI2OPL"
        );
        let mut found = ids(&csv);
        found.sort();
        assert_eq!(
            found,
            ["secrets.aws-access-key-id", "secrets.aws-secret-access-key"]
        );
    }

    #[test]
    fn ignores_unnamed_hex_placeholder_and_longer_secrets() {
        // The same value without an AWS-style name: no context, no finding.
        assert!(ids(&format!("checksum = \"{SECRET}\"")).is_empty());
        // A SHA-1 next to the name is a digest, not a key.
        assert!(ids("aws_secret_access_key = 512c9791e558e08baa7196b50ac2f86702824c1c").is_empty());
        let documented = concat!("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY");
        assert!(ids(&format!("aws_secret_access_key = {documented}")).is_empty());
        assert!(ids(&format!("aws_secret_access_key = {SECRET}Q9")).is_empty());
        assert!(ids("aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}").is_empty());
        let yandex = concat!("YC", "p_Yt1JoW56KTLTYXPa_W4MxMs3WDlQPFPA2bdg");
        assert!(ids(&format!("aws_secret_access_key = {yandex}")).is_empty());
    }

    const SESSION: &str = concat!(
        "IQoJb3JpZ2luX2Vj2O76UMFxFkM/R5Kjp1vRt+1fjORS/6ilI8ihN5KXSc7Tvo/hBKqFYY/kv5ZJr3J1TWDt",
        "kwtDDb+xHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po+799NksnRH9ucAUsdMlHUvTCQCyEZDz/Td",
        "dJ8HyS5SUkCnD8zRA9a9FQ3cLeR4mT7vW2pZ8xKs1Yd0Ug6Nh5Bj+Oi3Ef="
    );

    #[test]
    fn finds_session_tokens() {
        assert_eq!(
            ids(&format!("aws_session_token = {SESSION}")),
            ["secrets.aws-session-token"]
        );
        assert_eq!(
            ids(&format!("  \"SessionToken\": \"{SESSION}\",")),
            ["secrets.aws-session-token"]
        );
        let url = format!(
            "https://b.s3.amazonaws.com/k?X-Amz-Security-Token={}&X-Amz-Signature=ab12",
            SESSION.replace('/', "%2F").replace('+', "%2B")
        );
        // The percent-decoded URL is scanned too and reports the token a second time.
        assert_eq!(distinct(ids(&url)), ["secrets.aws-session-token"]);
    }

    #[test]
    fn ignores_short_or_unnamed_session_tokens() {
        assert!(ids("aws_session_token = IQoJb3JpZ2luX2VjShort").is_empty());
        assert!(ids(&format!("token = {SESSION}")).is_empty());
        assert!(ids("aws_session_token = ${AWS_SESSION_TOKEN}").is_empty());
    }

    #[test]
    fn finds_mws_tokens() {
        let token = concat!("amzn.mws.", "d6ba2b0a-ee0c-a923-7328-81584d8c4fa2");
        assert_eq!(ids(token), ["secrets.aws-mws-auth-token"]);
    }

    #[test]
    fn ignores_malformed_mws_tokens() {
        assert!(ids(concat!("amzn.mws.", "d6ba2b0a-ee0c-a923-7328")).is_empty());
        assert!(ids(concat!("amzn.mws.", "00000000-0000-0000-0000-000000000000")).is_empty());
        assert!(ids(concat!("amzn.mws.", "D6BA2B0A-EE0C-A923-7328-81584D8C4FA2")).is_empty());
    }
}
