//! The one place analyzers are registered. Adding a scanner means adding it here.

use bulwark_core::policy::inline::UNJUSTIFIED_SUPPRESSION;
use bulwark_core::{Analyzer, RuleRegistry, Scanner};
use bulwark_secrets::SecretsAnalyzer;

/// Every analyzer in this build.
pub fn analyzers() -> Result<Vec<Box<dyn Analyzer>>, String> {
    Ok(vec![Box::new(SecretsAnalyzer::builtin()?)])
}

/// Every rule in this build, including the policy rules that are always on.
pub fn rules(analyzers: &[Box<dyn Analyzer>]) -> Result<RuleRegistry, String> {
    let mut registry = RuleRegistry::default();
    registry.register([&UNJUSTIFIED_SUPPRESSION])?;
    for analyzer in analyzers {
        registry.register(analyzer.rules())?;
    }
    Ok(registry)
}

/// Scanners that have at least one analyzer in this build.
pub fn implemented(analyzers: &[Box<dyn Analyzer>]) -> Vec<Scanner> {
    let mut scanners: Vec<Scanner> = analyzers.iter().map(|a| a.scanner()).collect();
    scanners.sort();
    scanners.dedup();
    scanners
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_and_mapped() {
        let analyzers = analyzers().expect("analyzers build");
        let registry = rules(&analyzers).expect("no duplicate rule ids");
        assert!(!registry.is_empty());
        for rule in registry.iter() {
            let scanner = rule.scanner.as_str();
            assert!(
                rule.id.starts_with(&format!("{scanner}.")),
                "{}: id must start with its scanner",
                rule.id
            );
            assert!(
                rule.id.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'.'
                    || b == b'-'),
                "{}: ids are lowercase kebab-case",
                rule.id
            );
            assert!(!rule.title.is_empty(), "{}: title", rule.id);
            assert!(
                rule.description.len() > 40,
                "{}: description too short",
                rule.id
            );
            assert!(
                rule.remediation.len() > 20,
                "{}: remediation too short",
                rule.id
            );
            assert!(
                !rule.controls.is_empty(),
                "{}: maps to no compliance control",
                rule.id
            );
            if rule.scanner != Scanner::Policy {
                assert!(!rule.cwe.is_empty(), "{}: no CWE", rule.id);
            }
        }
    }
}
