//! `artifacts:` that upload the whole workspace.

use super::{pipeline_holders, reports_pipeline};
use crate::model::{Format, Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `artifacts: {untracked: true}` or `artifacts: {paths: [.]}` (also `./`, `*`, `**`, `**/*`,
/// `$CI_PROJECT_DIR`) in a job or in `default:`, unless `access: none`.
pub static WORKSPACE_ARTIFACTS_RULE: Rule = Rule {
    id: "iac.gitlab-ci.artifacts-whole-workspace",
    title: "Job uploads its whole workspace as artifacts",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-538", "CWE-200"],
    owasp: &["A01:2021"],
    controls: &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    description: "A job's artifacts are every untracked file (`untracked: true`) or the whole \
        project directory (`paths: [.]`, `**`, …). Besides the build output, that uploads \
        whatever the job left behind — `.env` files, generated credentials and kubeconfigs, \
        Terraform state, dependency caches, the `.git` directory with its remote URL — to \
        artifact storage, where anyone who can view the pipeline (in a public or internal \
        project, far beyond the team) can download it, for the artifact expiry period or \
        longer.",
    remediation: "List only the files later jobs or releases need, and limit who can download \
        them:\n\n```yaml\nbuild:\n  artifacts:\n    paths:\n      - dist/\n    expire_in: 1 \
        week\n    access: developer\n```",
    references: &["https://docs.gitlab.com/ci/yaml/#artifacts"],
};

pub static WORKSPACE_ARTIFACTS: IacRule = IacRule {
    rule: &WORKSPACE_ARTIFACTS_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: workspace_artifacts,
};

/// Paths that mean "everything in the project directory".
const EVERYTHING: &[&str] = &[
    ".",
    "./",
    "*",
    "**",
    "**/*",
    "./**",
    "$CI_PROJECT_DIR",
    "${CI_PROJECT_DIR}",
    "$CI_PROJECT_DIR/",
    "${CI_PROJECT_DIR}/",
];

/// The hits of one `artifacts:` mapping.
fn judge(artifacts: &Node) -> Vec<Hit> {
    if artifacts.get("access").and_then(Node::as_str) == Some("none") {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(untracked) = artifacts.get("untracked")
        && (untracked.as_bool() == Some(true) || untracked.as_str() == Some("true"))
    {
        out.push(Hit::new(
            untracked.span,
            "`untracked: true` uploads every file the job created",
        ));
    }
    let paths = artifacts
        .get("paths")
        .and_then(Node::as_array)
        .unwrap_or_default();
    out.extend(
        paths
            .iter()
            .filter_map(|p| p.as_str().map(|s| (p, s)))
            .filter(|(_, s)| EVERYTHING.contains(&s.trim()))
            .map(|(p, s)| {
                Hit::new(
                    p.span,
                    format!("artifact path `{s}` uploads the whole project directory"),
                )
            }),
    );
    out
}

fn workspace_artifacts(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let mut out: Vec<Hit> = job.body.get("artifacts").map(judge).unwrap_or_default();
    if reports_pipeline(context, job) {
        for holder in pipeline_holders(&context.document.root) {
            if !std::ptr::eq(holder, &context.document.root) {
                out.extend(holder.get("artifacts").map(judge).unwrap_or_default());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::gitlab_ci::testing::run;

    #[test]
    fn whole_workspace() {
        let text = "default:\n  artifacts:\n    untracked: true\nbuild:\n  script: [make]\n  \
                    artifacts:\n    paths:\n      - dist/\n      - .\n";
        assert_eq!(run(&WORKSPACE_ARTIFACTS, text), (2, vec![9, 3]));
    }

    #[test]
    fn narrow_or_private_artifacts_negative() {
        let text = "build:\n  script: [make]\n  artifacts:\n    paths: [dist/, reports/junit.xml]\n\
                    debug:\n  script: [make]\n  artifacts:\n    untracked: true\n    access: none\n";
        assert_eq!(run(&WORKSPACE_ARTIFACTS, text).0, 0);
    }
}
