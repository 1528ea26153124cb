//! The dependency analyzer: lockfile bytes in, findings out.

use crate::db::{AdvisoryKind, Database};
use crate::lockfiles::{self, Companions, Format};
use crate::matcher::{self, MergedAdvisory, Verdict};
use crate::rules::{
    UNMAINTAINED_PACKAGE, UNMATCHABLE_VERSION, UNPINNED_DEPENDENCY, UNSOUND_PACKAGE,
    VULNERABLE_PACKAGE,
};
use crate::{Inventory, Package, Unpinned};
use bulwark_core::{Analyzer, Finding, Location, Outcome, Problem, Rule, Scanner, SourceFile};
use serde_json::json;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Lockfiles and SBOMs up to this size are read whatever `max_file_size` says: a skipped lockfile
/// is a blind spot in the inventory.
pub const MAX_LOCKFILE_SIZE: u64 = 256 * 1024 * 1024;

/// Reads something other than a lockfile into an inventory (an SBOM for `scan --sbom`).
pub type InventoryReader = fn(&str, &[u8]) -> Result<Inventory, Problem>;

/// Finds vulnerable, unmaintained and unpinned dependencies in lockfiles and manifests.
pub struct DepsAnalyzer {
    database: Option<Arc<Database>>,
    companions: Arc<dyn Companions + Send + Sync>,
    reader: Option<InventoryReader>,
    parsed: Arc<AtomicUsize>,
}

impl DepsAnalyzer {
    /// Without a database only inventory findings (unpinned, unmatchable) are possible; the
    /// caller warns that vulnerabilities were not checked.
    pub fn new(
        database: Option<Arc<Database>>,
        companions: Arc<dyn Companions + Send + Sync>,
    ) -> Self {
        DepsAnalyzer {
            database,
            companions,
            reader: None,
            parsed: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Counts the lockfiles and SBOMs this analyzer is offered, so that the caller warns about
    /// a missing database only when there was something to check.
    pub fn parsed_counter(&self) -> Arc<AtomicUsize> {
        self.parsed.clone()
    }

    /// Reads every file offered with `reader` instead of the lockfile parsers.
    pub fn with_reader(mut self, reader: InventoryReader) -> Self {
        self.reader = Some(reader);
        self
    }

    fn inventory(&self, file: &SourceFile<'_>) -> Option<Result<Inventory, Problem>> {
        self.parsed.fetch_add(1, Ordering::Relaxed);
        if let Some(reader) = self.reader {
            return Some(reader(file.path, file.bytes));
        }
        let format = Format::detect(file.path)?;
        Some(lockfiles::parse(format, file, self.companions.as_ref()))
    }
}

impl Analyzer for DepsAnalyzer {
    fn name(&self) -> &'static str {
        "deps"
    }

    fn scanner(&self) -> Scanner {
        Scanner::Deps
    }

    fn rules(&self) -> Vec<&'static Rule> {
        crate::rules::deps_rules()
    }

    fn wants_path(&self, path: &str) -> bool {
        self.reader.is_some() || Format::detect(path).is_some()
    }

    fn max_file_size(&self, path: &str) -> Option<u64> {
        self.wants_path(path).then_some(MAX_LOCKFILE_SIZE)
    }

    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        let mut outcome = Outcome::default();
        let inventory = match self.inventory(file) {
            None => return outcome,
            Some(Err(problem)) => {
                outcome.problems.push(problem);
                return outcome;
            }
            Some(Ok(inventory)) => inventory,
        };
        outcome.problems = inventory.problems;
        outcome
            .findings
            .extend(inventory.unpinned.iter().map(unpinned_finding));
        let Some(database) = &self.database else {
            return outcome;
        };
        let mut seen = HashSet::new();
        let mut matcher = matcher::Matcher::new(database);
        for package in &inventory.packages {
            if !seen.insert((package.ecosystem, &package.name, &package.version)) {
                continue;
            }
            match matcher.check(package) {
                Ok(Verdict::Clean) => {}
                Ok(Verdict::Unmatchable(reason)) => {
                    outcome.findings.push(unmatchable_finding(package, &reason));
                }
                Ok(Verdict::Affected { advisories, fix }) => {
                    outcome.findings.extend(advisory_findings(
                        package,
                        &advisories,
                        fix.as_deref(),
                    ));
                }
                Err(error) => {
                    outcome.problems.push(Problem {
                        line: None,
                        message: error.to_string(),
                    });
                    return outcome;
                }
            }
        }
        outcome
    }
}

fn location(path: &str, line: u32) -> Location {
    Location::line(path, line.max(1))
}

/// One finding per rule: real vulnerabilities together, informational advisories by kind.
fn advisory_findings(
    package: &Package,
    advisories: &[MergedAdvisory],
    fix: Option<&str>,
) -> Vec<Finding> {
    let groups: [(&'static Rule, &[AdvisoryKind]); 3] = [
        (&VULNERABLE_PACKAGE, &[AdvisoryKind::Vulnerability]),
        (
            &UNSOUND_PACKAGE,
            &[AdvisoryKind::Unsound, AdvisoryKind::Notice],
        ),
        (&UNMAINTAINED_PACKAGE, &[AdvisoryKind::Unmaintained]),
    ];
    groups
        .into_iter()
        .filter_map(|(rule, kinds)| {
            let selected: Vec<&MergedAdvisory> = advisories
                .iter()
                .filter(|a| kinds.contains(&a.kind))
                .collect();
            (!selected.is_empty()).then(|| package_finding(rule, package, &selected, fix))
        })
        .collect()
}

fn package_finding(
    rule: &'static Rule,
    package: &Package,
    advisories: &[&MergedAdvisory],
    fix: Option<&str>,
) -> Finding {
    let severity = advisories
        .iter()
        .map(|a| a.severity())
        .max()
        .unwrap_or(rule.severity);
    let listed: Vec<String> = advisories
        .iter()
        .map(|a| {
            let mut text = a.id.clone();
            if !a.aliases.is_empty() {
                text.push_str(&format!(" ({})", a.aliases.join(", ")));
            }
            if let Some(score) = a.assessment.as_ref().and_then(|s| s.score) {
                text.push_str(&format!(" CVSS {score:.1}"));
            }
            text
        })
        .collect();
    let what = if advisories.len() == 1 {
        "an advisory".to_string()
    } else {
        format!("{} advisories", advisories.len())
    };
    // The message stays readable; the `advisories` property has every one.
    const LISTED: usize = 8;
    let mut shown = listed[..listed.len().min(LISTED)].join("; ");
    if listed.len() > LISTED {
        shown.push_str(&format!("; and {} more", listed.len() - LISTED));
    }
    let mut message = format!(
        "{} ({}) is affected by {what}: {shown}",
        package.label(),
        package.ecosystem,
    );
    if let [only] = advisories
        && !only.summary.is_empty()
    {
        message.push_str(&format!(" — {}", only.summary));
    }
    let remediation = match fix {
        Some(version) => format!(
            "Upgrade {} to {version} or later: the smallest version that closes every advisory \
             listed here.",
            package.name
        ),
        None => format!(
            "No published version of {} closes every advisory listed here: replace the package \
             or record a waiver with compensating controls.",
            package.name
        ),
    };
    let mut ids: Vec<&str> = advisories.iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    let mut finding = Finding::new(rule, location(&package.path, package.line), message)
        .with_identity(format!(
            "{}|{}|{}|{}",
            package.ecosystem,
            package.name,
            package.version,
            ids.join(",")
        ))
        .with_property("ecosystem", package.ecosystem.osv_name())
        .with_property("package", package.name.as_str())
        .with_property("version", package.version.as_str())
        .with_property("purl", package.purl())
        .with_property("relationship", json!(package.relationship))
        .with_property("scope", json!(package.scope))
        .with_property(
            "advisories",
            advisories
                .iter()
                .map(|a| {
                    json!({
                        "id": a.id,
                        "aliases": a.aliases,
                        "summary": a.summary,
                        "url": a.url,
                        "severity": a.severity(),
                        "score": a.assessment.as_ref().and_then(|s| s.score),
                        "vector": a.assessment.as_ref().and_then(|s| s.vector.clone()),
                    })
                })
                .collect::<Vec<_>>(),
        );
    if let Some(version) = fix {
        finding = finding.with_property("fixed_in", version);
    }
    finding.severity = severity;
    finding.remediation = remediation;
    finding
}

fn unpinned_finding(unpinned: &Unpinned) -> Finding {
    let requirement = if unpinned.requirement.is_empty() {
        "no version".to_string()
    } else {
        format!("`{}`", unpinned.requirement)
    };
    Finding::new(
        &UNPINNED_DEPENDENCY,
        location(&unpinned.path, unpinned.line),
        format!(
            "{} ({}) is declared with {requirement}, not an exact version: it cannot be checked \
             for vulnerabilities",
            unpinned.name, unpinned.ecosystem
        ),
    )
    .with_identity(format!("{}|{}", unpinned.ecosystem, unpinned.name))
    .with_property("ecosystem", unpinned.ecosystem.osv_name())
    .with_property("package", unpinned.name.as_str())
    .with_property("requirement", unpinned.requirement.as_str())
}

fn unmatchable_finding(package: &Package, reason: &str) -> Finding {
    Finding::new(
        &UNMATCHABLE_VERSION,
        location(&package.path, package.line),
        format!(
            "{} ({}): the version cannot be compared with advisories: {reason}",
            package.label(),
            package.ecosystem
        ),
    )
    .with_identity(format!(
        "{}|{}|{}",
        package.ecosystem, package.name, package.version
    ))
    .with_property("ecosystem", package.ecosystem.osv_name())
    .with_property("package", package.name.as_str())
    .with_property("version", package.version.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfiles::NoCompanions;
    use std::path::Path;

    /// The analyzer over the fixture advisories (real OSV records).
    fn analyzer() -> (tempfile::TempDir, DepsAnalyzer) {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/osv");
        crate::db::import(dir.path(), &[fixtures]).expect("import");
        let db = Database::open(dir.path()).expect("open");
        let analyzer = DepsAnalyzer::new(Some(Arc::new(db)), Arc::new(NoCompanions));
        (dir, analyzer)
    }

    fn rules_found(analyzer: &DepsAnalyzer, path: &str, text: &str) -> Vec<String> {
        let outcome = analyzer.analyze(&SourceFile {
            path,
            bytes: text.as_bytes(),
        });
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        outcome.findings.into_iter().map(|f| f.rule_id).collect()
    }

    fn cargo_lock(name: &str, version: &str) -> String {
        format!(
            "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"{name}\"]\n\n[[package]]\nname = \"{name}\"\nversion = \"{version}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
        )
    }

    #[test]
    fn each_rule_fires_on_its_case_and_not_on_the_fixed_one() {
        let (_dir, analyzer) = analyzer();
        let cases: [(&str, String, &[&str], &str); 8] = [
            (
                "Cargo.lock",
                cargo_lock("time", "0.1.45"),
                &["deps.vulnerable-package"],
                "vulnerable",
            ),
            ("Cargo.lock", cargo_lock("time", "0.2.23"), &[], "fixed"),
            (
                "Cargo.lock",
                cargo_lock("rust-crypto", "0.2.36"),
                &["deps.unmaintained-package"],
                "unmaintained",
            ),
            (
                "Cargo.lock",
                cargo_lock("smallvec", "0.6.10"),
                &["deps.unsound-package"],
                "unsound",
            ),
            ("Cargo.lock", cargo_lock("smallvec", "1.13.2"), &[], "sound"),
            (
                "requirements.txt",
                "requests>=2.0\n".into(),
                &["deps.unpinned-dependency"],
                "unpinned",
            ),
            (
                "requirements.txt",
                "requests==2.31.0\n".into(),
                &[],
                "pinned and fixed",
            ),
            (
                "Cargo.lock",
                cargo_lock("time", "banana"),
                &["deps.unmatchable-version"],
                "unparsable version",
            ),
        ];
        for (path, text, expected, case) in cases {
            assert_eq!(rules_found(&analyzer, path, &text), expected, "{case}");
        }
    }

    #[test]
    fn without_a_database_only_inventory_findings_come() {
        let analyzer = DepsAnalyzer::new(None, Arc::new(NoCompanions));
        assert_eq!(
            rules_found(&analyzer, "Cargo.lock", &cargo_lock("time", "0.1.45")),
            Vec::<String>::new()
        );
        assert_eq!(
            rules_found(&analyzer, "requirements.txt", "flask\n"),
            ["deps.unpinned-dependency"]
        );
    }

    #[test]
    fn lockfiles_get_a_larger_size_limit_and_other_files_none() {
        let analyzer = DepsAnalyzer::new(None, Arc::new(NoCompanions));
        assert_eq!(
            analyzer.max_file_size("web/package-lock.json"),
            Some(MAX_LOCKFILE_SIZE)
        );
        assert_eq!(analyzer.max_file_size("src/main.rs"), None);
    }
}
