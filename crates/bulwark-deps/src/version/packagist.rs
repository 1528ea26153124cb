//! Composer's versions (<https://getcomposer.org/doc/articles/versions.md>), Packagist's scheme.
//!
//! `v?N(.N){0,3}` (missing parts are 0, so `1.0` == `1.0.0.0`), then an optional stability
//! suffix, separated by nothing, `.`, `-` or `_`: `dev` < `alpha` = `a` < `beta` = `b` <
//! `RC` < stable < `patch` = `pl` = `p`, each with optional numbers (`1.0.0-beta2`,
//! `1.0.0-RC.1`) and an optional trailing `-dev` that sorts below the same version without
//! it. Build metadata (`+…`) is ignored, as Composer's parser does. Branch names (`dev-main`,
//! `1.x-dev`) name moving targets, not versions, and are rejected.

use super::digits;
use std::cmp::Ordering;

#[derive(Debug, Clone)]
pub(super) struct ComposerVersion {
    release: [String; 4],
    stability: Stability,
    /// The numbers after the stability word (`RC1.2` → `[1, 2]`), canonical digits.
    numbers: Vec<String>,
    /// A trailing `-dev` on a non-dev stability (`1.0.0-beta2-dev`).
    dev_suffix: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stability {
    Dev,
    Alpha,
    Beta,
    Rc,
    Stable,
    Patch,
}

/// Stability words, longest first so that `alpha` is not read as `a` + `lpha`.
const WORDS: [(&str, Stability); 9] = [
    ("stable", Stability::Stable),
    ("alpha", Stability::Alpha),
    ("patch", Stability::Patch),
    ("beta", Stability::Beta),
    ("rc", Stability::Rc),
    ("pl", Stability::Patch),
    ("a", Stability::Alpha),
    ("b", Stability::Beta),
    ("p", Stability::Patch),
];

/// Parses a Composer version (surrounding whitespace allowed).
pub(super) fn parse(text: &str) -> Result<ComposerVersion, String> {
    let lower = text.trim().to_ascii_lowercase();
    if lower.starts_with("dev-") || lower.contains(".x") || lower.contains(".*") {
        return Err("a branch or wildcard, not a version".into());
    }
    let text = lower.strip_prefix('v').unwrap_or(&lower);
    let text = text.split_once('+').map_or(text, |(version, _)| version);

    // Numeric part: up to four dot-separated numbers.
    let numeric_end = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let mut numeric = &text[..numeric_end];
    let mut rest = &text[numeric_end..];
    // A dot before the stability word belongs to the suffix (`1.0.0.beta2`).
    if let Some(stripped) = numeric.strip_suffix('.')
        && !rest.is_empty()
    {
        numeric = stripped;
        rest = &text[numeric_end - 1..];
    }
    let parts: Vec<&str> = numeric.split('.').collect();
    if parts.len() > 4 || !parts.iter().all(|p| digits::is_number(p)) {
        return Err("expected one to four dot-separated numbers".into());
    }
    let mut release: [String; 4] = Default::default();
    for (i, slot) in release.iter_mut().enumerate() {
        *slot = digits::canonical(parts.get(i).copied().unwrap_or("0")).to_string();
    }

    let (stability, numbers, dev_suffix) = parse_suffix(rest)?;
    Ok(ComposerVersion {
        release,
        stability,
        numbers,
        dev_suffix,
    })
}

/// `[._-]?(word((?:[.-]?\d+)*))?([.-]?dev)?`, the modifier part of Composer's pattern.
fn parse_suffix(rest: &str) -> Result<(Stability, Vec<String>, bool), String> {
    if rest.is_empty() {
        return Ok((Stability::Stable, Vec::new(), false));
    }
    let rest = rest.strip_prefix(['.', '-', '_']).unwrap_or(rest);
    if rest == "dev" {
        return Ok((Stability::Dev, Vec::new(), false));
    }
    let Some((word, stability)) = WORDS.iter().find(|(word, _)| rest.starts_with(word)) else {
        return Err(format!("unknown stability suffix {rest:?}"));
    };
    let mut rest = &rest[word.len()..];
    let mut numbers = Vec::new();
    loop {
        let after_separator = rest.strip_prefix(['.', '-']).unwrap_or(rest);
        let end = after_separator
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after_separator.len());
        if end == 0 {
            break;
        }
        numbers.push(digits::canonical(&after_separator[..end]).to_string());
        rest = &after_separator[end..];
    }
    let dev_suffix = match rest {
        "" => false,
        "dev" | ".dev" | "-dev" => true,
        other => return Err(format!("unexpected {other:?} after the stability suffix")),
    };
    Ok((*stability, numbers, dev_suffix))
}

impl Ord for ComposerVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.release
            .iter()
            .zip(&other.release)
            .map(|(a, b)| digits::cmp(a, b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
            .then_with(|| self.stability.cmp(&other.stability))
            .then_with(|| {
                self.numbers
                    .iter()
                    .zip(&other.numbers)
                    .map(|(a, b)| digits::cmp(a, b))
                    .find(|o| o.is_ne())
                    .unwrap_or_else(|| self.numbers.len().cmp(&other.numbers.len()))
            })
            // `-dev` comes before the version it leads to.
            .then_with(|| other.dev_suffix.cmp(&self.dev_suffix))
    }
}

impl PartialOrd for ComposerVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ComposerVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for ComposerVersion {}

#[cfg(test)]
mod tests {
    use super::*;

    fn composer(text: &str) -> ComposerVersion {
        parse(text).expect("valid Composer version")
    }

    #[test]
    fn orders_by_stability() {
        let chain = [
            "1.0.0-dev",
            "1.0.0-alpha",
            "1.0.0-alpha2",
            "1.0.0-beta1-dev",
            "1.0.0-beta1",
            "1.0.0-beta2",
            "1.0.0-beta10",
            "1.0.0-RC1",
            "1.0.0-RC1.1",
            "1.0.0",
            "1.0.0-p1",
            "1.0.0-patch2",
            "1.0.1",
            "1.0.10",
            "1.1",
            "2.0.0.1",
        ];
        for pair in chain.windows(2) {
            if let [low, high] = pair {
                assert!(composer(low) < composer(high), "{low} < {high}");
            }
        }
    }

    #[test]
    fn equal_spellings() {
        for (a, b) in [
            ("v1.0.0", "1.0.0"),
            ("1.0", "1.0.0.0"),
            ("1.0.0-stable", "1.0.0"),
            ("1.0.0-a1", "1.0.0-alpha1"),
            ("1.0.0-b.2", "1.0.0beta2"),
            ("1.0.0.RC1", "1.0.0-rc1"),
            ("1.0.0_pl3", "1.0.0-patch3"),
            ("1.0.0-beta-2", "1.0.0-beta2"),
            ("1.0.0+build.7", "1.0.0"),
            ("2010.01.02", "2010.1.2"),
        ] {
            assert_eq!(composer(a), composer(b), "{a} == {b}");
        }
    }

    #[test]
    fn rejects_branches_and_junk() {
        for bad in [
            "dev-main",
            "dev-feature/x",
            "1.x-dev",
            "2.1.*",
            "",
            "v",
            "1.0.0.0.0",
            "1.0.0-foo",
            "1.0.0-beta2-snapshot",
            "1..0",
            "latest",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
