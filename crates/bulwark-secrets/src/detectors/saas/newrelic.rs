//! New Relic user API keys, ingest (license) keys, Insights keys and browser keys.

use super::{END, any_of, assigned, generated, generated_hex};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A New Relic user API key (`NRAK-` and 27 characters).
pub static NEWRELIC_USER_API_KEY: Rule = Rule {
    id: "secrets.newrelic-user-api-key",
    title: "New Relic user API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A New Relic user API key is committed to the repository. It calls NerdGraph with \
        its user's permissions: it queries all telemetry (logs often carry customer data and \
        tokens), reads other keys, and changes alerts, dashboards and account settings.",
    remediation: "Delete the key in New Relic (API keys → the key → Delete, or the \
        `apiAccessDeleteKeys` NerdGraph mutation), review the account's audit log, and load the \
        new key from a secrets manager.",
    references: &["https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/"],
};

/// ## What it finds
/// A New Relic Insights insert key (`NRII-` and 32 characters).
pub static NEWRELIC_INSERT_KEY: Rule = Rule {
    id: "secrets.newrelic-insert-key",
    title: "New Relic Insights insert key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A New Relic Insights insert key is committed to the repository. It writes custom \
        events into the account, so an attacker can forge or flood the data that dashboards and \
        alerts are built on.",
    remediation: "Delete the insert key in New Relic (API keys → Insights insert keys), create a \
        replacement (or move to a license key), and load it from a secrets manager.",
    references: &["https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/"],
};

/// ## What it finds
/// A New Relic Insights query key (`NRIQ-` and 32 characters).
pub static NEWRELIC_INSIGHTS_QUERY_KEY: Rule = Rule {
    id: "secrets.newrelic-insights-query-key",
    title: "New Relic Insights query key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A New Relic Insights query key is committed to the repository. It runs NRQL \
        queries over the account's event data, which can expose request parameters, user \
        identifiers and error messages recorded by the agents.",
    remediation: "Delete the query key in New Relic (API keys → Insights query keys), move the \
        integration to a user key with the least permissions it needs, and load it from a \
        secrets manager.",
    references: &["https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/"],
};

/// ## What it finds
/// A New Relic browser key (`NRJS-` and 19 hex characters).
pub static NEWRELIC_BROWSER_API_KEY: Rule = Rule {
    id: "secrets.newrelic-browser-api-key",
    title: "New Relic browser key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A New Relic browser ingest key is committed to the repository. It only reports \
        browser-monitoring data, but outside the page snippet it lets anyone send fake page views \
        and errors into the account.",
    remediation: "If the key is not part of a deployed browser snippet, delete it in New Relic \
        (API keys → the browser key) and create a new one; keep keys for server-side uploads in a \
        secrets manager.",
    references: &["https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/"],
};

/// ## What it finds
/// A New Relic license (ingest) key: 36 hex characters ending in `NRAL`, or the older 40 hex
/// characters assigned to a New Relic license-key name.
pub static NEWRELIC_LICENSE_KEY: Rule = Rule {
    id: "secrets.newrelic-license-key",
    title: "New Relic license key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A New Relic license (ingest) key is committed to the repository. Agents use it \
        to report APM, infrastructure and log data; an attacker can inject or flood the account's \
        telemetry and run up ingest costs.",
    remediation: "Create a new license key in New Relic (API keys → Create a key → Ingest - \
        License), roll it out to agents from a secrets manager, then delete the leaked key.",
    references: &["https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &NEWRELIC_USER_API_KEY,
            &["NRAK-"],
            &any_of(&[r"\b(NRAK-[A-Z0-9]{27})\b"]),
            1,
        )?
        .min_entropy(3.5)
        .check(generated),
        Detector::new(
            &NEWRELIC_INSERT_KEY,
            &["NRII-"],
            &any_of(&[&format!(r"\b(NRII-[A-Za-z0-9_-]{{32}}){END}")]),
            1,
        )?
        .min_entropy(3.5)
        .check(generated),
        Detector::new(
            &NEWRELIC_INSIGHTS_QUERY_KEY,
            &["NRIQ-"],
            &any_of(&[&format!(r"\b(NRIQ-[A-Za-z0-9_-]{{32}}){END}")]),
            1,
        )?
        .min_entropy(3.5)
        .check(generated),
        Detector::new(
            &NEWRELIC_BROWSER_API_KEY,
            &["NRJS-"],
            &any_of(&[r"\b(NRJS-[a-f0-9]{19})\b"]),
            1,
        )?
        .min_entropy(3.0)
        .check(generated),
        Detector::new(
            &NEWRELIC_LICENSE_KEY,
            &["NRAL", "relic", "nr_license", "nr-license"],
            &any_of(&[
                r"\b([a-f0-9]{36}NRAL)\b",
                &assigned(
                    "new[_.-]?relic|(?:\\b|_)nr",
                    "license[_-]?key",
                    "[a-f0-9]{40}",
                ),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(3.0)
        .check(generated_hex),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    #[test]
    fn finds_user_keys() {
        let key = concat!("NRAK-", "3Q450IP95A2P8HJ141ALA4GPAN9");
        assert_eq!(
            ids(&format!("NEW_RELIC_API_KEY={key}")),
            ["secrets.newrelic-user-api-key"]
        );
        assert!(ids(&format!("{key}X")).is_empty(), "longer token");
        assert!(ids(concat!("NRAK-", "XXXXXXXXXXXXXXXXXXXXXXXXXXX")).is_empty());
    }

    #[test]
    fn finds_insights_keys() {
        let insert = concat!("NRII-", "DYMfbOk-bvrt79K1av-JvQAtKJo7D9AG");
        assert_eq!(ids(insert), ["secrets.newrelic-insert-key"]);
        let query = concat!("NRIQ-", "YpNsctPn_SxB5QKHJoETqf3JtECFXxic");
        assert_eq!(ids(query), ["secrets.newrelic-insights-query-key"]);
        assert!(ids(&format!("{insert}-extra")).is_empty(), "longer token");
        assert!(ids(&query[..query.len() - 2]).is_empty(), "shorter token");
    }

    #[test]
    fn finds_browser_keys() {
        let key = concat!("NRJS-", "646b0547ab0f6dac128");
        assert_eq!(
            ids(&format!("licenseKey: \"{key}\"")),
            ["secrets.newrelic-browser-api-key"]
        );
        assert!(ids(concat!("NRJS-", "646b0547ab0f6dac12")).is_empty());
    }

    #[test]
    fn finds_license_keys() {
        let key = concat!("9b1f619d3f38d399", "6216c932f3ac89681cd8", "NRAL");
        assert_eq!(
            ids(&format!("license_key: {key}")),
            ["secrets.newrelic-license-key"]
        );
        let legacy = concat!("568f20d2dfbbc4898b2d", "8ec6a72b223f366dd0cc");
        assert_eq!(
            ids(&format!("NEW_RELIC_LICENSE_KEY={legacy}")),
            ["secrets.newrelic-license-key"]
        );
    }

    #[test]
    fn ignores_unnamed_hex_and_wrong_suffixes() {
        let legacy = concat!("568f20d2dfbbc4898b2d", "8ec6a72b223f366dd0cc");
        assert!(ids(&format!("commit {legacy}")).is_empty());
        let key = concat!("9b1f619d3f38d399", "6216c932f3ac89681cd8");
        assert!(ids(&format!("{key}NRAX")).is_empty());
        assert!(
            ids(&format!("x{key}NRAL")).is_empty(),
            "embedded in a longer word"
        );
    }
}
