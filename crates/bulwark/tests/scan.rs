//! `bulwark scan` end to end: discovery, exit codes, determinism, odd inputs.

mod common;

use common::{Repo, aws_key, bulwark, findings, github_token};
use predicates::prelude::*;

#[test]
fn clean_tree_passes_with_exit_0() {
    let repo = Repo::new();
    repo.write("src/main.py", "print('hello')\n");
    repo.scan(&[])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No findings"));
}

#[test]
fn leaked_key_fails_the_gate_with_exit_1() {
    let repo = Repo::new();
    repo.write("config.py", format!("AWS_KEY = \"{}\"\n", aws_key()));
    repo.scan(&[])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("secrets.aws-access-key-id"))
        .stdout(predicate::str::contains("config.py"));
}

#[test]
fn fail_on_threshold_decides_the_exit_code() {
    let repo = Repo::new();
    // A high-severity finding (the password is split so this source holds no secret).
    let url = concat!(
        "DATABASE_URL=postgres://app:",
        "q8Zp2LmXw",
        "@db:5432/app\n"
    );
    repo.write("db.env", url);
    repo.scan(&[]).assert().code(1);
    repo.scan(&["--fail-on", "critical"]).assert().code(0);
    repo.scan(&["--fail-on", "none"]).assert().code(0);
    repo.write("bulwark.toml", "fail_on = \"critical\"\n");
    repo.scan(&[]).assert().code(0);
    repo.scan(&["--fail-on", "high"]).assert().code(1);
}

#[test]
fn usage_errors_exit_2() {
    let repo = Repo::new();
    repo.scan(&["--scanners", "secrets,nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown scanner `nope`"));
    repo.scan(&["--fail-on", "severe"]).assert().code(2);
    repo.scan(&["-f", "xml"]).assert().code(2);
    repo.scan(&["-f", "json", "-f", "sarif"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("FORMAT=FILE"));
    bulwark()
        .args(["scan", "/nonexistent/bulwark-test-dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file or directory"));
    bulwark().args(["scan", "--no-such-flag"]).assert().code(2);
}

#[test]
fn malformed_config_names_the_key_and_line() {
    let repo = Repo::new();
    repo.write("bulwark.toml", "fail_on = \"high\"\nfial_on = \"low\"\n");
    repo.scan(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bulwark.toml:2:"))
        .stderr(predicate::str::contains("fial_on"));
    repo.write("bulwark.toml", "fail_on = [\n");
    repo.scan(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bulwark.toml:"));
}

#[test]
fn scanner_selection_limits_what_runs() {
    let repo = Repo::new();
    repo.write("config.py", format!("AWS_KEY = \"{}\"\n", aws_key()));
    let (code, report) = repo.scan_json(&["--scanners", "iac"]);
    assert_eq!(code, 0);
    assert!(
        findings(&report).is_empty(),
        "the secret is not an IaC finding"
    );
    assert_eq!(report["scanners"], serde_json::json!(["iac"]));
    let (_, report) = repo.scan_json(&["--scanners", "sast"]);
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("no analyzers"), "{warnings}");
}

#[test]
fn gitignore_bulwarkignore_and_exclude_are_honoured() {
    let repo = Repo::new();
    let leak = format!("k = \"{}\"\n", aws_key());
    repo.write(".gitignore", "ignored-by-git/\n")
        .write(".bulwarkignore", "ignored-by-bulwark.txt\n")
        .write("ignored-by-git/a.txt", &leak)
        .write("ignored-by-bulwark.txt", &leak)
        .write("vendor/lib.txt", &leak)
        .write(".env", &leak)
        .write(".git/config", &leak);
    let (_, report) = repo.scan_json(&["--exclude", "vendor/**"]);
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["location"]["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [".env"],
        "hidden files are scanned, ignored ones are not"
    );
}

#[test]
fn empty_binary_large_and_non_utf8_files() {
    let repo = Repo::new();
    repo.write("empty.txt", "");
    let mut binary = vec![0u8, 1, 2, 3];
    binary.extend_from_slice(aws_key().as_bytes());
    repo.write("image.bin", binary);
    repo.write("big.txt", format!("{}\n{}", "x".repeat(2048), aws_key()));
    repo.write(
        "latin1.txt",
        [
            b"caf\xe9 = \"".as_slice(),
            github_token().as_bytes(),
            b"\"\r\n",
        ]
        .concat(),
    );
    let (code, report) = repo.scan_json(&["--max-file-size", "1KiB"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [("secrets.github-token".to_string(), "open".to_string())]
    );
    assert_eq!(report["summary"]["binary_files"], 1);
    assert_eq!(report["summary"]["files_skipped"], 1);
    assert_eq!(report["skipped"][0]["path"], "big.txt");
    assert!(
        report["skipped"][0]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("too large")
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_reported_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let repo = Repo::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.env");
    std::fs::write(repo.path().join(name), format!("KEY={}\n", aws_key())).expect("write");
    let (code, report) = repo.scan_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["location"]["path"], "caf\u{fffd}.env");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_and_the_scan_goes_on_with_exit_3() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::new();
    repo.write("secret.txt", format!("k={}\n", aws_key()));
    repo.write("locked.txt", "nothing");
    let locked = repo.join("locked.txt");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::set_permissions(repo.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    // Root reads any file, so as root run the binary as `nobody`.
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let binary = assert_cmd::cargo::cargo_bin("bulwark");
    let mut command = if is_root {
        let mut c = assert_cmd::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary);
        c
    } else {
        assert_cmd::Command::new(&binary)
    };
    let output = command
        .args(["scan", "--quiet", "-f", "json"])
        .arg(repo.path())
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(3),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("partial report still written");
    assert_eq!(report["errors"][0]["path"], "locked.txt");
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("cannot read")
    );
    assert_eq!(
        findings(&report).len(),
        1,
        "the readable file was still scanned"
    );
}

#[test]
fn scanning_a_single_file_works() {
    let repo = Repo::new();
    repo.write("one.txt", format!("k={}\n", aws_key()));
    let (code, report) = {
        let output = bulwark()
            .args(["scan", "--quiet", "-f", "json"])
            .arg(repo.join("one.txt"))
            .output()
            .expect("runs");
        (
            output.status.code(),
            serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("json"),
        )
    };
    assert_eq!(code, Some(1));
    assert_eq!(report["findings"][0]["location"]["path"], "one.txt");
}

#[test]
fn output_is_byte_identical_across_thread_counts() {
    let repo = Repo::new();
    for i in 0..60 {
        let body = if i % 3 == 0 {
            format!("a={}\nb={}\n", aws_key(), github_token())
        } else {
            format!("nothing here {i}\n")
        };
        repo.write(&format!("dir{}/file{i}.txt", i % 7), body);
    }
    let run = |threads: &str, format: &str| {
        repo.scan(&["-j", threads, "-f", format])
            .output()
            .expect("runs")
            .stdout
    };
    for format in ["json", "sarif", "junit", "markdown", "table"] {
        let one = run("1", format);
        let eight = run("8", format);
        assert!(!one.is_empty());
        assert_eq!(one, eight, "{format} differs between 1 and 8 threads");
    }
}

#[test]
fn fingerprints_survive_lines_moving_above() {
    let repo = Repo::new();
    repo.write("c.py", format!("KEY = \"{}\"\n", aws_key()));
    let (_, before) = repo.scan_json(&[]);
    repo.write(
        "c.py",
        format!("import os\n\n# config\nKEY = \"{}\"\n", aws_key()),
    );
    let (_, after) = repo.scan_json(&[]);
    assert_eq!(after["findings"][0]["location"]["start_line"], 4);
    assert_eq!(
        before["findings"][0]["fingerprint"],
        after["findings"][0]["fingerprint"]
    );
}

#[test]
fn secrets_never_appear_in_clear_in_any_format() {
    let repo = Repo::new();
    repo.write(
        "leak.txt",
        format!("a={}\nb={}\n", aws_key(), github_token()),
    );
    for format in ["table", "json", "sarif", "junit", "markdown"] {
        let output = repo.scan(&["-f", format]).output().expect("runs");
        let text = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        for canary in [aws_key(), github_token()] {
            assert!(!text.contains(&canary), "{format} leaks {canary}");
            assert!(!stderr.contains(&canary), "stderr leaks {canary}");
            // Nor more than the 4-character prefix.
            assert!(
                !text.contains(&canary[..8]),
                "{format} shows more than 4 characters"
            );
        }
    }
    let verbose = bulwark()
        .args(["scan", "-vvv", "-f", "json"])
        .arg(repo.path())
        .output()
        .expect("runs");
    assert!(
        !String::from_utf8_lossy(&verbose.stderr).contains(&aws_key()),
        "logs leak"
    );
}

#[test]
fn summary_line_goes_to_stderr_unless_quiet() {
    let repo = Repo::new();
    repo.write("a.txt", "hello");
    bulwark()
        .arg("scan")
        .arg(repo.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("1 files"))
        .stderr(predicate::str::contains("gate passed"));
    repo.scan(&[]).assert().stderr(predicate::str::is_empty());
}
