//! `bulwark policy test`, and loading custom Rego policies for the commands that use them.

use crate::failure::{Failure, exit};
use bulwark_iac::policy::{self, PolicySet, TestOutcome};
use std::path::PathBuf;
use std::sync::Arc;

/// Reads and compiles the policies in `paths` once, for a scan (tests excluded). Any policy
/// that does not load is a usage error naming its file and line.
pub fn load(paths: &[PathBuf], namespaces: &[String]) -> Result<Arc<PolicySet>, Failure> {
    let sources = policy::read_sources(paths).map_err(|e| Failure::usage(e.to_string()))?;
    if sources.iter().all(|s| s.is_test()) {
        return Err(Failure::usage(format!(
            "{}: no Rego policy files (`*.rego`, tests excluded) found",
            joined(paths)
        )));
    }
    PolicySet::compile(&sources, namespaces)
        .map(Arc::new)
        .map_err(|e| Failure::usage(e.to_string()))
}

/// Runs every `test_*` rule and prints one line per test, like `opa test --verbose`.
pub fn test(paths: &[PathBuf]) -> Result<u8, Failure> {
    let sources = policy::read_sources(paths).map_err(|e| Failure::usage(e.to_string()))?;
    let cases = policy::run_tests(&sources).map_err(|e| Failure::usage(e.to_string()))?;
    if cases.is_empty() {
        return Err(Failure::usage(format!(
            "{}: no `test_*` rules found (write them in `*_test.rego` files)",
            joined(paths)
        )));
    }
    let mut out = String::new();
    let mut file = "";
    let (mut passed, mut failed, mut errors) = (0, 0, 0);
    for case in &cases {
        if case.file != file {
            file = &case.file;
            out.push_str(&format!("{file}:\n"));
        }
        let verdict = match &case.outcome {
            TestOutcome::Pass => {
                passed += 1;
                "PASS"
            }
            TestOutcome::Fail => {
                failed += 1;
                "FAIL"
            }
            TestOutcome::Error(_) => {
                errors += 1;
                "ERROR"
            }
        };
        out.push_str(&format!(
            "{}: {verdict} ({:.1}ms)\n",
            case.name,
            case.duration.as_secs_f64() * 1000.0
        ));
        if let TestOutcome::Error(message) = &case.outcome {
            out.push_str(&format!("  {message}\n"));
        }
    }
    let total = cases.len();
    out.push_str(&format!("{}\n", "-".repeat(80)));
    out.push_str(&format!("PASS: {passed}/{total}\n"));
    if failed > 0 {
        out.push_str(&format!("FAIL: {failed}/{total}\n"));
    }
    if errors > 0 {
        out.push_str(&format!("ERROR: {errors}/{total}\n"));
    }
    print!("{out}");
    Ok(if failed + errors > 0 {
        exit::GATE_FAILED
    } else {
        0
    })
}

fn joined(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
