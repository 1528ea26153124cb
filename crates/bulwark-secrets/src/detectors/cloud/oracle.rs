//! Oracle Cloud Infrastructure (OCI) credentials.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An OCI auth token (20 random characters, symbols included) next to an OCI name
/// (`OCI_AUTH_TOKEN`, `oracle_auth_token`) or as the password of `docker login <region>.ocir.io`.
pub static ORACLE_CLOUD_AUTH_TOKEN: Rule = Rule {
    id: "secrets.oracle-cloud-auth-token",
    title: "Oracle Cloud auth token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Oracle Cloud Infrastructure auth token is committed to the repository. It is \
        a password for the user in third-party APIs: it pushes and pulls container images in OCI \
        Registry, reaches Object Storage through the Swift API and signs in to Autonomous Database \
        tools, with the user's IAM policies.",
    remediation: "Delete the token (Profile → User settings → Auth tokens → Delete, or `oci iam \
        auth-token delete`), review the Audit service for its use, and give pipelines an instance \
        or resource principal, or a token read from OCI Vault at run time.",
    references: &[
        "https://docs.oracle.com/en-us/iaas/Content/Registry/Tasks/registrygettingauthtoken.htm",
    ],
};

/// ## What it finds
/// An OCI API signing private key written inline with escaped newlines (`\n`) next to an OCI
/// name (`OCI_PRIVATE_KEY`, `oci_cli_key_content`, `oracle_api_key`…), as in JSON, HCL or `.env`
/// files. Multi-line PEM blocks are reported by the generic private-key rule.
pub static ORACLE_CLOUD_API_SIGNING_KEY: Rule = Rule {
    id: "secrets.oracle-cloud-api-signing-key",
    title: "Oracle Cloud API signing key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798", "CWE-321"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "The private half of an OCI API signing key is committed to the repository. With \
        the user and tenancy OCIDs and the key fingerprint — usually in the same config — it signs \
        any OCI API request as that user, up to tenancy administration.",
    remediation: "Delete the public key from the user (Profile → User settings → API keys → \
        Delete, or `oci iam user api-key delete`), review the Audit service for requests signed \
        with it, and use instance, resource or workload principals; keep any remaining key in OCI \
        Vault.",
    references: &["https://docs.oracle.com/en-us/iaas/Content/API/Concepts/apisigningkey.htm"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &ORACLE_CLOUD_AUTH_TOKEN,
            &["auth_token", "auth-token", "authtoken", "ocir.io"],
            concat!(
                r#"(?:(?i:(?:\boci|oracle)[\w.-]{0,25}?auth[_.-]?token)["']?\s*(?::|=>|:=|=)\s*"#,
                r#"(?:"([^"\s]{20})"|'([^'\s]{20})'|([^"'\s]{20})(?:\s|$))"#,
                r#"|\.ocir\.io\b[^\n]{0,200}?(?:-p|--password)[ =]["']?([^"'\s]{20})(?:["'\s]|$))"#,
            ),
            1,
        )?
        .alternative_group(2)
        .alternative_group(3)
        .alternative_group(4)
        .min_entropy(3.5)
        .check(super::letters_and_digits),
        super::ascii_detector(
            &ORACLE_CLOUD_API_SIGNING_KEY,
            &["PRIVATE KEY"],
            concat!(
                r#"(?m)(?i:(?:^|[^A-Za-z])(?:oci|oracle)[\w.-]{0,30}?(?:private[_.-]?key|key[_.-]?content|signing[_.-]?key|api[_.-]?key))"#,
                r#"["']?\s*(?::|=>|:=|=)\s*["']?-----BEGIN (?:RSA )?PRIVATE KEY-----(?:\\r)?\\n"#,
                r"([A-Za-z0-9+/=]{40,}(?:(?:\\r)?\\n[A-Za-z0-9+/=]+)*)",
            ),
            1,
        )?
        .window(8 * 1024)
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

    const TOKEN: &str = concat!("lK9mq)ALOR2", "HcS[GKgVP");

    #[test]
    fn finds_auth_tokens() {
        assert_eq!(
            ids(&format!("OCI_AUTH_TOKEN=\"{TOKEN}\"")),
            ["secrets.oracle-cloud-auth-token"]
        );
        assert_eq!(
            ids(&format!(
                "docker login fra.ocir.io -u 'axaxnpcrorw5/ci@acme.com' -p '{TOKEN}'"
            )),
            ["secrets.oracle-cloud-auth-token"]
        );
    }

    #[test]
    fn ignores_other_auth_tokens_and_lengths() {
        assert!(ids(&format!("GITHUB_AUTH_TOKEN=\"{TOKEN}\"")).is_empty());
        assert!(ids(&format!("associate_auth_token=\"{TOKEN}\"")).is_empty());
        assert!(ids(&format!("OCI_AUTH_TOKEN=\"{TOKEN}x\"")).is_empty());
        assert!(ids("OCI_AUTH_TOKEN=\"${OCI_AUTH_TOKEN_VAL}\"").is_empty());
        assert!(ids("docker login fra.ocir.io -u user -p ${OCIR_TOKEN}").is_empty());
    }

    const BODY: &str = concat!(
        "MIIEowIBAAKCAQEA8Kd0d3mS8gBlKv3azKgaS+m+x/SHuKBD/vok+nPTmZYl2dVAMH2v\\n",
        "WD6qeSPt5Pv74GDqQ7EyIMttFPSuEPyHnvnzXtsMM3JznnJAX7ebZ3CL7csGZaF31\\n"
    );

    #[test]
    fn finds_inline_signing_keys() {
        let tfvars = format!(
            "oci_private_key = \"-----BEGIN {}\\n{BODY}-----END RSA PRIVATE KEY-----\"",
            "RSA PRIVATE KEY-----"
        );
        assert_eq!(ids(&tfvars), ["secrets.oracle-cloud-api-signing-key"]);
        let env = format!(
            "OCI_CLI_KEY_CONTENT='-----BEGIN {}\\n{BODY}'",
            "PRIVATE KEY-----"
        );
        assert_eq!(ids(&env), ["secrets.oracle-cloud-api-signing-key"]);
    }

    #[test]
    fn ignores_other_keys_and_public_keys() {
        let other = format!(
            "tls_private_key = \"-----BEGIN {}\\n{BODY}\"",
            "PRIVATE KEY-----"
        );
        assert!(ids(&other).is_empty());
        let public = format!("oci_api_key = \"-----BEGIN PUBLIC KEY-----\\n{BODY}\"");
        assert!(ids(&public).is_empty());
        let path = "oci_private_key_path = \"~/.oci/oci_api_key.pem\"";
        assert!(ids(path).is_empty());
    }
}
