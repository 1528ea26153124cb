//! Hard-coded API keys, secrets and access tokens assigned to generically named keys.

use super::values::{Assignment, token_value};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A random-looking literal (16+ characters, high entropy) assigned to a key ending in `api_key`,
/// `apiKey`, `access_key`, `app_key`, `auth_key`, `license_key`, `subscription_key`… for a
/// provider Bulwark has no dedicated detector for.
pub static GENERIC_API_KEY: Rule = Rule {
    id: "secrets.generic-api-key",
    title: "Hard-coded API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An API key is written into source code or configuration. Whoever reads the \
        repository can call the service as the application: read or change its data, run up \
        usage charges, or use the key as a foothold for further access.",
    remediation: "Identify the service from the key's name and context, revoke or regenerate the \
        key in that service's console or API, and review its usage logs. Then load the key at run \
        time from a secrets manager or an injected environment variable.",
    references: &[],
};

/// ## What it finds
/// A random-looking literal assigned to a key ending in `secret`, `client_secret`,
/// `secret_key`, `signing_key`, `encryption_key`, `hmac_key`… (OAuth client secrets, session
/// and JWT signing keys, symmetric encryption keys).
pub static GENERIC_SECRET: Rule = Rule {
    id: "secrets.generic-secret",
    title: "Hard-coded secret or signing key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-321"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A client secret, signing key or encryption key is written into source code or \
        configuration. With it an attacker can impersonate the application to an identity \
        provider, forge session cookies and JSON Web Tokens, or decrypt the data it protects.",
    remediation: "Rotate the secret where it is issued (the identity provider's client settings, \
        or generate a new signing/encryption key and re-encrypt or re-sign with it), invalidate \
        sessions and tokens signed with the old key, and load the new one from a secrets manager \
        or KMS at run time.",
    references: &[],
};

/// ## What it finds
/// A random-looking literal assigned to a key ending in `token` (`access_token`, `auth_token`,
/// `refresh_token`, `API_TOKEN`…). CSRF, pagination, device and tokenizer tokens are not
/// credentials and are skipped.
pub static GENERIC_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.generic-access-token",
    title: "Hard-coded access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An access or refresh token is written into source code or configuration. It \
        authenticates whoever presents it, so a reader of the repository can act with the \
        token's scopes until it expires or is revoked (refresh tokens often never expire).",
    remediation: "Revoke the token at its issuer (the service's token or OAuth application \
        settings, or its revocation endpoint), review the issuer's logs for its use, and obtain \
        tokens at run time from a secrets manager or an OAuth flow instead of storing them.",
    references: &[],
};

/// Keys ending in an API-key word.
const API_KEY: &str = r"[\w.-]*(?:api|app|access|auth|master|consumer|license|licence|subscription|service|partner)[_.-]?key\d?";

/// Keys ending in a secret or key-material word.
const SECRET_KEY: &str = r"[\w.-]*(?:secret|secret[_.-]?key|secret[_.-]?key[_.-]?base|signing[_.-]?(?:key|secret)|encryption[_.-]?key|hmac[_.-]?key|aes[_.-]?key|cipher[_.-]?key|crypto[_.-]?key)\d?";

/// Keys ending in `token`: a credential kind before it (`accessToken`, `AUTH_TOKEN`), a bare
/// `token`, or any `snake_case`/`kebab-case` prefix (`github_token`, `HF_TOKEN`). CamelCase
/// `…Token` keys with other prefixes are API parameters (`NextToken`, `ChangeToken`,
/// `ClientRequestToken`), not credentials.
const TOKEN_KEY: &str = r"(?:[\w.-]*(?:access|auth|api|refresh|bearer|session|oauth|bot|app|secret|private|service|security|user|admin|master|deploy|webhook|integration|registry|install|personal)[_.-]?|[\w.-]*[_.-])?token\d?";

/// Token keys that name no credential: CSRF, pagination, idempotency, push/device, lock and
/// tokenizer tokens.
const TOKEN_DECOYS: &str = r"(?:csrf|xsrf|anti[_.-]?forgery|page|next|cursor|continuation|pagination|marker|sync|device|push|fcm|apns|registration|cancel|cancellation|idempotency|client[_.-]?request|request|change|lock|resume|bos|eos|pad|unk|sep|cls|mask|start|end|stop|special|max|min|num|input|output|update|lexer|parser)[_.-]?token\d?";

/// Prefixes joined to `key` with an optional separator, as literals for the keyword prefilter.
const API_KEY_KEYWORDS: &[&str] = &[
    "apikey",
    "api_key",
    "api-key",
    "api.key",
    "appkey",
    "app_key",
    "app-key",
    "accesskey",
    "access_key",
    "access-key",
    "access.key",
    "authkey",
    "auth_key",
    "auth-key",
    "masterkey",
    "master_key",
    "consumerkey",
    "consumer_key",
    "licensekey",
    "license_key",
    "licence_key",
    "subscriptionkey",
    "subscription_key",
    "servicekey",
    "service_key",
    "partnerkey",
    "partner_key",
];

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families = [
        Assignment {
            rule: &GENERIC_API_KEY,
            keywords: API_KEY_KEYWORDS,
            key: API_KEY,
            decoy_keys: None,
            min: 16,
            min_entropy: 3.3,
            check: token_value,
        },
        Assignment {
            rule: &GENERIC_SECRET,
            keywords: &[
                "secret",
                "signing",
                "encryption",
                "hmac",
                "aes_key",
                "aeskey",
                "aes-key",
                "cipher",
                "crypto",
            ],
            key: SECRET_KEY,
            decoy_keys: None,
            min: 16,
            min_entropy: 3.3,
            check: token_value,
        },
        Assignment {
            rule: &GENERIC_ACCESS_TOKEN,
            keywords: &["token"],
            key: TOKEN_KEY,
            decoy_keys: Some(TOKEN_DECOYS),
            min: 16,
            min_entropy: 3.3,
            check: token_value,
        },
    ];
    let mut all = Vec::new();
    for family in &families {
        all.extend(family.detectors()?);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::generic::testing::ids_at;

    fn ids(path: &str, text: &str) -> Vec<String> {
        ids_at(detectors().expect("compiles"), path, text)
    }

    #[test]
    fn finds_api_keys_secrets_and_tokens() {
        let cases = [
            (
                concat!("API_KEY = \"", "q8Zp2LmXw9Tr4Kd7Vb3N\""),
                "secrets.generic-api-key",
            ),
            (
                concat!(
                    "headers = {\"x-api-key\": \"",
                    "9f86d081884c7d659a2feaa0c55ad015\"}"
                ),
                "secrets.generic-api-key",
            ),
            (
                concat!("client_secret: '", "Hq3~Lp9vXz2_Rt7wKd5mNb8c'"),
                "secrets.generic-secret",
            ),
            (
                concat!("app.config[\"SECRET_KEY\"] = \"", "f3Kd9Lq2Zx7Vw1Tp8Rn4\""),
                "secrets.generic-secret",
            ),
            (
                concat!("jwtSigningKey: \"", "Zm9vYmFy0K9q/+Xp2Lm7Wn4T=\""),
                "secrets.generic-secret",
            ),
            (
                concat!("refresh_token = \"", "1//0gLq8Zp2LmXw9Tr4Kd7Vb3NhY\""),
                "secrets.generic-access-token",
            ),
            (
                concat!("const authToken = '", "c7Hq2Lp9Vx3Zt8Wk1Rm5'"),
                "secrets.generic-access-token",
            ),
        ];
        for (text, rule) in cases {
            assert_eq!(ids("src/client.ts", text), [rule], "{text}");
        }
        let env = concat!("PAYMENTS_API_TOKEN=", "c7Hq2Lp9Vx3Zt8Wk1Rm5\n");
        assert_eq!(ids(".env", env), ["secrets.generic-access-token"]);
        let yaml = concat!("auth:\n  client_secret: ", "Hq3Lp9vXz2Rt7wKd5mNb8c\n");
        assert_eq!(ids("values.yaml", yaml), ["secrets.generic-secret"]);
    }

    #[test]
    fn ignores_code_references() {
        for text in [
            "api_key = os.environ[\"API_KEY\"]",
            "apiKey: process.env.API_KEY,",
            "secret = settings.CLIENT_SECRET",
            "token = get_token()",
            "token = request.headers.get(\"Authorization\")",
            "api_key = \"${API_KEY}\"",
            "client_secret: \"{{ vault_client_secret }}\"",
            "token = \"%(token)s\"",
            "secret = \"$CLIENT_SECRET\"",
            "api_key = None",
            "token = null",
            "secret: true",
            "secret = \"%s\"",
            "AWS::SecretsManager::Secret: \"c85175a4ebcce361c85\"",
            "client_secret = \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:app\"",
            "api_key = API_KEY_FROM_ENV",
        ] {
            assert!(ids("src/app.py", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn ignores_low_entropy_words_and_stand_ins() {
        for text in [
            "api_key = \"your-api-key-here\"",
            "api_key = \"API_KEY\"",
            "api_key = \"apiKeyForTheService\"",
            "secret = \"dev-secret-key-2024\"",
            "secret = \"notsosecret\"",
            "SECRET_KEY = \"super_secret_key_for_dev\"",
            "token = \"abcdefghijklmnopqrstuvwxyz\"",
            "token = \"1234567890123456789\"",
            "token = \"aaaaaaaaaaaaaaaaaaaa\"",
            "api_key = \"test_4eC39HqLyjWDarjtT1zdp7dc\"",
            "api_key = \"EXAMPLEKEY1234567890\"",
            "api_key = \"<api-key>\"",
            "token = \"xxxxxxxxxxxxxxxxxxxx\"",
            "secret = \"short1A\"",
            "api_key = \"averyveryverylongdictionaryword\"",
            "SECRET_KEY = \"DJANGO_SECRET_KEY_PLACEHOLDER\"",
            "api_token = \"AB1C2defGHijkLMNo3PqQRstUvwxyz\"",
        ] {
            assert!(ids("src/app.py", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn ignores_non_credential_keys_paths_and_urls() {
        for text in [
            "csrf_token = \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "next_page_token: \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "\"NextToken\": \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "\"ChangeToken\": \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "\"ClientRequestToken\": \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "\"eos_token\": \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "token_url = \"https://auth.internal/oauth/token\"",
            "token_endpoint: \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "secret_name = \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "api_key_id = \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "max_tokens = 4096",
            "public_key = \"c7Hq2Lp9Vx3Zt8Wk1Rm5\"",
            "secret_file = \"/run/secrets/client_secret.json\"",
            "client_secret = \"/run/secrets/client_secret.json\"",
            concat!("token = \"Bearer ", "c7Hq2Lp9Vx3Zt8Wk1Rm5\""),
            "private_key_path = \"keys/service-account.json\"",
        ] {
            assert!(ids("src/app.py", text).is_empty(), "{text}");
        }
        // Unquoted values in code are references, even high-entropy-looking identifiers.
        assert!(ids("src/app.js", "const token = c7Hq2Lp9Vx3Zt8Wk1Rm5;").is_empty());
    }
}
