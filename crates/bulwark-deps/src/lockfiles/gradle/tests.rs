use super::*;
use crate::Relationship;
use crate::lockfiles::NoCompanions;
use crate::lockfiles::testing::{fixture, parse_text, rows};

const LOCK: &str = fixture!("gradle/gradle.lockfile");

fn run(text: &str) -> Inventory {
    parse_text(parse, "app/gradle.lockfile", text).expect("parses")
}

#[test]
fn coordinates_and_test_configurations() {
    let inventory = run(LOCK);
    let summary = rows(&inventory, |p| {
        (p.name.as_str(), p.version.as_str(), p.scope, p.line)
    });
    assert_eq!(
        summary,
        [
            (
                "com.fasterxml.jackson.core:jackson-databind",
                "2.17.2",
                Scope::Runtime,
                4
            ),
            ("com.google.guava:guava", "33.3.1-jre", Scope::Runtime, 5),
            ("junit:junit", "4.13.2", Scope::Dev, 6),
            (
                "org.apache.logging.log4j:log4j-core",
                "2.14.1",
                Scope::Runtime,
                7
            ),
            ("org.hamcrest:hamcrest-core", "1.3", Scope::Dev, 8),
            ("androidx.test:runner", "1.6.2", Scope::Dev, 9),
        ]
    );
    assert!(
        inventory
            .packages
            .iter()
            .all(|p| p.relationship == Relationship::Unknown && p.ecosystem == Ecosystem::Maven)
    );
    assert!(inventory.problems.is_empty());
}

#[test]
fn malformed_lines_are_problems_and_the_rest_parses() {
    let text = "a:b:1.0=compileClasspath\nnot a coordinate\na:b=runtimeClasspath\na:b:c:d=x\n::1=x\nc:d:2.0=\nc:d:2.0";
    let inventory = run(text);
    let names = rows(&inventory, |p| (p.label(), p.scope));
    assert_eq!(
        names,
        [
            ("a:b@1.0".to_string(), Scope::Runtime),
            ("c:d@2.0".to_string(), Scope::Runtime)
        ]
    );
    let lines: Vec<_> = inventory.problems.iter().filter_map(|p| p.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 7]);
    assert!(
        parse(
            &SourceFile {
                path: "gradle.lockfile",
                bytes: b"\xfe",
            },
            &NoCompanions,
        )
        .is_err()
    );
}
