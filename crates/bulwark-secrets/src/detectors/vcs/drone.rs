//! Drone CI credentials: personal API tokens and runner RPC secrets, both 32 alphanumeric
//! characters without a prefix, so only reported next to a Drone name (`DRONE_TOKEN=…`,
//! `DRONE_RPC_SECRET=…`).

use super::{assignment, plausible};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Drone API token or RPC secret assigned to a Drone-named setting.
pub static DRONE_CI_TOKEN: Rule = Rule {
    id: "secrets.drone-ci-token",
    title: "Drone CI token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Drone personal token or runner RPC secret is committed to the repository. The \
        token acts as its user on the Drone API (trigger and promote builds, change repository \
        settings and secrets); the RPC secret lets a rogue runner register and receive builds \
        together with their secrets.",
    remediation: "Rotate the user's token (Drone → User settings) or set a new \
        `DRONE_RPC_SECRET` on the server and every runner, and load both from a secrets \
        manager.",
    references: &[],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &DRONE_CI_TOKEN,
            &["drone"],
            &assignment("drone", "token|rpc[_-]?secret", "[A-Za-z0-9]{32}"),
            1,
        )?
        .min_entropy(3.5)
        .check(plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const VALUE: &str = "M9cMeGuPr0bwFqPqYiJh8bpKkxp3IAcF";

    #[test]
    fn finds_tokens_and_rpc_secrets() {
        assert_eq!(
            ids(&format!("{}={VALUE}", "DRONE_TOKEN")),
            ["secrets.drone-ci-token"]
        );
        assert_eq!(
            ids(&format!("      - {}={VALUE}", "DRONE_RPC_SECRET")),
            ["secrets.drone-ci-token"]
        );
    }

    #[test]
    fn ignores_other_settings_and_lengths() {
        assert!(ids(&format!("{}={VALUE}", "DRONE_SERVER_HOST")).is_empty());
        assert!(ids(&format!("{}={VALUE}Q", "DRONE_TOKEN")).is_empty());
        assert!(ids(&format!("{}={VALUE}", "TOKEN")).is_empty());
        assert!(ids(&format!("{}=${{DRONE_SECRET}}", "DRONE_RPC_SECRET")).is_empty());
    }
}
