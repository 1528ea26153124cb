//! The package ecosystems Bulwark knows, with the names OSV and purl give them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A package ecosystem. Its OSV name is the key advisories are stored under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Ecosystem {
    #[serde(rename = "crates.io")]
    CratesIo,
    Go,
    #[serde(rename = "npm")]
    Npm,
    PyPI,
    Maven,
    NuGet,
    RubyGems,
    Packagist,
    Pub,
    Hex,
}

impl Ecosystem {
    pub const ALL: [Ecosystem; 10] = [
        Ecosystem::CratesIo,
        Ecosystem::Go,
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::Maven,
        Ecosystem::NuGet,
        Ecosystem::RubyGems,
        Ecosystem::Packagist,
        Ecosystem::Pub,
        Ecosystem::Hex,
    ];

    /// The name OSV uses in `affected[].package.ecosystem` and in its bucket layout.
    pub fn osv_name(self) -> &'static str {
        match self {
            Ecosystem::CratesIo => "crates.io",
            Ecosystem::Go => "Go",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Maven => "Maven",
            Ecosystem::NuGet => "NuGet",
            Ecosystem::RubyGems => "RubyGems",
            Ecosystem::Packagist => "Packagist",
            Ecosystem::Pub => "Pub",
            Ecosystem::Hex => "Hex",
        }
    }

    /// Parses an OSV ecosystem name. OSV may suffix a release (`"Debian:12"`); those
    /// ecosystems are not ours, so only exact names match.
    pub fn from_osv(name: &str) -> Option<Ecosystem> {
        Ecosystem::ALL.into_iter().find(|e| e.osv_name() == name)
    }

    /// The package-url type (<https://github.com/package-url/purl-spec>).
    pub fn purl_type(self) -> &'static str {
        match self {
            Ecosystem::CratesIo => "cargo",
            Ecosystem::Go => "golang",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "pypi",
            Ecosystem::Maven => "maven",
            Ecosystem::NuGet => "nuget",
            Ecosystem::RubyGems => "gem",
            Ecosystem::Packagist => "composer",
            Ecosystem::Pub => "pub",
            Ecosystem::Hex => "hex",
        }
    }

    /// Parses a purl type.
    pub fn from_purl_type(kind: &str) -> Option<Ecosystem> {
        Ecosystem::ALL.into_iter().find(|e| e.purl_type() == kind)
    }

    /// The name under which advisories for `name` are filed, so that lookups never miss a
    /// package over spelling: PEP 503 for PyPI (`Foo_Bar.baz` → `foo-bar-baz`), lower case
    /// where the registry is case-insensitive (NuGet, Packagist, Pub, Hex), as-is elsewhere.
    pub fn normalize_name(self, name: &str) -> String {
        match self {
            Ecosystem::PyPI => {
                let mut out = String::with_capacity(name.len());
                let mut in_run = false;
                for c in name.trim().chars() {
                    if matches!(c, '-' | '_' | '.') {
                        if !in_run {
                            out.push('-');
                        }
                        in_run = true;
                    } else {
                        out.extend(c.to_lowercase());
                        in_run = false;
                    }
                }
                out
            }
            Ecosystem::NuGet | Ecosystem::Packagist | Ecosystem::Pub | Ecosystem::Hex => {
                name.trim().to_lowercase()
            }
            Ecosystem::CratesIo
            | Ecosystem::Go
            | Ecosystem::Npm
            | Ecosystem::Maven
            | Ecosystem::RubyGems => name.trim().to_string(),
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.osv_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pypi_names_follow_pep_503() {
        for (raw, normal) in [
            ("Django", "django"),
            ("friendly-bard", "friendly-bard"),
            ("Friendly-Bard", "friendly-bard"),
            ("FRIENDLY-BARD", "friendly-bard"),
            ("friendly.bard", "friendly-bard"),
            ("friendly_bard", "friendly-bard"),
            ("friendly--bard", "friendly-bard"),
            ("FrIeNdLy-._.-bArD", "friendly-bard"),
        ] {
            assert_eq!(Ecosystem::PyPI.normalize_name(raw), normal, "{raw}");
        }
    }

    #[test]
    fn osv_and_purl_names_round_trip() {
        for e in Ecosystem::ALL {
            assert_eq!(Ecosystem::from_osv(e.osv_name()), Some(e));
            assert_eq!(Ecosystem::from_purl_type(e.purl_type()), Some(e));
        }
        assert_eq!(Ecosystem::from_osv("Debian:12"), None);
    }

    #[test]
    fn case_sensitive_registries_keep_case() {
        assert_eq!(Ecosystem::Npm.normalize_name("JSONStream"), "JSONStream");
        assert_eq!(
            Ecosystem::NuGet.normalize_name("Newtonsoft.Json"),
            "newtonsoft.json"
        );
    }
}
