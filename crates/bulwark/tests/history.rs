//! `bulwark scan --history` and custom gitleaks rules through the real binary.

mod common;

use common::{Repo, aws_key, bulwark, github_token};
use predicates::prelude::*;
use std::process::Command;

fn git(repo: &Repo, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Dev",
            "-c",
            "user.email=dev@bank.example",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(repo.path())
        .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn commit_all(repo: &Repo, message: &str) {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
}

#[test]
fn history_finds_a_removed_secret_at_the_commit_that_introduced_it() {
    let repo = Repo::new();
    git(&repo, &["init", "-q"]);
    repo.write("app.env", format!("KEY={}\n", aws_key()));
    commit_all(&repo, "add config");
    repo.write("app.env", format!("# config\nKEY={}\n", aws_key()));
    commit_all(&repo, "comment");
    repo.write("app.env", "KEY=${AWS_KEY}\n");
    commit_all(&repo, "use env");

    // The work tree is clean …
    let (code, _) = repo.scan_json(&[]);
    assert_eq!(code, 0);
    // … the history is not.
    let (code, report) = repo.scan_json(&["--history"]);
    assert_eq!(code, 1);
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "one secret, reported once: {findings:?}");
    let finding = &findings[0];
    assert_eq!(finding["rule_id"], "secrets.aws-access-key-id");
    assert_eq!(finding["properties"]["commit_summary"], "add config");
    assert_eq!(finding["properties"]["present_at_head"], false);
    assert_eq!(finding["properties"]["occurrences"], 2);
    assert_eq!(
        finding["location"]["commit"].as_str().map(str::len),
        Some(40)
    );
    assert!(!report.to_string().contains(&aws_key()));
    // `exclude` applies to history paths too.
    let (code, report) = repo.scan_json(&["--history", "--exclude", "*.env"]);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn since_limits_history_to_new_commits_and_bad_revisions_are_usage_errors() {
    let repo = Repo::new();
    git(&repo, &["init", "-q"]);
    repo.write("old.txt", format!("k={}\n", aws_key()));
    commit_all(&repo, "old");
    git(&repo, &["tag", "v1"]);
    repo.write("new.txt", format!("t={}\n", github_token()));
    commit_all(&repo, "new");
    let (_, report) = repo.scan_json(&["--history", "--since", "v1"]);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    assert_eq!(rules, ["secrets.github-token"]);
    repo.scan(&["--history", "--since", "no-such-rev"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rev"));
    bulwark().args(["scan", "--since", "v1"]).assert().code(2);
}

#[test]
fn history_of_a_directory_that_is_not_a_repository_is_an_error() {
    let repo = Repo::new();
    repo.scan(&["--history"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a git repository"));
}

#[test]
fn custom_gitleaks_rules_are_loaded_with_the_builtins() {
    let repo = Repo::new();
    repo.write(
        ".gitleaks.toml",
        "[[rules]]\nid = \"acme-token\"\ndescription = \"ACME internal token\"\nregex = '''acme_live_[0-9a-z]{20}'''\nkeywords = [\"acme_live_\"]\n",
    );
    let token = concat!("acme_live_", "k3j9x0q2m7w5z8r1t4y6");
    repo.write(
        "svc.py",
        format!("TOKEN = \"{token}\"\nKEY = \"{}\"\n", aws_key()),
    );
    let (code, report) = repo.scan_json(&[]);
    assert_eq!(code, 1);
    let mut rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        ["secrets.aws-access-key-id", "secrets.custom.acme-token"]
    );
}

#[test]
fn malformed_gitleaks_config_names_rule_field_and_line() {
    let repo = Repo::new();
    repo.write(
        "rules.toml",
        "[[rules]]\nid = \"first\"\nregex = '''x[0-9]{8}'''\n\n[[rules]]\nid = \"acme\"\nregex = '''y[0-9]{8}'''\nentropy = \"high\"\n",
    );
    repo.scan(&["--config-secrets"])
        .arg(repo.join("rules.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("rules.toml:"))
        .stderr(predicate::str::contains("acme"))
        .stderr(predicate::str::contains("entropy"));
    // An unsupported regex feature skips that rule with a warning; the scan goes on.
    repo.write(
        "look.toml",
        "[[rules]]\nid = \"ahead\"\nregex = '''k(?=[0-9])'''\n",
    );
    repo.scan(&["--config-secrets"])
        .arg(repo.join("look.toml"))
        .assert()
        .code(0);
    bulwark()
        .args(["scan", "--config-secrets"])
        .arg(repo.join("look.toml"))
        .arg(repo.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("ahead"));
}
