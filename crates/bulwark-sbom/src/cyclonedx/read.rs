//! The CycloneDX JSON reader (spec 1.4 to 1.6): components with a purl, nested components
//! included, and the `dependencies` graph. The metadata component is the subject, not a package.

use crate::hashes::{self, Algorithm};
use crate::inventory::Builder;
use bulwark_core::Problem;
use bulwark_deps::{Inventory, Package, Scope};
use serde_json::{Map, Value};

const VERSIONS: [&str; 3] = ["1.4", "1.5", "1.6"];

pub(crate) fn read(path: &str, text: &str, bom: &Map<String, Value>) -> Result<Inventory, Problem> {
    let mut builder = Builder::new(path, text);
    if bom.get("bomFormat").and_then(Value::as_str) != Some("CycloneDX") {
        return Err(builder.error("\"bomFormat\"", "bomFormat is not \"CycloneDX\"".into()));
    }
    match bom.get("specVersion") {
        Some(Value::String(version)) if VERSIONS.contains(&version.as_str()) => {}
        other => {
            return Err(builder.error(
                "\"specVersion\"",
                format!(
                    "unsupported CycloneDX specVersion {} (1.4 to 1.6 are read)",
                    other.map_or_else(|| "(missing)".to_string(), Value::to_string)
                ),
            ));
        }
    }
    let subject = bom
        .get("metadata")
        .and_then(|m| m.get("component"))
        .and_then(|c| c.get("bom-ref"))
        .and_then(Value::as_str);
    if let Some(subject) = subject {
        builder.root(subject);
    }
    let components = builder.array(bom, "components")?;
    let components_line = builder.line("\"components\"");
    for value in components {
        component(&mut builder, value, components_line);
    }
    let dependencies_line = builder.line("\"dependencies\"");
    for value in builder.array(bom, "dependencies")? {
        let Some(from) = value.get("ref").and_then(Value::as_str) else {
            builder.problem(
                dependencies_line,
                "a dependency has no string \"ref\"".into(),
            );
            continue;
        };
        let depends_on = value.get("dependsOn").and_then(Value::as_array);
        for to in depends_on.into_iter().flatten().filter_map(Value::as_str) {
            builder.edge(from, to);
        }
    }
    Ok(builder.finish())
}

/// One component and the components nested in it. `line` locates entries that have no purl to
/// be found by.
fn component(builder: &mut Builder<'_>, value: &Value, line: u32) {
    let Some(object) = value.as_object() else {
        builder.problem(line, format!("a component is not an object: {value}"));
        return;
    };
    match object.get("purl") {
        // Not identifiable as a package, so not matchable: left out.
        None | Some(Value::Null) => {}
        Some(Value::String(purl)) => {
            let element = object.get("bom-ref").and_then(Value::as_str);
            if let Some(package) = builder.package(element, "purl", purl) {
                describe(package, object);
            }
        }
        Some(other) => {
            builder.problem(line, format!("a component's purl is not a string: {other}"))
        }
    }
    match object.get("components") {
        None => {}
        Some(Value::Array(children)) => {
            for child in children {
                component(builder, child, line);
            }
        }
        Some(_) => builder.problem(line, "a component's \"components\" is not an array".into()),
    }
}

/// Scope, hashes and licenses, where the component records them.
fn describe(package: &mut Package, component: &Map<String, Value>) {
    package.scope = match component.get("scope").and_then(Value::as_str) {
        Some("excluded") => Scope::Dev,
        Some("optional") => Scope::Optional,
        _ => Scope::Runtime,
    };
    let hashes = component.get("hashes").and_then(Value::as_array);
    for hash in hashes.into_iter().flatten() {
        let algorithm = hash
            .get("alg")
            .and_then(Value::as_str)
            .and_then(Algorithm::from_cyclonedx);
        let content = hash.get("content").and_then(Value::as_str);
        if let (Some(algorithm), Some(content)) = (algorithm, content)
            && let Some(checksum) = hashes::checksum(algorithm, content)
        {
            package.checksums.push(checksum);
        }
    }
    let licenses = component.get("licenses").and_then(Value::as_array);
    for choice in licenses.into_iter().flatten() {
        let license = choice.get("license");
        let text = choice
            .get("expression")
            .or_else(|| license.and_then(|l| l.get("id")))
            .or_else(|| license.and_then(|l| l.get("name")))
            .and_then(Value::as_str);
        if let Some(text) = text {
            package.licenses.push(text.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use bulwark_deps::{Dependency, Relationship, Scope};

    /// A CycloneDX 1.4 BOM as other tools write it: nested components, a component without a
    /// purl, an OS package, a purl without a version, SHA-1 hashes and license ids.
    const BOM: &str = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.4",
  "version": 1,
  "metadata": {
    "component": { "type": "application", "bom-ref": "app", "name": "app" }
  },
  "components": [
    {
      "type": "library",
      "bom-ref": "spring",
      "group": "org.springframework",
      "name": "spring-core",
      "version": "5.3.18",
      "purl": "pkg:maven/org.springframework/spring-core@5.3.18?type=jar",
      "hashes": [
        { "alg": "SHA-1", "content": "2AAE6C35C94FCFB415DBE95F408B9CE91EE846ED" },
        { "alg": "SHA3-256", "content": "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9" }
      ],
      "licenses": [ { "license": { "id": "Apache-2.0" } } ],
      "components": [
        {
          "type": "library",
          "bom-ref": "jcl",
          "name": "spring-jcl",
          "purl": "pkg:maven/org.springframework/spring-jcl@5.3.18",
          "scope": "optional"
        }
      ]
    },
    { "type": "library", "bom-ref": "vendored", "name": "vendored-lib", "version": "1.0" },
    { "type": "library", "bom-ref": "curl", "name": "curl", "purl": "pkg:deb/debian/curl@7.74.0-1.3" },
    { "type": "library", "bom-ref": "junit", "name": "junit", "scope": "excluded",
      "purl": "pkg:maven/junit/junit@4.13.2", "licenses": [ { "expression": "EPL-1.0" } ] },
    { "type": "library", "bom-ref": "floating", "name": "floating", "purl": "pkg:npm/floating" }
  ],
  "dependencies": [
    { "ref": "app", "dependsOn": [ "spring", "junit", "vendored" ] },
    { "ref": "spring", "dependsOn": [ "jcl", "curl" ] },
    { "ref": "jcl" }
  ]
}"#;

    #[test]
    fn reads_components_hashes_licenses_and_graph() {
        let inventory = crate::read("sbom/bom.json", BOM.as_bytes()).expect("reads");
        let packages: Vec<_> = inventory
            .packages
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_str(),
                    p.relationship,
                    p.scope,
                    p.line,
                )
            })
            .collect();
        assert_eq!(
            packages,
            [
                (
                    "org.springframework:spring-core",
                    "5.3.18",
                    Relationship::Direct,
                    Scope::Runtime,
                    15
                ),
                (
                    "org.springframework:spring-jcl",
                    "5.3.18",
                    Relationship::Transitive,
                    Scope::Optional,
                    26
                ),
                (
                    "junit:junit",
                    "4.13.2",
                    Relationship::Direct,
                    Scope::Dev,
                    34
                ),
            ]
        );
        assert_eq!(inventory.dependencies, [Dependency { from: 0, to: 1 }]);
        let spring = &inventory.packages[0];
        assert_eq!(spring.licenses, ["Apache-2.0"]);
        assert_eq!(
            spring
                .checksums
                .iter()
                .map(|c| (c.algorithm.as_str(), c.value.as_str()))
                .collect::<Vec<_>>(),
            [("sha1", "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")]
        );
        assert_eq!(inventory.packages[2].licenses, ["EPL-1.0"]);
        assert_eq!(inventory.unpinned.len(), 1);
        assert_eq!(
            (
                inventory.unpinned[0].name.as_str(),
                inventory.unpinned[0].line
            ),
            ("floating", 35)
        );
        assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
        assert!(inventory.packages.iter().all(|p| p.path == "sbom/bom.json"));
    }

    #[test]
    fn unreadable_documents_are_errors_with_lines() {
        for (text, line, message) in [
            (
                "{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": \"1.3\"\n}",
                3,
                "specVersion \"1.3\"",
            ),
            ("{\n\"bomFormat\": \"CycloneDX\"\n}", 1, "(missing)"),
            (
                "{\n\"bomFormat\": \"SWID\",\n\"specVersion\": \"1.6\"\n}",
                2,
                "bomFormat",
            ),
            (
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\",\n\"components\": {}}",
                2,
                "\"components\" is not an array",
            ),
            (
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\",\n\n\"dependencies\": 3}",
                3,
                "\"dependencies\" is not an array",
            ),
        ] {
            let problem = crate::read("bom.json", text.as_bytes()).expect_err(text);
            assert_eq!(problem.line, Some(line), "{text}: {problem:?}");
            assert!(problem.message.contains(message), "{text}: {problem:?}");
        }
    }

    #[test]
    fn odd_entries_are_problems_and_the_rest_counts() {
        let text = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6",
"components": [
  "not an object",
  { "name": "x", "purl": 42 },
  { "name": "y", "purl": "pkg:npm/" },
  { "name": "z", "purl": "pkg:npm/z@1.0.0", "components": "nope" }
],
"dependencies": [ { "dependsOn": [] } ]
}"#;
        let inventory = crate::read("bom.json", text.as_bytes()).expect("reads");
        assert_eq!(inventory.packages.len(), 1);
        let lines: Vec<Option<u32>> = inventory.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(2), Some(5), Some(2), Some(8)]);
    }
}
