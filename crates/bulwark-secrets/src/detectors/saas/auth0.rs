//! Auth0 client secrets and Management API tokens.

use super::{any_of, assigned, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An Auth0 application client secret assigned to an Auth0 client-secret name such as
/// `AUTH0_CLIENT_SECRET`.
pub static AUTH0_CLIENT_SECRET: Rule = Rule {
    id: "secrets.auth0-client-secret",
    title: "Auth0 client secret",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Auth0 application's client secret is committed to the repository. With the \
        client id it obtains tokens as the application: machine-to-machine clients get their \
        granted API scopes (often the Management API), regular web apps can be impersonated to \
        users.",
    remediation: "Rotate the secret in the Auth0 Dashboard (Applications → the application → \
        Settings → Rotate secret, or `POST /api/v2/clients/{id}/rotate-secret`), review tenant \
        logs, and load the secret from a secrets manager.",
    references: &["https://auth0.com/docs/get-started/applications/rotate-client-secret"],
};

/// ## What it finds
/// An Auth0 Management API token (a JWT) assigned to an Auth0 management-token name.
pub static AUTH0_MANAGEMENT_API_TOKEN: Rule = Rule {
    id: "secrets.auth0-management-api-token",
    title: "Auth0 Management API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Auth0 Management API token is committed to the repository. Until it expires \
        it administers the tenant with its scopes: reading and changing users, resetting \
        credentials, creating applications and editing connections and rules.",
    remediation: "Blacklist the token's `jti` or rotate the issuing client's secret in the Auth0 \
        Dashboard, shorten the token lifetime, review tenant logs, and have the service request \
        tokens at run time with credentials from a secrets manager.",
    references: &[
        "https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &AUTH0_CLIENT_SECRET,
            &["auth0"],
            &any_of(&[&assigned(
                "auth0",
                "client[_-]?secret",
                "[A-Za-z0-9_\\-]{32,128}",
            )]),
            1,
        )?
        .min_entropy(4.0)
        .check(generated),
        Detector::new(
            &AUTH0_MANAGEMENT_API_TOKEN,
            &["auth0"],
            &any_of(&[&assigned(
                "auth0",
                "(?:management|mgmt)[_-]?(?:api[_-]?)?(?:access[_-]?)?token",
                "eyJ[A-Za-z0-9_\\-]{10,}\\.eyJ[A-Za-z0-9_\\-]{10,}\\.[A-Za-z0-9_\\-]{20,}",
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

    const SECRET: &str = concat!(
        "QNX3NDGhU4ITlxPJ6Ht_Yg37fuOozkNN",
        "s6LlSkTueSJiV91dipc_R3qvQ8qPg2VJ"
    );
    const JWT: &str = concat!(
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.",
        "eyJpc3MiOiJodHRwczovL2Zpbi1vcHMuZXUuYXV0aDAuY29tLyIsInNjb3BlIjoicmVhZDp1c2VycyJ9.",
        "Zk3Qp8xN2vB7mR4tW9yL1cJ6hD0gS5aF"
    );

    #[test]
    fn finds_client_secrets() {
        assert_eq!(
            ids(&format!("AUTH0_CLIENT_SECRET='{SECRET}'")),
            ["secrets.auth0-client-secret"]
        );
        assert_eq!(
            ids(&format!("auth0ClientSecret: \"{SECRET}\",")),
            ["secrets.auth0-client-secret"]
        );
    }

    #[test]
    fn ignores_client_ids_and_placeholders() {
        assert!(ids(&format!("AUTH0_CLIENT_ID={SECRET}")).is_empty());
        assert!(
            ids(&format!("client_secret = {SECRET}")).is_empty(),
            "no Auth0 name"
        );
        assert!(ids("AUTH0_CLIENT_SECRET=<your-auth0-client-secret>").is_empty());
        assert!(ids("AUTH0_CLIENT_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_empty());
    }

    #[test]
    fn finds_management_tokens() {
        assert_eq!(
            ids(&format!("AUTH0_MANAGEMENT_API_TOKEN={JWT}")),
            ["secrets.auth0-management-api-token"]
        );
    }

    #[test]
    fn ignores_other_jwts() {
        assert!(ids(&format!("AUTH0_ID_TOKEN={JWT}")).is_empty());
        assert!(ids("AUTH0_MGMT_TOKEN=eyJhbGciOiJIUzI1NiJ9").is_empty());
    }
}
