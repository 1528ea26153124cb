//! Docker registry credentials: Docker Hub personal (`dckr_pat_`) and organization
//! (`dckr_oat_`) access tokens, and `auth` entries of Docker/Podman `config.json` files, which
//! hold `base64(username:password)` for a registry.

use super::{END, has_dedicated_rule, is_reference, plausible};
use crate::Check;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::placeholder::is_placeholder;
use base64::Engine;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Docker Hub personal access tokens (`dckr_pat_` and 27 URL-safe characters).
pub static DOCKER_HUB_PERSONAL_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.docker-hub-personal-access-token",
    title: "Docker Hub personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Docker Hub personal access token is committed to the repository. With \
        read/write scope it can push images to its owner's repositories, replacing images that \
        deployments pull; read scope exposes private images and what is baked into them.",
    remediation: "Delete the token (Docker Hub → Account settings → Personal access tokens), check \
        the repositories' recent pushes and tags, and log in from CI with a token injected from \
        its secret store.",
    references: &["https://docs.docker.com/security/access-tokens/personal-access-tokens/"],
};

/// ## What it finds
/// Docker Hub organization access tokens (`dckr_oat_`).
pub static DOCKER_HUB_ORGANIZATION_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.docker-hub-organization-access-token",
    title: "Docker Hub organization access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Docker Hub organization access token is committed to the repository. Within \
        its resource scopes it pulls and pushes the organization's images without being tied to \
        a person, so it keeps working after whoever leaked it has left.",
    remediation: "Delete the token (Docker Hub → the organization → Settings → Access tokens), \
        review the organization's activity log for pushes, and issue a narrowly scoped \
        replacement kept in the CI secret store.",
    references: &["https://docs.docker.com/security/access-tokens/organization-access-tokens/"],
};

/// ## What it finds
/// `"auth": "<base64 of username:password>"` entries of Docker/Podman `config.json`
/// (`auths` section), also inside base64 `.dockerconfigjson` Kubernetes secrets.
pub static DOCKER_CONFIG_AUTH: Rule = Rule {
    id: "secrets.docker-config-auth",
    title: "Registry credential in Docker config.json",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-522"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Docker `config.json` (or a `.dockerconfigjson` secret) stores a registry \
        username and password, base64-encoded but not encrypted. Anyone who reads it can pull \
        and, usually, push images in that registry as that user.",
    remediation: "Change the password or revoke the token at the registry, remove the file from \
        the repository, and use a credential helper (`credsStore`) locally and CI-provided \
        `docker login --password-stdin` or workload identity in pipelines and clusters.",
    references: &["https://docs.docker.com/reference/cli/docker/login/"],
};

/// `auth` values: base64 of `user:password` with a real-looking, non-empty password.
fn docker_auth(value: &[u8]) -> Check {
    let trimmed = value
        .strip_suffix(b"==")
        .or_else(|| value.strip_suffix(b"="))
        .unwrap_or(value);
    let Ok(decoded) = base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed) else {
        return Check::Reject;
    };
    let Ok(text) = std::str::from_utf8(&decoded) else {
        return Check::Reject;
    };
    let Some((user, password)) = text.split_once(':') else {
        return Check::Reject;
    };
    let password = password.as_bytes();
    if user.is_empty()
        || password.len() < 4
        || password.iter().any(|b| b.is_ascii_control())
        || is_placeholder(password)
        || is_reference(password)
        || has_dedicated_rule(password)
    {
        return Check::Reject;
    }
    plausible(password)
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &DOCKER_HUB_PERSONAL_ACCESS_TOKEN,
            &["dckr_pat_"],
            &format!(r"\b(dckr_pat_[A-Za-z0-9_-]{{27}}){END}"),
            1,
        )?
        .min_entropy(3.5)
        .check(plausible),
        Detector::new(
            &DOCKER_HUB_ORGANIZATION_ACCESS_TOKEN,
            &["dckr_oat_"],
            &format!(r"\b(dckr_oat_[A-Za-z0-9_-]{{27,40}}){END}"),
            1,
        )?
        .min_entropy(3.5)
        .check(plausible),
        Detector::new(
            &DOCKER_CONFIG_AUTH,
            &[r#""auth""#],
            r#""auth"\s*:\s*"([A-Za-z0-9+/]{8,}={0,2})""#,
            1,
        )?
        .check(docker_auth),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;
    use base64::engine::general_purpose::STANDARD;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_hub_tokens() {
        let pat = concat!("dckr_pat_", "7KBGgMVGOYn7B3_5SApYXfE-1ds");
        assert_eq!(
            ids(&format!(
                "echo {pat} | docker login -u acme --password-stdin"
            )),
            ["secrets.docker-hub-personal-access-token"]
        );
        let oat = concat!("dckr_oat_", "3vbgqMMvFuz4zf3ATNeY2Pseh093Fj9f");
        assert_eq!(
            ids(&format!("DOCKERHUB_TOKEN={oat}")),
            ["secrets.docker-hub-organization-access-token"]
        );
    }

    #[test]
    fn ignores_wrong_length_and_placeholder_hub_tokens() {
        assert!(ids(concat!("dckr_pat_", "7KBGgMVGOYn7B3_5SApYXfE-1d")).is_empty());
        assert!(ids(concat!("dckr_pat_", "7KBGgMVGOYn7B3_5SApYXfE-1dsQ")).is_empty());
        assert!(ids(concat!("dckr_pat_", "xxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
        assert!(ids(concat!("dckr_oat_", "3vbgqMMvFuz")).is_empty());
    }

    fn config(credentials: &str) -> String {
        let entry = format!("\"{}\": \"{}\"", "auth", STANDARD.encode(credentials));
        format!("{{\n  \"auths\": {{\n    \"registry.acme.test\": {{ {entry} }}\n  }}\n}}\n")
    }

    #[test]
    fn finds_auth_entries() {
        assert_eq!(
            ids(&config("ci-bot:dQj#QKhCHD4##Ujg")),
            ["secrets.docker-config-auth"]
        );
    }

    #[test]
    fn finds_auth_entries_in_kubernetes_pull_secrets() {
        let secret = format!(
            "kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {}\n",
            STANDARD.encode(config("ci-bot:dQj#QKhCHD4##Ujg"))
        );
        assert_eq!(ids(&secret), ["secrets.docker-config-auth"]);
    }

    #[test]
    fn ignores_empty_placeholder_and_token_auth_entries() {
        assert!(ids(&config("ci-bot:")).is_empty());
        assert!(ids(&config("ci-bot:password")).is_empty());
        assert!(ids(&config("ci-bot:${REGISTRY_PASSWORD}")).is_empty());
        assert!(ids(&config("no-colon-in-here")).is_empty());
        let pat = concat!("dckr_pat_", "7KBGgMVGOYn7B3_5SApYXfE-1ds");
        assert!(
            !ids(&config(&format!("acme:{pat}")))
                .contains(&"secrets.docker-config-auth".to_string())
        );
        assert!(ids("{\"auth\": \"not base64!\"}").is_empty());
    }
}
