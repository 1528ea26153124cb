//! Dockerfile rules (`iac.dockerfile.*`). Each build stage is a resource of kind `stage`; rules
//! about the shipped image (user, health check, packages, exposed ports) look only at the final
//! stage, rules about the build's integrity (base images, downloads, secrets) at every stage.

mod add;
mod context;
mod expose;
mod healthcheck;
mod image;
mod packages;
mod run;
mod secrets;
pub(crate) mod shell;
mod user;

use super::{Context, IacRule};
use crate::model::{Node, Resource, Span};

/// Every Dockerfile rule.
pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &user::ROOT_USER,
        &image::LATEST_TAG,
        &image::NOT_DIGEST_PINNED,
        &add::ADD_REMOTE_URL,
        &add::ADD_INSTEAD_OF_COPY,
        &secrets::SECRET_IN_ENV_ARG,
        &run::CURL_PIPE_SHELL,
        &run::TLS_VERIFICATION_DISABLED,
        &run::SUDO,
        &run::CHMOD_777,
        &healthcheck::MISSING_HEALTHCHECK,
        &packages::APT_NO_INSTALL_RECOMMENDS,
        &packages::APT_LISTS_NOT_CLEANED,
        &packages::UNPINNED_PACKAGES,
        &packages::APK_NO_CACHE,
        &expose::EXPOSE_SSH,
        &context::COPY_CONTEXT_BEFORE_INSTALL,
    ]
}

/// The `RUN` instructions of a stage with their script (shell text, exec words joined, heredoc
/// bodies appended) and the span of their arguments.
pub(crate) fn runs(stage: &Resource) -> Vec<(&Node, String, Span)> {
    crate::dockerfile::instructions(stage)
        .iter()
        .filter(|i| crate::dockerfile::keyword(i) == Some("RUN"))
        .filter_map(|i| {
            let args = i.get("arguments")?;
            let mut script = match i.get("exec").and_then(Node::as_array) {
                Some(words) => {
                    let words: Vec<&str> = words.iter().filter_map(Node::as_str).collect();
                    match words.as_slice() {
                        // `["/bin/sh", "-c", "script"]`: the script is what runs.
                        [_, "-c", rest @ ..] if !rest.is_empty() => rest.join(" "),
                        _ => words.join(" "),
                    }
                }
                None => args.as_str()?.to_string(),
            };
            for doc in i.get("heredocs").and_then(Node::as_array).unwrap_or(&[]) {
                if let Some(content) = doc.get("content").and_then(Node::as_str) {
                    script.push('\n');
                    script.push_str(content);
                }
            }
            Some((i, script, args.span))
        })
        .collect()
}

/// Whether a RUN mounts a cache or tmpfs at `target` (so files written there stay out of the
/// layer).
pub(crate) fn mounts_at(instruction: &Node, target: &str) -> bool {
    crate::dockerfile::flag_values(instruction, "--mount")
        .iter()
        .filter_map(|n| n.as_str())
        .any(|m| {
            m.split(',').any(|kv| {
                matches!(kv.split_once('='), Some(("target" | "dst" | "destination", t))
                    if t.trim_end_matches('/') == target)
            })
        })
}

/// The stage and the earlier stages it is built `FROM`, nearest first: instructions such as
/// `USER` and `HEALTHCHECK` are inherited from them.
pub(crate) fn stage_chain<'a>(ctx: &'a Context<'_>, stage: &'a Resource) -> Vec<&'a Resource> {
    let mut chain = vec![stage];
    let mut current = stage;
    while let Some(parent) = current
        .body
        .at(&["from", "stage"])
        .and_then(Node::as_str)
        .and_then(|name| {
            ctx.document.resources.iter().find(|r| {
                r.body.get("name").and_then(Node::as_str) == Some(name)
                    && !std::ptr::eq(*r, current)
            })
        })
    {
        if chain.iter().any(|r| std::ptr::eq(*r, parent)) || chain.len() > 64 {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The well-written multi-stage fixture only lacks digests and package versions.
    #[test]
    fn multistage_fixture_findings() {
        let text = include_str!("../../../tests/fixtures/dockerfile/multistage.Dockerfile");
        let mut fired: Vec<&str> = rules()
            .into_iter()
            .filter(|r| !crate::rules::testing::hits(r, "Dockerfile", text).is_empty())
            .map(|r| r.rule.id)
            .collect();
        fired.sort_unstable();
        assert_eq!(
            fired,
            [
                "iac.dockerfile.base-image-not-pinned-by-digest",
                "iac.dockerfile.unpinned-packages"
            ]
        );
    }
}
