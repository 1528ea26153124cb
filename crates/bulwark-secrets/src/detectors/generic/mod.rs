//! Provider-independent secrets: private keys, tokens, connection strings, passwords, card numbers.
//!
//! One file per provider family; list each in [`detectors`]. `values` holds the judgement of
//! assigned values shared by the `key = value` detectors.

mod command_line;
mod database_url;
mod generic_secret;
mod htpasswd;
mod http_auth;
mod jwt;
mod kubernetes;
mod password;
mod payment_card;
mod private_key;
mod sql;
mod values;
mod vpn;

use crate::Detector;

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 12] = [
        command_line::detectors,
        database_url::detectors,
        generic_secret::detectors,
        htpasswd::detectors,
        http_auth::detectors,
        jwt::detectors,
        kubernetes::detectors,
        password::detectors,
        payment_card::detectors,
        private_key::detectors,
        sql::detectors,
        vpn::detectors,
    ];
    super::collect(&families)
}

#[cfg(test)]
pub(super) mod testing {
    use crate::{Detector, SecretsAnalyzer};
    use bulwark_core::{Analyzer, SourceFile};

    /// Rule ids reported for `text` in a file at `path` (path-restricted detectors need one).
    pub(crate) fn ids_at(detectors: Vec<Detector>, path: &str, text: &str) -> Vec<String> {
        let analyzer = SecretsAnalyzer::new(detectors).expect("prefilter builds");
        analyzer
            .analyze(&SourceFile {
                path,
                bytes: text.as_bytes(),
            })
            .findings
            .into_iter()
            .map(|f| f.rule_id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretsAnalyzer;
    use bulwark_core::{Analyzer, SourceFile};
    use std::collections::BTreeSet;

    #[test]
    fn rule_ids_are_unique_and_enough() {
        let detectors = detectors().expect("compiles");
        let ids: BTreeSet<&str> = detectors.iter().map(|d| d.rule.id).collect();
        assert!(
            ids.len() >= 14,
            "{} distinct detector rules: {ids:?}",
            ids.len()
        );
        for id in &ids {
            assert!(id.starts_with("secrets."), "{id}");
        }
        let all: BTreeSet<&str> = detectors
            .iter()
            .flat_map(|d| d.rules())
            .map(|r| r.id)
            .collect();
        assert!(all.contains("secrets.payment-card-test-number"));
    }

    /// Values every scanner confuses with secrets: none may fire, in any group.
    #[test]
    fn decoys_fire_no_detector() {
        let decoys = [
            "request_id: 3f2b8c1e-9a4d-4e7b-b6c5-2d8f0a1e7c93",
            "\"id\": \"550e8400-e29b-41d4-a716-446655440000\",",
            "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
            "Merge: 1e4f0b2a7c3d9e8f6a5b4c3d2e1f0a9b8c7d6e5f",
            "checksum = \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"",
            "sha256: 5994471abb01112afcc18159f6cc74b4f511b99806da59b3caf5a9c173cacfc5",
            "\"integrity\": \"sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==\",",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC3q8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG7hJ6kL5zX4cV3bN2mQ1wE0rT9yU8iO7pA6sD5fG4hJ3kL2zX1cV0bN9mQ8wE7rT6yU5iO4pA3sD2fG1hJ0kL9zX8cV7bN6mQ5wE4rT3yU2iO1pA0sD9fG8hJ7kL6zX5cV4bN3mQ2wE1rT0yU9iO8pA7sD6fG5hJ4kL3zX2cV1bN0mQ9wE8rT7yU6iO5pA4sD3fG2hJ1kL0zX9cV8bN7mQ6wE5rT4yU3iO2pA1sD0fG9hJ8kL7zX6cV5bN4mQ3wE2rT1 deploy@ci",
            "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\nRTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYD\nVQQDExlCYWx0aW1vcmUgQ3liZXJUcnVzdCBSb290MB4XDTAwMDUxMjE4NDYwMFoX\n-----END CERTIFICATE-----\n",
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u\n-----END PUBLIC KEY-----\n",
            "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
            "version: 1.4111111111111111.2",
            "timestamp_ms = 1700000000000123",
        ];
        let analyzer = SecretsAnalyzer::new(crate::detectors::all().expect("compiles"))
            .expect("prefilter builds");
        for (i, text) in decoys.iter().enumerate() {
            for path in ["decoy.txt", "package-lock.json", "config.yaml", ".env"] {
                let findings = analyzer
                    .analyze(&SourceFile {
                        path,
                        bytes: text.as_bytes(),
                    })
                    .findings;
                let ids: Vec<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
                assert!(ids.is_empty(), "decoy {i} in {path}: {ids:?}");
            }
        }
    }
}
