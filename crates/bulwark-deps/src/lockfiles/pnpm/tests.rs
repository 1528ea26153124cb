use super::*;
use crate::lockfiles::testing::{expect, has_edge, labelled, labels, parse_text};

const V9: &str = include_str!("../../../tests/fixtures/pnpm/pnpm-lock.yaml");
const V6: &str = include_str!("../../../tests/fixtures/pnpm/v6.pnpm-lock.yaml");
const V5: &str = include_str!("../../../tests/fixtures/pnpm/v5.pnpm-lock.yaml");

fn run(text: &str) -> Result<Inventory, Problem> {
    parse_text(parse, "pnpm-lock.yaml", text)
}

use Relationship::{Direct, Transitive};
use Scope::{Dev, Runtime};

#[test]
fn v9_importers_snapshots_and_dev_propagation() {
    let inventory = run(V9).expect("parses");
    assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
    assert_eq!(
        labelled(&inventory),
        expect(&[
            ("@tanstack/query-core@5.17.9", Transitive, Runtime, 36),
            ("@tanstack/react-query@5.17.9", Direct, Runtime, 39),
            ("ansi-regex@5.0.1", Transitive, Runtime, 44),
            ("js-tokens@4.0.0", Transitive, Runtime, 48),
            ("loose-envify@1.4.0", Transitive, Runtime, 51),
            ("react@18.2.0", Direct, Runtime, 55),
            ("string-width@4.2.3", Direct, Runtime, 59),
            ("strip-ansi@6.0.1", Transitive, Runtime, 63),
            ("tinypool@0.8.2", Transitive, Dev, 67),
            ("vitest-lite@1.2.0", Direct, Dev, 71),
        ])
    );
    assert_eq!(inventory.packages[5].checksums[0].algorithm, "sha512");
    assert!(
        inventory.packages[5].checksums[0]
            .value
            .starts_with("/3IjMdb2")
    );
    for (from, to) in [
        ("@tanstack/react-query@5.17.9", "react@18.2.0"),
        (
            "@tanstack/react-query@5.17.9",
            "@tanstack/query-core@5.17.9",
        ),
        ("vitest-lite@1.2.0", "tinypool@0.8.2"),
        ("strip-ansi@6.0.1", "ansi-regex@5.0.1"),
    ] {
        assert!(has_edge(&inventory, from, to), "{from} -> {to}");
    }
    // Two peer sets of react-query collapse into one package with the same edges.
    assert_eq!(inventory.dependencies.len(), 8);
}

#[test]
fn v6_keys_and_dev_flags() {
    let inventory = run(V6).expect("parses");
    assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
    assert_eq!(
        labelled(&inventory),
        expect(&[
            ("@emotion/react@11.11.3", Direct, Runtime, 18),
            ("react@18.2.0", Direct, Runtime, 26),
            ("typescript@5.3.3", Direct, Dev, 31),
        ])
    );
    assert!(has_edge(
        &inventory,
        "@emotion/react@11.11.3",
        "react@18.2.0"
    ));
}

#[test]
fn v5_slash_keys_peer_suffixes_and_aliases() {
    let inventory = run(V5).expect("parses");
    assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
    assert_eq!(
        labelled(&inventory),
        expect(&[
            ("@emotion/react@11.10.5", Direct, Runtime, 17),
            ("lodash@4.17.21", Direct, Runtime, 25),
            ("react@18.2.0", Transitive, Runtime, 29),
            ("typescript@4.9.5", Direct, Dev, 35),
        ])
    );
    assert!(has_edge(
        &inventory,
        "@emotion/react@11.10.5",
        "react@18.2.0"
    ));
    assert_eq!(inventory.dependencies.len(), 1);
}

#[test]
fn keys_and_references_parse_per_style() {
    for (key, style, expected) in [
        (
            "/@a/b/1.0.0_react@18.0.0",
            Style::Slash,
            Some(("@a/b", "1.0.0")),
        ),
        ("/left_pad/1.0.0", Style::Slash, Some(("left_pad", "1.0.0"))),
        (
            "/@a/b@1.0.0(@types/react@18.0.0)",
            Style::At,
            Some(("@a/b", "1.0.0")),
        ),
        ("c@2.0.0", Style::At, Some(("c", "2.0.0"))),
        ("nonsense", Style::At, None),
        ("/nonsense", Style::Slash, None),
    ] {
        assert_eq!(package_key(key, style), expected, "{key}");
    }
    let own = |n: &str, v: &str| Some((n.to_string(), v.to_string()));
    assert_eq!(resolve("x", "1.0.0(y@2.0.0)", Style::At), own("x", "1.0.0"));
    assert_eq!(resolve("x", "real@1.0.0", Style::At), own("real", "1.0.0"));
    assert_eq!(
        resolve("x", "1.0.0_y@2.0.0", Style::Slash),
        own("x", "1.0.0")
    );
    assert_eq!(resolve("x", "link:../x", Style::At), None);
}

#[test]
fn unknown_version_is_a_problem_but_still_parses() {
    let text = "lockfileVersion: '10.0'\n\npackages:\n\n  a@1.0.0:\n    resolution: {integrity: sha512-AA==}\n";
    let inventory = run(text).expect("parses");
    assert_eq!(labels(&inventory), ["a@1.0.0"]);
    assert_eq!(inventory.packages[0].line, 5);
    assert_eq!(inventory.problems.len(), 1);
    assert_eq!(inventory.problems[0].line, Some(1));
}

#[test]
fn malformed_input_is_an_error_with_a_line() {
    for text in [
        "lockfileVersion: '9.0'\npackages: [1, 2]\n",
        "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    dev: maybe\n",
        "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a: [1\n",
    ] {
        let error = run(text).expect_err(text);
        assert!(error.line.is_some(), "{text}: {error:?}");
    }
    for cut in (0..V9.len()).step_by(41) {
        if let Err(error) = run(&V9[..cut]) {
            assert!(error.line.is_some(), "cut at {cut}: {error:?}");
        }
    }
}

#[test]
fn peer_variants_collapse_into_one_package() {
    let text = "lockfileVersion: '6.0'\n\ndependencies:\n  a:\n    specifier: ^1\n    version: 1.0.0(b@1.0.0)\n\npackages:\n\n  /a@1.0.0(b@1.0.0):\n    resolution: {integrity: sha512-AA==}\n    dependencies:\n      c: 1.0.0\n    dev: false\n\n  /a@1.0.0(b@2.0.0):\n    resolution: {integrity: sha512-AA==}\n    dependencies:\n      c: 1.0.0\n    dev: true\n\n  /c@1.0.0:\n    resolution: {integrity: sha512-BB==}\n\n  /local@0.0.0:\n    resolution: {directory: ../local, type: directory}\n    version: link:../local\n";
    let inventory = run(text).expect("parses");
    assert_eq!(labels(&inventory), ["a@1.0.0", "c@1.0.0"]);
    assert_eq!(inventory.packages[0].line, 10);
    assert_eq!(inventory.packages[0].relationship, Direct);
    assert_eq!(inventory.packages[0].scope, Runtime);
    assert_eq!(inventory.dependencies.len(), 1);
}
