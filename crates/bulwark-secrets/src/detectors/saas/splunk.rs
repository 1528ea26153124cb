//! Splunk HTTP Event Collector tokens.

use super::{UUID, any_of, assigned, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Splunk HTTP Event Collector (HEC) token (a UUID) sent with the `Splunk` authorization
/// scheme or assigned to a Splunk or HEC token name.
pub static SPLUNK_HEC_TOKEN: Rule = Rule {
    id: "secrets.splunk-hec-token",
    title: "Splunk HEC token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Splunk HTTP Event Collector token is committed to the repository. It writes \
        events into the token's indexes, so an attacker can forge audit and security log entries, \
        bury real ones in noise, or exhaust the licence volume.",
    remediation: "Disable or delete the token in Splunk (Settings → Data inputs → HTTP Event \
        Collector), create a new one limited to the needed indexes, and load it from a secrets \
        manager.",
    references: &[
        "https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &SPLUNK_HEC_TOKEN,
            &["splunk", "hec_token", "hec-token", "hectoken"],
            &any_of(&[
                &format!(r"\bSplunk[ \t]+({UUID})\b"),
                &assigned(
                    "splunk|(?:\\b|_)hec",
                    "(?:hec[_-]?)?token",
                    &format!("(?:{UUID})"),
                ),
            ]),
            1,
        )?
        .alternative_group(2)
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

    const TOKEN: &str = concat!("345a0ba7-509b-4fe5-", "a6e5-0c51ecadc184");

    #[test]
    fn finds_hec_tokens() {
        assert_eq!(
            ids(&format!("-H \"Authorization: Splunk {TOKEN}\"")),
            ["secrets.splunk-hec-token"]
        );
        assert_eq!(
            ids(&format!("SPLUNK_HEC_TOKEN={TOKEN}")),
            ["secrets.splunk-hec-token"]
        );
        assert_eq!(
            ids(&format!("hec_token: \"{}\"", TOKEN.to_uppercase())),
            ["secrets.splunk-hec-token"]
        );
    }

    #[test]
    fn ignores_other_uuids() {
        assert!(ids(&format!("SPLUNK_INDEX_ID={TOKEN}")).is_empty());
        assert!(ids(&format!("token = {TOKEN}")).is_empty());
        let zero = concat!("00000000-0000-0000-", "0000-000000000000");
        assert!(ids(&format!("SPLUNK_HEC_TOKEN={zero}")).is_empty());
    }
}
