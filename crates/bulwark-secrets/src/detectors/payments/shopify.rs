//! Shopify access tokens and app secrets.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Shopify Admin API access tokens issued to apps through OAuth (`shpat_` and 32 hex
/// characters).
pub static SHOPIFY_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.shopify-access-token",
    title: "Shopify access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Shopify Admin API access token is committed to the repository. It acts on \
        the store with the app's granted scopes, typically reading customers and orders and \
        changing products, prices, discounts and fulfilments.",
    remediation: "Revoke the token (uninstall the app from the store, or call `DELETE \
        /admin/api_permissions/current.json` with it), reinstall to obtain a new one, review the \
        store's recent admin changes, and load tokens from a secrets manager at run time.",
    references: &[
        "https://shopify.dev/docs/api/usage/authentication",
        "https://shopify.dev/changelog/length-of-the-shopify-access-token-is-increasing",
    ],
};

/// ## What it finds
/// Admin API access tokens of Shopify custom apps created in a store's admin (`shpca_` and 32
/// hex characters).
pub static SHOPIFY_CUSTOM_APP_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.shopify-custom-app-access-token",
    title: "Shopify custom app access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Shopify custom app's Admin API access token is committed to the repository. \
        It never expires and has every scope the app was configured with, often full read and \
        write access to orders, customers and products.",
    remediation: "Uninstall the custom app in the Shopify admin (Settings → Apps and sales \
        channels → Develop apps) to revoke the token, reinstall it to get a new token, review \
        recent admin activity, and load the token from a secrets manager at run time.",
    references: &[
        "https://shopify.dev/docs/api/usage/authentication",
        "https://shopify.dev/changelog/length-of-the-shopify-access-token-is-increasing",
    ],
};

/// ## What it finds
/// Passwords (access tokens) of legacy Shopify private apps (`shppa_` and 32 hex characters).
pub static SHOPIFY_PRIVATE_APP_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.shopify-private-app-access-token",
    title: "Shopify private app access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A legacy Shopify private app password is committed to the repository. It \
        authenticates Admin API calls with the private app's permissions, which usually include \
        orders, customers and products.",
    remediation: "Delete the private app in the Shopify admin (or migrate it to a custom app), \
        which revokes its password, review recent admin activity, and load the replacement \
        credential from a secrets manager at run time.",
    references: &[
        "https://shopify.dev/docs/api/usage/authentication",
        "https://shopify.dev/changelog/length-of-the-shopify-access-token-is-increasing",
    ],
};

/// ## What it finds
/// Shopify app client secrets (shared secrets, `shpss_` and 32 hex characters).
pub static SHOPIFY_SHARED_SECRET: Rule = Rule {
    id: "secrets.shopify-shared-secret",
    title: "Shopify app shared secret",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Shopify app's client (shared) secret is committed to the repository. It \
        exchanges OAuth codes for store access tokens and verifies webhook signatures, so an \
        attacker can forge webhooks to the app and obtain tokens during installs.",
    remediation: "Rotate the client secret in the Shopify Partner Dashboard (Apps → the app → \
        Client credentials), deploy the new secret from a secrets manager, then revoke the old \
        one once every instance uses the new one.",
    references: &[
        "https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets",
        "https://shopify.dev/changelog/app-secret-key-length-has-increased",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let token = |rule: &'static Rule, prefix: &str| {
        Detector::new(
            rule,
            &[prefix],
            &format!(r"(?-u)\b({prefix}[0-9a-fA-F]{{32}})\b"),
            1,
        )
        .map(|detector| detector.min_entropy(3.0))
    };
    Ok(vec![
        token(&SHOPIFY_ACCESS_TOKEN, "shpat_")?,
        token(&SHOPIFY_CUSTOM_APP_ACCESS_TOKEN, "shpca_")?,
        token(&SHOPIFY_PRIVATE_APP_ACCESS_TOKEN, "shppa_")?,
        token(&SHOPIFY_SHARED_SECRET, "shpss_")?,
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.shopify-access-token",
        concat!(
            "X-Shopify-Access-Token: shpat_",
            "563881f3ae50b002cf27c847cacc3a29"
        ),
    ),
    (
        "secrets.shopify-custom-app-access-token",
        concat!("SHOPIFY_TOKEN=shpca_", "c1e73b5fa892edb8b911f26b2c99bf05"),
    ),
    (
        "secrets.shopify-private-app-access-token",
        concat!("password: \"shppa_", "2683367226abe8b5fe0ab8d51fbce2a0\""),
    ),
    (
        "secrets.shopify-shared-secret",
        concat!(
            "SHOPIFY_API_SECRET=shpss_",
            "32e65635d2d8acb4f846734d437837c8"
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
    fn finds_tokens_and_secrets() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_short_long_placeholder_and_embedded_tokens() {
        for text in [
            concat!("shpat_", "563881f3ae50b002cf27c847cacc3a"),
            concat!("shpat_", "563881f3ae50b002cf27c847cacc3a2912"),
            concat!("shpat_", "563881f3ae50b002cf27c847cacc3g29"),
            concat!("xshpat_", "563881f3ae50b002cf27c847cacc3a29"),
            "shpat_00000000000000000000000000000000",
            "shpss_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            // Not one of the reported prefixes.
            concat!("shpsf_", "563881f3ae50b002cf27c847cacc3a29"),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
