//! GitHub Actions rules (`iac.github-actions.*`). A workflow file gives one resource of kind
//! `workflow` (triggers, top-level `permissions`/`env`) and one of kind `job` per job; step-level
//! checks run on the job that holds the step. `${{ … }}` expressions are kept as written, so
//! rules read them as text.

mod checkout;
mod injection;
mod permissions;
mod pinning;
mod runner;
mod scripts;

use super::IacRule;
use crate::model::{Document, Node, Value};

/// Every GitHub Actions rule.
pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &pinning::UNPINNED_THIRD_PARTY_ACTION,
        &pinning::UNPINNED_FIRST_PARTY_ACTION,
        &pinning::SECRETS_TO_UNPINNED_ACTION,
        &checkout::UNTRUSTED_CHECKOUT,
        &checkout::PERSIST_CREDENTIALS,
        &injection::SCRIPT_INJECTION,
        &permissions::WRITE_ALL,
        &permissions::MISSING_PERMISSIONS,
        &scripts::SECRET_ECHOED,
        &scripts::CURL_PIPE_SHELL,
        &scripts::UNSECURE_COMMANDS,
        &runner::SELF_HOSTED_ON_PULL_REQUEST,
    ]
}

/// The steps of a job (empty for reusable-workflow calls).
pub(crate) fn steps(job: &Node) -> &[Node] {
    job.get("steps").and_then(Node::as_array).unwrap_or(&[])
}

/// The events that trigger the workflow (`on: push`, `on: [push, pull_request]`, `on: {push: …}`).
pub(crate) fn triggers(doc: &Document) -> Vec<String> {
    match doc.root.get("on").map(|n| &n.value) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::Object(entries)) => entries.iter().map(|(k, _, _)| k.clone()).collect(),
        _ => Vec::new(),
    }
}

/// The inside of every `${{ … }}` in `text`.
pub(crate) fn expressions(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        match after.find("}}") {
            Some(end) => {
                out.push(after[..end].trim());
                rest = &after[end + 2..];
            }
            None => break,
        }
    }
    out
}

/// Whether an expression reads a secret (`secrets.X`, `secrets['X']`).
pub(crate) fn reads_secret(text: &str) -> bool {
    expressions(text).iter().any(|e| {
        e.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .any(|w| w.starts_with("secrets.") || w == "secrets")
    })
}

/// What a `uses:` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ActionRef {
    /// `./path` in the same repository, or an expression.
    Local,
    /// `docker://image`, pinned when it has an `@sha256:` digest.
    Docker { image: String, pinned: bool },
    /// `owner/repo[/path]@ref`.
    Remote {
        owner: String,
        name: String,
        reference: Option<String>,
    },
}

impl ActionRef {
    pub fn parse(uses: &str) -> ActionRef {
        let uses = uses.trim();
        if uses.starts_with("./") || uses.starts_with("../") || uses.contains("${{") {
            return ActionRef::Local;
        }
        if let Some(image) = uses.strip_prefix("docker://") {
            return ActionRef::Docker {
                image: image.to_string(),
                pinned: image.contains("@sha256:"),
            };
        }
        let (name, reference) = match uses.rsplit_once('@') {
            Some((n, r)) => (n, Some(r.to_string())),
            None => (uses, None),
        };
        ActionRef::Remote {
            owner: name.split('/').next().unwrap_or(name).to_string(),
            name: name.to_string(),
            reference,
        }
    }

    /// Whether it is pinned to something immutable (a full commit SHA or an image digest).
    pub fn is_pinned(&self) -> bool {
        match self {
            ActionRef::Local => true,
            ActionRef::Docker { pinned, .. } => *pinned,
            ActionRef::Remote { reference, .. } => reference
                .as_deref()
                .is_some_and(|r| r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit())),
        }
    }

    /// GitHub's own `actions/*` and `github/*` actions.
    pub fn is_first_party(&self) -> bool {
        matches!(self, ActionRef::Remote { owner, .. }
            if owner.eq_ignore_ascii_case("actions") || owner.eq_ignore_ascii_case("github"))
    }

    /// The `uses:` name without the ref, lower-cased (`actions/checkout`).
    pub fn name(&self) -> String {
        match self {
            ActionRef::Local => String::new(),
            ActionRef::Docker { image, .. } => format!("docker://{image}"),
            ActionRef::Remote { name, .. } => name.to_ascii_lowercase(),
        }
    }
}

/// Every `uses:` of a job (the job's own reusable-workflow call, then its steps) with the node
/// that holds it (the job or the step).
pub(crate) fn uses_of(job: &Node) -> Vec<(&Node, &Node)> {
    let mut out = Vec::new();
    if let Some(u) = job.get("uses") {
        out.push((job, u));
    }
    for step in steps(job) {
        if let Some(u) = step.get("uses") {
            out.push((step, u));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    /// A hardened workflow: nothing fires.
    #[test]
    fn hardened_workflow_is_clean() {
        let text = "name: ci\non:\n  pull_request:\n  push:\n    branches: [main]\npermissions:\n  contents: read\n\
            jobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n\
            \x20     - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n\
            \x20       with:\n          persist-credentials: false\n\
            \x20     - env:\n          TITLE: ${{ github.event.pull_request.title }}\n\
            \x20       run: |\n          echo \"$TITLE\"\n          make test\n";
        for r in rules() {
            let h = hits(r, ".github/workflows/ci.yml", text);
            assert!(h.is_empty(), "{}: {h:?}", r.rule.id);
        }
    }

    #[test]
    fn action_refs() {
        assert!(ActionRef::parse("./.github/actions/x").is_pinned());
        assert!(!ActionRef::parse("docker://alpine:3").is_pinned());
        assert!(ActionRef::parse("actions/cache/save@v4").is_first_party());
        assert_eq!(
            ActionRef::parse("Actions/Checkout@v4").name(),
            "actions/checkout"
        );
        assert!(!ActionRef::parse("owner/repo").is_pinned());
        assert_eq!(expressions("a ${{ x }} b ${{y}}"), ["x", "y"]);
        assert!(reads_secret("${{ secrets.A || 'x' }}"));
        assert!(!reads_secret("${{ github.sha }} secrets.A"));
    }
}
