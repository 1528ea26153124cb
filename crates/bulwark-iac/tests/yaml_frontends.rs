//! Front-end tests over realistic fixtures: resources, addresses, spans and bad input.

use bulwark_iac::detect::{detect, parse};
use bulwark_iac::model::{Document, Format, Node, Position, Value};
use bulwark_iac::{cloudformation, compose, github_actions, gitlab_ci, kubernetes, yaml};

const K8S: &str = include_str!("fixtures/kubernetes/payments.yaml");
const K8S_BROKEN: &str = include_str!("fixtures/kubernetes/broken-middle.yaml");
const HELM: &str = include_str!("fixtures/helm/deployment.yaml");
const COMPOSE: &str = include_str!("fixtures/compose/docker-compose.yml");
const CFN_YAML: &str = include_str!("fixtures/cloudformation/storage.yaml");
const CFN_JSON: &str = include_str!("fixtures/cloudformation/storage.json");
const GHA: &str = include_str!("fixtures/github_actions/.github/workflows/release.yml");
const GITLAB: &str = include_str!("fixtures/gitlab_ci/.gitlab-ci.yml");

/// Where the `nth` (0-based) occurrence of `needle` starts in `text`, 1-based line and column.
fn locate(text: &str, needle: &str, nth: usize) -> Position {
    let (byte, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} not in fixture"));
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Position {
        line: line as u32,
        column: column as u32,
    }
}

fn addresses(doc: &Document) -> Vec<(&str, &str)> {
    doc.resources
        .iter()
        .map(|r| (r.kind.as_str(), r.address.as_str()))
        .collect()
}

fn resource<'d>(doc: &'d Document, address: &str) -> &'d Node {
    &doc.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no {address}"))
        .body
}

#[test]
fn kubernetes_multi_document_manifest() {
    let doc = kubernetes::parse(K8S);
    assert_eq!(
        addresses(&doc),
        [
            ("Namespace", "Namespace/default/payments"),
            ("Deployment", "Deployment/payments/api"),
            ("Service", "Service/default/api"),
            ("ConfigMap", "ConfigMap/payments/feature-flags"),
            ("ConfigMap", "ConfigMap/default/limits"),
        ]
    );
    // The last document is not a Kubernetes object: reported, not a resource.
    assert_eq!(doc.problems.len(), 1, "{:?}", doc.problems);
    assert_eq!(doc.problems[0].line, Some(locate(K8S, "settings:", 0).line));
    // Root: every non-empty document.
    assert_eq!(doc.root.as_array().map(<[Node]>::len), Some(5));

    let deploy = resource(&doc, "Deployment/payments/api");
    let container = &deploy
        .at(&["spec", "template", "spec", "containers"])
        .and_then(|c| c.as_array())
        .expect("present")[0];
    let privileged = container
        .at(&["securityContext", "privileged"])
        .expect("present");
    assert_eq!(privileged.as_bool(), Some(true));
    assert_eq!(
        privileged.span.start,
        locate(K8S, "true\n            allowPrivilegeEscalation", 0)
    );
    // YAML 1.2: `yes` is a string, not a boolean.
    assert_eq!(
        container
            .at(&["securityContext", "runAsNonRoot"])
            .expect("present")
            .as_str(),
        Some("yes")
    );
    let image = container.get("image").expect("present");
    assert_eq!(image.span.start, locate(K8S, "registry.example.com", 0));
    assert_eq!(
        image.span.end.column,
        image.span.start.column + "registry.example.com/payments/api:1.14.2".len() as u32
    );
    // Aliases expand: the pod template's labels are the metadata labels.
    let labels = deploy
        .at(&["spec", "template", "metadata", "labels"])
        .expect("present");
    assert_eq!(
        labels.get("app").and_then(Node::as_str),
        Some("payments-api")
    );
    assert_eq!(labels.span.start, locate(K8S, "*labels", 1));
    assert_eq!(
        deploy.at(&["spec", "replicas"]).expect("present").value,
        Value::Number(3.0)
    );
    // Resource span covers the document.
    let r = doc
        .resources
        .iter()
        .find(|r| r.address == "Service/default/api")
        .expect("present");
    assert_eq!(
        r.span.start,
        locate(K8S, "apiVersion: v1\nkind: Service", 0)
    );
}

#[test]
fn kubernetes_syntax_error_keeps_other_documents() {
    let doc = kubernetes::parse(K8S_BROKEN);
    assert_eq!(
        addresses(&doc),
        [
            ("ServiceAccount", "ServiceAccount/audit/reporter"),
            ("ClusterRole", "ClusterRole/default/reader")
        ]
    );
    assert_eq!(doc.problems.len(), 1, "{:?}", doc.problems);
    assert!(doc.problems[0].message.contains("syntax error"));
    let line = doc.problems[0].line.expect("present");
    assert!((10..=12).contains(&line), "error line {line}");
    // Spans after the recovery point are still absolute.
    let role = resource(&doc, "ClusterRole/default/reader");
    let verbs = role
        .at(&["rules"])
        .and_then(|r| r.as_array())
        .expect("present")[0]
        .get("verbs")
        .expect("present");
    assert_eq!(verbs.span.start, locate(K8S_BROKEN, "[\"get\"", 0));
}

#[test]
fn helm_template_is_a_problem_not_resources() {
    for (name, text) in [
        ("deployment", HELM),
        (
            "control-only",
            "{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n",
        ),
    ] {
        let doc = kubernetes::parse(text);
        assert!(doc.resources.is_empty(), "{name}");
        assert_eq!(doc.problems.len(), 1, "{name}: {:?}", doc.problems);
        assert!(doc.problems[0].message.contains("template"), "{name}");
        assert!(yaml::load(text).template, "{name}");
    }
    // A quoted `{{ }}` value in otherwise plain YAML is just a string.
    let plain = yaml::load("image: \"{{ .Values.image }}\"\n");
    assert!(!plain.template);
    assert!(plain.problems.is_empty());
}

#[test]
fn compose_services() {
    let doc = compose::parse(COMPOSE);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_eq!(
        addresses(&doc),
        [
            ("service", "services.web"),
            ("service", "services.app"),
            ("service", "services.db")
        ]
    );
    let db = resource(&doc, "services.db");
    let privileged = db.get("privileged").expect("present");
    assert_eq!(privileged.as_bool(), Some(true));
    assert_eq!(privileged.span.start, locate(COMPOSE, "true", 0));
    // Alias and merge key.
    let web = resource(&doc, "services.web");
    assert_eq!(
        web.at(&["logging", "driver"]).and_then(Node::as_str),
        Some("json-file")
    );
    let app = resource(&doc, "services.app");
    assert_eq!(
        app.at(&["logging", "driver"]).and_then(Node::as_str),
        Some("local")
    );
    assert_eq!(
        app.at(&["logging", "options", "max-size"])
            .and_then(Node::as_str),
        Some("10m")
    );
    assert_eq!(
        app.at(&["environment", "DEBUG"]).and_then(Node::as_str),
        Some("false")
    );
    assert!(doc.root.get("volumes").is_some());
}

#[test]
fn cloudformation_yaml_short_tags() {
    let doc = cloudformation::parse(CFN_YAML);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_eq!(
        addresses(&doc),
        [
            ("AWS::S3::Bucket", "Resources.LogsBucket"),
            ("AWS::SNS::Topic", "Resources.LogsTopic"),
            ("AWS::KMS::Key", "Resources.LogsKey"),
        ]
    );
    let bucket = resource(&doc, "Resources.LogsBucket");
    let sse = bucket
        .at(&[
            "Properties",
            "BucketEncryption",
            "ServerSideEncryptionConfiguration",
        ])
        .and_then(Node::as_array)
        .expect("present")[0]
        .get("ServerSideEncryptionByDefault")
        .expect("present");
    // A Ref to a parameter with a literal default becomes the literal, at the Ref's span.
    let algorithm = sse.get("SSEAlgorithm").expect("present");
    assert_eq!(algorithm.as_str(), Some("aws:kms"));
    assert_eq!(
        algorithm.span.start.line,
        locate(CFN_YAML, "SSEAlgorithm", 0).line
    );
    // A Ref to a parameter without default stays a Ref.
    assert_eq!(
        sse.get("KMSMasterKeyID").expect("present").to_json(),
        serde_json::json!({"Ref": "KeyArn"})
    );
    let topic = resource(&doc, "Resources.LogsTopic");
    assert_eq!(
        topic
            .at(&["Properties", "KmsMasterKeyId"])
            .expect("present")
            .to_json(),
        serde_json::json!({"Fn::GetAtt": ["LogsKey", "Arn"]})
    );
    // The root keeps the template as written.
    assert_eq!(
        doc.root
            .at(&["Conditions", "IsProd"])
            .expect("present")
            .to_json(),
        serde_json::json!({"Fn::Equals": [{"Ref": "Environment"}, "prod"]})
    );
    let rotation = resource(&doc, "Resources.LogsKey")
        .at(&["Properties", "EnableKeyRotation"])
        .expect("present");
    assert_eq!(rotation.span.start, locate(CFN_YAML, "true", 0));
}

#[test]
fn cloudformation_json_matches_yaml() {
    let from_yaml = cloudformation::parse(CFN_YAML);
    let from_json = cloudformation::parse(CFN_JSON);
    assert!(from_json.problems.is_empty(), "{:?}", from_json.problems);
    assert_eq!(addresses(&from_yaml), addresses(&from_json));
    for (y, j) in from_yaml.resources.iter().zip(&from_json.resources) {
        assert_eq!(y.body.to_json(), j.body.to_json(), "{}", y.address);
    }
    assert_eq!(from_yaml.root.to_json(), from_json.root.to_json());
    let rotation = resource(&from_json, "Resources.LogsKey")
        .at(&["Properties", "EnableKeyRotation"])
        .expect("present");
    assert_eq!(rotation.span.start, locate(CFN_JSON, "true", 0));
}

#[test]
fn github_actions_workflow_and_jobs() {
    let doc = github_actions::parse(GHA);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_eq!(
        addresses(&doc),
        [
            ("workflow", "workflow"),
            ("job", "jobs.build"),
            ("job", "jobs.publish")
        ]
    );
    let workflow = resource(&doc, "workflow");
    // YAML 1.2: the `on` key is the string "on", not `true`.
    assert!(workflow.at(&["on", "pull_request_target"]).is_some());
    let permissions = workflow.get("permissions").expect("present");
    assert_eq!(permissions.as_str(), Some("write-all"));
    assert_eq!(permissions.span.start, locate(GHA, "write-all", 0));
    let build = resource(&doc, "jobs.build");
    let steps = build
        .get("steps")
        .and_then(Node::as_array)
        .expect("present");
    let run = steps[1].get("run").expect("present");
    assert_eq!(
        run.as_str(),
        Some("echo \"Title ${{ github.event.pull_request.title }}\"")
    );
    assert_eq!(run.span.start, locate(GHA, "echo \"Title", 0));
}

#[test]
fn gitlab_ci_jobs_extends_and_references() {
    let doc = gitlab_ci::parse(GITLAB);
    assert_eq!(
        addresses(&doc),
        [
            ("job", "build"),
            ("job", "test:unit"),
            ("job", "deploy:prod"),
            ("job", "broken")
        ]
    );
    assert_eq!(doc.problems.len(), 1, "{:?}", doc.problems);
    assert!(doc.problems[0].message.contains(".missing"));
    assert_eq!(
        doc.problems[0].line,
        Some(locate(GITLAB, ".missing", 0).line)
    );

    let build = resource(&doc, "build");
    // From `.docker`, with the job's own variables deep-merged over the template's.
    let image = build.get("image").expect("present");
    assert_eq!(image.as_str(), Some("docker:27"));
    assert_eq!(image.span.start, locate(GITLAB, "docker:27", 0));
    assert_eq!(
        build.at(&["variables", "PUSH"]).and_then(Node::as_str),
        Some("true")
    );
    assert_eq!(
        build
            .at(&["variables", "DOCKER_TLS_CERTDIR"])
            .and_then(Node::as_str),
        Some("/certs")
    );
    // `!reference` spliced into the script.
    let script: Vec<_> = build
        .get("script")
        .and_then(Node::as_array)
        .expect("present")
        .iter()
        .filter_map(Node::as_str)
        .collect();
    assert_eq!(
        script,
        [
            "echo preparing",
            "docker build -t registry.example.com/app:$CI_COMMIT_SHA ."
        ]
    );
    let unit = resource(&doc, "test:unit");
    assert!(unit.get("before_script").is_some());
    let unit_script: Vec<_> = unit
        .get("script")
        .and_then(Node::as_array)
        .expect("present")
        .iter()
        .filter_map(Node::as_str)
        .collect();
    assert_eq!(unit_script, ["make test"]);
    // Global keys stay in the root.
    for key in [
        "stages",
        "variables",
        "default",
        "include",
        ".setup",
        ".docker",
    ] {
        assert!(doc.root.get(key).is_some(), "{key}");
    }
}

#[test]
fn detect_table() {
    let table: &[(&str, &str, Option<Format>)] = &[
        (".gitlab-ci.yml", GITLAB, Some(Format::GitlabCi)),
        (
            "repo/.github/workflows/release.yml",
            GHA,
            Some(Format::GithubActions),
        ),
        (
            ".github/workflows/ci.yaml",
            GHA,
            Some(Format::GithubActions),
        ),
        (
            "deploy/docker-compose.prod.yml",
            COMPOSE,
            Some(Format::DockerCompose),
        ),
        ("compose.yaml", COMPOSE, Some(Format::DockerCompose)),
        ("infra/storage.yaml", CFN_YAML, Some(Format::CloudFormation)),
        ("infra/storage.json", CFN_JSON, Some(Format::CloudFormation)),
        (
            "infra/storage.template",
            CFN_YAML,
            Some(Format::CloudFormation),
        ),
        ("k8s/payments.yaml", K8S, Some(Format::Kubernetes)),
        ("k8s/broken.yml", K8S_BROKEN, Some(Format::Kubernetes)),
        (
            "config/app.yaml",
            "server:\n  port: 8080\nkind: not-k8s\n",
            None,
        ),
        ("ansible/site.yml", "- hosts: all\n  tasks: []\n", None),
        (
            "package.json",
            "{\"name\": \"x\", \"version\": \"1.0.0\"}",
            None,
        ),
        (
            "stack.json",
            "{\"Resources\": {\"Q\": {\"Type\" : \"AWS::SQS::Queue\"}}}",
            Some(Format::CloudFormation),
        ),
        ("main.tf", "resource \"aws_s3_bucket\" \"b\" {}", None),
        (
            "sam.yaml",
            "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n",
            Some(Format::CloudFormation),
        ),
    ];
    for (path, text, want) in table {
        assert_eq!(detect(path, text), *want, "{path}");
        if let Some(format) = want {
            assert_eq!(
                parse(*format, text).map(|d| d.format),
                Some(*format),
                "{path}"
            );
        }
    }
}
