//! Supabase keys and tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Supabase personal access token for the Management API: `sbp_` followed by 40 hex
/// characters.
pub static SUPABASE_PAT: Rule = Rule {
    id: "secrets.supabase-personal-access-token",
    title: "Supabase personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Supabase personal access token is committed to the repository. Through the \
        Management API it administers every project of the user's organisations: it can read API \
        keys and database settings, run SQL, change auth configuration and delete projects.",
    remediation: "Revoke the token (Dashboard → Account → Access Tokens → Revoke), review the \
        organisation's audit logs, and keep its replacement in the CI platform's secret store.",
    references: &[],
};

/// ## What it finds
/// A Supabase secret API key: `sb_secret_` followed by its body (the server-side replacement of
/// the `service_role` key).
pub static SUPABASE_SECRET_KEY: Rule = Rule {
    id: "secrets.supabase-secret-key",
    title: "Supabase secret API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Supabase secret API key is committed to the repository. It bypasses row level \
        security: whoever holds it can read, change and delete every row of the project's database \
        and every file in its storage buckets.",
    remediation: "Delete the key (Project Settings → API Keys → Secret keys → Delete) and create a \
        new one, review the API and database logs, and use it only on servers, loaded from a \
        secrets manager. Publishable (`sb_publishable_`) keys are not reported.",
    references: &["https://supabase.com/docs/guides/api/api-keys"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(&SUPABASE_PAT, &["sbp_"], r"\bsbp_[a-f0-9]{40}\b", 0)?
            .min_entropy(3.0)
            .check(super::plausible),
        super::ascii_detector(
            &SUPABASE_SECRET_KEY,
            &["sb_secret_"],
            r"\b(sb_secret_[A-Za-z0-9_-]{20,100})(?:[^A-Za-z0-9_-]|$)",
            1,
        )?
        .min_entropy(3.8)
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
    fn finds_personal_access_tokens() {
        let token = concat!("sbp_", "67e24bdb7ec83756378368f7e732d2e433ec56f2");
        assert_eq!(
            ids(&format!("SUPABASE_ACCESS_TOKEN={token}")),
            ["secrets.supabase-personal-access-token"]
        );
    }

    #[test]
    fn ignores_malformed_access_tokens() {
        assert!(ids(concat!("sbp_", "67e24bdb7ec83756378368f7e732d2e4")).is_empty());
        assert!(ids(concat!("sbp_", "67E24BDB7EC83756378368F7E732D2E433EC56F2")).is_empty());
        assert!(
            ids(concat!(
                "sbp_",
                "67e24bdb7ec83756378368f7e732d2e433ec56f2aa"
            ))
            .is_empty()
        );
    }

    #[test]
    fn finds_secret_keys() {
        let key = concat!("sb_secret_", "rVhZEgVfbB6Mpr2lzoTvURbGpEVT-fT");
        assert_eq!(
            ids(&format!("SUPABASE_SECRET_KEY={key}")),
            ["secrets.supabase-secret-key"]
        );
    }

    #[test]
    fn ignores_publishable_and_placeholder_keys() {
        let publishable = concat!("sb_publishable_", "rVhZEgVfbB6Mpr2lzoTvURbGpEVT-fT");
        assert!(ids(publishable).is_empty());
        assert!(ids(concat!("sb_secret_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
        assert!(ids(concat!("sb_secret_", "short")).is_empty());
    }
}
