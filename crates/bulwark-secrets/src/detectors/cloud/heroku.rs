//! Heroku Platform API keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Heroku API key or OAuth token: the current `HRKU-` format anywhere, and the legacy UUID
/// format next to a Heroku name (`HEROKU_API_KEY`, `heroku.token`). `.netrc` entries are left to
/// the `.netrc` rule.
pub static HEROKU_API_KEY: Rule = Rule {
    id: "secrets.heroku-api-key",
    title: "Heroku API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Heroku API key or OAuth authorization is committed to the repository. It acts \
        as the user on the Platform API: it can read every app's config vars (database URLs and \
        third-party keys), deploy code, run one-off dynos and add collaborators.",
    remediation: "Revoke it: regenerate the account API key (Account settings → API Key → \
        Regenerate) or delete the authorization (`heroku authorizations:revoke ID`), and review \
        the apps' activity. Give CI a dedicated, non-SSO user's scoped authorization from `heroku \
        authorizations:create`, injected as a secret.",
    references: &["https://devcenter.heroku.com/articles/authentication"],
};

const UUID: &str = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let pattern = format!(
        r#"(?:\b(HRKU-[0-9A-Za-z_-]{{30,100}})(?:[^0-9A-Za-z_-]|$)|(?i:heroku[\w.-]{{0,25}}?(?:api[_.-]?)?(?:key|token))["']?\s*(?::|=>|:=|=)\s*["']?({UUID})\b)"#
    );
    Ok(vec![
        super::ascii_detector(&HEROKU_API_KEY, &["HRKU-", "heroku"], &pattern, 1)?
            .alternative_group(2)
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

    const CURRENT: &str = concat!(
        "HRKU-",
        "AABpq8cJF5xgUskL_6GgebhbkXNNv-hOV48vsoUu19X5IQLJhQbtN2FWXWD5"
    );
    const LEGACY: &str = concat!("90a88d51-9448-", "fb2f-c679-1ce680ce2b27");

    #[test]
    fn finds_current_and_legacy_keys() {
        assert_eq!(ids(CURRENT), ["secrets.heroku-api-key"]);
        assert_eq!(
            ids(&format!("HEROKU_API_KEY={LEGACY}")),
            ["secrets.heroku-api-key"]
        );
        assert_eq!(
            ids(&format!("heroku.token = \"{LEGACY}\"")),
            ["secrets.heroku-api-key"]
        );
    }

    #[test]
    fn ignores_unnamed_uuids_and_malformed_keys() {
        assert!(ids(&format!("request_id = {LEGACY}")).is_empty());
        assert!(ids(&format!("heroku_app_id = {LEGACY}")).is_empty());
        assert!(ids("HEROKU_API_KEY=00000000-0000-0000-0000-000000000000").is_empty());
        assert!(ids(concat!("HRKU-", "AAshort")).is_empty());
        assert!(
            ids(concat!(
                "XHRKU-",
                "AABpq8cJF5xgUskL_6GgebhbkXNNv-hOV48vsoUu19X5"
            ))
            .is_empty()
        );
        assert!(ids(concat!("HRKU-", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
    }
}
