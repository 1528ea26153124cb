//! Cloud providers: AWS, GCP, Azure and the other IaaS/PaaS platforms.
//!
//! One file per provider family; list each in [`detectors`].

mod alibaba;
mod aws;
mod azure;
mod cloudflare;
mod databricks;
mod digitalocean;
mod doppler;
mod firebase;
mod flyio;
mod gcp;
mod heroku;
mod hetzner;
mod ibm;
mod linode;
mod netlify;
mod onepassword;
mod oracle;
mod pulumi;
mod scaleway;
mod supabase;
mod tencent;
mod terraform;
mod vault;
mod vercel;
mod vultr;
mod yandex;

use crate::{Check, Detector};
use bulwark_core::Rule;

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 26] = [
        alibaba::detectors,
        aws::detectors,
        azure::detectors,
        cloudflare::detectors,
        databricks::detectors,
        digitalocean::detectors,
        doppler::detectors,
        firebase::detectors,
        flyio::detectors,
        gcp::detectors,
        heroku::detectors,
        hetzner::detectors,
        ibm::detectors,
        linode::detectors,
        netlify::detectors,
        onepassword::detectors,
        oracle::detectors,
        pulumi::detectors,
        scaleway::detectors,
        supabase::detectors,
        tencent::detectors,
        terraform::detectors,
        vault::detectors,
        vercel::detectors,
        vultr::detectors,
        yandex::detectors,
    ];
    super::collect(&families)
}

/// A detector whose pattern is matched as ASCII bytes: `(?-u)` keeps `\b`, `\w`, `\s` and
/// case folding ASCII-only, which is all these formats need, keeps compilation cheap, and lets
/// the lazy DFA search any input (it gives up on Unicode word boundaries at non-ASCII bytes).
pub(super) fn ascii_detector(
    rule: &'static Rule,
    keywords: &[&str],
    pattern: &str,
    secret_group: usize,
) -> Result<Detector, String> {
    Detector::new(rule, keywords, &format!("(?-u){pattern}"), secret_group)
}

/// Runs of characters a random token essentially never contains, but hand-typed stand-ins
/// often do (`dop_v1_1234567890abcdef…`); the engine's placeholder filter does not cover them.
const FAKE_MARKERS: [&str; 8] = [
    "12345678", "abcdefgh", "00000000", "redacted", "example", "sample", "dummy", "fake",
];

/// Whether `value` contains a made-up marker (case-insensitive).
fn looks_fake(value: &[u8]) -> bool {
    let lower = value.to_ascii_lowercase();
    FAKE_MARKERS
        .iter()
        .any(|marker| lower.windows(marker.len()).any(|w| w == marker.as_bytes()))
}

/// The default check of prefixed tokens: reject made-up values.
pub(super) fn plausible(value: &[u8]) -> Check {
    if looks_fake(value) {
        Check::Reject
    } else {
        Check::Keep
    }
}

/// Keeps only plausible values with both upper- and lower-case letters: random mixed-case keys
/// almost always have both, while hex digests, identifiers and words in one case do not.
pub(super) fn mixed_case(value: &[u8]) -> Check {
    let upper = value.iter().any(u8::is_ascii_uppercase);
    let lower = value.iter().any(u8::is_ascii_lowercase);
    if upper && lower {
        plausible(value)
    } else {
        Check::Reject
    }
}

/// Keeps only plausible values that have letters and digits both (rejects words, all-digit ids).
pub(super) fn letters_and_digits(value: &[u8]) -> Check {
    let letter = value.iter().any(u8::is_ascii_alphabetic);
    let digit = value.iter().any(u8::is_ascii_digit);
    if letter && digit {
        plausible(value)
    } else {
        Check::Reject
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn group_has_documented_unique_rules() {
        let detectors = detectors().expect("every cloud regex compiles");
        assert!(detectors.len() >= 38, "{} cloud detectors", detectors.len());
        let mut ids = HashSet::new();
        for detector in &detectors {
            let rule = detector.rule;
            assert!(ids.insert(rule.id), "duplicate rule id {}", rule.id);
            let topic = rule.id.strip_prefix("secrets.").unwrap_or_default();
            assert!(
                !topic.is_empty()
                    && topic
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "rule id {} is not secrets.<kebab-case>",
                rule.id
            );
            assert!(!detector.keywords.is_empty(), "{} has no keyword", rule.id);
            assert!(rule.cwe.contains(&"CWE-798"), "{}", rule.id);
            assert_eq!(rule.owasp, ["A07:2021"], "{}", rule.id);
            assert!(!rule.title.is_empty() && rule.description.len() > 80);
            assert!(rule.remediation.len() > 80, "{}", rule.id);
            assert!(
                rule.references.iter().all(|r| r.starts_with("https://")),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn shared_checks() {
        assert_eq!(mixed_case(b"aB3"), Check::Keep);
        assert_eq!(mixed_case(b"0f3a9c"), Check::Reject);
        assert_eq!(mixed_case(b"ABC123"), Check::Reject);
        assert_eq!(letters_and_digits(b"a1"), Check::Keep);
        assert_eq!(letters_and_digits(b"abcdef"), Check::Reject);
        assert_eq!(letters_and_digits(b"123456"), Check::Reject);
        assert_eq!(plausible(b"Zj6R5aDT6mZck71o"), Check::Keep);
        assert_eq!(plausible(b"a1b2_1234567890abcdef"), Check::Reject);
        assert_eq!(mixed_case(b"AbcRedactedToken"), Check::Reject);
        assert_eq!(letters_and_digits(b"EXAMPLE1KEY"), Check::Reject);
    }
}
