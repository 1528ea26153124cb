use super::*;
use crate::Relationship;
use crate::lockfiles::testing::{expect, has_edge, labelled, labels, parse_text};

const LOCK: &str = include_str!("../../../tests/fixtures/bun/bun.lock");

fn run(text: &str) -> Result<Inventory, Problem> {
    parse_text(parse, "api/bun.lock", text)
}

#[test]
fn packages_relationships_scopes_and_lines() {
    let inventory = run(LOCK).expect("parses");
    assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
    use Relationship::{Direct, Transitive};
    use Scope::{Dev, Runtime};
    let expected = [
        ("@hono/node-server@1.8.2", Direct, Runtime, 23),
        ("hono@3.12.12", Direct, Runtime, 27),
        ("@types/bun@1.0.8", Direct, Dev, 29),
        ("bun-types@1.0.29", Transitive, Dev, 31),
        ("@types/node@20.11.30", Transitive, Dev, 33),
        ("@types/ws@8.5.10", Transitive, Dev, 35),
        ("hono@4.1.3", Direct, Runtime, 37),
        ("qs@6.5.3", Direct, Runtime, 39),
        ("undici-types@5.26.5", Transitive, Dev, 41),
    ];
    let got = labelled(&inventory);
    let expected = expect(&expected);
    assert_eq!(got, expected);
    let qs = &inventory.packages[7];
    assert_eq!(qs.path, "api/bun.lock");
    assert_eq!(qs.checksums[0].algorithm, "sha512");
    assert!(qs.checksums[0].value.starts_with("qxXIEh4p"));
}

#[test]
fn edges_follow_nesting() {
    let inventory = run(LOCK).expect("parses");
    for (from, to) in [
        ("@hono/node-server@1.8.2", "hono@4.1.3"),
        ("bun-types@1.0.29", "@types/ws@8.5.10"),
        ("@types/ws@8.5.10", "@types/node@20.11.30"),
        ("@types/node@20.11.30", "undici-types@5.26.5"),
    ] {
        assert!(has_edge(&inventory, from, to), "{from} -> {to}");
    }
    assert_eq!(inventory.dependencies.len(), 6);
}

#[test]
fn nested_keys_split_into_package_names() {
    for (key, names) in [
        ("a", vec!["a"]),
        ("@s/a", vec!["@s/a"]),
        ("@s/a/b/@t/c", vec!["@s/a", "b", "@t/c"]),
        ("", vec![]),
    ] {
        assert_eq!(package_names(key), names, "{key}");
    }
}

#[test]
fn trailing_commas_become_spaces_outside_strings() {
    for (input, output) in [
        ("[1, 2,]", "[1, 2 ]"),
        ("{\"a\": \",}\",\n}", "{\"a\": \",}\" \n}"),
        ("{\"a\": \"\\\",]\"}", "{\"a\": \"\\\",]\"}"),
        ("[1,\n  2]", "[1,\n  2]"),
    ] {
        assert_eq!(strip_trailing_commas(input), output, "{input}");
    }
}

#[test]
fn unknown_version_is_a_problem_but_still_parses() {
    let text = "{\n\"lockfileVersion\": 7,\n\"workspaces\": {\"\": {}},\n\"packages\": {\n\"a\": [\"a@1.0.0\", \"\", {}, \"sha512-AA==\"],\n}}";
    let inventory = run(text).expect("parses");
    assert_eq!(labels(&inventory), ["a@1.0.0"]);
    assert_eq!(inventory.packages[0].line, 5);
    assert_eq!(inventory.problems[0].line, Some(2));
}

#[test]
fn malformed_input_is_an_error_or_problem_with_a_line() {
    for text in [
        "{\n\"lockfileVersion\": 1,\n\"workspaces\": {},\n\"packages\": [1]\n}",
        "{\n\"lockfileVersion\": 1,\n\"workspaces\": {},\n\"packages\": {\"a\": 3}\n}",
        "{\n\"lockfileVersion\": 1\n}",
    ] {
        let error = run(text).expect_err(text);
        assert!(error.line.is_some(), "{text}: {error:?}");
    }
    let text = "{\"lockfileVersion\": 1, \"workspaces\": {},\n\"packages\": {\n\"a\": [3]}}";
    let inventory = run(text).expect("parses");
    assert!(inventory.packages.is_empty());
    assert_eq!(inventory.problems[0].line, Some(3));
    for cut in (0..LOCK.len()).step_by(29) {
        if let Err(error) = run(&LOCK[..cut]) {
            assert!(error.line.is_some(), "cut at {cut}: {error:?}");
        }
    }
}
