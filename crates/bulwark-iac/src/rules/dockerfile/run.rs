//! What `RUN` instructions do: piping downloads into a shell, disabling TLS checks, `sudo`,
//! world-writable permissions.

use super::runs;
use super::shell::{commands, pipes_download_to_shell, tls_verification_off};
use crate::dockerfile::is_final_stage;
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `curl … | sh`, `wget -O- … | bash`, `bash <(curl …)`, `sh -c "$(curl …)"` in any stage.
pub static CURL_PIPE_SHELL_RULE: Rule = Rule {
    id: "iac.dockerfile.curl-pipe-shell",
    title: "Downloaded script piped into a shell",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-494"],
    owasp: &["A08:2021"],
    controls: &["nist-ssdf:PW.4.1", "cis-docker-1.6:4.11"],
    description: "A `RUN` instruction downloads a script and executes it directly. Nothing checks \
        that the script is the one that was reviewed: a compromised download server, DNS or CDN, \
        or a silent upstream change, runs arbitrary code as root inside the build, and whatever \
        it does ends up in the image that goes to production.",
    remediation: "Download to a file, verify a pinned checksum (or signature), then run it:\n\n\
        ```dockerfile\nARG INSTALLER_SHA256=<sha256>\nRUN curl -fsSLo /tmp/install.sh \
        https://example.com/install.sh \\\n && echo \"${INSTALLER_SHA256}  /tmp/install.sh\" | \
        sha256sum -c - \\\n && sh /tmp/install.sh && rm /tmp/install.sh\n```\n\nBetter still, \
        install the tool from the distribution's signed package repository.",
    references: &["https://docs.docker.com/build/building/best-practices/#run"],
};

pub static CURL_PIPE_SHELL: IacRule = IacRule {
    rule: &CURL_PIPE_SHELL_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: curl_pipe_shell,
};

/// ## What it finds
/// `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host`,
/// `apk --allow-untrusted`, `git -c http.sslVerify=false`, `npm config set strict-ssl false`,
/// `GIT_SSL_NO_VERIFY`, `NODE_TLS_REJECT_UNAUTHORIZED=0` in any stage.
pub static TLS_VERIFICATION_DISABLED_RULE: Rule = Rule {
    id: "iac.dockerfile.tls-verification-disabled",
    title: "TLS certificate verification turned off in a build step",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-295"],
    owasp: &["A07:2021"],
    controls: &[
        "cis-docker-1.6:4.11",
        "nist-ssdf:PW.4.1",
        "pci-dss-4.0.1:4.2.1",
    ],
    description: "A `RUN` instruction downloads software with certificate verification disabled \
        (or trusts a package index without TLS/signature checks). Anyone on the network path \
        (a proxy, a compromised Wi-Fi or CI network, a DNS hijack) can then serve a modified \
        package that is built into the image, defeating the integrity controls the bank relies \
        on for its software supply chain.",
    remediation: "Remove the flag and fix trust properly: install the corporate CA into the build \
        image, or mount it as a secret, and point the tools at it:\n\n```dockerfile\n\
        COPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt\n\
        RUN update-ca-certificates\n\
        ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt\n\
        RUN curl -fsSL --cacert /etc/ssl/certs/ca-certificates.crt https://example.com/x -o /x\n```",
    references: &["https://curl.se/docs/sslcerts.html"],
};

pub static TLS_VERIFICATION_DISABLED: IacRule = IacRule {
    rule: &TLS_VERIFICATION_DISABLED_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: tls_disabled,
};

/// ## What it finds
/// `sudo` in a `RUN` of the final stage.
pub static SUDO_RULE: Rule = Rule {
    id: "iac.dockerfile.sudo",
    title: "`sudo` used in a `RUN` instruction",
    scanner: Scanner::Iac,
    severity: Severity::Low,
    cwe: &["CWE-250"],
    owasp: &["A05:2021"],
    controls: &["pci-dss-4.0.1:7.2.1", "cis-docker-1.6:4.1"],
    description: "A `RUN` instruction in the final stage calls `sudo`. Build steps already run as \
        the current `USER`; `sudo` working at all means the image ships `sudo` and a sudoers rule \
        that lets the runtime user become root, so a compromised application can escalate \
        privileges inside the container.",
    remediation: "Run the privileged steps before switching user, and do not install `sudo`:\n\n\
        ```dockerfile\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends \
        pkg && rm -rf /var/lib/apt/lists/*\nUSER app\n```",
    references: &["https://docs.docker.com/reference/dockerfile/#user"],
};

pub static SUDO: IacRule = IacRule {
    rule: &SUDO_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: sudo,
};

/// ## What it finds
/// `chmod 777`, `chmod -R 0777`, `chmod a+rwx` in a `RUN` of the final stage.
pub static CHMOD_777_RULE: Rule = Rule {
    id: "iac.dockerfile.chmod-world-writable",
    title: "Files made world-writable with `chmod 777`",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-732"],
    owasp: &["A01:2021"],
    controls: &["pci-dss-4.0.1:7.2.1", "pci-dss-4.0.1:2.2.1"],
    description: "A `RUN` in the final stage gives every user read, write and execute permission \
        on files in the image. Any process in the container, whatever its user, can then replace \
        binaries, scripts or configuration the application trusts, turning a minor foothold into \
        code execution as the application (or root, if root later runs those files).",
    remediation: "Grant only what the runtime user needs, and own the files instead of opening \
        them to everyone:\n\n```dockerfile\nCOPY --chown=app:app --chmod=0750 ./bin/ /app/bin/\n\
        RUN chown -R app:app /var/lib/app && chmod -R u=rwX,g=rX,o= /var/lib/app\n```",
    references: &["https://docs.docker.com/reference/dockerfile/#copy---chmod"],
};

pub static CHMOD_777: IacRule = IacRule {
    rule: &CHMOD_777_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: chmod_777,
};

fn curl_pipe_shell(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    runs(stage)
        .into_iter()
        .filter(|(_, script, _)| pipes_download_to_shell(script))
        .map(|(_, _, span)| Hit::new(span, "a downloaded script is executed without verifying it"))
        .collect()
}

fn tls_disabled(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    runs(stage)
        .into_iter()
        .filter_map(|(_, script, span)| {
            tls_verification_off(&script).map(|what| {
                Hit::new(
                    span,
                    format!("{what} turns off TLS certificate verification"),
                )
            })
        })
        .collect()
}

fn sudo(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    if !is_final_stage(stage) {
        return Vec::new();
    }
    runs(stage)
        .into_iter()
        .filter(|(_, script, _)| commands(script).iter().any(|c| c.uses_sudo()))
        .map(|(_, _, span)| {
            Hit::new(
                span,
                "`sudo` in the final stage: the image lets its user become root",
            )
        })
        .collect()
}

/// Octal modes with the "others write" bit and no special bits (`1777` is the sticky `/tmp`
/// convention), or symbolic modes granting write to `o`/`a`.
fn is_world_writable_mode(mode: &str) -> bool {
    if !mode.is_empty() && mode.chars().all(|c| c.is_ascii_digit()) {
        let m = mode.trim_start_matches('0').as_bytes();
        return m.len() == 3 && (m[2].wrapping_sub(b'0') & 2) != 0;
    }
    mode.split(',').any(|clause| {
        let Some(op) = clause.find(['+', '=']) else {
            return false;
        };
        let (who, perm) = clause.split_at(op);
        (who.contains('a') || who.contains('o')) && perm.contains('w')
    })
}

fn chmod_777(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    if !is_final_stage(stage) {
        return Vec::new();
    }
    runs(stage)
        .into_iter()
        .filter_map(|(_, script, span)| {
            commands(&script).into_iter().find_map(|c| {
                if c.program() != Some("chmod") {
                    return None;
                }
                let mode = c.args().iter().find(|a| !a.starts_with('-'))?.clone();
                is_world_writable_mode(&mode).then(|| {
                    Hit::new(
                        span,
                        format!("`chmod {mode}` makes files writable by every user"),
                    )
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    #[test]
    fn curl_pipe_shell_fires_in_any_stage() {
        let text = "FROM debian:12 AS b\nRUN apt-get update && \\\n    curl -fsSL https://deb.nodesource.com/setup_20.x | bash -\nFROM b\nRUN wget -qO- https://x/i.sh | sudo sh\nRUN [\"/bin/sh\", \"-c\", \"curl -s https://x | sh\"]\n";
        let h = hits(&CURL_PIPE_SHELL, "Dockerfile", text);
        assert_eq!(h.len(), 3);
        assert_eq!(h[0].span.start.line, 2);
    }

    #[test]
    fn curl_pipe_shell_negative() {
        let text = "FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://x/i.sh && sha256sum -c s && sh /tmp/i.sh\nRUN curl https://x | tar -xz\n";
        assert!(hits(&CURL_PIPE_SHELL, "Dockerfile", text).is_empty());
    }

    #[test]
    fn tls_off_fires() {
        let text = "FROM python:3.12\nRUN pip install --trusted-host pypi.org -r req.txt\nRUN curl -sSk https://x -o y\n";
        let h = hits(&TLS_VERIFICATION_DISABLED, "Dockerfile", text);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].span.start.line, 2);
    }

    #[test]
    fn tls_off_negative() {
        let text = "FROM python:3.12\nRUN pip install -r req.txt && curl -fsSL https://x -o k\n";
        assert!(hits(&TLS_VERIFICATION_DISABLED, "Dockerfile", text).is_empty());
    }

    #[test]
    fn sudo_in_final_stage() {
        let text = "FROM debian:12 AS b\nRUN sudo make\nFROM debian:12\nUSER app\nRUN sudo apt-get install -y x\n";
        let h = hits(&SUDO, "Dockerfile", text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 5);
    }

    #[test]
    fn sudo_negative() {
        let text = "FROM debian:12\nRUN apt-get install -y sudoku && echo sudo\n";
        assert!(hits(&SUDO, "Dockerfile", text).is_empty());
    }

    #[test]
    fn chmod_fires() {
        let text = "FROM debian:12\nRUN mkdir /data && chmod -R 777 /data\nRUN chmod 0666 /etc/app.conf\nRUN chmod a+rwx /x\n";
        let h = hits(&CHMOD_777, "Dockerfile", text);
        assert_eq!(h.len(), 3);
        assert_eq!(h[0].span.start.line, 2);
    }

    #[test]
    fn chmod_negative() {
        let text = "FROM debian:12 AS b\nRUN chmod 777 /tmp/x\nFROM debian:12\nRUN chmod 755 /app && chmod u+x run.sh && chmod 1777 /scratch\n";
        assert!(hits(&CHMOD_777, "Dockerfile", text).is_empty());
    }
}
