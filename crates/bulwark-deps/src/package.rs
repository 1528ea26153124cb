//! What every lockfile parser yields: packages at exact versions, and the edges between them.

use crate::Ecosystem;
use serde::{Deserialize, Serialize};

/// Whether the project asked for a package itself or got it through another package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Relationship {
    Direct,
    Transitive,
    /// The format does not say.
    #[default]
    Unknown,
}

/// When a package is installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Needed at run time (or the format does not distinguish).
    #[default]
    Runtime,
    /// Development / test only.
    Dev,
    /// Optional (an extra, an optional peer).
    Optional,
}

/// A content hash the lockfile records, e.g. `("sha512", "<hex or base64 as recorded>")`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Checksum {
    /// Lower-case algorithm name: `sha1`, `sha256`, `sha384`, `sha512`, `md5`, or a
    /// format-specific scheme such as `h1` (Go's go.sum) kept as recorded.
    pub algorithm: String,
    /// As recorded (hex for most formats, base64 for npm's SRI and go.sum).
    pub value: String,
}

/// One package at one exact version, as a lockfile pins it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub ecosystem: Ecosystem,
    /// Normalised with [`Ecosystem::normalize_name`]; Maven is `group:artifact`, Go the module path.
    pub name: String,
    /// Exact version as the lockfile states it (Go keeps its `v` prefix).
    pub version: String,
    pub relationship: Relationship,
    pub scope: Scope,
    /// Scan-relative path of the lockfile that pins it.
    pub path: String,
    /// 1-based line of the entry in that file (0 when the format gives no position).
    pub line: u32,
    pub checksums: Vec<Checksum>,
    /// SPDX expression(s) the lockfile declares, as written.
    pub licenses: Vec<String>,
}

impl Package {
    /// A runtime package of unknown relationship; parsers then set what the format knows.
    pub fn new(ecosystem: Ecosystem, name: &str, version: &str, path: &str, line: u32) -> Self {
        Package {
            ecosystem,
            name: ecosystem.normalize_name(name),
            version: version.trim().to_string(),
            relationship: Relationship::Unknown,
            scope: Scope::Runtime,
            path: path.to_string(),
            line,
            checksums: Vec::new(),
            licenses: Vec::new(),
        }
    }

    /// The package URL, e.g. `pkg:npm/%40babel/core@7.24.0`, `pkg:maven/org.x/y@1.0`.
    pub fn purl(&self) -> String {
        let (namespace, name) = match self.ecosystem {
            Ecosystem::Maven => match self.name.split_once(':') {
                Some((group, artifact)) => (Some(group), artifact),
                None => (None, self.name.as_str()),
            },
            Ecosystem::Npm | Ecosystem::Go | Ecosystem::Packagist => {
                match self.name.rsplit_once('/') {
                    Some((namespace, name)) => (Some(namespace), name),
                    None => (None, self.name.as_str()),
                }
            }
            _ => (None, self.name.as_str()),
        };
        let build = || -> Result<String, packageurl::Error> {
            let mut purl = packageurl::PackageUrl::new(self.ecosystem.purl_type(), name)?;
            if let Some(namespace) = namespace {
                purl.with_namespace(namespace)?;
            }
            purl.with_version(self.version.as_str())?;
            Ok(purl.to_string())
        };
        // Only an empty name fails; keep the report going with a readable stand-in.
        build().unwrap_or_else(|_| {
            format!(
                "pkg:{}/{}@{}",
                self.ecosystem.purl_type(),
                self.name,
                self.version
            )
        })
    }

    /// `name@version`, for messages.
    pub fn label(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }
}

/// A dependency edge `from` → `to`, as indices into [`Inventory::packages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Dependency {
    pub from: usize,
    pub to: usize,
}

/// A declared dependency without an exact version (`requests>=2` in requirements.txt, a Maven
/// version range or an unresolved `${property}`): it cannot be matched exactly, so it is reported
/// as a coverage gap instead of being guessed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpinned {
    pub ecosystem: Ecosystem,
    /// Normalised like [`Package::name`].
    pub name: String,
    /// The requirement as written (`>=2.0,<3`, `[1.0,2.0)`, `${spring.version}`).
    pub requirement: String,
    pub path: String,
    pub line: u32,
}

/// Everything one lockfile (or manifest) declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    pub packages: Vec<Package>,
    /// Edges where the format records them; empty otherwise.
    pub dependencies: Vec<Dependency>,
    /// Declared dependencies with no exact version.
    pub unpinned: Vec<Unpinned>,
    /// Entries that could not be understood (bad version, unknown field shape) — reported,
    /// never silently dropped and never matched by accident.
    pub problems: Vec<bulwark_core::Problem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_split_namespaces_per_ecosystem() {
        let purl = |e, n, v| Package::new(e, n, v, "x", 1).purl();
        assert_eq!(
            purl(Ecosystem::Npm, "@babel/core", "7.24.0"),
            "pkg:npm/%40babel/core@7.24.0"
        );
        assert_eq!(
            purl(Ecosystem::Npm, "lodash", "4.17.21"),
            "pkg:npm/lodash@4.17.21"
        );
        assert_eq!(
            purl(
                Ecosystem::Maven,
                "org.apache.logging.log4j:log4j-core",
                "2.14.1"
            ),
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
        );
        assert_eq!(
            purl(Ecosystem::Go, "golang.org/x/text", "v0.3.7"),
            "pkg:golang/golang.org/x/text@v0.3.7"
        );
        assert_eq!(
            purl(Ecosystem::PyPI, "Django", "3.2.0"),
            "pkg:pypi/django@3.2.0"
        );
        assert_eq!(
            purl(Ecosystem::CratesIo, "time", "0.1.45"),
            "pkg:cargo/time@0.1.45"
        );
    }
}
