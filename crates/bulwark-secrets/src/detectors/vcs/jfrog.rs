//! JFrog Platform / Artifactory credentials: legacy API keys (`AKCp`, 73 characters) and
//! reference tokens (64 base64 characters encoding `reftkn:…`, hence the `cmVmdGtu` prefix).

use super::{END_BASE64, plausible};
use crate::Check;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use base64::Engine;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// JFrog Artifactory API keys (`AKCp` and 69 base62 characters).
pub static JFROG_API_KEY: Rule = Rule {
    id: "secrets.jfrog-api-key",
    title: "JFrog Artifactory API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A JFrog Artifactory API key is committed to the repository. It carries its \
        user's permissions: it can download private artifacts and, with deploy rights, overwrite \
        the packages and images that builds and deployments consume.",
    remediation: "Revoke the key (Artifactory → Edit profile → API key → Revoke, or `DELETE \
        /api/security/apiKey`), check the repositories' recent deploys, and move to a scoped \
        access token or OIDC integration supplied by the CI secret store.",
    references: &[
        "https://jfrog.com/help/r/jfrog-platform-administration-documentation/jfrog-api-key-deprecation-process",
    ],
};

/// ## What it finds
/// JFrog reference tokens (`cmVmdGtu…`, the base64 of `reftkn:`).
pub static JFROG_REFERENCE_TOKEN: Rule = Rule {
    id: "secrets.jfrog-reference-token",
    title: "JFrog reference token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A JFrog Platform reference token is committed to the repository. It stands in \
        for an access token: with the scope it was issued for it can read private artifacts and \
        deploy to repositories, or administer the platform if it is an admin token.",
    remediation: "Revoke the token (Administration → User Management → Access Tokens → Revoke, or \
        `DELETE /access/api/v1/tokens/{id}`), review the access log, and issue a short-lived \
        token from the CI secret store or an OIDC integration.",
    references: &[],
};

/// A reference token decodes to `reftkn:` and its fields.
fn reference_token(value: &[u8]) -> Check {
    let trimmed = value
        .strip_suffix(b"==")
        .or_else(|| value.strip_suffix(b"="))
        .unwrap_or(value);
    match base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed) {
        Ok(decoded) if decoded.starts_with(b"reftkn:") => plausible(value),
        _ => Check::Reject,
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(&JFROG_API_KEY, &["AKCp"], r"\b(AKCp[A-Za-z0-9]{69})\b", 1)?
            .min_entropy(4.0)
            .check(plausible),
        Detector::new(
            &JFROG_REFERENCE_TOKEN,
            &["cmVmdGtu"],
            &format!(r"\b(cmVmdGtu[A-Za-z0-9+/]{{56}}){END_BASE64}"),
            1,
        )?
        .min_entropy(4.0)
        .check(reference_token),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;
    use base64::engine::general_purpose::STANDARD;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_api_keys() {
        let key = concat!(
            "AKCp",
            "u8hj28iHoTyXPojkU1ziGrWzY786O6ax82ZsTSYNSN7Gauc6nxICZ5g8Lh12qOq3CpS5F"
        );
        assert_eq!(
            ids(&format!(
                "curl -H 'X-JFrog-Art-Api: {key}' https://acme.jfrog.io"
            )),
            ["secrets.jfrog-api-key"]
        );
    }

    #[test]
    fn ignores_wrong_length_and_embedded_api_keys() {
        assert!(
            ids(concat!(
                "AKCp",
                "u8hj28iHoTyXPojkU1ziGrWzY786O6ax82ZsTSYNSN7Gauc6nxICZ5g8Lh12qOq3CpS5"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "AKCp",
                "u8hj28iHoTyXPojkU1ziGrWzY786O6ax82ZsTSYNSN7Gauc6nxICZ5g8Lh12qOq3CpS5FF"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "XAKCp",
                "u8hj28iHoTyXPojkU1ziGrWzY786O6ax82ZsTSYNSN7Gauc6nxICZ5g8Lh12qOq3CpS5F"
            ))
            .is_empty()
        );
    }

    /// A reference token, encoded at run time so that this file holds none.
    fn reference(random: &str) -> String {
        STANDARD.encode(format!("reftkn:01:1893456000:{random}"))
    }

    #[test]
    fn finds_reference_tokens() {
        let token = reference("e3c6ykX2TbKmwJ2v4Kyqi9eF8lE");
        assert_eq!(token.len(), 64);
        assert_eq!(
            ids(&format!("ARTIFACTORY_TOKEN=\"{token}\"")),
            ["secrets.jfrog-reference-token"]
        );
    }

    #[test]
    fn ignores_short_and_longer_base64_blobs() {
        let token = reference("e3c6ykX2TbKmwJ2v4Kyqi9eF8lE");
        assert!(ids(&token[..60]).is_empty());
        let longer =
            STANDARD.encode("reftkn:01:1893456000:e3c6ykX2TbKmwJ2v4Kyqi9eF8lE and more text");
        assert!(ids(&longer).is_empty());
    }
}
