//! Who the final image runs as.

use super::stage_chain;
use crate::dockerfile::{base_image, instructions, is_final_stage, keyword};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A final stage that never switches to a non-root `USER` (itself or in the stages it is built
/// from), or whose last `USER` is `root` / UID `0`.
pub static ROOT_USER_RULE: Rule = Rule {
    id: "iac.dockerfile.root-user",
    title: "Container image runs as root",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-250"],
    owasp: &["A05:2021"],
    controls: &[
        "cis-docker-1.6:4.1",
        "pci-dss-4.0.1:2.2.1",
        "pci-dss-4.0.1:7.2.1",
    ],
    description: "The image produced by this Dockerfile runs its process as `root`: the final \
        stage has no `USER` instruction, or its last one is `root`/`0`. Unless the runtime \
        remaps users, root in the container is root on the host's kernel; any remote code \
        execution in the application then gets the privileges to modify the image's files, read \
        mounted secrets and exploit kernel or runtime flaws to escape. Auditors expect workloads \
        to run with least privilege.",
    remediation: "Create an unprivileged user and switch to it after the steps that need root:\n\n\
        ```dockerfile\nRUN groupadd --system app && useradd --system --gid app --no-create-home app\n\
        USER app:app\n```\n\nDistroless images offer `USER nonroot` (UID 65532). Prefer a numeric \
        UID (`USER 10001`) so Kubernetes `runAsNonRoot` can verify it.",
    references: &["https://docs.docker.com/reference/dockerfile/#user"],
};

pub static ROOT_USER: IacRule = IacRule {
    rule: &ROOT_USER_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: root_user,
};

fn root_user(ctx: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    if !is_final_stage(stage) {
        return Vec::new();
    }
    let chain = stage_chain(ctx, stage);
    for s in &chain {
        let last_user = instructions(s)
            .iter()
            .rev()
            .filter(|i| keyword(i) == Some("USER"))
            .find_map(|i| i.get("user"));
        if let Some(user) = last_user {
            let Some(name) = user.as_str() else {
                return Vec::new();
            };
            if name.contains('$') {
                return Vec::new();
            }
            if name == "root" || name.trim_start_matches('0').is_empty() {
                return vec![Hit::new(
                    user.span,
                    format!(
                        "the final stage runs as `USER {name}`; switch to an unprivileged user"
                    ),
                )];
            }
            return Vec::new();
        }
    }
    // Images built to run unprivileged (distroless `:nonroot`, `…-rootless`) set USER themselves;
    // a base image we cannot resolve is not judged.
    let root_stage = chain.last().copied().unwrap_or(stage);
    match base_image(root_stage) {
        None => return Vec::new(),
        Some(img) => {
            let text = format!("{}:{}", img.name, img.tag.unwrap_or_default()).to_ascii_lowercase();
            if text.contains("nonroot") || text.contains("rootless") {
                return Vec::new();
            }
            if img.name == "scratch" && instructions(stage).is_empty() {
                return Vec::new();
            }
        }
    }
    vec![Hit::new(
        stage.span,
        "the final stage has no `USER` instruction, so the container runs as root",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    #[test]
    fn no_user_fires() {
        let h = hits(
            &ROOT_USER,
            "Dockerfile",
            "FROM alpine:3.20 AS build\nUSER app\nFROM debian:12\nRUN true\n",
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 3);
        assert!(h[0].message.contains("no `USER`"));
    }

    #[test]
    fn user_root_fires_at_user() {
        let h = hits(
            &ROOT_USER,
            "Dockerfile",
            "FROM debian:12\nUSER app\nRUN x\nUSER 0:0\n",
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 4);
    }

    #[test]
    fn non_root_and_inherited_are_clean() {
        for text in [
            "FROM debian:12\nUSER root\nRUN apt-get update\nUSER 10001\n",
            "FROM debian:12 AS base\nUSER app\nFROM base\nRUN true\n",
            "FROM gcr.io/distroless/static:nonroot\nCOPY app /app\n",
            "FROM debian:12\nUSER ${APP_USER}\n",
        ] {
            assert!(hits(&ROOT_USER, "Dockerfile", text).is_empty(), "{text}");
        }
    }
}
