//! One entry point for every IaC format: which front end reads a file, by path and content.

use crate::model::{Document, Format};
use crate::{detect, dockerfile, terraform};
use std::path::Path;

/// Whether `path` may be an IaC file (cheap, before reading it).
pub fn candidate(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".tf")
        || lower.ends_with(".yml")
        || lower.ends_with(".yaml")
        || lower.ends_with(".json")
        || lower.ends_with(".template")
        || dockerfile::is_dockerfile_path(Path::new(path))
}

/// The format of `path` with contents `text`, if it is infrastructure as code.
pub fn format_of(path: &str, text: &str) -> Option<Format> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".tf") {
        return Some(Format::Terraform);
    }
    if dockerfile::is_dockerfile_path(Path::new(path)) {
        return Some(Format::Dockerfile);
    }
    if lower.ends_with(".json") && text.contains("\"planned_values\"") {
        return Some(Format::TerraformPlan);
    }
    detect::detect(path, text)
}

/// Parses `text` as `format`.
pub fn parse(format: Format, path: &str, text: &str) -> Document {
    match format {
        Format::Terraform => terraform::parse(path, text),
        Format::TerraformPlan => terraform::plan::parse(path, text),
        Format::Dockerfile => dockerfile::parse(text),
        other => detect::parse(other, text).unwrap_or_else(|| Document {
            format: other,
            resources: Vec::new(),
            root: crate::model::Node::new(crate::model::Value::Null, Default::default()),
            problems: Vec::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_path_and_content() {
        for (path, text, format) in [
            ("main.tf", "", Some(Format::Terraform)),
            ("Dockerfile", "FROM alpine:3.20\n", Some(Format::Dockerfile)),
            (
                "plan.json",
                "{\"planned_values\": {}}",
                Some(Format::TerraformPlan),
            ),
            (
                "k8s/app.yaml",
                "apiVersion: v1\nkind: Pod\n",
                Some(Format::Kubernetes),
            ),
            (
                ".github/workflows/ci.yml",
                "on: push\n",
                Some(Format::GithubActions),
            ),
            ("config/app.yaml", "debug: true\n", None),
        ] {
            assert_eq!(format_of(path, text), format, "{path}");
        }
    }
}
