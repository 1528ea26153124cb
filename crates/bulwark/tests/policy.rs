//! Baselines, waivers and inline suppressions, through the real binary.

mod common;

use common::{Repo, aws_key, bulwark, date_from_today, findings, github_token};
use predicates::prelude::*;

fn waiver(id: &str, requested_by: &str, approved_by: &str, expires: &str) -> String {
    format!(
        "[[waiver]]\nid = \"{id}\"\nrule = \"secrets.aws-access-key-id\"\npath = \"fixtures/**\"\nreason = \"synthetic key used by the parser tests\"\nticket = \"SEC-42\"\nrequested_by = \"{requested_by}\"\napproved_by = \"{approved_by}\"\nexpires = {expires}\n"
    )
}

fn repo_with_fixture_key() -> Repo {
    let repo = Repo::new();
    repo.write("fixtures/keys.txt", format!("k={}\n", aws_key()));
    repo
}

#[test]
fn approved_waiver_waives_and_the_gate_passes() {
    let repo = repo_with_fixture_key();
    repo.write(
        ".bulwark/waivers.toml",
        waiver("W-1", "alice", "bob", &date_from_today(30)),
    );
    let (code, report) = repo.scan_json(&[]);
    assert_eq!(code, 0);
    let finding = &report["findings"][0];
    assert_eq!(finding["status"], "waived");
    assert_eq!(finding["suppression"]["waiver_id"], "W-1");
    assert_eq!(finding["suppression"]["approved_by"], "bob");
    assert_eq!(finding["suppression"]["ticket"], "SEC-42");
}

#[test]
fn expired_waiver_stops_applying_and_warns() {
    let repo = repo_with_fixture_key();
    repo.write(
        ".bulwark/waivers.toml",
        waiver("W-2", "alice", "bob", &date_from_today(-1)),
    );
    let (code, report) = repo.scan_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report)[0].1, "open");
    assert!(
        report["warnings"].to_string().contains("W-2` expired"),
        "{}",
        report["warnings"]
    );
    bulwark()
        .arg("scan")
        .arg(repo.path())
        .assert()
        .stderr(predicate::str::contains("warning:").and(predicate::str::contains("expired")));
}

#[test]
fn self_approved_waiver_is_rejected() {
    let repo = repo_with_fixture_key();
    repo.write(
        ".bulwark/waivers.toml",
        waiver("W-3", "alice", "alice", &date_from_today(30)),
    );
    repo.scan(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("waivers.toml:1:"))
        .stderr(predicate::str::contains("someone other than requested_by"));
}

#[test]
fn waiver_without_expiry_or_too_far_ahead_is_rejected() {
    let repo = repo_with_fixture_key();
    let no_expiry =
        waiver("W-4", "alice", "bob", "2027-01-01").replace("expires = 2027-01-01\n", "");
    repo.write(".bulwark/waivers.toml", no_expiry);
    repo.scan(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`expires` is required"));
    repo.write(
        ".bulwark/waivers.toml",
        waiver("W-5", "alice", "bob", &date_from_today(400)),
    );
    repo.scan(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than 365 days"));
    repo.write("bulwark.toml", "[waivers]\nmax_days = 500\n");
    repo.scan(&[]).assert().code(0);
}

#[test]
fn waiver_without_reason_is_rejected() {
    let repo = repo_with_fixture_key();
    let text = waiver("W-6", "alice", "bob", &date_from_today(10))
        .replace("reason = \"synthetic key used by the parser tests\"\n", "");
    repo.write(".bulwark/waivers.toml", text);
    repo.scan(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("reason"));
}

#[test]
fn baseline_accepts_existing_findings_and_fails_on_new_ones() {
    let repo = Repo::new();
    repo.write("old.txt", format!("k={}\n", aws_key()));
    bulwark()
        .args(["baseline", "create", "--quiet"])
        .arg(repo.path())
        .assert()
        .code(0);
    let text =
        std::fs::read_to_string(repo.join(".bulwark/baseline.json")).expect("baseline written");
    assert!(text.contains("\"fingerprints\""));
    assert!(!text.contains("line"), "no line numbers in the baseline");
    assert!(!text.contains("AKIA"), "no secrets in the baseline");

    let (code, report) = repo.scan_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report)[0].1, "baselined");

    // Re-creating over the same findings gives the same bytes (no merge noise).
    bulwark()
        .args(["baseline", "create", "--quiet"])
        .arg(repo.path())
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(repo.join(".bulwark/baseline.json")).expect("read"),
        text
    );

    repo.write("new.txt", format!("t={}\n", github_token()));
    let (code, report) = repo.scan_json(&[]);
    assert_eq!(code, 1);
    let mut statuses = findings(&report);
    statuses.sort();
    assert_eq!(
        statuses,
        [
            (
                "secrets.aws-access-key-id".to_string(),
                "baselined".to_string()
            ),
            ("secrets.github-token".to_string(), "open".to_string()),
        ]
    );
    let (code, _) = repo.scan_json(&["--no-baseline"]);
    assert_eq!(code, 1);
}

#[test]
fn malformed_baseline_is_a_configuration_error() {
    let repo = Repo::new();
    repo.write(
        ".bulwark/baseline.json",
        "{\"version\": 1,\n \"fingerprints\": [nope]}",
    );
    repo.scan(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("baseline.json:2:"));
}

#[test]
fn inline_suppression_with_reason_suppresses() {
    let repo = Repo::new();
    repo.write(
        "app.py",
        format!(
            "# bulwark:ignore secrets.aws-access-key-id -- documented sample key for the tutorial\nKEY = \"{}\"\n",
            aws_key()
        ),
    );
    let (code, report) = repo.scan_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        [(
            "secrets.aws-access-key-id".to_string(),
            "suppressed".to_string()
        )]
    );
    assert_eq!(
        report["findings"][0]["suppression"]["justification"],
        "documented sample key for the tutorial"
    );
}

#[test]
fn inline_suppression_without_reason_is_reported_and_suppresses_nothing() {
    let repo = Repo::new();
    repo.write(
        "app.py",
        format!(
            "KEY = \"{}\"  # bulwark:ignore secrets.aws-access-key-id\n",
            aws_key()
        ),
    );
    let (code, report) = repo.scan_json(&[]);
    assert_eq!(code, 1);
    let mut got = findings(&report);
    got.sort();
    assert_eq!(
        got,
        [
            (
                "policy.unjustified-suppression".to_string(),
                "open".to_string()
            ),
            ("secrets.aws-access-key-id".to_string(), "open".to_string()),
        ]
    );
}
