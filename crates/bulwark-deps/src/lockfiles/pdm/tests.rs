use super::*;
use crate::lockfiles::NoCompanions;
use crate::lockfiles::testing::{Files, fixture, parse_with, summary};

const LOCK: &str = fixture!("pdm/pdm.lock");
const PYPROJECT: &str = fixture!("pdm/pyproject.toml");

fn run(text: &str, companions: &dyn Companions) -> Result<Inventory, Problem> {
    parse_with(parse, "pdm.lock", text, companions)
}

#[test]
fn groups_extras_and_direct_names() {
    let files = Files(vec![("pyproject.toml", PYPROJECT)]);
    let inventory = run(LOCK, &files).expect("parses");
    use Relationship::{Direct, Transitive};
    let summary = summary(&inventory);
    assert_eq!(
        summary,
        [
            ("click", "8.1.7", Transitive, Scope::Runtime, 14),
            ("colorama", "0.4.6", Transitive, Scope::Runtime, 28),
            ("pytest", "8.3.3", Direct, Scope::Dev, 39),
            ("uvicorn", "0.32.0", Direct, Scope::Runtime, 53),
        ]
    );
    assert_eq!(inventory.packages[0].checksums.len(), 2);
    assert_eq!(
        inventory.packages[3].checksums[0].value,
        "a0385410d0c76636bc01e9eddc4d5ed466ebb6e2c4eb12847d48b7fc171033e8"
    );
    let edge = |from, to| Dependency { from, to };
    assert_eq!(
        inventory.dependencies,
        [edge(0, 1), edge(2, 1), edge(3, 0), edge(3, 1)]
    );
    assert!(inventory.problems.is_empty());
}

#[test]
fn without_pyproject_relationships_are_unknown() {
    let inventory = run(LOCK, &NoCompanions).expect("parses");
    assert!(
        inventory
            .packages
            .iter()
            .all(|p| p.relationship == Relationship::Unknown)
    );
}

#[test]
fn entry_problems_and_malformed_locks() {
    let lock = "[[package]]\nname = \"a\"\nversion = \"1.0\"\ndependencies = [\"b>=>1\"]\n\n[[package]]\nname = \"c\"\n";
    let inventory = run(lock, &NoCompanions).expect("parses");
    assert_eq!(inventory.packages.len(), 1);
    let lines: Vec<_> = inventory.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(7), Some(2)]);
    for (text, line) in [
        ("[metadata]\nlock_version = \"5.0\"\n", 2),
        ("[[package]]\nname = \"a\"\nfiles = [{hash = 1}]\n", 3),
        ("[[package]]\nname = \"a\"\ngroups = [\"default\"\n", 3),
    ] {
        let err = run(text, &NoCompanions).expect_err(text);
        assert_eq!(err.line, Some(line), "{text}: {}", err.message);
    }
}
