//! Private keys: PEM, OpenSSH, PGP, PuTTY and age.

use crate::Detector;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A PEM or OpenSSH private key block with a body (RSA, DSA, EC, PKCS#8, encrypted PKCS#8,
/// OpenSSH), also JSON-escaped (`"private_key": "-----BEGIN PRIVATE KEY-----\nMII…"` in
/// service-account files); a PGP private key block; a PuTTY `.ppk` key file (versions 2 and 3);
/// an `age` identity (`AGE-SECRET-KEY-1…`). Public keys and certificates are not reported.
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
    // A real or JSON-escaped line break.
    const NL: &str = r"(?:\r?\n|(?:\\r)?\\n)";
    let pem = format!(
        r"(?-u)-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----{NL}(?:[A-Za-z0-9-]+: [^\r\n\\]*{NL})*(?:{NL})?((?:[A-Za-z0-9+/=\r\n]|\\[rn]){{64,}})"
    );
    Ok(vec![
        // The header, then at least 64 base64 characters of body: a bare header in documentation
        // or a parser's source is not a key.
        Detector::new(&PRIVATE_KEY, &["PRIVATE KEY"], &pem, 1)?
            // RSA-4096 and PGP blocks run to several KiB after the header keyword.
            .window(16 * 1024)
            // Inside a provider's key file (a GCP service-account key…) the provider's rule
            // names it.
            .fallback(),
        // PuTTY: the public lines come first; the secret is the private lines.
        Detector::new(
            &PRIVATE_KEY,
            &["PuTTY-User-Key-File-"],
            r"(?-u)PuTTY-User-Key-File-[23]: [^\r\n]+\r?\n(?:[^\r\n]*\r?\n){0,60}?Private-Lines: \d+\r?\n([A-Za-z0-9+/=\r\n]{40,})",
            1,
        )?
        .window(16 * 1024)
        .fallback(),
        // age: Bech32 (upper case) of a 32-byte X25519 key: 52 data + 6 checksum characters.
        Detector::new(
            &PRIVATE_KEY,
            &["AGE-SECRET-KEY-1"],
            r"(?-u)\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b",
            0,
        )?
        .fallback(),
    ])
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

    #[test]
    fn finds_json_escaped_pgp_putty_and_age_keys() {
        let escaped = format!(
            "{{\"private_key\": \"{}\\n{}\\n-----END PRIVATE KEY-----\\n\"}}",
            concat!("-----BEGIN ", "PRIVATE KEY-----"),
            BODY.replace('\n', "\\n")
        );
        assert_eq!(
            rule_ids(detectors().expect("compiles"), &escaped),
            ["secrets.private-key"]
        );
        let pgp = format!(
            "{}\nVersion: GnuPG v2\n\n{BODY}=Xq1z\n-----END PGP PRIVATE KEY BLOCK-----\n",
            concat!("-----BEGIN PGP ", "PRIVATE KEY BLOCK-----")
        );
        assert_eq!(rule_ids(detectors().expect("compiles"), &pgp).len(), 1);
        let putty = format!(
            "{}: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIOq8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8\nfG7h\nPrivate-Lines: 1\nAAAAIHq8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG7hJ6kL\nPrivate-MAC: 3f2b8c1e9a4d4e7bb6c52d8f0a1e7c93\n",
            concat!("PuTTY-User-", "Key-File-3")
        );
        assert_eq!(rule_ids(detectors().expect("compiles"), &putty).len(), 1);
        let age = concat!(
            "# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n",
            "AGE-SECRET-KEY-1",
            "QZ3RY9X8GF2TVDW0S3JN54KHCE6MUA7LQZ3RY9X8GF2TVDW0S3JN54KHCE"
        );
        assert_eq!(
            rule_ids(detectors().expect("compiles"), age),
            ["secrets.private-key"]
        );
    }

    #[test]
    fn ignores_certificates_public_keys_and_short_age_strings() {
        let certificate = format!("-----BEGIN CERTIFICATE-----\n{BODY}-----END CERTIFICATE-----\n");
        assert!(rule_ids(detectors().expect("compiles"), &certificate).is_empty());
        let pgp_public = format!(
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n{BODY}-----END PGP PUBLIC KEY BLOCK-----\n"
        );
        assert!(rule_ids(detectors().expect("compiles"), &pgp_public).is_empty());
        let ssh_public = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG7h deploy@ci";
        assert!(rule_ids(detectors().expect("compiles"), ssh_public).is_empty());
        let putty_public_only = concat!(
            "PuTTY-User-",
            "Key-File-3: ssh-ed25519\nPublic-Lines: 1\nAAAAC3NzaC1lZDI1NTE5AAAAIOq8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8\n"
        );
        assert!(rule_ids(detectors().expect("compiles"), putty_public_only).is_empty());
        let truncated = concat!("AGE-SECRET-KEY-1", "QZ3RY9X8GF2TVDW0S3JN54");
        assert!(rule_ids(detectors().expect("compiles"), truncated).is_empty());
        let lower = concat!(
            "age-secret-key-1",
            "qz3ry9x8gf2tvdw0s3jn54khce6mua7lqz3ry9x8gf2tvdw0s3jn54khce6"
        );
        assert!(rule_ids(detectors().expect("compiles"), lower).is_empty());
    }
}
