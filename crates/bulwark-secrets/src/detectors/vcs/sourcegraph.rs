//! Sourcegraph access tokens: `sgp_` and 40 hexadecimal characters, optionally preceded by a
//! 16-hex instance identifier or `local` and `_`.

use super::plausible;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Sourcegraph access tokens (`sgp_…`).
pub static SOURCEGRAPH_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.sourcegraph-access-token",
    title: "Sourcegraph access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Sourcegraph access token is committed to the repository. It searches and reads \
        all code its user can see on the instance, often every repository of the company, and \
        with `site-admin:sudo` it can act as any user.",
    remediation: "Delete the token (Sourcegraph → Settings → Access tokens → Delete), review the \
        instance's security event log, and supply `SRC_ACCESS_TOKEN` from a secrets manager.",
    references: &["https://sourcegraph.com/docs/cli/how-tos/revoking_an_access_token"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &SOURCEGRAPH_ACCESS_TOKEN,
            &["sgp_"],
            r"\b(sgp_(?:(?:[a-f0-9]{16}|local)_)?[a-f0-9]{40})\b",
            1,
        )?
        .min_entropy(3.0)
        .check(plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const HEX: &str = "7f2f26ff29c1026be55ac964131b5250f067b74c";

    #[test]
    fn finds_access_tokens() {
        for token in [
            format!("{}{HEX}", "sgp_"),
            format!("{}c838acdc4bbe9253_{HEX}", "sgp_"),
            format!("{}local_{HEX}", "sgp_"),
        ] {
            assert_eq!(
                ids(&format!("SRC_ACCESS_TOKEN={token}")),
                ["secrets.sourcegraph-access-token"],
                "{token}"
            );
        }
    }

    #[test]
    fn ignores_malformed_tokens() {
        assert!(ids(&format!("{}{}", "sgp_", &HEX[..39])).is_empty());
        assert!(ids(&format!("{}c838acdc4bbe925_{HEX}", "sgp_")).is_empty());
        assert!(ids(&format!("{}{}", "sgp_", HEX.to_uppercase())).is_empty());
    }
}
