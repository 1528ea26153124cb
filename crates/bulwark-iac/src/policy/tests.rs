use super::*;
use crate::frontend;
use bulwark_core::Severity;

fn source(path: &str, text: &str) -> PolicySource {
    PolicySource {
        path: path.to_string(),
        text: text.to_string(),
    }
}

fn compile(sources: &[PolicySource]) -> PolicySet {
    PolicySet::compile(sources, &[]).unwrap_or_else(|e| panic!("compiles: {e}"))
}

fn run(set: &PolicySet, path: &str, text: &str) -> Evaluation {
    let format = frontend::format_of(path, text).unwrap_or_else(|| panic!("{path}"));
    set.evaluate(path, &frontend::parse(format, path, text))
}

const BUCKET: &str = r#"resource "aws_s3_bucket" "logs" {
  bucket = "bank-logs"
}

resource "aws_s3_bucket" "data" {
  bucket = "bank-data"
  tags = {
    data-classification = "confidential"
  }
}
"#;

const TAGS_POLICY: &str = r#"package main

import rego.v1

__rego_metadata__ := {
	"id": "BANK-001",
	"title": "Buckets carry a data-classification tag",
	"severity": "MEDIUM",
	"cwe": ["CWE-1188"],
	"controls": ["pci-dss-4.0.1:12.5.2"],
	"remediation": "Add `tags = { data-classification = \"internal\" }`.",
}

deny contains msg if {
	some name
	bucket := input.resource.aws_s3_bucket[name]
	not bucket.tags["data-classification"]
	msg := sprintf("aws_s3_bucket.%s has no data-classification tag", [name])
}
"#;

#[test]
fn deny_on_a_terraform_bucket_with_metadata() {
    let set = compile(&[source("policy/tags.rego", TAGS_POLICY)]);
    let got = run(&set, "infra/main.tf", BUCKET);
    assert!(got.errors.is_empty(), "{:?}", got.errors);
    assert_eq!(got.findings.len(), 1);
    let finding = &got.findings[0];
    assert_eq!(finding.rule_id, "iac.policy.bank-001");
    assert_eq!(finding.severity, Severity::Medium);
    assert_eq!(finding.title, "Buckets carry a data-classification tag");
    assert_eq!(finding.cwe, ["CWE-1188"]);
    assert_eq!(finding.controls, ["pci-dss-4.0.1:12.5.2"]);
    assert_eq!(finding.location.start_line, 1, "the bucket's span");
    assert_eq!(finding.location.end_line, 3);
    assert_eq!(
        finding.location.resource.as_deref(),
        Some("aws_s3_bucket.logs")
    );
    assert_eq!(
        finding.properties.get("policy_file"),
        Some(&serde_json::json!("policy/tags.rego"))
    );
    assert_eq!(set.rules().len(), 1);
    assert_eq!(set.rules()[0].id, "iac.policy.bank-001");
}

#[test]
fn kubernetes_documents_are_evaluated_one_by_one() {
    let policy = r#"package main

deny_public_lb contains msg if {
	input.kind == "Service"
	input.spec.type == "LoadBalancer"
	msg := sprintf("Service %s is a public LoadBalancer", [input.metadata.name])
}

warn contains {"msg": "no replicas set", "owner": "platform"} if {
	input.kind == "Deployment"
	not input.spec.replicas
}
"#;
    let manifest = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  type: LoadBalancer\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: payments\nspec: {}\n";
    let set = compile(&[source("policy/k8s.rego", policy)]);
    let got = run(&set, "k8s/api.yaml", manifest);
    assert!(got.errors.is_empty(), "{:?}", got.errors);
    let mut findings = got.findings;
    findings.sort_by_key(|f| f.location.start_line);
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0].rule_id, "iac.policy.main.deny-public-lb");
    assert_eq!(findings[0].severity, Severity::High);
    assert_eq!(findings[0].location.start_line, 1);
    assert_eq!(
        findings[0].location.resource.as_deref(),
        Some("Service/default/api")
    );
    assert_eq!(findings[1].rule_id, "iac.policy.main.warn");
    assert_eq!(findings[1].severity, Severity::Low);
    assert_eq!(findings[1].location.start_line, 8);
    assert_eq!(
        findings[1].location.resource.as_deref(),
        Some("Deployment/payments/api")
    );
    assert_eq!(
        findings[1].properties.get("policy_details"),
        Some(&serde_json::json!({"owner": "platform"}))
    );
}

#[test]
fn result_objects_carry_their_own_rule() {
    let policy = r#"package main

violation contains {"msg": "image from an unapproved registry", "id": "BANK-003", "severity": "critical", "title": "Approved registries"} if {
	some cmd in input
	cmd.Cmd == "from"
	not startswith(cmd.Value[0], "registry.bank.example/")
}
"#;
    let set = compile(&[source("policy/images.rego", policy)]);
    let got = run(
        &set,
        "Dockerfile",
        "FROM docker.io/library/alpine:3.20\nUSER 1000\n",
    );
    assert_eq!(got.findings.len(), 1, "{:?}", got.errors);
    assert_eq!(got.findings[0].rule_id, "iac.policy.bank-003");
    assert_eq!(got.findings[0].severity, Severity::Critical);
    assert_eq!(got.findings[0].title, "Approved registries");
    assert_eq!(got.findings[0].location.start_line, 1);
    let ids: Vec<&str> = set.rules().iter().map(|r| r.id).collect();
    assert_eq!(ids, ["iac.policy.main.violation", "iac.policy.bank-003"]);
    // A second scan reuses the rule made for the id.
    let _ = run(&set, "Dockerfile", "FROM docker.io/library/alpine:3.20\n");
    assert_eq!(set.rules().len(), 2);
}

#[test]
fn rego_v0_policies_and_other_namespaces() {
    let v0 = "package main.legacy\n\ndeny[msg] {\n  input.kind == \"Pod\"\n  msg := \"pods are not deployed directly\"\n}\n";
    let other = "package bank.iac\n\ndeny contains \"always\" if { input.kind == \"Pod\" }\n";
    let ignored = "package elsewhere\n\ndeny contains \"never queried\" if { true }\n";
    let sources = [
        source("p/v0.rego", v0),
        source("p/other.rego", other),
        source("p/ignored.rego", ignored),
    ];
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n";
    let set = compile(&sources);
    let got = run(&set, "pod.yaml", pod);
    let messages: Vec<&str> = got.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages, ["pods are not deployed directly"]);
    let set = PolicySet::compile(&sources, &["bank".to_string()]).expect("compiles");
    assert_eq!(run(&set, "pod.yaml", pod).findings.len(), 2);
}

#[test]
fn compile_errors_name_file_and_line() {
    let broken = "package main\n\ndeny contains msg if {\n  msg := sprintf(\"%v\", [input.a]\n}\n";
    let err =
        PolicySet::compile(&[source("policy/deny.rego", broken)], &[]).expect_err("does not parse");
    assert_eq!(err.path, "policy/deny.rego");
    // regorus points at the unclosed `[input.a` (it reads `[` … as a set).
    assert_eq!(
        err.to_string(),
        "policy/deny.rego:4: expecting `}` while parsing set"
    );

    let unknown = "package main\n\ndeny contains msg if {\n  msg := no_such_function(input)\n}\n";
    let err = PolicySet::compile(&[source("policy/fn.rego", unknown)], &[])
        .expect_err("unknown function");
    assert_eq!(err.line, Some(4), "{err}");
    assert!(err.message.contains("no_such_function"), "{err}");

    let bad_meta = "package main\n__rego_metadata__ := {\"severity\": \"urgent\"}\ndeny contains \"x\" if { false }\n";
    let err =
        PolicySet::compile(&[source("policy/meta.rego", bad_meta)], &[]).expect_err("bad severity");
    assert!(err.to_string().contains("urgent"), "{err}");
}

#[test]
fn test_files_are_not_loaded_for_scans() {
    let test =
        "package main\n\ntest_x if { true }\ndeny contains \"from a test file\" if { true }\n";
    let set = compile(&[
        source("p/tags.rego", TAGS_POLICY),
        source("p/tags_test.rego", test),
    ]);
    let got = run(&set, "main.tf", BUCKET);
    assert!(got.findings.iter().all(|f| f.message != "from a test file"));
}

#[test]
fn policy_tests_pass_and_fail() {
    let tests = r#"package main

import rego.v1

test_untagged_bucket_denied if {
	count(deny) == 1 with input as {"resource": {"aws_s3_bucket": {"a": {}}}}
}

test_tagged_bucket_allowed if {
	count(deny) == 0 with input as {"resource": {"aws_s3_bucket": {"a": {"tags": {"data-classification": "internal"}}}}}
}

test_wrong_expectation if {
	count(deny) == 5 with input as {"resource": {"aws_s3_bucket": {"a": {}}}}
}
"#;
    let cases = run_tests(&[
        source("p/tags.rego", TAGS_POLICY),
        source("p/tags_test.rego", tests),
    ])
    .expect("compiles");
    let outcomes: Vec<(&str, &TestOutcome)> = cases
        .iter()
        .map(|c| (c.name.as_str(), &c.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("data.main.test_untagged_bucket_denied", &TestOutcome::Pass),
            ("data.main.test_tagged_bucket_allowed", &TestOutcome::Pass),
            ("data.main.test_wrong_expectation", &TestOutcome::Fail),
        ]
    );
    assert!(cases.iter().all(|c| c.file == "p/tags_test.rego"));
}

#[test]
fn runtime_errors_are_reported_not_panics() {
    let policy = "package main\n\ndeny contains msg if {\n  input.kind == \"Pod\"\n  msg := concat(\",\", input.spec)\n}\n";
    let set = compile(&[source("policy/err.rego", policy)]);
    let got = run(
        &set,
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nspec: {a: 1}\n",
    );
    assert!(got.findings.is_empty());
    assert_eq!(
        got.errors,
        ["policy data.main.deny: policy/err.rego:5: `concat` expects array/set of strings."]
    );
}

#[test]
fn evaluation_time_is_bounded() {
    let policy = "package main\n\ndeny contains msg if {\n  input.kind == \"Pod\"\n  some i in numbers.range(1, 100000)\n  some j in numbers.range(1, 100000)\n  i + j < 0\n  msg := \"never\"\n}\n";
    let set = compile(&[source("policy/slow.rego", policy)]);
    let started = std::time::Instant::now();
    let got = run(&set, "pod.yaml", "apiVersion: v1\nkind: Pod\n");
    assert!(
        started.elapsed() < EVAL_TIME_LIMIT * 3,
        "{:?}",
        started.elapsed()
    );
    assert!(got.findings.is_empty());
    assert_eq!(got.errors.len(), 1, "{:?}", got.errors);
    assert!(got.errors[0].contains("time limit"), "{:?}", got.errors);
    // The rule is not run again: a second file costs nothing.
    let started = std::time::Instant::now();
    let again = run(&set, "pod.yaml", "apiVersion: v1\nkind: Pod\n");
    assert!(again.errors.is_empty() && again.findings.is_empty());
    assert!(started.elapsed() < EVAL_TIME_LIMIT / 2);
}

/// Every fixture of every format goes through every input builder and a policy that touches
/// all of `input` without panicking.
#[test]
fn evaluation_never_panics_on_fixtures() {
    let policy = "package main\n\nwarn contains msg if {\n  walk(input, [path, value])\n  is_string(value)\n  contains(value, \"never-present-marker\")\n  msg := concat(\".\", [sprintf(\"%v\", [p]) | some p in path])\n}\n";
    let set = compile(&[source("policy/walk.rego", policy)]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut stack = vec![root.clone()];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let rel = path
                .strip_prefix(&root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            if let Some(format) = frontend::format_of(&rel, &text) {
                let got = set.evaluate(&rel, &frontend::parse(format, &rel, &text));
                assert!(got.errors.is_empty(), "{rel}: {:?}", got.errors);
                seen += 1;
            }
        }
    }
    assert!(seen >= 10, "{seen} fixtures");
}

#[test]
fn mentions_whole_addresses_only() {
    assert!(mentions(
        "aws_s3_bucket.logs has no tag",
        "aws_s3_bucket.logs"
    ));
    assert!(mentions("see aws_s3_bucket.logs.", "aws_s3_bucket.logs"));
    assert!(!mentions(
        "aws_s3_bucket.logs_archive",
        "aws_s3_bucket.logs"
    ));
    assert!(!mentions("aws_s3_bucket.logs.id", "aws_s3_bucket.logs"));
    assert!(!mentions("x", ""));
}

#[test]
fn engines_can_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<PolicySet>();
}
