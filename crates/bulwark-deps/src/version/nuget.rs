//! NuGet's `NuGetVersion` (<https://learn.microsoft.com/nuget/concepts/package-versioning>).
//!
//! SemVer 2.0 widened: one to four numeric parts (`1.0` == `1.0.0.0`, a missing part is 0),
//! leading zeros allowed (`01.0` == `1.0`), prerelease labels compared case-insensitively,
//! and `+metadata` ignored.

use super::digits;
use std::cmp::Ordering;

#[derive(Debug, Clone)]
pub(super) struct NuGetVersion {
    /// Major, minor, patch, revision as canonical digits.
    release: [String; 4],
    /// Lower-cased prerelease identifiers; empty for a release.
    pre: Vec<String>,
}

/// Parses a NuGet version (surrounding whitespace allowed).
pub(super) fn parse(text: &str) -> Result<NuGetVersion, String> {
    let text = text.trim();
    let (text, metadata) = match text.split_once('+') {
        Some((version, metadata)) => (version, Some(metadata)),
        None => (text, None),
    };
    if let Some(metadata) = metadata
        && !identifiers_ok(metadata)
    {
        return Err("malformed metadata after '+'".into());
    }
    let (release_text, pre_text) = match text.split_once('-') {
        Some((release, pre)) => (release, Some(pre)),
        None => (text, None),
    };
    let parts: Vec<&str> = release_text.split('.').collect();
    if parts.len() > 4 {
        return Err("more than four numeric parts".into());
    }
    if !parts.iter().all(|p| digits::is_number(p)) {
        return Err("numeric parts must be digits separated by single dots".into());
    }
    let mut release: [String; 4] = Default::default();
    for (slot, part) in release.iter_mut().zip(&parts) {
        *slot = digits::canonical(part).to_string();
    }
    for slot in release.iter_mut().skip(parts.len()) {
        *slot = "0".into();
    }
    let pre = match pre_text {
        None => Vec::new(),
        Some(pre) if identifiers_ok(pre) => pre.split('.').map(str::to_ascii_lowercase).collect(),
        Some(_) => return Err("malformed prerelease label after '-'".into()),
    };
    Ok(NuGetVersion { release, pre })
}

/// Dot-separated, non-empty identifiers of ASCII letters, digits and hyphens.
fn identifiers_ok(text: &str) -> bool {
    text.split('.')
        .all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// SemVer 2.0 identifier order: numbers numerically and below labels, labels lexically.
fn cmp_identifier(a: &str, b: &str) -> Ordering {
    match (digits::is_number(a), digits::is_number(b)) {
        (true, true) => digits::cmp(a, b),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.cmp(b),
    }
}

impl Ord for NuGetVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let release = self
            .release
            .iter()
            .zip(&other.release)
            .map(|(a, b)| digits::cmp(a, b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal);
        release.then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => {
                let labels = self
                    .pre
                    .iter()
                    .zip(&other.pre)
                    .map(|(a, b)| cmp_identifier(a, b))
                    .find(|o| o.is_ne());
                labels.unwrap_or_else(|| self.pre.len().cmp(&other.pre.len()))
            }
        })
    }
}

impl PartialOrd for NuGetVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for NuGetVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for NuGetVersion {}

#[cfg(test)]
mod tests {
    use super::*;

    fn nuget(text: &str) -> NuGetVersion {
        parse(text).expect("valid NuGet version")
    }

    #[test]
    fn equal_spellings() {
        for (a, b) in [
            ("1.0", "1.0.0.0"),
            ("1", "1.0.0"),
            ("01.02.03", "1.2.3"),
            ("1.0.0-BETA", "1.0.0-beta"),
            ("1.0.0+git.abc", "1.0.0"),
            ("1.0.0-rc.1+build.5", "1.0.0-RC.1"),
        ] {
            assert_eq!(nuget(a), nuget(b), "{a} == {b}");
        }
    }

    #[test]
    fn orders_as_documented() {
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-Beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.0.1",
            "1.0.1",
            "1.0.10",
            "1.1",
            "2.0.0.0",
        ];
        for pair in chain.windows(2) {
            if let [low, high] = pair {
                assert!(nuget(low) < nuget(high), "{low} < {high}");
            }
        }
        // Legacy SemVer 1 labels compare lexically.
        assert!(nuget("1.0.0-beta01") < nuget("1.0.0-beta02"));
    }

    #[test]
    fn rejects_malformed_versions() {
        for bad in [
            "",
            "1.2.3.4.5",
            "1..2",
            "v1.0",
            "1.0-",
            "1.0-beta..1",
            "1.0+",
            "1.0.x",
            "1.0 beta",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
