//! Each ecosystem's own version syntax and ordering.
//!
//! A [`Version`] is parsed for one ecosystem and ordered by that ecosystem's rules, because
//! an advisory range means what the package manager that resolves the version thinks it
//! means: `1.0.0a1 < 1.0.0` in PyPI, `1-1 < 1.1` in Maven, `1.0.a < 1.0` in RubyGems. A
//! version that does not follow its scheme is a [`VersionError`], never a guessed order.

mod digits;
mod maven;
mod nuget;
mod packagist;
mod pep440;
mod rubygems;
mod semantic;

use crate::Ecosystem;
use std::cmp::Ordering;

/// Longer texts are not versions; refusing them bounds the work (and the nesting of Maven
/// items) an adversarial lockfile can cause.
const MAX_LEN: usize = 256;

/// A version in one ecosystem's scheme.
///
/// Versions of the same scheme compare by that scheme's rules; versions of different schemes
/// (which no caller should compare) order by scheme, so that comparing never panics.
#[derive(Debug, Clone)]
pub struct Version(Scheme);

#[derive(Debug, Clone)]
enum Scheme {
    /// SemVer 2.0 precedence: build metadata ignored.
    Semver(semantic::SemVer),
    /// Pub's SemVer: build metadata sorts after the bare version.
    Pub(semantic::SemVer),
    Pep440(pep440::Pep440),
    Maven(maven::MavenVersion),
    RubyGems(rubygems::GemVersion),
    NuGet(nuget::NuGetVersion),
    Packagist(packagist::ComposerVersion),
}

impl Scheme {
    fn tag(&self) -> u8 {
        match self {
            Scheme::Semver(_) => 0,
            Scheme::Pub(_) => 1,
            Scheme::Pep440(_) => 2,
            Scheme::Maven(_) => 3,
            Scheme::RubyGems(_) => 4,
            Scheme::NuGet(_) => 5,
            Scheme::Packagist(_) => 6,
        }
    }
}

/// Why a text is not a version of the requested scheme.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a valid {scheme} version: {reason}")]
pub struct VersionError {
    scheme: &'static str,
    text: String,
    reason: String,
}

impl VersionError {
    fn new(scheme: &'static str, text: &str, reason: impl Into<String>) -> Self {
        VersionError {
            scheme,
            // Enough to recognise the value without echoing a huge input back.
            text: text.chars().take(80).collect(),
            reason: reason.into(),
        }
    }
}

impl Version {
    /// Parses `text` with the version scheme of `ecosystem`.
    pub fn parse(ecosystem: Ecosystem, text: &str) -> Result<Version, VersionError> {
        let scheme = scheme_name(ecosystem);
        if text.len() > MAX_LEN {
            return Err(VersionError::new(scheme, text, "longer than 256 bytes"));
        }
        let error = |reason: String| VersionError::new(scheme, text, reason);
        let parsed = match ecosystem {
            Ecosystem::CratesIo | Ecosystem::Npm | Ecosystem::Go | Ecosystem::Hex => {
                Scheme::Semver(semantic::parse(text).map_err(error)?)
            }
            Ecosystem::Pub => Scheme::Pub(semantic::parse(text).map_err(error)?),
            Ecosystem::PyPI => Scheme::Pep440(pep440::parse(text).map_err(error)?),
            Ecosystem::Maven => Scheme::Maven(maven::parse(text).map_err(error)?),
            Ecosystem::RubyGems => Scheme::RubyGems(rubygems::parse(text).map_err(error)?),
            Ecosystem::NuGet => Scheme::NuGet(nuget::parse(text).map_err(error)?),
            Ecosystem::Packagist => Scheme::Packagist(packagist::parse(text).map_err(error)?),
        };
        Ok(Version(parsed))
    }

    /// Parses `text` as SemVer 2.0 with its precedence (build metadata ignored), whatever the
    /// ecosystem: OSV `SEMVER` ranges are defined that way. A leading `v` is accepted because
    /// Go writes its versions so (`v1.2.3+incompatible`).
    pub fn parse_semver(text: &str) -> Result<Version, VersionError> {
        if text.len() > MAX_LEN {
            return Err(VersionError::new("SemVer", text, "longer than 256 bytes"));
        }
        semantic::parse(text)
            .map(|v| Version(Scheme::Semver(v)))
            .map_err(|reason| VersionError::new("SemVer", text, reason))
    }
}

fn scheme_name(ecosystem: Ecosystem) -> &'static str {
    match ecosystem {
        Ecosystem::CratesIo | Ecosystem::Npm | Ecosystem::Go | Ecosystem::Hex => "SemVer",
        Ecosystem::Pub => "Pub (SemVer)",
        Ecosystem::PyPI => "PEP 440",
        Ecosystem::Maven => "Maven",
        Ecosystem::RubyGems => "RubyGems",
        Ecosystem::NuGet => "NuGet",
        Ecosystem::Packagist => "Composer",
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Scheme::Semver(a), Scheme::Semver(b)) => a.precedence(b),
            (Scheme::Pub(a), Scheme::Pub(b)) => a.precedence_then_build(b),
            (Scheme::Pep440(a), Scheme::Pep440(b)) => a.cmp(b),
            (Scheme::Maven(a), Scheme::Maven(b)) => a.cmp(b),
            (Scheme::RubyGems(a), Scheme::RubyGems(b)) => a.cmp(b),
            (Scheme::NuGet(a), Scheme::NuGet(b)) => a.cmp(b),
            (Scheme::Packagist(a), Scheme::Packagist(b)) => a.cmp(b),
            (a, b) => a.tag().cmp(&b.tag()),
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Equality is the scheme's: `1.0` == `1.0.0` in Maven, `1.0.0+a` == `1.0.0+b` in SemVer.
impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(ecosystem: Ecosystem, text: &str) -> Version {
        Version::parse(ecosystem, text).expect("valid version")
    }

    #[test]
    fn ecosystems_use_their_own_scheme() {
        // The same pair of texts orders differently per scheme.
        assert!(v(Ecosystem::PyPI, "1.0.0a1") < v(Ecosystem::PyPI, "1.0.0"));
        assert!(v(Ecosystem::Maven, "1-1") < v(Ecosystem::Maven, "1.1"));
        assert!(v(Ecosystem::RubyGems, "1.0.a") < v(Ecosystem::RubyGems, "1.0"));
        assert_eq!(v(Ecosystem::NuGet, "1.0"), v(Ecosystem::NuGet, "1.0.0.0"));
        assert!(Version::parse(Ecosystem::CratesIo, "1.0").is_err());
        assert!(v(Ecosystem::Pub, "1.0.0") < v(Ecosystem::Pub, "1.0.0+1"));
        assert_eq!(v(Ecosystem::Npm, "1.0.0"), v(Ecosystem::Npm, "1.0.0+1"));
    }

    #[test]
    fn parse_semver_ignores_the_ecosystem() {
        let go = v(Ecosystem::Go, "v1.2.3");
        assert_eq!(Version::parse_semver("1.2.3").expect("semver"), go);
        assert!(Version::parse_semver("1.2").is_err());
    }

    #[test]
    fn different_schemes_order_by_scheme_without_panicking() {
        let semver = v(Ecosystem::CratesIo, "9.9.9");
        let maven = v(Ecosystem::Maven, "1.0");
        assert!(semver < maven);
        assert_ne!(semver, maven);
    }

    #[test]
    fn errors_name_scheme_and_text() {
        let error = Version::parse(Ecosystem::PyPI, "not a version").expect_err("invalid");
        let message = error.to_string();
        assert!(message.contains("PEP 440"), "{message}");
        assert!(message.contains("not a version"), "{message}");
        let long = "1".repeat(300);
        let error = Version::parse(Ecosystem::Maven, &long).expect_err("too long");
        assert!(error.to_string().contains("256"), "{error}");
    }

    /// Texts shaped like versions, so that many of them parse and get compared.
    /// Small numbers and few letters, so that equal and near-equal versions are common.
    fn version_like() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => "v?[0-2]\\.[0-2]\\.[0-2](-(alpha|rc|[0-2a-c])(\\.[0-2a-c]){0,2})?(\\+[0-2a-c])?",
            3 => "[0-2](\\.[0-2]){0,3}([-._]?(a|b|rc|dev|post|pre|beta|p)[0-2]{0,1}){0,2}",
            1 => "[0-9a-zA-Z.+_!-]{0,16}",
        ]
    }

    /// Maven's order is not transitive when a `.0` item meets a qualifier list (e.g.
    /// `3.0.0.M1` < `3.0` < `3.0-redhat-1` < `3.0.0.M1`), so its sample is the usual
    /// shape: dotted numbers and an optional `-qualifier[N]`.
    fn maven_like() -> impl Strategy<Value = String> {
        "[0-2](\\.[0-2]){0,3}(-(alpha|beta|milestone|rc|cr|snapshot|ga|final|sp|foo|[abm]|[0-9])[0-9]?)?"
    }

    fn check_order(a: &Version, b: &Version, c: &Version) -> Result<(), TestCaseError> {
        prop_assert_eq!(a.cmp(b), b.cmp(a).reverse());
        prop_assert_eq!(a.cmp(a), Ordering::Equal);
        if a <= b && b <= c {
            prop_assert!(a <= c, "{a:?} <= {b:?} <= {c:?}");
        }
        if a == b && b == c {
            prop_assert!(a == c);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn parse_never_panics(text in "\\PC{0,40}", shaped in version_like()) {
            for ecosystem in Ecosystem::ALL {
                let _ = Version::parse(ecosystem, &text);
                let _ = Version::parse(ecosystem, &shaped);
            }
            let _ = Version::parse_semver(&text);
        }

        #[test]
        fn order_is_consistent(a in version_like(), b in version_like(), c in version_like()) {
            for ecosystem in Ecosystem::ALL {
                if ecosystem == Ecosystem::Maven {
                    continue;
                }
                let parsed = [&a, &b, &c].map(|t| Version::parse(ecosystem, t));
                if let [Ok(a), Ok(b), Ok(c)] = &parsed {
                    // Every permutation, so that the transitivity check sees every chain.
                    for (x, y, z) in [(a, b, c), (a, c, b), (b, a, c), (b, c, a), (c, a, b), (c, b, a)] {
                        check_order(x, y, z)?;
                    }
                }
            }
        }

        #[test]
        fn maven_order_is_consistent(a in maven_like(), b in maven_like(), c in maven_like()) {
            let parsed = [&a, &b, &c].map(|t| Version::parse(Ecosystem::Maven, t));
            if let [Ok(a), Ok(b), Ok(c)] = &parsed {
                for (x, y, z) in [(a, b, c), (a, c, b), (b, a, c), (b, c, a), (c, a, b), (c, b, a)] {
                    check_order(x, y, z)?;
                }
            }
        }
    }
}
