//! Vercel access tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Vercel access token (24 or more letters, digits and `_`) next to a Vercel name
/// (`VERCEL_TOKEN`, `vercel_api_token`…).
pub static VERCEL_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.vercel-access-token",
    title: "Vercel access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Vercel access token is committed to the repository. Within its scope (a team \
        or the personal account) it can deploy to production, read and change environment \
        variables — which usually hold database and API credentials — and change domains.",
    remediation: "Delete the token (Account Settings → Tokens → Delete), review the team's \
        activity log and deployments, and create a replacement with a narrow scope and expiry, \
        stored as a CI secret.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &VERCEL_ACCESS_TOKEN,
            &["vercel"],
            r#"(?i:vercel[\w.-]{0,25}?(?:api[_.-]?)?(?:token|key))["']?\s*(?::|=>|:=|=)\s*["']?([A-Za-z0-9_]{24,80})\b"#,
            1,
        )?
        .min_entropy(3.8)
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

    const TOKEN: &str = concat!("dURvMQtKKA8x", "EQPit3vH4Ob2");

    #[test]
    fn finds_named_tokens() {
        assert_eq!(
            ids(&format!("VERCEL_TOKEN={TOKEN}")),
            ["secrets.vercel-access-token"]
        );
        assert_eq!(
            ids(&format!("\"vercelApiToken\": \"{TOKEN}\"")),
            ["secrets.vercel-access-token"]
        );
    }

    #[test]
    fn ignores_unnamed_short_and_identifier_values() {
        assert!(ids(&format!("TOKEN={TOKEN}")).is_empty());
        assert!(ids(&format!("VERCEL_TOKEN={}", &TOKEN[..20])).is_empty());
        assert!(ids("VERCEL_TOKEN=vercel_production_deploy_token").is_empty());
        assert!(ids("VERCEL_TOKEN=${{ secrets.VERCEL_TOKEN }}").is_empty());
    }
}
