use super::*;
use crate::lockfiles::NoCompanions;
use crate::lockfiles::testing::{Files, fixture, parse_with, summary};

const LOCK: &str = fixture!("pipfile/Pipfile.lock");
const PIPFILE: &str = fixture!("pipfile/Pipfile");

fn run(text: &str, companions: &dyn Companions) -> Result<Inventory, Problem> {
    parse_with(parse, "api/Pipfile.lock", text, companions)
}

#[test]
fn sections_pins_and_pipfile_directness() {
    let files = Files(vec![("api/Pipfile", PIPFILE)]);
    let inventory = run(LOCK, &files).expect("parses");
    use Relationship::{Direct, Transitive};
    let summary = summary(&inventory);
    assert_eq!(
        summary,
        [
            ("certifi", "2024.8.30", Transitive, Scope::Runtime, 19),
            ("requests", "2.32.3", Direct, Scope::Runtime, 32),
            ("pytest", "8.3.3", Direct, Scope::Dev, 42),
            ("requests", "2.32.3", Direct, Scope::Dev, 50),
        ]
    );
    let certifi = &inventory.packages[0];
    assert_eq!(certifi.checksums.len(), 2);
    assert_eq!(certifi.checksums[0].algorithm, "sha256");
    assert_eq!(certifi.path, "api/Pipfile.lock");
    assert!(inventory.problems.is_empty() && inventory.unpinned.is_empty());
}

#[test]
fn without_pipfile_relationships_are_unknown() {
    let inventory = run(LOCK, &NoCompanions).expect("parses");
    assert!(
        inventory
            .packages
            .iter()
            .all(|p| p.relationship == Relationship::Unknown)
    );
}

#[test]
fn odd_entries_are_problems_or_unpinned() {
    let lock = r#"{
  "_meta": {"pipfile-spec": 7},
  "default": {
    "a": {"version": ">=1.0"},
    "b": {"hashes": []},
    "c": "==1.0",
    "d": {"version": "===1.0-x", "hashes": ["sha256:ab", 3, "bad"]}
  },
  "develop": []
}"#;
    let inventory = run(lock, &NoCompanions).expect("parses");
    assert_eq!(inventory.packages.len(), 1);
    assert_eq!(inventory.packages[0].version, "1.0-x");
    assert_eq!(inventory.packages[0].checksums.len(), 1);
    assert_eq!(inventory.unpinned.len(), 1);
    assert_eq!(inventory.unpinned[0].line, 4);
    let lines: Vec<_> = inventory.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(2), Some(5), Some(6), Some(9)]);
}

#[test]
fn malformed_files_are_errors_with_lines() {
    for (text, line) in [
        ("{\n  \"default\": {\n", 3),
        ("[1, 2]", 1),
        ("{\"a\": tru}", 1),
    ] {
        let err = run(text, &NoCompanions).expect_err(text);
        assert_eq!(err.line, Some(line), "{text}: {}", err.message);
    }
}
