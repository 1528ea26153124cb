//! Job images and services: mutable `latest` tags, Docker-in-Docker without TLS.

use super::{
    effective_variable, image_name, images, pipeline_holders, reports_pipeline, scalar_text,
};
use crate::model::{Format, Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `image:` or `services:` (job, `default:` or top level) with the tag `latest` or no tag, and no
/// `@sha256:` digest.
pub static LATEST_IMAGE_RULE: Rule = Rule {
    id: "iac.gitlab-ci.image-latest-tag",
    title: "Job image or service uses `latest` or no tag",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-1357", "CWE-494"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PW.4.1", "pci-dss-4.0.1:6.3.2"],
    description: "A job runs in (or starts as a service) an image without a tag or with \
        `latest`. What the job executes — with the project's CI/CD variables and deploy \
        credentials in its environment — changes whenever the publisher pushes, so a \
        compromised or broken upstream image flows straight into the build, two runs of the same \
        commit are not reproducible, and the inventory of build components an auditor asks for \
        cannot say what ran.",
    remediation: "Name an explicit version, ideally pinned by digest as well, and let Renovate \
        or Dependabot propose updates:\n\n```yaml\ndefault:\n  image: \
        python:3.12.4-slim-bookworm@sha256:<digest>\ntest:\n  services:\n    - name: \
        postgres:16.3\n```",
    references: &["https://docs.gitlab.com/ci/yaml/#image"],
};

pub static LATEST_IMAGE: IacRule = IacRule {
    rule: &LATEST_IMAGE_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: latest_image,
};

/// ## What it finds
/// A job using a `docker:…dind` service while `DOCKER_TLS_CERTDIR` is empty, `DOCKER_HOST` points
/// at the plain-text port 2375, or the service runs with `--tls=false`.
pub static DIND_WITHOUT_TLS_RULE: Rule = Rule {
    id: "iac.gitlab-ci.dind-tls-disabled",
    title: "Docker-in-Docker service with TLS turned off",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-319", "CWE-306"],
    owasp: &["A05:2021"],
    controls: &["pci-dss-4.0.1:2.2.7", "pci-dss-4.0.1:4.2.1", "soc2:CC6.6"],
    description: "A job starts a `docker:dind` service with TLS disabled (`DOCKER_TLS_CERTDIR: \
        \"\"`, `DOCKER_HOST: tcp://docker:2375` or `--tls=false`). The privileged Docker daemon \
        then accepts unauthenticated API calls on port 2375 from anything that can reach the \
        service's network — on shared runners, other containers — and registry credentials and \
        build contexts cross that network in clear. Whoever reaches the daemon controls a \
        privileged container on the runner.",
    remediation: "Keep GitLab's TLS setup: let `DOCKER_TLS_CERTDIR` default to `/certs` and talk \
        to the daemon on port 2376:\n\n```yaml\nbuild:\n  image: docker:27.3\n  services:\n    - \
        docker:27.3-dind\n  variables:\n    DOCKER_TLS_CERTDIR: \"/certs\"\n  script:\n    - \
        docker build -t \"$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA\" .\n```\n\nBetter still, build \
        without a privileged daemon (Kaniko, Buildah, BuildKit rootless).",
    references: &["https://docs.gitlab.com/ci/docker/using_docker_build/"],
};

pub static DIND_WITHOUT_TLS: IacRule = IacRule {
    rule: &DIND_WITHOUT_TLS_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: dind_without_tls,
};

/// The tag of an image reference: `None` without one, `Some("")` never.
fn tag(reference: &str) -> Option<&str> {
    let name = reference.split('@').next().unwrap_or(reference);
    // A `:` after the last `/` is a tag; one before it is a registry port.
    let last = name.rsplit('/').next().unwrap_or(name);
    last.split_once(':').map(|(_, t)| t)
}

fn latest_image(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let mut found = images(&job.body);
    if reports_pipeline(context, job) {
        for holder in pipeline_holders(&context.document.root) {
            found.extend(images(holder));
        }
    }
    found
        .into_iter()
        .filter(|(reference, _)| !reference.contains('@'))
        .filter_map(|(reference, node)| match tag(reference) {
            Some("latest") => Some(Hit::new(
                node.span,
                format!("image `{reference}` uses the `latest` tag"),
            )),
            // A variable may carry the tag.
            None if !reference.contains('$') && !reference.is_empty() => Some(Hit::new(
                node.span,
                format!("image `{reference}` has no tag (means `latest`)"),
            )),
            _ => None,
        })
        .collect()
}

/// The services a job runs: its own, else `default:`'s, else the top-level ones.
fn services<'a>(context: &Context<'a>, job: &'a Resource) -> Option<&'a Node> {
    job.body.get("services").or_else(|| {
        pipeline_holders(&context.document.root)
            .into_iter()
            .find_map(|h| h.get("services"))
    })
}

fn is_dind(reference: &str) -> bool {
    let name = reference.split('@').next().unwrap_or(reference);
    let last = name.rsplit('/').next().unwrap_or(name);
    last.split_once(':')
        .is_some_and(|(image, tag)| image == "docker" && tag.contains("dind"))
}

fn dind_without_tls(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let dind: Vec<&Node> = services(context, job)
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .filter(|s| image_name(s).is_some_and(|(r, _)| is_dind(r)))
        .collect();
    if dind.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Variables of the service container itself, then those the job sees.
    let mut settings: Vec<(&str, &Node)> = Vec::new();
    for service in &dind {
        for name in ["DOCKER_TLS_CERTDIR", "DOCKER_HOST"] {
            settings.extend(service.at(&["variables", name]).map(|v| (name, v)));
        }
        if let Some(command) = service.get("command").and_then(Node::as_array) {
            out.extend(
                command
                    .iter()
                    .filter(|c| c.as_str() == Some("--tls=false"))
                    .map(|c| Hit::new(c.span, "the dind service runs with `--tls=false`")),
            );
        }
    }
    for name in ["DOCKER_TLS_CERTDIR", "DOCKER_HOST"] {
        settings.extend(effective_variable(context, job, name).map(|v| (name, v)));
    }
    for (name, node) in settings {
        match (name, scalar_text(node).as_deref()) {
            ("DOCKER_TLS_CERTDIR", Some("")) => out.push(Hit::new(
                node.span,
                "`DOCKER_TLS_CERTDIR` is empty, so the dind daemon listens without TLS",
            )),
            ("DOCKER_HOST", Some(host)) if host.contains(":2375") => out.push(Hit::new(
                node.span,
                format!("`DOCKER_HOST` is `{host}`, the daemon's plain-text port"),
            )),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::gitlab_ci::testing::run;

    #[test]
    fn latest_images() {
        let text = "default:\n  image: node\nbuild:\n  image: registry.example.com:5000/tools/make:latest\n  \
                    services:\n    - name: redis:7.2\n    - postgres\n  script: [make]\n\
                    test:\n  image: $CI_REGISTRY_IMAGE/test\n  script: [make test]\n";
        // Job `build` reports its own two and, as the first job, the default image.
        assert_eq!(run(&LATEST_IMAGE, text), (3, vec![4, 7, 2]));
    }

    #[test]
    fn pinned_images_negative() {
        let text = "build:\n  image: alpine:3.20@sha256:0123\n  services: [docker:27-dind]\n  script: [make]\n";
        assert_eq!(run(&LATEST_IMAGE, text).0, 0);
    }

    #[test]
    fn dind_without_tls() {
        let text = "variables:\n  DOCKER_TLS_CERTDIR: \"\"\nbuild:\n  image: docker:27\n  \
                    services: [docker:27-dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n  \
                    script: [docker build .]\nlint:\n  script: [make lint]\n";
        assert_eq!(run(&DIND_WITHOUT_TLS, text), (2, vec![2, 7]));
        let command = "build:\n  services:\n    - name: docker:dind\n      command: [\"--tls=false\"]\n  \
                       script: [docker info]\n";
        assert_eq!(run(&DIND_WITHOUT_TLS, command), (1, vec![4]));
    }

    #[test]
    fn dind_with_tls_negative() {
        let text = "variables:\n  DOCKER_TLS_CERTDIR: /certs\nbuild:\n  services: [docker:27-dind]\n  \
                    script: [docker build .]\nother:\n  variables:\n    DOCKER_TLS_CERTDIR: \"\"\n  \
                    script: [make]\n";
        assert_eq!(run(&DIND_WITHOUT_TLS, text).0, 0);
    }
}
