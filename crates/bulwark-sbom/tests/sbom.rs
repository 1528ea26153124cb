//! The writers against the official schemas, round trips through the reader, and snapshots.

use bulwark_core::Severity;
use bulwark_deps::package::Checksum;
use bulwark_deps::{Dependency, Ecosystem, Inventory, Package, Relationship, Scope};
use bulwark_sbom::{Analysis, SbomInput, Vulnerability};
use serde_json::Value;
use std::collections::BTreeSet;

const SCHEMAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/schemas");

fn schema(name: &str) -> Value {
    let path = format!("{SCHEMAS}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("schema is JSON")
}

/// Validates `instance` against `schema_name`, with the schemas it references by relative
/// `$ref` registered under the URIs they resolve to.
fn assert_valid(schema_name: &str, instance: &Value) {
    let registry = jsonschema::Registry::new()
        .add(
            "http://cyclonedx.org/schema/spdx.schema.json",
            schema("spdx.schema.json"),
        )
        .expect("uri")
        .add(
            "http://cyclonedx.org/schema/jsf-0.82.schema.json",
            schema("jsf-0.82.schema.json"),
        )
        .expect("uri")
        .prepare()
        .expect("registry");
    let validator = jsonschema::options()
        .with_registry(&registry)
        .build(&schema(schema_name))
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}

fn timestamp() -> jiff::Timestamp {
    "2026-01-02T03:04:05Z".parse().expect("timestamp")
}

fn package(
    ecosystem: Ecosystem,
    name: &str,
    version: &str,
    path: &str,
    relationship: Relationship,
) -> Package {
    let mut package = Package::new(ecosystem, name, version, path, 1);
    package.relationship = relationship;
    package
}

/// Two lockfiles: an npm one with a graph, SRI hashes, licenses and a dev dependency, and a Go
/// one without relationships, sharing nothing but exercising namespaces and `h1` hashes. The
/// npm `lodash` also appears in a second npm lockfile.
fn inventories() -> Vec<Inventory> {
    let web = "web/package-lock.json";
    let mut express = package(
        Ecosystem::Npm,
        "express",
        "4.17.1",
        web,
        Relationship::Direct,
    );
    express.licenses.push("MIT".into());
    express.checksums.push(Checksum {
        algorithm: "sha512".into(),
        value: "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==".into(),
    });
    let mut lodash = package(
        Ecosystem::Npm,
        "lodash",
        "4.17.20",
        web,
        Relationship::Transitive,
    );
    lodash.licenses.push("MIT License, see LICENSE".into());
    let mut types = package(
        Ecosystem::Npm,
        "@types/node",
        "20.11.5",
        web,
        Relationship::Direct,
    );
    types.scope = Scope::Dev;
    types.checksums.push(Checksum {
        algorithm: "sha1".into(),
        value: "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed".into(),
    });
    let npm = Inventory {
        packages: vec![express, lodash, types],
        dependencies: vec![Dependency { from: 0, to: 1 }],
        ..Inventory::default()
    };
    let admin = Inventory {
        packages: vec![package(
            Ecosystem::Npm,
            "lodash",
            "4.17.20",
            "admin/package-lock.json",
            Relationship::Direct,
        )],
        ..Inventory::default()
    };
    let mut text = package(
        Ecosystem::Go,
        "golang.org/x/text",
        "v0.3.7",
        "go.mod",
        Relationship::Unknown,
    );
    text.checksums.push(Checksum {
        algorithm: "h1".into(),
        value: "olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk=".into(),
    });
    let log4j = package(
        Ecosystem::Maven,
        "org.apache.logging.log4j:log4j-core",
        "2.14.1",
        "pom.xml",
        Relationship::Unknown,
    );
    let go = Inventory {
        packages: vec![text, log4j],
        ..Inventory::default()
    };
    vec![npm, admin, go]
}

fn vulnerabilities() -> Vec<Vulnerability> {
    vec![
        Vulnerability {
            id: "GHSA-35jh-r3h4-6jhm".into(),
            aliases: vec!["CVE-2021-23337".into()],
            purl: "pkg:npm/lodash@4.17.20".into(),
            summary: "Command injection in lodash".into(),
            severity: Severity::High,
            score: Some(7.2),
            vector: Some("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H".into()),
            fixed_in: Some("4.17.21".into()),
            references: vec!["https://github.com/advisories/GHSA-35jh-r3h4-6jhm".into()],
            analysis: Analysis::InTriage,
        },
        Vulnerability {
            id: "GO-2021-0113".into(),
            aliases: vec!["CVE-2021-38561".into(), "GHSA-ppp9-7jff-5vj2".into()],
            purl: "pkg:golang/golang.org/x/text@v0.3.7".into(),
            summary: "Out-of-bounds read in golang.org/x/text/language".into(),
            severity: Severity::Medium,
            score: None,
            vector: None,
            fixed_in: None,
            references: vec![],
            analysis: Analysis::RiskAccepted {
                detail: "only parses trusted tags".into(),
            },
        },
        Vulnerability {
            id: "CVE-2021-44228".into(),
            aliases: vec![],
            purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1".into(),
            summary: "Log4Shell".into(),
            severity: Severity::Critical,
            score: Some(10.0),
            vector: Some("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H".into()),
            fixed_in: Some("2.15.0".into()),
            references: vec![],
            analysis: Analysis::FalsePositive {
                detail: "JNDI lookups disabled".into(),
            },
        },
    ]
}

fn input<'a>(inventories: &'a [Inventory], vulnerabilities: &'a [Vulnerability]) -> SbomInput<'a> {
    SbomInput {
        subject: "shop",
        tool_version: "0.1.0",
        timestamp: timestamp(),
        inventories,
        vulnerabilities,
    }
}

fn purls(inventory: &Inventory) -> BTreeSet<String> {
    inventory.packages.iter().map(Package::purl).collect()
}

/// Edges as purl pairs, across inventories.
fn edges(inventories: &[Inventory]) -> BTreeSet<(String, String)> {
    inventories
        .iter()
        .flat_map(|inventory| {
            inventory.dependencies.iter().map(|d| {
                (
                    inventory.packages[d.from].purl(),
                    inventory.packages[d.to].purl(),
                )
            })
        })
        .collect()
}

#[test]
fn cyclonedx_is_valid_1_6() {
    let (inventories, vulnerabilities) = (inventories(), vulnerabilities());
    assert_valid(
        "bom-1.6.schema.json",
        &bulwark_sbom::cyclonedx(&input(&inventories, &vulnerabilities)),
    );
    assert_valid(
        "bom-1.6.schema.json",
        &bulwark_sbom::cyclonedx(&input(&[], &[])),
    );
}

#[test]
#[should_panic(expected = "schema violations")]
fn the_schema_check_is_not_vacuous() {
    let (inventories, vulnerabilities) = (inventories(), vulnerabilities());
    let mut bom = bulwark_sbom::cyclonedx(&input(&inventories, &vulnerabilities));
    bom["components"][0]["hashes"] =
        serde_json::json!([{"alg": "SHA-512", "content": "sha512-not-hex"}]);
    assert_valid("bom-1.6.schema.json", &bom);
}

#[test]
fn spdx_is_valid_2_3() {
    let (inventories, vulnerabilities) = (inventories(), vulnerabilities());
    let document = bulwark_sbom::spdx(&input(&inventories, &vulnerabilities));
    assert_valid("spdx-2.3.schema.json", &document);
    assert_valid(
        "spdx-2.3.schema.json",
        &bulwark_sbom::spdx(&input(&[], &[])),
    );
    // What the schema leaves to the spec: id syntax, timestamps to the second, expressions.
    for package in document["packages"].as_array().expect("packages") {
        let id = package["SPDXID"].as_str().expect("id");
        let rest = id.strip_prefix("SPDXRef-").expect("prefix");
        assert!(
            rest.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'),
            "{id}"
        );
    }
    assert_eq!(document["creationInfo"]["created"], "2026-01-02T03:04:05Z");
    let declared: Vec<&str> = document["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|p| p["licenseDeclared"].as_str())
        .collect();
    assert!(declared.contains(&"MIT"));
    assert!(
        !declared.iter().any(|l| l.contains("License")),
        "{declared:?}"
    );
}

#[test]
fn both_formats_round_trip_purls_and_edges() {
    let (inventories, vulnerabilities) = (inventories(), vulnerabilities());
    let expected_purls: BTreeSet<String> = inventories.iter().flat_map(purls).collect();
    let expected_edges = edges(&inventories);
    assert_eq!(expected_edges.len(), 1);
    let documents = [
        (
            "bom.cdx.json",
            bulwark_sbom::cyclonedx(&input(&inventories, &vulnerabilities)),
        ),
        (
            "bom.spdx.json",
            bulwark_sbom::spdx(&input(&inventories, &vulnerabilities)),
        ),
    ];
    for (path, document) in documents {
        let bytes = serde_json::to_vec_pretty(&document).expect("serialises");
        let read = bulwark_sbom::read(path, &bytes).expect("reads back");
        assert_eq!(purls(&read), expected_purls, "{path}");
        assert_eq!(edges(std::slice::from_ref(&read)), expected_edges, "{path}");
        assert!(read.problems.is_empty(), "{path}: {:?}", read.problems);
        let by_name = |name: &str| {
            read.packages
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("{path}: {name} missing"))
        };
        assert_eq!(
            by_name("lodash").relationship,
            Relationship::Direct,
            "{path}"
        );
        assert_eq!(by_name("express").licenses, ["MIT"], "{path}");
        let express_sha = &by_name("express").checksums[0];
        assert_eq!(
            (express_sha.algorithm.as_str(), express_sha.value.len()),
            ("sha512", 128)
        );
        let text = String::from_utf8(bytes).expect("UTF-8");
        for package in &read.packages {
            assert_eq!(package.path, path);
            let line = text
                .lines()
                .nth(package.line as usize - 1)
                .unwrap_or_default();
            assert!(
                line.contains(&package.purl())
                    && (line.contains("\"purl\"") || line.contains("\"referenceLocator\"")),
                "{path}: {} at {line:?}",
                package.purl()
            );
        }
    }
}

#[test]
fn cyclonedx_components_are_merged_and_described() {
    let (inventories, vulnerabilities) = (inventories(), vulnerabilities());
    let bom = bulwark_sbom::cyclonedx(&input(&inventories, &vulnerabilities));
    let components = bom["components"].as_array().expect("components");
    assert_eq!(
        components.len(),
        5,
        "lodash from two lockfiles is one component"
    );
    let find = |purl: &str| {
        components
            .iter()
            .find(|c| c["purl"] == purl)
            .unwrap_or_else(|| panic!("{purl} missing"))
    };
    let lodash = find("pkg:npm/lodash@4.17.20");
    assert_eq!(lodash["properties"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        lodash["licenses"][0]["license"]["name"],
        "MIT License, see LICENSE"
    );
    let types = find("pkg:npm/%40types/node@20.11.5");
    assert_eq!(
        (&types["group"], &types["name"], &types["scope"]),
        (&"@types".into(), &"node".into(), &"excluded".into())
    );
    let log4j = find("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assert_eq!(log4j["group"], "org.apache.logging.log4j");
    let text = find("pkg:golang/golang.org/x/text@v0.3.7");
    assert!(text.get("hashes").is_none(), "go.sum h1 is not a file hash");
    let express = find("pkg:npm/express@4.17.1");
    assert_eq!(express["hashes"][0]["alg"], "SHA-512");
    assert_eq!(express["licenses"][0]["expression"], "MIT");

    let subject = bom["metadata"]["component"]["bom-ref"]
        .as_str()
        .expect("subject ref");
    let dependencies = bom["dependencies"].as_array().expect("dependencies");
    assert_eq!(dependencies.len(), 6, "the subject and every component");
    let root = dependencies
        .iter()
        .find(|d| d["ref"] == subject)
        .expect("subject listed");
    let mut direct: Vec<&str> = root["dependsOn"]
        .as_array()
        .expect("dependsOn")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    direct.sort_unstable();
    assert_eq!(
        direct,
        [
            "pkg:golang/golang.org/x/text@v0.3.7",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "pkg:npm/%40types/node@20.11.5",
            "pkg:npm/express@4.17.1",
            "pkg:npm/lodash@4.17.20",
        ]
    );
}

#[test]
fn vex_records_analysis_source_ratings_and_fixes() {
    let (inventories, vulnerabilities) = (inventories(), vulnerabilities());
    let bom = bulwark_sbom::cyclonedx(&input(&inventories, &vulnerabilities));
    let vex = bom["vulnerabilities"].as_array().expect("vulnerabilities");
    let summary: Vec<(&str, &str, &Value, &Value, &Value)> = vex
        .iter()
        .map(|v| {
            (
                v["id"].as_str().expect("id"),
                v["source"]["name"].as_str().expect("source"),
                &v["analysis"],
                &v["ratings"][0]["method"],
                &v["recommendation"],
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "GHSA-35jh-r3h4-6jhm",
                "GitHub",
                &serde_json::json!({"state": "in_triage"}),
                &"CVSSv31".into(),
                &"Upgrade to 4.17.21".into()
            ),
            (
                "GO-2021-0113",
                "Go",
                &serde_json::json!({"state": "exploitable", "response": ["will_not_fix"], "detail": "only parses trusted tags"}),
                &Value::Null,
                &Value::Null
            ),
            (
                "CVE-2021-44228",
                "NVD",
                &serde_json::json!({"state": "false_positive", "detail": "JNDI lookups disabled"}),
                &"CVSSv4".into(),
                &"Upgrade to 2.15.0".into()
            ),
        ]
    );
    assert_eq!(vex[0]["references"][0]["id"], "CVE-2021-23337");
    assert_eq!(vex[0]["references"][0]["source"]["name"], "NVD");
    assert_eq!(vex[0]["ratings"][0]["severity"], "high");
    assert_eq!(vex[0]["affects"][0]["ref"], "pkg:npm/lodash@4.17.20");
    assert_eq!(vex[1]["ratings"][0]["severity"], "medium");
}

#[test]
fn output_is_reproducible_and_identifiers_follow_content() {
    let (inventories, vulnerabilities) = (inventories(), vulnerabilities());
    let one = input(&inventories, &vulnerabilities);
    let later = SbomInput {
        timestamp: "2026-01-02T03:04:06Z".parse().expect("timestamp"),
        ..one
    };
    for (write, key) in [
        (
            bulwark_sbom::cyclonedx as fn(&SbomInput<'_>) -> Value,
            "serialNumber",
        ),
        (bulwark_sbom::spdx, "documentNamespace"),
    ] {
        assert_eq!(write(&one), write(&one));
        assert_ne!(write(&one)[key], write(&later)[key]);
        assert_ne!(write(&one)[key], write(&input(&inventories[..1], &[]))[key]);
    }
}

#[test]
fn small_documents_match_snapshots() {
    let mut serde = package(
        Ecosystem::CratesIo,
        "serde",
        "1.0.200",
        "Cargo.lock",
        Relationship::Direct,
    );
    serde.licenses.push("MIT OR Apache-2.0".into());
    serde.checksums.push(Checksum {
        algorithm: "sha256".into(),
        value: "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9".into(),
    });
    let derive = package(
        Ecosystem::CratesIo,
        "serde_derive",
        "1.0.200",
        "Cargo.lock",
        Relationship::Transitive,
    );
    let inventories = [Inventory {
        packages: vec![serde, derive],
        dependencies: vec![Dependency { from: 0, to: 1 }],
        ..Inventory::default()
    }];
    let vulnerabilities = [Vulnerability {
        id: "RUSTSEC-2099-0001".into(),
        aliases: vec![],
        purl: "pkg:cargo/serde_derive@1.0.200".into(),
        summary: "Example advisory".into(),
        severity: Severity::Low,
        score: Some(3.1),
        vector: Some("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N".into()),
        fixed_in: Some("1.0.201".into()),
        references: vec!["https://rustsec.org/advisories/RUSTSEC-2099-0001.html".into()],
        analysis: Analysis::InTriage,
    }];
    let small = input(&inventories, &vulnerabilities);
    // Key order must not depend on serde_json features another crate turns on.
    insta::with_settings!({ sort_maps => true }, {
        insta::assert_json_snapshot!("cyclonedx", bulwark_sbom::cyclonedx(&small));
        insta::assert_json_snapshot!("spdx", bulwark_sbom::spdx(&small));
    });
}
