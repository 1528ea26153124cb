use super::*;
use crate::lockfiles::testing::{edge, fixture, parse_text, summary};

const LOCK: &str = fixture!("uv/uv.lock");

fn run(text: &str) -> Result<Inventory, Problem> {
    parse_text(parse, "uv.lock", text)
}

#[test]
fn project_roots_decide_relationship_and_scope() {
    let inventory = run(LOCK).expect("parses");
    use Relationship::{Direct, Transitive};
    use Scope::{Dev, Optional, Runtime};
    let summary = summary(&inventory);
    assert_eq!(
        summary,
        [
            ("anyio", "4.6.2", Direct, Runtime, 6),
            ("idna", "3.10", Transitive, Runtime, 24),
            ("iniconfig", "2.0.0", Transitive, Dev, 30),
            ("outcome", "1.3.0.post0", Transitive, Runtime, 38),
            ("pytest", "8.3.3", Direct, Dev, 43),
            ("sniffio", "1.3.1", Transitive, Runtime, 80),
            ("trio", "0.27.0", Transitive, Runtime, 85),
            ("uvloop", "0.21.0", Direct, Optional, 94),
        ]
    );
    let anyio = &inventory.packages[0];
    assert_eq!(anyio.checksums.len(), 2);
    assert_eq!(
        anyio.checksums[1].value,
        "1e2ba5c7c2b12368c550cd5d1bbf8265e4643b78f9d0c07008b1b7e95aeafa42"
    );
    assert_eq!(
        inventory.dependencies,
        [
            edge(0, 1),
            edge(0, 5),
            edge(0, 6),
            edge(4, 2),
            edge(6, 1),
            edge(6, 3)
        ]
    );
    assert!(inventory.problems.is_empty());
}

#[test]
fn without_a_project_relationships_are_unknown() {
    let lock = "version = 1\n\n[[package]]\nname = \"six\"\nversion = \"1.16.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n\n[[package]]\nname = \"extras-only\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
    let inventory = run(lock).expect("parses");
    assert_eq!(inventory.packages.len(), 1);
    assert_eq!(inventory.packages[0].relationship, Relationship::Unknown);
    assert_eq!(inventory.packages[0].scope, Scope::Runtime);
    assert_eq!(inventory.problems.len(), 1);
    assert_eq!(inventory.problems[0].line, Some(9));
}

#[test]
fn versions_with_two_locked_releases_pick_the_named_one() {
    let lock = r#"version = 1
[[package]]
name = "app"
version = "0"
source = { virtual = "." }
dependencies = [{ name = "numpy", version = "2.1.0" }]
[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "numpy"
version = "2.1.0"
source = { registry = "https://pypi.org/simple" }
"#;
    let inventory = run(lock).expect("parses");
    let relationships: Vec<_> = inventory.packages.iter().map(|p| p.relationship).collect();
    assert_eq!(
        relationships,
        [Relationship::Transitive, Relationship::Direct]
    );
}

#[test]
fn malformed_locks_are_errors_with_lines() {
    for (text, line) in [
        ("version = 2\n", 1),
        (
            "version = 1\n[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\n",
            5,
        ),
        (
            "version = 1\n[[package]]\nname = \"a\"\ndependencies = \"idna\"\n",
            4,
        ),
        ("version = \"one\"\n", 1),
    ] {
        let err = run(text).expect_err(text);
        assert_eq!(err.line, Some(line), "{text}: {}", err.message);
    }
}
