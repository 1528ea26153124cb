//! Lockfile checksums as SBOM hashes: both formats want lower-case hex of a file digest, while
//! lockfiles record hex (Cargo, Composer) or base64 (npm's SRI, NuGet) and some record schemes
//! that are not file digests at all (go.sum's `h1:` tree hash), which are left out.

use base64::Engine as _;
use bulwark_deps::package::Checksum;

/// The file digests both formats can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Algorithm {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

const ALL: [Algorithm; 5] = [
    Algorithm::Md5,
    Algorithm::Sha1,
    Algorithm::Sha256,
    Algorithm::Sha384,
    Algorithm::Sha512,
];

impl Algorithm {
    /// The name in [`Checksum::algorithm`].
    fn lockfile_name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "md5",
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
        }
    }

    fn digest_len(self) -> usize {
        match self {
            Algorithm::Md5 => 16,
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha384 => 48,
            Algorithm::Sha512 => 64,
        }
    }

    /// CycloneDX's `hash-alg` name.
    pub(crate) fn cyclonedx(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Sha1 => "SHA-1",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha384 => "SHA-384",
            Algorithm::Sha512 => "SHA-512",
        }
    }

    /// SPDX's checksum name, for the algorithms SPDX 2.2 and 2.3 consumers all accept.
    pub(crate) fn spdx(self) -> Option<&'static str> {
        match self {
            Algorithm::Md5 => Some("MD5"),
            Algorithm::Sha1 => Some("SHA1"),
            Algorithm::Sha256 => Some("SHA256"),
            Algorithm::Sha512 => Some("SHA512"),
            Algorithm::Sha384 => None,
        }
    }

    pub(crate) fn from_cyclonedx(name: &str) -> Option<Algorithm> {
        ALL.into_iter().find(|a| a.cyclonedx() == name)
    }

    pub(crate) fn from_spdx(name: &str) -> Option<Algorithm> {
        ALL.into_iter().find(|a| a.spdx() == Some(name))
    }
}

/// A file digest as lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Digest {
    pub algorithm: Algorithm,
    pub hex: String,
}

/// The digest a lockfile checksum records, or `None` for schemes that are not file digests and
/// for values of the wrong length (a truncated or mislabelled hash must not be published).
pub(crate) fn digest(checksum: &Checksum) -> Option<Digest> {
    let algorithm = ALL
        .into_iter()
        .find(|a| a.lockfile_name() == checksum.algorithm.to_ascii_lowercase())?;
    let value = checksum.value.trim();
    // SRI strings may still carry their `sha512-` prefix.
    let value = value
        .strip_prefix(algorithm.lockfile_name())
        .and_then(|v| v.strip_prefix('-'))
        .unwrap_or(value);
    let bytes = if value.len() == algorithm.digest_len() * 2 {
        hex::decode(value).ok()
    } else {
        None
    }
    .or_else(|| base64::engine::general_purpose::STANDARD.decode(value).ok())
    .filter(|bytes| bytes.len() == algorithm.digest_len())?;
    Some(Digest {
        algorithm,
        hex: hex::encode(bytes),
    })
}

/// A checksum read back from an SBOM (`None` when the value is not hex of the right length).
pub(crate) fn checksum(algorithm: Algorithm, hex_value: &str) -> Option<Checksum> {
    let bytes = hex::decode(hex_value.trim()).ok()?;
    (bytes.len() == algorithm.digest_len()).then(|| Checksum {
        algorithm: algorithm.lockfile_name().to_string(),
        value: hex::encode(bytes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(algorithm: &str, value: &str) -> Checksum {
        Checksum {
            algorithm: algorithm.into(),
            value: value.into(),
        }
    }

    #[test]
    fn lockfile_values_become_hex() {
        let sha1_hex = "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed";
        let sha256_hex = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        // base64 of the SHA-512 of "hello world"
        let sha512_b64 = "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==";
        let sha512_hex = "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f";
        for (checksum, expected) in [
            (sum("sha1", sha1_hex), Some((Algorithm::Sha1, sha1_hex))),
            (
                sum("sha256", &sha256_hex.to_uppercase()),
                Some((Algorithm::Sha256, sha256_hex)),
            ),
            (
                sum("sha512", sha512_b64),
                Some((Algorithm::Sha512, sha512_hex)),
            ),
            (
                sum("sha512", &format!("sha512-{sha512_b64}")),
                Some((Algorithm::Sha512, sha512_hex)),
            ),
            // go.sum's module tree hash is not a file digest.
            (
                sum("h1", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
                None,
            ),
            // Wrong length for the algorithm.
            (sum("sha256", sha1_hex), None),
            (sum("md5", "not base64 !"), None),
        ] {
            let got = digest(&checksum);
            assert_eq!(
                got.as_ref().map(|d| (d.algorithm, d.hex.as_str())),
                expected,
                "{checksum:?}"
            );
        }
    }

    #[test]
    fn names_round_trip_and_spdx_lacks_sha384() {
        for algorithm in ALL {
            assert_eq!(
                Algorithm::from_cyclonedx(algorithm.cyclonedx()),
                Some(algorithm)
            );
            if let Some(name) = algorithm.spdx() {
                assert_eq!(Algorithm::from_spdx(name), Some(algorithm));
            }
        }
        assert_eq!(Algorithm::Sha384.spdx(), None);
        assert_eq!(
            checksum(Algorithm::Sha1, "2AAE6C35C94FCFB415DBE95F408B9CE91EE846ED").map(|c| c.value),
            Some("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed".to_string())
        );
        assert_eq!(checksum(Algorithm::Sha1, "abcd"), None);
    }
}
