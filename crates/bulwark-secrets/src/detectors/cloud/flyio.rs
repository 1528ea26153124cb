//! Fly.io tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Fly.io OAuth / personal access token: `fo1_` followed by a base64url body.
pub static FLYIO_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.flyio-access-token",
    title: "Fly.io access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Fly.io user access token is committed to the repository. It acts as the user \
        across every organisation they belong to: deploying and destroying apps and Machines, \
        reading logs and setting secrets.",
    remediation: "Revoke the token (dashboard → Account → Access Tokens, or sign out with `fly \
        auth logout` for a CLI session), review the organisations' audit logs, and give CI a \
        scoped deploy token from `fly tokens create deploy` instead.",
    references: &["https://fly.io/docs/security/tokens/"],
};

/// ## What it finds
/// A Fly.io macaroon token (deploy, org or machine-exec tokens): `fm2_` (or older `fm1a_`,
/// `fm1r_`) followed by a base64 body, optionally after `FlyV1 `.
pub static FLYIO_MACAROON_TOKEN: Rule = Rule {
    id: "secrets.flyio-macaroon-token",
    title: "Fly.io macaroon token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Fly.io macaroon token is committed to the repository. Within its caveats — \
        commonly one app, sometimes a whole organisation — it deploys new code, reads and sets app \
        secrets and controls Machines until it expires.",
    remediation: "Revoke it with `fly tokens revoke TOKEN_ID` (list them with `fly tokens list`), \
        check the app's releases for deployments you did not make, and issue a short-lived \
        replacement stored in the CI platform's secret store.",
    references: &["https://fly.io/docs/security/tokens/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &FLYIO_ACCESS_TOKEN,
            &["fo1_"],
            r"\b(fo1_[A-Za-z0-9_-]{40,64})(?:[^A-Za-z0-9_-]|$)",
            1,
        )?
        .min_entropy(4.0)
        .check(super::plausible),
        super::ascii_detector(
            &FLYIO_MACAROON_TOKEN,
            &["fm2_", "fm1a_", "fm1r_"],
            r"\b(fm(?:2|1a|1r)_[A-Za-z0-9+/_-]{64,}={0,2}(?:,fm(?:2|1a|1r)_[A-Za-z0-9+/_-]+={0,2})*)",
            1,
        )?
        .min_entropy(4.5)
        .window(4096)
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
    fn finds_access_tokens() {
        let token = concat!("fo1_", "v-73hbPsETJveImiSy5XcgCYf4gEFCfuwOa6M1G_iFX");
        assert_eq!(
            ids(&format!("FLY_API_TOKEN={token}")),
            ["secrets.flyio-access-token"]
        );
    }

    #[test]
    fn ignores_short_and_embedded_access_tokens() {
        assert!(ids(concat!("fo1_", "v-73hbPsETJveIm")).is_empty());
        assert!(
            ids(concat!(
                "xfo1_",
                "v-73hbPsETJveImiSy5XcgCYf4gEFCfuwOa6M1G_iFX"
            ))
            .is_empty()
        );
    }

    #[test]
    fn finds_macaroon_tokens() {
        let token = concat!(
            "FlyV1 fm2_",
            "lJPEC0NZ+cFlwvTWxaLYUoQXQZip2SFXy7KSE3eJdRtEqlzIq47EuVTBZWAM8AD5qH4VFZBqplIXdsNb",
            "XlwDPyniUMyiNlCKqZKTZ7qJwdUS0d7FZTmxLoICfZfu3zMtWfNwD/G3SaoKfgFoeOASl1YCJlS24R5g",
            "A2q+yfHwuEHFhvTS0lzNrr+9EEa4rSMrsEQp,fm2_lJPETxRmVbm8q3d0Wn7zLrA5kS2hYc9Ju4Pf6Ge1"
        );
        assert_eq!(
            ids(&format!("FLY_API_TOKEN=\"{token}\"")),
            ["secrets.flyio-macaroon-token"]
        );
    }

    #[test]
    fn ignores_short_macaroons_and_placeholders() {
        assert!(ids(concat!("fm2_", "lJPEC0NZ+cFlwvTWxaLY")).is_empty());
        assert!(
            ids(concat!(
                "fm2_",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            ))
            .is_empty()
        );
    }
}
