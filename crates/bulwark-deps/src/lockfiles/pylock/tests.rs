use super::*;
use crate::lockfiles::testing::{fixture, parse_text, rows};
use crate::{Relationship, Scope};

const LOCK: &str = fixture!("pylock/pylock.toml");

fn run(text: &str) -> Result<Inventory, Problem> {
    parse_text(parse, "pylock.toml", text)
}

#[test]
fn packages_hashes_and_dependencies() {
    let inventory = run(LOCK).expect("parses");
    let summary = rows(&inventory, |p| {
        (
            p.name.as_str(),
            p.version.as_str(),
            p.line,
            p.checksums.len(),
        )
    });
    assert_eq!(
        summary,
        [("attrs", "25.1.0", 10, 1), ("cattrs", "24.1.2", 23, 3)]
    );
    let cattrs = &inventory.packages[1];
    assert_eq!(
        (cattrs.relationship, cattrs.scope),
        (Relationship::Unknown, Scope::Runtime)
    );
    let algorithms: Vec<_> = cattrs
        .checksums
        .iter()
        .map(|c| c.algorithm.as_str())
        .collect();
    assert_eq!(algorithms, ["sha256", "sha256", "sha512"]);
    assert_eq!(inventory.dependencies, [Dependency { from: 1, to: 0 }]);
    assert!(inventory.unpinned.is_empty() && inventory.problems.is_empty());
}

#[test]
fn entries_without_versions_are_unpinned() {
    let lock = "lock-version = \"1.1\"\n[[packages]]\nname = \"Some_Pkg\"\nindex = \"https://pypi.org/simple\"\n";
    let inventory = run(lock).expect("parses");
    assert!(inventory.packages.is_empty());
    assert_eq!(inventory.unpinned.len(), 1);
    assert_eq!(inventory.unpinned[0].name, "some-pkg");
    assert_eq!(inventory.unpinned[0].line, 3);
}

#[test]
fn unknown_versions_and_malformed_files_are_errors() {
    for (text, line) in [
        ("lock-version = \"2.0\"\n", 1),
        (
            "created-by = \"x\"\n\nlock-version = \"1\"\n[[packages]]\nname = \"a\"\nversion = [\n",
            6,
        ),
        (
            "lock-version = \"1.0\"\n[[packages]]\nname = \"a\"\nwheels = {hashes = 1}\n",
            4,
        ),
    ] {
        let err = run(text).expect_err(text);
        assert_eq!(err.line, Some(line), "{text}: {}", err.message);
    }
    assert!(
        run("[[packages]]\nname = \"a\"\n").is_err(),
        "lock-version is required"
    );
}
