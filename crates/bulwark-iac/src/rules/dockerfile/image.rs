//! Which base images stages are built from.

use crate::dockerfile::base_image;
use crate::model::{Format, Resource, Span};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `FROM image` with no tag or the `latest` tag, and no `@sha256:` digest.
pub static LATEST_TAG_RULE: Rule = Rule {
    id: "iac.dockerfile.base-image-latest",
    title: "Base image uses `latest` or no tag",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-1357"],
    owasp: &["A08:2021"],
    controls: &[
        "cis-docker-1.6:4.2",
        "nist-ssdf:PW.4.1",
        "pci-dss-4.0.1:6.3.2",
    ],
    description: "A stage is built `FROM` an image without a tag or with `latest`. What gets built \
        changes whenever the publisher pushes, so two builds of the same commit can ship \
        different operating systems and libraries, a compromised or broken upstream push flows \
        straight into production, and the inventory of components an auditor asks for \
        (PCI DSS 6.3.2) cannot say what is inside the image.",
    remediation: "Name an explicit version, ideally pinned by digest as well:\n\n```dockerfile\n\
        FROM python:3.12.4-slim-bookworm@sha256:<digest>\n```\n\nUse a tool such as Renovate or \
        Dependabot to propose tag/digest updates as reviewed pull requests.",
    references: &["https://docs.docker.com/reference/dockerfile/#from"],
};

pub static LATEST_TAG: IacRule = IacRule {
    rule: &LATEST_TAG_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: latest_tag,
};

/// ## What it finds
/// `FROM image:tag` with an explicit version tag but no `@sha256:` digest.
pub static NOT_DIGEST_PINNED_RULE: Rule = Rule {
    id: "iac.dockerfile.base-image-not-pinned-by-digest",
    title: "Base image not pinned by digest",
    scanner: Scanner::Iac,
    severity: Severity::Low,
    cwe: &["CWE-494"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PW.4.1"],
    description: "A stage's base image is referenced by tag only. Tags are mutable: the registry \
        owner (or anyone who compromises their account) can move `3.20` to different content, and \
        the build silently picks it up. A digest names exactly one image, which makes builds \
        reproducible and lets an auditor trace what was shipped.",
    remediation: "Append the digest of the image you tested, keeping the tag for readability:\n\n\
        ```dockerfile\nFROM alpine:3.20@sha256:<digest>\n```\n\n`docker buildx imagetools \
        inspect alpine:3.20` prints the digest; let Renovate/Dependabot keep it current.",
    references: &["https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"],
};

pub static NOT_DIGEST_PINNED: IacRule = IacRule {
    rule: &NOT_DIGEST_PINNED_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: not_digest_pinned,
};

/// The image span of a stage's FROM.
fn image_span(stage: &Resource) -> Span {
    stage
        .body
        .at(&["from", "image"])
        .map_or(stage.span, |n| n.span)
}

/// A registry image (not a stage, not `scratch`) without a digest: its name and tag.
fn registry_image(stage: &Resource) -> Option<(String, Option<String>)> {
    let img = base_image(stage)?;
    if img.stage.is_some() || img.digest.is_some() || img.name == "scratch" {
        return None;
    }
    Some((img.name, img.tag))
}

fn latest_tag(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    match registry_image(stage) {
        Some((name, None)) => vec![Hit::new(
            image_span(stage),
            format!("base image `{name}` has no tag, so it means `latest`"),
        )],
        Some((name, Some(tag))) if tag == "latest" => vec![Hit::new(
            image_span(stage),
            format!("base image `{name}:latest` changes with every upstream push"),
        )],
        _ => Vec::new(),
    }
}

fn not_digest_pinned(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    match registry_image(stage) {
        Some((name, Some(tag))) if tag != "latest" => vec![Hit::new(
            image_span(stage),
            format!("base image `{name}:{tag}` is not pinned by `@sha256:` digest"),
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    const DIGEST: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn latest_and_untagged() {
        let h = hits(
            &LATEST_TAG,
            "Dockerfile",
            "FROM node AS build\nRUN x\nFROM nginx:latest\n",
        );
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].span.start.line, 1);
        assert_eq!(h[1].span.start.line, 3);
    }

    #[test]
    fn latest_negative() {
        let text = format!(
            "ARG BASE\nFROM ${{BASE}}\nFROM node:20 AS b\nFROM b\nFROM scratch\nFROM nginx@{DIGEST}\n"
        );
        assert!(hits(&LATEST_TAG, "Dockerfile", &text).is_empty());
    }

    #[test]
    fn tag_without_digest() {
        let text = format!("FROM node:20 AS b\nFROM alpine:3.20@{DIGEST}\nFROM b\nFROM ubuntu\n");
        let h = hits(&NOT_DIGEST_PINNED, "Dockerfile", &text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 1);
        assert!(h[0].message.contains("node:20"));
    }

    #[test]
    fn digest_negative() {
        let text = format!("FROM alpine:3.20@{DIGEST}\n");
        assert!(hits(&NOT_DIGEST_PINNED, "Dockerfile", &text).is_empty());
    }
}
