//! Telling the YAML/JSON IaC formats apart, so a scan hands each file to the right front end.
//!
//! By path first (`.gitlab-ci.yml`, `.github/workflows/*.yml`, `docker-compose*.yml`,
//! `compose*.yaml`), then by content: a CloudFormation template has `AWSTemplateFormatVersion` or a
//! `Resources` entry with `Type: AWS::…`; a Kubernetes manifest has top-level `apiVersion` and
//! `kind`. Any other YAML file (Ansible, Helm values, app config) is `None`: not every YAML in a
//! repository is infrastructure. Terraform and Dockerfile detection live with their front ends.

use crate::model::{Document, Format};
use crate::{cloudformation, compose, github_actions, gitlab_ci, kubernetes};

/// Which YAML-family format `path` with contents `text` is, if any.
pub fn detect(path: &str, text: &str) -> Option<Format> {
    let path = path.replace('\\', "/");
    let file = path
        .rsplit('/')
        .next()
        .unwrap_or(&path)
        .to_ascii_lowercase();
    let ext = file.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let yaml = matches!(ext, "yml" | "yaml");
    let json = ext == "json";
    let template = matches!(ext, "template" | "cfn");
    if file == ".gitlab-ci.yml"
        || file == ".gitlab-ci.yaml"
        || (yaml && file.ends_with(".gitlab-ci.yml"))
    {
        return Some(Format::GitlabCi);
    }
    if yaml && (path.contains("/.github/workflows/") || path.starts_with(".github/workflows/")) {
        return Some(Format::GithubActions);
    }
    if yaml
        && (file.starts_with("docker-compose")
            || file.starts_with("compose.")
            || file.starts_with("compose-"))
    {
        return Some(Format::DockerCompose);
    }
    if !(yaml || json || template) {
        return None;
    }
    if is_cloudformation(text) {
        return Some(Format::CloudFormation);
    }
    if !template && is_kubernetes(text, json) {
        return Some(Format::Kubernetes);
    }
    None
}

/// Runs the front end for `format` (`None` for formats this module does not parse).
pub fn parse(format: Format, text: &str) -> Option<Document> {
    Some(match format {
        Format::Kubernetes => kubernetes::parse(text),
        Format::DockerCompose => compose::parse(text),
        Format::CloudFormation => cloudformation::parse(text),
        Format::GithubActions => github_actions::parse(text),
        Format::GitlabCi => gitlab_ci::parse(text),
        Format::Terraform | Format::TerraformPlan | Format::Dockerfile => return None,
    })
}

fn is_cloudformation(text: &str) -> bool {
    if text.contains("AWSTemplateFormatVersion") {
        return true;
    }
    let has_resources = text
        .lines()
        .any(|l| l.starts_with("Resources:") || l.contains("\"Resources\""));
    let has_aws_type = text.match_indices("Type").any(|(at, word)| {
        text.get(at + word.len()..)
            .map(|r| r.trim_start_matches(['"', '\'']).trim_start())
            .and_then(|r| r.strip_prefix(':'))
            .map(|r| r.trim_start().trim_start_matches(['"', '\'']))
            .is_some_and(|v| v.starts_with("AWS::"))
    });
    has_resources && has_aws_type
}

/// Top-level `apiVersion` and `kind` keys (in any document; JSON keys anywhere).
fn is_kubernetes(text: &str, json: bool) -> bool {
    if json {
        return text.contains("\"apiVersion\"") && text.contains("\"kind\"");
    }
    let mut api = false;
    let mut kind = false;
    for line in text.lines() {
        if line.starts_with("---") {
            api = false;
            kind = false;
        }
        api |= line.starts_with("apiVersion:");
        kind |= line.starts_with("kind:");
        if api && kind {
            return true;
        }
    }
    false
}
