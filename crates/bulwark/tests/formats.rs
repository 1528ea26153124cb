//! Every report format from the real binary, validated where a schema exists.

mod common;

use common::{
    Repo, assert_valid, aws_key, bulwark, date_from_today, github_token, shared_schema,
    workspace_root,
};

/// A repository with an open, a waived and an inline-suppressed finding.
fn mixed_repo() -> Repo {
    let repo = Repo::new();
    repo.write("src/settings.py", format!("KEY = \"{}\"\n", aws_key()))
        .write("fixtures/token.txt", format!("{}\n", github_token()))
        .write(
            "docs/sample.md",
            format!("<!-- bulwark:ignore secrets.aws-access-key-id -- tutorial sample -->\n{}\n", aws_key()),
        )
        .write(
            ".bulwark/waivers.toml",
            format!(
                "[[waiver]]\nid = \"W-7\"\nrule = \"secrets.github-token\"\npath = \"fixtures/**\"\nreason = \"revoked token kept as a parser fixture\"\nticket = \"SEC-7\"\nrequested_by = \"alice\"\napproved_by = \"bob\"\nexpires = {}\n",
                date_from_today(20)
            ),
        );
    repo
}

fn run(repo: &Repo, format: &str) -> String {
    let output = repo.scan(&["-f", format]).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn json_report_matches_its_schema() {
    let repo = mixed_repo();
    let report: serde_json::Value = serde_json::from_str(&run(&repo, "json")).expect("json");
    assert_eq!(report["schema_version"], "1");
    assert_eq!(report["summary"]["gate"]["passed"], false);
    assert_eq!(report["summary"]["by_status"]["waived"], 1);
    assert_eq!(report["summary"]["by_status"]["suppressed"], 1);
    assert_valid(&workspace_root().join("docs/report.schema.json"), &report);
}

#[test]
fn sarif_report_is_valid_sarif_2_1_0_with_suppressions() {
    let repo = mixed_repo();
    let sarif: serde_json::Value = serde_json::from_str(&run(&repo, "sarif")).expect("json");
    assert_valid(&shared_schema("sarif-schema-2.1.0.json"), &sarif);
    let run = &sarif["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(rules, ["secrets.aws-access-key-id", "secrets.github-token"]);
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 3, "suppressed findings are kept");
    let suppressed = results
        .iter()
        .filter(|r| r["suppressions"].as_array().is_some_and(|s| !s.is_empty()))
        .count();
    assert_eq!(suppressed, 2);
    for result in results {
        assert!(result["partialFingerprints"]["bulwark/v1"].is_string());
    }
}

#[test]
fn junit_has_one_case_per_rule_and_file() {
    let repo = mixed_repo();
    let xml = run(&repo, "junit");
    assert!(xml.starts_with("<?xml"));
    assert_eq!(xml.matches("<testcase ").count(), 3);
    assert_eq!(xml.matches("<failure ").count(), 1);
    assert_eq!(xml.matches("<skipped ").count(), 2);
}

#[test]
fn markdown_summarises_for_a_pull_request() {
    let repo = mixed_repo();
    let markdown = run(&repo, "markdown");
    assert!(markdown.contains("secrets.aws-access-key-id"));
    assert!(markdown.contains('|'));
    assert!(markdown.len() < 65_536);
}

#[test]
fn several_formats_to_their_own_files() {
    let repo = mixed_repo();
    let out = tempfile::tempdir().expect("tempdir");
    let json = out.path().join("r/report.json");
    let sarif = out.path().join("r/report.sarif");
    let table = repo
        .scan(&[
            "-f",
            "table",
            "-f",
            &format!("json={}", json.display()),
            "--format",
            &format!("sarif={}", sarif.display()),
        ])
        .output()
        .expect("runs");
    assert_eq!(table.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&table.stdout).contains("settings.py"));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json written")).expect("json");
    assert_eq!(report["schema_version"], "1");
    assert!(
        std::fs::read_to_string(&sarif)
            .expect("sarif written")
            .contains("2.1.0")
    );
    // -o applies to the format given without a file.
    let single = out.path().join("single.json");
    repo.scan(&["-f", "json", "-o"])
        .arg(&single)
        .assert()
        .code(1);
    assert!(single.exists());
}

#[test]
fn rules_explain_and_generated_docs() {
    bulwark()
        .args(["explain", "secrets.aws-access-key-id"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("CWE-798"))
        .stdout(predicates::str::contains("Remediation"));
    bulwark()
        .args(["explain", "secrets.aws-key"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean"));
    let json = bulwark()
        .args(["rules", "--format", "json"])
        .output()
        .expect("runs");
    let rules: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert!(rules.as_array().is_some_and(|r| r.len() >= 7));
    let markdown = bulwark()
        .args(["rules", "--format", "markdown"])
        .output()
        .expect("runs");
    let committed =
        std::fs::read_to_string(workspace_root().join("docs/rules.md")).unwrap_or_default();
    assert_eq!(
        String::from_utf8_lossy(&markdown.stdout),
        committed,
        "docs/rules.md is stale: run `cargo run -q -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn help_version_and_completions() {
    bulwark()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicates::str::contains("Examples"));
    bulwark()
        .args(["scan", "--help"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("Exit codes"));
    bulwark()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicates::str::contains("bulwark"));
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        bulwark()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicates::str::contains("bulwark"));
    }
}
