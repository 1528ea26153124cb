//! Dynatrace API tokens.

use super::{END_DOTTED, any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Dynatrace token in its documented format: prefix (`dt0c01`, `dt0s01`, …), `.`, a
/// 24-character public id, `.`, and the 64-character secret.
pub static DYNATRACE_API_TOKEN: Rule = Rule {
    id: "secrets.dynatrace-api-token",
    title: "Dynatrace API token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Dynatrace access token is committed to the repository. With its scopes it \
        reads monitoring data (logs, traces and session replays may contain customer data), \
        changes settings, downloads OneAgent installers, or ingests forged data.",
    remediation: "Revoke the token in Dynatrace (Access tokens → the token → Delete, or \
        `POST /api/v2/apiTokens/lookup` then `DELETE /api/v2/apiTokens/{id}`), and load a \
        replacement with the fewest scopes from a secrets manager.",
    references: &["https://docs.dynatrace.com/docs/shortlink/api-authentication"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &DYNATRACE_API_TOKEN,
            &["dt0"],
            &any_of(&[&format!(
                r"\b(dt0[a-z][0-9]{{2}}\.[A-Z0-9]{{24}}\.[A-Z0-9]{{64}}){END_DOTTED}"
            )]),
            1,
        )?
        .min_entropy(4.0)
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

    const PUBLIC: &str = "17RSJBU9K4BU0S96736QHBW6";
    const SECRET: &str = concat!(
        "PQ350ZV4WGB4BJYGBHXON9CKRFDESXI2",
        "AFX09Q8ONOQQ3MPZIV7U78C7WF3UIZSI"
    );

    #[test]
    fn finds_api_tokens() {
        assert_eq!(
            ids(&format!("Api-Token {}.{PUBLIC}.{SECRET}", "dt0c01")),
            ["secrets.dynatrace-api-token"]
        );
        assert_eq!(
            ids(&format!("DT_PLATFORM_TOKEN={}.{PUBLIC}.{SECRET}", "dt0s16")),
            ["secrets.dynatrace-api-token"]
        );
    }

    #[test]
    fn ignores_token_identifiers_and_masked_tokens() {
        assert!(
            ids(&format!("{}.{PUBLIC}", "dt0c01")).is_empty(),
            "public id only"
        );
        assert!(ids(&format!("{}.{PUBLIC}.<masked>", "dt0c01")).is_empty());
        assert!(ids(&format!("{}.{PUBLIC}.{SECRET}A", "dt0c01")).is_empty());
    }
}
