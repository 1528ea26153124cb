//! LaunchDarkly API access tokens and server-side SDK keys.

use super::{UUID, any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A LaunchDarkly API access token (`api-` and a UUID) on a line that names LaunchDarkly.
pub static LAUNCHDARKLY_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.launchdarkly-access-token",
    title: "LaunchDarkly API access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A LaunchDarkly API access token is committed to the repository. With its role \
        it changes feature flags and targeting in any environment, including production, so an \
        attacker can switch features on or off for chosen users, and reads flag and member data.",
    remediation: "Delete or reset the token in LaunchDarkly (Organization settings → \
        Authorization → Access tokens), review the audit log for flag changes, and load the \
        replacement from a secrets manager.",
    references: &["https://docs.launchdarkly.com/home/account/api"],
};

/// ## What it finds
/// A LaunchDarkly server-side SDK key (`sdk-` and a UUID) on a line that names LaunchDarkly,
/// its client, or an SDK key.
pub static LAUNCHDARKLY_SDK_KEY: Rule = Rule {
    id: "secrets.launchdarkly-sdk-key",
    title: "LaunchDarkly SDK key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A LaunchDarkly server-side SDK key is committed to the repository. It downloads \
        the complete flag configuration of its environment, including targeting rules that name \
        users and segments, and must never reach a browser or mobile app.",
    remediation: "Reset the SDK key in LaunchDarkly (Project settings → Environments → the \
        environment → Reset SDK key, with an expiry for the old key), and inject the new key from \
        a secrets manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &LAUNCHDARKLY_ACCESS_TOKEN,
            &["launchdarkly", "ld_api", "ld-api", "ld_access"],
            &any_of(&[&format!(
                r"(?i:launchdarkly|(?:\b|_)ld[_-]?(?:api|access))[^\n]{{0,60}}?\b(api-{UUID})\b"
            )]),
            1,
        )?
        .min_entropy(3.0)
        .check(generated),
        Detector::new(
            &LAUNCHDARKLY_SDK_KEY,
            &[
                "launchdarkly",
                "ld_sdk",
                "ld-sdk",
                "ldclient",
                "ld_client",
                "sdk_key",
                "sdk-key",
                "sdkkey",
            ],
            &any_of(&[&format!(
                r"(?i:launchdarkly|(?:\b|_)ld[_-]?(?:sdk|client)|sdk[_-]?key)[^\n]{{0,60}}?\b(sdk-{UUID})\b"
            )]),
            1,
        )?
        .min_entropy(3.0)
        .check(generated),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const ID: &str = concat!("ca960aba-f565-4b1c-", "a6b7-a272c68fa0cc");

    #[test]
    fn finds_access_tokens() {
        assert_eq!(
            ids(&format!("LAUNCHDARKLY_ACCESS_TOKEN=api-{ID}")),
            ["secrets.launchdarkly-access-token"]
        );
        assert_eq!(
            ids(&format!("LD_API_KEY: \"api-{ID}\"")),
            ["secrets.launchdarkly-access-token"]
        );
    }

    #[test]
    fn finds_sdk_keys() {
        assert_eq!(
            ids(&format!("LAUNCHDARKLY_SDK_KEY=sdk-{ID}")),
            ["secrets.launchdarkly-sdk-key"]
        );
        assert_eq!(
            ids(&format!("client = ldclient.get(Config(\"sdk-{ID}\"))")),
            ["secrets.launchdarkly-sdk-key"]
        );
    }

    #[test]
    fn ignores_unnamed_and_mobile_keys() {
        assert!(ids(&format!("request_id = api-{ID}")).is_empty());
        assert!(ids(&format!("LAUNCHDARKLY_MOBILE_KEY=mob-{ID}")).is_empty());
        assert!(ids(&format!("LAUNCHDARKLY_CLIENT_ID={ID}")).is_empty());
        assert!(ids(&format!("LAUNCHDARKLY_SDK_KEY=sdk-{ID}0")).is_empty());
    }
}
