//! Lockfile and manifest parsers, one module per format.
//!
//! Each parser is a pure function from one file's bytes to an [`Inventory`]: the packages it pins
//! (normalised name, exact version, direct/transitive, scope, line), checksums and licenses where
//! recorded, and dependency edges where the format has them. A file that cannot be parsed at all
//! is an `Err` naming the line; an entry that cannot be understood is a problem in
//! [`Inventory::problems`] and the rest of the file still counts.

mod bun;
mod cargo;
mod composer;
mod gemfile;
mod gomod;
mod gradle;
mod mix;
mod npm;
mod nuget;
mod paths;
mod pdm;
mod pipfile;
mod pnpm;
mod poetry;
mod pom;
mod pubspec;
mod pylock;
mod requirements;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
mod uv;
mod yarn;

use crate::Inventory;
use bulwark_core::{Problem, SourceFile};

/// Other files a lockfile refers to (`-r base.txt` in requirements, the `go.sum` next to a
/// `go.mod`). Supplied by the caller so that parsers never touch the file system.
pub trait Companions {
    /// The bytes of `path` (scan-relative, `/`-separated), if it exists and may be read.
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}

/// For callers with nothing beyond the file itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCompanions;

impl Companions for NoCompanions {
    fn read(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
}

/// Every format Bulwark reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    CargoLock,
    GoMod,
    NpmLock,
    YarnLock,
    PnpmLock,
    BunLock,
    Requirements,
    PipfileLock,
    PoetryLock,
    UvLock,
    PdmLock,
    Pylock,
    PomXml,
    GradleLockfile,
    NugetLock,
    GemfileLock,
    ComposerLock,
    PubspecLock,
    MixLock,
}

impl Format {
    /// Every format, for tests and fuzzing.
    pub const ALL: [Format; 19] = [
        Format::CargoLock,
        Format::GoMod,
        Format::NpmLock,
        Format::YarnLock,
        Format::PnpmLock,
        Format::BunLock,
        Format::Requirements,
        Format::PipfileLock,
        Format::PoetryLock,
        Format::UvLock,
        Format::PdmLock,
        Format::Pylock,
        Format::PomXml,
        Format::GradleLockfile,
        Format::NugetLock,
        Format::GemfileLock,
        Format::ComposerLock,
        Format::PubspecLock,
        Format::MixLock,
    ];

    /// Recognises a lockfile by its file name (the scan walks every file; this is the filter).
    pub fn detect(path: &str) -> Option<Format> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let format = match name {
            "Cargo.lock" => Format::CargoLock,
            "go.mod" => Format::GoMod,
            "package-lock.json" | "npm-shrinkwrap.json" => Format::NpmLock,
            "yarn.lock" => Format::YarnLock,
            "pnpm-lock.yaml" => Format::PnpmLock,
            "bun.lock" => Format::BunLock,
            "Pipfile.lock" => Format::PipfileLock,
            "poetry.lock" => Format::PoetryLock,
            "uv.lock" => Format::UvLock,
            "pdm.lock" => Format::PdmLock,
            "pom.xml" => Format::PomXml,
            "gradle.lockfile" | "buildscript-gradle.lockfile" => Format::GradleLockfile,
            "packages.lock.json" => Format::NugetLock,
            "Gemfile.lock" | "gems.locked" => Format::GemfileLock,
            "composer.lock" => Format::ComposerLock,
            "pubspec.lock" => Format::PubspecLock,
            "mix.lock" => Format::MixLock,
            _ if is_pylock(name) => Format::Pylock,
            _ if is_requirements(path, name) => Format::Requirements,
            _ => return None,
        };
        Some(format)
    }

    /// A short stable name for reports (`package-lock.json`, `requirements.txt`, …).
    pub fn name(self) -> &'static str {
        match self {
            Format::CargoLock => "Cargo.lock",
            Format::GoMod => "go.mod",
            Format::NpmLock => "package-lock.json",
            Format::YarnLock => "yarn.lock",
            Format::PnpmLock => "pnpm-lock.yaml",
            Format::BunLock => "bun.lock",
            Format::Requirements => "requirements.txt",
            Format::PipfileLock => "Pipfile.lock",
            Format::PoetryLock => "poetry.lock",
            Format::UvLock => "uv.lock",
            Format::PdmLock => "pdm.lock",
            Format::Pylock => "pylock.toml",
            Format::PomXml => "pom.xml",
            Format::GradleLockfile => "gradle.lockfile",
            Format::NugetLock => "packages.lock.json",
            Format::GemfileLock => "Gemfile.lock",
            Format::ComposerLock => "composer.lock",
            Format::PubspecLock => "pubspec.lock",
            Format::MixLock => "mix.lock",
        }
    }
}

/// PEP 751: `pylock.toml` or `pylock.<name>.toml`.
fn is_pylock(name: &str) -> bool {
    name == "pylock.toml"
        || name
            .strip_prefix("pylock.")
            .and_then(|rest| rest.strip_suffix(".toml"))
            .is_some_and(|middle| !middle.is_empty() && !middle.contains('.'))
}

/// pip's conventions: `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`, and
/// any `.txt` in a `requirements/` folder.
fn is_requirements(path: &str, name: &str) -> bool {
    name.ends_with(".txt")
        && (name.contains("requirements")
            || path
                .rsplit('/')
                .nth(1)
                .is_some_and(|dir| dir == "requirements"))
}

/// Parses `file` as `format`.
pub fn parse(
    format: Format,
    file: &SourceFile<'_>,
    companions: &dyn Companions,
) -> Result<Inventory, Problem> {
    let parser = match format {
        Format::CargoLock => cargo::parse,
        Format::GoMod => gomod::parse,
        Format::NpmLock => npm::parse,
        Format::YarnLock => yarn::parse,
        Format::PnpmLock => pnpm::parse,
        Format::BunLock => bun::parse,
        Format::Requirements => requirements::parse,
        Format::PipfileLock => pipfile::parse,
        Format::PoetryLock => poetry::parse,
        Format::UvLock => uv::parse,
        Format::PdmLock => pdm::parse,
        Format::Pylock => pylock::parse,
        Format::PomXml => pom::parse,
        Format::GradleLockfile => gradle::parse,
        Format::NugetLock => nuget::parse,
        Format::GemfileLock => gemfile::parse,
        Format::ComposerLock => composer::parse,
        Format::PubspecLock => pubspec::parse,
        Format::MixLock => mix::parse,
    };
    parser(file, companions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_detected_by_its_own_name() {
        for format in Format::ALL {
            assert_eq!(
                Format::detect(format.name()),
                Some(format),
                "{}",
                format.name()
            );
        }
    }

    #[test]
    fn detects_formats_by_file_name() {
        for (path, format) in [
            ("Cargo.lock", Some(Format::CargoLock)),
            ("web/package-lock.json", Some(Format::NpmLock)),
            ("npm-shrinkwrap.json", Some(Format::NpmLock)),
            ("requirements.txt", Some(Format::Requirements)),
            ("requirements-dev.txt", Some(Format::Requirements)),
            ("requirements/base.txt", Some(Format::Requirements)),
            ("pylock.toml", Some(Format::Pylock)),
            ("pylock.dev.toml", Some(Format::Pylock)),
            ("notes.txt", None),
            ("package.json", None),
            ("pylock.a.b.toml", None),
        ] {
            assert_eq!(Format::detect(path), format, "{path}");
        }
    }

    proptest::proptest! {
        /// Arbitrary bytes under every format's name: an error or an inventory, never a panic,
        /// and every edge points at a package.
        #[test]
        fn no_input_panics_any_parser(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512), pick in 0usize..19) {
            let format = Format::ALL[pick % Format::ALL.len()];
            let file = SourceFile { path: format.name(), bytes: &bytes };
            if let Ok(inventory) = parse(format, &file, &NoCompanions) {
                for edge in &inventory.dependencies {
                    proptest::prop_assert!(edge.from < inventory.packages.len());
                    proptest::prop_assert!(edge.to < inventory.packages.len());
                }
            }
        }

        /// Text that looks like lockfiles (brackets, quotes, keys, versions) reaches deeper.
        #[test]
        fn lockfile_shaped_text_never_panics(text in "[\\[\\]{}()\"':=,@/ \n\ta-z0-9.^~<>!#-]{0,300}", pick in 0usize..19) {
            let format = Format::ALL[pick % Format::ALL.len()];
            let file = SourceFile { path: format.name(), bytes: text.as_bytes() };
            let _ = parse(format, &file, &NoCompanions);
        }
    }
}
