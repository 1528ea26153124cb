//! The IaC scanner through the real binary: every front end, Terraform modules, scoped
//! suppressions and input that is not IaC yet (Helm templates) or is broken (module cycles).

mod common;

use common::Repo;

/// (rule id, path, line, status) of every finding, in report order.
fn rows(report: &serde_json::Value) -> Vec<(String, String, u64, String)> {
    report["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .map(|f| {
                    (
                        f["rule_id"].as_str().unwrap_or_default().to_string(),
                        f["location"]["path"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        f["location"]["start_line"].as_u64().unwrap_or_default(),
                        f["status"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn has(report: &serde_json::Value, rule: &str, path: &str, line: u64, status: &str) -> bool {
    rows(report)
        .iter()
        .any(|r| r.0 == rule && r.1 == path && r.2 == line && r.3 == status)
}

#[test]
fn every_front_end_reports_through_the_cli() {
    let repo = Repo::new();
    repo.write(
        "infra/db.tf",
        "resource \"aws_db_instance\" \"ledger\" {\n  engine = \"postgres\"\n  publicly_accessible = true\n}\n",
    )
    .write(
        "k8s/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: registry.example/app:1.0\n      securityContext:\n        privileged: true\n",
    )
    .write("Dockerfile", "FROM alpine:3.20\nRUN curl -sSL https://get.example.sh | sh\n")
    .write(
        "cfn/template.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Ledger:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      PubliclyAccessible: true\n",
    )
    .write(
        ".github/workflows/ci.yml",
        "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n",
    );
    let (code, report) = repo.scan_json(&["--scanners", "iac"]);
    assert_eq!(code, 1, "{report:#}");
    assert!(has(
        &report,
        "iac.aws.rds-publicly-accessible",
        "infra/db.tf",
        3,
        "open"
    ));
    assert!(has(
        &report,
        "iac.kubernetes.privileged-container",
        "k8s/pod.yaml",
        10,
        "open"
    ));
    assert!(has(
        &report,
        "iac.dockerfile.curl-pipe-shell",
        "Dockerfile",
        2,
        "open"
    ));
    assert!(has(
        &report,
        "iac.github-actions.script-injection",
        ".github/workflows/ci.yml",
        6,
        "open"
    ));
    assert!(
        rows(&report).iter().any(|r| r.1 == "cfn/template.yaml"),
        "CloudFormation findings: {:?}",
        rows(&report)
    );
    for finding in report["findings"].as_array().into_iter().flatten() {
        assert!(finding["location"]["resource"].is_string(), "{finding}");
        assert!(
            !finding["controls"].as_array().is_none_or(Vec::is_empty),
            "{finding}"
        );
    }
}

#[test]
fn variables_resolve_across_the_files_of_a_module() {
    let repo = Repo::new();
    repo.write(
        "env/variables.tf",
        "variable \"public\" {\n  default = true\n}\n",
    )
    .write(
        "env/main.tf",
        "resource \"aws_db_instance\" \"ledger\" {\n  publicly_accessible = var.public\n}\n",
    );
    let (_, report) = repo.scan_json(&["--scanners", "iac"]);
    assert!(
        has(
            &report,
            "iac.aws.rds-publicly-accessible",
            "env/main.tf",
            2,
            "open"
        ),
        "{:?}",
        rows(&report)
    );
}

#[test]
fn local_module_inputs_are_reported_at_the_call() {
    let repo = Repo::new();
    repo.write(
        "modules/bucket/main.tf",
        "variable \"acl\" {\n  default = \"private\"\n}\n\nresource \"aws_s3_bucket_acl\" \"this\" {\n  bucket = \"b\"\n  acl    = var.acl\n}\n",
    )
    .write(
        "live/main.tf",
        "module \"statements\" {\n  source = \"../modules/bucket\"\n  acl    = \"public-read\"\n}\n\nmodule \"archive\" {\n  source = \"../modules/bucket\"\n}\n",
    );
    let (_, report) = repo.scan_json(&["--scanners", "iac"]);
    let acl: Vec<_> = rows(&report)
        .into_iter()
        .filter(|r| r.0 == "iac.aws.s3-public-acl")
        .collect();
    assert_eq!(acl.len(), 1, "{acl:?}");
    assert_eq!((acl[0].1.as_str(), acl[0].2), ("live/main.tf", 1));
    let finding = &report["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule_id"] == "iac.aws.s3-public-acl"))
        .cloned()
        .unwrap_or_default();
    let message = finding["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("module.statements.aws_s3_bucket_acl.this"),
        "{message}"
    );
    assert!(message.contains("modules/bucket/main.tf:7"), "{message}");
    // Lines moving inside the module keep the finding's fingerprint.
    let fingerprint = finding["fingerprint"].clone();
    let module = std::fs::read_to_string(repo.join("modules/bucket/main.tf")).unwrap_or_default();
    repo.write("modules/bucket/main.tf", format!("\n\n# moved\n{module}"));
    let (_, moved) = repo.scan_json(&["--scanners", "iac"]);
    let again = moved["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule_id"] == "iac.aws.s3-public-acl"))
        .cloned()
        .unwrap_or_default();
    assert!(
        again["message"]
            .as_str()
            .unwrap_or_default()
            .contains("main.tf:10")
    );
    assert_eq!(again["fingerprint"], fingerprint);
}

#[test]
fn module_cycles_are_reported_and_the_scan_finishes() {
    let repo = Repo::new();
    repo.write("a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\n")
        .write("b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\n");
    let (code, report) = repo.scan_json(&["--scanners", "iac"]);
    assert_eq!(code, 3, "incomplete scan: {report:#}");
    let errors = report["errors"].to_string();
    assert!(errors.contains("module cycle"), "{errors}");
}

#[test]
fn a_suppression_above_a_resource_covers_the_whole_block() {
    let repo = Repo::new();
    repo.write(
        "main.tf",
        "# bulwark:ignore iac.aws.rds-publicly-accessible -- reporting replica, firewall-restricted (RISK-7)\nresource \"aws_db_instance\" \"reporting\" {\n  engine              = \"postgres\"\n  storage_encrypted   = true\n  publicly_accessible = true\n}\n\nresource \"aws_db_instance\" \"ledger\" {\n  publicly_accessible = true\n}\n",
    );
    let (_, report) = repo.scan_json(&["--scanners", "iac"]);
    assert!(has(
        &report,
        "iac.aws.rds-publicly-accessible",
        "main.tf",
        5,
        "suppressed"
    ));
    assert!(has(
        &report,
        "iac.aws.rds-publicly-accessible",
        "main.tf",
        9,
        "open"
    ));
}

#[test]
fn helm_templates_are_listed_as_not_parsed_not_as_findings() {
    let repo = Repo::new();
    repo.write(
        "chart/templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: \"{{ .Values.image }}\"\n",
    );
    let (code, report) = repo.scan_json(&["--scanners", "iac"]);
    assert_eq!(code, 0, "{report:#}");
    assert!(rows(&report).is_empty(), "{:?}", rows(&report));
    let skipped = report["skipped"].to_string();
    assert!(
        skipped.contains("chart/templates/deploy.yaml") && skipped.contains("helm template"),
        "{skipped}"
    );
}

#[test]
fn broken_iac_is_an_error_with_a_line_and_the_scan_goes_on() {
    let repo = Repo::new();
    repo.write("bad.tf", "resource \"aws_s3_bucket\" \"b\" {\n  acl = \n")
        .write(
            "good.tf",
            "resource \"aws_db_instance\" \"d\" {\n  publicly_accessible = true\n}\n",
        );
    let (code, report) = repo.scan_json(&["--scanners", "iac"]);
    assert_eq!(code, 3, "{report:#}");
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e["path"] == "bad.tf" && e["line"].as_u64().is_some()),
        "{errors:?}"
    );
    assert!(has(
        &report,
        "iac.aws.rds-publicly-accessible",
        "good.tf",
        2,
        "open"
    ));
}

#[test]
fn kustomize_patches_are_not_judged_alone_but_bases_are() {
    let repo = Repo::new();
    repo.write(
        "base/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.example/api:1.0\n          securityContext:\n            privileged: true\n",
    )
    .write(
        "overlays/prod/kustomization.yaml",
        "resources: [../../base]\npatches:\n  - path: replicas.yaml\n",
    )
    .write(
        "overlays/prod/replicas.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n",
    );
    let (_, report) = repo.scan_json(&["--scanners", "iac"]);
    let paths: Vec<String> = rows(&report).into_iter().map(|r| r.1).collect();
    assert!(
        paths.iter().any(|p| p == "base/deployment.yaml"),
        "{paths:?}"
    );
    assert!(
        !paths.iter().any(|p| p.starts_with("overlays/")),
        "{paths:?}"
    );
    assert!(
        report["skipped"]
            .to_string()
            .contains("overlays/prod/replicas.yaml")
    );
}

#[test]
fn auto_loaded_tfvars_set_root_module_variables() {
    let repo = Repo::new();
    repo.write("live/variables.tf", "variable \"public\" {\n  default = false\n}\nvariable \"encrypted\" {\n  default = true\n}\n")
        .write(
            "live/main.tf",
            "resource \"aws_db_instance\" \"ledger\" {\n  publicly_accessible = var.public\n  storage_encrypted   = var.encrypted\n}\n",
        )
        .write("live/terraform.tfvars", "public = true\n")
        // Only with `-var-file`: Terraform does not load it by itself, so neither does Bulwark.
        .write("live/prod.tfvars", "encrypted = false\n");
    let (_, report) = repo.scan_json(&["--scanners", "iac"]);
    assert!(has(
        &report,
        "iac.aws.rds-publicly-accessible",
        "live/main.tf",
        2,
        "open"
    ));
    assert!(
        !rows(&report)
            .iter()
            .any(|r| r.0 == "iac.aws.rds-storage-encrypted"),
        "{:?}",
        rows(&report)
    );
}

#[test]
fn pipeline_level_findings_keep_their_fingerprint_when_jobs_are_reordered() {
    let include = "include:\n  - remote: https://ci.example.com/templates/build.yml\n";
    let (build, test) = (
        "build:\n  script: [make]\n",
        "test:\n  script: [make test]\n",
    );
    let fingerprint = |jobs: String| {
        let repo = Repo::new();
        repo.write(".gitlab-ci.yml", format!("{include}{jobs}"));
        let (_, report) = repo.scan_json(&["--scanners", "iac"]);
        let finding = report["findings"]
            .as_array()
            .and_then(|f| {
                f.iter()
                    .find(|f| f["rule_id"] == "iac.gitlab-ci.remote-include-without-integrity")
            })
            .cloned()
            .unwrap_or_default();
        assert_eq!(finding["location"]["start_line"], 2, "{report:#}");
        finding["fingerprint"].clone()
    };
    let first = fingerprint(format!("{build}{test}"));
    assert!(first.is_string());
    assert_eq!(fingerprint(format!("{test}{build}")), first);
}

#[test]
fn resources_attached_from_another_file_of_the_module_count() {
    let repo = Repo::new();
    repo.write(
        "infra/main.tf",
        "resource \"aws_s3_bucket\" \"statements\" {\n  bucket = \"statements\"\n}\n",
    )
    .write(
        "infra/s3.tf",
        "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"statements\" {\n  bucket = aws_s3_bucket.statements.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = \"aws:kms\"\n    }\n  }\n}\n",
    )
    // A bucket of another module (directory) with the same name stays unencrypted.
    .write(
        "other/main.tf",
        "resource \"aws_s3_bucket\" \"statements\" {\n  bucket = \"other\"\n}\n",
    );
    let (_, report) = repo.scan_json(&["--scanners", "iac"]);
    let encryption: Vec<String> = rows(&report)
        .into_iter()
        .filter(|r| r.0 == "iac.aws.s3-encryption")
        .map(|r| r.1)
        .collect();
    assert_eq!(encryption, ["other/main.tf"]);
}

#[test]
fn provider_default_tags_in_another_file_of_the_module_count() {
    let repo = Repo::new();
    repo.write("bulwark.toml", "[iac]\nrequired_tags = [\"owner\"]\n")
        .write(
            "live/providers.tf",
            "provider \"aws\" {\n  default_tags {\n    tags = { owner = \"payments\" }\n  }\n}\n",
        )
        .write(
            "live/main.tf",
            "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n",
        )
        .write(
            "bare/main.tf",
            "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n",
        );
    let (_, report) = repo.scan_json(&["--scanners", "iac"]);
    let untagged: Vec<String> = rows(&report)
        .into_iter()
        .filter(|r| r.0 == "iac.aws.required-tags")
        .map(|r| r.1)
        .collect();
    assert_eq!(untagged, ["bare/main.tf"]);
}
