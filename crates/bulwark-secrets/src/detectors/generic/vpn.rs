//! VPN keys: WireGuard private and preshared keys, OpenVPN static and tls-crypt-v2 keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `PrivateKey = …` (the `[Interface]` key) and `PresharedKey = …` (a `[Peer]`'s symmetric key)
/// of a WireGuard configuration: 32 bytes in base64, in `wg-quick` INI form or as a YAML/JSON
/// field of the same name. Public keys (`PublicKey`) are not reported.
pub static WIREGUARD_PRIVATE_KEY: Rule = Rule {
    id: "secrets.wireguard-private-key",
    title: "WireGuard private or preshared key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-321"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A WireGuard interface private key (or a peer's preshared key) is committed. \
        With it anyone can bring up the tunnel as that peer, reach every network its \
        `AllowedIPs` route to, and impersonate it to the other peers.",
    remediation: "Generate a new key pair (`wg genkey | tee private | wg pubkey`) and preshared \
        key (`wg genpsk`), replace the peer's public key on every other peer, and load the \
        private key from a file outside the repository (`PostUp = wg set %i private-key <path>`) \
        provisioned by a secrets manager.",
    references: &["https://www.wireguard.com/quickstart/"],
};

/// ## What it finds
/// An OpenVPN static key block (`-----BEGIN OpenVPN Static key V1-----`, used by `secret`,
/// `tls-auth` and `tls-crypt`) or a `tls-crypt-v2` client/server key, in a key file or inline
/// in an `.ovpn` profile.
pub static OPENVPN_STATIC_KEY: Rule = Rule {
    id: "secrets.openvpn-static-key",
    title: "OpenVPN static key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-321"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An OpenVPN shared static key is committed. It authenticates (`tls-auth`), \
        encrypts the control channel (`tls-crypt`) or, in static-key mode, the whole tunnel; a \
        reader of the repository can probe or attack the VPN server and, in static-key mode, \
        decrypt recorded traffic.",
    remediation: "Generate a new key (`openvpn --genkey secret ta.key`, or `--genkey \
        tls-crypt-v2-server/-client`), deploy it to the server and every client, and distribute \
        profiles through a secrets manager or the VPN's provisioning portal, not the repository.",
    references: &["https://openvpn.net/community-resources/reference-manual-for-openvpn-2-6/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &WIREGUARD_PRIVATE_KEY,
            &["PrivateKey", "PresharedKey"],
            // 32 bytes: 42 base64 characters, one whose low bits are zero, and `=`.
            r#"(?-u)\b(?:PrivateKey|PresharedKey)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)(?:[^A-Za-z0-9+/=]|$)"#,
            1,
        )?,
        Detector::new(
            &OPENVPN_STATIC_KEY,
            &["BEGIN OpenVPN"],
            r"(?-u)-----BEGIN OpenVPN (?:Static key V1|tls-crypt-v2 (?:client|server) key)-----\r?\n((?:[0-9A-Za-z+/=]{16,}\r?\n){4,})",
            1,
        )?
        .window(4 * 1024),
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
    fn finds_wireguard_keys() {
        let config = concat!(
            "[Interface]\nAddress = 10.8.0.2/24\nPrivateKey = ",
            "kFq8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG4=\n",
            "[Peer]\nPublicKey = Hq8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG4=\n"
        );
        assert_eq!(ids(config), ["secrets.wireguard-private-key"]);
        let psk = concat!(
            "PresharedKey: \"",
            "Zq8vT2mLw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG7hI=\""
        );
        assert_eq!(ids(psk), ["secrets.wireguard-private-key"]);
    }

    #[test]
    fn ignores_public_keys_templates_and_other_lengths() {
        for text in [
            "PublicKey = Hq8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG4=",
            "PrivateKey = ${WG_PRIVATE_KEY}",
            "PrivateKey = <client private key>",
            "PrivateKey = kFq8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG4Q=",
            "PrivateKey = kFq8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG5=",
            "let privateKey = derive(seed);",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn finds_openvpn_static_keys() {
        let key = format!(
            "#\n# 2048 bit OpenVPN static key\n#\n{}\n{}-----END OpenVPN Static key V1-----\n",
            concat!("-----BEGIN OpenVPN ", "Static key V1-----"),
            "e8a7b3c1d9f02468ace13579bdf02468\n".repeat(16)
        );
        assert_eq!(ids(&key), ["secrets.openvpn-static-key"]);
        let header_only =
            "tls-auth ta.key 1 # -----BEGIN OpenVPN Static key V1----- goes in ta.key";
        assert!(ids(header_only).is_empty());
    }
}
