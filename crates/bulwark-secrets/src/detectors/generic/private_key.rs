//! Private keys in PEM and OpenSSH armour.

use crate::Detector;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A PEM or OpenSSH private key block with a body (RSA, DSA, EC, PKCS#8, encrypted PKCS#8,
/// OpenSSH, PGP). Public keys and certificates are not reported.
pub static PRIVATE_KEY: Rule = Rule {
    id: "secrets.private-key",
    title: "Private key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-321", "CWE-798"],
    owasp: &["A02:2021", "A07:2021"],
    controls: &[
        "pci-dss-4.0.1:8.6.2",
        "pci-dss-4.0.1:3.6.1",
        "soc2:CC6.1",
        "nist-ssdf:PS.1.1",
    ],
    description: "A private key is committed to the repository. Whoever reads it can impersonate \
        the server or user it belongs to, decrypt traffic recorded with it, or sign as its owner.",
    remediation: "Treat the key as compromised: revoke its certificate or remove it from \
        `authorized_keys`, issue a new key pair, and keep private keys in an HSM, a KMS or a \
        secrets manager rather than in source control.",
    references: &["https://cwe.mitre.org/data/definitions/321.html"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![Detector::new(
        &PRIVATE_KEY,
        &["PRIVATE KEY"],
        // The header, then at least 64 base64 characters of body: a bare header in documentation
        // or a parser's source is not a key.
        r"-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----\r?\n(?:[A-Za-z0-9-]+: [^\r\n]*\r?\n)*\r?\n?([A-Za-z0-9+/=\r\n]{64,})",
        1,
    )?
    // RSA-4096 and PGP blocks run to several KiB after the header keyword.
    .window(16 * 1024)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    const BODY: &str = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n";

    #[test]
    fn finds_pem_private_keys() {
        let key = format!(
            "{}\n{BODY}-----END RSA PRIVATE KEY-----\n",
            concat!("-----BEGIN RSA ", "PRIVATE KEY-----")
        );
        assert_eq!(
            rule_ids(detectors().expect("compiles"), &key),
            ["secrets.private-key"]
        );
        let openssh = format!(
            "{}\n{BODY}",
            concat!("-----BEGIN OPENSSH ", "PRIVATE KEY-----")
        );
        assert_eq!(rule_ids(detectors().expect("compiles"), &openssh).len(), 1);
    }

    #[test]
    fn ignores_public_keys_and_bare_headers() {
        let public = format!("-----BEGIN PUBLIC KEY-----\n{BODY}-----END PUBLIC KEY-----\n");
        assert!(rule_ids(detectors().expect("compiles"), &public).is_empty());
        let header_only = concat!("const HEADER: &str = \"-----BEGIN ", "PRIVATE KEY-----\";");
        assert!(rule_ids(detectors().expect("compiles"), header_only).is_empty());
    }
}
