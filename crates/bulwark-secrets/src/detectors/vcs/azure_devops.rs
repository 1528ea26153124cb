//! Azure DevOps personal access tokens: the 84-character format with the `AZDO` signature at
//! characters 77–80, and the older 52-character base32 format next to an Azure DevOps name.

use super::{assignment, plausible};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// Azure DevOps personal access tokens.
pub static AZURE_DEVOPS_PERSONAL_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.azure-devops-personal-access-token",
    title: "Azure DevOps personal access token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Azure DevOps personal access token is committed to the repository. Within its \
        scopes and organizations it acts as its owner: it can read and push code, edit and run \
        pipelines, read variable groups and service connections, and publish to Azure Artifacts \
        feeds.",
    remediation: "Revoke the token (User settings → Personal access tokens → Revoke; \
        organization administrators can revoke any user's tokens), review the audit log, and \
        use workload identity federation or `System.AccessToken` in pipelines.",
    references: &[
        "https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let legacy = assignment(
        "azure[_-]?devops|azdo|ado|vsts|devops",
        "pat|token|password|pwd",
        "[a-z2-7]{52}",
    );
    Ok(vec![
        Detector::new(
            &AZURE_DEVOPS_PERSONAL_ACCESS_TOKEN,
            &["azdo", "azure", "ado", "vsts", "devops"],
            &format!(r"\b([A-Za-z0-9]{{76}}AZDO[A-Za-z0-9]{{4}})\b|{legacy}"),
            1,
        )?
        .alternative_group(2)
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

    const NEW_HEAD: &str =
        "vxlleT9YzO7FWhQ6O51PyiOx5eFBBJ1gvcCLAR4SrzFVaz70zFJlX5DC7ghCx4n4AEASn67opMa2";
    const LEGACY: &str = "mfxd4fhzziozh45hru5di5rjsm6f7vz2kuwhwim7s32utdiyabd3";

    #[test]
    fn finds_new_format_tokens_anywhere() {
        let token = format!("{NEW_HEAD}{}{}", "AZDO", "AigD");
        assert_eq!(
            ids(&format!(
                "git clone https://pat:{token}@dev.azure.com/acme/app/_git/app"
            )),
            ["secrets.azure-devops-personal-access-token"]
        );
    }

    #[test]
    fn finds_legacy_tokens_next_to_azure_devops_names() {
        assert_eq!(
            ids(&format!("{}={LEGACY}", "AZURE_DEVOPS_EXT_PAT")),
            ["secrets.azure-devops-personal-access-token"]
        );
        assert_eq!(
            ids(&format!("{}: {LEGACY}", "ado_token")),
            ["secrets.azure-devops-personal-access-token"]
        );
    }

    #[test]
    fn ignores_unnamed_base32_and_misplaced_signatures() {
        assert!(ids(&format!("checksum={LEGACY} # azure")).is_empty());
        assert!(ids(&format!("{NEW_HEAD}Q{}{}", "AZDO", "AigD")).is_empty());
        assert!(ids(&format!("{NEW_HEAD}{}{}", "azdo", "AigD")).is_empty());
        assert!(ids(&format!("{}={}", "AZURE_DEVOPS_EXT_PAT", &LEGACY[..51])).is_empty());
    }
}
