use super::*;
use crate::lockfiles::testing::{fixture, parse_text, rows};

const POM: &str = fixture!("pom/pom.xml");

fn run(text: &str) -> Result<Inventory, Problem> {
    parse_text(parse, "orders/pom.xml", text)
}

/// A POM around a `<properties>` block and a `<dependencies>` block.
fn pom(properties: &str, dependencies: &str) -> String {
    format!(
        "<project>\n<groupId>g</groupId>\n<version>1.0</version>\n<properties>{properties}</properties>\n<dependencies>\n{dependencies}\n</dependencies>\n</project>\n"
    )
}

#[test]
fn properties_management_scopes_and_unpinned() {
    let inventory = run(POM).expect("parses");
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
                48
            ),
            (
                "org.apache.logging.log4j:log4j-core",
                "2.14.1",
                Scope::Runtime,
                52
            ),
            ("com.example:orders-api", "3.2.1", Scope::Runtime, 57),
            ("org.mockito:mockito-core", "5.14.1", Scope::Dev, 62),
            (
                "jakarta.servlet:jakarta.servlet-api",
                "6.0.0",
                Scope::Dev,
                66
            ),
            ("org.postgresql:postgresql", "42.7.4", Scope::Optional, 72),
        ]
    );
    assert!(inventory.packages.iter().all(|p| {
        p.relationship == Relationship::Direct
            && p.ecosystem == Ecosystem::Maven
            && p.path == "orders/pom.xml"
    }));
    let unpinned: Vec<_> = inventory
        .unpinned
        .iter()
        .map(|u| (u.name.as_str(), u.requirement.as_str(), u.line))
        .collect();
    assert_eq!(
        unpinned,
        [
            ("com.google.guava:guava", "[32.0,34.0)", 78),
            ("org.springframework.boot:spring-boot-starter-web", "", 83),
            ("io.micrometer:micrometer-core", "${micrometer.version}", 87),
        ]
    );
    assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
}

#[test]
fn interpolation_chains_cycles_and_depth() {
    let chain: String = (0..12)
        .map(|i| format!("<p{i}>${{p{}}}</p{i}>", i + 1))
        .chain(["<p12>9</p12>".to_string()])
        .collect();
    for (properties, version, resolved, problem) in [
        (
            "<a>${b}</a><b>${c}-x</b><c>2</c>",
            "${a}",
            Some("2-x"),
            false,
        ),
        ("", "${project.version}", Some("1.0"), false),
        ("<a>${b}</a><b>${a}</b>", "${a}", None, true),
        ("<a>${a}</a>", "${a}", None, true),
        (&chain, "${p0}", None, true),
        (&chain, "${p3}", Some("9"), false),
        ("", "${missing}", None, false),
        ("", "${unclosed", None, true),
        ("", "1.0,2.0", None, false),
    ] {
        let text = pom(
            properties,
            &format!(
                "<dependency><groupId>x</groupId><artifactId>y</artifactId><version>{version}</version></dependency>"
            ),
        );
        let inventory = run(&text).expect("parses");
        let got = inventory.packages.first().map(|p| p.version.as_str());
        assert_eq!(got, resolved, "{version} with {properties}");
        assert_eq!(
            inventory.unpinned.len(),
            usize::from(resolved.is_none()),
            "{version}"
        );
        assert_eq!(
            !inventory.problems.is_empty(),
            problem,
            "{version}: {:?}",
            inventory.problems
        );
        assert!(inventory.problems.iter().all(|p| p.line == Some(6)));
    }
}

#[test]
fn dependencies_without_coordinates_are_problems() {
    let text = pom(
        "",
        "<dependency><artifactId>y</artifactId><version>1</version></dependency>\n<dependency><groupId>${nope}</groupId><artifactId>y</artifactId></dependency>\n<dependency><groupId>a</groupId><artifactId>b</artifactId><version>2</version></dependency>",
    );
    let inventory = run(&text).expect("parses");
    assert_eq!(inventory.packages.len(), 1);
    let lines: Vec<_> = inventory.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(6), Some(7)]);
}

#[test]
fn malformed_documents_are_errors_with_lines() {
    let dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE project [<!ENTITY x \"1.0\">]>\n<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>&x;</version></dependency></dependencies></project>";
    for (text, line) in [
        ("<project>\n<dependencies>\n<dependency>\n", 3),
        ("<project>\n<dependencies>\n<dependency><groupId>a</grou", 3),
        ("<project>\n</dependencies>", 2),
        (dtd, 2),
        ("<settings/>", 1),
        ("", 1),
    ] {
        let err = run(text).expect_err(text);
        assert_eq!(err.line, Some(line), "{text}: {}", err.message);
    }
    assert!(run(dtd).expect_err("dtd").message.contains("DTD"));
}
