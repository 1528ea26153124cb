//! What `script`/`before_script`/`after_script` lines do: run downloads unverified, print
//! secrets, turn TLS verification off.

use super::{all_script_lines, expanded_variables, judged_variables, scalar_text, secret_name};
use crate::model::{Format, Resource};
use crate::rules::dockerfile::shell::{
    Command, commands, pipes_download_to_shell, tls_verification_off,
};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `curl … | sh`, `wget -O- … | bash`, `bash <(curl …)` in a job's scripts.
pub static CURL_PIPE_SHELL_RULE: Rule = Rule {
    id: "iac.gitlab-ci.curl-pipe-shell",
    title: "Downloaded script piped into a shell in CI",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-494"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PW.4.1", "nist-ssdf:PO.5.1"],
    description: "A job downloads a script and runs it unverified, inside a job that holds \
        `CI_JOB_TOKEN`, the project's CI/CD variables and often deploy credentials, and that \
        produces the artefacts that get released. A compromised or silently changed download \
        (the Codecov bash uploader breach in 2021 worked exactly this way) exfiltrates those \
        credentials and can tamper with what is shipped.",
    remediation: "Download to a file and verify a pinned checksum before running it, or use a \
        package from a signed repository or an image that already contains the tool:\n\n\
        ```yaml\nscript:\n  - curl -fsSLo install.sh https://example.com/install.sh\n  - echo \
        \"<sha256>  install.sh\" | sha256sum -c -\n  - sh install.sh\n```",
    references: &["https://about.codecov.io/security-update/"],
};

pub static CURL_PIPE_SHELL: IacRule = IacRule {
    rule: &CURL_PIPE_SHELL_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: curl_pipe_shell,
};

/// ## What it finds
/// `echo`/`printf` of a secret-looking variable (`$CI_JOB_TOKEN`, `$CI_REGISTRY_PASSWORD`,
/// `$DEPLOY_TOKEN`…), `env`/`printenv` with no arguments, and `set -x` in a job whose scripts
/// use such a variable.
pub static SECRET_PRINTED_RULE: Rule = Rule {
    id: "iac.gitlab-ci.secret-printed",
    title: "Secret printed into the job log",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-532"],
    owasp: &["A09:2021"],
    controls: &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:10.5.1", "soc2:CC6.1"],
    description: "A script prints a credential into the job log: it echoes a variable such as \
        `$CI_JOB_TOKEN` or `$DEPLOY_PASSWORD`, dumps every variable with `env`/`printenv`, or \
        turns on shell tracing (`set -x`) in a job that expands such variables, so every \
        expanded command is logged. GitLab masks only variables marked as masked, and only \
        their exact value: unmasked variables, and any transformation of a masked one (base64, \
        a URL, part of a string), appear in clear in a log that every project member with \
        Reporter access can read and that is kept for the project's log retention.",
    remediation: "Never print credentials; hand them to the program on stdin or through a file, \
        mark CI/CD variables as masked and protected, and leave tracing off where secrets are \
        used:\n\n```yaml\nscript:\n  - echo \"$CI_REGISTRY_PASSWORD\" | docker login -u \
        \"$CI_REGISTRY_USER\" --password-stdin \"$CI_REGISTRY\"\n```\n\nRotate a secret that has \
        already appeared in a log.",
    references: &["https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable"],
};

pub static SECRET_PRINTED: IacRule = IacRule {
    rule: &SECRET_PRINTED_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: secret_printed,
};

/// ## What it finds
/// `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host`, `git -c
/// http.sslVerify=false` in scripts, and `GIT_SSL_NO_VERIFY` / `NODE_TLS_REJECT_UNAUTHORIZED=0`
/// set in `variables:`.
pub static TLS_VERIFICATION_DISABLED_RULE: Rule = Rule {
    id: "iac.gitlab-ci.tls-verification-disabled",
    title: "TLS certificate verification turned off in CI",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-295"],
    owasp: &["A02:2021", "A08:2021"],
    controls: &["pci-dss-4.0.1:4.2.1", "nist-ssdf:PW.4.1"],
    description: "A job fetches code, packages or artefacts — or pushes credentials — over TLS \
        without checking the server's certificate (`curl -k`, `wget --no-check-certificate`, \
        `GIT_SSL_NO_VERIFY`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, …). Anyone on the network path \
        (a proxy, a compromised runner network, DNS spoofing) can then impersonate the server, \
        read the credentials sent to it and substitute what the build downloads.",
    remediation: "Keep verification on and trust the internal CA instead, e.g. with GitLab's \
        file-type variable `CI_SERVER_TLS_CA_FILE` or a CA bundle baked into the image:\n\n\
        ```yaml\nvariables:\n  SSL_CERT_FILE: /etc/ssl/certs/internal-ca.pem\nscript:\n  - curl \
        -fsSL --cacert \"$SSL_CERT_FILE\" https://artifacts.internal/tool.tar.gz -o \
        tool.tar.gz\n```",
    references: &["https://docs.gitlab.com/runner/configuration/tls-self-signed/"],
};

pub static TLS_VERIFICATION_DISABLED: IacRule = IacRule {
    rule: &TLS_VERIFICATION_DISABLED_RULE,
    format: Format::GitlabCi,
    kinds: &["job"],
    check: tls_verification_disabled,
};

fn curl_pipe_shell(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    all_script_lines(context, job)
        .into_iter()
        .filter(|(_, line)| pipes_download_to_shell(line))
        .map(|(node, _)| {
            Hit::new(
                node.span,
                "a downloaded script is executed without verifying it",
            )
        })
        .collect()
}

/// The secret-looking variable an `echo`/`printf` writes to the log. Output piped to the next
/// command (`echo "$TOKEN" | docker login --password-stdin`) or redirected to a file is not
/// logged.
fn printed_secret(command: &Command, piped_onwards: bool) -> Option<(&str, String)> {
    let program = command.program()?;
    if (program != "echo" && program != "printf") || piped_onwards {
        return None;
    }
    let args = command.args();
    let to_file = args
        .iter()
        .any(|a| a.trim_start_matches(['1', '2']).starts_with('>') && !a.contains('&'));
    if to_file {
        return None;
    }
    args.iter()
        .flat_map(|a| expanded_variables(a))
        .find(|v| secret_name(v))
        .map(|v| (program, v.to_string()))
}

/// `set -x`, `set -ex`, `set -o xtrace`.
fn turns_tracing_on(command: &Command) -> bool {
    command.words.first().is_some_and(|w| w == "set")
        && command.words.iter().skip(1).enumerate().any(|(i, w)| {
            (w.starts_with('-') && !w.starts_with("--") && w.contains('x'))
                || (w == "xtrace" && i > 0)
        })
}

/// `env` or `printenv` alone: every variable, secrets included.
fn dumps_environment(command: &Command) -> bool {
    matches!(command.words.as_slice(), [w] if w == "env" || w == "printenv")
}

fn secret_printed(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let lines = all_script_lines(context, job);
    let uses_secret = lines
        .iter()
        .any(|(_, line)| expanded_variables(line).into_iter().any(secret_name));
    let mut out = Vec::new();
    for (node, line) in lines {
        let parsed = commands(line);
        for (i, command) in parsed.iter().enumerate() {
            let piped_onwards = parsed.get(i + 1).is_some_and(|next| next.piped);
            let message = if let Some((program, variable)) = printed_secret(command, piped_onwards)
            {
                format!("`{program}` prints `${variable}`")
            } else if dumps_environment(command) && !piped_onwards {
                format!(
                    "`{}` prints every variable, secrets included",
                    command.words.join(" ")
                )
            } else if uses_secret && turns_tracing_on(command) {
                "shell tracing logs every expanded command, and this job expands secrets"
                    .to_string()
            } else {
                continue;
            };
            out.push(Hit::new(node.span, message));
            break;
        }
    }
    out
}

fn tls_verification_disabled(context: &Context<'_>, job: &Resource) -> Vec<Hit> {
    let mut out: Vec<Hit> = all_script_lines(context, job)
        .into_iter()
        .filter_map(|(node, line)| {
            tls_verification_off(line).map(|what| {
                Hit::new(
                    node.span,
                    format!("{what} turns off TLS certificate verification"),
                )
            })
        })
        .collect();
    for (name, value) in judged_variables(context, job) {
        let text = scalar_text(value).unwrap_or_default().to_ascii_lowercase();
        let off = match name {
            "GIT_SSL_NO_VERIFY" => !matches!(text.as_str(), "" | "0" | "false"),
            "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => text == "0",
            _ => false,
        };
        if off {
            out.push(Hit::new(
                value.span,
                format!("`{name}: {text}` turns off TLS certificate verification"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::gitlab_ci::testing::run;

    #[test]
    fn curl_pipe_shell_fires() {
        let text = "default:\n  before_script:\n    - curl -fsSL https://get.example.com | sh\n\
                    build:\n  script:\n    - make\n    - wget -qO- https://x.example.com/i.sh | bash -s\n";
        assert_eq!(run(&CURL_PIPE_SHELL, text), (2, vec![7, 3]));
    }

    #[test]
    fn curl_pipe_shell_negative() {
        let text =
            "build:\n  script:\n    - curl -fsSL https://x.example.com/v.json | jq .version\n";
        assert_eq!(run(&CURL_PIPE_SHELL, text).0, 0);
    }

    #[test]
    fn secrets_printed() {
        let text = "deploy:\n  script:\n    - echo \"token is ${CI_JOB_TOKEN}\"\n    - printenv\n    \
                    - set -ex\n    - curl -H \"PRIVATE-TOKEN:$API_TOKEN\" https://gitlab.example.com\n\
                    test:\n  script:\n    - set -x\n    - make test\n";
        // The `set -x` of `test` is harmless: that job expands no secret.
        assert_eq!(run(&SECRET_PRINTED, text), (3, vec![3, 4, 5]));
    }

    #[test]
    fn secrets_not_printed() {
        let text = "deploy:\n  script:\n    - echo \"$CI_REGISTRY_PASSWORD\" | docker login -u x --password-stdin\n    \
                    - echo \"$CI_COMMIT_SHA\"\n    - env FOO=1 make\n    - printf '%s' \"$KEY_PASSWORD\" > key.pass\n";
        assert_eq!(run(&SECRET_PRINTED, text).0, 0);
    }

    #[test]
    fn tls_off() {
        let text = "variables:\n  GIT_SSL_NO_VERIFY: \"1\"\nbuild:\n  variables:\n    \
                    NODE_TLS_REJECT_UNAUTHORIZED: 0\n  script:\n    - curl -k https://x.example.com -o y\n";
        assert_eq!(run(&TLS_VERIFICATION_DISABLED, text), (3, vec![7, 5, 2]));
    }

    #[test]
    fn tls_on_negative() {
        let text = "variables:\n  GIT_SSL_NO_VERIFY: \"false\"\nbuild:\n  script:\n    \
                    - curl -fsSL https://x.example.com -o k\n";
        assert_eq!(run(&TLS_VERIFICATION_DISABLED, text).0, 0);
    }
}
