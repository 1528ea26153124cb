//! `include:` of configuration GitLab fetches at pipeline creation: remote URLs without an
//! integrity hash, other projects' files and CI/CD components at a moving reference.

use super::reports_pipeline;
use crate::model::{Format, Node, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `include: https://…` or `include: [{remote: https://…}]` without `integrity:` (top-level, or
/// a child pipeline's `trigger: include:`).
pub static REMOTE_INCLUDE_RULE: Rule = Rule {
    id: "iac.gitlab-ci.remote-include-without-integrity",
    title: "Pipeline configuration included from a URL without an integrity hash",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-494", "CWE-829"],
    owasp: &["A08:2021"],
    controls: &[
        "nist-ssdf:PW.4.1",
        "nist-ssdf:PO.5.1",
        "pci-dss-4.0.1:6.3.2",
    ],
    description: "The pipeline includes YAML from a remote URL that GitLab downloads every time \
        a pipeline is created, and nothing checks what it gets. Whoever controls that host, \
        domain or path — or compromises it — can add or change jobs that then run with this \
        project's CI/CD variables, deploy keys and runner access, without any change to this \
        repository or any review. An auditor cannot tell from the repository what the pipeline \
        actually runs.",
    remediation: "Pin the remote file's content with `integrity` (GitLab 17.9 and later), or copy the \
        file into the repository or a project you control and include it from there:\n\n\
        ```yaml\ninclude:\n  - remote: https://example.com/ci/build.yml\n    integrity: \
        sha256-<base64 SHA-256 of the file>\n```\n\nCompute the hash with `curl -fsSL <url> | \
        openssl dgst -sha256 -binary | base64`.",
    references: &[
        "https://docs.gitlab.com/ci/yaml/#includeremote",
        "https://docs.gitlab.com/ci/yaml/#includeintegrity",
    ],
};

pub static REMOTE_INCLUDE: IacRule = IacRule {
    rule: &REMOTE_INCLUDE_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: remote_include,
};

/// ## What it finds
/// `include: [{project: …, file: …}]` without `ref:` or with a branch or tag name rather than a
/// commit SHA, and `include: [{component: …@~latest}]`.
pub static UNPINNED_PROJECT_INCLUDE_RULE: Rule = Rule {
    id: "iac.gitlab-ci.include-not-pinned",
    title: "Pipeline configuration included from another project at a moving reference",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-829"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PW.4.1", "nist-ssdf:PO.5.1"],
    description: "The pipeline includes a file from another GitLab project without a `ref` (so \
        it follows that project's default branch), with a branch or tag name, or a CI/CD \
        component at `~latest`. Anyone who can push to that project — a different team, or an \
        attacker with one of their accounts — changes the jobs that run in this project's \
        protected pipelines, with its secrets and deploy rights, and this project's reviewers \
        never see the change.",
    remediation: "Pin the include to the full commit SHA you reviewed (keep the tag in a \
        comment), and update it through a merge request:\n\n```yaml\ninclude:\n  - project: \
        acme/ci-templates\n    ref: 3f1c7e8c0b4d2a9e6f5b1c0d9e8f7a6b5c4d3e2f  # v2.1.0\n    \
        file: /templates/build.yml\n  - component: $CI_SERVER_FQDN/acme/components/sast@2.1.0\n```\n\n\
        Protect the template project's branches and tags so only its maintainers can move them.",
    references: &["https://docs.gitlab.com/ci/yaml/#includeproject"],
};

pub static UNPINNED_PROJECT_INCLUDE: IacRule = IacRule {
    rule: &UNPINNED_PROJECT_INCLUDE_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: unpinned_project_include,
};

/// The `include:` entries this job is responsible for: the file's own (on the reporting job)
/// and those of its `trigger: include:`.
fn entries<'a>(context: &Context<'a>, job: &'a Resource) -> Vec<&'a Node> {
    let mut holders = Vec::new();
    if reports_pipeline(context, job) {
        holders.extend(context.document.root.get("include"));
    }
    holders.extend(job.body.at(&["trigger", "include"]));
    holders
        .into_iter()
        .flat_map(|node| match &node.value {
            Value::Array(items) => items.iter().collect(),
            _ => vec![node],
        })
        .collect()
}

fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn remote_include(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    entries(context, job)
        .into_iter()
        .filter_map(|entry| match &entry.value {
            // `include: https://…` is a remote include that cannot carry a hash.
            Value::String(s) if is_url(s) => Some((entry, s.as_str())),
            Value::Object(_) if entry.get("integrity").is_none() => {
                entry.get("remote").and_then(|r| r.as_str().map(|s| (r, s)))
            }
            _ => None,
        })
        .map(|(node, url)| {
            Hit::new(
                node.span,
                format!("`{url}` is included without an `integrity` hash"),
            )
        })
        .collect()
}

fn is_commit_sha(reference: &str) -> bool {
    reference.len() == 40 && reference.chars().all(|c| c.is_ascii_hexdigit())
}

fn unpinned_project_include(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    for entry in entries(context, job) {
        if let Some(project) = entry.get("project").and_then(Node::as_str) {
            match entry.get("ref") {
                None => out.push(Hit::new(
                    entry.span,
                    format!("`{project}` is included without `ref` (follows its default branch)"),
                )),
                Some(r) => {
                    let reference = r.as_str().map(str::to_string).or_else(|| match r.value {
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    });
                    if let Some(reference) = reference
                        && !reference.contains('$')
                        && !is_commit_sha(&reference)
                    {
                        out.push(Hit::new(
                            r.span,
                            format!(
                                "`{project}` is included at `{reference}`, a branch or tag that \
                                 can move"
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(component) = entry.get("component")
            && let Some(text) = component.as_str()
            && text.ends_with("@~latest")
        {
            out.push(Hit::new(
                component.span,
                format!("component `{text}` follows its latest release"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::gitlab_ci::testing::run;

    #[test]
    fn remote_without_integrity() {
        let text = "include:\n  - https://example.com/a.yml\n  - remote: https://example.com/b.yml\n  \
                    - remote: https://example.com/c.yml\n    integrity: sha256-abc=\n  \
                    - local: /ci/d.yml\nbuild:\n  script: [make]\n\
                    child:\n  trigger:\n    include:\n      - remote: https://example.com/e.yml\n";
        assert_eq!(run(&REMOTE_INCLUDE, text), (3, vec![2, 3, 12]));
    }

    #[test]
    fn remote_negative() {
        let text = "include: /ci/local.yml\nbuild:\n  script: [make]\n";
        assert_eq!(run(&REMOTE_INCLUDE, text).0, 0);
    }

    #[test]
    fn unpinned_projects() {
        let text = "include:\n  - project: acme/templates\n    file: /a.yml\n  \
                    - project: acme/templates\n    ref: main\n    file: /b.yml\n  \
                    - project: acme/templates\n    ref: 0123456789abcdef0123456789abcdef01234567\n    \
                    file: /c.yml\n  - component: $CI_SERVER_FQDN/acme/sast@~latest\n  \
                    - component: $CI_SERVER_FQDN/acme/lint@1.2.3\n\
                    build:\n  script: [make]\ntest:\n  script: [make test]\n";
        // Reported once, on the first job.
        assert_eq!(run(&UNPINNED_PROJECT_INCLUDE, text), (3, vec![2, 5, 10]));
    }

    #[test]
    fn pinned_project_negative() {
        let text = "include:\n  project: acme/templates\n  ref: $TEMPLATES_REF\n  file: /a.yml\n\
                    build:\n  script: [make]\n";
        assert_eq!(run(&UNPINNED_PROJECT_INCLUDE, text).0, 0);
    }
}
