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

/// Why a YAML file is not read: a Helm chart template (or another Go-template-generated manifest)
/// is not YAML until rendered, and reading it as YAML would judge placeholders, not the manifest.
/// `None` for plain YAML; GitHub Actions' `${{ }}` expressions are not templates.
pub fn unrendered_template(path: &str, text: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) || !text.contains("{{") {
        return None;
    }
    const ACTIONS: &[&str] = &[
        "if ",
        "else",
        "end",
        "range ",
        "with ",
        "define ",
        "include ",
        "template ",
        "toYaml ",
        "/*",
        "$",
    ];
    let templated = text.lines().any(|line| {
        let line = line.trim_start();
        let line = line.strip_prefix("- ").unwrap_or(line);
        // An action at the start of a line: `{{- if .Values.x }}`, `{{ include "x" . }}`.
        let at_start = line.strip_prefix("{{").map(|rest| {
            let rest = rest.trim_start_matches('-').trim_start();
            ACTIONS.iter().any(|a| rest.starts_with(a))
        });
        // Or an unquoted value that is a placeholder: `name: {{ .Release.Name }}`.
        at_start == Some(true) || line.contains(": {{") && !line.contains("${{")
    });
    let in_chart = lower.starts_with("templates/") || lower.contains("/templates/");
    (templated && (in_chart || format_of(path, text).is_some())).then_some(
        "Helm/Go template (`{{ … }}`): not parsed; render it (`helm template CHART > out.yaml`) \
         and scan the output",
    )
}

/// Parses `text` as `format`.
pub fn parse(format: Format, path: &str, text: &str) -> Document {
    match format {
        Format::Terraform => terraform::parse(path, text),
        Format::TerraformPlan => terraform::plan::parse(text),
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

    #[test]
    fn helm_templates_are_recognised_and_plain_yaml_is_not() {
        let deployment =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n";
        assert!(unrendered_template("chart/templates/deploy.yaml", deployment).is_some());
        assert!(unrendered_template("k8s/deploy.yaml", deployment).is_some());
        let control = "{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\n{{- end }}\n";
        assert!(unrendered_template("chart/templates/svc.yaml", control).is_some());
        // Alerting rules in a ConfigMap quote their templates; workflows use `${{ }}`.
        let configmap =
            "apiVersion: v1\nkind: ConfigMap\ndata:\n  rule: \"{{ $labels.instance }} down\"\n";
        assert!(unrendered_template("k8s/cm.yaml", configmap).is_none());
        let workflow = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.sha }}\n";
        assert!(unrendered_template(".github/workflows/ci.yml", workflow).is_none());
        assert!(unrendered_template("main.tf", "x = \"{{ y }}\"").is_none());
    }
}
