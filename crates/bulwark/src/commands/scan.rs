//! `bulwark scan`: run the pipeline, apply policy, write reports, decide the exit code.

use crate::cli::{ColorChoice, ScanCommand, ScanTarget};
use crate::failure::{Failure, exit};
use crate::progress::Bar;
use crate::settings::Settings;
use crate::{output, registry};
use bulwark_core::policy::{Baseline, GateOutcome, Waivers, evaluate};
use bulwark_core::{Scanner, Severity, Status, Threshold};
use bulwark_deps::db::{Database, DbError};
use bulwark_report::{Report, ScanError, SkippedFile, Summary, Tool};
use bulwark_scan::{HistoryOptions, ScanOptions, ScanResult};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Arc;

/// A finished scan with policy applied.
pub struct PolicyScan {
    pub settings: Settings,
    pub result: ScanResult,
    pub warnings: Vec<String>,
    pub rules: Vec<&'static bulwark_core::Rule>,
}

/// Scans `target` and applies waivers and (when `use_baseline`) the baseline.
pub fn scan_with_policy(
    target: &ScanTarget,
    quiet: bool,
    use_baseline: bool,
) -> Result<PolicyScan, Failure> {
    let mut settings = Settings::resolve(target)?;
    let today = jiff::Zoned::now().date();
    let waivers = Waivers::load(
        &settings.waivers_path,
        today,
        settings.config.waivers.max_days,
    )
    .map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        Failure::usage(format!("invalid waivers:\n  {}", lines.join("\n  ")))
    })?;
    let baseline = if use_baseline {
        Baseline::load(&settings.baseline_path)?
    } else {
        None
    };

    let mut warnings = Vec::new();
    let mut unchecked = None;
    let database = if settings.scanners.contains(&Scanner::Deps) {
        open_database(&settings, &mut warnings, &mut unchecked)?
    } else {
        None
    };
    let policies = if settings.policies.is_empty() || !settings.scanners.contains(&Scanner::Iac) {
        None
    } else {
        Some(crate::commands::policy::load(
            &settings.policies,
            &settings.config.iac.policy_namespaces,
        )?)
    };
    let built = registry::analyzers(registry::AnalyzerOptions {
        secret_rules: settings.secret_rules.as_deref(),
        decode_depth: settings.decode_depth,
        database,
        root: Some(&settings.root),
        max_file_size: settings.max_file_size,
        licenses: settings.licenses.clone(),
        sbom: settings.sbom,
        required_tags: settings.config.iac.required_tags.clone(),
        policies,
        only: Some(settings.scanners.clone()),
    })?;
    let all = built.list;
    let lockfiles = built.lockfiles;
    // Duplicate rule ids are a configuration error before anything is scanned.
    registry::rules(&all).map_err(Failure::usage)?;
    let implemented = registry::IMPLEMENTED;
    warnings.extend(built.warnings);
    if settings.scanners_chosen {
        for scanner in settings
            .scanners
            .iter()
            .filter(|s| !implemented.contains(s))
        {
            warnings.push(format!(
                "scanner `{scanner}` has no analyzers in this build yet; nothing was checked for it"
            ));
        }
    } else {
        // By default run everything this build has; the report lists what ran.
        settings.scanners.retain(|s| implemented.contains(s));
    }
    let analyzers: Vec<_> = all
        .into_iter()
        .filter(|a| settings.scanners.contains(&a.scanner()))
        .collect();

    let options = ScanOptions {
        root: settings.root.clone(),
        excludes: settings.excludes.clone(),
        max_file_size: settings.max_file_size,
        threads: settings.threads,
    };
    let bar = Bar::new(quiet, target.history);
    let scanned = if target.history {
        let options = HistoryOptions {
            repo: settings.root.clone(),
            since: target.since.clone(),
            all_refs: target.all_refs,
            max_file_size: settings.max_file_size,
            threads: settings.threads,
        };
        bulwark_scan::scan_history(&options, &analyzers, &bar)
            .map_err(|e| Failure::usage(e.to_string()))
    } else {
        bulwark_scan::scan(&options, &analyzers, &bar).map_err(|e| Failure::usage(e.to_string()))
    };
    bar.finish();
    let mut result = scanned?;
    if let Some(message) = unchecked
        && lockfiles.load(std::sync::atomic::Ordering::Relaxed) > 0
    {
        warnings.push(message);
    }
    if target.history && !settings.excludes.is_empty() {
        let excluded = history_excludes(&settings.excludes)?;
        result
            .findings
            .retain(|f| !excluded.is_match(&f.location.path));
    }

    for waiver in &waivers.expired {
        warnings.push(format!(
            "{}:{}: waiver `{}` expired on {}; the findings it covered count again",
            waivers.source.display(),
            waiver.line,
            waiver.id,
            waiver.expires
        ));
    }
    for waiver in waivers.apply(&mut result.findings) {
        warnings.push(format!(
            "{}:{}: waiver `{}` matched no finding; remove it if the risk is gone",
            waivers.source.display(),
            waiver.line,
            waiver.id
        ));
    }
    if let Some(baseline) = &baseline {
        baseline.apply(&mut result.findings);
    }
    // Again after the scan: custom policy results may have introduced rules (`{"id": …}`).
    let registry = registry::rules(&analyzers).map_err(Failure::usage)?;
    let mut rules: Vec<_> = result
        .findings
        .iter()
        .filter_map(|f| registry.get(&f.rule_id))
        .collect();
    rules.sort_by_key(|rule| rule.id);
    rules.dedup_by_key(|rule| rule.id);
    Ok(PolicyScan {
        settings,
        result,
        warnings,
        rules,
    })
}

/// Opens the vulnerability database for the deps scanner. A missing or stale database is a
/// warning (inventory findings still come), or exit 3 with `--require-fresh-db`; a damaged one
/// is always exit 3, because a silently empty database would pass every gate. A missing
/// database is put in `unchecked`: it only matters if the scan meets a lockfile.
fn open_database(
    settings: &Settings,
    warnings: &mut Vec<String>,
    unchecked: &mut Option<String>,
) -> Result<Option<Arc<Database>>, Failure> {
    let database = match Database::open(&settings.db_dir) {
        Ok(database) => database,
        // An unreadable default location (another user's cache) is as good as none.
        Err(error @ DbError::Missing(_)) | Err(error @ DbError::Io(_))
            if !settings.db_configured || matches!(error, DbError::Missing(_)) =>
        {
            let message = format!(
                "deps: {error}; dependencies were inventoried but not checked for vulnerabilities"
            );
            if settings.require_fresh_db {
                return Err(Failure::scan(message));
            }
            // Warned about after the scan, and only if it met a lockfile.
            *unchecked = Some(message);
            return Ok(None);
        }
        Err(error) => return Err(Failure::scan(format!("deps: {error}"))),
    };
    let limit = i64::from(settings.max_db_age_days);
    match database.data_as_of() {
        Some(as_of) => {
            let age_days = (jiff::Timestamp::now().as_second() - as_of.as_second()) / 86_400;
            if age_days > limit {
                let message = format!(
                    "deps: the vulnerability data is {age_days} days old (as of {}; the limit is \
                     {limit} days): run `bulwark db update`, or import a newer export",
                    as_of.strftime("%Y-%m-%d")
                );
                if settings.require_fresh_db {
                    return Err(Failure::scan(message));
                }
                warnings.push(message);
            }
        }
        None if settings.require_fresh_db => {
            return Err(Failure::scan(
                "deps: the vulnerability database records no date: run `bulwark db update`",
            ));
        }
        None => {}
    }
    Ok(Some(Arc::new(database)))
}

pub fn run(command: &ScanCommand, quiet: bool) -> Result<u8, Failure> {
    let outputs = output::plan(&command.formats, command.output.as_ref())?;
    let scan = scan_with_policy(&command.target, quiet, !command.no_baseline)?;
    let threshold = scan.settings.threshold(command.fail_on.as_deref())?;
    let gate = evaluate(&scan.result.findings, threshold);
    // Timing goes to the summary line only: the report's bytes must not depend on it.
    let elapsed = scan.result.elapsed;
    let report = build_report(&command.target, scan, gate);

    let color = match command.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    output::write(&outputs, &report, color)?;
    if !quiet {
        for warning in &report.warnings {
            eprintln!("warning: {warning}");
        }
        for error in &report.errors {
            match error.line {
                Some(line) => eprintln!("error: {}:{line}: {}", error.path, error.message),
                None => eprintln!("error: {}: {}", error.path, error.message),
            }
        }
        eprintln!("{}", summary_line(&report, threshold, elapsed));
    }
    Ok(if !report.errors.is_empty() {
        exit::SCAN_ERROR
    } else if !report.summary.gate.passed {
        exit::GATE_FAILED
    } else {
        0
    })
}

fn build_report(target: &ScanTarget, scan: PolicyScan, gate: GateOutcome) -> Report {
    let PolicyScan {
        settings,
        result,
        warnings,
        rules,
    } = scan;
    let mut open_by_severity: BTreeMap<Severity, u64> =
        Severity::ALL_DESC.iter().map(|s| (*s, 0)).collect();
    let mut by_status: BTreeMap<String, u64> = [
        Status::Open,
        Status::Waived,
        Status::Baselined,
        Status::Suppressed,
    ]
    .iter()
    .map(|s| (s.as_str().to_string(), 0))
    .collect();
    for finding in &result.findings {
        if finding.is_open() {
            *open_by_severity.entry(finding.severity).or_default() += 1;
        }
        *by_status
            .entry(finding.status.as_str().to_string())
            .or_default() += 1;
    }
    Report {
        schema_version: bulwark_report::SCHEMA_VERSION,
        tool: Tool {
            name: "bulwark",
            version: env!("CARGO_PKG_VERSION"),
        },
        target: target.path.to_string_lossy().into_owned(),
        scanners: settings.scanners.iter().map(|s| s.to_string()).collect(),
        summary: Summary {
            files_scanned: result.stats.files_scanned,
            bytes_scanned: result.stats.bytes_scanned,
            files_skipped: result.stats.files_skipped,
            binary_files: result.stats.binary_files,
            open_by_severity,
            by_status,
            gate,
        },
        findings: result.findings,
        skipped: result
            .skipped
            .into_iter()
            .map(|s| SkippedFile {
                path: s.path,
                reason: s.reason,
            })
            .collect(),
        errors: result
            .errors
            .into_iter()
            .map(|e| ScanError {
                path: e.path,
                line: e.line,
                message: e.message,
            })
            .collect(),
        warnings,
        rules,
    }
}

fn summary_line(report: &Report, threshold: Threshold, elapsed: std::time::Duration) -> String {
    let summary = &report.summary;
    let counts: Vec<String> = Severity::ALL_DESC
        .iter()
        .map(|s| {
            format!(
                "{} {s}",
                summary.open_by_severity.get(s).copied().unwrap_or(0)
            )
        })
        .collect();
    let not_open: u64 = summary
        .by_status
        .iter()
        .filter(|(status, _)| status.as_str() != "open")
        .map(|(_, n)| n)
        .sum();
    let verdict = if summary.gate.passed {
        "passed"
    } else {
        "FAILED"
    };
    format!(
        "bulwark: {} files ({}) scanned, {} skipped, {} binary · open: {} · {} waived/baselined/suppressed · {} errors · gate {verdict} (fail_on {threshold}) · {:.2}s",
        summary.files_scanned,
        human_bytes(summary.bytes_scanned),
        summary.files_skipped,
        summary.binary_files,
        counts.join(", "),
        not_open,
        report.errors.len(),
        elapsed.as_secs_f64(),
    )
}

fn human_bytes(bytes: u64) -> String {
    indicatif::HumanBytes(bytes).to_string()
}

/// `exclude` globs for history findings, whose paths come from trees rather than the walk:
/// gitignore-style, so a pattern without `/` matches at any depth.
fn history_excludes(globs: &[String]) -> Result<globset::GlobSet, Failure> {
    let mut set = globset::GlobSetBuilder::new();
    for glob in globs {
        let pattern = glob.trim_start_matches('/');
        let pattern = if pattern.contains('/') {
            pattern.to_string()
        } else {
            format!("**/{pattern}")
        };
        let compiled = globset::GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| Failure::usage(format!("invalid exclude glob `{glob}`: {e}")))?;
        set.add(compiled);
        // `dir/` and `dir` also exclude everything below.
        let below = format!("{}/**", pattern.trim_end_matches('/'));
        if let Ok(compiled) = globset::GlobBuilder::new(&below)
            .literal_separator(true)
            .build()
        {
            set.add(compiled);
        }
    }
    set.build()
        .map_err(|e| Failure::usage(format!("invalid exclude globs: {e}")))
}
