//! 1Password service account tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A 1Password service account token: `ops_` followed by base64-encoded JSON (`eyJ…`).
pub static ONEPASSWORD_SERVICE_ACCOUNT_TOKEN: Rule = Rule {
    id: "secrets.1password-service-account-token",
    title: "1Password service account token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A 1Password service account token is committed to the repository. It holds the \
        account's key material: whoever has it can read (and, if permitted, write) every item in \
        the vaults the service account was granted — often the very secrets the pipeline was meant \
        to protect.",
    remediation: "Revoke the token (1Password.com → Developer → Directory → the service account → \
        Revoke token), review its usage report, rotate the items it could read, and store its \
        replacement only in the CI platform's secret store.",
    references: &["https://developer.1password.com/docs/service-accounts/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &ONEPASSWORD_SERVICE_ACCOUNT_TOKEN,
            &["ops_eyJ"],
            r"\b(ops_eyJ[A-Za-z0-9+/_-]{100,}={0,2})",
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

    const BODY: &str = concat!(
        "eyJ575yx8xm5MslfY5ubiheyEd7P4zDL/ak6J0kGODKdinZnLXicaBAg8WY1jzIRlNQb0prFmbh7+wy5yq1",
        "XoY1BaIMcAxYmfsB4HbQLXjjlAFbVV6q9rXxtNDFyuzX9k1gnneGEYG1+LwiqD9jJBAciI05FhfwKVqlUr5Q"
    );

    #[test]
    fn finds_tokens() {
        assert_eq!(
            ids(&format!("OP_SERVICE_ACCOUNT_TOKEN={}{BODY}", "ops_")),
            ["secrets.1password-service-account-token"]
        );
    }

    #[test]
    fn ignores_short_embedded_and_non_json_tokens() {
        assert!(ids(&format!("{}{}", "ops_", &BODY[..60])).is_empty());
        assert!(ids(&format!("{}{BODY}", "xops_")).is_empty());
        assert!(ids(&format!("{}{}", "ops_", &BODY[3..])).is_empty());
    }
}
