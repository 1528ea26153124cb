//! Ports the final image exposes.

use crate::dockerfile::{instructions, is_final_stage, keyword};
use crate::model::{Format, Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `EXPOSE 22` (`22/tcp`) in the final stage: an SSH server in the container.
pub static EXPOSE_SSH_RULE: Rule = Rule {
    id: "iac.dockerfile.expose-ssh",
    title: "Image exposes SSH (port 22)",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-284"],
    owasp: &["A05:2021"],
    controls: &["pci-dss-4.0.1:2.2.4", "pci-dss-4.0.1:1.3.1", "soc2:CC6.6"],
    description: "The final image declares port 22, which means it runs an SSH daemon next to its \
        application. That is an extra network service with its own credentials or keys to \
        manage, a way into the container that bypasses the orchestrator's access control and \
        audit trail, and something PCI DSS 2.2.4 expects to be removed when not needed.",
    remediation: "Remove the SSH server and the `EXPOSE 22` line. For debugging use the \
        orchestrator's audited access instead: `docker exec`, `kubectl exec` or \
        `kubectl debug` (ephemeral containers), gated by RBAC:\n\n```dockerfile\n# remove: \
        RUN apt-get install -y openssh-server / EXPOSE 22\nEXPOSE 8443\n```\n\n```sh\nkubectl \
        debug -it pod/api --image=busybox --target=api\n```",
    references: &["https://docs.docker.com/reference/dockerfile/#expose"],
};

pub static EXPOSE_SSH: IacRule = IacRule {
    rule: &EXPOSE_SSH_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: expose_ssh,
};

fn expose_ssh(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    if !is_final_stage(stage) {
        return Vec::new();
    }
    instructions(stage)
        .iter()
        .filter(|i| keyword(i) == Some("EXPOSE"))
        .filter_map(|i| i.get("arguments"))
        .filter(|args| {
            args.as_str().is_some_and(|a| {
                a.split_whitespace().any(|p| {
                    let port = p.split('/').next().unwrap_or(p);
                    port == "22"
                })
            })
        })
        .map(|args: &Node| Hit::new(args.span, "`EXPOSE 22`: the image runs an SSH server"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    #[test]
    fn ssh_fires() {
        let h = hits(
            &EXPOSE_SSH,
            "Dockerfile",
            "FROM debian:12\nEXPOSE 8080\nEXPOSE 443 22/tcp\n",
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 3);
    }

    #[test]
    fn ssh_negative() {
        let text = "FROM debian:12 AS b\nEXPOSE 22\nFROM debian:12\nEXPOSE 2222 8022\n";
        assert!(hits(&EXPOSE_SSH, "Dockerfile", text).is_empty());
    }
}
