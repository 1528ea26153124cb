//! GitLab CI rules (`iac.gitlab-ci.*`). The front end gives one resource of kind `job` per job,
//! with `extends` and `!reference` already resolved; pipeline-level settings (`include`,
//! `default`, top-level `variables`, the deprecated top-level `image`/`services`/scripts) stay in
//! the document root. Those are judged once per file, on the first job (see
//! [`reports_pipeline`]), so a finding about them is reported exactly once.

mod artifacts;
mod images;
mod include;
mod scripts;
mod variables;

use super::{Context, IacRule};
use crate::model::{Node, Resource, Value};

/// Every GitLab CI rule.
pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &include::REMOTE_INCLUDE,
        &include::UNPINNED_PROJECT_INCLUDE,
        &images::LATEST_IMAGE,
        &images::DIND_WITHOUT_TLS,
        &scripts::CURL_PIPE_SHELL,
        &scripts::SECRET_PRINTED,
        &scripts::TLS_VERIFICATION_DISABLED,
        &variables::SECRET_IN_VARIABLES,
        &variables::DEBUG_TRACE,
        &artifacts::WORKSPACE_ARTIFACTS,
    ]
}

/// Whether `job` is the job that reports the file's pipeline-level settings: the first one.
/// (The front end makes no resource for the root, and a pipeline without jobs does not run.)
pub(crate) fn reports_pipeline(context: &Context<'_>, job: &Resource) -> bool {
    context
        .document
        .resources
        .first()
        .is_some_and(|first| first.address == job.address)
}

/// Where jobs inherit settings from: `default:` and, for the deprecated global keywords, the
/// root itself.
pub(crate) fn pipeline_holders(root: &Node) -> Vec<&Node> {
    let mut out: Vec<&Node> = root
        .get("default")
        .filter(|d| matches!(d.value, Value::Object(_)))
        .into_iter()
        .collect();
    out.push(root);
    out
}

/// The script lines under `keys` of `holder` (`script`, `before_script`, …): a string or a list
/// of strings, nested lists flattened as GitLab does.
pub(crate) fn script_lines<'a>(holder: &'a Node, keys: &[&str]) -> Vec<(&'a Node, &'a str)> {
    fn walk<'a>(node: &'a Node, out: &mut Vec<(&'a Node, &'a str)>) {
        match &node.value {
            Value::String(s) => out.push((node, s)),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for key in keys {
        if let Some(node) = holder.get(key) {
            walk(node, &mut out);
        }
    }
    out
}

/// Every script line a job runs: its own `before_script`, `script` and `after_script`, plus the
/// inherited `before_script`/`after_script` when the job is the pipeline's reporter.
pub(crate) fn all_script_lines<'a>(
    context: &Context<'a>,
    job: &'a Resource,
) -> Vec<(&'a Node, &'a str)> {
    let mut out = script_lines(&job.body, &["before_script", "script", "after_script"]);
    if reports_pipeline(context, job) {
        for holder in pipeline_holders(&context.document.root) {
            out.extend(script_lines(holder, &["before_script", "after_script"]));
        }
    }
    out
}

/// The variables of a `variables:` mapping with their value nodes; the long form
/// `NAME: {value: …, description: …}` gives its `value`.
pub(crate) fn variables(holder: &Node) -> Vec<(&str, &Node)> {
    let Some(Value::Object(entries)) = holder.get("variables").map(|v| &v.value) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(name, _, value)| match &value.value {
            Value::Object(_) => value.get("value").map(|v| (name.as_str(), v)),
            _ => Some((name.as_str(), value)),
        })
        .collect()
}

/// The variables a job sees that this rule should judge: its own, plus the top-level ones when
/// it is the pipeline's reporter.
pub(crate) fn judged_variables<'a>(
    context: &Context<'a>,
    job: &'a Resource,
) -> Vec<(&'a str, &'a Node)> {
    let mut out = variables(&job.body);
    if reports_pipeline(context, job) {
        out.extend(variables(&context.document.root));
    }
    out
}

/// The value of a variable the job sees, its own definition winning over the top-level one.
pub(crate) fn effective_variable<'a>(
    context: &Context<'a>,
    job: &'a Resource,
    name: &str,
) -> Option<&'a Node> {
    let find = |holder: &'a Node| variables(holder).into_iter().find(|(n, _)| *n == name);
    find(&job.body)
        .or_else(|| find(&context.document.root))
        .map(|(_, v)| v)
}

/// A scalar variable value as text (`true`, `1` and `"1"` all read as written).
pub(crate) fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The image reference of an `image:` or `services:` entry (string or `{name: …}` form).
pub(crate) fn image_name(entry: &Node) -> Option<(&str, &Node)> {
    let node = match &entry.value {
        Value::String(_) => entry,
        Value::Object(_) => entry.get("name")?,
        _ => return None,
    };
    node.as_str().map(|s| (s, node))
}

/// The image references of `image:` and `services:` in `holder`.
pub(crate) fn images(holder: &Node) -> Vec<(&str, &Node)> {
    let mut out: Vec<_> = holder
        .get("image")
        .and_then(image_name)
        .into_iter()
        .collect();
    if let Some(services) = holder.get("services").and_then(Node::as_array) {
        out.extend(services.iter().filter_map(image_name));
    }
    out
}

/// The names of variables expanded in `text`: `$NAME` and `${NAME}`.
pub(crate) fn expanded_variables(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let braced = rest.starts_with('{');
        let body = if braced { &rest[1..] } else { rest };
        let end = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        if end > 0 {
            out.push(&body[..end]);
        }
        rest = body;
    }
    out
}

/// Whether a variable name looks like it holds a credential (`DB_PASSWORD`, `CI_JOB_TOKEN`,
/// `CI_JOB_JWT`, `DEPLOY_KEY`).
pub(crate) fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    crate::rules::terraform::compute::looks_secret(name)
        || upper.contains("JWT")
        || (upper.ends_with("_KEY") && !upper.contains("PUBLIC") && !upper.contains("CACHE"))
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::rules::IacRule;
    use crate::rules::testing::hits;

    /// (number of hits, line of each) of `rule` on a `.gitlab-ci.yml`.
    pub fn run(rule: &IacRule, text: &str) -> (usize, Vec<u32>) {
        let found = hits(rule, ".gitlab-ci.yml", text);
        (
            found.len(),
            found.iter().map(|h| h.span.start.line).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    /// A hardened pipeline: nothing fires.
    #[test]
    fn hardened_pipeline_is_clean() {
        let text = "include:\n  - local: ci/lint.yml\n  - project: acme/ci-templates\n    \
            ref: 0123456789abcdef0123456789abcdef01234567\n    file: /build.yml\n  \
            - remote: https://example.com/ci.yml\n    integrity: sha256-abc=\n\
            variables:\n  DB_PASSWORD: $VAULT_DB_PASSWORD\n\
            default:\n  image: python:3.12-slim@sha256:0123\n\
            test:\n  services: ['postgres:16.3']\n  variables:\n    POSTGRES_PASSWORD: runner\n  \
            script:\n    - pip install -r requirements.txt\n    - pytest\n  \
            artifacts:\n    paths: [reports/]\n";
        for r in rules() {
            let h = hits(r, ".gitlab-ci.yml", text);
            assert!(h.is_empty(), "{}: {h:?}", r.rule.id);
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(
            expanded_variables("echo ${CI_JOB_TOKEN}:$X_TOKEN $ $1"),
            ["CI_JOB_TOKEN", "X_TOKEN", "1"]
        );
        assert!(secret_name("CI_JOB_JWT_V2") && secret_name("deploy_key"));
        assert!(!secret_name("CACHE_KEY") && !secret_name("SSH_PUBLIC_KEY"));
    }
}
