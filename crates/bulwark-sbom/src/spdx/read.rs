//! The SPDX JSON reader (2.2 and 2.3): packages with a `purl` external reference, and
//! DEPENDS_ON / DEPENDENCY_OF relationships. What the document DESCRIBES is the subject.

use crate::hashes::{self, Algorithm};
use crate::inventory::Builder;
use bulwark_core::Problem;
use bulwark_deps::{Inventory, Package};
use serde_json::{Map, Value};

const VERSIONS: [&str; 2] = ["SPDX-2.2", "SPDX-2.3"];

pub(crate) fn read(
    path: &str,
    text: &str,
    document: &Map<String, Value>,
) -> Result<Inventory, Problem> {
    let mut builder = Builder::new(path, text);
    match document.get("spdxVersion") {
        Some(Value::String(version)) if VERSIONS.contains(&version.as_str()) => {}
        other => {
            return Err(builder.error(
                "\"spdxVersion\"",
                format!(
                    "unsupported spdxVersion {} (SPDX-2.2 and SPDX-2.3 are read)",
                    other.map_or_else(|| "(missing)".to_string(), Value::to_string)
                ),
            ));
        }
    }
    let described = document.get("documentDescribes").and_then(Value::as_array);
    for root in described.into_iter().flatten().filter_map(Value::as_str) {
        builder.root(root);
    }
    let packages_line = builder.line("\"packages\"");
    for value in builder.array(document, "packages")? {
        let Some(object) = value.as_object() else {
            builder.problem(
                packages_line,
                format!("a package is not an object: {value}"),
            );
            continue;
        };
        let Some(purl) = purl(object) else {
            // Not identifiable as a package of an ecosystem, so not matchable: left out.
            continue;
        };
        let element = object.get("SPDXID").and_then(Value::as_str);
        if let Some(package) = builder.package(element, "referenceLocator", purl) {
            describe(package, object);
        }
    }
    let relationships_line = builder.line("\"relationships\"");
    for value in builder.array(document, "relationships")? {
        let field = |name| value.get(name).and_then(Value::as_str);
        let (Some(from), Some(kind), Some(to)) = (
            field("spdxElementId"),
            field("relationshipType"),
            field("relatedSpdxElement"),
        ) else {
            builder.problem(
                relationships_line,
                format!("a relationship lacks an element or type: {value}"),
            );
            continue;
        };
        match kind {
            "DESCRIBES" => builder.root(to),
            "DESCRIBED_BY" => builder.root(from),
            "DEPENDS_ON" => builder.edge(from, to),
            "DEPENDENCY_OF" => builder.edge(to, from),
            _ => {}
        }
    }
    Ok(builder.finish())
}

/// The first `purl` external reference's locator.
fn purl(package: &Map<String, Value>) -> Option<&str> {
    package
        .get("externalRefs")?
        .as_array()?
        .iter()
        .find(|r| r.get("referenceType").and_then(Value::as_str) == Some("purl"))?
        .get("referenceLocator")?
        .as_str()
}

/// Declared license and checksums, where the package records them.
fn describe(package: &mut Package, spdx: &Map<String, Value>) {
    if let Some(license) = spdx.get("licenseDeclared").and_then(Value::as_str)
        && !matches!(license, "NOASSERTION" | "NONE")
    {
        package.licenses.push(license.to_string());
    }
    let checksums = spdx.get("checksums").and_then(Value::as_array);
    for checksum in checksums.into_iter().flatten() {
        let algorithm = checksum
            .get("algorithm")
            .and_then(Value::as_str)
            .and_then(Algorithm::from_spdx);
        let value = checksum.get("checksumValue").and_then(Value::as_str);
        if let (Some(algorithm), Some(value)) = (algorithm, value)
            && let Some(checksum) = hashes::checksum(algorithm, value)
        {
            package.checksums.push(checksum);
        }
    }
}

#[cfg(test)]
mod tests {
    use bulwark_deps::{Dependency, Relationship};

    /// An SPDX 2.2 document as other tools write it: the root described by `documentDescribes`,
    /// DEPENDENCY_OF as well as DEPENDS_ON, a file-only package and an OS package.
    const DOCUMENT: &str = r#"{
  "spdxVersion": "SPDX-2.2",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "service",
  "documentNamespace": "https://example.invalid/service-1",
  "documentDescribes": [ "SPDXRef-service" ],
  "creationInfo": { "created": "2024-05-01T10:00:00Z", "creators": [ "Tool: example-1.0" ] },
  "packages": [
    { "SPDXID": "SPDXRef-service", "name": "service", "downloadLocation": "NOASSERTION" },
    {
      "SPDXID": "SPDXRef-requests",
      "name": "requests",
      "versionInfo": "2.31.0",
      "downloadLocation": "NOASSERTION",
      "licenseDeclared": "Apache-2.0",
      "checksums": [ { "algorithm": "SHA256", "checksumValue": "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9" } ],
      "externalRefs": [
        { "referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:python:requests:2.31.0:*:*:*:*:*:*:*" },
        { "referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/requests@2.31.0" }
      ]
    },
    {
      "SPDXID": "SPDXRef-urllib3",
      "name": "urllib3",
      "versionInfo": "2.0.7",
      "downloadLocation": "NOASSERTION",
      "licenseDeclared": "NOASSERTION",
      "externalRefs": [ { "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/urllib3@2.0.7" } ]
    },
    {
      "SPDXID": "SPDXRef-openssl",
      "name": "openssl",
      "downloadLocation": "NOASSERTION",
      "externalRefs": [ { "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:deb/debian/openssl@3.0.11" } ]
    }
  ],
  "relationships": [
    { "spdxElementId": "SPDXRef-service", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-requests" },
    { "spdxElementId": "SPDXRef-urllib3", "relationshipType": "DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-requests" },
    { "spdxElementId": "SPDXRef-openssl", "relationshipType": "DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-urllib3" },
    { "spdxElementId": "SPDXRef-requests", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-urllib3" }
  ]
}"#;

    #[test]
    fn reads_packages_with_purls_and_dependency_relationships() {
        let inventory = crate::read("sbom.spdx.json", DOCUMENT.as_bytes()).expect("reads");
        let packages: Vec<_> = inventory
            .packages
            .iter()
            .map(|p| (p.purl(), p.relationship, p.line))
            .collect();
        assert_eq!(
            packages,
            [
                (
                    "pkg:pypi/requests@2.31.0".to_string(),
                    Relationship::Direct,
                    20
                ),
                (
                    "pkg:pypi/urllib3@2.0.7".to_string(),
                    Relationship::Transitive,
                    29
                ),
            ]
        );
        assert_eq!(inventory.dependencies, [Dependency { from: 0, to: 1 }]);
        assert_eq!(inventory.packages[0].licenses, ["Apache-2.0"]);
        assert_eq!(inventory.packages[0].checksums.len(), 1);
        assert!(inventory.packages[1].licenses.is_empty());
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
    }

    #[test]
    fn unreadable_documents_are_errors_with_lines() {
        for (text, line, message) in [
            ("{\n\"spdxVersion\": \"SPDX-3.0\"\n}", 2, "SPDX-3.0"),
            (
                "{\n\n\"spdxVersion\": 2.3\n}",
                3,
                "unsupported spdxVersion 2.3",
            ),
            (
                "{\"spdxVersion\": \"SPDX-2.3\",\n\"packages\": \"all of them\"}",
                2,
                "\"packages\" is not an array",
            ),
            (
                "{\"spdxVersion\": \"SPDX-2.3\",\n\n\"relationships\": {}}",
                3,
                "\"relationships\" is not an array",
            ),
        ] {
            let problem = crate::read("sbom.spdx.json", text.as_bytes()).expect_err(text);
            assert_eq!(problem.line, Some(line), "{text}: {problem:?}");
            assert!(problem.message.contains(message), "{text}: {problem:?}");
        }
    }

    #[test]
    fn odd_entries_are_problems_and_the_rest_counts() {
        let text = r#"{"spdxVersion": "SPDX-2.3",
"packages": [
  7,
  { "SPDXID": "SPDXRef-a", "externalRefs": [ { "referenceType": "purl", "referenceLocator": "pkg:cargo/a@1.0.0" } ] },
  { "SPDXID": "SPDXRef-b", "externalRefs": "none" }
],
"relationships": [ { "spdxElementId": "SPDXRef-a" } ]
}"#;
        let inventory = crate::read("sbom.spdx.json", text.as_bytes()).expect("reads");
        assert_eq!(inventory.packages.len(), 1);
        let lines: Vec<Option<u32>> = inventory.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(7)]);
    }
}
