//! Yandex Cloud credentials.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// Yandex Cloud's guide to its credential formats and leak handling.
const GUIDE: &str = "https://yandex.cloud/en/docs/security/operations/search-secrets";

/// ## What it finds
/// A Yandex Cloud service-account API key: `AQVN` followed by 35 to 38 characters.
pub static YANDEX_CLOUD_API_KEY: Rule = Rule {
    id: "secrets.yandex-cloud-api-key",
    title: "Yandex Cloud API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Yandex Cloud API key is committed to the repository. It authenticates as the \
        service account that owns it, with every role the account holds in its folders and clouds, \
        and it does not expire unless an expiry was set.",
    remediation: "Delete the key (management console → the service account → API keys → Delete, or \
        `yc iam api-key delete`), check Audit Trails for its use, and issue a replacement with a \
        scope and expiry, stored in Yandex Lockbox.",
    references: &[GUIDE],
};

/// ## What it finds
/// A Yandex Cloud IAM token: `t1.`, a base64url header, `.` and an 86-character signature.
pub static YANDEX_CLOUD_IAM_TOKEN: Rule = Rule {
    id: "secrets.yandex-cloud-iam-token",
    title: "Yandex Cloud IAM token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Yandex Cloud IAM token is committed to the repository or a log. For up to 12 \
        hours it carries every role of the user or service account it was issued to.",
    remediation: "Revoke it with `yc iam revoke-token` (or the IAM `Revoke` API), revoke the key \
        or OAuth token it was obtained with if that leaked too, and never persist IAM tokens: \
        request them at run time.",
    references: &[GUIDE],
};

/// ## What it finds
/// A Yandex Cloud static access key secret (`YC` followed by 38 characters) near a `YCAJ` key id,
/// a Yandex name or an AWS-style secret name (Object Storage is S3-compatible).
pub static YANDEX_CLOUD_STATIC_ACCESS_KEY: Rule = Rule {
    id: "secrets.yandex-cloud-static-access-key",
    title: "Yandex Cloud static access key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Yandex Cloud static access key secret is committed to the repository. It signs \
        S3-compatible requests to Object Storage and other AWS-compatible APIs as the service \
        account, reading and overwriting its buckets.",
    remediation: "Delete the static key (the service account → Static access keys → Delete, or `yc \
        iam access-key delete`), review bucket logs and Audit Trails, and keep the replacement in \
        Yandex Lockbox.",
    references: &[GUIDE],
};

/// ## What it finds
/// A Yandex OAuth token: `y0_` to `y3_` followed by 55 to 199 characters.
pub static YANDEX_OAUTH_TOKEN: Rule = Rule {
    id: "secrets.yandex-oauth-token",
    title: "Yandex OAuth token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Yandex OAuth token is committed to the repository. It is exchanged for IAM \
        tokens of the Yandex account, acting with all of that user's roles in Yandex Cloud, and it \
        stays valid for a year.",
    remediation: "Revoke the token (Yandex ID → Security → Devices and apps / sign out everywhere, \
        or revoke the application's access), review Audit Trails, and prefer service accounts with \
        short-lived IAM tokens for automation.",
    references: &[GUIDE],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &YANDEX_CLOUD_API_KEY,
            &["AQVN"],
            r"\b(AQVN[A-Za-z0-9_-]{35,38})(?:[^A-Za-z0-9_-]|$)",
            1,
        )?
        .min_entropy(3.8)
        .check(super::plausible),
        super::ascii_detector(
            &YANDEX_CLOUD_IAM_TOKEN,
            &["t1."],
            r"\b(t1\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]{86}={0,2})(?:[^A-Za-z0-9_=-]|$)",
            1,
        )?
        .min_entropy(4.0)
        .check(super::plausible),
        super::ascii_detector(
            &YANDEX_CLOUD_STATIC_ACCESS_KEY,
            &[
                "YCAJ",
                "yandex",
                "aws",
                "secret_access_key",
                "secretaccesskey",
                "secret-access-key",
            ],
            r"(?m)(?:^|[^A-Za-z0-9_-])(YC[A-Za-z0-9_-]{38})(?:[^A-Za-z0-9_-]|$)",
            1,
        )?
        .min_entropy(4.0)
        .check(super::mixed_case),
        super::ascii_detector(
            &YANDEX_OAUTH_TOKEN,
            &["y0_", "y1_", "y2_", "y3_"],
            r"\b(y[0-3]_[A-Za-z0-9_-]{55,199})(?:[^A-Za-z0-9_-]|$)",
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

    #[test]
    fn finds_api_keys() {
        let key = concat!("AQVN", "UeuVaT5jpTFPWhLn_5drcFlCxvnNGdcmyHc7");
        assert_eq!(
            ids(&format!("YC_API_KEY={key}")),
            ["secrets.yandex-cloud-api-key"]
        );
    }

    #[test]
    fn ignores_short_and_long_api_keys() {
        assert!(ids(concat!("AQVN", "UeuVaT5jpTFPWhLn_5drcFlC")).is_empty());
        assert!(ids(concat!("AQVN", "UeuVaT5jpTFPWhLn_5drcFlCxvnNGdcmyHc7abcd")).is_empty());
    }

    const SIGNATURE: &str = concat!(
        "IIemGpb3EfKoNSvphIk7s4pqL0KJFlK6CXzU6M98NdFQCyXYbTuEPP",
        "-IKBLhcuiS4hX4TnCt1RTrzJm8Iq0na0"
    );

    #[test]
    fn finds_iam_tokens() {
        let token = format!("{}E4nSmwfIp7_JoppZrDDs7YvcX1eYgURZ.{SIGNATURE}", "t1.");
        assert_eq!(
            ids(&format!("Authorization: Bearer {token}")),
            ["secrets.yandex-cloud-iam-token"]
        );
    }

    #[test]
    fn ignores_iam_look_alikes() {
        assert!(ids("let t1.start = t1.next;").is_empty());
        let short = format!("{}E4nSmwfIp7.{}", "t1.", &SIGNATURE[..60]);
        assert!(ids(&short).is_empty());
        let embedded = format!("{}E4nSmwfIp7.{SIGNATURE}", "at1.");
        assert!(ids(&embedded).is_empty());
    }

    const STATIC: &str = concat!("YC", "p_Yt1JoW56KTLTYXPa_W4MxMs3WDlQPFPA2bdg");

    #[test]
    fn finds_static_keys_near_their_id_or_name() {
        let config = format!(
            "aws_access_key_id = {}EG_MN33X7TfS5biDm0VZt\naws_secret_access_key = {STATIC}\n",
            "YCAJ"
        );
        assert_eq!(ids(&config), ["secrets.yandex-cloud-static-access-key"]);
        assert_eq!(
            ids(&format!("YANDEX_STORAGE_SECRET={STATIC}")),
            ["secrets.yandex-cloud-static-access-key"]
        );
    }

    #[test]
    fn ignores_static_keys_without_context_or_malformed() {
        assert!(ids(&format!("value = {STATIC}")).is_empty());
        assert!(ids(&format!("yandex_secret = {STATIC}x")).is_empty());
        assert!(ids(&format!("yandex_secret = a{STATIC}")).is_empty());
        assert!(ids(&format!("yandex_secret = {}", STATIC.to_uppercase())).is_empty());
    }

    #[test]
    fn finds_oauth_tokens() {
        let token = concat!(
            "y0_",
            "AgAAAAy1-Z4RlvUOUjNwoLR1uLAy0xhnTf0baNaMYmbdzw_Isz0psundmj"
        );
        assert_eq!(
            ids(&format!("YC_TOKEN={token}")),
            ["secrets.yandex-oauth-token"]
        );
    }

    #[test]
    fn ignores_short_and_embedded_oauth_tokens() {
        assert!(ids(concat!("y0_", "AgAAAAy1-Z4RlvUOUjNwoLR1")).is_empty());
        assert!(
            ids(concat!(
                "my0_",
                "AgAAAAy1-Z4RlvUOUjNwoLR1uLAy0xhnTf0baNaMYmbdzw_Isz0psundmj"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "y0_",
                "agaaaay1_z4rlvuoujnwolr1ulay0xhntf0banamymbdzw_isz0psundmj"
            ))
            .is_empty()
        );
    }
}
