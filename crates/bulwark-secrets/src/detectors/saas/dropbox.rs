//! Dropbox access tokens.

use super::{END, any_of, assigned, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Dropbox short-lived access token (`sl.` and at least 130 characters), or a legacy 64-character
/// long-lived token assigned to a Dropbox token name.
pub static DROPBOX_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.dropbox-access-token",
    title: "Dropbox access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Dropbox access token is committed to the repository. Within its scopes it \
        reads, uploads and deletes files in the user's or team's Dropbox (or the app folder), \
        where exports, contracts and statements are often stored.",
    remediation: "Revoke the token (`POST /2/auth/token/revoke`, or disconnect the app under \
        Dropbox Settings → Connected apps), review file activity, and have the application use \
        refresh tokens kept in a secrets manager.",
    references: &["https://developers.dropbox.com/oauth-guide"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &DROPBOX_ACCESS_TOKEN,
            &["sl.", "dropbox"],
            &any_of(&[
                &format!(r"\b(sl\.(?:u\.)?[A-Za-z0-9_-]{{130,1400}}){END}"),
                &assigned("dropbox", "(?:access[_-]?)?token", "[A-Za-z0-9_\\-]{64}"),
            ]),
            1,
        )?
        .alternative_group(2)
        .min_entropy(4.5)
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

    const BODY: &str = concat!(
        "BPtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA-2O76UMFxFkM-R5Kjp1vRt_1fjORS-6ilI8ihN5KXSc7",
        "Tvo-hBKqFYY-kv5ZJr3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9ZhyiA4uo"
    );

    #[test]
    fn finds_short_lived_tokens() {
        let token = format!("{}{BODY}", concat!("sl", "."));
        assert_eq!(
            ids(&format!("DROPBOX_TOKEN={token}")),
            ["secrets.dropbox-access-token"]
        );
    }

    #[test]
    fn finds_long_lived_tokens_named_dropbox() {
        let legacy = concat!(
            "4F94X4iuR-1CHRkyko3nHsI3YA3Vyj88",
            "Bg5wtF67FZgcSlcOhpt7iXCngpUuTM2h"
        );
        assert_eq!(
            ids(&format!("DROPBOX_ACCESS_TOKEN = '{legacy}'")),
            ["secrets.dropbox-access-token"]
        );
    }

    #[test]
    fn ignores_short_and_unrelated_values() {
        assert!(ids("ssl.create_default_context(cafile=path)").is_empty());
        assert!(ids(&format!("{}{}", concat!("sl", "."), &BODY[..60])).is_empty());
        assert!(ids(&format!("access_token = {}", &BODY[..64])).is_empty());
    }
}
