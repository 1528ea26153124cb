//! Mapbox secret access tokens.

use super::{END_DOTTED, any_of};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Mapbox secret access token (`sk.eyJ…` and a signature). Public tokens (`pk.`), which are
/// meant to ship in web pages, are not reported.
pub static MAPBOX_SECRET_TOKEN: Rule = Rule {
    id: "secrets.mapbox-secret-token",
    title: "Mapbox secret access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Mapbox secret access token is committed to the repository. With its secret \
        scopes it uploads and deletes tilesets and datasets, edits styles, lists or creates other \
        tokens, and runs up usage billed to the account.",
    remediation: "Delete the token on Mapbox (Account → Access tokens → the token → Delete), \
        create a replacement with only the scopes it needs, and load it from a secrets manager.",
    references: &["https://docs.mapbox.com/accounts/guides/tokens/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &MAPBOX_SECRET_TOKEN,
            &["sk.eyJ"],
            &any_of(&[&format!(
                r"\b(sk\.eyJ[A-Za-z0-9_-]{{20,}}\.[A-Za-z0-9_-]{{20,}}){END_DOTTED}"
            )]),
            1,
        )?
        .min_entropy(4.0),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const CLAIMS: &str = "eyJ1IjoiZmluLW9wcyIsImEiOiJjbHg4azJtNHAwcTNyN3MifQ";
    const SIGNATURE: &str = "JTZLAIDK5oMkKJap887fXI";

    #[test]
    fn finds_secret_tokens() {
        let token = format!("{}{CLAIMS}.{SIGNATURE}", concat!("sk", "."));
        assert_eq!(
            ids(&format!("MAPBOX_ACCESS_TOKEN={token}")),
            ["secrets.mapbox-secret-token"]
        );
    }

    #[test]
    fn ignores_public_and_unsigned_tokens() {
        assert!(ids(&format!("pk.{CLAIMS}.{SIGNATURE}")).is_empty());
        assert!(ids(&format!("{}{CLAIMS}", concat!("sk", "."))).is_empty());
        assert!(ids(&format!("task.{CLAIMS}.{SIGNATURE}")).is_empty());
    }
}
