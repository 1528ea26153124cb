//! PEP 440 (<https://peps.python.org/pep-0440/>), PyPI's scheme, through `pep440_rs`: epochs,
//! pre-, post- and dev-releases, local versions, and the spec's normalisation of alternative
//! spellings (`1.0.0-alpha1` is `1.0.0a1`, `1.0-1` is `1.0.post1`, `v1.0` is `1.0`).

pub(super) use pep440_rs::Version as Pep440;
use std::str::FromStr;

/// Parses a PEP 440 version (surrounding whitespace is allowed by the spec).
pub(super) fn parse(text: &str) -> Result<Pep440, String> {
    Pep440::from_str(text.trim()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pep(text: &str) -> Pep440 {
        parse(text).expect("valid PEP 440 version")
    }

    #[test]
    fn orders_as_the_spec_example() {
        // The ordering example of PEP 440's "Summary of permitted suffixes and relative
        // ordering", extended with local versions and an epoch.
        let chain = [
            "1.dev0",
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
            "2013.10",
            "1!0.1",
        ];
        for pair in chain.windows(2) {
            if let [low, high] = pair {
                assert!(pep(low) < pep(high), "{low} < {high}");
            }
        }
    }

    #[test]
    fn normalises_alternative_spellings() {
        for (a, b) in [
            ("1.0.0-alpha1", "1.0.0a1"),
            ("1.0.0.alpha.1", "1.0.0a1"),
            ("1.0.0-beta2", "1.0.0b2"),
            ("1.0.0.RC1", "1.0.0rc1"),
            ("1.0c1", "1.0rc1"),
            ("1.0-pre1", "1.0rc1"),
            ("1.0-1", "1.0.post1"),
            ("1.0-r2", "1.0.post2"),
            ("1.0.dev", "1.0.dev0"),
            ("v1.0", "1.0"),
            ("1.0", "1.0.0"),
            ("0!1.0", "1.0"),
            ("1.0+ubuntu-1", "1.0+ubuntu.1"),
        ] {
            assert_eq!(pep(a), pep(b), "{a} == {b}");
        }
    }

    #[test]
    fn rejects_non_pep_440_text() {
        for bad in [
            "",
            "latest",
            "1..0",
            "1.0.0-foo",
            "1.0+",
            "dev-main",
            "1.0 beta",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
