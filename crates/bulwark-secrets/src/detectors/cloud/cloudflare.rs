//! Cloudflare credentials.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A 40-character Cloudflare API token next to a Cloudflare name (`CLOUDFLARE_API_TOKEN`,
/// `CF_API_TOKEN`, `cloudflare.token`…).
pub static CLOUDFLARE_API_TOKEN: Rule = Rule {
    id: "secrets.cloudflare-api-token",
    title: "Cloudflare API token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Cloudflare API token is committed to the repository. Within its permissions it \
        can edit DNS records (redirecting a domain's traffic), change WAF and TLS settings, deploy \
        Workers or read analytics and logs for the zones it covers.",
    remediation: "Roll or delete the token (My Profile → API Tokens → the token → Roll / Delete), \
        review the account's audit log, and issue a replacement with the narrowest permissions, \
        zone resources and client IP filtering, stored in a secrets manager.",
    references: &["https://developers.cloudflare.com/fundamentals/api/get-started/create-token/"],
};

/// ## What it finds
/// A Cloudflare Origin CA key: `v1.0-`, 24 hex characters, `-`, 146 hex characters.
pub static CLOUDFLARE_ORIGIN_CA_KEY: Rule = Rule {
    id: "secrets.cloudflare-origin-ca-key",
    title: "Cloudflare Origin CA key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Cloudflare Origin CA key is committed to the repository. It authenticates the \
        certificates API: an attacker can list, issue and revoke Origin CA certificates for the \
        account's zones, breaking or impersonating origin servers.",
    remediation: "Change the key (My Profile → API Tokens → Origin CA Key → Change), revoke \
        certificates you did not issue, and prefer an API token with the SSL and Certificates \
        permission, kept in a secrets manager.",
    references: &["https://developers.cloudflare.com/ssl/origin-configuration/origin-ca/"],
};

/// ## What it finds
/// A 37-hex-character Cloudflare Global API Key next to a Cloudflare name
/// (`CLOUDFLARE_API_KEY`, `CF_API_KEY`) or in an `X-Auth-Key` header.
pub static CLOUDFLARE_GLOBAL_API_KEY: Rule = Rule {
    id: "secrets.cloudflare-global-api-key",
    title: "Cloudflare Global API Key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Cloudflare Global API Key is committed to the repository. With the account \
        e-mail it has every permission the user has on every account and zone: DNS, TLS, firewall, \
        Workers, billing and member management.",
    remediation: "Change the key (My Profile → API Tokens → Global API Key → Change), review the \
        audit logs of every account the user belongs to, and replace its use with scoped API \
        tokens kept in a secrets manager.",
    references: &["https://developers.cloudflare.com/fundamentals/api/get-started/keys/"],
};

/// A Cloudflare-flavoured name: `cloudflare…` or a `cf_`/`cf-` prefix.
const CLOUDFLARE_NAME: &str = r"(?:cloudflare[\w.-]{0,25}?|\bcf[_.-](?:[\w.-]{0,15}?[_.-])?)";
const ASSIGN: &str = r#"["']?\s*(?::|=>|:=|=)\s*["']?"#;

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let token = format!(
        r"(?i:{CLOUDFLARE_NAME}(?:api[_.-]?)?(?:token|key)){ASSIGN}([A-Za-z0-9_-]{{40}})(?:[^A-Za-z0-9_-]|$)"
    );
    let global = format!(
        r"(?:(?i:{CLOUDFLARE_NAME}(?:global[_.-]?)?(?:api[_.-]?)?key){ASSIGN}|(?i:x-auth-key)\s*:\s*)([a-f0-9]{{37}})\b"
    );
    Ok(vec![
        super::ascii_detector(
            &CLOUDFLARE_API_TOKEN,
            &["cloudflare", "cf_", "cf-", "cf."],
            &token,
            1,
        )?
        .min_entropy(4.0)
        .check(super::mixed_case),
        super::ascii_detector(
            &CLOUDFLARE_ORIGIN_CA_KEY,
            &["v1.0-"],
            r"\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b",
            0,
        )?
        .min_entropy(3.5)
        .check(super::plausible),
        super::ascii_detector(
            &CLOUDFLARE_GLOBAL_API_KEY,
            &["cloudflare", "cf_", "cf-", "cf.", "x-auth-key"],
            &global,
            1,
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

    const TOKEN: &str = concat!("ZuG296c0xPbX-neGBuzSm6", "A8cVR06AxYpThGJWZh");

    #[test]
    fn finds_api_tokens() {
        for line in [
            format!("CLOUDFLARE_API_TOKEN={TOKEN}"),
            format!("export CF_API_TOKEN=\"{TOKEN}\""),
            format!("cloudflare.token: '{TOKEN}'"),
        ] {
            assert_eq!(ids(&line), ["secrets.cloudflare-api-token"], "{line}");
        }
    }

    #[test]
    fn ignores_unnamed_or_malformed_tokens() {
        assert!(ids(&format!("API_TOKEN={TOKEN}")).is_empty());
        assert!(ids(&format!("tcf_token={TOKEN}")).is_empty());
        assert!(ids(&format!("CLOUDFLARE_API_TOKEN={TOKEN}-extra")).is_empty());
        assert!(ids(&format!("CLOUDFLARE_API_TOKEN={}", &TOKEN[..36])).is_empty());
        assert!(ids("CLOUDFLARE_API_TOKEN=0123456789abcdef0123456789abcdef01234567").is_empty());
    }

    const ORIGIN: &str = concat!(
        "02ddb8379c7ce65426f74bde-",
        "94fb78c8d5f08b79affd2b49c12a4b0062983475eb46c5296f62e338d74ff1fe4f7f505aef9ebdd2",
        "5b001a3ff416d4a3baf69dad8199bfca8b6f3a6a9421cc1c93016f1c4261e5351d"
    );

    #[test]
    fn finds_origin_ca_keys() {
        assert_eq!(
            ids(&format!("origin_ca_key = \"{}{ORIGIN}\"", "v1.0-")),
            ["secrets.cloudflare-origin-ca-key"]
        );
    }

    #[test]
    fn ignores_truncated_origin_ca_keys() {
        assert!(ids(&format!("{}{}", "v1.0-", &ORIGIN[..100])).is_empty());
        assert!(ids(&format!("{}{ORIGIN}", "v2.0-")).is_empty());
        assert!(ids(&format!("{}{ORIGIN}ab", "v1.0-")).is_empty());
    }

    const GLOBAL: &str = concat!("30b49895d1a0d1f13dc", "e20c4fd32f640d0032");

    #[test]
    fn finds_global_api_keys() {
        assert_eq!(
            ids(&format!("CLOUDFLARE_API_KEY={GLOBAL}")),
            ["secrets.cloudflare-global-api-key"]
        );
        assert_eq!(
            ids(&format!(
                "curl -H \"X-Auth-Key: {GLOBAL}\" https://api.cloudflare.com"
            )),
            ["secrets.cloudflare-global-api-key"]
        );
    }

    #[test]
    fn ignores_unnamed_or_wrong_length_global_keys() {
        assert!(ids(&format!("commit = {GLOBAL}")).is_empty());
        assert!(ids(&format!("CF_API_KEY={GLOBAL}0")).is_empty());
        assert!(ids(&format!("CF_API_KEY={}", &GLOBAL[..32])).is_empty());
    }
}
