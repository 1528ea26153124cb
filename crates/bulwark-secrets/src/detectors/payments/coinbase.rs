//! Coinbase API credentials (Coinbase App, Exchange, Developer Platform and Commerce).

use super::context::{UUID, assigned};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Coinbase API secrets assigned to a `…secret…` setting with `coinbase` or `cdp_api` just
/// before it: legacy API secrets (32 letters and digits) and Exchange or CDP Ed25519 secrets (88
/// base64 characters).
pub static COINBASE_API_SECRET: Rule = Rule {
    id: "secrets.coinbase-api-secret",
    title: "Coinbase API secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Coinbase API secret is committed to the repository. With the API key (usually \
        stored beside it) it signs requests with the key's permissions: reading balances and \
        history, trading, and, if enabled, sending crypto out of the account.",
    remediation: "Delete the API key where it was created (Coinbase Developer Platform → API \
        Keys, or the Exchange/legacy API settings), create a replacement without transfer \
        permission unless required and with an IP allowlist, review account activity, and load \
        the secret from a secrets manager at run time.",
    references: &[
        "https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication",
    ],
};

/// ## What it finds
/// Coinbase Developer Platform (CDP) API keys in the downloaded JSON or environment form: a key
/// name `organizations/<uuid>/apiKeys/<uuid>` followed by its EC private key (PEM, with real or
/// JSON-escaped newlines). The private key body is reported.
pub static COINBASE_CDP_API_KEY: Rule = Rule {
    id: "secrets.coinbase-cdp-api-key",
    title: "Coinbase CDP API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798", "CWE-321"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Coinbase Developer Platform API key (key name and EC private key) is \
        committed to the repository. It signs JWTs for the Coinbase App and Advanced Trade APIs \
        with the key's permissions: viewing balances, trading and, if enabled, transferring \
        funds.",
    remediation: "Delete the key in the Coinbase Developer Platform portal (API Keys → Secret API \
        keys), create a new one with the least permissions and an IP allowlist, review the \
        account's orders and transfers, and load the key from a secrets manager at run time.",
    references: &[
        "https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication",
    ],
};

/// ## What it finds
/// Coinbase Commerce API keys: a UUID in an `X-CC-Api-Key` header or assigned to a `…key`
/// setting with `coinbase_commerce` just before it.
pub static COINBASE_COMMERCE_API_KEY: Rule = Rule {
    id: "secrets.coinbase-commerce-api-key",
    title: "Coinbase Commerce API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Coinbase Commerce API key is committed to the repository. It can create and \
        cancel charges and checkouts and read the merchant's charges, payer details and events.",
    remediation: "Revoke the key in Coinbase Commerce (Settings → Security → API keys), create a \
        new one, review recent charges and checkouts, and load the key from a secrets manager at \
        run time.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let cdp = format!(
        r"(?-u)organizations/{UUID}/apiKeys/{UUID}(?s:.){{0,200}}?-----BEGIN EC PRIVATE KEY-----(?:\\r)?(?:\\n|\r?\n)([A-Za-z0-9+/=\\\r\n]{{64,1024}})"
    );
    Ok(vec![
        Detector::new(
            &COINBASE_API_SECRET,
            &["coinbase", "cdp_api", "cdp-api"],
            &assigned(
                r"coinbase|cdp[_-]api",
                "secret",
                "[A-Za-z0-9]{32}|[A-Za-z0-9+/]{86}==",
            ),
            1,
        )?
        .min_entropy(3.5),
        Detector::new(&COINBASE_CDP_API_KEY, &["apikeys/"], &cdp, 1)?,
        Detector::new(
            &COINBASE_COMMERCE_API_KEY,
            &["x-cc-api-key", "commerce"],
            &assigned(r"x-cc-api|coinbase[_.-]?commerce", "key", UUID),
            1,
        )?,
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.coinbase-api-secret",
        concat!("COINBASE_API_SECRET=", "8pi0xSti9wvPjAAvNTaUAwiZGZp4HOxD"),
    ),
    (
        "secrets.coinbase-api-secret",
        concat!(
            "CDP_API_KEY_SECRET=\"",
            "9lhiFc9X0rXaTqu5b5vky3wAI9SGUs72MDDPESGnS8XF00BJJT7SyaxjtKNOpxhOAViXkUNO6O72vJGg5Bedvg==\""
        ),
    ),
    (
        "secrets.coinbase-cdp-api-key",
        concat!(
            "{\"name\": \"organizations/3430504d-e7ea-4be2-8629-1588ba5e8d1a/apiKeys/",
            "7a85b643-1193-41f3-93e4-40c2cf05f720\", \"privateKey\": \"-----BEGIN EC ",
            "PRIVATE KEY-----\\nMHcCAQEEIGx1j2CZeIFccKGS89tNY0kVgpd6uHHm3b5KhpTixq5LoAoGCCqGSM49\\n",
            "AwEHoUQDQgBOqLmCWeoLaluNZUnNehQl3cP2d+c0Bk5+W7q+is/hhzcdTGePI2/9u89oeBimKWvS\\n",
            "Fh69x18za3X+EB+J0kdw9A==\\n-----END EC PRIVATE KEY-----\\n\"}"
        ),
    ),
    (
        "secrets.coinbase-commerce-api-key",
        concat!(
            "headers = {'X-CC-Api-Key': '",
            "6d9e2989-1ff3-4e18-9cc0-1406e1808280', 'X-CC-Version': '2018-03-22'}"
        ),
    ),
    (
        "secrets.coinbase-commerce-api-key",
        concat!(
            "COINBASE_COMMERCE_API_KEY=",
            "6d9e2989-1ff3-4e18-9cc0-1406e1808280"
        ),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_secrets_cdp_keys_and_commerce_keys() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn cdp_key_with_real_newlines() {
        let text = concat!(
            "CDP_API_KEY_NAME=organizations/3430504d-e7ea-4be2-8629-1588ba5e8d1a/apiKeys/",
            "7a85b643-1193-41f3-93e4-40c2cf05f720\nCDP_API_KEY_PRIVATE_KEY=\"-----BEGIN EC ",
            "PRIVATE KEY-----\nMHcCAQEEIGx1j2CZeIFccKGS89tNY0kVgpd6uHHm3b5KhpTixq5LoAoGCCqGSM49\n",
            "AwEHoUQDQgBOqLmCWeoLaluNZUnNehQl3cP2d+c0Bk5+W7q+is/hhzcdTGePI2/9u89oeBimKWvS\n",
            "Fh69x18za3X+EB+J0kdw9A==\n-----END EC PRIVATE KEY-----\"\n"
        );
        assert_eq!(ids(text), ["secrets.coinbase-cdp-api-key"]);
    }

    #[test]
    fn ignores_key_names_ids_and_near_misses() {
        for text in [
            // A key name alone is an identifier.
            concat!(
                "name: organizations/3430504d-e7ea-4be2-8629-1588ba5e8d1a/apiKeys/",
                "7a85b643-1193-41f3-93e4-40c2cf05f720"
            ),
            concat!(
                "name: organizations/3430504d-e7ea-4be2-8629-1588ba5e8d1a/apiKeys/",
                "7a85b643-1193-41f3-93e4-40c2cf05f720\nkey: -----BEGIN EC PRIVATE KEY-----\\n-----END"
            ),
            "COINBASE_API_KEY=Xq7kR2mP9sT4vW1y",
            concat!("COINBASE_API_SECRET=", "8pi0xSti9wvPjAAvNTaUAwiZGZp4"),
            concat!("API_SECRET=", "8pi0xSti9wvPjAAvNTaUAwiZGZp4HOxD"),
            "COINBASE_API_SECRET=${COINBASE_API_SECRET}",
            // A UUID with no Commerce context is just an identifier.
            concat!("request_id: '", "6d9e2989-1ff3-4e18-9cc0-1406e1808280'"),
            concat!("X-CC-Api-Key: ", "6d9e2989-1ff3-4e18-9cc0-1406e180828"),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
