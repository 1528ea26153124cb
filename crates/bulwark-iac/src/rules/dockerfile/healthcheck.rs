//! Whether the final image declares a health check.

use super::stage_chain;
use crate::dockerfile::{instructions, is_final_stage, keyword};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A final stage with no `HEALTHCHECK` (itself or inherited from an earlier stage it is built
/// from). An explicit `HEALTHCHECK NONE` is a decision and is not reported.
pub static MISSING_HEALTHCHECK_RULE: Rule = Rule {
    id: "iac.dockerfile.missing-healthcheck",
    title: "Final image has no `HEALTHCHECK`",
    scanner: Scanner::Iac,
    severity: Severity::Low,
    cwe: &["CWE-693"],
    owasp: &["A05:2021"],
    controls: &["cis-docker-1.6:4.6", "soc2:CC7.2"],
    description: "The image does not tell the container engine how to check that the service \
        works. Docker and Swarm then consider a hung or half-started process healthy, keep \
        routing traffic to it and never restart it, so an outage or a process wedged by an \
        attack goes unnoticed by monitoring (SOC 2 CC7.2). Base images may define one; this rule \
        cannot see that.",
    remediation: "Add a cheap check of the service's own health endpoint:\n\n```dockerfile\n\
        HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\\n  CMD [\"/app/healthcheck\"]\n\
        ```\n\nOn Kubernetes, liveness/readiness probes replace it; say so explicitly with \
        `HEALTHCHECK NONE`.",
    references: &["https://docs.docker.com/reference/dockerfile/#healthcheck"],
};

pub static MISSING_HEALTHCHECK: IacRule = IacRule {
    rule: &MISSING_HEALTHCHECK_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: missing_healthcheck,
};

fn missing_healthcheck(ctx: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    if !is_final_stage(stage) {
        return Vec::new();
    }
    let declared = stage_chain(ctx, stage).iter().any(|s| {
        instructions(s)
            .iter()
            .any(|i| keyword(i) == Some("HEALTHCHECK"))
    });
    if declared {
        return Vec::new();
    }
    vec![Hit::new(
        stage.span,
        "the final stage has no `HEALTHCHECK` instruction",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    #[test]
    fn missing_fires_on_final_stage() {
        let text = "FROM golang:1.22 AS b\nRUN go build\nFROM debian:12\nCOPY --from=b /app /app\n";
        let h = hits(&MISSING_HEALTHCHECK, "Dockerfile", text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 3);
    }

    #[test]
    fn declared_or_inherited_or_none_is_clean() {
        for text in [
            "FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
            "FROM debian:12 AS base\nHEALTHCHECK NONE\nFROM base\nRUN true\n",
        ] {
            assert!(
                hits(&MISSING_HEALTHCHECK, "Dockerfile", text).is_empty(),
                "{text}"
            );
        }
    }
}
