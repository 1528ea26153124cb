//! Container image references: mutable tags, digests, pull policy.

use super::{Groups, Verdict, WORKLOADS, k8s_rule, per_container};
use crate::model::{Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::Severity;

const IMAGES: &str = "https://kubernetes.io/docs/concepts/containers/images/";

pub fn rules() -> Vec<&'static IacRule> {
    vec![&LATEST_TAG, &NO_DIGEST, &PULL_POLICY]
}

/// An image reference split into its parts.
struct Image<'a> {
    tag: Option<&'a str>,
    digest: bool,
}

fn parse_image(reference: &str) -> Image<'_> {
    let (name, digest) = match reference.split_once('@') {
        Some((name, _)) => (name, true),
        None => (reference, false),
    };
    // A `:` after the last `/` is a tag; one before it is a registry port.
    let last = name.rsplit('/').next().unwrap_or(name);
    Image {
        tag: last.split_once(':').map(|(_, t)| t),
        digest,
    }
}

/// The literal `image` of a container, if any.
fn image(container: &Node) -> Option<(&str, &Node)> {
    let node = container.get("image")?;
    let text = node.as_str().filter(|s| !s.is_empty())?;
    Some((text, node))
}

k8s_rule! {
    /// ## What it finds
    /// A container image with tag `latest` or no tag (which means `latest`) and no digest.
    LATEST_TAG, kinds: WORKLOADS, check: check_latest,
    id: "iac.kubernetes.image-latest-tag",
    title: "Container image uses the latest tag",
    severity: Severity::Medium,
    cwe: &["CWE-494"],
    owasp: &["A08:2021"],
    controls: &["soc2:CC8.1"],
    description: "`latest` (or no tag) points at whatever was pushed last: two nodes can run \
        different code under one manifest, a rollback does not roll back, and a pushed image \
        reaches production without passing change control. An auditor cannot tell from the \
        manifest which reviewed build is deployed.",
    remediation: "Reference an immutable version, ideally by digest:\n\n```yaml\nimage: \
        registry.example.com/payments/api:1.4.2@sha256:<digest>\n```",
    references: &[IMAGES],
}

fn check_latest(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    per_container(r, Groups::All, "", |_, c| {
        let Some((text, node)) = image(c.node) else {
            return Verdict::Ok;
        };
        let parsed = parse_image(text);
        match parsed.tag {
            _ if parsed.digest => Verdict::Ok,
            None => Verdict::Bad(
                node.span,
                format!(
                    "container `{}` image `{text}` has no tag (means `latest`)",
                    c.name
                ),
            ),
            Some("latest") => Verdict::Bad(
                node.span,
                format!("container `{}` image `{text}` uses tag `latest`", c.name),
            ),
            Some(_) => Verdict::Ok,
        }
    })
}

k8s_rule! {
    /// ## What it finds
    /// A container image referenced by tag only, without `@sha256:` digest.
    NO_DIGEST, kinds: WORKLOADS, check: check_digest,
    id: "iac.kubernetes.image-without-digest",
    title: "Container image not pinned by digest",
    severity: Severity::Low,
    cwe: &["CWE-494"],
    owasp: &["A08:2021"],
    controls: &["soc2:CC8.1"],
    description: "Tags are mutable: whoever can push to the repository (or compromises the \
        registry) can replace the image behind `1.4.2` without any change to this manifest. A \
        digest names exactly the bytes that were built, scanned and approved.",
    remediation: "Append the digest of the approved build (tools such as `crane digest` or \
        `docker buildx imagetools inspect` print it):\n\n```yaml\nimage: \
        registry.example.com/payments/api:1.4.2@sha256:<digest>\n```",
    references: &[IMAGES],
}

fn check_digest(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    per_container(r, Groups::All, "", |_, c| match image(c.node) {
        Some((text, node)) if !parse_image(text).digest => Verdict::Bad(
            node.span,
            format!(
                "container `{}` image `{text}` is not pinned by digest",
                c.name
            ),
        ),
        _ => Verdict::Ok,
    })
}

k8s_rule! {
    /// ## What it finds
    /// A container whose image is not pinned by digest and whose effective `imagePullPolicy`
    /// is not `Always` (explicit `IfNotPresent`/`Never`, or unset with a tag other than
    /// `latest`, where Kubernetes defaults to `IfNotPresent`).
    PULL_POLICY, kinds: WORKLOADS, check: check_pull_policy,
    id: "iac.kubernetes.image-pull-policy",
    title: "Mutable image not pulled on every start",
    severity: Severity::Low,
    cwe: &["CWE-494"],
    owasp: &["A08:2021"],
    controls: &["soc2:CC8.1"],
    description: "With `IfNotPresent` a node reuses whatever image it cached under the tag, \
        so nodes drift apart after a re-push, and a pod can start a private image cached by \
        another tenant without the registry checking its pull credentials.",
    remediation: "Pin the image by digest, or pull on every start:\n\n```yaml\nimagePullPolicy: \
        Always\n```",
    references: &["https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy"],
}

fn check_pull_policy(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    per_container(
        r,
        Groups::All,
        "no `imagePullPolicy: Always` for an image not pinned by digest (defaults to `IfNotPresent`)",
        |_, c| {
            let Some((text, _)) = image(c.node) else {
                return Verdict::Ok;
            };
            let parsed = parse_image(text);
            if parsed.digest {
                return Verdict::Ok;
            }
            match c.node.get("imagePullPolicy") {
                Some(policy) => match policy.as_str() {
                    Some(p @ ("IfNotPresent" | "Never")) => Verdict::Bad(
                        policy.span,
                        format!(
                            "container `{}` image `{text}` uses `imagePullPolicy: {p}`",
                            c.name
                        ),
                    ),
                    _ => Verdict::Ok,
                },
                None if matches!(parsed.tag, None | Some("latest")) => Verdict::Ok,
                None => Verdict::Missing,
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kubernetes::testing::count_and_line;

    fn pod(containers: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n{containers}"
        )
    }

    #[test]
    fn parses_references() {
        let cases = [
            ("nginx", None, false),
            ("nginx:1.27", Some("1.27"), false),
            ("registry:5000/team/app", None, false),
            ("registry:5000/team/app:v2@sha256:ab", Some("v2"), true),
        ];
        for (text, tag, digest) in cases {
            let image = parse_image(text);
            assert_eq!((image.tag, image.digest), (tag, digest), "{text}");
        }
    }

    #[test]
    fn latest_tag() {
        let bad = pod("  - {name: a, image: nginx}\n  - {name: b, image: 'nginx:latest'}\n");
        assert_eq!(count_and_line(&LATEST_TAG, &bad), (2, 6));
        let good =
            pod("  - {name: a, image: 'nginx:1.27'}\n  - {name: b, image: 'nginx@sha256:ab'}\n");
        assert_eq!(count_and_line(&LATEST_TAG, &good), (0, 0));
    }

    #[test]
    fn digest() {
        let bad = pod("  - {name: a, image: 'reg:5000/nginx:1.27'}\n");
        assert_eq!(count_and_line(&NO_DIGEST, &bad), (1, 6));
        let good = pod("  - {name: a, image: 'nginx:1.27@sha256:ab'}\n");
        assert_eq!(count_and_line(&NO_DIGEST, &good), (0, 0));
    }

    #[test]
    fn pull_policy() {
        let bad = pod(
            "  - {name: a, image: 'nginx:1.27'}\n  - name: b\n    image: nginx\n    imagePullPolicy: IfNotPresent\n",
        );
        // `b` explicitly, `a` by default.
        assert_eq!(count_and_line(&PULL_POLICY, &bad), (2, 9));
        let good = pod(
            "  - {name: a, image: 'nginx:1.27', imagePullPolicy: Always}\n  - {name: b, image: nginx}\n  - {name: c, image: 'x@sha256:ab', imagePullPolicy: Never}\n",
        );
        assert_eq!(count_and_line(&PULL_POLICY, &good), (0, 0));
    }
}
