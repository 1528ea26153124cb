//! Maven's `ComparableVersion` (<https://maven.apache.org/pom.html#Version_Order_Specification>).
//!
//! The text (lower-cased) is split into items on `.`, on `-` and on digit/letter transitions;
//! a `-` or a transition opens a nested list, so `1-1` is `[1, [1]]` and sorts below `1.1`
//! (`[1, 1]`). Numbers compare numerically, qualifiers as `alpha` = `a` < `beta` = `b` <
//! `milestone` = `m` < `rc` = `cr` < `snapshot` < `""` = `ga` = `final` = `release` < `sp`
//! < unknown qualifiers (lexically); `a`/`b`/`m` are abbreviations only when a digit follows.
//! Trailing null items (`0`, `""`, empty lists) are trimmed in each list, so `1.0` == `1.0.0`
//! == `1-ga`. A trailing `.qualifier` is read as `-qualifier` (as Maven 3.9 does).
//!
//! One deliberate difference: when a list is compared against padding, Maven looks only at
//! its first item, which makes `1-0.1` equal to `1` yet below `1-0.2`; here every item is
//! compared against padding. Maven's order is still not transitive across mixed separators
//! (`3.0.0.M1` < `3.0` < `3.0-redhat-1` < `3.0.0.M1`); we keep Maven's pairwise answers,
//! because they are what Maven resolves, and callers never sort by it.

use super::digits;
use std::cmp::Ordering;

#[derive(Debug, Clone)]
pub(super) struct MavenVersion(Vec<Item>);

#[derive(Debug, Clone)]
enum Item {
    /// Canonical digits (no leading zeros).
    Int(String),
    /// A canonical qualifier (aliases resolved, `""` for a release).
    Str(String),
    List(Vec<Item>),
}

const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE: usize = 5;

/// Parses any non-empty text without whitespace: Maven orders every such string.
pub(super) fn parse(text: &str) -> Result<MavenVersion, String> {
    if text.is_empty() {
        return Err("empty".into());
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("contains whitespace or control characters".into());
    }
    let text = text.to_lowercase();
    // A `-` or a transition opens a list that stays the last item of its parent, so the
    // open lists form a chain: `parents` holds the ones above the current `list`.
    let mut parents: Vec<Vec<Item>> = Vec::new();
    let mut list: Vec<Item> = Vec::new();
    let mut is_digit = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '.' || c == '-' {
            list.push(if i == start {
                Item::Int("0".into())
            } else {
                item(is_digit, &text[start..i])
            });
            start = i + 1;
            if c == '-' {
                parents.push(std::mem::take(&mut list));
            }
        } else if c.is_ascii_digit() {
            if !is_digit && i > start {
                list.push(Item::Str(qualifier(&text[start..i], true)));
                start = i;
                parents.push(std::mem::take(&mut list));
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                list.push(item(true, &text[start..i]));
                start = i;
                parents.push(std::mem::take(&mut list));
            }
            is_digit = false;
        }
    }
    if text.len() > start {
        if !is_digit && !list.is_empty() {
            parents.push(std::mem::take(&mut list));
        }
        list.push(item(is_digit, &text[start..]));
    }
    normalize(&mut list);
    while let Some(mut parent) = parents.pop() {
        parent.push(Item::List(list));
        normalize(&mut parent);
        list = parent;
    }
    Ok(MavenVersion(list))
}

fn item(is_digit: bool, text: &str) -> Item {
    if is_digit {
        Item::Int(digits::canonical(text).to_string())
    } else {
        Item::Str(qualifier(text, false))
    }
}

fn qualifier(text: &str, followed_by_digit: bool) -> String {
    let text = match text {
        "a" if followed_by_digit => "alpha",
        "b" if followed_by_digit => "beta",
        "m" if followed_by_digit => "milestone",
        "ga" | "final" | "release" => "",
        "cr" => "rc",
        other => other,
    };
    text.to_string()
}

/// Removes trailing null items, looking through (non-null) nested lists.
fn normalize(list: &mut Vec<Item>) {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        if list.get(i).is_some_and(Item::is_null) {
            list.remove(i);
        } else if !matches!(list.get(i), Some(Item::List(_))) {
            break;
        }
    }
}

impl Item {
    fn is_null(&self) -> bool {
        match self {
            Item::Int(n) => n == "0",
            Item::Str(q) => q.is_empty(),
            Item::List(items) => items.is_empty(),
        }
    }
}

/// Known qualifiers by rank, unknown ones after all of them, lexically.
fn rank(q: &str) -> (usize, &str) {
    match QUALIFIERS.iter().position(|k| *k == q) {
        Some(i) => (i, ""),
        None => (QUALIFIERS.len(), q),
    }
}

/// Compares two items; `None` is the padding of the shorter list.
fn cmp_items(a: Option<&Item>, b: Option<&Item>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (Some(a), None) => cmp_to_padding(a),
        (None, Some(b)) => cmp_to_padding(b).reverse(),
        (Some(Item::Int(x)), Some(Item::Int(y))) => digits::cmp(x, y),
        (Some(Item::Str(x)), Some(Item::Str(y))) => rank(x).cmp(&rank(y)),
        (Some(Item::List(x)), Some(Item::List(y))) => cmp_lists(x, y),
        // Across kinds: qualifier < list (`-…`) < number (`.n`).
        (Some(Item::Int(_)), Some(_)) | (Some(Item::List(_)), Some(Item::Str(_))) => {
            Ordering::Greater
        }
        (Some(Item::Str(_)), Some(_)) | (Some(Item::List(_)), Some(Item::Int(_))) => Ordering::Less,
    }
}

fn cmp_to_padding(item: &Item) -> Ordering {
    match item {
        Item::Int(n) => digits::cmp(n, "0"),
        Item::Str(q) => rank(q).cmp(&(RELEASE, "")),
        Item::List(items) => cmp_lists(items, &[]),
    }
}

fn cmp_lists(a: &[Item], b: &[Item]) -> Ordering {
    (0..a.len().max(b.len()))
        .map(|i| cmp_items(a.get(i), b.get(i)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

impl Ord for MavenVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_lists(&self.0, &other.0)
    }
}

impl PartialOrd for MavenVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for MavenVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for MavenVersion {}

#[cfg(test)]
mod tests {
    use super::*;

    fn maven(text: &str) -> MavenVersion {
        parse(text).expect("valid Maven version")
    }

    #[test]
    fn equal_versions_from_the_specification() {
        for group in [
            &[
                "1",
                "1.0",
                "1.0.0",
                "1.ga",
                "1-ga",
                "1.final",
                "1-0",
                "1.",
                "1-",
                "1.release",
                "1-GA",
            ][..],
            &["1-a1", "1-alpha-1", "1-alpha1", "1-ALPHA1"],
            &["1-b2", "1-beta-2", "1-beta2"],
            &["1-m3", "1-milestone-3", "1-MILESTONE3"],
            &["1-rc", "1-cr", "1.0-RC", "1.0.0-CR"],
            &["1.0.0-foo.0.0", "1-foo"],
            &["1.foo", "1-foo"],
            &["1.0.0-0.0.0", "1"],
            &["2.0.1", "2.0.01", "2.00.1"],
        ] {
            for pair in group.windows(2) {
                if let [a, b] = pair {
                    assert_eq!(maven(a), maven(b), "{a} == {b}");
                }
            }
        }
    }

    #[test]
    fn ordering_from_the_specification() {
        let chains: [&[&str]; 5] = [
            // Qualifier order around a release.
            &[
                "1-alpha",
                "1-beta",
                "1-milestone",
                "1-rc",
                "1-snapshot",
                "1",
                "1-sp",
                "1-abc",
                "1-def",
            ],
            // Number padding and separators.
            &["1", "1.1", "1.1.1", "1.2", "1.10", "2"],
            &["1-1", "1.1"],
            // ".qualifier" = "-qualifier" < "-number" < ".number".
            &["1-foo", "1-1", "1.1"],
            // Numbers inside qualifiers switch to numeric order.
            &["1-foo2", "1-foo10", "1-foo10.1"],
        ];
        for chain in chains {
            for pair in chain.windows(2) {
                if let [low, high] = pair {
                    assert!(maven(low) < maven(high), "{low} < {high}");
                    assert!(maven(high) > maven(low), "{high} > {low}");
                }
            }
        }
        for (low, high) in [
            ("1-sp", "1-sp-1"),
            ("1-snapshot", "1"),
            ("1", "1-sp"),
            ("1.0-SNAPSHOT", "1.0"),
            ("1.0-alpha-1", "1.0-alpha-2"),
            ("2.0.0.M1", "2.0.0.RC1"),
            ("2.0.0.RC1", "2.0.0.RELEASE"),
            ("2.0.0.RELEASE", "2.0.1"),
            ("5.4.2.Final", "5.4.3.Final"),
            ("1.2.3-redhat-00001", "1.2.3-redhat-00002"),
            ("2.12.7", "2.12.7.1"),
        ] {
            assert!(maven(low) < maven(high), "{low} < {high}");
        }
        // Trimmed padding: 1-0.1 is above 1, unlike Maven's first-item-only comparison.
        assert!(maven("1") < maven("1-0.1"));
        assert!(maven("1-0.1") < maven("1-0.2"));
    }

    #[test]
    fn rejects_empty_and_whitespace() {
        for bad in ["", "1 .0", "1.0\n", "\t"] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
        // Anything else orders, including odd characters and non-ASCII digits (letters here).
        assert!(parse("1.0_beta+x").is_ok());
        assert!(parse("١.٢").is_ok());
    }
}
