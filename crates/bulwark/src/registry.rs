//! The one place analyzers are registered. Adding a scanner means adding it here.

use crate::companions::FsCompanions;
use crate::failure::Failure;
use bulwark_core::policy::inline::UNJUSTIFIED_SUPPRESSION;
use bulwark_core::{Analyzer, RuleRegistry, Scanner};
use bulwark_deps::db::Database;
use bulwark_deps::{DepsAnalyzer, LicenseAnalyzer, LicensePolicy};
use bulwark_iac::IacAnalyzer;
use bulwark_iac::policy::PolicySet;
use bulwark_secrets::SecretsAnalyzer;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// What shapes the analyzers of one scan (from flags and `bulwark.toml`).
#[derive(Debug, Clone)]
pub struct AnalyzerOptions<'a> {
    /// Custom secret rules in the gitleaks format.
    pub secret_rules: Option<&'a Path>,
    pub decode_depth: u8,
    /// Advisories for the deps scanner; `None` checks inventory only.
    pub database: Option<Arc<Database>>,
    /// Scan root, for files a lockfile refers to (`-r base.txt`, `go.sum`, `package.json`).
    pub root: Option<&'a Path>,
    pub max_file_size: u64,
    pub licenses: LicensePolicy,
    /// The scan reads an SBOM instead of lockfiles.
    pub sbom: bool,
    /// Tags every taggable cloud resource must carry (`[iac] required_tags`).
    pub required_tags: Vec<String>,
    /// Custom Rego policies for IaC files, compiled once (`--policy`, `[iac] policies`).
    pub policies: Option<Arc<PolicySet>>,
    /// Build only these scanners' analyzers (`None`: all). Compiling the secret detectors costs
    /// tens of milliseconds that a `--scanners deps` run should not pay.
    pub only: Option<Vec<Scanner>>,
}

impl Default for AnalyzerOptions<'_> {
    fn default() -> Self {
        AnalyzerOptions {
            secret_rules: None,
            decode_depth: bulwark_secrets::DEFAULT_DECODE_DEPTH,
            database: None,
            root: None,
            max_file_size: bulwark_core::config::DEFAULT_MAX_FILE_SIZE,
            licenses: LicensePolicy::default(),
            sbom: false,
            required_tags: Vec::new(),
            policies: None,
            only: None,
        }
    }
}

/// The analyzers of a scan, and what loading them had to say (e.g. skipped custom rules).
pub struct Analyzers {
    pub list: Vec<Box<dyn Analyzer>>,
    pub warnings: Vec<String>,
    /// How many lockfiles the deps analyzer was offered (read after the scan).
    pub lockfiles: Arc<AtomicUsize>,
}

/// Every analyzer in this build, configured.
pub fn analyzers(options: AnalyzerOptions<'_>) -> Result<Analyzers, Failure> {
    let wanted = |scanner: Scanner| options.only.as_ref().is_none_or(|o| o.contains(&scanner));
    let mut warnings = Vec::new();
    let mut list: Vec<Box<dyn Analyzer>> = Vec::new();
    if wanted(Scanner::Secrets) {
        let mut secrets = SecretsAnalyzer::builtin()
            .map_err(Failure::usage)?
            .with_decode_depth(options.decode_depth);
        if let Some(path) = options.secret_rules {
            let custom = bulwark_secrets::gitleaks::load(path).map_err(|errors| {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                Failure::usage(format!("invalid secret rules:\n  {}", lines.join("\n  ")))
            })?;
            warnings.extend(custom.warnings);
            secrets = secrets
                .with_detectors(custom.detectors)
                .map_err(Failure::usage)?
                .with_allowlists(custom.allowlists);
        }
        list.push(Box::new(secrets));
    }
    let companions = Arc::new(FsCompanions::new(options.root, options.max_file_size));
    let mut deps = DepsAnalyzer::new(options.database.clone(), companions.clone());
    let mut licenses = LicenseAnalyzer::new(options.licenses.clone(), companions.clone());
    if options.sbom {
        deps = deps.with_reader(bulwark_sbom::read);
        licenses = licenses.with_reader(bulwark_sbom::read);
    }
    let lockfiles = deps.parsed_counter();
    if wanted(Scanner::Deps) {
        list.push(Box::new(deps));
    }
    if wanted(Scanner::License) {
        list.push(Box::new(licenses));
    }
    if wanted(Scanner::Iac) {
        let mut iac =
            IacAnalyzer::new(options.required_tags.clone()).with_workspace(companions.clone());
        if let Some(policies) = &options.policies {
            iac = iac.with_policies(policies.clone());
        }
        list.push(Box::new(iac));
    }
    Ok(Analyzers {
        list,
        warnings,
        lockfiles,
    })
}

/// Every rule of `analyzers`, including the policy rules that are always on.
pub fn rules(analyzers: &[Box<dyn Analyzer>]) -> Result<RuleRegistry, String> {
    let mut registry = RuleRegistry::default();
    registry.register([&UNJUSTIFIED_SUPPRESSION])?;
    for analyzer in analyzers {
        registry.register(analyzer.rules())?;
    }
    Ok(registry)
}

/// Scanners that have at least one analyzer in this build.
pub const IMPLEMENTED: [Scanner; 4] = [
    Scanner::Secrets,
    Scanner::Deps,
    Scanner::Iac,
    Scanner::License,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implemented_lists_exactly_the_built_scanners() {
        let built = analyzers(AnalyzerOptions::default()).unwrap_or_else(|f| panic!("{f}"));
        let mut scanners: Vec<Scanner> = built.list.iter().map(|a| a.scanner()).collect();
        scanners.sort();
        scanners.dedup();
        assert_eq!(scanners, IMPLEMENTED);
        let only = AnalyzerOptions {
            only: Some(vec![Scanner::Deps]),
            ..AnalyzerOptions::default()
        };
        let built = analyzers(only).unwrap_or_else(|f| panic!("{f}"));
        assert_eq!(built.list.len(), 1);
        assert_eq!(built.list[0].scanner(), Scanner::Deps);
    }

    #[test]
    fn every_rule_is_documented_and_mapped() {
        let analyzers = analyzers(AnalyzerOptions::default()).unwrap_or_else(|f| panic!("{f}"));
        let registry = rules(&analyzers.list).expect("no duplicate rule ids");
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
            // Policy and license rules are about process and law, not software weaknesses.
            if !matches!(rule.scanner, Scanner::Policy | Scanner::License) {
                assert!(!rule.cwe.is_empty(), "{}: no CWE", rule.id);
            }
        }
    }
}
