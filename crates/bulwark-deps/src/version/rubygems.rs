//! RubyGems' `Gem::Version` (<https://guides.rubygems.org/patterns/#semantic-versioning> and
//! the class documentation).
//!
//! A version is `N(.X)*` optionally followed by `-X(.X)*`, where `-` means `.pre.`. Segments
//! are the runs of digits and of letters (`1.0.b1` is `1, 0, b, 1`); a version with any
//! letter segment is a prerelease. Comparison pads with `0`, a letter segment sorts below any
//! number (`1.0.a` < `1.0`), letters compare as strings, and trailing zeros are insignificant
//! both in the release part and in the prerelease part (`1.0` == `1`, `1.a.0` == `1.a`).

use super::digits;
use std::cmp::Ordering;

#[derive(Debug, Clone)]
pub(super) struct GemVersion(Vec<Segment>);

#[derive(Debug, Clone)]
enum Segment {
    /// Canonical digits.
    Number(String),
    Letters(String),
}

/// Parses a `Gem::Version` string (surrounding whitespace allowed, as Ruby does).
pub(super) fn parse(text: &str) -> Result<GemVersion, String> {
    let text = text.trim();
    validate(text)?;
    let text = text.replace('-', ".pre.");
    let mut segments = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        rest = &rest[start..];
        let digit = rest.starts_with(|c: char| c.is_ascii_digit());
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric() || c.is_ascii_digit() != digit)
            .unwrap_or(rest.len());
        let run = &rest[..end];
        segments.push(if digit {
            Segment::Number(digits::canonical(run).to_string())
        } else {
            Segment::Letters(run.to_string())
        });
        rest = &rest[end..];
    }
    Ok(GemVersion(canonical(segments)))
}

/// `Gem::Version`'s pattern: `\d+(\.[0-9A-Za-z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`.
fn validate(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("empty".into());
    }
    let (release, pre) = match text.split_once('-') {
        Some((release, pre)) => (release, Some(pre)),
        None => (text, None),
    };
    let mut parts = release.split('.');
    if !parts.next().is_some_and(digits::is_number) {
        return Err("must start with a number".into());
    }
    if parts.any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphanumeric())) {
        return Err("segments must be letters and digits separated by single dots".into());
    }
    if let Some(pre) = pre
        && pre
            .split('.')
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    {
        return Err("malformed prerelease after '-'".into());
    }
    Ok(())
}

/// Drops trailing zeros from the release part and from the prerelease part, as
/// `Gem::Version#canonical_segments` does.
fn canonical(segments: Vec<Segment>) -> Vec<Segment> {
    let split = segments
        .iter()
        .position(|s| matches!(s, Segment::Letters(_)))
        .unwrap_or(segments.len());
    let mut release = segments;
    let mut pre = release.split_off(split);
    trim_zeros(&mut release);
    trim_zeros(&mut pre);
    release.extend(pre);
    release
}

fn trim_zeros(segments: &mut Vec<Segment>) {
    while matches!(segments.last(), Some(Segment::Number(n)) if n == "0") {
        segments.pop();
    }
}

fn cmp_segments(a: Option<&Segment>, b: Option<&Segment>) -> Ordering {
    let zero = Segment::Number("0".into());
    match (a.unwrap_or(&zero), b.unwrap_or(&zero)) {
        (Segment::Number(x), Segment::Number(y)) => digits::cmp(x, y),
        (Segment::Letters(x), Segment::Letters(y)) => x.cmp(y),
        (Segment::Letters(_), Segment::Number(_)) => Ordering::Less,
        (Segment::Number(_), Segment::Letters(_)) => Ordering::Greater,
    }
}

impl Ord for GemVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        (0..self.0.len().max(other.0.len()))
            .map(|i| cmp_segments(self.0.get(i), other.0.get(i)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl PartialOrd for GemVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for GemVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for GemVersion {}

#[cfg(test)]
mod tests {
    use super::*;

    fn gem(text: &str) -> GemVersion {
        parse(text).expect("valid gem version")
    }

    #[test]
    fn orders_as_documented() {
        // From Gem::Version's documentation: prereleases sort before their release, letters
        // below numbers, numbers numerically.
        let chain = [
            "1.0.a",
            "1.0.a.2",
            "1.0.b1",
            "1.0.rc1",
            "1.0",
            "1.0.1",
            "1.1.a",
            "1.1",
            "1.9",
            "1.10",
            "2.0.0-pre1",
            "2.0.0.rc1",
            "2.0.0",
        ];
        for pair in chain.windows(2) {
            if let [low, high] = pair {
                assert!(gem(low) < gem(high), "{low} < {high}");
            }
        }
    }

    #[test]
    fn equal_spellings() {
        for (a, b) in [
            ("1.0", "1"),
            ("1.0.0", "1"),
            ("1.0.a", "1.a"),
            ("1.a.0", "1.a"),
            ("1.0.b1", "1.0.b.1"),
            ("1.0-pre", "1.0.pre.pre"),
            ("1.0-1", "1.0.pre.1"),
            (" 1.2.3 ", "1.2.3"),
            ("1.01", "1.1"),
        ] {
            assert_eq!(gem(a), gem(b), "{a} == {b}");
        }
        // Letters compare as strings, case-sensitively as Ruby's String#<=> does.
        assert!(gem("1.0.B") < gem("1.0.a"));
    }

    #[test]
    fn rejects_malformed_versions() {
        for bad in [
            "", "a.1", ".1", "1..2", "1.", "1.0 beta", "1-", "1-a..b", "1_0", "v1.0", "1.0+b",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
