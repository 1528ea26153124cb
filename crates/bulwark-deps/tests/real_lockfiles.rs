//! Lockfiles written by the real tools (npm 11, yarn 1, pnpm, uv, poetry) for small realistic
//! projects, in `tests/fixtures/real/<tool>/`. Package counts and the facts checked here come
//! from each tool's own view of the lock (`npm ls`, `yarn list`, `pnpm list`, `uv export`,
//! `poetry show`), not from Bulwark's output.

use bulwark_core::SourceFile;
use bulwark_deps::lockfiles::{self, Companions, Format};
use bulwark_deps::{Inventory, Package, Relationship, Scope};
use std::path::PathBuf;

use Relationship::{Direct, Transitive, Unknown};
use Scope::{Dev, Optional, Runtime};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real")
}

/// Files beside the lockfile, read from the fixture tree (paths are relative to it).
struct FixtureDir;

impl Companions for FixtureDir {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(root().join(path)).ok()
    }
}

fn parse(path: &str) -> Inventory {
    let bytes = std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let format = Format::detect(path).unwrap_or_else(|| panic!("{path}: format not detected"));
    let file = SourceFile {
        path,
        bytes: &bytes,
    };
    lockfiles::parse(format, &file, &FixtureDir).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

const ALL: [&str; 8] = [
    "npm/package-lock.json",
    "yarn/yarn.lock",
    "pnpm/pnpm-lock.yaml",
    "uv/uv.lock",
    "uv/pylock.toml",
    "uv/requirements.txt",
    "uv/requirements-compiled.txt",
    "poetry/poetry.lock",
];

/// Every package at `name`/`version` (npm has one per install path).
fn all<'a>(inventory: &'a Inventory, name: &str, version: &str) -> Vec<&'a Package> {
    inventory
        .packages
        .iter()
        .filter(|p| p.name == name && p.version == version)
        .collect()
}

/// Asserts each `(name, version, relationship, scope)` is parsed exactly so (at every install
/// path, where a version is installed at several).
fn assert_facts(inventory: &Inventory, facts: &[(&str, &str, Relationship, Scope)]) {
    for &(name, version, relationship, scope) in facts {
        let found = all(inventory, name, version);
        assert!(!found.is_empty(), "{name} {version} missing");
        for package in found {
            assert_eq!(
                (package.relationship, package.scope),
                (relationship, scope),
                "{name} {version}"
            );
        }
    }
}

fn count(inventory: &Inventory, keep: impl Fn(&Package) -> bool) -> usize {
    inventory.packages.iter().filter(|p| keep(p)).count()
}

fn has_checksum(inventory: &Inventory, name: &str, algorithm: &str, value: &str) -> bool {
    inventory
        .packages
        .iter()
        .filter(|p| p.name == name)
        .flat_map(|p| &p.checksums)
        .any(|c| c.algorithm == algorithm && c.value == value)
}

/// The direct dependencies of the package.json shared by the npm, yarn and pnpm fixtures, at
/// the versions all three tools resolved (`npm ls`, `yarn list`, `pnpm list`).
const NODE_DIRECT: [(&str, &str, Relationship, Scope); 8] = [
    ("@types/node", "20.19.43", Direct, Runtime),
    ("axios", "1.21.1", Direct, Runtime),
    ("dotenv", "16.6.1", Direct, Runtime),
    ("express", "4.22.3", Direct, Runtime),
    ("lodash", "4.18.1", Direct, Runtime),
    ("eslint", "8.57.1", Direct, Dev),
    ("mocha", "10.8.2", Direct, Dev),
    ("fsevents", "2.3.3", Direct, Optional),
];

#[test]
fn no_file_has_problems() {
    for path in ALL {
        let inventory = parse(path);
        assert!(
            inventory.problems.is_empty(),
            "{path}: {:?}",
            inventory.problems
        );
    }
}

/// npm 11, lockfileVersion 3: one package per `node_modules/…` entry (234 entries, 226
/// distinct name@version in `npm ls --all`), flags as the lock's `dev` / `optional`.
#[test]
fn npm_lock_v3() {
    let inventory = parse("npm/package-lock.json");
    assert_eq!(inventory.packages.len(), 234);
    assert_eq!(count(&inventory, |p| p.scope == Dev), 140);
    assert_eq!(count(&inventory, |p| p.scope == Optional), 1);
    assert_eq!(count(&inventory, |p| p.relationship == Direct), 8);
    assert_facts(&inventory, &NODE_DIRECT);
    assert_facts(
        &inventory,
        &[
            // node_modules/debug and node_modules/body-parser/node_modules/debug.
            ("debug", "4.4.3", Transitive, Runtime),
            ("debug", "2.6.9", Transitive, Runtime),
            ("ms", "2.0.0", Transitive, Runtime),
            ("undici-types", "6.21.0", Transitive, Runtime),
            ("acorn", "8.19.0", Transitive, Dev),
            ("glob-parent", "5.1.2", Transitive, Dev),
            ("glob-parent", "6.0.2", Transitive, Dev),
        ],
    );
    assert_eq!(all(&inventory, "debug", "2.6.9").len(), 4);
    assert!(has_checksum(
        &inventory,
        "express",
        "sha512",
        "Bdcs4+3qlpVlx2NRn6fgX2Ue2/gGRaPeawebgclM0ERSCqDpA+owF1fdPwjJUTAJWMTuAaxjDf+hzb0/4eKvvw=="
    ));
}

/// yarn 1.22: 226 distinct name@version, as `yarn list`; dev-only packages as npm resolves
/// the same tree (`npm ls --all --omit=dev` keeps 88).
#[test]
fn yarn_classic_lock() {
    let inventory = parse("yarn/yarn.lock");
    assert_eq!(inventory.packages.len(), 226);
    assert_eq!(count(&inventory, |p| p.scope != Dev), 88);
    assert_eq!(count(&inventory, |p| p.relationship == Direct), 8);
    assert_facts(&inventory, &NODE_DIRECT);
    assert_facts(
        &inventory,
        &[
            ("debug", "2.6.9", Transitive, Runtime),
            ("supports-color", "8.1.1", Transitive, Dev),
            ("acorn", "8.19.0", Transitive, Dev),
        ],
    );
    assert!(has_checksum(
        &inventory,
        "lodash",
        "sha512",
        "dMInicTPVE8d1e5otfwmmjlxkZoUpiVLwyeTdUsi/Caj/gfzzblBcCE5sRHV/AsjuCmxWrte2TNGSYuCeCq+0Q=="
    ));
}

/// pnpm, lockfileVersion 9.0: 226 packages, as `pnpm list --depth Infinity`; 90 of them in
/// `pnpm list --prod`, which (unlike npm) counts supports-color@8.1.1 and has-flag@4.0.0 as
/// production: they fill debug's optional peer in the production snapshots.
#[test]
fn pnpm_lock_v9() {
    let inventory = parse("pnpm/pnpm-lock.yaml");
    assert_eq!(inventory.packages.len(), 226);
    assert_eq!(count(&inventory, |p| p.scope != Dev), 90);
    assert_eq!(count(&inventory, |p| p.relationship == Direct), 8);
    assert_facts(&inventory, &NODE_DIRECT);
    assert_facts(
        &inventory,
        &[
            ("debug", "2.6.9", Transitive, Runtime),
            ("supports-color", "8.1.1", Transitive, Runtime),
            ("has-flag", "4.0.0", Transitive, Runtime),
            ("supports-color", "7.2.0", Transitive, Dev),
            ("acorn", "8.19.0", Transitive, Dev),
        ],
    );
    assert!(has_checksum(
        &inventory,
        "lodash",
        "sha512",
        "dMInicTPVE8d1e5otfwmmjlxkZoUpiVLwyeTdUsi/Caj/gfzzblBcCE5sRHV/AsjuCmxWrte2TNGSYuCeCq+0Q=="
    ));
}

/// The pyproject's direct dependencies as uv locked them.
const UV_DIRECT: [(&str, &str); 5] = [
    ("flask", "3.1.3"),
    ("pydantic", "2.14.3"),
    ("python-dateutil", "4.0.0"),
    ("requests", "2.34.2"),
    ("sqlalchemy", "2.1.9"),
];

/// uv 0.13: 29 `[[package]]` entries, one the virtual project itself (not a package). 20 are
/// in `uv export --no-dev`; `--all-groups --all-extras` adds the dev group's 7 and the
/// `postgres` extra's psycopg2-binary.
#[test]
fn uv_lock() {
    let inventory = parse("uv/uv.lock");
    assert_eq!(inventory.packages.len(), 28);
    assert!(all(&inventory, "reallocks-api", "0.1.0").is_empty());
    assert_eq!(count(&inventory, |p| p.scope == Runtime), 20);
    assert_eq!(count(&inventory, |p| p.scope == Dev), 7);
    let direct: Vec<_> = UV_DIRECT
        .iter()
        .map(|&(name, version)| (name, version, Direct, Runtime))
        .collect();
    assert_facts(&inventory, &direct);
    assert_facts(
        &inventory,
        &[
            ("psycopg2-binary", "2.9.13", Direct, Optional),
            ("pytest", "9.2.0", Direct, Dev),
            ("pytest-cov", "7.1.0", Direct, Dev),
            ("coverage", "7.17.3", Transitive, Dev),
            ("pluggy", "1.7.0", Transitive, Dev),
            ("werkzeug", "3.1.9", Transitive, Runtime),
            ("urllib3", "2.8.0", Transitive, Runtime),
        ],
    );
    for hash in [
        "0ef0e52b8a9cd932855379197dd8f94047b359ca0a78695144304cb45f87c9eb",
        "f4bcbefc124291925f1a26446da31a5178f9483862233b23c0c96a20701f670c",
    ] {
        assert!(has_checksum(&inventory, "flask", "sha256", hash), "{hash}");
    }
}

/// `uv export --format pylock.toml` (default: dev group in, extras out): 27 packages. The
/// format says nothing of direct or dev, so every one is Unknown and Runtime.
#[test]
fn uv_exported_pylock() {
    let inventory = parse("uv/pylock.toml");
    assert_eq!(inventory.packages.len(), 27);
    assert!(all(&inventory, "psycopg2-binary", "2.9.13").is_empty());
    assert_eq!(count(&inventory, |p| p.relationship == Unknown), 27);
    assert_facts(
        &inventory,
        &[
            ("flask", "3.1.3", Unknown, Runtime),
            ("pytest", "9.2.0", Unknown, Runtime),
            ("tzdata", "2026.6", Unknown, Runtime),
        ],
    );
    assert!(has_checksum(
        &inventory,
        "requests",
        "sha256",
        "f288924cae4e29463698d6d60bc6a4da69c89185ad1e0bcc4104f584e960b9ed"
    ));
}

/// `uv export --format requirements-txt`: the same 27. uv annotates the project's own
/// dependencies `# via reallocks-api` and leaves the dev group's unannotated, except that
/// pytest is written `# via pytest-cov` only, so it reads as transitive.
#[test]
fn uv_exported_requirements() {
    let inventory = parse("uv/requirements.txt");
    assert_eq!(inventory.packages.len(), 27);
    assert_eq!(count(&inventory, |p| p.relationship == Direct), 6);
    let direct: Vec<_> = UV_DIRECT
        .iter()
        .map(|&(name, version)| (name, version, Direct, Runtime))
        .collect();
    assert_facts(&inventory, &direct);
    assert_facts(
        &inventory,
        &[
            ("pytest-cov", "7.1.0", Direct, Runtime),
            ("pytest", "9.2.0", Transitive, Runtime),
            ("markupsafe", "3.0.4", Transitive, Runtime),
            ("tzdata", "2026.6", Transitive, Runtime),
        ],
    );
    assert!(has_checksum(
        &inventory,
        "requests",
        "sha256",
        "f288924cae4e29463698d6d60bc6a4da69c89185ad1e0bcc4104f584e960b9ed"
    ));
}

/// `uv pip compile pyproject.toml --generate-hashes`: no dev group, no extras; 20 packages,
/// the project's own annotated `# via reallocks-api (pyproject.toml)`.
#[test]
fn uv_pip_compile() {
    let inventory = parse("uv/requirements-compiled.txt");
    assert_eq!(inventory.packages.len(), 20);
    assert_eq!(count(&inventory, |p| p.relationship == Direct), 5);
    let direct: Vec<_> = UV_DIRECT
        .iter()
        .map(|&(name, version)| (name, version, Direct, Runtime))
        .collect();
    assert_facts(&inventory, &direct);
    assert_facts(&inventory, &[("urllib3", "2.8.0", Transitive, Runtime)]);
    assert!(all(&inventory, "pytest", "9.2.0").is_empty());
}

/// poetry 2.5: 29 packages, as `poetry show --all`; 11 only in the dev group (`poetry show
/// --only dev` lists 11 plus click, which main needs too); psycopg2-binary is `optional`
/// (the `postgres` extra). Direct as `poetry show --top-level`.
#[test]
fn poetry_lock() {
    let inventory = parse("poetry/poetry.lock");
    assert_eq!(inventory.packages.len(), 29);
    assert_eq!(count(&inventory, |p| p.scope == Dev), 11);
    assert_eq!(count(&inventory, |p| p.scope == Optional), 1);
    assert_eq!(count(&inventory, |p| p.relationship == Direct), 7);
    assert_facts(
        &inventory,
        &[
            ("requests", "2.34.2", Direct, Runtime),
            ("flask", "3.1.3", Direct, Runtime),
            ("pydantic", "2.14.3", Direct, Runtime),
            ("click", "8.5.1", Direct, Runtime),
            ("psycopg2-binary", "2.9.13", Direct, Optional),
            ("black", "26.10.1", Direct, Dev),
            ("pytest", "9.2.0", Direct, Dev),
            ("pydantic-core", "2.50.4", Transitive, Runtime),
            ("colorama", "0.4.6", Transitive, Dev),
            ("pluggy", "1.7.0", Transitive, Dev),
        ],
    );
    for hash in [
        "2a0d60c172f83ac6ab31e4554906c0f3b3588d37b5cb939b1c061f4907e278e0",
        "f288924cae4e29463698d6d60bc6a4da69c89185ad1e0bcc4104f584e960b9ed",
    ] {
        assert!(
            has_checksum(&inventory, "requests", "sha256", hash),
            "{hash}"
        );
    }
}
