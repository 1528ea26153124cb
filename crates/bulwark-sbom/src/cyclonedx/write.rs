//! The CycloneDX 1.6 writer: components, their dependency graph, and the vulnerabilities found
//! in them as VEX (with the project's triage as impact analysis).

use crate::graph::{self, Component};
use crate::{Analysis, SbomInput, Vulnerability, identity, license, purl};
use bulwark_deps::Scope;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Bom<'a> {
    bom_format: &'static str,
    spec_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    serial_number: Option<String>,
    version: u32,
    metadata: Metadata<'a>,
    components: Vec<Library<'a>>,
    dependencies: Vec<Dependencies<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    vulnerabilities: Vec<Vex<'a>>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    timestamp: String,
    tools: Tools<'a>,
    component: Application<'a>,
}

#[derive(Serialize)]
struct Tools<'a> {
    components: [Application<'a>; 1],
}

#[derive(Serialize)]
struct Application<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref", skip_serializing_if = "Option::is_none")]
    bom_ref: Option<String>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct Library<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref")]
    bom_ref: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    name: &'a str,
    version: &'a str,
    scope: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<Hash<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<LicenseChoice<'a>>,
    purl: &'a str,
    properties: Vec<Property<'a>>,
}

#[derive(Serialize)]
struct Hash<'a> {
    alg: &'static str,
    content: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum LicenseChoice<'a> {
    Expression { expression: String },
    Named { license: Named<'a> },
}

#[derive(Serialize)]
struct Named<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Property<'a> {
    name: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dependencies<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<&'a str>,
}

#[derive(Serialize)]
struct Vex<'a> {
    id: &'a str,
    source: Source,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    references: Vec<Reference<'a>>,
    ratings: [Rating<'a>; 1],
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    recommendation: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    advisories: Vec<Advisory<'a>>,
    analysis: Impact<'a>,
    affects: [Affects<'a>; 1],
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Reference<'a> {
    id: &'a str,
    source: Source,
}

#[derive(Serialize)]
struct Rating<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vector: Option<&'a str>,
}

#[derive(Serialize)]
struct Advisory<'a> {
    url: &'a str,
}

#[derive(Serialize)]
struct Impact<'a> {
    state: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    response: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
}

#[derive(Serialize)]
struct Affects<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
}

/// The CycloneDX document for `input`, its serial number a hash of the rest.
pub(crate) fn write(input: &SbomInput<'_>) -> serde_json::Value {
    let components = graph::merge(input.inventories);
    let subject = crate::subject_name(input);
    let subject_ref = format!("bulwark:subject:{subject}");
    let mut bom = Bom {
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: None,
        version: 1,
        metadata: Metadata {
            timestamp: crate::created(input),
            tools: Tools {
                components: [Application {
                    kind: "application",
                    bom_ref: None,
                    name: "bulwark",
                    version: Some(input.tool_version),
                }],
            },
            component: Application {
                kind: "application",
                bom_ref: Some(subject_ref.clone()),
                name: subject,
                version: None,
            },
        },
        components: components.iter().map(library).collect(),
        dependencies: dependencies(&subject_ref, &components),
        vulnerabilities: input.vulnerabilities.iter().map(vex).collect(),
    };
    let content = serde_json::to_vec(&bom).unwrap_or_default();
    bom.serial_number = Some(format!("urn:uuid:{}", identity::uuid(&content)));
    serde_json::to_value(&bom).unwrap_or_default()
}

fn library<'a>(component: &'a Component<'a>) -> Library<'a> {
    let package = component.package;
    let (group, name) = purl::split(package.ecosystem, &package.name);
    let licenses = match license::expression(&component.licenses) {
        Some(expression) => vec![LicenseChoice::Expression { expression }],
        None => component
            .licenses
            .iter()
            .map(|name| LicenseChoice::Named {
                license: Named { name },
            })
            .collect(),
    };
    Library {
        kind: "library",
        bom_ref: &component.purl,
        group,
        name,
        version: &package.version,
        scope: match component.scope {
            Scope::Runtime => "required",
            Scope::Optional => "optional",
            Scope::Dev => "excluded",
        },
        hashes: component
            .digests
            .iter()
            .map(|d| Hash {
                alg: d.algorithm.cyclonedx(),
                content: &d.hex,
            })
            .collect(),
        licenses,
        purl: &component.purl,
        properties: component
            .paths
            .iter()
            .map(|path| Property {
                name: "bulwark:lockfile",
                value: path,
            })
            .collect(),
    }
}

/// The subject first, depending on the top-level components, then every component.
fn dependencies<'a>(
    subject_ref: &'a str,
    components: &'a [Component<'a>],
) -> Vec<Dependencies<'a>> {
    let subject = Dependencies {
        reference: subject_ref,
        depends_on: components
            .iter()
            .filter(|c| c.top_level)
            .map(|c| c.purl.as_str())
            .collect(),
    };
    let each = components.iter().map(|c| Dependencies {
        reference: &c.purl,
        depends_on: c
            .depends_on
            .iter()
            .filter_map(|&i| components.get(i))
            .map(|d| d.purl.as_str())
            .collect(),
    });
    std::iter::once(subject).chain(each).collect()
}

/// The database that publishes advisories with `id`'s prefix.
fn source(id: &str) -> Source {
    let (name, url) = if id.starts_with("GHSA-") {
        ("GitHub", format!("https://github.com/advisories/{id}"))
    } else if id.starts_with("CVE-") {
        ("NVD", format!("https://nvd.nist.gov/vuln/detail/{id}"))
    } else if id.starts_with("RUSTSEC-") {
        (
            "RustSec",
            format!("https://rustsec.org/advisories/{id}.html"),
        )
    } else if id.starts_with("GO-") {
        ("Go", format!("https://pkg.go.dev/vuln/{id}"))
    } else if id.starts_with("PYSEC-") {
        ("PyPA", format!("https://osv.dev/vulnerability/{id}"))
    } else {
        ("OSV", format!("https://osv.dev/vulnerability/{id}"))
    };
    Source { name, url }
}

/// The CVSS version a vector is written in.
fn method(vector: &str) -> &'static str {
    if vector.starts_with("CVSS:4.") {
        "CVSSv4"
    } else if vector.starts_with("CVSS:3.1/") {
        "CVSSv31"
    } else if vector.starts_with("CVSS:3.0/") {
        "CVSSv3"
    } else if vector.starts_with("AV:") {
        "CVSSv2"
    } else {
        "other"
    }
}

fn vex(vulnerability: &Vulnerability) -> Vex<'_> {
    let (state, response, detail) = match &vulnerability.analysis {
        Analysis::InTriage => ("in_triage", vec![], None),
        Analysis::RiskAccepted { detail } => ("exploitable", vec!["will_not_fix"], Some(detail)),
        Analysis::FalsePositive { detail } => ("false_positive", vec![], Some(detail)),
    };
    let vector = vulnerability.vector.as_deref().filter(|v| !v.is_empty());
    Vex {
        id: &vulnerability.id,
        source: source(&vulnerability.id),
        references: vulnerability
            .aliases
            .iter()
            .filter(|alias| **alias != vulnerability.id)
            .map(|alias| Reference {
                id: alias,
                source: source(alias),
            })
            .collect(),
        ratings: [Rating {
            score: vulnerability.score.filter(|s| s.is_finite()),
            severity: vulnerability.severity.as_str(),
            method: vector.map(method),
            vector,
        }],
        description: &vulnerability.summary,
        recommendation: vulnerability
            .fixed_in
            .as_ref()
            .map(|version| format!("Upgrade to {version}")),
        advisories: vulnerability
            .references
            .iter()
            .map(|url| Advisory { url })
            .collect(),
        analysis: Impact {
            state,
            response,
            detail: detail.map(String::as_str).filter(|d| !d.is_empty()),
        },
        affects: [Affects {
            reference: &vulnerability.purl,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_follow_id_prefixes() {
        for (id, name) in [
            ("GHSA-jfh8-c2jp-5v3q", "GitHub"),
            ("CVE-2021-44228", "NVD"),
            ("RUSTSEC-2020-0071", "RustSec"),
            ("GO-2022-0493", "Go"),
            ("PYSEC-2021-59", "PyPA"),
            ("MAL-2024-1", "OSV"),
        ] {
            let source = source(id);
            assert_eq!(source.name, name, "{id}");
            assert!(source.url.starts_with("https://") && source.url.contains(id));
        }
    }

    #[test]
    fn methods_follow_vector_prefixes() {
        for (vector, expected) in [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "CVSSv31"),
            ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSSv3"),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                "CVSSv4",
            ),
            ("AV:N/AC:L/Au:N/C:P/I:P/A:P", "CVSSv2"),
            ("something", "other"),
        ] {
            assert_eq!(method(vector), expected, "{vector}");
        }
    }
}
