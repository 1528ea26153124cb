use super::*;

const S3: &str = include_str!("../../tests/fixtures/terraform/s3.tf");
const SG: &str = include_str!("../../tests/fixtures/terraform/sg.tf");
const VARS: &str = include_str!("../../tests/fixtures/terraform/module/variables.tf");
const MAIN: &str = include_str!("../../tests/fixtures/terraform/module/main.tf");
const INVALID: &str = include_str!("../../tests/fixtures/terraform/invalid.tf");
const PLAN: &str = include_str!("../../tests/fixtures/terraform/plan.json");

fn resource<'d>(doc: &'d Document, address: &str) -> &'d Resource {
    doc.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no {address} in {:?}", addresses(doc)))
}

fn addresses(doc: &Document) -> Vec<&str> {
    doc.resources.iter().map(|r| r.address.as_str()).collect()
}

fn at<'n>(node: &'n Node, path: &[&str]) -> &'n Node {
    node.at(path)
        .unwrap_or_else(|| panic!("no {path:?} in {:?}", node.to_json()))
}

/// (line, column) of a node's start.
fn start(node: &Node) -> (u32, u32) {
    (node.span.start.line, node.span.start.column)
}

#[test]
fn s3_resources_kinds_addresses_and_spans() {
    let doc = parse("s3.tf", S3);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_eq!(doc.format, Format::Terraform);
    assert_eq!(
        addresses(&doc),
        [
            "aws_s3_bucket.logs",
            "aws_s3_bucket_public_access_block.logs",
            "aws_s3_bucket_policy.logs",
            "data.aws_iam_policy_document.read",
        ]
    );
    let bucket = resource(&doc, "aws_s3_bucket.logs");
    assert_eq!(bucket.kind, "aws_s3_bucket");
    assert_eq!((bucket.span.start.line, bucket.span.end.line), (1, 8));
    // (path, value, line, column) of attribute values.
    let cases: &[(&[&str], Value, u32, u32)] = &[
        (&["bucket"], Value::String("acme-audit-logs".into()), 2, 12),
        (&["acl"], Value::String("log-delivery-write".into()), 3, 12),
        (&["tags", "Team"], Value::String("platform".into()), 6, 12),
    ];
    for (path, value, line, column) in cases {
        let node = at(&bucket.body, path);
        assert_eq!(&node.value, value, "{path:?}");
        assert_eq!(start(node), (*line, *column), "{path:?}");
    }
    let block = resource(&doc, "aws_s3_bucket_public_access_block.logs");
    assert_eq!(
        at(&block.body, &["block_public_policy"]).as_bool(),
        Some(false)
    );
    assert_eq!(start(at(&block.body, &["block_public_policy"])), (13, 29));
    assert_eq!(
        at(&block.body, &["bucket"]).value,
        Value::Expression("aws_s3_bucket.logs.id".into())
    );
    let policy = resource(&doc, "aws_s3_bucket_policy.logs");
    assert_eq!(
        at(&policy.body, &["policy"]).as_str(),
        Some("{\"Version\": \"2012-10-17\"}\n")
    );
    // The root keeps the file in Terraform's JSON shape.
    assert!(
        doc.root
            .at(&["resource", "aws_s3_bucket", "logs", "acl"])
            .is_some()
    );
    assert!(
        doc.root
            .at(&["data", "aws_iam_policy_document", "read"])
            .is_some()
    );
}

#[test]
fn references_find_attached_resources() {
    let doc = parse("s3.tf", S3);
    let cases: &[(&str, &[&str])] = &[
        ("aws_s3_bucket.logs", &[]),
        (
            "aws_s3_bucket_public_access_block.logs",
            &["aws_s3_bucket.logs"],
        ),
        ("aws_s3_bucket_policy.logs", &["aws_s3_bucket.logs"]),
        ("data.aws_iam_policy_document.read", &["aws_s3_bucket.logs"]),
    ];
    for (address, expected) in cases {
        assert_eq!(references(resource(&doc, address)), *expected, "{address}");
    }
}

#[test]
fn reference_scanner() {
    let cases: &[(&str, &[&str])] = &[
        ("aws_s3_bucket.logs.id", &["aws_s3_bucket.logs"]),
        ("aws_instance.web[0].id", &["aws_instance.web"]),
        ("data.aws_vpc.main.id", &["data.aws_vpc.main"]),
        ("module.network.vpc_id", &["module.network"]),
        ("var.bucket_name", &[]),
        ("local.x == each.value ? 1 : 2", &[]),
        ("\"${aws_kms_key.k.arn}:${var.x}\"", &["aws_kms_key.k"]),
        (
            "[aws_iam_role.a.arn, aws_iam_role.b.arn]",
            &["aws_iam_role.a", "aws_iam_role.b"],
        ),
        ("1.5 * count.index", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(scan_references(text), *expected, "{text}");
    }
}

#[test]
fn security_group_ingress_blocks() {
    let doc = parse("sg.tf", SG);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let sg = resource(&doc, "aws_security_group.web");
    let ingress = at(&sg.body, &["ingress"]).as_array().unwrap_or_default();
    assert_eq!(ingress.len(), 2);
    let cidrs: Vec<Value> = ingress
        .iter()
        .filter_map(|i| i.at(&["cidr_blocks"])?.as_array()?.first())
        .map(|n| n.value.clone())
        .collect();
    assert_eq!(
        cidrs,
        [
            Value::String("0.0.0.0/0".into()),
            Value::Expression("var.admin_cidr".into())
        ]
    );
    let first = ingress.first().unwrap_or_else(|| panic!("ingress"));
    assert_eq!(first.span.start.line, 5);
    assert_eq!(start(at(first, &["from_port"])), (6, 19));
    assert_eq!(at(first, &["from_port"]).value, Value::Number(443.0));
    let egress = at(&sg.body, &["egress"]).as_array().unwrap_or_default();
    assert_eq!(egress.len(), 1);
    assert_eq!(
        egress
            .first()
            .and_then(|e| e.get("protocol"))
            .and_then(Node::as_str),
        Some("tcp")
    );
}

#[test]
fn module_variables_locals_count_for_each() {
    let docs = parse_module(&[("variables.tf", VARS), ("main.tf", MAIN)]);
    assert_eq!(docs.len(), 2);
    let vars = docs.first().unwrap_or_else(|| panic!("vars"));
    assert!(vars.resources.is_empty());
    let main = docs.get(1).unwrap_or_else(|| panic!("main"));
    assert!(main.problems.is_empty(), "{:?}", main.problems);
    assert_eq!(
        addresses(main),
        [
            "aws_s3_bucket.data",
            "aws_instance.worker[0]",
            "aws_instance.worker[1]",
            "aws_s3_bucket.per_env[\"assets\"]",
            "aws_s3_bucket.per_env[\"backups\"]",
            "aws_iam_user.ops[\"alice\"]",
            "aws_iam_user.ops[\"bob\"]",
            "aws_instance.dynamic",
            "module.network",
            "null_resource.script",
        ]
    );
    // (address, path, value, line of the attribute value in main.tf)
    let cases: &[(&str, &[&str], Value, u32)] = &[
        (
            "aws_s3_bucket.data",
            &["bucket"],
            Value::String("acme-staging-data".into()),
            6,
        ),
        (
            "aws_s3_bucket.data",
            &["acl"],
            Value::String("public-read".into()),
            7,
        ),
        (
            "aws_s3_bucket.data",
            &["owner"],
            Value::Expression("var.no_default".into()),
            8,
        ),
        (
            "aws_instance.worker[1]",
            &["tags", "Name"],
            Value::String("worker-1".into()),
            16,
        ),
        ("aws_instance.worker[0]", &["count"], Value::Number(2.0), 12),
        (
            "aws_s3_bucket.per_env[\"assets\"]",
            &["acl"],
            Value::String("public-read".into()),
            23,
        ),
        (
            "aws_s3_bucket.per_env[\"backups\"]",
            &["bucket"],
            Value::String("acme-staging-backups".into()),
            22,
        ),
        (
            "aws_iam_user.ops[\"bob\"]",
            &["name"],
            Value::String("bob".into()),
            28,
        ),
        (
            "aws_instance.dynamic",
            &["count"],
            Value::Expression("length(var.list)".into()),
            32,
        ),
        ("module.network", &["enable_nat"], Value::Bool(true), 39),
        (
            "null_resource.script",
            &["triggers", "script"],
            Value::String("echo hello\n  indented\n".into()),
            44,
        ),
    ];
    for (address, path, value, line) in cases {
        let node = at(&resource(main, address).body, path);
        assert_eq!(&node.value, value, "{address} {path:?}");
        assert_eq!(node.span.start.line, *line, "{address} {path:?}");
    }
    assert_eq!(resource(main, "module.network").kind, "module");
}

#[test]
fn single_file_parse_does_not_see_other_files() {
    let doc = parse("main.tf", MAIN);
    let bucket = resource(&doc, "aws_s3_bucket.data");
    assert_eq!(
        at(&bucket.body, &["acl"]).value,
        Value::Expression("var.acl".into())
    );
    // Without the variable, count is unknown: one unexpanded instance.
    assert!(
        doc.resources
            .iter()
            .any(|r| r.address == "aws_instance.worker")
    );
}

#[test]
fn invalid_hcl_is_a_problem_with_a_line() {
    let doc = parse("invalid.tf", INVALID);
    assert!(doc.resources.is_empty());
    let problem = doc.problems.first().unwrap_or_else(|| panic!("no problem"));
    assert_eq!(problem.line, Some(7));
    assert!(problem.message.contains("line 7"), "{}", problem.message);
}

#[test]
fn odd_inputs() {
    // (text, resources, problems)
    let cases: &[(&str, usize, usize)] = &[
        ("", 0, 0),
        ("resource \"a_b\" \"c\" {\n  count = 0\n}\n", 0, 0),
        ("resource \"a_b\" \"c\" {\n  count = 100000\n}\n", 1, 1),
        ("resource \"a_b\" {}\n", 0, 0),
        (
            "locals {\n  a = local.b\n  b = local.a\n}\nresource \"x_y\" \"z\" { v = local.a }\n",
            1,
            0,
        ),
        ("resource \"a_b\" \"c\" {\n  for_each = {}\n}\n", 0, 0),
        (&"[".repeat(5000), 0, 1),
        ("resource \"a_b\" \"c\" { x = \"\u{e9}\" }", 1, 0),
    ];
    for (text, resources, problems) in cases {
        let doc = parse("t.tf", text);
        assert_eq!(doc.resources.len(), *resources, "{text:.60}");
        assert_eq!(
            doc.problems.len(),
            *problems,
            "{text:.60}: {:?}",
            doc.problems
        );
    }
    let doc = parse("x.tf.json", "{}");
    assert_eq!(doc.problems.len(), 1);
}

#[test]
fn plan_resources_with_exact_values() {
    let doc = plan::parse(PLAN);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_eq!(doc.format, Format::TerraformPlan);
    assert_eq!(
        addresses(&doc),
        [
            "aws_s3_bucket.logs",
            "aws_instance.worker[1]",
            "module.network.aws_security_group.db",
        ]
    );
    let sg = resource(&doc, "module.network.aws_security_group.db");
    assert_eq!(sg.kind, "aws_security_group");
    let cidr = sg
        .body
        .get("ingress")
        .and_then(Node::as_array)
        .and_then(|i| i.first())
        .and_then(|i| i.get("cidr_blocks"))
        .and_then(Node::as_array)
        .and_then(|c| c.first())
        .unwrap_or_else(|| panic!("cidr"));
    assert_eq!(cidr.as_str(), Some("0.0.0.0/0"));
    assert_eq!(start(cidr), (39, 72));
    let bucket = resource(&doc, "aws_s3_bucket.logs");
    assert_eq!(start(at(&bucket.body, &["force_destroy"])), (15, 30));
    assert_eq!(bucket.span.start.line, 7);
}

#[test]
fn plan_problems() {
    let cases: &[(&str, Option<u32>)] = &[
        ("{\n  \"planned_values\": {\n", Some(3)),
        ("{\"format_version\": \"1.2\"}", Some(1)),
        ("not json", Some(1)),
    ];
    for (text, line) in cases {
        let doc = plan::parse(text);
        assert_eq!(doc.problems.first().and_then(|p| p.line), *line, "{text}");
    }
}

#[test]
fn exponential_locals_are_bounded() {
    // Each local repeats the previous one 30 times: 30^4 = 810,000 leaves at the last level,
    // and far more if resources repeat that again. Substitution stops at the node budget.
    let ten = |name: &str| vec![format!("local.{name}"); 30].join(", ");
    let text = format!(
        "locals {{\n  a = [{}]\n  b = [{}]\n  c = [{}]\n  d = [{}]\n}}\n\
         resource \"x_y\" \"z\" {{\n  v = [{}]\n}}\n",
        vec!["\"lol\""; 30].join(", "),
        ten("a"),
        ten("b"),
        ten("c"),
        ten("d"),
    );
    let doc = parse("laughs.tf", &text);
    let body = &resource(&doc, "x_y.z").body;
    assert!(node_count(body, usize::MAX) <= 2 * MAX_SUBSTITUTED_NODES);
}

#[test]
fn big_blocks_expand_less() {
    let big = "x".repeat(1 << 20);
    let text = format!("resource \"a_b\" \"c\" {{\n  count = 100\n  blob = \"{big}\"\n}}\n");
    let doc = parse("big.tf", &text);
    assert_eq!(doc.resources.len(), 1);
    assert_eq!(doc.problems.len(), 1);
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_hcl_never_panics(text in "\\PC{0,200}") {
            let _ = parse_module(&[("a.tf", &text), ("b.tf", MAIN)]);
        }

        #[test]
        fn hcl_like_input_never_panics(
            text in "(resource|variable|locals|\"x\"|\\{|\\}|\\[|\\]|=|var\\.a|local\\.b|count|for_each|\\$\\{|<<EOT\n|EOT\n|\n| |[0-9]|,)*"
        ) {
            let _ = parse("a.tf", &text);
        }

        #[test]
        fn arbitrary_plan_never_panics(text in "\\PC{0,200}") {
            let _ = plan::parse(&text);
        }

        #[test]
        fn json_like_plan_never_panics(
            text in "(\\{|\\}|\\[|\\]|:|,|\"planned_values\"|\"root_module\"|\"resources\"|\"type\"|\"\\\\u12|1e5|-|null| )*"
        ) {
            let _ = plan::parse(&text);
        }
    }
}
