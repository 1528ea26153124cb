//! Software bills of materials: Bulwark's inventories (and the vulnerabilities found in them)
//! written as CycloneDX 1.6 or SPDX 2.3 JSON, and SBOMs in either format read back as an
//! [`Inventory`] so that `bulwark scan --sbom` can match advisories against a third party's BOM.
//!
//! Output is reproducible: for the same input and timestamp the bytes are identical, down to
//! the serial number and document namespace, which are derived from a hash of the content.

mod cyclonedx;
mod graph;
mod hashes;
mod identity;
mod inventory;
mod license;
mod purl;
mod spdx;

use bulwark_core::{Problem, Severity};
use bulwark_deps::Inventory;
use bulwark_deps::lockfiles::text;

/// What an SBOM describes.
#[derive(Debug, Clone, Copy)]
pub struct SbomInput<'a> {
    /// Project name (the scan root directory's name): the SBOM's subject.
    pub subject: &'a str,
    /// Bulwark's version, recorded as the generating tool.
    pub tool_version: &'a str,
    /// Creation time; fixed by the caller so that output is reproducible.
    pub timestamp: jiff::Timestamp,
    /// One per lockfile; the same purl in several lockfiles is one component.
    pub inventories: &'a [Inventory],
    /// Published as CycloneDX VEX; SPDX 2.3 has no place for them.
    pub vulnerabilities: &'a [Vulnerability],
}

/// A vulnerability found in one component, with the project's triage of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Vulnerability {
    /// Advisory id (`GHSA-…`, `CVE-…`, `RUSTSEC-…`, `GO-…`, `PYSEC-…`).
    pub id: String,
    pub aliases: Vec<String>,
    /// The affected component.
    pub purl: String,
    pub summary: String,
    pub severity: Severity,
    pub score: Option<f64>,
    /// CVSS vector; its prefix tells the scoring method.
    pub vector: Option<String>,
    /// The first version without the vulnerability, when there is one.
    pub fixed_in: Option<String>,
    /// Advisory URLs.
    pub references: Vec<String>,
    pub analysis: Analysis,
}

/// The project's triage of a vulnerability, published as CycloneDX's impact analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Analysis {
    /// Found and not yet triaged.
    InTriage,
    /// Suppressed as an accepted risk: exploitable, and will not be fixed.
    RiskAccepted { detail: String },
    /// Suppressed as not applicable.
    FalsePositive { detail: String },
}

/// The CycloneDX 1.6 JSON document for `input`.
pub fn cyclonedx(input: &SbomInput<'_>) -> serde_json::Value {
    cyclonedx::write(input)
}

/// The SPDX 2.3 JSON document for `input`.
pub fn spdx(input: &SbomInput<'_>) -> serde_json::Value {
    spdx::write(input)
}

/// Reads a CycloneDX (1.4–1.6) or SPDX (2.2, 2.3) JSON document, telling them apart by content.
///
/// Packages are the components/packages with a purl of an ecosystem Bulwark knows; those without
/// a purl, or with a purl of another type (`pkg:deb/…`, `pkg:github/…`), cannot be matched
/// against advisories and are left out. A purl without a version is reported in
/// [`Inventory::unpinned`]. Every package's path is `path` and its line that of its purl.
/// A document that is not JSON, or of another format or version, is an error with its line.
pub fn read(path: &str, bytes: &[u8]) -> Result<Inventory, Problem> {
    let text = text::utf8(bytes)?;
    let document: serde_json::Value =
        serde_json::from_str(text).map_err(|e| text::json_error(&e))?;
    let Some(object) = document.as_object() else {
        return Err(Problem {
            line: Some(1),
            message: "an SBOM must be a JSON object".into(),
        });
    };
    if object.contains_key("bomFormat") {
        cyclonedx::read(path, text, object)
    } else if object.contains_key("spdxVersion") {
        spdx::read(path, text, object)
    } else {
        Err(Problem {
            line: Some(1),
            message: "neither CycloneDX (no bomFormat) nor SPDX (no spdxVersion) JSON".into(),
        })
    }
}

/// The subject's name, never empty (both formats require a name).
fn subject_name<'a>(input: &SbomInput<'a>) -> &'a str {
    let subject = input.subject.trim();
    if subject.is_empty() {
        "project"
    } else {
        subject
    }
}

/// The creation time to the second, as SPDX requires (`YYYY-MM-DDThh:mm:ssZ`) and CycloneDX
/// accepts.
fn created(input: &SbomInput<'_>) -> String {
    input.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn anything_but_a_cyclonedx_or_spdx_object_is_an_error_with_a_line() {
        let bom = "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"components\": [\n    {\"purl\": \"pkg:npm/a@1\"";
        for (bytes, line) in [
            (&b""[..], 1),
            (b"[]", 1),
            (b"{\"name\": \"x\"}", 1),
            (b"{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": ", 3),
            (bom.as_bytes(), 5),
            (b"{\"spdxVersion\": \"SPDX-2.3\",\n\xff}", 2),
            (
                b"{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [1, 2,]\n}",
                1,
            ),
        ] {
            let problem = crate::read("sbom.json", bytes).expect_err("unreadable");
            assert_eq!(
                problem.line,
                Some(line),
                "{:?}: {problem:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn truncating_a_document_anywhere_never_panics() {
        let bom = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"application","bom-ref":"r","name":"r"}},"components":[{"type":"library","bom-ref":"pkg:npm/a@1.0.0","name":"a","purl":"pkg:npm/a@1.0.0","hashes":[{"alg":"SHA-1","content":"2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"}]}],"dependencies":[{"ref":"r","dependsOn":["pkg:npm/a@1.0.0"]}]}"#;
        let spdx = r#"{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/a@1.0.0"}]}],"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-a"}]}"#;
        for document in [bom, spdx] {
            assert_eq!(
                crate::read("x", document.as_bytes()).map(|i| i.packages.len()),
                Ok(1)
            );
            for end in 0..document.len() {
                assert!(
                    crate::read("x", &document.as_bytes()[..end]).is_err(),
                    "{end}"
                );
            }
        }
    }
}
