//! Source control, CI/CD, package registries and container registries.
//!
//! One file per provider family; list each in [`detectors`]. The helpers below are shared by the
//! families: where a token ends, the `name…token = value` context that unprefixed formats need,
//! and the checks that turn away look-alikes.

mod atlassian;
mod azure_devops;
mod buildkite;
mod circleci;
mod codecov;
mod docker;
mod drone;
mod github;
mod gitlab;
mod grafana;
mod harness;
mod jenkins;
mod jfrog;
mod kubernetes;
mod netrc;
mod npm;
mod nuget;
mod octopus;
mod postman;
mod pypi;
mod rubygems;
mod snyk;
mod sonar;
mod sourcegraph;
mod travis;

use crate::Check;
use crate::Detector;

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 25] = [
        atlassian::detectors,
        azure_devops::detectors,
        buildkite::detectors,
        circleci::detectors,
        codecov::detectors,
        docker::detectors,
        drone::detectors,
        github::detectors,
        gitlab::detectors,
        grafana::detectors,
        harness::detectors,
        jenkins::detectors,
        jfrog::detectors,
        kubernetes::detectors,
        netrc::detectors,
        npm::detectors,
        nuget::detectors,
        octopus::detectors,
        postman::detectors,
        pypi::detectors,
        rubygems::detectors,
        snyk::detectors,
        sonar::detectors,
        sourcegraph::detectors,
        travis::detectors,
    ];
    super::collect(&families)
}

/// The end of a URL-safe token: a character outside `[A-Za-z0-9_-]`, or the end of the window.
/// (`\b` is not enough: these alphabets contain `-`, so a longer token would match truncated.)
const END: &str = r"(?:[^A-Za-z0-9_-]|$)";

/// The end of a standard base64 token (alphabet `[A-Za-z0-9+/]`, `=` padding).
const END_BASE64: &str = r"(?:[^A-Za-z0-9+/=_-]|$)";

/// A version 4-style UUID, the format of several CI tokens that carry no prefix.
const UUID: &str = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// `<name>…<kind> = <value>` in any common syntax (`NAME_KIND=v`, `name.kind: "v"`,
/// `"nameKind": "v"`, `Name-Kind: v` headers, `:=`, `=>`), case-insensitive, with `value` in
/// capture group 1. For formats without a prefix: the provider's name must be written right
/// before the value, which keeps commit hashes, UUIDs and checksums elsewhere out.
fn assignment(names: &str, kinds: &str, value: &str) -> String {
    format!(
        r#"(?i:(?:{names})[\w.-]{{0,20}}?(?:{kinds})[\w-]{{0,12}}?["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?({value})){END}"#
    )
}

/// Markers of made-up values that [`crate::Detector`]'s placeholder filter does not cover:
/// keyboard runs and words a random token essentially never contains.
const FAKE_MARKERS: [&str; 6] = [
    "abcdefgh", "12345678", "redacted", "example", "sample", "0000000",
];

/// Whether `value` is an obviously made-up value (`…12345678…`, `…redacted…`).
fn looks_fake(value: &[u8]) -> bool {
    let lower = value.to_ascii_lowercase();
    FAKE_MARKERS
        .iter()
        .any(|marker| lower.windows(marker.len()).any(|w| w == marker.as_bytes()))
}

/// The default check of prefixed tokens: reject made-up values.
fn plausible(value: &[u8]) -> Check {
    if looks_fake(value) {
        Check::Reject
    } else {
        Check::Keep
    }
}

/// Prefixes of tokens that have their own detector: a generic rule (`.npmrc`, `.netrc`, …) that
/// finds one of these leaves it to that detector, so a token is reported once, under its name.
const DEDICATED_PREFIXES: [&str; 27] = [
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "gldt-",
    "glrt-",
    "glcbt-",
    "npm_",
    "pypi-AgEIcHlwaS5vcmc",
    "rubygems_",
    "ATBB",
    "ATATT",
    "ATCTT",
    "dckr_pat_",
    "dckr_oat_",
    "AKCp",
    "cmVmdGtu",
    "CCIPAT_",
    "squ_",
    "sqp_",
    "sqa_",
    "glsa_",
    "glc_",
    "sgp_",
];

/// Whether another detector of this group reports `value` under a more precise rule.
fn has_dedicated_rule(value: &[u8]) -> bool {
    DEDICATED_PREFIXES
        .iter()
        .any(|prefix| value.starts_with(prefix.as_bytes()))
}

/// Whether `value` points at a secret kept elsewhere (`$TOKEN`, `%(token)s`, `{{ secret }}`,
/// `%TOKEN%`, `env.TOKEN`) rather than being one.
fn is_reference(value: &[u8]) -> bool {
    const REFERENCES: [&str; 7] = [
        "$",
        "%",
        "{{",
        "env.",
        "secrets.",
        "process.env",
        "os.environ",
    ];
    REFERENCES
        .iter()
        .any(|prefix| value.starts_with(prefix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn group_has_one_rule_per_detector() {
        let detectors = detectors().expect("compiles");
        assert!(detectors.len() >= 38, "{} detectors", detectors.len());
        let ids: HashSet<&str> = detectors.iter().map(|d| d.rule.id).collect();
        assert_eq!(ids.len(), detectors.len(), "a rule id is used twice");
        for detector in &detectors {
            let rule = detector.rule;
            assert!(rule.id.starts_with("secrets."), "{}", rule.id);
            assert!(
                rule.id[8..]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                rule.id
            );
            assert!(rule.cwe.contains(&"CWE-798"), "{}", rule.id);
            assert_eq!(rule.owasp, ["A07:2021"], "{}", rule.id);
            assert!(!detector.keywords.is_empty(), "{} has no keyword", rule.id);
            assert!(!rule.description.is_empty() && !rule.remediation.is_empty());
        }
    }

    #[test]
    fn assignment_needs_the_name_next_to_the_value() {
        let re = regex::Regex::new(&assignment("circle(?:ci)?", "token", "[a-f0-9]{8}"))
            .expect("compiles");
        for text in [
            "CIRCLECI_TOKEN=0a1b2c3d",
            "circle-token: \"0a1b2c3d\"",
            "\"circleToken\": \"0a1b2c3d\"",
            "circle_token := '0a1b2c3d'",
        ] {
            assert!(re.is_match(text), "{text}");
        }
        for text in [
            "CIRCLE_SHA1=0a1b2c3d",
            "token=0a1b2c3d",
            "CIRCLECI_TOKEN=0a1b2c3d9",
        ] {
            assert!(!re.is_match(text), "{text}");
        }
    }

    #[test]
    fn recognises_fake_and_referenced_values() {
        assert!(looks_fake(b"glpat-12345678901234567890"));
        assert!(looks_fake(b"npm_REDACTED"));
        assert!(!looks_fake(b"M0XvqZjxTW3xvboSRt5M"));
        assert!(is_reference(b"$NPM_TOKEN"));
        assert!(is_reference(b"%(password)s"));
        assert!(!is_reference(b"S3cr3tP4ss"));
        assert!(has_dedicated_rule(b"npm_abc"));
        assert!(!has_dedicated_rule(b"pypi-AgENdGVzdC5weXBpLm9yZw"));
    }
}
