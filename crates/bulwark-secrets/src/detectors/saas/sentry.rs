//! Sentry DSNs with a secret key and Sentry auth tokens.

use super::{any_of, assigned, generated, generated_hex};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A legacy Sentry DSN that still carries its secret key:
/// `https://<public key>:<secret key>@<host>/<project id>`. Modern DSNs without the secret are
/// meant to be public and are not reported.
pub static SENTRY_DSN_SECRET: Rule = Rule {
    id: "secrets.sentry-dsn-secret",
    title: "Sentry DSN with secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Sentry DSN with its secret key is committed to the repository. The secret \
        authenticates event submission as a trusted server client, so an attacker can flood the \
        project with forged errors, exhaust its quota, or inject misleading reports.",
    remediation: "Revoke the client key in Sentry (Project Settings → Client Keys (DSN) → the key \
        → Revoke), create a new key, and configure SDKs with the public DSN only, from the \
        environment.",
    references: &["https://docs.sentry.io/concepts/key-terms/dsn-explainer/"],
};

/// ## What it finds
/// A Sentry organization auth token (`sntrys_` followed by a base64 payload and a secret).
pub static SENTRY_ORG_AUTH_TOKEN: Rule = Rule {
    id: "secrets.sentry-org-auth-token",
    title: "Sentry organization auth token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Sentry organization auth token is committed to the repository. It is meant for \
        CI: it creates releases and uploads source maps and debug files, so an attacker can \
        replace the artifacts used to symbolicate and investigate production errors.",
    remediation: "Revoke the token in Sentry (Settings → Developer Settings → Organization Tokens → \
        Revoke), create a new one, and store it as a CI secret.",
    references: &["https://docs.sentry.io/account/auth-tokens/"],
};

/// ## What it finds
/// A Sentry user auth token (`sntryu_` and 64 hex characters), or a legacy 64-hex auth token
/// assigned to a Sentry auth-token name.
pub static SENTRY_USER_AUTH_TOKEN: Rule = Rule {
    id: "secrets.sentry-user-auth-token",
    title: "Sentry user auth token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Sentry user auth token is committed to the repository. It acts as its user \
        through the Sentry API with the scopes chosen at creation: reading events (which carry \
        request data, user details and stack-trace variables), and managing projects and members.",
    remediation: "Revoke the token in Sentry (User Settings → Personal Tokens → Revoke), review the \
        organization's audit log, and store a replacement with the fewest scopes in a secrets \
        manager.",
    references: &["https://docs.sentry.io/account/auth-tokens/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &SENTRY_DSN_SECRET,
            &["sentry", "dsn"],
            &any_of(&[
                r"\bhttps?://[0-9a-f]{32}:([0-9a-f]{32})@[A-Za-z0-9.\-]+(?::[0-9]{1,5})?/(?:[A-Za-z0-9_.\-]+/)*[0-9]+\b",
            ]),
            1,
        )?
        .min_entropy(3.0)
        .check(generated_hex),
        Detector::new(
            &SENTRY_ORG_AUTH_TOKEN,
            &["sntrys_"],
            &any_of(&[
                r"\b(sntrys_eyJ[A-Za-z0-9+/]{30,1000}={0,2}_[A-Za-z0-9+/]{43})(?:[^A-Za-z0-9+/=_\-]|$)",
            ]),
            1,
        )?
        .min_entropy(4.0),
        Detector::new(
            &SENTRY_USER_AUTH_TOKEN,
            &["sntryu_", "sentry"],
            &any_of(&[
                r"\b(sntryu_[a-f0-9]{64})\b",
                &assigned("sentry", "auth[_-]?token", "[a-f0-9]{64}"),
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

    const PUBLIC: &str = "8ee60e5603c5eb7859f02dace16f9e7f";
    const SECRET: &str = concat!("9b5edfe9b97230ce", "f36d598bdc4ba90b");

    #[test]
    fn finds_dsns_with_a_secret() {
        let dsn = format!("https://{PUBLIC}:{SECRET}@o450123.ingest.sentry.io/5512345");
        assert_eq!(
            ids(&format!("SENTRY_DSN={dsn}")),
            ["secrets.sentry-dsn-secret"]
        );
        let self_hosted = format!("dsn: 'https://{PUBLIC}:{SECRET}@errors.bank.internal:9000/3'");
        assert_eq!(ids(&self_hosted), ["secrets.sentry-dsn-secret"]);
    }

    #[test]
    fn ignores_public_dsns() {
        let public = format!("SENTRY_DSN=https://{PUBLIC}@o450123.ingest.sentry.io/5512345");
        assert!(ids(&public).is_empty());
        let no_project = format!("sentry: https://{PUBLIC}:{SECRET}@sentry.io/");
        assert!(ids(&no_project).is_empty());
    }

    const PAYLOAD: &str = concat!(
        "eyJpYXQiOjE3MzE5NzQ0MDAuNTEyLCJ1cmwiOiJodHRwczovL3NlbnRyeS5pbyIsInJlZ2lvbl91cmwiOiJodHRw",
        "czovL3VzLnNlbnRyeS5pbyIsIm9yZyI6ImZpbi1vcHMifQ"
    );
    const ORG_SECRET: &str = "r87tJ1MTVsXTwSn5XSHqlWxi96IAaxVKS2VfrHiBbkY";

    #[test]
    fn finds_organization_tokens() {
        let token = format!("{}{PAYLOAD}_{ORG_SECRET}", concat!("sntrys", "_"));
        assert_eq!(
            ids(&format!("SENTRY_AUTH_TOKEN={token}")),
            ["secrets.sentry-org-auth-token"]
        );
    }

    #[test]
    fn ignores_organization_tokens_without_secret() {
        let truncated = format!("{}{PAYLOAD}_", concat!("sntrys", "_"));
        assert!(ids(&truncated).is_empty());
        assert!(ids("sntrys_YOUR_TOKEN_HERE").is_empty());
    }

    #[test]
    fn finds_user_tokens() {
        let token = concat!(
            "sntryu_",
            "bfc5718129d7f19966b73a41ce9700349d65a8276b2bd3cbd099d4d383b8fa62"
        );
        assert_eq!(ids(token), ["secrets.sentry-user-auth-token"]);
        let legacy = concat!(
            "06e68cbec937d8d4f1761eb2c3570cc2",
            "601db8a44624b9b0e0230bc2c9a5f48c"
        );
        assert_eq!(
            ids(&format!("SENTRY_AUTH_TOKEN: {legacy}")),
            ["secrets.sentry-user-auth-token"]
        );
    }

    #[test]
    fn ignores_digests_and_short_user_tokens() {
        let digest = concat!(
            "06e68cbec937d8d4f1761eb2c3570cc2",
            "601db8a44624b9b0e0230bc2c9a5f48c"
        );
        assert!(ids(&format!("sha256: {digest}")).is_empty());
        assert!(ids(concat!("sntryu_", "bfc5718129d7f199")).is_empty());
    }
}
