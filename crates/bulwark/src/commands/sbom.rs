//! `bulwark sbom`: the inventory of every lockfile under a directory as CycloneDX 1.6 or SPDX 2.3,
//! with the vulnerabilities the database knows (and their triage) as CycloneDX VEX.

use crate::cli::{SbomCommand, SbomFormat, ScanTarget};
use crate::commands::scan::scan_with_policy;
use crate::failure::Failure;
use crate::output;
use crate::progress::Bar;
use bulwark_core::{Analyzer, Finding, Outcome, Rule, Scanner, SourceFile, Status};
use bulwark_deps::lockfiles::{self, Format};
use bulwark_deps::{Inventory, rules::VULNERABLE_PACKAGE};
use bulwark_sbom::{Analysis, SbomInput, Vulnerability};
use bulwark_scan::ScanOptions;
use std::sync::{Arc, Mutex};

pub fn run(command: &SbomCommand, quiet: bool) -> Result<u8, Failure> {
    let target = ScanTarget {
        path: command.path.clone(),
        scanners: vec!["deps".into()],
        excludes: command.excludes.clone(),
        max_file_size: None,
        config: command.config.clone(),
        threads: None,
        config_secrets: None,
        history: false,
        since: None,
        all_refs: false,
        db: command.db.clone(),
        require_fresh_db: false,
        sbom: None,
        policies: Vec::new(),
    };
    // The policy scan gives each vulnerability its status (open, waived, …) for the VEX.
    let scan = scan_with_policy(&target, true, true)?;
    if !quiet {
        for warning in &scan.warnings {
            eprintln!("warning: {warning}");
        }
        for error in &scan.result.errors {
            eprintln!("error: {}: {}", error.path, error.message);
        }
    }
    let inventories = collect_inventories(&scan.settings)?;
    let vulnerabilities: Vec<Vulnerability> = scan
        .result
        .findings
        .iter()
        .filter(|f| f.rule_id == VULNERABLE_PACKAGE.id)
        .flat_map(vulnerabilities_of)
        .collect();
    let subject = std::fs::canonicalize(&command.path)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".to_string());
    let input = SbomInput {
        subject: &subject,
        tool_version: env!("CARGO_PKG_VERSION"),
        timestamp: timestamp()?,
        inventories: &inventories,
        vulnerabilities: &vulnerabilities,
    };
    let document = match command.format {
        SbomFormat::Cyclonedx => bulwark_sbom::cyclonedx(&input),
        SbomFormat::Spdx => bulwark_sbom::spdx(&input),
    };
    let mut text = serde_json::to_string_pretty(&document)
        .map_err(|e| Failure::scan(format!("cannot serialise the SBOM: {e}")))?;
    text.push('\n');
    match &command.output {
        Some(path) => output::write_file(path, text.as_bytes(), "SBOM")?,
        None => print!("{text}"),
    }
    if !quiet {
        let components: usize = inventories.iter().map(|i| i.packages.len()).sum();
        eprintln!(
            "bulwark: {} lockfiles, {components} package entries, {} vulnerabilities",
            inventories.len(),
            vulnerabilities.len()
        );
    }
    Ok(if scan.result.errors.is_empty() { 0 } else { 3 })
}

/// `SOURCE_DATE_EPOCH` (reproducible builds) when set, else now.
fn timestamp() -> Result<jiff::Timestamp, Failure> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .ok_or_else(|| Failure::usage(format!("SOURCE_DATE_EPOCH: not a Unix time: {text}"))),
        Err(_) => Ok(jiff::Timestamp::now()),
    }
}

/// One VEX entry per advisory listed in a `deps.vulnerable-package` finding.
fn vulnerabilities_of(finding: &Finding) -> Vec<Vulnerability> {
    let property = |key: &str| {
        finding
            .properties
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let analysis = match (&finding.status, &finding.suppression) {
        (Status::Waived, Some(s)) => Analysis::RiskAccepted {
            detail: format!(
                "Risk accepted by waiver {}{}: {}{}",
                s.waiver_id.as_deref().unwrap_or("?"),
                s.approved_by
                    .as_deref()
                    .map(|a| format!(", approved by {a}"))
                    .unwrap_or_default(),
                s.justification,
                s.expires
                    .as_deref()
                    .map(|e| format!(" (expires {e})"))
                    .unwrap_or_default()
            ),
        },
        (Status::Suppressed, Some(s)) => Analysis::FalsePositive {
            detail: s.justification.clone(),
        },
        _ => Analysis::InTriage,
    };
    let Some(advisories) = finding
        .properties
        .get("advisories")
        .and_then(|a| a.as_array())
    else {
        return Vec::new();
    };
    advisories
        .iter()
        .map(|advisory| {
            let text = |key: &str| {
                advisory
                    .get(key)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            Vulnerability {
                id: text("id"),
                aliases: advisory
                    .get("aliases")
                    .and_then(|a| a.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                purl: property("purl").unwrap_or_default(),
                summary: text("summary"),
                severity: advisory
                    .get("severity")
                    .and_then(|s| serde_json::from_value(s.clone()).ok())
                    .unwrap_or(finding.severity),
                score: advisory.get("score").and_then(|s| s.as_f64()),
                vector: advisory
                    .get("vector")
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                fixed_in: property("fixed_in"),
                references: vec![text("url")],
                analysis: analysis.clone(),
            }
        })
        .collect()
}

/// Parses every lockfile the scan settings select, through the same walk as a scan.
fn collect_inventories(settings: &crate::settings::Settings) -> Result<Vec<Inventory>, Failure> {
    let inventories = Arc::new(Mutex::new(Vec::new()));
    let collector = Collector {
        companions: crate::companions::FsCompanions::new(
            Some(&settings.root),
            settings.max_file_size,
        ),
        inventories: inventories.clone(),
    };
    let options = ScanOptions {
        root: settings.root.clone(),
        excludes: settings.excludes.clone(),
        max_file_size: settings.max_file_size,
        threads: settings.threads,
    };
    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(collector)];
    bulwark_scan::scan(&options, &analyzers, &Bar::new(true, false))
        .map_err(|e| Failure::usage(e.to_string()))?;
    drop(analyzers);
    let mut inventories = std::mem::take(
        &mut *inventories
            .lock()
            .map_err(|_| Failure::scan("inventory collection failed"))?,
    );
    inventories.sort_by(|a, b| {
        let path = |i: &Inventory| i.packages.first().map(|p| p.path.clone());
        path(a).cmp(&path(b))
    });
    Ok(inventories)
}

/// An analyzer that reports nothing and keeps each lockfile's inventory.
struct Collector {
    companions: crate::companions::FsCompanions,
    inventories: Arc<Mutex<Vec<Inventory>>>,
}

impl Analyzer for Collector {
    fn name(&self) -> &'static str {
        "sbom"
    }

    fn scanner(&self) -> Scanner {
        Scanner::Deps
    }

    fn rules(&self) -> Vec<&'static Rule> {
        Vec::new()
    }

    fn wants_path(&self, path: &str) -> bool {
        Format::detect(path).is_some()
    }

    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        let Some(format) = Format::detect(file.path) else {
            return Outcome::default();
        };
        if let Ok(inventory) = lockfiles::parse(format, file, &self.companions)
            && !inventory.packages.is_empty()
            && let Ok(mut all) = self.inventories.lock()
        {
            all.push(inventory);
        }
        Outcome::default()
    }
}
