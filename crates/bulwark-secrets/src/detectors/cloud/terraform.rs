//! HCP Terraform (Terraform Cloud / Enterprise) API tokens.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An HCP Terraform / Terraform Enterprise API token: 14 characters, `.atlasv1.`, then the
/// token body.
pub static TERRAFORM_CLOUD_API_TOKEN: Rule = Rule {
    id: "secrets.terraform-cloud-api-token",
    title: "HCP Terraform API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An HCP Terraform (Terraform Cloud) or Terraform Enterprise API token is \
        committed to the repository. It can read state files, which hold resource secrets, queue \
        plans and applies that run with the workspaces' cloud credentials, and change workspace \
        variables.",
    remediation: "Revoke the token (User settings → Tokens, or the organisation's or team's API \
        token page → Delete/Regenerate), review the audit trail and recent runs, and use \
        short-lived team tokens or dynamic provider credentials for CI.",
    references: &[
        "https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &TERRAFORM_CLOUD_API_TOKEN,
            &[".atlasv1."],
            r"\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,100})(?:[^A-Za-z0-9_=-]|$)",
            1,
        )?
        .min_entropy(4.0)
        .check(super::plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const BODY: &str = concat!(
        "ZHHtCQfrzsCShCOEUZlWHjaRixFHQpNxHvZy",
        "qbJmaKqdLltTIr6uqpq1CfHOF2fmiB9"
    );

    #[test]
    fn finds_tokens() {
        let credentials = format!(
            "credentials \"app.terraform.io\" {{\n  token = \"130BhAjSqygxwQ{}{BODY}\"\n}}",
            ".atlasv1."
        );
        assert_eq!(ids(&credentials), ["secrets.terraform-cloud-api-token"]);
    }

    #[test]
    fn ignores_malformed_tokens() {
        assert!(ids(&format!("130BhAjSqygx{}{BODY}", ".atlasv1.")).is_empty());
        assert!(ids(&format!("130BhAjSqygxwQ{}{}", ".atlasv1.", &BODY[..30])).is_empty());
        assert!(ids(&format!("130BhAjSqygxwQ{}{BODY}", ".atlasv2.")).is_empty());
    }
}
