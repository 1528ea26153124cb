//! Document identifiers derived from content, so that the same inventory at the same timestamp
//! always yields byte-identical SBOMs (reproducible builds, diffable CI artefacts), while any
//! change to the content yields a new identifier.

use sha2::{Digest as _, Sha256};

/// A UUID-shaped value from a SHA-256 of `content`, with the version-4 and RFC 4122 variant
/// bits set so that validators and consumers accept it.
pub(crate) fn uuid(content: &[u8]) -> String {
    let hash = Sha256::digest(content);
    let mut bytes = [0u8; 16];
    for (byte, source) in bytes.iter_mut().zip(hash.iter()) {
        *byte = *source;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_stable_version_4_uuid() {
        let id = uuid(b"inventory");
        assert_eq!(id, uuid(b"inventory"));
        assert_ne!(id, uuid(b"inventory2"));
        let groups: Vec<&str> = id.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'), "{id}");
        assert!(
            matches!(groups[3].chars().next(), Some('8' | '9' | 'a' | 'b')),
            "{id}"
        );
        assert!(
            id.bytes()
                .all(|b| b == b'-' || b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }
}
