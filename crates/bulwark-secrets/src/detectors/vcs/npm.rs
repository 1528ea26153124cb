//! npm registry credentials: granular and classic access tokens (`npm_`), and the `_authToken`,
//! `_auth` and `_password` settings of `.npmrc` files (any registry).

use super::{has_dedicated_rule, is_reference, plausible};
use crate::Check;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::placeholder::is_placeholder;
use base64::Engine;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// npm access tokens (`npm_` and 36 base62 characters).
pub static NPM_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.npm-access-token",
    title: "npm access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An npm access token is committed to the repository. A publish-capable token lets \
        an attacker release a malicious version of every package its owner maintains, which \
        reaches every downstream install; read tokens expose private packages.",
    remediation: "Revoke the token (npmjs.com → Access Tokens → Delete, or `npm token revoke`), \
        check the packages' recent versions for releases you did not make, and publish from CI \
        with trusted publishing or a granular token kept in a secrets manager.",
    references: &["https://docs.npmjs.com/about-access-tokens"],
};

/// ## What it finds
/// Credentials written into `.npmrc` (`//registry/:_authToken=`, `:_auth=` with base64
/// `user:password`, `:_password=`, and unscoped `_authToken=`/`_auth=` lines) and into Yarn's
/// `.yarnrc.yml` (`npmAuthToken:`, `npmAuthIdent:`), unless they are `${ENV}` references. Tokens
/// with their own rule (`npm_`, `ghp_`, `glpat-`, …) are reported under that rule instead.
pub static NPMRC_AUTH_TOKEN: Rule = Rule {
    id: "secrets.npmrc-auth-token",
    title: "Registry credential in .npmrc or .yarnrc.yml",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-522"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An `.npmrc` or `.yarnrc.yml` file carries a registry credential in clear \
        (`_authToken`, `_auth`, `_password`, `npmAuthToken`). Anyone who can read the repository \
        can install private packages from that registry and, if the credential may publish, push \
        malicious versions.",
    remediation: "Revoke the token or change the password at the registry (npm, GitHub Packages, \
        Artifactory, Nexus, …), then write `_authToken=${NPM_TOKEN}` and provide `NPM_TOKEN` from \
        the CI secret store or keep credentials in the user-level `~/.npmrc` only.",
    references: &["https://docs.npmjs.com/cli/v10/configuring-npm/npmrc"],
};

/// `.npmrc` values: not a reference, not a token another rule names, and for base64
/// `user:password` values, not a placeholder password.
fn npmrc_credential(value: &[u8]) -> Check {
    if is_reference(value) || has_dedicated_rule(value) {
        return Check::Reject;
    }
    if let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(value)
        && let Ok(text) = std::str::from_utf8(&decoded)
    {
        let password = text.split_once(':').map_or(text, |(_, password)| password);
        if password.is_empty()
            || is_placeholder(password.as_bytes())
            || is_reference(password.as_bytes())
        {
            return Check::Reject;
        }
    }
    plausible(value)
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &NPM_ACCESS_TOKEN,
            &["npm_"],
            r"\b(npm_[A-Za-z0-9]{36})\b",
            1,
        )?
        .min_entropy(3.5)
        .check(plausible),
        Detector::new(
            &NPMRC_AUTH_TOKEN,
            &["_auth", "_password", "npmAuthToken", "npmAuthIdent"],
            r#"(?m)(?://[^\s:]*:(?:_authToken|_auth|_password)[ \t]*=|^[ \t]*(?:_authToken|_auth)=|\bnpmAuth(?:Token|Ident)["']?[ \t]*:)[ \t]*["']?([^\s"'#;]{8,})"#,
            1,
        )?
        .min_entropy(3.0)
        .check(npmrc_credential),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;
    use base64::engine::general_purpose::STANDARD;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_npm_tokens() {
        let token = concat!("npm_", "Cdpa0WI2Kk8xxo3GI0uoV6vGTFN4g3AfCK9e");
        assert_eq!(
            ids(&format!("NPM_TOKEN={token}")),
            ["secrets.npm-access-token"]
        );
    }

    #[test]
    fn ignores_wrong_length_placeholder_and_embedded_npm_tokens() {
        assert!(ids(concat!("npm_", "Cdpa0WI2Kk8xxo3GI0uoV6vGTFN4g3AfCK9")).is_empty());
        assert!(ids(concat!("npm_", "Cdpa0WI2Kk8xxo3GI0uoV6vGTFN4g3AfCK9eQ")).is_empty());
        assert!(ids(concat!("npm_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
        assert!(ids(concat!("my_npm_", "Cdpa0WI2Kk8xxo3GI0uoV6vGTFN4g3AfCK9e")).is_empty());
    }

    #[test]
    fn finds_credentials_in_npmrc() {
        let npmrc = format!(
            "registry=https://npm.acme.test/\n//npm.acme.test/:{}={}\nalways-auth=true\n",
            "_authToken", "cd903249-6a32-49e9-9922-d8f3f969d845"
        );
        assert_eq!(ids(&npmrc), ["secrets.npmrc-auth-token"]);
        let basic = STANDARD.encode("ci-deployer:dQj#QKhCHD4##Ujg");
        let npmrc = format!("//artifactory.acme.test/api/npm/:{}={basic}\n", "_auth");
        assert_eq!(ids(&npmrc), ["secrets.npmrc-auth-token"]);
        let unscoped = format!(
            "{}={}\n",
            "_authToken", "cd903249-6a32-49e9-9922-d8f3f969d845"
        );
        assert_eq!(ids(&unscoped), ["secrets.npmrc-auth-token"]);
        let yarnrc = format!(
            "npmScopes:\n  acme:\n    {}: \"{}\"\n",
            "npmAuthToken", "cd903249-6a32-49e9-9922-d8f3f969d845"
        );
        assert_eq!(ids(&yarnrc), ["secrets.npmrc-auth-token"]);
    }

    #[test]
    fn ignores_references_placeholders_and_dedicated_tokens_in_npmrc() {
        for value in [
            "${NPM_TOKEN}",
            "$NPM_TOKEN",
            "<token>",
            "YOUR_TOKEN_HERE",
            concat!("npm_", "Cdpa0WI2Kk8xxo3GI0uoV6vGTFN4g3AfCK9e"),
        ] {
            let npmrc = format!("//registry.npmjs.org/:{}={value}\n", "_authToken");
            let found = ids(&npmrc);
            assert!(
                !found.contains(&"secrets.npmrc-auth-token".to_string()),
                "{value}: {found:?}"
            );
        }
        let placeholder = STANDARD.encode("user:password");
        assert!(ids(&format!("{}={placeholder}\n", "_auth")).is_empty());
        assert!(ids("db_password = \"Zx9vQ2mLp8Kw\"").is_empty());
        assert!(ids("_password = settings.DATABASE_PASSWORD").is_empty());
        assert!(ids("    self._auth = HTTPBasicAuth(user, secret_key)").is_empty());
    }
}
