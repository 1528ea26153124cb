//! Every IaC front end and every built-in rule: no input may panic, and every finding and
//! problem points at a line of the file.

#![no_main]

use bulwark_core::{Analyzer, SourceFile};
use bulwark_iac::IacAnalyzer;
use libfuzzer_sys::fuzz_target;

/// A path per front end; YAML formats are told apart by content, so several share a path.
const PATHS: [&str; 8] = [
    "main.tf",
    "plan.json",
    "k8s/app.yaml",
    "Dockerfile",
    "cfn/template.yaml",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "docker-compose.yml",
];

fuzz_target!(|data: &[u8]| {
    // The first byte picks the path, the rest is the file.
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(selector) % PATHS.len()];
    let analyzer = IacAnalyzer::new(vec!["owner".to_string()]);
    let outcome = analyzer.analyze(&SourceFile { path, bytes });
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    for finding in &outcome.findings {
        let location = &finding.location;
        assert!(
            location.start_line <= location.end_line && location.end_line <= lines,
            "{}: lines {}-{} of {lines}",
            finding.rule_id,
            location.start_line,
            location.end_line
        );
    }
    for problem in &outcome.problems {
        if let Some(line) = problem.line {
            assert!(line <= lines + 1, "problem line {line} > {lines}: {}", problem.message);
        }
    }
});
