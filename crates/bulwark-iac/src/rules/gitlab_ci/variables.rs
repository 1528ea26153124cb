//! `variables:` (top level and per job): literal credentials, debug tracing.

use super::{image_name, judged_variables, pipeline_holders, scalar_text, secret_name};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A variable named like a credential (`*_PASSWORD`, `*_TOKEN`, `*_SECRET*`, `*_KEY`, `*API_KEY*`)
/// with a literal value in `.gitlab-ci.yml`. Values that expand another variable (`$VAULT_X`) are
/// not literals; variables that configure a service container the pipeline starts itself
/// (`POSTGRES_PASSWORD` with a `postgres` service) are throwaway test credentials and are left
/// out.
pub static SECRET_IN_VARIABLES_RULE: Rule = Rule {
    id: "iac.gitlab-ci.secret-in-variables",
    title: "Credential written as a literal in pipeline variables",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: &["pci-dss-4.0.1:8.3.2", "pci-dss-4.0.1:8.6.2", "soc2:CC6.1"],
    description: "A variable named like a credential has a literal value in `.gitlab-ci.yml`. \
        The file is readable by everyone with access to the repository — and to every fork and \
        clone — and the value stays in Git history after it is removed. It is not masked in job \
        logs and cannot be protected to protected branches, and it cannot be rotated without a \
        commit. PCI DSS 8.6.2 forbids hard-coded passwords for system and application accounts.",
    remediation: "Move the value to a masked, protected CI/CD variable in the project or group \
        settings (or fetch it from a vault with `secrets:`), refer to it by name, and rotate the \
        exposed credential:\n\n```yaml\ndeploy:\n  secrets:\n    DATABASE_PASSWORD:\n      \
        vault: production/db/password@ops\n      file: false\n  script:\n    - ./deploy.sh  # reads \
        $DATABASE_PASSWORD\n```",
    references: &["https://docs.gitlab.com/ci/variables/#cicd-variable-security"],
};

pub static SECRET_IN_VARIABLES: IacRule = IacRule {
    rule: &SECRET_IN_VARIABLES_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: secret_in_variables,
};

/// ## What it finds
/// `CI_DEBUG_TRACE: "true"` or `CI_DEBUG_SERVICES: "true"` in `variables:`.
pub static DEBUG_TRACE_RULE: Rule = Rule {
    id: "iac.gitlab-ci.debug-trace",
    title: "CI debug tracing writes every variable to the job log",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-532"],
    owasp: &["A09:2021"],
    controls: &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:10.5.1", "soc2:CC6.1"],
    description: "`CI_DEBUG_TRACE` (or `CI_DEBUG_SERVICES`) is set to true in the pipeline file. \
        The runner then traces every shell command with its expanded values and lists all \
        variables available to the job — including protected secrets, deploy tokens and cloud \
        credentials — into the job log, which is stored on the GitLab server and readable by \
        project members. Committed to the file, it does so on every run, not just while someone \
        is debugging.",
    remediation: "Remove the variable from `.gitlab-ci.yml`; when a job really needs debugging, \
        set it for one manual run only and restrict who can see that job's log:\n\n```yaml\n\
        variables:\n  CI_DEBUG_TRACE: \"false\"\n```\n\nRotate any secret that appeared in a \
        traced log.",
    references: &[
        "https://docs.gitlab.com/ci/variables/variables_troubleshooting/#enable-debug-logging",
    ],
};

pub static DEBUG_TRACE: IacRule = IacRule {
    rule: &DEBUG_TRACE_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: debug_trace,
};

/// `POSTGRES_`, `MYSQL_`, … : the variable prefixes of the service containers this file starts,
/// whose settings (`POSTGRES_PASSWORD: runner`) only configure a throwaway test instance.
fn service_prefixes(context: &Context<'_>) -> Vec<String> {
    let mut holders: Vec<&Node> = context.document.resources.iter().map(|r| &r.body).collect();
    holders.extend(pipeline_holders(&context.document.root));
    let mut out = Vec::new();
    for holder in holders {
        let Some(services) = holder.get("services").and_then(Node::as_array) else {
            continue;
        };
        for (reference, _) in services.iter().filter_map(image_name) {
            let name = reference.split(['@', ':']).next().unwrap_or(reference);
            let base = name.rsplit('/').next().unwrap_or(name);
            let prefix = format!("{}_", base.to_ascii_uppercase().replace('-', "_"));
            if prefix == "MARIADB_" {
                out.push("MYSQL_".to_string());
            }
            out.push(prefix);
        }
    }
    out
}

/// A value that is a credential as written: not empty, no `$` expansion, not a flag.
fn literal_secret(value: &Node) -> bool {
    let Value::String(text) = &value.value else {
        return false;
    };
    let lower = text.trim().to_ascii_lowercase();
    !lower.is_empty()
        && !lower.contains('$')
        && !matches!(lower.as_str(), "true" | "false" | "yes" | "no" | "0" | "1")
}

fn secret_in_variables(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let variables = judged_variables(context, job);
    if variables.is_empty() {
        return Vec::new();
    }
    let prefixes = service_prefixes(context);
    variables
        .into_iter()
        .filter(|(name, value)| {
            secret_name(name)
                && literal_secret(value)
                && !prefixes
                    .iter()
                    .any(|p| name.to_ascii_uppercase().starts_with(p.as_str()))
        })
        .map(|(name, value)| {
            Hit::new(
                value.span,
                format!("`{name}` has a literal value in the pipeline file"),
            )
        })
        .collect()
}

fn debug_trace(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    judged_variables(context, job)
        .into_iter()
        .filter(|(name, value)| {
            matches!(*name, "CI_DEBUG_TRACE" | "CI_DEBUG_SERVICES")
                && scalar_text(value).is_some_and(|t| t.eq_ignore_ascii_case("true"))
        })
        .map(|(name, value)| {
            Hit::new(
                value.span,
                format!("`{name}` writes every variable to the job log"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::gitlab_ci::testing::run;

    #[test]
    fn literal_secrets() {
        let text = "variables:\n  DEPLOY_TOKEN: not-a-real-token\n  \
                    REGISTRY_URL: registry.example.com\n  SIGNING_KEY:\n    value: not-a-real-key\n    \
                    description: fake\nintegration:\n  services: [mariadb:11]\n  variables:\n    \
                    MYSQL_ROOT_PASSWORD: root\n    API_KEY: abc123def456\n  script: [make it]\n";
        // The MariaDB service's own root password is a throwaway; the others are not.
        assert_eq!(run(&SECRET_IN_VARIABLES, text), (3, vec![11, 2, 5]));
    }

    #[test]
    fn referenced_secrets_negative() {
        let text = "variables:\n  DB_PASSWORD: $VAULT_DB_PASSWORD\n  USE_TOKEN: \"true\"\n  \
                    CACHE_KEY: deps-v1\nbuild:\n  variables:\n    NPM_TOKEN: ${CI_JOB_TOKEN}\n  script: [make]\n";
        assert_eq!(run(&SECRET_IN_VARIABLES, text).0, 0);
    }

    #[test]
    fn debug_trace_fires() {
        let text = "variables:\n  CI_DEBUG_TRACE: \"true\"\nbuild:\n  variables:\n    \
                    CI_DEBUG_SERVICES: true\n  script: [make]\ntest:\n  script: [make test]\n";
        assert_eq!(run(&DEBUG_TRACE, text), (2, vec![5, 2]));
    }

    #[test]
    fn debug_trace_negative() {
        let text = "variables:\n  CI_DEBUG_TRACE: \"false\"\nbuild:\n  script: [make]\n";
        assert_eq!(run(&DEBUG_TRACE, text).0, 0);
    }
}
