//! Where jobs run.

use super::triggers;
use crate::model::{Format, Node, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A job on a `self-hosted` runner in a workflow triggered by `pull_request`.
pub static SELF_HOSTED_ON_PULL_REQUEST_RULE: Rule = Rule {
    id: "iac.github-actions.self-hosted-runner-on-pull-request",
    title: "Self-hosted runner runs pull request code",
    scanner: Scanner::Iac,
    severity: Severity::Low,
    cwe: &["CWE-829"],
    owasp: &["A05:2021"],
    controls: &["nist-ssdf:PO.5.1", "pci-dss-4.0.1:1.3.1"],
    description: "A job triggered by `pull_request` runs on a self-hosted runner. In a public \
        repository (or one that accepts forks) anyone can open a pull request whose code then \
        runs on that machine inside the corporate network; non-ephemeral runners keep what the \
        attacker leaves behind (backdoors, poisoned caches) for the next, privileged job. \
        Severity depends on the fork-PR approval settings this file does not show.",
    remediation: "Run pull request jobs on GitHub-hosted runners, or on ephemeral, isolated \
        self-hosted runners (`--ephemeral`, one VM/container per job, no network path to \
        internal systems) in a dedicated runner group restricted to this repository, and require \
        approval for workflows from outside collaborators:\n\n```yaml\njobs:\n  test:\n    \
        runs-on: ubuntu-latest\n```",
    references: &[
        "https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security",
    ],
};

pub static SELF_HOSTED_ON_PULL_REQUEST: IacRule = IacRule {
    rule: &SELF_HOSTED_ON_PULL_REQUEST_RULE,
    format: Format::GithubActions,
    kinds: &["job"],
    check: self_hosted_on_pull_request,
};

fn labels(runs_on: &Node) -> Vec<&str> {
    match &runs_on.value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Node::as_str).collect(),
        Value::Object(_) => runs_on.get("labels").map(labels).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn self_hosted_on_pull_request(ctx: &Context<'_>, job: &Resource) -> Vec<Hit> {
    if !triggers(ctx.document).iter().any(|t| t == "pull_request") {
        return Vec::new();
    }
    let Some(runs_on) = job.body.get("runs-on") else {
        return Vec::new();
    };
    if labels(runs_on)
        .iter()
        .any(|l| l.eq_ignore_ascii_case("self-hosted"))
    {
        vec![Hit::new(
            runs_on.span,
            "a `pull_request` job runs on a self-hosted runner",
        )]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    const PATH: &str = ".github/workflows/ci.yml";

    #[test]
    fn self_hosted_fires() {
        let text = "on: [push, pull_request]\njobs:\n  a:\n    runs-on: [self-hosted, linux]\n    steps: [{run: make}]\n  b:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n";
        let h = hits(&SELF_HOSTED_ON_PULL_REQUEST, PATH, text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 4);
    }

    #[test]
    fn self_hosted_negative() {
        let text = "on: push\njobs:\n  a:\n    runs-on: self-hosted\n    steps: [{run: make}]\n";
        assert!(hits(&SELF_HOSTED_ON_PULL_REQUEST, PATH, text).is_empty());
    }
}
