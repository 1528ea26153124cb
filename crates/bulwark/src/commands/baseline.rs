//! `bulwark baseline create`: accept today's open findings so the gate fails only on new ones.

use crate::cli::ScanTarget;
use crate::commands::scan::scan_with_policy;
use crate::failure::Failure;
use crate::output::write_file;
use bulwark_core::policy::Baseline;
use std::path::PathBuf;

pub fn create(target: &ScanTarget, output: Option<&PathBuf>, quiet: bool) -> Result<u8, Failure> {
    // The old baseline is not applied: the new one is built from everything still open after
    // waivers and inline suppressions, which have their own records.
    let scan = scan_with_policy(target, quiet, false)?;
    let path = output
        .cloned()
        .unwrap_or_else(|| scan.settings.baseline_path.clone());
    let baseline = Baseline::from_findings(&scan.result.findings);
    write_file(&path, baseline.to_json().as_bytes(), "baseline")?;
    if !quiet {
        for warning in &scan.warnings {
            eprintln!("warning: {warning}");
        }
        eprintln!(
            "bulwark: baseline of {} finding(s) written to {}",
            baseline.len(),
            path.display()
        );
    }
    if scan.result.errors.is_empty() {
        Ok(0)
    } else {
        for error in &scan.result.errors {
            eprintln!("error: {}: {}", error.path, error.message);
        }
        Ok(crate::failure::exit::SCAN_ERROR)
    }
}
