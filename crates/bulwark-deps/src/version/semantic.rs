//! SemVer 2.0 (<https://semver.org>), the scheme of crates.io, npm, Go modules, Hex and Pub.
//!
//! Precedence (§11) ignores build metadata; the `semver` crate's `Ord` does not, so the
//! comparison is spelled out here. Go's pseudo-versions need no special case: they are
//! prereleases (`v0.0.0-20210101000000-abcdef123456`, `v1.2.4-0.20210101000000-abcdef123456`)
//! whose timestamps order lexically, and `+incompatible` is build metadata. Pub differs in
//! one documented point: a version with build metadata sorts after the same bare version.

use std::cmp::Ordering;

#[derive(Debug, Clone)]
pub(super) struct SemVer(semver::Version);

/// Parses a SemVer 2.0 version; surrounding whitespace and one leading `v` (Go's spelling)
/// are accepted.
pub(super) fn parse(text: &str) -> Result<SemVer, String> {
    let trimmed = text.trim();
    let bare = trimmed.strip_prefix('v').unwrap_or(trimmed);
    semver::Version::parse(bare)
        .map(SemVer)
        .map_err(|e| e.to_string())
}

impl SemVer {
    /// SemVer §11: major, minor, patch, then prerelease (a release outranks its prereleases).
    pub(super) fn precedence(&self, other: &Self) -> Ordering {
        let (a, b) = (&self.0, &other.0);
        (a.major, a.minor, a.patch)
            .cmp(&(b.major, b.minor, b.patch))
            .then_with(|| a.pre.cmp(&b.pre))
    }

    /// Pub's order: precedence, then build metadata (none first, then by identifiers).
    pub(super) fn precedence_then_build(&self, other: &Self) -> Ordering {
        self.precedence(other)
            .then_with(|| self.0.build.cmp(&other.0.build))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn semver(text: &str) -> SemVer {
        parse(text).expect("valid semver")
    }

    #[test]
    fn precedence_follows_semver_section_11() {
        // Each is lower than the next (the spec's own chain, plus numeric and Go cases).
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "1.9.0",
            "1.10.0",
            "2.0.0",
        ];
        for pair in chain.windows(2) {
            if let [low, high] = pair {
                assert_eq!(
                    semver(low).precedence(&semver(high)),
                    Ordering::Less,
                    "{low} < {high}"
                );
                assert_eq!(semver(high).precedence(&semver(low)), Ordering::Greater);
            }
        }
    }

    #[test]
    fn build_metadata_is_ignored_in_precedence() {
        for (a, b) in [
            ("1.0.0+build.1", "1.0.0+build.2"),
            ("1.0.0", "1.0.0+20130313144700"),
            ("v2.0.0+incompatible", "2.0.0"),
        ] {
            assert_eq!(
                semver(a).precedence(&semver(b)),
                Ordering::Equal,
                "{a} == {b}"
            );
        }
    }

    #[test]
    fn pub_sorts_build_metadata_after() {
        for (low, high) in [
            ("1.0.0", "1.0.0+1"),
            ("1.0.0+1", "1.0.0+2"),
            ("1.0.0+1", "1.0.0+a"),
        ] {
            assert_eq!(
                semver(low).precedence_then_build(&semver(high)),
                Ordering::Less
            );
        }
        assert_eq!(
            semver("1.0.0+build").precedence_then_build(&semver("1.0.1")),
            Ordering::Less
        );
    }

    #[test]
    fn go_pseudo_versions_are_prereleases() {
        let chain = [
            "v0.0.0-20210101000000-abcdef123456",
            "v0.0.0-20210102000000-123456abcdef",
            "v1.2.3",
            "v1.2.4-0.20210101000000-abcdef123456",
            "v1.2.4-0.20220101000000-abcdef123456",
            "v1.2.4-pre",
            "v1.2.4-pre.0.20210101000000-abcdef123456",
            "v1.2.4",
        ];
        for pair in chain.windows(2) {
            if let [low, high] = pair {
                assert_eq!(
                    semver(low).precedence(&semver(high)),
                    Ordering::Less,
                    "{low} < {high}"
                );
            }
        }
    }

    #[test]
    fn rejects_what_semver_does_not_allow() {
        for bad in [
            "", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.3-01", "1.2.3-", "1.2.3+", "v", "vv1.2.3",
            "1.2.x", "a.b.c",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(parse(" 1.2.3 ").is_ok());
    }
}
