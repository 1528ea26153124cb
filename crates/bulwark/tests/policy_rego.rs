//! Custom Rego policies end to end: `bulwark scan --policy`, `[iac] policies`, report formats,
//! broken policies and `bulwark policy test`.

mod common;

use common::{Repo, bulwark};
use predicates::prelude::*;
use std::path::Path;

const BUCKETS: &str = r#"resource "aws_s3_bucket" "ledger" {
  bucket = "bank-ledger"
}

resource "aws_s3_bucket" "public_site" {
  bucket = "bank-www"
  tags = {
    data-classification = "public"
  }
}
"#;

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments-api
  namespace: payments
spec:
  template:
    spec:
      containers:
        - name: api
          image: docker.io/library/nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: payments-api
  namespace: payments
spec:
  type: LoadBalancer
";

const BUCKET_POLICY: &str = r#"package main

import rego.v1

__rego_metadata__ := {
	"id": "BANK-101",
	"title": "Buckets are classified",
	"severity": "critical",
	"description": "Every bucket says how sensitive its data is.",
	"remediation": "Add `tags = { data-classification = \"internal\" }`.",
	"cwe": ["CWE-1188"],
	"controls": ["pci-dss-4.0.1:12.5.1"],
}

deny contains msg if {
	some name
	bucket := input.resource.aws_s3_bucket[name]
	not bucket.tags["data-classification"]
	msg := sprintf("aws_s3_bucket.%s has no data-classification tag", [name])
}
"#;

const DEPLOYMENT_POLICY: &str = r#"package main.k8s

import rego.v1

deny contains msg if {
	input.kind == "Deployment"
	some container in input.spec.template.spec.containers
	startswith(container.image, "docker.io/")
	msg := sprintf("container %s pulls from Docker Hub", [container.name])
}

warn contains msg if {
	input.kind == "Service"
	input.spec.type == "LoadBalancer"
	msg := "LoadBalancer Service"
}
"#;

fn repo_with_policies() -> Repo {
    let repo = Repo::new();
    repo.write("infra/s3.tf", BUCKETS)
        .write("k8s/payments.yaml", DEPLOYMENT)
        .write("policy/buckets.rego", BUCKET_POLICY)
        .write("policy/k8s/deployments.rego", DEPLOYMENT_POLICY)
        .write(
            "policy/buckets_test.rego",
            "package main\n\ndeny contains \"from a test file\" if { true }\n",
        );
    repo
}

fn policy_findings(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["rule_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("iac.policy."))
        })
        .collect()
}

fn policy_arg(repo: &Repo) -> String {
    repo.join("policy").to_string_lossy().into_owned()
}

#[test]
fn deny_rules_on_terraform_and_kubernetes() {
    let repo = repo_with_policies();
    let policy = policy_arg(&repo);
    let (code, report) = repo.scan_json(&["--scanners", "iac", "--policy", &policy]);
    assert_eq!(code, 1, "critical and high findings fail the gate");
    let found = policy_findings(&report);
    let summary: Vec<(&str, &str, &str, u64)> = found
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or(""),
                f["location"]["path"].as_str().unwrap_or(""),
                f["location"]["start_line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("iac.policy.bank-101", "critical", "infra/s3.tf", 1),
            ("iac.policy.main.k8s.deny", "high", "k8s/payments.yaml", 1),
            ("iac.policy.main.k8s.warn", "low", "k8s/payments.yaml", 13),
        ]
    );
    let bucket = found[0];
    assert_eq!(bucket["title"], "Buckets are classified");
    assert_eq!(bucket["cwe"], serde_json::json!(["CWE-1188"]));
    assert_eq!(
        bucket["controls"],
        serde_json::json!(["pci-dss-4.0.1:12.5.1"])
    );
    assert_eq!(bucket["location"]["resource"], "aws_s3_bucket.ledger");
    assert!(
        bucket["properties"]["policy_file"]
            .as_str()
            .is_some_and(|p| p.ends_with("policy/buckets.rego")),
        "{bucket}"
    );
    assert_eq!(
        found[1]["location"]["resource"],
        "Deployment/payments/payments-api"
    );
    assert!(
        found.iter().all(|f| f["message"] != "from a test file"),
        "*_test.rego files are not loaded for scans"
    );
}

#[test]
fn policies_from_bulwark_toml_are_relative_to_the_config_file() {
    let repo = repo_with_policies();
    repo.write("bulwark.toml", "[iac]\npolicies = [\"policy/\"]\n");
    let (_, report) = repo.scan_json(&["--scanners", "iac"]);
    assert_eq!(policy_findings(&report).len(), 3);

    // An explicit --config elsewhere: paths are relative to that file's directory.
    repo.write(
        "ci/bulwark.toml",
        "[iac]\npolicies = [\"../policy/k8s\"]\npolicy_namespaces = []\n",
    );
    let config = repo.join("ci/bulwark.toml");
    let (_, report) = repo.scan_json(&["--scanners", "iac", "--config", &config.to_string_lossy()]);
    let ids: Vec<&str> = policy_findings(&report)
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    assert_eq!(
        ids,
        ["iac.policy.main.k8s.deny", "iac.policy.main.k8s.warn"]
    );
}

#[test]
fn custom_rules_appear_in_sarif_and_rules_listing() {
    let repo = repo_with_policies();
    let policy = policy_arg(&repo);
    let output = repo
        .scan(&["--scanners", "iac", "--policy", &policy, "-f", "sarif"])
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF JSON");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let bank = rules
        .iter()
        .find(|r| r["id"] == "iac.policy.bank-101")
        .expect("custom rule listed in SARIF");
    assert_eq!(bank["shortDescription"]["text"], "Buckets are classified");
    // From the registered rule, not rebuilt from a finding.
    assert_eq!(
        bank["fullDescription"]["text"],
        "Every bucket says how sensitive its data is."
    );
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(results.iter().any(|r| r["ruleId"] == "iac.policy.bank-101"));

    for format in ["table", "markdown", "junit"] {
        repo.scan(&["--scanners", "iac", "--policy", &policy, "-f", format])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("iac.policy.bank-101"));
    }

    bulwark()
        .args(["rules", "--scanner", "iac", "--policy", &policy])
        .assert()
        .success()
        .stdout(predicate::str::contains("iac.policy.bank-101"))
        .stdout(predicate::str::contains("iac.policy.main.k8s.warn"));
    bulwark()
        .args(["explain", "iac.policy.bank-101", "--policy", &policy])
        .assert()
        .success()
        .stdout(predicate::str::contains("pci-dss-4.0.1:12.5.1"));
}

#[test]
fn a_broken_policy_is_a_usage_error_naming_file_and_line() {
    let repo = repo_with_policies();
    repo.write(
        "policy/broken.rego",
        "package main\n\nimport rego.v1\n\ndeny contains msg if {\n  input.kind == \"Pod\"\n  msg := concat(\",\" [input.a])\n}\n",
    );
    let policy = policy_arg(&repo);
    repo.scan(&["--scanners", "iac", "--policy", &policy])
        .assert()
        .code(2)
        .stderr(predicate::str::is_match(r"policy/broken\.rego:7: ").expect("regex"));

    // An unknown function is found at load time too.
    repo.write(
        "policy/broken.rego",
        "package main\n\ndeny contains msg if {\n  msg := nope(input)\n}\n",
    );
    repo.scan(&["--scanners", "iac", "--policy", &policy])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "broken.rego:4: could not find function nope",
        ));

    repo.scan(&["--scanners", "iac", "--policy", "no/such/dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/dir"));
}

#[test]
fn policy_test_passes_and_fails() {
    let repo = repo_with_policies();
    repo.write(
        "policy/buckets_test.rego",
        r#"package main

import rego.v1

test_untagged_bucket_denied if {
	count(deny) == 1 with input as {"resource": {"aws_s3_bucket": {"a": {}}}}
}

test_tagged_bucket_allowed if {
	count(deny) == 0 with input as {"resource": {"aws_s3_bucket": {"a": {"tags": {"data-classification": "internal"}}}}}
}
"#,
    );
    let policy = policy_arg(&repo);
    bulwark()
        .args(["policy", "test", &policy])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "data.main.test_untagged_bucket_denied: PASS",
        ))
        .stdout(predicate::str::contains("PASS: 2/2"));

    repo.write(
        "policy/k8s/deployments_test.rego",
        "package main.k8s\n\nimport rego.v1\n\ntest_wrong if {\n  count(deny) == 3 with input as {}\n}\n",
    );
    bulwark()
        .args(["policy", "test", &policy])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("data.main.k8s.test_wrong: FAIL"))
        .stdout(predicate::str::contains("FAIL: 1/3"));

    repo.write(
        "policy/k8s/deployments_test.rego",
        "package main.k8s\n\ntest_x if {\n",
    );
    bulwark()
        .args(["policy", "test", &policy])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("deployments_test.rego:"));
}

/// The example policies shipped in `examples/policies` pass their own tests and find what they
/// are meant to in a small repository.
#[test]
fn example_policies_pass_their_tests_and_fire() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/policies");
    let examples = examples.to_string_lossy();
    bulwark()
        .args(["policy", "test", &examples])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("FAIL").not());

    let repo = Repo::new();
    repo.write("infra/s3.tf", BUCKETS)
        .write("k8s/payments.yaml", DEPLOYMENT)
        .write("Dockerfile", "FROM python:3.12-slim\nUSER 10001\n");
    let (_, report) = repo.scan_json(&["--scanners", "iac", "--policy", &examples]);
    let mut ids: Vec<&str> = policy_findings(&report)
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "iac.policy.bank-001",
            "iac.policy.bank-002",
            "iac.policy.bank-003",
            "iac.policy.bank-003",
        ]
    );
}
