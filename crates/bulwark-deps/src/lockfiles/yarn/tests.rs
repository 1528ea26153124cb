use super::*;
use crate::Scope;
use crate::lockfiles::NoCompanions;
use crate::lockfiles::testing::{Files, expect, has_edge, labelled, parse_with};

const CLASSIC: &str = include_str!("../../../tests/fixtures/yarn/yarn.lock");
const BERRY: &str = include_str!("../../../tests/fixtures/yarn/berry.yarn.lock");
const MANIFEST: &str = include_str!("../../../tests/fixtures/yarn/package.json");

fn run(text: &str, companions: &dyn Companions) -> Result<Inventory, Problem> {
    parse_with(parse, "web/yarn.lock", text, companions)
}

#[test]
fn classic_with_package_json() {
    let files = Files(vec![("web/package.json", MANIFEST)]);
    let inventory = run(CLASSIC, &files).expect("parses");
    assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
    use Relationship::{Direct, Transitive};
    use Scope::{Dev, Runtime};
    assert_eq!(
        labelled(&inventory),
        expect(&[
            ("@babel/code-frame@7.23.5", Transitive, Dev, 5),
            ("@babel/highlight@7.23.4", Transitive, Dev, 13),
            ("chalk@2.4.2", Transitive, Dev, 18),
            ("qs@6.5.3", Direct, Runtime, 23),
            ("lodash@4.17.21", Direct, Runtime, 28),
            ("test-runner@3.2.0", Direct, Dev, 38),
            ("fsevents@2.3.3", Transitive, Dev, 48),
        ])
    );
    let algorithms: Vec<_> = inventory.packages[0]
        .checksums
        .iter()
        .map(|c| (c.algorithm.as_str(), c.value.len()))
        .collect();
    assert_eq!(algorithms, [("sha1", 40), ("sha512", 88)]);
    for (from, to) in [
        ("@babel/code-frame@7.23.5", "chalk@2.4.2"),
        ("test-runner@3.2.0", "lodash@4.17.21"),
        ("test-runner@3.2.0", "fsevents@2.3.3"),
    ] {
        assert!(has_edge(&inventory, from, to), "{from} -> {to}");
    }
    assert_eq!(inventory.dependencies.len(), 5);
}

#[test]
fn classic_without_package_json_is_unknown() {
    let inventory = run(CLASSIC, &NoCompanions).expect("parses");
    assert_eq!(inventory.packages.len(), 7);
    assert!(
        inventory
            .packages
            .iter()
            .all(|p| p.relationship == Relationship::Unknown && p.scope == Scope::Runtime)
    );
}

#[test]
fn berry_with_package_json() {
    let files = Files(vec![("web/package.json", MANIFEST)]);
    let inventory = run(BERRY, &files).expect("parses");
    assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
    use Relationship::{Direct, Transitive};
    use Scope::{Dev, Runtime};
    assert_eq!(
        labelled(&inventory),
        expect(&[
            ("@babel/code-frame@7.23.5", Transitive, Dev, 8),
            ("@babel/highlight@7.23.4", Transitive, Dev, 18),
            ("chalk@2.4.2", Transitive, Dev, 24),
            ("qs@6.5.3", Direct, Runtime, 30),
            ("lodash@4.17.21", Direct, Runtime, 36),
            ("resolve@1.22.8", Transitive, Dev, 42),
            ("test-runner@3.2.0", Direct, Dev, 63),
        ])
    );
    assert_eq!(inventory.packages[0].checksums[0].algorithm, "sha512");
    assert!(has_edge(&inventory, "test-runner@3.2.0", "resolve@1.22.8"));
    assert!(has_edge(
        &inventory,
        "@babel/code-frame@7.23.5",
        "@babel/highlight@7.23.4"
    ));
}

#[test]
fn malformed_input_is_an_error_or_problem_with_a_line() {
    for (text, line) in [
        ("a@^1:\n  version \"1.0.0\"\n   odd indent\n", 3),
        ("a@^1\n  version \"1.0.0\"\n", 1),
        ("  version \"1.0.0\"\n", 1),
        ("a@^1:\n    b \"^1\"\n", 2),
        ("__metadata:\n  version: 8\n\"a@npm:^1\": [\n", 3),
        (
            "__metadata:\n  version: 8\n\"a@npm:^1\":\n  dependencies: [1, 2]\n",
            4,
        ),
    ] {
        let error = run(text, &NoCompanions).expect_err(text);
        assert_eq!(error.line, Some(line), "{text}: {error:?}");
    }
    for (text, line) in [
        (
            "a@^1:\n  resolved \"https://r/a.tgz\"\nb@^2:\n  version \"2.0.0\"\n",
            1,
        ),
        (
            "__metadata:\n  version: 8\n\n\"a@npm:^1\":\n  version: 1.0.0\n",
            4,
        ),
    ] {
        let inventory = run(text, &NoCompanions).expect(text);
        assert_eq!(inventory.problems.len(), 1, "{text}");
        assert_eq!(inventory.problems[0].line, Some(line), "{text}");
    }
    for text in [CLASSIC, BERRY] {
        for cut in (0..text.len()).step_by(37) {
            if let Err(error) = run(&text[..cut], &NoCompanions) {
                assert!(error.line.is_some(), "cut at {cut}: {error:?}");
            }
        }
    }
}

#[test]
fn broken_package_json_is_a_problem() {
    let files = Files(vec![("web/package.json", "{\"dependencies\": [")]);
    let inventory = run(CLASSIC, &files).expect("parses");
    assert_eq!(inventory.problems.len(), 1);
    assert!(inventory.problems[0].message.contains("web/package.json"));
}
