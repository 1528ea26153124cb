//! Stable finding fingerprints.
//!
//! A fingerprint identifies "the same problem" across runs so that baselines and waivers keep
//! working when unrelated lines are added above a finding. It is built from the rule, the file,
//! the IaC resource and the analyzer's `identity` (never from line numbers), plus an occurrence
//! index that tells apart identical findings in one file. It is a SHA-256 digest, so no secret
//! material appears in it in clear.

use crate::Finding;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Fingerprints are a versioned scheme: the SARIF `partialFingerprints` key names the version.
pub const SCHEME: &str = "bulwark/v1";

/// Hex characters kept (128 bits): collision-safe for any repository, short enough to read.
const LENGTH: usize = 32;

/// Assigns fingerprints to `findings`, which must already be in report order
/// ([`Finding::sort_key`]) so that occurrence indexes are deterministic.
pub fn assign(findings: &mut [Finding]) {
    let mut occurrences: HashMap<[u8; 32], u32> = HashMap::new();
    for finding in findings.iter_mut() {
        let base = base_digest(finding);
        let occurrence = occurrences.entry(base).or_insert(0);
        let mut hasher = Sha256::new();
        hasher.update(base);
        hasher.update(occurrence.to_le_bytes());
        *occurrence += 1;
        finding.fingerprint = hex_prefix(&hasher.finalize(), LENGTH);
    }
}

fn base_digest(finding: &Finding) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in [
        finding.rule_id.as_str(),
        finding.location.path.as_str(),
        finding.location.resource.as_deref().unwrap_or(""),
        finding.identity.as_str(),
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

/// SHA-256 of `bytes` as lowercase hex: for analyzers that need an identity derived from secret
/// material without keeping the material.
pub fn digest_hex(bytes: &[u8]) -> String {
    hex_prefix(&Sha256::digest(bytes), 64)
}

fn hex_prefix(bytes: &[u8], chars: usize) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(chars);
    for byte in bytes {
        if out.len() >= chars {
            break;
        }
        out.push(HEX[(byte >> 4) as usize] as char);
        out.push(HEX[(byte & 0xF) as usize] as char);
    }
    out.truncate(chars);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;
    use proptest::prelude::*;

    use crate::rule::testing::TEST_RULE as RULE;

    fn finding(line: u32, identity: &str) -> Finding {
        Finding::new(&RULE, Location::line("a/b.py", line), "m").with_identity(identity)
    }

    #[test]
    fn identical_findings_in_one_file_get_distinct_fingerprints() {
        let mut findings = vec![finding(1, "k"), finding(5, "k")];
        assign(&mut findings);
        assert_ne!(findings[0].fingerprint, findings[1].fingerprint);
        assert_eq!(findings[0].fingerprint.len(), LENGTH);
    }

    #[test]
    fn fingerprint_does_not_contain_identity() {
        let mut findings = vec![finding(1, "AKIAIOSFODNN7SECRET")];
        assign(&mut findings);
        assert!(!findings[0].fingerprint.contains("AKIA"));
        assert!(
            findings[0]
                .fingerprint
                .bytes()
                .all(|b| b.is_ascii_hexdigit())
        );
    }

    proptest! {
        /// Moving a finding down by any number of lines leaves its fingerprint unchanged.
        #[test]
        fn survives_lines_moving(line in 1u32..10_000, shift in 0u32..10_000, identity in ".{0,40}") {
            let mut before = vec![finding(line, &identity)];
            let mut after = vec![finding(line + shift, &identity)];
            assign(&mut before);
            assign(&mut after);
            prop_assert_eq!(&before[0].fingerprint, &after[0].fingerprint);
        }

        #[test]
        fn different_identities_differ(a in "[a-z]{1,20}", b in "[a-z]{1,20}") {
            prop_assume!(a != b);
            let mut findings = vec![finding(1, &a), finding(1, &b)];
            assign(&mut findings);
            prop_assert_ne!(&findings[0].fingerprint, &findings[1].fingerprint);
        }
    }
}
