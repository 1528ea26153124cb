//! Credentials written into `ENV` / `ARG`.

use crate::dockerfile::{instructions, keyword};
use crate::model::{Format, Resource, Value};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `ENV`/`ARG` whose name says it holds a credential (`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`,
/// `PRIVATE_KEY`, `ACCESS_KEY`, …) given a literal value in the Dockerfile.
pub static SECRET_IN_ENV_ARG_RULE: Rule = Rule {
    id: "iac.dockerfile.secret-in-env-arg",
    title: "Secret set with `ENV` or `ARG`",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-538"],
    owasp: &["A07:2021"],
    controls: &[
        "cis-docker-1.6:4.10",
        "pci-dss-4.0.1:8.6.2",
        "pci-dss-4.0.1:3.5.1",
    ],
    description: "A credential is given a literal value in an `ENV` or `ARG` instruction. It is \
        committed with the Dockerfile, and it is baked into the image: `ENV` values are in the \
        image config (`docker inspect`), `ARG` values in the build history (`docker history`) \
        of every image built, available to anyone who can pull it. PCI DSS forbids hard-coded \
        passwords for system accounts (8.6.2).",
    remediation: "Remove the value, rotate the credential, and pass it only at build time through \
        a BuildKit secret mount, which never lands in a layer or the history:\n\n\
        ```dockerfile\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n```\n\n\
        (`docker build --secret id=npm_token,env=NPM_TOKEN .`). Runtime secrets come from the \
        orchestrator (Kubernetes Secrets, ECS secrets, Vault), not from the image.",
    references: &[
        "https://docs.docker.com/build/building/secrets/",
        "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/",
    ],
};

pub static SECRET_IN_ENV_ARG: IacRule = IacRule {
    rule: &SECRET_IN_ENV_ARG_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: secret_in_env_arg,
};

const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CLIENT_SECRET",
    "CREDENTIAL",
    "AUTH_KEY",
];

/// Name parts that say the variable points at a secret rather than holding one.
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "_FILE",
    "_PATH",
    "_DIR",
    "_URL",
    "_URI",
    "_ENDPOINT",
    "_NAME",
    "_ID",
    "_HEADER",
    "_TTL",
    "_LENGTH",
    "_EXPIRY",
    "_TIMEOUT",
    "_ENABLED",
    "_TYPE",
    "_ARN",
    "_REF",
    "_SECONDS",
    "_MINUTES",
    "_HOURS",
    "_DAYS",
    "_SIZE",
    "_COUNT",
    "_MAX",
    "_MIN",
    "_POLICY",
    "_MODE",
    "_VERSION",
    "_HOST",
    "_PORT",
    "_PREFIX",
];

pub(crate) fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase().replace('-', "_");
    SECRET_WORDS.iter().any(|w| upper.contains(w))
        && !NOT_SECRET_SUFFIXES.iter().any(|s| upper.ends_with(s))
}

pub(crate) fn is_literal_secret_value(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty()
        && !v.contains('$')
        && !v.chars().all(|c| c.is_ascii_digit())
        && !matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "none"
        )
}

fn secret_in_env_arg(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    for ins in instructions(stage) {
        let Some(kw @ ("ENV" | "ARG")) = keyword(ins) else {
            continue;
        };
        let Some(Value::Object(pairs)) = ins.get("pairs").map(|p| &p.value) else {
            continue;
        };
        for (name, _, value) in pairs {
            let Some(v) = value.as_str() else { continue };
            if is_secret_name(name) && is_literal_secret_value(v) {
                out.push(Hit::new(
                    value.span,
                    format!("`{kw} {name}` sets a literal secret that is stored in the image"),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    #[test]
    fn literal_secrets_fire() {
        let text = "FROM alpine:3.20\nENV APP=1 DB_PASSWORD=hunter2\nARG NPM_TOKEN=abc123\nENV API_KEY s3cr3t value\n";
        let h = hits(&SECRET_IN_ENV_ARG, "Dockerfile", text);
        assert_eq!(h.len(), 3);
        assert_eq!(h[0].span.start.line, 2);
        assert!(h[0].message.contains("DB_PASSWORD"));
    }

    #[test]
    fn references_and_pointers_are_clean() {
        let text = "FROM alpine:3.20\nARG NPM_TOKEN\nENV NPM_TOKEN=${NPM_TOKEN}\n\
            ENV DB_PASSWORD_FILE=/run/secrets/db TOKEN_URL=https://x\nENV VERIFY_TOKEN=false TOKEN_TTL_SECONDS=3600 SESSION_SECRET_MAX=64\n";
        assert!(hits(&SECRET_IN_ENV_ARG, "Dockerfile", text).is_empty());
    }
}
