use super::*;
use crate::lockfiles::NoCompanions;
use crate::lockfiles::testing::{Files, fixture, parse_with, summary};

const LOCK: &str = fixture!("poetry/poetry.lock");
const PYPROJECT: &str = fixture!("poetry/pyproject.toml");

fn run(text: &str, companions: &dyn Companions) -> Result<Inventory, Problem> {
    parse_with(parse, "shop/poetry.lock", text, companions)
}

#[test]
fn lock_2_with_pyproject() {
    let files = Files(vec![("shop/pyproject.toml", PYPROJECT)]);
    let inventory = run(LOCK, &files).expect("parses");
    use Relationship::{Direct, Transitive};
    let summary = summary(&inventory);
    assert_eq!(
        summary,
        [
            ("certifi", "2024.8.30", Transitive, Scope::Runtime, 4),
            ("iniconfig", "2.0.0", Transitive, Scope::Dev, 16),
            ("pytest", "8.3.3", Direct, Scope::Dev, 41),
            ("redis", "5.1.1", Direct, Scope::Optional, 56),
            ("requests", "2.32.3", Direct, Scope::Runtime, 68),
        ]
    );
    assert_eq!(inventory.packages[0].checksums.len(), 2);
    assert_eq!(inventory.packages[0].checksums[0].algorithm, "sha256");
    assert_eq!(
        inventory.packages[0].checksums[0].value,
        "bca117e409063f4c18bda5113cba607ffba3b412328a606c453142304acf54fb"
    );
    // pytest → iniconfig, requests → certifi; colorama and charset-normalizer are not locked.
    assert_eq!(
        inventory.dependencies,
        [Dependency { from: 2, to: 1 }, Dependency { from: 4, to: 0 }]
    );
    assert!(inventory.problems.is_empty());
}

#[test]
fn lock_1_categories_and_metadata_files() {
    let lock = r#"
[[package]]
name = "black"
version = "23.1.0"
category = "dev"
optional = false
python-versions = ">=3.7"

[[package]]
name = "idna"
version = "3.4"
category = "main"
optional = false
python-versions = ">=3.5"

[metadata]
lock-version = "1.1"
python-versions = "^3.8"
content-hash = "abc"

[metadata.files]
black = [
    {file = "black-23.1.0.tar.gz", hash = "sha256:b0bd97bea8903f5a2ba7219257a44e3f1f9d00073d6cc1add68f0beec69692ac"},
]
idna = []
"#;
    let inventory = run(lock, &NoCompanions).expect("parses");
    let black = &inventory.packages[0];
    assert_eq!(
        (black.scope, black.relationship),
        (Scope::Dev, Relationship::Unknown)
    );
    assert_eq!(black.line, 3);
    assert_eq!(black.checksums.len(), 1);
    assert_eq!(inventory.packages[1].scope, Scope::Runtime);
    assert!(inventory.packages[1].checksums.is_empty());
}

#[test]
fn malformed_locks_are_errors_with_lines() {
    for (text, line) in [
        ("[[package]]\nname = \"a\"\nversion = \"1\n", 3),
        ("[[package]]\nname = \"a\"\nversion = 1\n", 3),
        ("[[package]]\nversion = \"1.0\"\n", 1),
        ("[metadata]\nlock-version = \"3.0\"\n", 2),
        ("[metadata]\nlock-version = \"two\"\n", 2),
    ] {
        let err = run(text, &NoCompanions).expect_err(text);
        assert_eq!(err.line, Some(line), "{text}: {}", err.message);
    }
}
