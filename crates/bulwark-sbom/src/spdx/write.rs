//! The SPDX 2.3 writer: a root package for the subject, one package per component, and
//! DESCRIBES / DEPENDS_ON relationships. Vulnerabilities have no place in SPDX 2.3.

use crate::graph::{self, Component};
use crate::{SbomInput, identity, license};
use serde::Serialize;
use std::collections::HashSet;

const NOASSERTION: &str = "NOASSERTION";
const DOCUMENT: &str = "SPDXRef-DOCUMENT";
const ROOT: &str = "SPDXRef-Root";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    spdx_version: &'static str,
    data_license: &'static str,
    #[serde(rename = "SPDXID")]
    spdx_id: &'static str,
    name: &'a str,
    document_namespace: String,
    creation_info: CreationInfo,
    packages: Vec<SpdxPackage<'a>>,
    relationships: Vec<Relationship<'a>>,
}

#[derive(Serialize)]
struct CreationInfo {
    created: String,
    creators: [String; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SpdxPackage<'a> {
    #[serde(rename = "SPDXID")]
    spdx_id: String,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version_info: Option<&'a str>,
    download_location: &'static str,
    files_analyzed: bool,
    license_concluded: &'static str,
    license_declared: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checksums: Vec<Checksum<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    external_refs: Vec<ExternalRef<'a>>,
    primary_package_purpose: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_info: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Checksum<'a> {
    algorithm: &'static str,
    checksum_value: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExternalRef<'a> {
    reference_category: &'static str,
    reference_type: &'static str,
    reference_locator: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Relationship<'a> {
    spdx_element_id: &'a str,
    relationship_type: &'static str,
    related_spdx_element: &'a str,
}

/// The SPDX document for `input`, its namespace derived from a hash of the rest.
pub(crate) fn write(input: &SbomInput<'_>) -> serde_json::Value {
    let components = graph::merge(input.inventories);
    let ids = spdx_ids(&components);
    let subject = crate::subject_name(input);
    let root = SpdxPackage {
        spdx_id: ROOT.to_string(),
        name: subject,
        version_info: None,
        download_location: NOASSERTION,
        files_analyzed: false,
        license_concluded: NOASSERTION,
        license_declared: NOASSERTION.to_string(),
        checksums: Vec::new(),
        external_refs: Vec::new(),
        primary_package_purpose: "APPLICATION",
        source_info: None,
    };
    let packages = std::iter::once(root)
        .chain(components.iter().zip(&ids).map(|(c, id)| package(c, id)))
        .collect();
    let mut relationships = vec![Relationship {
        spdx_element_id: DOCUMENT,
        relationship_type: "DESCRIBES",
        related_spdx_element: ROOT,
    }];
    for (component, id) in components.iter().zip(&ids) {
        if component.top_level {
            relationships.push(depends_on(ROOT, id));
        }
    }
    for (component, id) in components.iter().zip(&ids) {
        for dependency in component.depends_on.iter().filter_map(|&i| ids.get(i)) {
            relationships.push(depends_on(id, dependency));
        }
    }
    let mut document = Document {
        spdx_version: "SPDX-2.3",
        data_license: "CC0-1.0",
        spdx_id: DOCUMENT,
        name: subject,
        document_namespace: String::new(),
        creation_info: CreationInfo {
            created: crate::created(input),
            creators: [format!("Tool: bulwark-{}", input.tool_version)],
        },
        packages,
        relationships,
    };
    let content = serde_json::to_vec(&document).unwrap_or_default();
    document.document_namespace = format!(
        "https://spdx.org/spdxdocs/{}-{}",
        sanitise(subject),
        identity::uuid(&content)
    );
    serde_json::to_value(&document).unwrap_or_default()
}

fn depends_on<'a>(from: &'a str, to: &'a str) -> Relationship<'a> {
    Relationship {
        spdx_element_id: from,
        relationship_type: "DEPENDS_ON",
        related_spdx_element: to,
    }
}

fn package<'a>(component: &'a Component<'a>, id: &str) -> SpdxPackage<'a> {
    let package = component.package;
    SpdxPackage {
        spdx_id: id.to_string(),
        name: &package.name,
        version_info: Some(&package.version),
        download_location: NOASSERTION,
        files_analyzed: false,
        license_concluded: NOASSERTION,
        license_declared: license::expression(&component.licenses)
            .unwrap_or_else(|| NOASSERTION.to_string()),
        checksums: component
            .digests
            .iter()
            .filter_map(|d| {
                Some(Checksum {
                    algorithm: d.algorithm.spdx()?,
                    checksum_value: &d.hex,
                })
            })
            .collect(),
        external_refs: vec![ExternalRef {
            reference_category: "PACKAGE-MANAGER",
            reference_type: "purl",
            reference_locator: &component.purl,
        }],
        primary_package_purpose: "LIBRARY",
        source_info: Some(format!("pinned in {}", component.paths.join(", "))),
    }
}

/// `SPDXRef-Package-<type>-<name>-<version>`, made unique with a counter where two packages
/// sanitise to the same id (`a_b` and `a.b` on PyPI, say).
fn spdx_ids(components: &[Component<'_>]) -> Vec<String> {
    let mut taken = HashSet::new();
    components
        .iter()
        .map(|component| {
            let package = component.package;
            let base = format!(
                "SPDXRef-Package-{}-{}-{}",
                package.ecosystem.purl_type(),
                sanitise(&package.name),
                sanitise(&package.version)
            );
            let mut id = base.clone();
            let mut n = 2;
            while !taken.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        })
        .collect()
}

/// Letters, digits, `.` and `-` only, as SPDX ids (and readable namespace URIs) require.
fn sanitise(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulwark_deps::{Ecosystem, Inventory, Package};

    #[test]
    fn ids_are_valid_and_unique() {
        let inventory = Inventory {
            packages: vec![
                Package::new(Ecosystem::Npm, "@babel/core", "7.24.0", "p", 1),
                Package::new(Ecosystem::Maven, "org.x:y", "1.0+build", "p", 1),
                Package::new(Ecosystem::Go, "a/b", "v1", "p", 1),
                Package::new(Ecosystem::Go, "a:b", "v1", "p", 1),
            ],
            ..Inventory::default()
        };
        let inventories = [inventory];
        let ids = spdx_ids(&graph::merge(&inventories));
        assert_eq!(
            ids,
            [
                "SPDXRef-Package-golang-a-b-v1",
                "SPDXRef-Package-golang-a-b-v1-2",
                "SPDXRef-Package-maven-org.x-y-1.0-build",
                "SPDXRef-Package-npm--babel-core-7.24.0",
            ]
        );
    }
}
