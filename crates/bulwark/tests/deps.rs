//! The dependency scanner end to end: `db import|update|status`, `scan` over lockfiles, freshness,
//! damaged databases, malformed lockfiles, unpinned requirements and the license policy.

mod common;

use common::{Repo, bulwark, workspace_root};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

/// Real OSV records copied from the public databases (see the fixture folder's README).
fn advisories() -> PathBuf {
    workspace_root().join("crates/bulwark-deps/tests/fixtures/osv")
}

/// A database imported from the fixture advisories, in `dir`.
fn imported_db(dir: &Path) {
    let output = bulwark()
        .args(["db", "import", "--db"])
        .arg(dir)
        .arg(advisories())
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Advisory data in the fixtures is years old: accept it unless a test asks for fresh data.
const OLD_DATA_OK: &str = "[deps]\nmax_db_age_days = 100000\n";

fn vulnerable_repo() -> Repo {
    let repo = Repo::new();
    repo.write("bulwark.toml", OLD_DATA_OK)
        .write(
            "service/requirements.txt",
            "# pinned\nrequests==2.19.1\nflask>=2.0\n",
        )
        .write(
            "web/package-lock.json",
            r#"{
  "name": "web", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": {"name": "web", "version": "1.0.0", "dependencies": {"lodash": "^4.17.0"}},
    "node_modules/lodash": {"version": "4.17.15", "license": "MIT"}
  }
}
"#,
        )
        .write(
            "Cargo.lock",
            "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"time\"]\n\n[[package]]\nname = \"time\"\nversion = \"0.1.45\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
        );
    repo
}

fn finding<'a>(report: &'a serde_json::Value, rule: &str, path: &str) -> &'a serde_json::Value {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule_id"] == rule && f["location"]["path"] == path)
        .unwrap_or_else(|| panic!("no {rule} in {path}: {report:#}"))
}

#[test]
fn vulnerable_lockfiles_give_one_finding_per_package_with_every_id() {
    let db = tempfile::tempdir().expect("temp dir");
    imported_db(db.path());
    let repo = vulnerable_repo();
    let db_arg = db.path().to_string_lossy().into_owned();
    let (code, report) = repo.scan_json(&["--scanners", "deps", "--db", &db_arg]);
    assert_eq!(code, 1, "high findings fail the default gate: {report:#}");

    let requests = finding(
        &report,
        "deps.vulnerable-package",
        "service/requirements.txt",
    );
    assert_eq!(requests["location"]["start_line"], 2);
    let advisories = requests["properties"]["advisories"]
        .as_array()
        .expect("list");
    assert_eq!(
        advisories.len(),
        1,
        "PYSEC and GHSA records of one CVE merge"
    );
    let mut ids = vec![advisories[0]["id"].as_str().expect("id")];
    ids.extend(
        advisories[0]["aliases"]
            .as_array()
            .expect("aliases")
            .iter()
            .filter_map(|a| a.as_str()),
    );
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"]
    );
    assert_eq!(requests["severity"], "medium", "CVSS 6.1");
    assert_eq!(requests["properties"]["fixed_in"], "2.31.0");

    let lodash = finding(&report, "deps.vulnerable-package", "web/package-lock.json");
    assert_eq!(
        lodash["properties"]["advisories"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(lodash["properties"]["fixed_in"], "4.17.21");
    assert_eq!(lodash["properties"]["purl"], "pkg:npm/lodash@4.17.15");
    assert_eq!(lodash["properties"]["relationship"], "direct");

    let time = finding(&report, "deps.vulnerable-package", "Cargo.lock");
    assert_eq!(time["properties"]["package"], "time");

    let unpinned = finding(
        &report,
        "deps.unpinned-dependency",
        "service/requirements.txt",
    );
    assert_eq!(unpinned["severity"], "low");
    assert_eq!(unpinned["location"]["start_line"], 3);
}

#[test]
fn stale_or_missing_data_warns_and_fails_only_when_freshness_is_required() {
    let db = tempfile::tempdir().expect("temp dir");
    imported_db(db.path());
    let repo = vulnerable_repo();
    repo.write("bulwark.toml", "");
    let db_arg = db.path().to_string_lossy().into_owned();

    let (code, report) =
        repo.scan_json(&["--scanners", "deps", "--db", &db_arg, "--fail-on", "none"]);
    assert_eq!(code, 0);
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("days old") && warnings.contains("bulwark db update"),
        "{warnings}"
    );

    let output = repo
        .scan(&["--scanners", "deps", "--db", &db_arg, "--require-fresh-db"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("days old"));

    let empty = tempfile::tempdir().expect("temp dir");
    let empty_arg = empty.path().to_string_lossy().into_owned();
    let (code, report) = repo.scan_json(&[
        "--scanners",
        "deps",
        "--db",
        &empty_arg,
        "--fail-on",
        "none",
    ]);
    assert_eq!(code, 0, "inventory findings still come without a database");
    assert!(
        report["warnings"]
            .to_string()
            .contains("not checked for vulnerabilities")
    );
    let output = repo
        .scan(&["--db", &empty_arg, "--require-fresh-db"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3));
}

#[test]
fn a_damaged_database_is_exit_3_with_the_fix() {
    let db = tempfile::tempdir().expect("temp dir");
    imported_db(db.path());
    let index = db.path().join("osv-index.bin");
    let bytes = std::fs::read(&index).expect("read");
    std::fs::write(&index, &bytes[..bytes.len() / 3]).expect("truncate");
    let repo = vulnerable_repo();
    let db_arg = db.path().to_string_lossy().into_owned();
    let output = repo
        .scan(&["--scanners", "deps", "--db", &db_arg])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bulwark db update") && stderr.contains("db import"),
        "{stderr}"
    );

    let status = bulwark()
        .args(["db", "status", "--db", &db_arg])
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(3));
}

#[test]
fn a_malformed_lockfile_is_reported_with_its_line_and_the_scan_goes_on() {
    let db = tempfile::tempdir().expect("temp dir");
    imported_db(db.path());
    let repo = vulnerable_repo();
    repo.write(
        "broken/package-lock.json",
        "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n",
    );
    let db_arg = db.path().to_string_lossy().into_owned();
    let (code, report) = repo.scan_json(&["--scanners", "deps", "--db", &db_arg]);
    assert_eq!(code, 3, "{report:#}");
    let error = &report["errors"][0];
    assert_eq!(error["path"], "broken/package-lock.json");
    assert!(error["line"].as_u64().is_some(), "{error}");
    finding(&report, "deps.vulnerable-package", "web/package-lock.json");
}

#[test]
fn status_lists_ecosystems_and_counts() {
    let db = tempfile::tempdir().expect("temp dir");
    imported_db(db.path());
    let output = bulwark()
        .args(["db", "status", "--format", "json", "--db"])
        .arg(db.path())
        .output()
        .expect("runs");
    assert!(output.status.success());
    let status: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let ecosystems: Vec<&str> = status["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["ecosystem"].as_str())
        .collect();
    assert_eq!(ecosystems, ["crates.io", "Go", "npm", "PyPI", "Maven"]);
    assert!(status["age_days"].as_i64().is_some_and(|d| d > 7));
}

#[test]
fn license_policy_flags_denied_licenses() {
    let repo = vulnerable_repo();
    repo.write("bulwark.toml", "[licenses]\ndeny = [\"MIT\"]\n");
    let (_, report) = repo.scan_json(&["--scanners", "license"]);
    let denied = finding(&report, "license.denied", "web/package-lock.json");
    assert_eq!(denied["properties"]["license"], "MIT");
}

/// A one-connection-at-a-time HTTP server that serves `body` with an ETag and answers a
/// matching `If-None-Match` with 304. Returns its base URL and a log of request heads.
fn serve_zip(body: Vec<u8>) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let mut stream = stream;
            let lower = head.to_ascii_lowercase();
            let response = if !lower.contains("/crates.io/all.zip") {
                b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_vec()
            } else if lower.contains("if-none-match: \"v1\"") {
                b"HTTP/1.1 304 Not Modified\r\netag: \"v1\"\r\nconnection: close\r\n\r\n".to_vec()
            } else {
                let mut r = format!(
                    "HTTP/1.1 200 OK\r\netag: \"v1\"\r\ncontent-type: application/zip\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                r.extend_from_slice(&body);
                r
            };
            seen.lock().expect("log").push(head);
            let _ = stream.write_all(&response);
            let _ = reader.read(&mut [0; 1]);
        }
    });
    (base, log)
}

fn crates_zip() -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut cursor);
    let options = zip::write::SimpleFileOptions::default();
    for name in ["RUSTSEC-2020-0071.json", "RUSTSEC-2023-0034.json"] {
        zip.start_file(name, options).expect("entry");
        zip.write_all(&std::fs::read(advisories().join(name)).expect("read"))
            .expect("write");
    }
    zip.finish().expect("finish");
    cursor.into_inner()
}

#[test]
fn update_downloads_then_revalidates_with_the_etag() {
    let (base, log) = serve_zip(crates_zip());
    let db = tempfile::tempdir().expect("temp dir");
    let update = || {
        bulwark()
            .args([
                "db",
                "update",
                "--ecosystems",
                "crates.io",
                "--url",
                &base,
                "--db",
            ])
            .arg(db.path())
            .output()
            .expect("runs")
    };
    let first = update();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("downloaded [crates.io]"));
    let second = update();
    assert!(second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stdout).contains("unchanged [crates.io]"),
        "{}",
        String::from_utf8_lossy(&second.stdout)
    );
    let heads = log.lock().expect("log").clone();
    assert_eq!(heads.len(), 2);
    assert!(
        heads[1]
            .to_ascii_lowercase()
            .contains("if-none-match: \"v1\""),
        "{heads:?}"
    );

    // Unreachable: a clear error, and the database is left as it was.
    let offline = bulwark()
        .args([
            "db",
            "update",
            "--ecosystems",
            "crates.io",
            "--url",
            "http://127.0.0.1:9",
            "--db",
        ])
        .arg(db.path())
        .output()
        .expect("runs");
    assert_eq!(offline.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&offline.stderr);
    assert!(
        stderr.contains("bulwark db import") && stderr.contains("left unchanged"),
        "{stderr}"
    );
    let status = bulwark()
        .args(["db", "status", "--db"])
        .arg(db.path())
        .output()
        .expect("runs");
    assert!(status.status.success());
}

#[test]
fn sboms_validate_and_carry_waivers_as_vex() {
    let db = tempfile::tempdir().expect("temp dir");
    imported_db(db.path());
    let repo = vulnerable_repo();
    repo.write(
        ".bulwark/waivers.toml",
        format!(
            "[[waiver]]\nid = \"W-1\"\nrule = \"deps.vulnerable-package\"\npath = \"Cargo.lock\"\nreason = \"time 0.1 only used in a batch job without untrusted input\"\nticket = \"SEC-1\"\nrequested_by = \"alice\"\napproved_by = \"bob\"\nexpires = {}\n",
            common::date_from_today(30)
        ),
    );
    let sbom = |format: &str| -> serde_json::Value {
        let output = bulwark()
            .args(["sbom", "--quiet", "--format", format, "--db"])
            .arg(db.path())
            .arg(repo.path())
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("json")
    };
    let cdx = sbom("cyclonedx");
    common::assert_valid(&common::shared_schema("bom-1.6.schema.json"), &cdx);
    assert_eq!(cdx["specVersion"], "1.6");
    assert_eq!(cdx["metadata"]["timestamp"], "2026-01-01T00:00:00Z");
    let purls: Vec<&str> = cdx["components"]
        .as_array()
        .expect("components")
        .iter()
        .filter_map(|c| c["purl"].as_str())
        .collect();
    for purl in [
        "pkg:pypi/requests@2.19.1",
        "pkg:npm/lodash@4.17.15",
        "pkg:cargo/time@0.1.45",
    ] {
        assert!(purls.contains(&purl), "{purl} in {purls:?}");
    }
    let vulnerabilities = cdx["vulnerabilities"].as_array().expect("VEX section");
    let state = |id: &str| {
        vulnerabilities
            .iter()
            .find(|v| v["id"] == id)
            .map(|v| v["analysis"]["state"].clone())
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    assert_eq!(
        state("RUSTSEC-2020-0071"),
        "exploitable",
        "waived: risk accepted"
    );
    assert_eq!(state("GHSA-j8r2-6x86-q33q"), "in_triage", "open");

    let spdx = sbom("spdx");
    common::assert_valid(&common::shared_schema("spdx-2.3.schema.json"), &spdx);
    assert_eq!(spdx["spdxVersion"], "SPDX-2.3");

    // The SBOM scanned in place of the tree finds the same vulnerable packages.
    let written = repo.join("bom.cdx.json");
    std::fs::write(&written, serde_json::to_vec(&cdx).expect("json")).expect("write");
    let output = bulwark()
        .args(["scan", "--quiet", "-f", "json", "--db"])
        .arg(db.path())
        .arg("--sbom")
        .arg(&written)
        .arg(repo.path())
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let mut packages: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == "deps.vulnerable-package")
        .filter_map(|f| f["properties"]["package"].as_str())
        .collect();
    packages.sort_unstable();
    assert_eq!(packages, ["lodash", "requests", "time"], "{report:#}");
}

#[test]
fn lockfiles_above_the_file_size_limit_are_still_checked() {
    let db = tempfile::tempdir().expect("temp dir");
    imported_db(db.path());
    let repo = vulnerable_repo();
    let filler = "x".repeat(4096);
    repo.write("notes.txt", &filler);
    let db_arg = db.path().to_string_lossy().into_owned();
    let (_, report) = repo.scan_json(&["--db", &db_arg, "--max-file-size", "200"]);
    finding(&report, "deps.vulnerable-package", "web/package-lock.json");
    let skipped = report["skipped"].to_string();
    assert!(
        skipped.contains("notes.txt"),
        "other files keep the limit: {skipped}"
    );
    assert!(!skipped.contains("package-lock.json"), "{skipped}");
}
