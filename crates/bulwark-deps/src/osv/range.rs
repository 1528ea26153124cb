//! Whether a package version is inside an advisory's affected ranges, by the evaluation
//! algorithm of the OSV schema (<https://ossf.github.io/osv-schema/#evaluation>), and the
//! smallest version that leaves every advisory behind.
//!
//! The spec walks each range's events sorted by version. Sorting by an ecosystem order that
//! is not strictly transitive (Maven's) could panic, so the walk is computed without sorting:
//! the events that apply to `v` (an `introduced` at or below it, a `fixed` at or below it, a
//! `last_affected` below it) are exactly a prefix of the sorted walk, and the walk's result is
//! the kind of the greatest of them. On a tie (`introduced` and `fixed` at the same version)
//! the closing event wins, since such a range holds no version there.

use super::{Event, Range, RangeKind};
use crate::Ecosystem;
use crate::version::{Version, VersionError};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

/// True when `version` of a package in `ecosystem` is affected: listed in `versions` (by
/// string or by parsed equality) or inside one of `ranges`.
///
/// `SEMVER` ranges compare with SemVer 2.0 precedence ([`Version::parse_semver`], which takes
/// Go's `v1.2.3` as well as the advisories' `1.2.3`); `ECOSYSTEM` ranges with the ecosystem's
/// own scheme; `GIT` and unknown range types cannot be evaluated against a version and are
/// ignored.
///
/// A range with an event version that does not parse is skipped as a whole: guessing where
/// a malformed bound lies could invent or hide a match, and OSV databases enumerate the
/// affected `versions` alongside `ECOSYSTEM` ranges, which still apply.
///
/// Errors when `version` itself does not parse with the ecosystem's scheme, or when a
/// `SEMVER` range must be evaluated and `version` is not SemVer.
pub fn affects(
    ecosystem: Ecosystem,
    version: &str,
    ranges: &[Range],
    versions: &[String],
) -> Result<bool, VersionError> {
    affects_in(&VersionCache::new(ecosystem), version, ranges, versions)
}

/// Memoised parsing for one matching job. One package is checked against many advisories and
/// then many fix candidates are checked against the same advisories; re-parsing every event
/// version for each of those checks dominated matching (packages such as TensorFlow have
/// hundreds of advisories).
#[derive(Debug)]
pub struct VersionCache {
    ecosystem: Ecosystem,
    native: RefCell<HashMap<String, Parsed>>,
    semver: RefCell<HashMap<String, Parsed>>,
}

impl VersionCache {
    pub fn new(ecosystem: Ecosystem) -> Self {
        VersionCache {
            ecosystem,
            native: RefCell::new(HashMap::new()),
            semver: RefCell::new(HashMap::new()),
        }
    }

    /// [`Version::parse`] in the cache's ecosystem, memoised.
    pub fn parse(&self, text: &str) -> Parsed {
        memo(&self.native, text, |t| Version::parse(self.ecosystem, t))
    }

    /// [`Version::parse_semver`], memoised.
    pub fn parse_semver(&self, text: &str) -> Parsed {
        memo(&self.semver, text, Version::parse_semver)
    }
}

/// A memoised parse: shared, so that a cache hit copies a pointer, not a version.
pub type Parsed = Result<Rc<Version>, VersionError>;

fn memo(
    cache: &RefCell<HashMap<String, Parsed>>,
    text: &str,
    parse: impl Fn(&str) -> Result<Version, VersionError>,
) -> Parsed {
    if let Some(hit) = cache.borrow().get(text) {
        return hit.clone();
    }
    let parsed = parse(text).map(Rc::new);
    cache.borrow_mut().insert(text.to_string(), parsed.clone());
    parsed
}

/// [`affects`] with a shared [`VersionCache`].
pub fn affects_in(
    cache: &VersionCache,
    version: &str,
    ranges: &[Range],
    versions: &[String],
) -> Result<bool, VersionError> {
    let parsed = cache.parse(version)?;
    let listed = versions
        .iter()
        .any(|listed| listed == version || cache.parse(listed).is_ok_and(|l| *l == *parsed));
    if listed {
        return Ok(true);
    }
    let as_semver = ranges
        .iter()
        .any(|range| range.kind == RangeKind::Semver)
        .then(|| cache.parse_semver(version))
        .transpose()?;
    for range in ranges {
        let inside = match range.kind {
            RangeKind::Ecosystem => in_range(&parsed, &range.events, |t| cache.parse(t)),
            RangeKind::Semver => match &as_semver {
                Some(v) => in_range(v, &range.events, |t| cache.parse_semver(t)),
                None => continue,
            },
            RangeKind::Git | RangeKind::Unknown => continue,
        };
        // An unparseable event version skips the range (see above).
        if inside.unwrap_or(false) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Where the walk last changed state: `Start` is `introduced: "0"`, before every version.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Position {
    Start,
    At(Rc<Version>),
}

/// One range by the spec's walk, without sorting (see the module documentation).
fn in_range(
    v: &Version,
    events: &[Event],
    parse: impl Fn(&str) -> Parsed,
) -> Result<bool, VersionError> {
    let mut has_limit = false;
    let mut before_a_limit = false;
    // The greatest event applying to `v`, and whether it opens (introduced) the range.
    let mut latest: Option<(Position, bool)> = None;
    for event in events {
        let (position, opens) = match event {
            Event::Limit(text) => {
                has_limit = true;
                // `*` stands for infinity.
                if text.contains('*') || *v < *parse(text)? {
                    before_a_limit = true;
                }
                continue;
            }
            Event::Introduced(text) if text == "0" => (Position::Start, true),
            Event::Introduced(text) => {
                let at = parse(text)?;
                if *v < *at {
                    continue;
                }
                (Position::At(at), true)
            }
            Event::Fixed(text) => {
                let at = parse(text)?;
                if *v < *at {
                    continue;
                }
                (Position::At(at), false)
            }
            Event::LastAffected(text) => {
                let at = parse(text)?;
                if *v <= *at {
                    continue;
                }
                (Position::At(at), false)
            }
        };
        let later = match &latest {
            None => true,
            Some((best, _)) => match position.cmp(best) {
                Ordering::Greater => true,
                Ordering::Equal => !opens,
                Ordering::Less => false,
            },
        };
        if later {
            latest = Some((position, opens));
        }
    }
    Ok((!has_limit || before_a_limit) && latest.is_some_and(|(_, opens)| opens))
}

/// The smallest version above `version` that none of `advisories` (each its ranges and
/// enumerated versions) affects, chosen among their `fixed` events; `None` when no such
/// event closes them all. A `last_affected` bound yields no candidate: what follows it is
/// unknown, not fixed.
///
/// Candidates order by the ecosystem's scheme. For Go, a candidate taken from a `SEMVER`
/// range (`1.2.3`) is spelled with the `v` the module's own version has (`v1.2.3`).
pub fn smallest_fix(
    ecosystem: Ecosystem,
    version: &str,
    advisories: &[(&[Range], &[String])],
) -> Option<String> {
    smallest_fix_in(&VersionCache::new(ecosystem), version, advisories)
}

/// [`smallest_fix`] with a shared [`VersionCache`]. Candidates are tried from the smallest up
/// and the first that clears every advisory wins, so most candidates are never evaluated.
pub fn smallest_fix_in(
    cache: &VersionCache,
    version: &str,
    advisories: &[(&[Range], &[String])],
) -> Option<String> {
    let ecosystem = cache.ecosystem;
    let current = cache.parse(version).ok()?;
    let mut candidates: Vec<(Rc<Version>, String)> = advisories
        .iter()
        .flat_map(|(ranges, _)| ranges.iter())
        .filter(|range| matches!(range.kind, RangeKind::Semver | RangeKind::Ecosystem))
        .flat_map(|range| range.events.iter())
        .filter_map(|event| match event {
            Event::Fixed(text) => Some(spelled_like(ecosystem, version, text)),
            _ => None,
        })
        .filter_map(|candidate| {
            let parsed = cache.parse(&candidate).ok()?;
            (*parsed > *current).then_some((parsed, candidate))
        })
        .collect();
    let clears = |candidate: &str| {
        advisories.iter().all(|(ranges, versions)| {
            matches!(affects_in(cache, candidate, ranges, versions), Ok(false))
        })
    };
    if ecosystem == Ecosystem::Maven {
        // Maven's order is not transitive in mixed cases, and sorting by such an order may
        // panic: pick the minimum of what is left each round instead.
        while let Some(at) =
            (0..candidates.len()).min_by(|&a, &b| candidates[a].0.cmp(&candidates[b].0))
        {
            let (_, text) = candidates.swap_remove(at);
            if clears(&text) {
                return Some(text);
            }
        }
        return None;
    }
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    candidates.dedup_by(|a, b| a.1 == b.1);
    candidates
        .into_iter()
        .map(|(_, text)| text)
        .find(|text| clears(text))
}

fn spelled_like(ecosystem: Ecosystem, version: &str, fixed: &str) -> String {
    if ecosystem == Ecosystem::Go && version.starts_with('v') && !fixed.starts_with('v') {
        format!("v{fixed}")
    } else {
        fixed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(kind: RangeKind, events: &[(&str, &str)]) -> Range {
        let events = events
            .iter()
            .map(|(key, v)| match *key {
                "introduced" => Event::Introduced(v.to_string()),
                "fixed" => Event::Fixed(v.to_string()),
                "last_affected" => Event::LastAffected(v.to_string()),
                "limit" => Event::Limit(v.to_string()),
                other => panic!("unknown event kind {other}"),
            })
            .collect();
        Range { kind, events }
    }

    fn eco(events: &[(&str, &str)]) -> Range {
        range(RangeKind::Ecosystem, events)
    }

    fn semver(events: &[(&str, &str)]) -> Range {
        range(RangeKind::Semver, events)
    }

    fn check(ecosystem: Ecosystem, ranges: &[Range], expected: &[(&str, bool)]) {
        for (version, affected) in expected {
            assert_eq!(
                affects(ecosystem, version, ranges, &[]).expect("valid version"),
                *affected,
                "{ecosystem} {version} in {ranges:?}"
            );
        }
    }

    #[test]
    fn introduced_and_fixed() {
        let ranges = [eco(&[("introduced", "1.0.0"), ("fixed", "1.2.0")])];
        check(
            Ecosystem::Npm,
            &ranges,
            &[
                ("0.9.0", false),
                ("1.0.0-rc.1", false),
                ("1.0.0", true),
                ("1.1.9", true),
                ("1.2.0-beta", true),
                ("1.2.0", false),
                ("2.0.0", false),
            ],
        );
    }

    #[test]
    fn introduced_zero_is_the_start() {
        let ranges = [eco(&[("introduced", "0"), ("fixed", "2.0")])];
        check(
            Ecosystem::PyPI,
            &ranges,
            &[
                ("0.0.1.dev1", true),
                ("1.9", true),
                ("2.0rc1", true),
                ("2.0", false),
            ],
        );
        let open = [eco(&[("introduced", "0")])];
        check(Ecosystem::Maven, &open, &[("1", true), ("999.0-sp", true)]);
    }

    #[test]
    fn last_affected_includes_its_version() {
        let ranges = [eco(&[("introduced", "1.0"), ("last_affected", "1.4")])];
        check(
            Ecosystem::PyPI,
            &ranges,
            &[
                ("0.9", false),
                ("1.0", true),
                ("1.4", true),
                ("1.4.0", true),
                ("1.4.post1", false),
                ("1.5", false),
            ],
        );
    }

    #[test]
    fn several_intervals_in_any_event_order() {
        // Unsorted on purpose: the walk must not depend on the listed order.
        let ranges = [eco(&[
            ("fixed", "2.3.1"),
            ("introduced", "2.0.0"),
            ("fixed", "1.5.2"),
            ("introduced", "1.0.0"),
        ])];
        check(
            Ecosystem::CratesIo,
            &ranges,
            &[
                ("0.9.0", false),
                ("1.0.0", true),
                ("1.5.1", true),
                ("1.5.2", false),
                ("1.9.9", false),
                ("2.0.0", true),
                ("2.3.0", true),
                ("2.3.1", false),
            ],
        );
    }

    #[test]
    fn tie_between_introduced_and_fixed_is_not_affected() {
        let ranges = [eco(&[("introduced", "1.0.0"), ("fixed", "1.0.0")])];
        check(
            Ecosystem::Npm,
            &ranges,
            &[("1.0.0", false), ("1.5.0", false)],
        );
    }

    #[test]
    fn limits_bound_the_range() {
        let ranges = [eco(&[("introduced", "1.0.0"), ("limit", "1.5.0")])];
        check(
            Ecosystem::Npm,
            &ranges,
            &[("1.4.9", true), ("1.5.0", false), ("3.0.0", false)],
        );
        let star = [eco(&[("introduced", "1.0.0"), ("limit", "*")])];
        check(Ecosystem::Npm, &star, &[("9.0.0", true)]);
        // Several limits: below any of them is enough.
        let two = [eco(&[
            ("introduced", "1.0.0"),
            ("limit", "1.2.0"),
            ("limit", "2.0.0"),
        ])];
        check(Ecosystem::Npm, &two, &[("1.5.0", true), ("2.0.0", false)]);
    }

    #[test]
    fn semver_ranges_use_semver_precedence_for_go() {
        // Go advisories write SEMVER bounds without `v`; go.mod versions carry it.
        let ranges = [semver(&[("introduced", "0"), ("fixed", "0.3.2")])];
        check(
            Ecosystem::Go,
            &ranges,
            &[
                ("v0.0.0-20210101000000-abcdef123456", true),
                ("v0.3.1", true),
                ("v0.3.2-0.20220101000000-abcdef123456", true),
                ("v0.3.2", false),
                ("v2.0.0+incompatible", false),
            ],
        );
    }

    #[test]
    fn explicit_versions_match_by_string_or_by_value() {
        let versions = [
            "1.0".to_string(),
            "2.0.0-RC1".to_string(),
            "weird build".to_string(),
        ];
        for (version, expected) in [
            ("1.0.0", true),
            ("1-ga", true),
            ("2.0.0-cr1", true),
            ("1.1", false),
        ] {
            assert_eq!(
                affects(Ecosystem::Maven, version, &[], &versions).expect("valid"),
                expected,
                "{version}"
            );
        }
        // A listed version that does not parse is only compared as a string.
        let pypi = ["2004d".to_string()];
        assert!(affects(Ecosystem::PyPI, "1.0", &[], &pypi).is_ok_and(|a| !a));
    }

    #[test]
    fn git_and_unknown_ranges_are_ignored() {
        let ranges = [
            range(RangeKind::Git, &[("introduced", "0"), ("fixed", "abc123")]),
            range(RangeKind::Unknown, &[("introduced", "0")]),
        ];
        check(Ecosystem::Npm, &ranges, &[("1.0.0", false)]);
    }

    #[test]
    fn a_range_with_an_unparseable_event_is_skipped() {
        let ranges = [
            eco(&[("introduced", "0"), ("fixed", "not a version")]),
            eco(&[("introduced", "3.0.0"), ("fixed", "3.1.0")]),
        ];
        check(
            Ecosystem::Npm,
            &ranges,
            &[("1.0.0", false), ("3.0.5", true)],
        );
        // The enumerated versions still apply.
        let versions = ["1.0.0".to_string()];
        assert!(affects(Ecosystem::Npm, "1.0.0", &ranges, &versions).expect("valid"));
    }

    #[test]
    fn an_unparseable_package_version_is_an_error() {
        let ranges = [eco(&[("introduced", "0")])];
        assert!(affects(Ecosystem::Npm, "latest", &ranges, &[]).is_err());
        assert!(affects(Ecosystem::Packagist, "dev-main", &ranges, &[]).is_err());
        // A PyPI version that is not SemVer cannot be placed in a SEMVER range.
        let semver_range = [semver(&[("introduced", "0")])];
        assert!(affects(Ecosystem::PyPI, "1.0", &semver_range, &[]).is_err());
    }

    #[test]
    fn smallest_fix_closes_every_advisory() {
        let first = [eco(&[
            ("introduced", "1.0.0"),
            ("fixed", "1.2.0"),
            ("introduced", "2.0.0"),
            ("fixed", "2.0.3"),
        ])];
        let second = [eco(&[("introduced", "1.1.0"), ("fixed", "1.3.0")])];
        let advisories: [(&[Range], &[String]); 2] = [(&first, &[]), (&second, &[])];
        assert_eq!(
            smallest_fix(Ecosystem::Npm, "1.1.5", &advisories).as_deref(),
            Some("1.3.0")
        );
        assert_eq!(
            smallest_fix(Ecosystem::Npm, "2.0.1", &advisories).as_deref(),
            Some("2.0.3")
        );
        // Only fixes above the current version count.
        assert_eq!(smallest_fix(Ecosystem::Npm, "3.0.0", &advisories), None);
    }

    #[test]
    fn smallest_fix_skips_fixes_that_another_advisory_covers() {
        let first = [eco(&[("introduced", "0"), ("fixed", "1.2.0")])];
        let listed = ["1.2.0".to_string()];
        let second = [eco(&[("introduced", "1.3.0"), ("fixed", "1.4.0")])];
        let advisories: [(&[Range], &[String]); 2] = [(&first, &[]), (&second, &listed)];
        assert_eq!(
            smallest_fix(Ecosystem::Npm, "1.0.0", &advisories).as_deref(),
            Some("1.4.0")
        );
    }

    #[test]
    fn smallest_fix_ignores_last_affected_and_unfixed_ranges() {
        let last = [eco(&[("introduced", "0"), ("last_affected", "1.4")])];
        let advisories: [(&[Range], &[String]); 1] = [(&last, &[])];
        assert_eq!(smallest_fix(Ecosystem::PyPI, "1.0", &advisories), None);
        let open = [eco(&[("introduced", "0")])];
        let fixed = [eco(&[("introduced", "0"), ("fixed", "2.0")])];
        let advisories: [(&[Range], &[String]); 2] = [(&fixed, &[]), (&open, &[])];
        assert_eq!(smallest_fix(Ecosystem::PyPI, "1.0", &advisories), None);
    }

    #[test]
    fn smallest_fix_spells_go_versions_with_v() {
        let ranges = [semver(&[("introduced", "0"), ("fixed", "0.17.0")])];
        let advisories: [(&[Range], &[String]); 1] = [(&ranges, &[])];
        assert_eq!(
            smallest_fix(Ecosystem::Go, "v0.16.0", &advisories).as_deref(),
            Some("v0.17.0")
        );
        assert_eq!(
            smallest_fix(Ecosystem::Go, "not-a-version", &advisories),
            None
        );
    }
}
