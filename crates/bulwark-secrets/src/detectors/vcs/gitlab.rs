//! GitLab tokens. Every GitLab-issued secret carries a documented type prefix (`glpat-`, `gldt-`,
//! `glrt-`, …). Legacy tokens have 20 URL-safe characters after it; routable tokens (GitLab 17.x+)
//! have a base64url payload, `.`, an optional two-character version and `.`, then a base-36
//! payload length (2) and CRC32 (7).

use super::{END, plausible};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

const TOKENS_DOC: &str = "https://docs.gitlab.com/ee/security/tokens/index.html";

/// ## What it finds
/// GitLab personal, project, group and impersonation access tokens (`glpat-`), legacy and
/// routable.
pub static GITLAB_PERSONAL_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.gitlab-personal-access-token",
    title: "GitLab personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab personal, project or group access token is committed to the repository. \
        With the `api` scope it acts as its owner on every project they can reach: it can read \
        and push code, change CI/CD variables and pipelines, and read the secrets those hold.",
    remediation: "Revoke the token (User settings → Access tokens, or the project's/group's \
        Settings → Access tokens; `DELETE /personal_access_tokens/:id`), review the audit events \
        for its use, and inject a short-lived token from a secrets manager or use `CI_JOB_TOKEN` \
        inside pipelines.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab deploy tokens (`gldt-`).
pub static GITLAB_DEPLOY_TOKEN: Rule = Rule {
    id: "secrets.gitlab-deploy-token",
    title: "GitLab deploy token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab deploy token is committed to the repository. Depending on its scopes it \
        can clone the project's repository and pull or push its container and package \
        registries, which lets an attacker read source or replace released artifacts.",
    remediation: "Revoke the token (project or group Settings → Repository → Deploy tokens), check \
        the registry for images or packages pushed with it, and supply the replacement from a \
        secrets manager.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab runner authentication tokens (`glrt-`, `glrtr-`), legacy and routable.
pub static GITLAB_RUNNER_AUTHENTICATION_TOKEN: Rule = Rule {
    id: "secrets.gitlab-runner-authentication-token",
    title: "GitLab runner authentication token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab runner authentication token is committed to the repository. Whoever \
        holds it can pose as the runner, pick up CI/CD jobs and receive everything a job gets: \
        source code, masked CI/CD variables, deployment credentials and the job token.",
    remediation: "Reset the runner's token or delete the runner (Settings → CI/CD → Runners, or \
        `POST /runners/reset_authentication_token`), review which jobs it ran, rotate the CI/CD \
        variables those jobs could read, and keep the runner's `config.toml` out of the \
        repository.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// Legacy GitLab runner registration tokens (`GR1348941` prefix).
pub static GITLAB_RUNNER_REGISTRATION_TOKEN: Rule = Rule {
    id: "secrets.gitlab-runner-registration-token",
    title: "GitLab runner registration token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab runner registration token is committed to the repository. It lets \
        anyone register a runner on the project, group or instance, which then receives CI/CD \
        jobs together with their source code and variables.",
    remediation: "Reset the registration token (Settings → CI/CD → Runners → Reset registration \
        token), remove runners you do not recognise, and move to the runner creation workflow \
        with `glrt-` authentication tokens kept in a secrets manager.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab pipeline trigger tokens (`glptt-`).
pub static GITLAB_PIPELINE_TRIGGER_TOKEN: Rule = Rule {
    id: "secrets.gitlab-pipeline-trigger-token",
    title: "GitLab pipeline trigger token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab pipeline trigger token is committed to the repository. It starts \
        pipelines on any branch or tag with the permissions of the token's owner and lets the \
        caller set pipeline variables, which can change what a deployment job runs.",
    remediation: "Revoke the trigger (Settings → CI/CD → Pipeline trigger tokens), review recent \
        triggered pipelines, and store the new token in the calling system's secrets manager.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab feed tokens (`glft-`).
pub static GITLAB_FEED_TOKEN: Rule = Rule {
    id: "secrets.gitlab-feed-token",
    title: "GitLab feed token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab feed token is committed to the repository. It authenticates RSS and \
        calendar feeds, so it exposes the owner's activity, issue and merge request titles from \
        private projects.",
    remediation: "Reset the feed token (User settings → Access tokens → Reset feed token) and \
        do not paste feed URLs into code or configuration.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab SCIM tokens (`glsoat-`).
pub static GITLAB_SCIM_TOKEN: Rule = Rule {
    id: "secrets.gitlab-scim-token",
    title: "GitLab SCIM token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab SCIM token is committed to the repository. It lets the caller provision \
        and deprovision users of the group through the SCIM API, which can add an attacker's \
        account to the group and its projects or lock out legitimate members.",
    remediation: "Reset the SCIM token (group Settings → SAML SSO → Reset SCIM token), update the \
        identity provider with the new one from its secret store, and review group membership \
        changes.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab OAuth application secrets (`gloas-`).
pub static GITLAB_OAUTH_APPLICATION_SECRET: Rule = Rule {
    id: "secrets.gitlab-oauth-application-secret",
    title: "GitLab OAuth application secret",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "The client secret of a GitLab OAuth application is committed to the repository. \
        With it an attacker can impersonate the application, exchange intercepted authorization \
        codes for user tokens and abuse the scopes users granted it.",
    remediation: "Renew the secret (Applications → the application → Renew secret), deploy the \
        new one from a secrets manager, and revoke tokens issued to the application if misuse is \
        suspected.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab CI/CD job tokens (`glcbt-`).
pub static GITLAB_CI_JOB_TOKEN: Rule = Rule {
    id: "secrets.gitlab-ci-job-token",
    title: "GitLab CI/CD job token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab CI/CD job token was written out of a job into the repository. It is \
        valid only while its job runs, but within that time it can clone allowed projects and \
        read or publish packages and registry images.",
    remediation: "Cancel the job if it is still running (the token expires with it), stop \
        printing or persisting `CI_JOB_TOKEN`, and restrict the job token's allowlist (Settings \
        → CI/CD → Job token permissions).",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab incoming email tokens (`glimt-`).
pub static GITLAB_INCOMING_MAIL_TOKEN: Rule = Rule {
    id: "secrets.gitlab-incoming-mail-token",
    title: "GitLab incoming email token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab incoming email token is committed to the repository. It is embedded in \
        the personal email addresses that create issues and merge requests, so anyone holding it \
        can post into the owner's projects as the owner.",
    remediation: "Reset the incoming email token (User settings → Access tokens → Reset incoming \
        email token) and keep the generated addresses out of code.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab agent for Kubernetes tokens (`glagent-`).
pub static GITLAB_AGENT_TOKEN: Rule = Rule {
    id: "secrets.gitlab-agent-token",
    title: "GitLab agent for Kubernetes token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab agent for Kubernetes token is committed to the repository. It \
        authenticates an in-cluster agent to GitLab; an attacker can connect a rogue agent in its \
        place, receive the manifests and CI/CD tunnel traffic meant for the cluster, or disrupt \
        deployments.",
    remediation: "Revoke the token and create a new one (Operate → Kubernetes clusters → the \
        agent → Access tokens), then install it as a Kubernetes Secret from a secrets manager \
        rather than a committed values file.",
    references: &[TOKENS_DOC],
};

/// ## What it finds
/// GitLab feature flags client tokens (`glffct-`).
pub static GITLAB_FEATURE_FLAGS_CLIENT_TOKEN: Rule = Rule {
    id: "secrets.gitlab-feature-flags-client-token",
    title: "GitLab feature flags client token",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A GitLab feature flags client token is committed to the repository. It reads \
        the project's feature flag configuration through the Unleash-compatible API, revealing \
        unreleased features and their targeting rules.",
    remediation: "Reset the token (Deploy → Feature flags → Configure → Reset) and pass the new \
        one to the application from its secret store.",
    references: &[TOKENS_DOC],
};

/// A GitLab token with `prefix` (a regex fragment): routable form first, else `legacy`.
fn token(prefix: &str, legacy: &str) -> String {
    format!(
        r"\b({prefix}(?:[0-9A-Za-z_-]{{27,300}}\.[0-9a-z]{{2}}(?:\.[0-9a-z]{{2}})?[0-9a-z]{{7}}|{legacy})){END}"
    )
}

/// Bodies of non-PAT legacy tokens vary in length (20 for most, 40 or 64 hex for some).
const LEGACY: &str = "[0-9A-Za-z_-]{20,64}";

fn prefixed(rule: &'static Rule, keywords: &[&str], prefix: &str) -> Result<Detector, String> {
    Ok(Detector::new(rule, keywords, &token(prefix, LEGACY), 1)?
        .min_entropy(3.0)
        .check(plausible))
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &GITLAB_PERSONAL_ACCESS_TOKEN,
            &["glpat-"],
            &token("glpat-", "[0-9A-Za-z_-]{20}"),
            1,
        )?
        .min_entropy(3.0)
        .check(plausible),
        prefixed(&GITLAB_DEPLOY_TOKEN, &["gldt-"], "gldt-")?,
        prefixed(
            &GITLAB_RUNNER_AUTHENTICATION_TOKEN,
            &["glrt-", "glrtr-"],
            "glrtr?-",
        )?,
        Detector::new(
            &GITLAB_RUNNER_REGISTRATION_TOKEN,
            &["GR1348941"],
            &format!(r"\b(GR1348941[0-9A-Za-z_-]{{20}}){END}"),
            1,
        )?
        .min_entropy(3.0)
        .check(plausible),
        prefixed(&GITLAB_PIPELINE_TRIGGER_TOKEN, &["glptt-"], "glptt-")?,
        prefixed(&GITLAB_FEED_TOKEN, &["glft-"], "glft-")?,
        prefixed(&GITLAB_SCIM_TOKEN, &["glsoat-"], "glsoat-")?,
        prefixed(&GITLAB_OAUTH_APPLICATION_SECRET, &["gloas-"], "gloas-")?,
        prefixed(&GITLAB_CI_JOB_TOKEN, &["glcbt-"], "glcbt-")?,
        prefixed(&GITLAB_INCOMING_MAIL_TOKEN, &["glimt-"], "glimt-")?,
        prefixed(&GITLAB_AGENT_TOKEN, &["glagent-"], "glagent-")?,
        prefixed(&GITLAB_FEATURE_FLAGS_CLIENT_TOKEN, &["glffct-"], "glffct-")?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const BODY: &str = "M0XvqZjxTW3xvboSRt5M";

    #[test]
    fn finds_legacy_and_routable_personal_access_tokens() {
        let legacy = format!("GITLAB_TOKEN={}{BODY}\n", "glpat-");
        assert_eq!(ids(&legacy), ["secrets.gitlab-personal-access-token"]);
        let routable = concat!(
            "glpat-",
            "o1nIj7BRd03Q2ybv097SHzxgQA6TCvY4dhKM",
            ".01.0w",
            "b3ikdx0"
        );
        assert_eq!(ids(routable), ["secrets.gitlab-personal-access-token"]);
        let unversioned = concat!(
            "glpat-",
            "o1nIj7BRd03Q2ybv097SHzxgQA6TCvY4dhKM",
            ".0wb3ikdx0"
        );
        assert_eq!(ids(unversioned), ["secrets.gitlab-personal-access-token"]);
        let in_url = format!("https://oauth2:{}{BODY}@gitlab.com/acme/app.git", "glpat-");
        assert_eq!(ids(&in_url), ["secrets.gitlab-personal-access-token"]);
    }

    #[test]
    fn ignores_wrong_length_placeholder_and_embedded_personal_tokens() {
        assert!(ids(&format!("{}{}", "glpat-", &BODY[..19])).is_empty());
        assert!(ids(&format!("{}{BODY}Q", "glpat-")).is_empty());
        assert!(ids(concat!("glpat-", "xxxxxxxxxxxxxxxxxxxx")).is_empty());
        assert!(ids(concat!("glpat-", "12345678901234567890")).is_empty());
        assert!(ids(concat!("glpat-", "<your-token-here>")).is_empty());
        assert!(ids(&format!("xglpat-{BODY}")).is_empty());
        assert!(ids(&format!("GLPAT-{BODY}")).is_empty());
    }

    #[test]
    fn finds_every_token_type_by_prefix() {
        let cases = [
            ("gldt-", "secrets.gitlab-deploy-token"),
            ("glrt-", "secrets.gitlab-runner-authentication-token"),
            ("glrtr-", "secrets.gitlab-runner-authentication-token"),
            ("GR1348941", "secrets.gitlab-runner-registration-token"),
            ("glptt-", "secrets.gitlab-pipeline-trigger-token"),
            ("glft-", "secrets.gitlab-feed-token"),
            ("glsoat-", "secrets.gitlab-scim-token"),
            ("gloas-", "secrets.gitlab-oauth-application-secret"),
            ("glcbt-", "secrets.gitlab-ci-job-token"),
            ("glimt-", "secrets.gitlab-incoming-mail-token"),
            ("glagent-", "secrets.gitlab-agent-token"),
            ("glffct-", "secrets.gitlab-feature-flags-client-token"),
        ];
        for (prefix, rule) in cases {
            let text = format!("token: \"{prefix}{BODY}\"");
            assert_eq!(ids(&text), [rule], "{prefix}");
        }
        let trigger = format!("{}{}", "glptt-", "a077bbd142880e8427abeec12975fd55911ea2cb");
        assert_eq!(ids(&trigger), ["secrets.gitlab-pipeline-trigger-token"]);
        let oauth = format!(
            "{}{}",
            "gloas-", "d390b656a4d2bad821df997d529975dcb6de0703b4ab7ed013e50181d960e955"
        );
        assert_eq!(ids(&oauth), ["secrets.gitlab-oauth-application-secret"]);
        let runner = concat!(
            "glrt-",
            "t1_o1nIj7BRd03Q2ybv097SHzxgQA6TCvY4dhKM",
            ".0wb3ikdx0"
        );
        assert_eq!(ids(runner), ["secrets.gitlab-runner-authentication-token"]);
        let agent = format!(
            "{}{}",
            "glagent-", "Zq3ZycZOkN8gaW18vjsgJ0Wu8FxTwXqxni7z9KwRkNr4aE28uz"
        );
        assert_eq!(ids(&agent), ["secrets.gitlab-agent-token"]);
    }

    #[test]
    fn ignores_short_placeholder_and_unprefixed_values() {
        for prefix in [
            "gldt-", "glrt-", "glptt-", "glft-", "glsoat-", "glcbt-", "glffct-",
        ] {
            assert!(
                ids(&format!("{prefix}{}", &BODY[..12])).is_empty(),
                "{prefix}"
            );
            assert!(ids(&format!("{prefix}xxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
        }
        assert!(ids(&format!("{}{}", "GR1348941", &BODY[..15])).is_empty());
        assert!(ids(&format!("GR1348940{BODY}")).is_empty());
        assert!(ids(&format!("token: {BODY}")).is_empty());
    }
}
