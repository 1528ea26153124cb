//! NuGet.org API keys (`oy2` and 43 lowercase base-36 characters).

use super::plausible;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// NuGet.org API keys (`oy2…`, 46 characters).
pub static NUGET_API_KEY: Rule = Rule {
    id: "secrets.nuget-api-key",
    title: "NuGet API key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A NuGet.org API key is committed to the repository. Within its scopes and glob \
        pattern it can push new versions of the owner's packages or unlist existing ones, so an \
        attacker can deliver malicious code to every project that restores them.",
    remediation: "Delete or regenerate the key (nuget.org → API Keys), review the packages' recent \
        versions, and push from CI with trusted publishing or a narrowly scoped, short-lived key \
        from the CI secret store.",
    references: &["https://learn.microsoft.com/en-us/nuget/nuget-org/scoped-api-keys"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(&NUGET_API_KEY, &["oy2"], r"\b(oy2[a-z0-9]{43})\b", 1)?
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

    #[test]
    fn finds_api_keys() {
        let key = concat!("oy2", "251ntoh7de77w9w9vreu4srg38v02zdaqwbqyhz3alf");
        assert_eq!(
            ids(&format!("dotnet nuget push *.nupkg --api-key {key}")),
            ["secrets.nuget-api-key"]
        );
    }

    #[test]
    fn ignores_wrong_length_mixed_case_and_embedded_keys() {
        assert!(ids(concat!("oy2", "251ntoh7de77w9w9vreu4srg38v02zdaqwbqyhz3al")).is_empty());
        assert!(
            ids(concat!(
                "oy2",
                "251ntoh7de77w9w9vreu4srg38v02zdaqwbqyhz3alfq"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "oy2",
                "251nToh7de77w9w9vreu4srg38v02zdaqwbqyhz3alf"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "xoy2",
                "251ntoh7de77w9w9vreu4srg38v02zdaqwbqyhz3alf"
            ))
            .is_empty()
        );
    }
}
