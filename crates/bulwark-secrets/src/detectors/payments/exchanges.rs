//! API secrets of cryptocurrency exchanges (Binance, Kraken, Bybit, KuCoin, OKX, Bitfinex).
//!
//! None of these secrets has a prefix, so each rule needs the exchange's name shortly before a
//! `…secret` (or Kraken `…private_key`) setting, and the exchange's exact length and alphabet.
//! Coinbase has its own family.

use super::context::{UUID, assigned};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Binance API secret keys: 64 letters and digits assigned to a `…secret…` setting with
/// `binance` just before it (`BINANCE_API_SECRET=…`, `ccxt.binance({'secret': …})`).
pub static BINANCE_API_SECRET: Rule = Rule {
    id: "secrets.binance-api-secret",
    title: "Binance API secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Binance API secret key is committed to the repository. With the API key it \
        signs requests with the key's permissions: reading balances and history, spot, margin \
        and futures trading, and, if enabled, withdrawals.",
    remediation: "Delete the API key in Binance (Account → API Management), create a new one \
        with withdrawals disabled and an IP allowlist, review recent orders and withdrawals, and \
        load the secret from a secrets manager at run time.",
    references: &[],
};

/// ## What it finds
/// Kraken API private keys: 88 base64 characters (64 bytes) assigned to a `…secret…` or
/// `…private_key` setting with `kraken` just before it.
pub static KRAKEN_PRIVATE_KEY: Rule = Rule {
    id: "secrets.kraken-private-key",
    title: "Kraken API private key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Kraken API private key is committed to the repository. With the API key it \
        signs private REST and WebSocket requests with the key's permissions: querying funds, \
        trading and, if granted, withdrawing.",
    remediation: "Delete the key in Kraken (Settings → API), create a new one with only the \
        permissions needed (no withdrawals unless required) and an IP allowlist, review recent \
        trades and withdrawals, and load the key from a secrets manager at run time.",
    references: &["https://docs.kraken.com/rest/"],
};

/// ## What it finds
/// Bybit API secrets: 36 letters and digits assigned to a `…secret…` setting with `bybit` just
/// before it.
pub static BYBIT_API_SECRET: Rule = Rule {
    id: "secrets.bybit-api-secret",
    title: "Bybit API secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Bybit API secret is committed to the repository. With the API key it signs \
        requests with the key's permissions: reading positions and balances, trading \
        derivatives and spot, and transfers or withdrawals if enabled.",
    remediation: "Delete the key in Bybit (Account → API Management), create a new one bound to \
        your IP addresses and without withdrawal permission, review recent orders and \
        withdrawals, and load the secret from a secrets manager at run time.",
    references: &[],
};

/// ## What it finds
/// KuCoin API secrets (UUIDs) assigned to a `…secret…` setting with `kucoin` just before it.
pub static KUCOIN_API_SECRET: Rule = Rule {
    id: "secrets.kucoin-api-secret",
    title: "KuCoin API secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A KuCoin API secret is committed to the repository. With the API key and \
        passphrase (often stored beside it) it signs requests with the key's permissions: \
        reading balances, trading and, if enabled, transfers and withdrawals.",
    remediation: "Delete the key in KuCoin (Account → API Management), create a new one with an \
        IP allowlist and no withdrawal permission, change the passphrase, and load the secret \
        from a secrets manager at run time.",
    references: &[],
};

/// ## What it finds
/// OKX API secret keys: 32 upper-case hex characters assigned to a `…secret…` setting with `okx`
/// or `okex` just before it.
pub static OKX_API_SECRET: Rule = Rule {
    id: "secrets.okx-api-secret",
    title: "OKX API secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An OKX API secret key is committed to the repository. With the API key and \
        passphrase it signs requests with the key's permissions: reading accounts, trading and, \
        if enabled, withdrawing.",
    remediation: "Delete the key in OKX (Profile → API keys), create a new one with an IP \
        allowlist and without withdrawal permission, change the passphrase, and load the secret \
        from a secrets manager at run time.",
    references: &[],
};

/// ## What it finds
/// Bitfinex API secrets: 43 letters and digits assigned to a `…secret…` setting with `bitfinex`
/// or `bfx` just before it.
pub static BITFINEX_API_SECRET: Rule = Rule {
    id: "secrets.bitfinex-api-secret",
    title: "Bitfinex API secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Bitfinex API secret is committed to the repository. With the API key it signs \
        authenticated requests with the key's permissions: reading wallets, trading, margin \
        funding and, if enabled, withdrawals.",
    remediation: "Revoke the key in Bitfinex (Account → API Keys), create a new one with the \
        least permissions and an IP allowlist, review recent orders and withdrawals, and load the \
        secret from a secrets manager at run time.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &BINANCE_API_SECRET,
            &["binance"],
            &assigned("binance", "secret", "[A-Za-z0-9]{64}"),
            1,
        )?
        .min_entropy(4.0),
        Detector::new(
            &KRAKEN_PRIVATE_KEY,
            &["kraken"],
            &assigned(
                "kraken",
                r"secret|private[_-]?key|priv[_-]?key",
                "[A-Za-z0-9+/]{86}==",
            ),
            1,
        )?
        .min_entropy(4.5),
        Detector::new(
            &BYBIT_API_SECRET,
            &["bybit"],
            &assigned("bybit", "secret", "[A-Za-z0-9]{36}"),
            1,
        )?
        .min_entropy(4.0),
        Detector::new(
            &KUCOIN_API_SECRET,
            &["kucoin"],
            &assigned("kucoin", "secret", UUID),
            1,
        )?,
        Detector::new(
            &OKX_API_SECRET,
            &["okx", "okex"],
            &assigned("(?:^|[^a-z])ok(?:e)?x", "secret", "[0-9A-F]{32}"),
            1,
        )?
        .min_entropy(3.0),
        Detector::new(
            &BITFINEX_API_SECRET,
            &["bitfinex", "bfx"],
            &assigned("bitfinex|(?:^|[^a-z])bfx", "secret", "[A-Za-z0-9]{43}"),
            1,
        )?
        .min_entropy(4.0),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.binance-api-secret",
        concat!(
            "BINANCE_API_SECRET=",
            "fu8B7sD4fda6GbFdvVKFjo4h2PlShgpFrSWftLNjBQcj6dIz7snoYy5srjiGf1Qg"
        ),
    ),
    (
        "secrets.binance-api-secret",
        concat!(
            "exchange = ccxt.binance({'apiKey': key, 'secret': '",
            "fu8B7sD4fda6GbFdvVKFjo4h2PlShgpFrSWftLNjBQcj6dIz7snoYy5srjiGf1Qg'})"
        ),
    ),
    (
        "secrets.kraken-private-key",
        concat!(
            "kraken:\n  api_key: K7x\n  private_key: \"",
            "pZDxQnCKoRn/SNuGthEW3q4UoVwJy7mDqS0roES9yyRoPT8zTkh6uk+ZIMwJ6jXH1Ae2P+/3M06kaXgpnQM5Wg==\"\n"
        ),
    ),
    (
        "secrets.bybit-api-secret",
        concat!("BYBIT_API_SECRET=", "cNSBOQSkAIRPWld2nYgEaFMSHLed9GCdmjHa"),
    ),
    (
        "secrets.kucoin-api-secret",
        concat!("KUCOIN_API_SECRET=", "b63f1bb2-fe8d-4fc6-b448-46c55fbd9925"),
    ),
    (
        "secrets.okx-api-secret",
        concat!("OKX_SECRET_KEY=", "E029EBF1278665C344FA714A2F5F17AF"),
    ),
    (
        "secrets.bitfinex-api-secret",
        concat!(
            "BFX_API_SECRET=",
            "LcDoPcXqOWyzc58XNuTXQupZ24nIsNeQTJFANQIy2uk"
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
    fn finds_exchange_secrets() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn one_rule_per_secret_in_a_multi_exchange_config() {
        let text = concat!(
            "exchanges:\n  binance:\n    apiKey: k1\n    secret: ",
            "fu8B7sD4fda6GbFdvVKFjo4h2PlShgpFrSWftLNjBQcj6dIz7snoYy5srjiGf1Qg\n",
            "  kraken:\n    apiKey: k2\n    secret: ",
            "pZDxQnCKoRn/SNuGthEW3q4UoVwJy7mDqS0roES9yyRoPT8zTkh6uk+ZIMwJ6jXH1Ae2P+/3M06kaXgpnQM5Wg==\n"
        );
        assert_eq!(
            ids(text),
            ["secrets.binance-api-secret", "secrets.kraken-private-key"]
        );
    }

    #[test]
    fn ignores_keys_hashes_and_values_without_context() {
        for text in [
            // API keys are not the secret half.
            concat!(
                "BINANCE_API_KEY=",
                "fu8B7sD4fda6GbFdvVKFjo4h2PlShgpFrSWftLNjBQcj6dIz7snoYy5srjiGf1Qg"
            ),
            // A SHA-256 with no exchange name.
            concat!(
                "SECRET_HASH=",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
            ),
            concat!(
                "BINANCE_API_SECRET=",
                "fu8B7sD4fda6GbFdvVKFjo4h2PlShgpFrSWftLNjBQcj6dIz7snoYy5srjiGf1Qgxx"
            ),
            concat!(
                "KRAKEN_API_SECRET=",
                "pZDxQnCKoRn/SNuGthEW3q4UoVwJy7mDqS0roES9yyRoPT8zTkh6uk+ZIMwJ6jXH1Ae2P+/3M06kaXgpnQM5"
            ),
            concat!("BYBIT_API_SECRET=", "cNSBOQSkAIRPWld2nYgEaFMSHLed9GCd"),
            concat!("KUCOIN_API_KEY=", "b63f1bb2-fe8d-4fc6-b448-46c55fbd9925"),
            concat!("LOOKX_SECRET=", "E029EBF1278665C344FA714A2F5F17AF"),
            concat!("OKX_SECRET_KEY=", "e029ebf1278665c344fa714a2f5f17af"),
            concat!(
                "BFX_API_KEY=",
                "LcDoPcXqOWyzc58XNuTXQupZ24nIsNeQTJFANQIy2uk"
            ),
            "BINANCE_API_SECRET=${BINANCE_API_SECRET}",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
