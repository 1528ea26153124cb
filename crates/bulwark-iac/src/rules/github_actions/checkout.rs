//! How `actions/checkout` is used: untrusted code in privileged workflows, persisted tokens.

use super::{ActionRef, expressions, steps, triggers};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// In a workflow triggered by `pull_request_target` or `workflow_run`, a checkout of the pull
/// request's code: `actions/checkout` with `ref:` set to `github.event.pull_request.head.sha` /
/// `head.ref`, `github.head_ref`, `github.event.workflow_run.head_sha`/`head_branch`,
/// `refs/pull/…`, or `gh pr checkout` in a `run:`.
pub static UNTRUSTED_CHECKOUT_RULE: Rule = Rule {
    id: "iac.github-actions.untrusted-checkout",
    title: "Privileged workflow checks out pull request code",
    scanner: Scanner::Iac,
    severity: Severity::Critical,
    cwe: &["CWE-829", "CWE-94"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PO.5.1", "soc2:CC6.1", "pci-dss-4.0.1:6.4.1"],
    description: "`pull_request_target` and `workflow_run` workflows run in the context of the \
        base repository, with its secrets and a token that can write to it, even for pull \
        requests from forks. Checking out the pull request's head and then building, testing or \
        running scripts from it executes code any outsider controls with those privileges: \
        secrets are stolen, releases and branches can be tampered with (a \"pwn request\").",
    remediation: "Run untrusted code only in an unprivileged `pull_request` workflow. If results \
        must reach a privileged workflow, pass them as artefacts and treat them as data. If you \
        must check out the head in `pull_request_target`, do not execute anything from it, use \
        `permissions: {}` / read-only and no secrets in that job, and gate it on a maintainer \
        label or environment approval:\n\n```yaml\non: pull_request          # not pull_request_target\n\
        permissions:\n  contents: read\n```",
    references: &[
        "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",
        "https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target",
    ],
};

pub static UNTRUSTED_CHECKOUT: IacRule = IacRule {
    rule: &UNTRUSTED_CHECKOUT_RULE,
    format: Format::GithubActions,
    kinds: &["job"],
    check: untrusted_checkout,
};

/// ## What it finds
/// `actions/checkout` without `persist-credentials: false`.
pub static PERSIST_CREDENTIALS_RULE: Rule = Rule {
    id: "iac.github-actions.checkout-persist-credentials",
    title: "`actions/checkout` leaves the token in the workspace",
    scanner: Scanner::Iac,
    severity: Severity::Info,
    cwe: &["CWE-522"],
    owasp: &["A05:2021"],
    controls: &["soc2:CC6.1"],
    description: "By default `actions/checkout` writes the job's `GITHUB_TOKEN` (or the given \
        token) into `.git/config` so later git commands can push. Every later step, including \
        third-party actions and build scripts, can read it from disk, and it is included if the \
        workspace is uploaded as an artefact.",
    remediation: "Unless a later step pushes with git, turn it off:\n\n```yaml\n- uses: \
        actions/checkout@<sha> # v4\n  with:\n    persist-credentials: false\n```",
    references: &["https://github.com/actions/checkout#usage"],
};

pub static PERSIST_CREDENTIALS: IacRule = IacRule {
    rule: &PERSIST_CREDENTIALS_RULE,
    format: Format::GithubActions,
    kinds: &["job"],
    check: persist_credentials,
};

const PR_HEAD_REFS: &[&str] = &[
    "github.event.pull_request.head.sha",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.merge_commit_sha",
    "github.head_ref",
    "github.event.workflow_run.head_sha",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.head_commit.id",
];

fn is_checkout(step: &Node) -> bool {
    step.get("uses")
        .and_then(Node::as_str)
        .is_some_and(|u| ActionRef::parse(u).name() == "actions/checkout")
}

fn untrusted_checkout(ctx: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let events = triggers(ctx.document);
    let Some(event) = events
        .iter()
        .find(|e| *e == "pull_request_target" || *e == "workflow_run")
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for step in steps(&job.body) {
        if is_checkout(step)
            && let Some(r) = step.at(&["with", "ref"])
            && let Some(text) = r.as_str()
        {
            let head = expressions(text).iter().any(|e| {
                let e = e.replace(' ', "");
                PR_HEAD_REFS.iter().any(|p| e.contains(p))
            }) || text.contains("refs/pull/");
            if head {
                out.push(Hit::new(
                    r.span,
                    format!("`{event}` workflow checks out the pull request head (`ref: {text}`)"),
                ));
            }
        }
        if let Some(run) = step.get("run")
            && let Some(text) = run.as_str()
            && (text.contains("gh pr checkout") || text.contains("pull/${{"))
        {
            out.push(Hit::new(
                run.span,
                format!("`{event}` workflow checks out pull request code in a `run` step"),
            ));
        }
    }
    out
}

fn persist_credentials(_: &Context<'_>, job: &Resource) -> Vec<Hit> {
    steps(&job.body)
        .iter()
        .filter(|s| is_checkout(s))
        .filter_map(|step| {
            let setting = step.at(&["with", "persist-credentials"]);
            match setting.map(|n| &n.value) {
                Some(Value::Bool(false)) => None,
                Some(Value::String(s)) if s == "false" => None,
                Some(Value::String(s)) if s.contains("${{") => None,
                Some(_) => setting.map(|n| {
                    Hit::new(
                        n.span,
                        "`persist-credentials` is not `false`: the token stays in .git/config",
                    )
                }),
                None => step.get("uses").map(|u| {
                    Hit::new(
                        u.span,
                        "`actions/checkout` without `persist-credentials: false`",
                    )
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    const PATH: &str = ".github/workflows/pr.yml";

    #[test]
    fn pwn_request_fires() {
        let text = "on:\n  pull_request_target:\n    types: [opened]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n";
        let h = hits(&UNTRUSTED_CHECKOUT, PATH, text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 10);
    }

    #[test]
    fn pwn_request_negative() {
        for text in [
            // Unprivileged trigger.
            "on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n",
            // Base checkout in a privileged workflow.
            "on: pull_request_target\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n",
        ] {
            assert!(hits(&UNTRUSTED_CHECKOUT, PATH, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn persist_credentials_fires() {
        let text = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: true\n";
        let h = hits(&PERSIST_CREDENTIALS, PATH, text);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].span.start.line, 6);
        assert_eq!(h[1].span.start.line, 9);
    }

    #[test]
    fn persist_credentials_negative() {
        let text = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - uses: actions/setup-node@v4\n";
        assert!(hits(&PERSIST_CREDENTIALS, PATH, text).is_empty());
    }
}
