//! The `GITHUB_TOKEN`'s permissions.

use crate::model::{Format, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

const LEAST_PRIVILEGE: &str = "```yaml\npermissions:\n  contents: read\n\njobs:\n  release:\n    \
    permissions:\n      contents: write   # only the job that needs it\n      id-token: write\n```\n\n\
    Also set the organisation/repository default (Settings → Actions → General → Workflow \
    permissions) to \"Read repository contents and packages permissions\".";

/// ## What it finds
/// `permissions: write-all` on a workflow or a job.
pub static WRITE_ALL_RULE: Rule = Rule {
    id: "iac.github-actions.permissions-write-all",
    title: "`GITHUB_TOKEN` granted `write-all`",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-250", "CWE-732"],
    owasp: &["A01:2021"],
    controls: &["pci-dss-4.0.1:7.2.1", "soc2:CC6.1", "nist-ssdf:PO.5.1"],
    description: "The workflow or job gives its `GITHUB_TOKEN` write access to every scope: \
        contents, packages, pull requests, deployments, security events, Actions itself. Any \
        step that is compromised (a malicious dependency, a moved action tag, a script \
        injection) can then push code, publish packages or approve its own changes, defeating \
        the separation of duties a bank's change management relies on.",
    remediation: concat!(
        "Grant read access at the top and only the specific scopes a job needs:\n\n",
        "```yaml\npermissions:\n  contents: read\n\njobs:\n  release:\n    permissions:\n",
        "      contents: write   # only the job that needs it\n```"
    ),
    references: &[
        "https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions",
    ],
};

pub static WRITE_ALL: IacRule = IacRule {
    rule: &WRITE_ALL_RULE,
    format: Format::GithubActions,
    kinds: &["workflow", "job"],
    check: write_all,
};

/// ## What it finds
/// A workflow with no top-level `permissions` where some job does not set its own either, so
/// the token gets the repository/organisation default, which may be read-write.
pub static MISSING_PERMISSIONS_RULE: Rule = Rule {
    id: "iac.github-actions.missing-permissions",
    title: "Workflow does not restrict `GITHUB_TOKEN` permissions",
    scanner: Scanner::Iac,
    severity: Severity::Low,
    cwe: &["CWE-276"],
    owasp: &["A05:2021"],
    controls: &["pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    description: "Neither the workflow nor some of its jobs declare `permissions`, so their \
        token gets the default of the repository or organisation. Older repositories and many \
        organisations still default to read-write on every scope, and the file gives a reviewer \
        no way to tell which applies: least privilege is not demonstrable.",
    remediation: LEAST_PRIVILEGE,
    references: &[
        "https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#modifying-the-permissions-for-the-github_token",
    ],
};

pub static MISSING_PERMISSIONS: IacRule = IacRule {
    rule: &MISSING_PERMISSIONS_RULE,
    format: Format::GithubActions,
    kinds: &["workflow"],
    check: missing_permissions,
};

fn write_all(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    match resource.body.get("permissions") {
        Some(p) if p.as_str() == Some("write-all") => {
            let scope = if resource.kind == "workflow" {
                "the workflow".to_string()
            } else {
                format!("job `{}`", resource.address.trim_start_matches("jobs."))
            };
            vec![Hit::new(
                p.span,
                format!("{scope} grants the token `write-all`"),
            )]
        }
        _ => Vec::new(),
    }
}

fn missing_permissions(_: &Context<'_>, workflow: &Resource) -> Vec<Hit> {
    if workflow.body.get("permissions").is_some() {
        return Vec::new();
    }
    let Some(Value::Object(jobs)) = workflow.body.get("jobs").map(|j| &j.value) else {
        return Vec::new();
    };
    let open: Vec<&str> = jobs
        .iter()
        .filter(|(_, _, job)| job.get("permissions").is_none())
        .map(|(id, _, _)| id.as_str())
        .collect();
    if open.is_empty() {
        return Vec::new();
    }
    vec![Hit::new(
        workflow.span,
        format!(
            "no `permissions` at workflow level nor on job(s) {}: the token gets the default, \
             possibly read-write",
            open.iter()
                .map(|j| format!("`{j}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    const PATH: &str = ".github/workflows/ci.yml";

    #[test]
    fn write_all_fires() {
        let text = "on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: x\n    permissions: write-all\n    steps: [{run: make}]\n";
        let h = hits(&WRITE_ALL, PATH, text);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].span.start.line, 2);
        assert!(h[1].message.contains("job `a`"));
    }

    #[test]
    fn write_all_negative() {
        let text = "on: push\npermissions: read-all\njobs:\n  a:\n    runs-on: x\n    permissions:\n      contents: write\n    steps: [{run: make}]\n";
        assert!(hits(&WRITE_ALL, PATH, text).is_empty());
    }

    #[test]
    fn missing_fires() {
        let text = "on: push\njobs:\n  a:\n    runs-on: x\n    permissions: {contents: read}\n    steps: [{run: make}]\n  b:\n    runs-on: x\n    steps: [{run: make}]\n";
        let h = hits(&MISSING_PERMISSIONS, PATH, text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 1);
        assert!(h[0].message.contains("`b`") && !h[0].message.contains("`a`"));
    }

    #[test]
    fn missing_negative() {
        for text in [
            "on: push\npermissions: {}\njobs:\n  a: {runs-on: x, steps: [{run: make}]}\n",
            "on: push\njobs:\n  a: {runs-on: x, permissions: {contents: read}, steps: [{run: make}]}\n",
        ] {
            assert!(hits(&MISSING_PERMISSIONS, PATH, text).is_empty(), "{text}");
        }
    }
}
