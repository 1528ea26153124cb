//! What `run:` scripts do with secrets and downloads, and the legacy unsafe workflow commands.

use super::{expressions, steps};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::dockerfile::shell::{commands, pipes_download_to_shell};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `echo`/`printf` of a `${{ secrets.X }}` expression in a `run:` script.
pub static SECRET_ECHOED_RULE: Rule = Rule {
    id: "iac.github-actions.secret-echoed",
    title: "Secret printed by a `run` script",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-532"],
    owasp: &["A09:2021"],
    controls: &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:10.5.1", "soc2:CC6.1"],
    description: "A script echoes a secret that GitHub pastes into the script text. Log masking \
        only hides the exact registered value: any transformation (base64, JSON, a multi-line \
        key, part of a URL) is printed in clear into build logs that many people and \
        integrations can read and that are retained for months; the value is also written to \
        the runner's temporary script file.",
    remediation: "Expose the secret as an environment variable and never print it; pipe it to the \
        program that needs it:\n\n```yaml\n- env:\n    REGISTRY_TOKEN: ${{ secrets.REGISTRY_TOKEN }}\n\
        \x20 run: printf '%s' \"$REGISTRY_TOKEN\" | docker login ghcr.io -u bot --password-stdin\n```\n\n\
        Rotate the secret if it has already appeared in a log.",
    references: &[
        "https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions",
    ],
};

pub static SECRET_ECHOED: IacRule = IacRule {
    rule: &SECRET_ECHOED_RULE,
    format: Format::GithubActions,
    kinds: &["job"],
    check: secret_echoed,
};

/// ## What it finds
/// `curl … | bash`, `wget -O- … | sh`, `bash <(curl …)` in a `run:` script.
pub static CURL_PIPE_SHELL_RULE: Rule = Rule {
    id: "iac.github-actions.curl-pipe-shell",
    title: "Downloaded script piped into a shell in CI",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-494"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PW.4.1", "nist-ssdf:PO.5.1"],
    description: "A CI step downloads a script and runs it unverified, on a runner that holds the \
        job's token and secrets and produces the release artefacts. A compromised or silently \
        changed download (the Codecov bash uploader breach in 2021 worked exactly this way) \
        exfiltrates credentials and can tamper with what is shipped.",
    remediation: "Download to a file and verify a pinned checksum before running it, or use a \
        SHA-pinned action or a package from a signed repository:\n\n```yaml\n- run: |\n    curl \
        -fsSLo install.sh https://example.com/install.sh\n    echo \"<sha256>  install.sh\" | \
        sha256sum -c -\n    bash install.sh\n```",
    references: &["https://about.codecov.io/security-update/"],
};

pub static CURL_PIPE_SHELL: IacRule = IacRule {
    rule: &CURL_PIPE_SHELL_RULE,
    format: Format::GithubActions,
    kinds: &["job"],
    check: curl_pipe_shell,
};

/// ## What it finds
/// `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` in a workflow, job or step `env`.
pub static UNSECURE_COMMANDS_RULE: Rule = Rule {
    id: "iac.github-actions.allow-unsecure-commands",
    title: "Deprecated `set-env`/`add-path` workflow commands re-enabled",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-77", "CWE-94"],
    owasp: &["A03:2021"],
    controls: &["nist-ssdf:PO.5.1"],
    description: "`ACTIONS_ALLOW_UNSECURE_COMMANDS` turns back on the `::set-env::` and \
        `::add-path::` log commands that GitHub disabled in 2020 (CVE-2020-15228): any step \
        that prints attacker-influenced text (an issue title, a test's output, a dependency's \
        log) can set environment variables such as `NODE_OPTIONS` or `LD_PRELOAD` or prepend \
        to `PATH`, and so run code in every later step.",
    remediation: "Remove the variable and write to the environment files instead:\n\n```yaml\n\
        - run: |\n    echo \"MY_VAR=value\" >> \"$GITHUB_ENV\"\n    echo \"$HOME/.local/bin\" >> \
        \"$GITHUB_PATH\"\n```\n\nUpdate any action that still needs the old commands.",
    references: &[
        "https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/",
    ],
};

pub static UNSECURE_COMMANDS: IacRule = IacRule {
    rule: &UNSECURE_COMMANDS_RULE,
    format: Format::GithubActions,
    kinds: &["workflow", "job"],
    check: unsecure_commands,
};

/// Each step's `run:` node with its text.
fn runs(job: &Resource) -> Vec<(&Node, &str)> {
    steps(&job.body)
        .iter()
        .filter_map(|s| s.get("run"))
        .filter_map(|r| r.as_str().map(|t| (r, t)))
        .collect()
}

fn secret_echoed(_: &Context<'_>, job: &Resource) -> Vec<Hit> {
    runs(job)
        .into_iter()
        .filter_map(|(node, text)| {
            commands(text).iter().find_map(|c| {
                let prog = c.program()?;
                if prog != "echo" && prog != "printf" {
                    return None;
                }
                let joined = c.words.join(" ");
                expressions(&joined)
                    .into_iter()
                    .find(|e| e.replace(' ', "").contains("secrets."))
                    .map(|e| Hit::new(node.span, format!("`{prog}` prints `${{{{ {e} }}}}`")))
            })
        })
        .collect()
}

fn curl_pipe_shell(_: &Context<'_>, job: &Resource) -> Vec<Hit> {
    runs(job)
        .into_iter()
        .filter(|(_, text)| pipes_download_to_shell(text))
        .map(|(node, _)| {
            Hit::new(
                node.span,
                "a downloaded script is executed without verifying it",
            )
        })
        .collect()
}

fn enabled(env: Option<&Node>) -> Option<&Node> {
    let v = env?.get("ACTIONS_ALLOW_UNSECURE_COMMANDS")?;
    match &v.value {
        Value::Bool(true) => Some(v),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(v),
        _ => None,
    }
}

fn unsecure_commands(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut nodes: Vec<&Node> = Vec::new();
    nodes.extend(enabled(resource.body.get("env")));
    if resource.kind == "job" {
        for step in steps(&resource.body) {
            nodes.extend(enabled(step.get("env")));
        }
    }
    nodes
        .into_iter()
        .map(|n| {
            Hit::new(
                n.span,
                "`ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables `set-env`/`add-path`",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    const PATH: &str = ".github/workflows/ci.yml";

    #[test]
    fn echo_secret_fires() {
        let text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n      - run: |\n          echo \"token=${{ secrets.NPM_TOKEN }}\"\n";
        let h = hits(&SECRET_ECHOED, PATH, text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 8);
        assert!(h[0].message.contains("secrets.NPM_TOKEN"));
    }

    #[test]
    fn echo_secret_negative() {
        let text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - env: {T: '${{ secrets.T }}'}\n        run: echo \"$T\" | wc -c && echo ${{ github.sha }}\n";
        assert!(hits(&SECRET_ECHOED, PATH, text).is_empty());
    }

    #[test]
    fn curl_bash_fires() {
        let text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: curl -s https://codecov.io/bash | bash\n";
        let h = hits(&CURL_PIPE_SHELL, PATH, text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 6);
    }

    #[test]
    fn curl_bash_negative() {
        let text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: curl -fsSL https://x | jq .version\n";
        assert!(hits(&CURL_PIPE_SHELL, PATH, text).is_empty());
    }

    #[test]
    fn unsecure_commands_fires() {
        let text = "on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: 'true'\n";
        let h = hits(&UNSECURE_COMMANDS, PATH, text);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].span.start.line, 3);
        assert_eq!(h[1].span.start.line, 10);
    }

    #[test]
    fn unsecure_commands_negative() {
        let text = "on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: false\njobs:\n  a: {runs-on: x, steps: [{run: make}]}\n";
        assert!(hits(&UNSECURE_COMMANDS, PATH, text).is_empty());
    }
}
