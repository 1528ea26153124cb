//! Square access tokens and application secrets.

use super::context::near;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Current Square access tokens (personal and OAuth): `EAAA` and about 60 base64url characters,
/// 64 in all. `EAA…` also starts other vendors' tokens, so the word `square` must appear at most a
/// few lines before the token.
pub static SQUARE_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.square-access-token",
    title: "Square access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Square access token is committed to the repository. A personal access token \
        has unrestricted access to the seller account; an OAuth token has the scopes the seller \
        granted. Either can take or refund payments and read customers, orders and payouts.",
    remediation: "For a personal access token, replace it in the Square Developer Console (your \
        application → Credentials → Replace); for an OAuth token, revoke it with the OAuth API's \
        RevokeToken endpoint. Review the seller's recent payments and refunds, and load the token \
        from a secrets manager at run time.",
    references: &["https://developer.squareup.com/docs/build-basics/access-tokens"],
};

/// ## What it finds
/// Legacy Square personal access tokens: `sq0atp-` and 22 base64url characters.
pub static SQUARE_LEGACY_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.square-legacy-access-token",
    title: "Square legacy access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A legacy-format Square personal access token is committed to the repository. \
        It grants full API access to the seller account: payments, refunds, customers and \
        payouts.",
    remediation: "Replace the token in the Square Developer Console (your application → \
        Credentials → Replace), review the account's recent payments and refunds, and load the \
        new token from a secrets manager at run time.",
    references: &["https://developer.squareup.com/docs/build-basics/access-tokens"],
};

/// ## What it finds
/// Square OAuth application secrets: `sq0csp-` and 43 base64url characters.
pub static SQUARE_APPLICATION_SECRET: Rule = Rule {
    id: "secrets.square-application-secret",
    title: "Square application secret",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Square OAuth application secret is committed to the repository. With it an \
        attacker can exchange authorization codes and refresh tokens for access tokens to the \
        sellers who authorised the application.",
    remediation: "Replace the application secret in the Square Developer Console (your \
        application → OAuth → Replace secret), revoke OAuth tokens you cannot account for, and \
        load the new secret from a secrets manager at run time.",
    references: &["https://developer.squareup.com/docs/build-basics/access-tokens"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &SQUARE_ACCESS_TOKEN,
            &["square"],
            &near("square", "EAAA[A-Za-z0-9_-]{56,68}"),
            1,
        )?
        .min_entropy(4.0),
        Detector::new(
            &SQUARE_LEGACY_ACCESS_TOKEN,
            &["sq0atp-"],
            r"(?-u)\b(sq0atp-[A-Za-z0-9_-]{22})(?:[^A-Za-z0-9_-]|$)",
            1,
        )?
        .min_entropy(3.5),
        Detector::new(
            &SQUARE_APPLICATION_SECRET,
            &["sq0csp-"],
            r"(?-u)\b(sq0csp-[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)",
            1,
        )?
        .min_entropy(3.5),
    ])
}

/// One true positive per rule (fake values), also checked against the whole group.
#[cfg(test)]
pub(super) const POSITIVES: &[(&str, &str)] = &[
    (
        "secrets.square-access-token",
        concat!(
            "SQUARE_ACCESS_TOKEN=EAAA",
            "IRZ_v5vqQighHJGLIpSgxmFh_m8NxSCwgCksmeWd61ZFdkzdqg_QmO5ESB8j"
        ),
    ),
    (
        "secrets.square-access-token",
        concat!(
            "square:\n  environment: production\n  token: \"EAAA",
            "IRZ_v5vqQighHJGLIpSgxmFh_m8NxSCwgCksmeWd61ZFdkzdqg_QmO5ESB8j\"\n"
        ),
    ),
    (
        "secrets.square-legacy-access-token",
        concat!("token = \"sq0atp-", "Tl9kbT_Yw5rDqx4NLNv3o9\""),
    ),
    (
        "secrets.square-application-secret",
        concat!(
            "SQUARE_APP_SECRET=sq0csp-",
            "BsONcJHH_C55VolaAcHLjb_iXp4ajwEajlR8b42p6xq"
        ),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_tokens_and_secrets() {
        for (id, text) in POSITIVES {
            assert_eq!(ids(text), [*id], "{text}");
        }
    }

    #[test]
    fn ignores_tokens_without_context_and_near_misses() {
        for text in [
            // `EAAA…` without the provider's name: another vendor's token shape.
            concat!(
                "ACCESS_TOKEN=EAAA",
                "IRZ_v5vqQighHJGLIpSgxmFh_m8NxSCwgCksmeWd61ZFdkzdqg_QmO5ESB8j"
            ),
            // Too long: a longer token, not Square's 64 characters.
            concat!(
                "square_token=EAAA",
                "IRZ_v5vqQighHJGLIpSgxmFh_m8NxSCwgCksmeWd61ZFdkzdqg_QmO5ESB8jIRZ_v5vqQighHJGLIpSg"
            ),
            "square_token=EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            concat!("sq0atp-", "Tl9kbT_Yw5rDqx4NLNv3"),
            concat!("sq0atp-", "Tl9kbT_Yw5rDqx4NLNv3o9Tl"),
            concat!("xsq0atp-", "Tl9kbT_Yw5rDqx4NLNv3o9"),
            "sq0atp-xxxxxxxxxxxxxxxxxxxxxx",
            concat!("sq0csp-", "BsONcJHH_C55VolaAcHLjb_iXp4ajwEajlR8b42"),
            // Application ids are public.
            concat!("sq0idp-", "uXk4b8mQw2ZtR7yHc1LpNe"),
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
