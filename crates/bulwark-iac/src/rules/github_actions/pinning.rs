//! Actions and reusable workflows referenced by a mutable tag or branch.

use super::{ActionRef, reads_secret, uses_of};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

const REMEDIATION: &str = "Pin every action to the full 40-character commit SHA of a release you \
    reviewed, and keep the tag as a comment so updates stay readable:\n\n```yaml\n- uses: \
    owner/action@3f1c7e8c0b4d2a9e6f5b1c0d9e8f7a6b5c4d3e2f # v2.1.0\n```\n\nLet Dependabot \
    (`package-ecosystem: github-actions`) or Renovate propose SHA updates as pull requests, and \
    enforce SHA pinning in the organisation's Actions settings (\"Require actions to be pinned to \
    a full-length commit SHA\"). For `docker://` steps pin the image digest \
    (`docker://alpine:3.20@sha256:<digest>`).";

/// ## What it finds
/// `uses: owner/repo@v1` (or `@main`, or no ref) for actions and reusable workflows outside
/// `actions/*` and `github/*`, and `docker://` images without a digest.
pub static UNPINNED_THIRD_PARTY_RULE: Rule = Rule {
    id: "iac.github-actions.unpinned-third-party-action",
    title: "Third-party action not pinned to a commit SHA",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-829", "CWE-494"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PW.4.1", "nist-ssdf:PO.5.1"],
    description: "A workflow runs a third-party action (or reusable workflow) by tag or branch. \
        Tags and branches can be moved by the action's maintainer or by anyone who compromises \
        their account, as happened with `tj-actions/changed-files` in 2025: every workflow using \
        the tag then runs the attacker's code with the job's token and secrets, which can leak \
        credentials or tamper with release artefacts.",
    remediation: REMEDIATION,
    references: &[
        "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions",
    ],
};

pub static UNPINNED_THIRD_PARTY_ACTION: IacRule = IacRule {
    rule: &UNPINNED_THIRD_PARTY_RULE,
    format: Format::GithubActions,
    kinds: &["job"],
    check: unpinned_third_party,
};

/// ## What it finds
/// `uses: actions/…@v4` / `github/…@v3`: GitHub's own actions referenced by tag.
pub static UNPINNED_FIRST_PARTY_RULE: Rule = Rule {
    id: "iac.github-actions.unpinned-first-party-action",
    title: "GitHub-owned action not pinned to a commit SHA",
    scanner: Scanner::Iac,
    severity: Severity::Low,
    cwe: &["CWE-829"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PW.4.1"],
    description: "A workflow runs one of GitHub's own actions (`actions/*`, `github/*`) by tag. \
        These are maintained by GitHub and lower risk than third-party actions, but a tag is \
        still mutable, so the code that runs with the job's token can change without a review \
        in this repository, and builds are not reproducible.",
    remediation: REMEDIATION,
    references: &[
        "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions",
    ],
};

pub static UNPINNED_FIRST_PARTY_ACTION: IacRule = IacRule {
    rule: &UNPINNED_FIRST_PARTY_RULE,
    format: Format::GithubActions,
    kinds: &["job"],
    check: unpinned_first_party,
};

/// ## What it finds
/// A secret (`${{ secrets.X }}`, `secrets: inherit`) handed through `with:`/`env:`/`secrets:` to
/// a third-party action or reusable workflow that is not pinned to a commit SHA.
pub static SECRETS_TO_UNPINNED_RULE: Rule = Rule {
    id: "iac.github-actions.secret-to-unpinned-action",
    title: "Secret passed to an unpinned third-party action",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-829", "CWE-522"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PW.4.1", "pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    description: "A secret is given to a third-party action referenced by a mutable tag or \
        branch. Whoever controls that tag decides what code receives the secret: a moved tag \
        exfiltrates the credential (cloud keys, registry or deployment tokens) on the next run, \
        with no change in this repository for reviewers or auditors to see.",
    remediation: "Pin the action to a reviewed commit SHA before giving it secrets, give it the \
        narrowest credential possible (short-lived OIDC federation instead of long-lived cloud \
        keys), and avoid `secrets: inherit` for reusable workflows outside your organisation:\n\n\
        ```yaml\n- uses: owner/deploy-action@3f1c7e8c0b4d2a9e6f5b1c0d9e8f7a6b5c4d3e2f # v2.1.0\n  \
        with:\n    token: ${{ secrets.DEPLOY_TOKEN }}\n```",
    references: &[
        "https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions",
    ],
};

pub static SECRETS_TO_UNPINNED_ACTION: IacRule = IacRule {
    rule: &SECRETS_TO_UNPINNED_RULE,
    format: Format::GithubActions,
    kinds: &["job"],
    check: secrets_to_unpinned,
};

fn unpinned(resource: &Resource, first_party: bool) -> Vec<Hit> {
    uses_of(&resource.body)
        .into_iter()
        .filter_map(|(_, uses)| {
            let text = uses.as_str()?;
            let action = ActionRef::parse(text);
            if action.is_pinned() || action.is_first_party() != first_party {
                return None;
            }
            Some(Hit::new(
                uses.span,
                format!("`{text}` is not pinned to a full-length commit SHA"),
            ))
        })
        .collect()
}

fn unpinned_third_party(_: &Context<'_>, job: &Resource) -> Vec<Hit> {
    unpinned(job, false)
}

fn unpinned_first_party(_: &Context<'_>, job: &Resource) -> Vec<Hit> {
    unpinned(job, true)
}

fn secrets_to_unpinned(_: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    for (holder, uses) in uses_of(&job.body) {
        let Some(text) = uses.as_str() else { continue };
        let action = ActionRef::parse(text);
        if action.is_pinned() || action.is_first_party() {
            continue;
        }
        if let Some(inherit) = holder
            .get("secrets")
            .filter(|s| s.as_str() == Some("inherit"))
        {
            out.push(Hit::new(
                inherit.span,
                format!("`secrets: inherit` passes every secret to unpinned `{text}`"),
            ));
            continue;
        }
        let found = ["with", "env", "secrets"].iter().find_map(|key| {
            let Some(Value::Object(entries)) = holder.get(key).map(|n| &n.value) else {
                return None;
            };
            entries
                .iter()
                .find_map(|(name, _, value): &(String, _, Node)| {
                    value
                        .as_str()
                        .filter(|v| reads_secret(v))
                        .map(|_| (format!("{key}.{name}"), value.span))
                })
        });
        if let Some((input, span)) = found {
            out.push(Hit::new(
                span,
                format!("a secret is passed as `{input}` to unpinned `{text}`"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    const PATH: &str = ".github/workflows/ci.yml";
    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    fn wf() -> String {
        format!(
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: tj-actions/changed-files@v45\n        with:\n          token: ${{{{ secrets.GH_PAT }}}}\n      - uses: docker://alpine:3.20\n      - uses: ./.github/actions/local\n      - uses: owner/pinned@{SHA}\n        with:\n          token: ${{{{ secrets.X }}}}\n      - uses: github/codeql-action/init@{SHA}\n  call:\n    uses: org/wf/.github/workflows/r.yml@main\n    secrets: inherit\n"
        )
    }

    #[test]
    fn third_party_fires() {
        let h = hits(&UNPINNED_THIRD_PARTY_ACTION, PATH, &wf());
        assert_eq!(h.len(), 3, "{h:?}");
        assert_eq!(h[0].span.start.line, 7);
        assert_eq!(h[2].span.start.line, 17);
    }

    #[test]
    fn first_party_fires() {
        let h = hits(&UNPINNED_FIRST_PARTY_ACTION, PATH, &wf());
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 6);
    }

    #[test]
    fn pinned_is_clean() {
        let text = format!(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@{SHA}\n      - uses: owner/a@{SHA}\n      - uses: docker://alpine@sha256:abcd\n"
        );
        assert!(hits(&UNPINNED_THIRD_PARTY_ACTION, PATH, &text).is_empty());
        assert!(hits(&UNPINNED_FIRST_PARTY_ACTION, PATH, &text).is_empty());
    }

    #[test]
    fn secrets_to_unpinned_fires() {
        let h = hits(&SECRETS_TO_UNPINNED_ACTION, PATH, &wf());
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(h[0].span.start.line, 9);
        assert!(h[1].message.contains("inherit"));
    }

    #[test]
    fn secrets_to_pinned_is_clean() {
        let text = format!(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: owner/a@{SHA}\n        with:\n          token: ${{{{ secrets.T }}}}\n      - uses: owner/b@v1\n        with:\n          name: hello\n"
        );
        assert!(hits(&SECRETS_TO_UNPINNED_ACTION, PATH, &text).is_empty());
    }
}
