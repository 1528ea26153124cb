//! Google Cloud credentials.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Google API key: `AIza` followed by 35 URL-safe base64 characters.
pub static GCP_API_KEY: Rule = Rule {
    id: "secrets.gcp-api-key",
    title: "Google API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Google Cloud API key is committed to the repository. Unless it is restricted \
        to specific APIs and callers, anyone can call the enabled APIs (Maps, Gemini, Translate…) \
        on the project's bill and read what those APIs expose to the key.",
    remediation: "In the Google Cloud console (APIs & Services → Credentials) regenerate or delete \
        the key, add API and application restrictions to its replacement, and review the project's \
        API metrics and billing for abuse. Inject the key at run time from Secret Manager rather \
        than committing it.",
    references: &["https://cloud.google.com/docs/authentication/api-keys"],
};

/// ## What it finds
/// A Google OAuth 2.0 client secret (`GOCSPX-` followed by 28 characters).
pub static GCP_OAUTH_CLIENT_SECRET: Rule = Rule {
    id: "secrets.gcp-oauth-client-secret",
    title: "Google OAuth client secret",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Google OAuth 2.0 client secret is committed to the repository. With the client \
        id an attacker can impersonate the application in OAuth flows, exchange stolen \
        authorisation codes and refresh tokens, and obtain access tokens for users' data.",
    remediation: "In the Google Cloud console (APIs & Services → Credentials → the OAuth client) \
        add a new secret, deploy it, then disable and delete the leaked one. Keep the secret in \
        Secret Manager or the platform's secret store.",
    references: &["https://support.google.com/cloud/answer/6158849"],
};

/// ## What it finds
/// A service-account key file: JSON with `"type": "service_account"` and a 40-hex
/// `private_key_id` (also as escaped JSON inside a string).
pub static GCP_SERVICE_ACCOUNT_KEY: Rule = Rule {
    id: "secrets.gcp-service-account-key",
    title: "Google Cloud service account key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Google Cloud service account key file, including its private key, is committed \
        to the repository. It authenticates as the service account until the key is deleted, with \
        every IAM role the account holds — often project-wide editor or owner.",
    remediation: "Delete the key (IAM & Admin → Service accounts → the account → Keys, or `gcloud \
        iam service-accounts keys delete KEY_ID --iam-account=…`), review Cloud Audit Logs for its \
        use, and switch to keyless authentication: attached service accounts, Workload Identity \
        Federation for CI, or short-lived impersonation.",
    references: &[
        "https://cloud.google.com/iam/docs/keys-create-delete",
        "https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys",
    ],
};

/// ## What it finds
/// A Google OAuth 2.0 access token (`ya29.` followed by the token body).
pub static GCP_OAUTH_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.gcp-oauth-access-token",
    title: "Google OAuth access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Google OAuth 2.0 access token is committed to the repository or a log. It is \
        valid for about an hour and grants its scopes — up to full Cloud Platform access — for the \
        user or service account it was issued to.",
    remediation: "Revoke it (`curl -d token=… https://oauth2.googleapis.com/revoke`), and if it \
        came from a refresh token or key, revoke those too (Google Account → Security → \
        Third-party access, or delete the service account key). Never log or commit bearer tokens; \
        obtain them at run time from the client library.",
    references: &["https://developers.google.com/identity/protocols/oauth2"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &GCP_API_KEY,
            &["AIza"],
            r"\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)",
            1,
        )?
        .min_entropy(3.5)
        .check(super::plausible),
        super::ascii_detector(
            &GCP_OAUTH_CLIENT_SECRET,
            &["GOCSPX-"],
            r"\b(GOCSPX-[0-9A-Za-z_-]{28})(?:[^0-9A-Za-z_-]|$)",
            1,
        )?
        .min_entropy(3.5)
        .check(super::plausible),
        super::ascii_detector(
            &GCP_SERVICE_ACCOUNT_KEY,
            &["service_account", "private_key_id"],
            concat!(
                // `type` first (as Google writes the file), quotes possibly escaped.
                r#"\\?"type\\?"\s*:\s*\\?"service_account\\?"(?s-u:.){0,600}?"#,
                r#"\\?"private_key_id\\?"\s*:\s*\\?"([0-9a-f]{40})\\?""#,
                // Or the key id directly followed by its private key.
                r#"|\\?"private_key_id\\?"\s*:\s*\\?"([0-9a-f]{40})\\?"\s*,\s*"#,
                r#"\\?"private_key\\?"\s*:\s*\\?"-----BEGIN"#,
            ),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.0)
        .check(super::plausible),
        super::ascii_detector(
            &GCP_OAUTH_ACCESS_TOKEN,
            &["ya29."],
            r"\b(ya29\.[0-9A-Za-z_-]{30,2048})(?:[^0-9A-Za-z_-]|$)",
            1,
        )?
        .min_entropy(4.0)
        .window(2048)
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

    #[test]
    fn finds_api_keys() {
        let key = concat!("AIza", "SyJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5");
        assert_eq!(ids(&format!("key={key}&q=x")), ["secrets.gcp-api-key"]);
    }

    #[test]
    fn ignores_short_long_placeholder_and_embedded_api_keys() {
        assert!(ids(concat!("AIza", "SyJhx2jIclHkCiHp6bR1IqfEouHgxzNNA")).is_empty());
        assert!(ids(concat!("AIza", "SyJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5Q")).is_empty());
        assert!(ids(concat!("AIza", "Syxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
        assert!(ids(concat!("XAIza", "SyJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5")).is_empty());
    }

    #[test]
    fn finds_oauth_client_secrets() {
        let secret = concat!("GOCSPX-", "ScGebcy8F5n3_YNBDRzrZSgqbjG3");
        assert_eq!(
            ids(&format!("\"client_secret\":\"{secret}\"")),
            ["secrets.gcp-oauth-client-secret"]
        );
    }

    #[test]
    fn ignores_malformed_client_secrets() {
        assert!(ids(concat!("GOCSPX-", "ScGebcy8F5n3_YNBDRzrZSgqbj")).is_empty());
        assert!(ids(concat!("GOCSPX-", "ScGebcy8F5n3_YNBDRzrZSgqbjG3a")).is_empty());
        assert!(ids(concat!("GOCSPX-", "<your-client-secret-goes-here>")).is_empty());
    }

    const KEY_ID: &str = concat!("512c9791e558e08baa71", "96b50ac2f86702824c1c");

    #[test]
    fn finds_service_account_key_files() {
        let file = format!(
            "{{\n  \"type\": \"{}\",\n  \"project_id\": \"payments-prod\",\n  \
             \"private_key_id\": \"{KEY_ID}\",\n  \"private_key\": \"-----BEGIN PRIVATE \
             KEY-----\\nMIIEv...\\n\"\n}}\n",
            "service_account"
        );
        assert_eq!(ids(&file), ["secrets.gcp-service-account-key"]);
        let escaped = format!(
            "GOOGLE_CREDENTIALS=\"{{\\\"type\\\": \\\"{}\\\", \\\"private_key_id\\\": \
             \\\"{KEY_ID}\\\"}}\"",
            "service_account"
        );
        assert_eq!(ids(&escaped), ["secrets.gcp-service-account-key"]);
        let reordered = format!(
            "{{\"private_key_id\": \"{KEY_ID}\", \"private_key\": \"-----BEGIN {}",
            "PRIVATE KEY-----\\nMIIE\"}"
        );
        assert_eq!(ids(&reordered), ["secrets.gcp-service-account-key"]);
    }

    #[test]
    fn ignores_other_json_and_placeholder_ids() {
        let user = format!(
            "{{\"type\": \"authorized_user\", \"private_key_id\": \"{KEY_ID}\", \"a\": 1}}"
        );
        assert!(ids(&user).is_empty());
        let zeros = "{\"type\": \"service_account\", \"private_key_id\": \
                     \"0000000000000000000000000000000000000000\"}";
        assert!(ids(zeros).is_empty());
        let short = "{\"type\": \"service_account\", \"private_key_id\": \"abc123\"}";
        assert!(ids(short).is_empty());
    }

    #[test]
    fn finds_access_tokens() {
        let token = concat!(
            "ya29.",
            "a0AcMMDktXP_tKsf2rcDkdfrUnW5gcF-Ha6ili8GjHEAD6_Wj9KfzjsQGMrb9h-ImB-LK777pzNk8cL6j5I"
        );
        assert_eq!(
            ids(&format!("Authorization: Bearer {token}")),
            ["secrets.gcp-oauth-access-token"]
        );
    }

    #[test]
    fn ignores_short_and_embedded_access_tokens() {
        assert!(ids(concat!("ya29.", "a0Short")).is_empty());
        assert!(
            ids(concat!(
                "xya29.",
                "a0AcMMDktXP_tKsf2rcDkdfrUnW5gcF-Ha6ili8GjHEAD6"
            ))
            .is_empty()
        );
    }
}
