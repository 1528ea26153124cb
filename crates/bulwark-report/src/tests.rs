//! Tests of every reporter on one representative report, plus format-specific properties.

use crate::*;
use bulwark_core::policy::evaluate;
use bulwark_core::{
    Finding, Location, Rule, Scanner, Severity, Status, Suppression, SuppressionKind, Threshold,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

static AWS_KEY: Rule = Rule {
    id: "secrets.aws-access-key-id",
    title: "AWS access key ID",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: &["pci-dss-4.0.1:8.6.2"],
    description: "An AWS access key ID is committed to the repository.",
    remediation: "Deactivate the key in IAM, then load credentials from the environment.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    ],
};

static S3_PUBLIC: Rule = Rule {
    id: "iac.aws.s3-public-acl",
    title: "S3 bucket with a public ACL",
    scanner: Scanner::Iac,
    severity: Severity::High,
    cwe: &["CWE-732"],
    owasp: &["A01:2021"],
    controls: &["pci-dss-4.0.1:1.4.1"],
    description: "The bucket's ACL grants access to everyone.",
    remediation: "Set `acl = \"private\"` and enable the public access block.",
    references: &[],
};

static WEAK_HASH: Rule = Rule {
    id: "sast.python.weak-hash",
    title: "Weak hash (MD5/SHA-1)",
    scanner: Scanner::Sast,
    severity: Severity::Medium,
    cwe: &["CWE-328"],
    owasp: &["A02:2021"],
    controls: &[],
    description: "MD5 and SHA-1 are broken for security purposes.",
    remediation: "Use SHA-256, or a password hash such as Argon2id for passwords.",
    references: &[],
};

/// Deliberately left out of `Report::rules`: reporters must cope with findings of unknown rules.
static VULNERABLE: Rule = Rule {
    id: "deps.vulnerable-package",
    title: "Vulnerable dependency",
    scanner: Scanner::Deps,
    severity: Severity::Low,
    cwe: &["CWE-1395"],
    owasp: &["A06:2021"],
    controls: &[],
    description: "",
    remediation: "Upgrade to a fixed version.",
    references: &[],
};

const LONG_PATH: &str =
    "services/payments/settlement/internal/adapters/outbound/very_long_module_name_for_tests.py";

fn suppression(kind: SuppressionKind, justification: &str) -> Suppression {
    Suppression {
        kind,
        justification: justification.into(),
        waiver_id: None,
        ticket: None,
        approved_by: None,
        expires: None,
    }
}

/// Builds a report the way the binary does: sorted findings, fingerprints, summary, gate.
fn report_from(findings: Vec<Finding>, rules: Vec<&'static Rule>) -> Report {
    let mut findings = findings;
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    bulwark_core::fingerprint::assign(&mut findings);
    let mut open_by_severity: BTreeMap<Severity, u64> =
        Severity::ALL_DESC.iter().map(|s| (*s, 0)).collect();
    let mut by_status: BTreeMap<String, u64> = ["open", "waived", "baselined", "suppressed"]
        .iter()
        .map(|s| (s.to_string(), 0))
        .collect();
    for finding in &findings {
        if finding.is_open() {
            *open_by_severity.entry(finding.severity).or_default() += 1;
        }
        *by_status
            .entry(finding.status.as_str().to_string())
            .or_default() += 1;
    }
    let gate = evaluate(&findings, Threshold::At(Severity::High));
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "bulwark",
            version: "0.1.0",
        },
        target: ".".into(),
        scanners: ["secrets", "deps", "iac", "sast"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        summary: Summary {
            files_scanned: 42,
            bytes_scanned: 123_456,
            files_skipped: 0,
            binary_files: 3,
            open_by_severity,
            by_status,
            gate,
        },
        findings,
        skipped: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        rules,
    }
}

fn representative() -> Report {
    let key = Finding::new(
        &AWS_KEY,
        Location::span("src/config.py", (12, 9), (12, 29)),
        "AWS access key ID `AKIA…(20 chars)`",
    )
    .with_identity("key-1")
    .with_property("secret_preview", "AKIA…(20 chars)");

    let mut inline = Finding::new(
        &AWS_KEY,
        Location::span("src/config.py", (50, 5), (50, 25)),
        "AWS access key ID `AKIA…(20 chars)`",
    )
    .with_identity("key-2");
    inline.suppress(
        Status::Suppressed,
        suppression(
            SuppressionKind::InSource,
            "test fixture; the key was revoked",
        ),
    );

    let hash = Finding::new(
        &WEAK_HASH,
        Location::span("src/config.py", (40, 12), (40, 23)),
        "hashlib.md5() hashes the “mot de passe” of Zoë's <users> & | admins | \"quoted\" — \
         see https://example.invalid/guidance/cryptography/hashing/passwords/why-md5-is-broken-for-passwords",
    );

    let bucket = Finding::new(
        &S3_PUBLIC,
        Location {
            resource: Some("aws_s3_bucket.logs".into()),
            ..Location::span("infra/main.tf", (3, 1), (9, 2))
        },
        "aws_s3_bucket.logs has acl = \"public-read\"",
    );

    let mut waived = Finding::new(
        &S3_PUBLIC,
        Location {
            resource: Some("aws_s3_bucket.website".into()),
            ..Location::span("infra/main.tf", (20, 1), (26, 2))
        },
        "aws_s3_bucket.website has acl = \"public-read\"",
    );
    waived.suppress(
        Status::Waived,
        Suppression {
            waiver_id: Some("W-12".into()),
            ticket: Some("SEC-481".into()),
            approved_by: Some("ciso@bank.example".into()),
            expires: Some("2026-12-31".into()),
            ..suppression(
                SuppressionKind::External,
                "public website assets; reviewed by security",
            )
        },
    );

    let mut baselined = Finding::new(
        &WEAK_HASH,
        Location::line(LONG_PATH, 5),
        "hashlib.sha1() used for a cache key",
    );
    baselined.suppress(
        Status::Baselined,
        suppression(SuppressionKind::External, "in .bulwark/baseline.json"),
    );

    let vulnerable = Finding::new(
        &VULNERABLE,
        Location::line("requirements.txt", 3),
        "requests 2.19.0 has a known vulnerability (fixed in 2.20.0)",
    )
    .with_property("package", "requests")
    .with_property("installed", "2.19.0")
    .with_property("fixed", json!(["2.20.0"]))
    .with_property("aliases", json!(["CVE-2018-18074"]));

    let mut report = report_from(
        vec![key, inline, hash, bucket, waived, baselined, vulnerable],
        // WEAK_HASH twice: SARIF must still list it once.
        vec![&AWS_KEY, &S3_PUBLIC, &WEAK_HASH, &WEAK_HASH],
    );
    report.skipped.push(SkippedFile {
        path: "vendor/bundle.min.js".into(),
        reason: "larger than the 1 MiB limit".into(),
    });
    report.summary.files_skipped = 1;
    report.errors.push(ScanError {
        path: "infra/broken.tf".into(),
        line: Some(7),
        message: "could not parse HCL: unexpected `}`".into(),
    });
    report
        .warnings
        .push("waiver W-9 expired on 2025-01-31; its findings are open again".into());
    report
}

fn empty_report() -> Report {
    report_from(Vec::new(), Vec::new())
}

fn rendered(format: Format, report: &Report) -> String {
    render_to_string(format, report, false).expect("rendering to memory cannot fail")
}

fn load_json(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {path}: {e}"))
}

fn validation_errors(schema_path: &str, instance: &Value) -> Vec<String> {
    let schema = load_json(schema_path);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{schema_path} is not a valid schema: {e}"));
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

const SARIF_SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/schemas/sarif-schema-2.1.0.json"
);
const REPORT_SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/report.schema.json");

// ---------------------------------------------------------------------------------------------
// Format

#[test]
fn format_names_round_trip() {
    for format in Format::ALL {
        assert_eq!(format.as_str().parse::<Format>(), Ok(format));
        assert_eq!(format.to_string(), format.as_str());
    }
    assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
    assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
    let error = "xml".parse::<Format>().expect_err("xml is not a format");
    for format in Format::ALL {
        assert!(error.contains(format.as_str()), "{error}");
    }
}

#[test]
fn every_format_is_deterministic() {
    for format in Format::ALL {
        let first = rendered(format, &representative());
        let second = rendered(format, &representative());
        assert_eq!(first, second, "{format} output differs between runs");
        assert!(
            first.ends_with('\n'),
            "{format} output ends without a newline"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn snapshot_table() {
    insta::assert_snapshot!("table", rendered(Format::Table, &representative()));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("json", rendered(Format::Json, &representative()));
}

#[test]
fn snapshot_sarif() {
    insta::assert_snapshot!("sarif", rendered(Format::Sarif, &representative()));
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!("junit", rendered(Format::Junit, &representative()));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!("markdown", rendered(Format::Markdown, &representative()));
}

#[test]
fn snapshot_empty_reports() {
    let report = empty_report();
    assert_eq!(rendered(Format::Table, &report), "No findings.\n");
    insta::assert_snapshot!("junit_empty", rendered(Format::Junit, &report));
    insta::assert_snapshot!("markdown_empty", rendered(Format::Markdown, &report));
}

// ---------------------------------------------------------------------------------------------
// Table

#[test]
fn table_lines_fit_in_80_columns() {
    let report = representative();
    let output = rendered(Format::Table, &report);
    assert!(!output.contains('\u{1b}'), "no ANSI escapes without colour");
    for line in output.lines() {
        let width = line.chars().count();
        // Paths are never broken: a line may only be wider when it holds one that is.
        assert!(
            width <= 80 || line.contains(LONG_PATH),
            "{width} columns: {line:?}"
        );
    }
    // The long URL in a message was cut, not left over-wide.
    assert!(output.contains("why-md5"));
    // Open findings of a file come before the suppressed one.
    let open_hash = output
        .find("sast.python.weak-hash")
        .expect("hash finding shown");
    let inline = output
        .find("[suppressed]")
        .expect("suppressed finding shown");
    assert!(open_hash < inline);
    assert!(output.contains("[waived W-12]"));
    assert!(output.contains("Gate failed"));
}

#[test]
fn table_colours_only_when_asked() {
    let report = representative();
    let coloured = render_to_string(Format::Table, &report, true).expect("in memory");
    assert!(coloured.contains("\u{1b}["), "ANSI escapes expected");
    // Critical is bold red; dimmed lines for suppressed findings.
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[31mCRITICAL"),
        "{coloured}"
    );
    assert!(coloured.contains("\u{1b}[2m"));
    let plain = render_to_string(Format::Table, &report, false).expect("in memory");
    assert!(!plain.contains('\u{1b}'));
}

#[test]
fn table_neutralises_terminal_escapes_in_untrusted_text() {
    let finding = Finding::new(
        &WEAK_HASH,
        Location::line("evil\u{1b}[2Jname.py", 1),
        "msg \u{1b}]8;;http://x\u{7}link",
    );
    let report = report_from(vec![finding], vec![&WEAK_HASH]);
    let output = rendered(Format::Table, &report);
    assert!(!output.contains('\u{1b}'), "{output:?}");
    assert!(!output.contains('\u{7}'));
    assert!(output.contains("evil\\u{1b}[2Jname.py"));
}

#[test]
fn wrap_breaks_words_and_keeps_indent() {
    let lines = table::wrap(&"word ".repeat(40), 6, 80);
    assert!(lines.len() > 1);
    for line in &lines {
        assert!(line.starts_with("      w"), "{line:?}");
        assert!(line.chars().count() <= 80);
    }
    let long = table::wrap(&"x".repeat(200), 4, 80);
    assert_eq!(long.len(), 3);
    assert!(long.iter().all(|l| l.chars().count() <= 80));
}

// ---------------------------------------------------------------------------------------------
// SARIF

#[test]
fn sarif_validates_against_the_oasis_schema() {
    for report in [representative(), empty_report()] {
        let sarif: Value =
            serde_json::from_str(&rendered(Format::Sarif, &report)).expect("SARIF is JSON");
        let errors = validation_errors(SARIF_SCHEMA, &sarif);
        assert!(
            errors.is_empty(),
            "SARIF schema errors:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn sarif_lists_every_rule_once_and_keeps_suppressed_findings() {
    let report = representative();
    let sarif: Value = serde_json::from_str(&rendered(Format::Sarif, &report)).expect("JSON");
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "rules sorted by id, each once");
    for rule in &report.rules {
        assert_eq!(
            ids.iter().filter(|id| **id == rule.id).count(),
            1,
            "{}",
            rule.id
        );
    }
    // The rule missing from `report.rules` is described from its finding.
    assert!(ids.contains(&VULNERABLE.id));

    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), report.findings.len(), "nothing dropped");
    for (result, finding) in results.iter().zip(&report.findings) {
        let rule_id = result["ruleId"].as_str().expect("ruleId");
        assert_eq!(rule_id, finding.rule_id);
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[index], rule_id);
        assert_eq!(
            result["partialFingerprints"][bulwark_core::fingerprint::SCHEME],
            json!(finding.fingerprint)
        );
        assert!(!finding.fingerprint.is_empty());
        let suppressions = result["suppressions"].as_array().expect("suppressions");
        if finding.is_open() {
            assert!(suppressions.is_empty());
        } else {
            assert_eq!(suppressions.len(), 1, "{rule_id}");
            assert_eq!(suppressions[0]["status"], "accepted");
            assert!(suppressions[0]["justification"].as_str().is_some());
        }
    }
    let waived = results
        .iter()
        .find(|r| r["properties"]["status"] == "waived")
        .expect("waived result");
    assert_eq!(waived["suppressions"][0]["kind"], "external");
    assert_eq!(waived["suppressions"][0]["properties"]["waiver_id"], "W-12");
    let inline = results
        .iter()
        .find(|r| r["properties"]["status"] == "suppressed")
        .expect("suppressed result");
    assert_eq!(inline["suppressions"][0]["kind"], "inSource");
    let with_resource = results
        .iter()
        .find(|r| r["locations"][0]["logicalLocations"].is_array())
        .expect("a result with a logical location");
    assert_eq!(
        with_resource["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "aws_s3_bucket.logs"
    );
    let deps = results
        .iter()
        .find(|r| r["ruleId"] == VULNERABLE.id)
        .expect("deps result");
    assert_eq!(deps["properties"]["bulwark"]["package"], "requests");

    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert!(notes.iter().any(|n| n["level"] == "error"
        && n["message"]["text"] == "infra/broken.tf:7: could not parse HCL: unexpected `}`"));
    assert!(notes.iter().any(|n| n["level"] == "warning"));
    assert_eq!(run["properties"]["gate"]["passed"], false);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}

#[test]
fn sarif_regions_follow_the_location() {
    let finding = Finding::new(&WEAK_HASH, Location::line("a b#c.py", 4), "m");
    let report = report_from(vec![finding], vec![&WEAK_HASH]);
    let sarif = sarif::build(&report);
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "a%20b%23c.py");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    // A whole-line location has no end column.
    assert_eq!(
        location["region"],
        json!({"startLine": 4, "startColumn": 1, "endLine": 4})
    );
}

#[test]
fn pascal_case_names() {
    assert_eq!(
        sarif::pascal_case("S3 bucket with a public ACL").as_deref(),
        Some("S3BucketWithAPublicACL")
    );
    assert_eq!(
        sarif::pascal_case("Weak hash (MD5/SHA-1)").as_deref(),
        Some("WeakHashMD5SHA1")
    );
    assert_eq!(sarif::pascal_case("3des"), None);
    assert_eq!(sarif::pascal_case("—"), None);
}

// ---------------------------------------------------------------------------------------------
// JSON

#[test]
fn json_report_validates_against_the_documented_schema() {
    for report in [representative(), empty_report()] {
        let value: Value =
            serde_json::from_str(&rendered(Format::Json, &report)).expect("report is JSON");
        let errors = validation_errors(REPORT_SCHEMA, &value);
        assert!(
            errors.is_empty(),
            "report schema errors:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn documented_example_validates() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/report-schema.md");
    let doc = std::fs::read_to_string(path).expect("docs/report-schema.md");
    let start = doc.find("```json\n").expect("a JSON example") + "```json\n".len();
    let end = doc[start..].find("```").expect("end of the example") + start;
    let example: Value = serde_json::from_str(&doc[start..end]).expect("example is JSON");
    let errors = validation_errors(REPORT_SCHEMA, &example);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

type Mutation = fn(&mut Value);

#[test]
fn report_schema_rejects_what_the_report_never_contains() {
    let valid: Value =
        serde_json::from_str(&rendered(Format::Json, &representative())).expect("JSON");
    let mutations: [(&str, Mutation); 5] = [
        ("unknown severity", |v| {
            v["findings"][0]["severity"] = json!("severe")
        }),
        ("unknown status", |v| {
            v["findings"][0]["status"] = json!("ignored")
        }),
        ("unknown top-level field", |v| v["extra"] = json!(1)),
        ("missing fingerprint", |v| {
            if let Some(finding) = v["findings"][0].as_object_mut() {
                finding.remove("fingerprint");
            }
        }),
        ("wrong schema version", |v| v["schema_version"] = json!("2")),
    ];
    for (name, mutate) in mutations {
        let mut invalid = valid.clone();
        mutate(&mut invalid);
        assert!(
            !validation_errors(REPORT_SCHEMA, &invalid).is_empty(),
            "schema accepted a report with {name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// JUnit

/// A deliberately small well-formedness check: one root, balanced tags, quoted attributes,
/// only known entities, no stray markup characters.
fn assert_well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    loop {
        let Some(open) = rest.find('<') else {
            check_text(rest);
            break;
        };
        check_text(&rest[..open]);
        if stack.is_empty() {
            assert!(rest[..open].trim().is_empty(), "text outside the root");
        }
        let close = rest[open..].find('>').expect("unterminated tag") + open;
        let tag = &rest[open + 1..close];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, attributes) = tag.split_once(' ').unwrap_or((tag, ""));
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "bad tag name {name:?}"
            );
            check_attributes(attributes);
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1, "exactly one root element");
}

fn check_attributes(mut attributes: &str) {
    loop {
        attributes = attributes.trim_start();
        if attributes.is_empty() {
            return;
        }
        let (name, rest) = attributes.split_once("=\"").expect("attribute=\"value\"");
        assert!(name.chars().all(|c| c.is_ascii_alphabetic()), "{name:?}");
        let (value, rest) = rest.split_once('"').expect("closing quote");
        assert!(!value.contains('<'), "`<` in attribute {value:?}");
        assert!(!value.contains('\n'), "raw newline in attribute {value:?}");
        check_text(value);
        attributes = rest;
    }
}

fn check_text(text: &str) {
    assert!(!text.contains('>'), "unescaped `>` in {text:?}");
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let end = after.find(';').expect("entity without `;`");
        let entity = &after[..end];
        let known = ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
            || entity
                .strip_prefix('#')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        assert!(known, "unknown entity &{entity};");
        rest = &after[end + 1..];
    }
    for c in text.chars() {
        assert!(
            !c.is_control() || matches!(c, '\t' | '\n' | '\r'),
            "{c:?} is not allowed in XML 1.0"
        );
    }
}

#[test]
fn junit_is_well_formed() {
    assert_well_formed(&rendered(Format::Junit, &representative()));
    assert_well_formed(&rendered(Format::Junit, &empty_report()));
}

#[test]
fn junit_escapes_markup_and_strips_invalid_characters() {
    let finding = Finding::new(
        &WEAK_HASH,
        Location::line("a\"b'<c>&d.py", 1),
        "x < y && z > \"q\" 'r' \u{0}\u{1b}bell\u{7} tab\tend",
    );
    let report = report_from(vec![finding], vec![&WEAK_HASH]);
    let xml = rendered(Format::Junit, &report);
    assert_well_formed(&xml);
    assert!(
        xml.contains(r#"classname="a&quot;b&apos;&lt;c&gt;&amp;d.py""#),
        "{xml}"
    );
    assert!(xml.contains("x &lt; y &amp;&amp; z &gt; &quot;q&quot; &apos;r&apos; bell tab\tend"));
    assert!(!xml.contains('\u{0}') && !xml.contains('\u{1b}'));
    assert_eq!(
        junit::escape("line\nbreak\ttab\r"),
        "line&#10;break&#9;tab&#13;"
    );
    assert_eq!(junit::escape("\u{fffe}ok\u{ffff}"), "ok");
}

#[test]
fn junit_counts_one_case_per_rule_and_file() {
    let report = representative();
    let xml = rendered(Format::Junit, &report);
    // Pairs: config.py × aws key (open + suppressed → failure), config.py × weak hash,
    // main.tf × s3 (open + waived → failure), long path × weak hash (baselined → skipped),
    // requirements.txt × deps; plus the `bulwark` scan case for the error.
    assert!(
        xml.contains(
            r#"<testsuites name="bulwark" tests="6" failures="4" errors="1" skipped="1">"#
        )
    );
    assert_eq!(xml.matches("<testcase ").count(), 6);
    assert!(xml.contains(r#"<skipped message="baselined: in .bulwark/baseline.json"/>"#));
    assert!(
        xml.contains(r#"<failure message="1 finding open: AWS access key ID" type="critical">"#)
    );
    let empty = rendered(Format::Junit, &empty_report());
    assert!(empty.contains(r#"<testcase classname="bulwark" name="scan"/>"#));
    assert!(empty.contains(r#"tests="1" failures="0" errors="0" skipped="0""#));
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Rows of the findings table (four columns; escaped pipes do not count).
fn finding_rows(markdown: &str) -> Vec<&str> {
    markdown
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Severity |"))
        .filter(|l| l.matches('|').count() - l.matches("\\|").count() == 5)
        .collect()
}

#[test]
fn markdown_escapes_cells() {
    let cell = markdown::escape_cell("a|b <img src=x> [l](u) @team\nnext");
    assert_eq!(
        cell,
        "a\\|b \\<img src=x\\> \\[l\\](u) @&#8203;team<br>next"
    );
    let output = rendered(Format::Markdown, &representative());
    assert_eq!(finding_rows(&output).len(), 4, "{output}");
    for line in output.lines().filter(|l| l.starts_with("| ")) {
        assert!(line.ends_with(" |"), "row cut or broken: {line:?}");
        // Four columns in the findings table, two in the counts table: unescaped pipes only.
        let pipes = line.matches('|').count() - line.matches("\\|").count();
        assert!(pipes == 5 || pipes == 3, "{line:?}");
    }
}

#[test]
fn markdown_is_capped_and_says_how_many_more() {
    let long_dir = "very-long-directory-name/".repeat(120);
    let findings: Vec<Finding> = (0..1000u32)
        .map(|i| {
            Finding::new(
                &AWS_KEY,
                Location::line(&format!("{long_dir}file{i}.py"), i + 1),
                format!("finding {i} with a long message: {}", "blah ".repeat(100)),
            )
        })
        .collect();
    let report = report_from(findings, vec![&AWS_KEY]);
    let output = rendered(Format::Markdown, &report);
    assert!(
        output.len() <= markdown::MAX_BYTES,
        "{} bytes",
        output.len()
    );
    let rows = finding_rows(&output).len();
    assert!(rows > 0 && rows < 20, "the byte cap dropped rows: {rows}");
    assert!(output.contains(&format!("…and {} more open findings", 1000 - rows)));
    for line in output.lines().filter(|l| l.starts_with("| ")) {
        assert!(line.ends_with(" |"), "row cut: {line:?}");
    }
}

#[test]
fn markdown_lists_most_severe_first_and_at_most_twenty() {
    let mut findings: Vec<Finding> = (1..=30u32)
        .map(|i| Finding::new(&VULNERABLE, Location::line("requirements.txt", i), "low"))
        .collect();
    findings.push(Finding::new(
        &AWS_KEY,
        Location::line("z.py", 1),
        "critical one",
    ));
    let report = report_from(findings, vec![&AWS_KEY]);
    let output = rendered(Format::Markdown, &report);
    let rows = finding_rows(&output);
    assert_eq!(rows.len(), 20);
    assert!(rows[0].starts_with("| critical |"));
    assert!(output.contains("…and 11 more open findings"));
    assert!(output.contains("❌"));
}
