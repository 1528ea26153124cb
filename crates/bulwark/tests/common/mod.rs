//! Helpers shared by the integration tests: temporary repositories and the real binary.
#![allow(dead_code)] // each test binary uses a different subset

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A canary AWS key id, assembled at run time so this source file holds no secret.
pub fn aws_key() -> String {
    concat!("AKIA", "Z7QW3ERT5YUI2OPL").to_string()
}

/// A second canary (GitHub classic token).
pub fn github_token() -> String {
    concat!("ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A").to_string()
}

/// A scratch repository.
pub struct Repo {
    pub dir: TempDir,
}

impl Repo {
    pub fn new() -> Repo {
        Repo {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes `contents` to `relative`, creating directories.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Repo {
        let path = self.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, contents).expect("write");
        self
    }

    /// `bulwark scan <repo> --quiet` plus `args`.
    pub fn scan(&self, args: &[&str]) -> Command {
        let mut command = bulwark();
        command
            .arg("scan")
            .arg(self.path())
            .arg("--quiet")
            .args(args);
        command
    }

    /// Runs a JSON scan and returns (exit code, report).
    pub fn scan_json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let output = self
            .scan(&[&["-f", "json"], args].concat())
            .output()
            .expect("runs");
        let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (output.status.code().unwrap_or(-1), report)
    }
}

pub fn bulwark() -> Command {
    let mut command = Command::cargo_bin("bulwark").expect("binary built");
    // Never the developer's own vulnerability database: tests that need one pass `--db`.
    command
        .env_remove("BULWARK_LOG")
        .env("NO_COLOR", "1")
        .env("BULWARK_DB", "/nonexistent/bulwark-test-db");
    command
}

/// Rule ids and statuses of a JSON report's findings.
pub fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Today plus `days`, as `YYYY-MM-DD`.
pub fn date_from_today(days: i64) -> String {
    jiff::Zoned::now()
        .date()
        .saturating_add(jiff::Span::new().days(days))
        .to_string()
}

/// Validates `instance` against the JSON Schema at `schema_path`; panics listing the errors.
/// Validates `instance` against the schema at `schema_path`. CycloneDX's helper schemas, which
/// it references by relative `$ref`, are registered under the URIs those resolve to.
pub fn assert_valid(schema_path: &Path, instance: &serde_json::Value) {
    let load = |path: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema readable"))
            .expect("schema is JSON")
    };
    let registry = jsonschema::Registry::new()
        .add(
            "http://cyclonedx.org/schema/spdx.schema.json",
            load(&shared_schema("spdx.schema.json")),
        )
        .expect("uri")
        .add(
            "http://cyclonedx.org/schema/jsf-0.82.schema.json",
            load(&shared_schema("jsf-0.82.schema.json")),
        )
        .expect("uri")
        .prepare()
        .expect("registry");
    let validator = jsonschema::options()
        .with_registry(&registry)
        .build(&load(schema_path))
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/schemas/NAME` beside the checkout (CI places shared/ there).
pub fn shared_schema(name: &str) -> PathBuf {
    workspace_root().join("../shared/schemas").join(name)
}
