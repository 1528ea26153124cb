use super::*;
use crate::model::Position;
use proptest::prelude::*;

const MULTISTAGE: &str = include_str!("../../tests/fixtures/dockerfile/multistage.Dockerfile");
const HEREDOC: &str = include_str!("../../tests/fixtures/dockerfile/heredoc.Dockerfile");
const WINDOWS: &str = include_str!("../../tests/fixtures/dockerfile/windows.Dockerfile");

fn pos(line: u32, column: u32) -> Position {
    Position { line, column }
}

fn span(l1: u32, c1: u32, l2: u32, c2: u32) -> Span {
    Span {
        start: pos(l1, c1),
        end: pos(l2, c2),
    }
}

fn stage<'a>(doc: &'a Document, address: &str) -> &'a Resource {
    doc.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no {address} in {:?}", addresses(doc)))
}

fn addresses(doc: &Document) -> Vec<&str> {
    doc.resources.iter().map(|r| r.address.as_str()).collect()
}

/// The `n`th instruction with keyword `kw` in a stage.
fn nth<'a>(stage: &'a Resource, kw: &str, n: usize) -> &'a Node {
    instructions(stage)
        .iter()
        .filter(|i| keyword(i) == Some(kw))
        .nth(n)
        .unwrap_or_else(|| panic!("no {kw} #{n} in {}", stage.address))
}

fn text<'a>(node: &'a Node, path: &[&str]) -> Option<&'a str> {
    node.at(path).and_then(Node::as_str)
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .map(|n| n.to_json().as_str().unwrap_or("").to_string())
        .collect()
}

fn problems(doc: &Document) -> Vec<(Option<u32>, &str)> {
    doc.problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect()
}

#[test]
fn multistage_stages_and_addresses() {
    let doc = parse(MULTISTAGE);
    assert_eq!(doc.format, Format::Dockerfile);
    assert_eq!(
        addresses(&doc),
        ["stage.build", "stage.1", "stage.test", "stage.3"]
    );
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_eq!(
        doc.resources.iter().filter(|r| is_final_stage(r)).count(),
        1
    );
    assert_eq!(
        final_stage(&doc).map(|r| r.address.as_str()),
        Some("stage.3")
    );
    assert!(doc.resources.iter().all(|r| r.kind == "stage"));
    // Stage span: FROM line to its last instruction.
    assert_eq!(stage(&doc, "stage.build").span, span(8, 1, 15, 65));
}

/// (address, image, name, tag, digest, stage)
type FromCase = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

#[test]
fn arg_substitution_in_from() {
    let doc = parse(MULTISTAGE);
    // (address, image, name, tag, digest, stage)
    let cases: &[FromCase] = &[
        (
            "stage.build",
            "golang:1.22-bookworm",
            "golang",
            Some("1.22-bookworm"),
            None,
            None,
        ),
        (
            "stage.1",
            "debian:bookworm-slim",
            "debian",
            Some("bookworm-slim"),
            None,
            None,
        ),
        ("stage.test", "build", "build", None, None, Some("build")),
        (
            "stage.3",
            "docker.io/library/alpine:3.20",
            "docker.io/library/alpine",
            Some("3.20"),
            None,
            None,
        ),
    ];
    for &(addr, image, name, tag, digest, stage_ref) in cases {
        let s = stage(&doc, addr);
        assert_eq!(text(&s.body, &["from", "image"]), Some(image), "{addr}");
        let r = base_image(s).unwrap_or_else(|| panic!("{addr} has no base image"));
        assert_eq!(r.name, name, "{addr}");
        assert_eq!(r.tag.as_deref(), tag, "{addr}");
        assert_eq!(r.digest.as_deref(), digest, "{addr}");
        assert_eq!(r.stage.as_deref(), stage_ref, "{addr}");
    }
    let build = stage(&doc, "stage.build");
    assert_eq!(
        text(&build.body, &["from", "raw"]),
        Some("golang:${GO_VERSION}-bookworm AS Build")
    );
    assert_eq!(text(&build.body, &["from", "alias"]), Some("build"));
    // BUILDPLATFORM is set by the builder: kept as an expression.
    assert_eq!(
        build.body.at(&["from", "platform"]).map(|n| &n.value),
        Some(&Value::Expression("$BUILDPLATFORM".into()))
    );
    // Global args are exposed, expanded.
    assert_eq!(
        text(&doc.root, &["args", "RUNTIME_IMAGE"]),
        Some("docker.io/library/alpine:3.20")
    );
    assert_eq!(
        doc.root.at(&["args", "UNSET_BASE"]).map(|n| &n.value),
        Some(&Value::Null)
    );
}

#[test]
fn unresolved_from_is_an_expression_without_base_image() {
    let doc = parse("ARG BASE\nFROM ${BASE}\nRUN true\n");
    let s = stage(&doc, "stage.0");
    assert_eq!(
        s.body.at(&["from", "image"]).map(|n| &n.value),
        Some(&Value::Expression("${BASE}".into()))
    );
    assert_eq!(base_image(s), None);
}

#[test]
fn substitution_forms() {
    let vars: Vars = vec![
        ("A".into(), Some("alpha".into())),
        ("EMPTY".into(), Some(String::new())),
        ("NODEF".into(), None),
    ];
    // (input, output, resolved)
    let cases = [
        ("$A", "alpha", true),
        ("${A}:1", "alpha:1", true),
        ("${NODEF:-x}", "x", true),
        ("${EMPTY:-x}", "x", true),
        ("${EMPTY-x}", "", true),
        ("${MISSING-${A}}", "alpha", true),
        ("${A:+set}", "set", true),
        ("${NODEF:+set}", "", true),
        ("${A+set}", "set", true),
        ("\\$A", "$A", true),
        ("$1x", "$1x", true),
        ("$NODEF", "$NODEF", false),
        ("${MISSING}", "${MISSING}", false),
        ("${A:?required}", "alpha", true),
        ("${A%%.*}", "${A%%.*}", false),
        ("${unclosed", "${unclosed", false),
        ("${}", "${}", false),
    ];
    for (input, output, resolved) in cases {
        let e = words::substitute(input, &vars, '\\');
        assert_eq!((e.text.as_str(), e.resolved), (output, resolved), "{input}");
    }
}

#[test]
fn expansion_is_bounded() {
    let mut src = String::from("ARG A0=xxxxxxxxxxxxxxxx\n");
    for i in 1..40 {
        src.push_str(&format!("ARG A{i}=${{A{}}}${{A{}}}\n", i - 1, i - 1));
    }
    src.push_str("FROM alpine:${A39}\n");
    let doc = parse(&src);
    let image = stage(&doc, "stage.0")
        .body
        .at(&["from", "image"])
        .and_then(Node::as_str)
        .map_or(0, str::len);
    assert!(image <= words::MAX_EXPANSION + 16);
    assert!(doc.problems.iter().any(|p| p.message.contains("cut")));
}

#[test]
fn image_references() {
    // (reference, name, tag, digest)
    let cases = [
        ("alpine", "alpine", None, None),
        ("alpine:3.20", "alpine", Some("3.20"), None),
        ("localhost:5000/app", "localhost:5000/app", None, None),
        (
            "localhost:5000/app:1.2",
            "localhost:5000/app",
            Some("1.2"),
            None,
        ),
        (
            "ghcr.io/acme/app:2@sha256:abc",
            "ghcr.io/acme/app",
            Some("2"),
            Some("sha256:abc"),
        ),
        ("app@sha256:abc", "app", None, Some("sha256:abc")),
    ];
    for (reference, name, tag, digest) in cases {
        let r = ImageRef::parse(reference);
        assert_eq!(r.name, name, "{reference}");
        assert_eq!(r.tag.as_deref(), tag, "{reference}");
        assert_eq!(r.digest.as_deref(), digest, "{reference}");
    }
}

#[test]
fn flags_and_pairs() {
    let doc = parse(MULTISTAGE);
    let build = stage(&doc, "stage.build");
    let run = nth(build, "RUN", 0);
    let mounts: Vec<&str> = flag_values(run, "--mount")
        .into_iter()
        .filter_map(Node::as_str)
        .collect();
    assert_eq!(
        mounts,
        [
            "type=cache,target=/go/pkg/mod",
            "type=secret,id=netrc,target=/root/.netrc"
        ]
    );
    assert_eq!(text(run, &["arguments"]), Some("go mod download"));
    let copy = nth(build, "COPY", 0);
    assert_eq!(
        copy.at(&["flags", "--link"]).and_then(Node::as_bool),
        Some(true)
    );
    assert_eq!(strings(copy.get("sources")), ["go.mod", "go.sum"]);
    assert_eq!(text(copy, &["destination"]), Some("./"));

    let last = stage(&doc, "stage.3");
    let copy = nth(last, "COPY", 0);
    assert_eq!(text(copy, &["flags", "--from"]), Some("build"));
    assert_eq!(text(copy, &["flags", "--chown"]), Some("10001:10001"));
    let add = nth(last, "ADD", 0);
    assert!(text(add, &["flags", "--checksum"]).is_some_and(|c| c.starts_with("sha256:")));
    assert_eq!(strings(add.get("sources")), ["https://example.com/ca.pem"]);

    let env = nth(last, "ENV", 0);
    assert_eq!(text(env, &["pairs", "LEDGER_HOME"]), Some("/srv/ledger"));
    assert_eq!(text(env, &["pairs", "TZ"]), Some("UTC"));
    let legacy = nth(last, "ENV", 1);
    assert_eq!(
        text(legacy, &["pairs", "LEGACY_MODE"]),
        Some("enabled for old clients")
    );
    let label = nth(last, "LABEL", 0);
    assert_eq!(
        text(label, &["pairs", "org.opencontainers.image.vendor"]),
        Some("Example Bank")
    );
    let user = nth(last, "USER", 0);
    assert_eq!(
        (text(user, &["user"]), text(user, &["group"])),
        (Some("10001"), Some("10001"))
    );
    let hc = nth(last, "HEALTHCHECK", 0);
    assert_eq!(hc.get("none").and_then(Node::as_bool), Some(false));
    assert_eq!(text(hc, &["flags", "--interval"]), Some("30s"));
    assert_eq!(text(hc, &["form"]), Some("exec"));
    assert_eq!(
        strings(hc.get("exec")),
        ["/usr/local/bin/ledger", "healthcheck"]
    );
}

#[test]
fn exec_versus_shell_form() {
    // (instruction line, form, exec elements, problem expected)
    let cases: &[(&str, &str, &[&str], bool)] = &[
        (
            r#"CMD ["nginx", "-g", "daemon off;"]"#,
            "exec",
            &["nginx", "-g", "daemon off;"],
            false,
        ),
        ("CMD nginx -g 'daemon off;'", "shell", &[], false),
        (
            r#"ENTRYPOINT [ "/bin/tini" , "--" ]"#,
            "exec",
            &["/bin/tini", "--"],
            false,
        ),
        (
            r#"RUN ["sh", "-c", "echo \"quoted\" \u00e9"]"#,
            "exec",
            &["sh", "-c", "echo \"quoted\" é"],
            false,
        ),
        ("RUN []", "exec", &[], false),
        ("RUN [ -f /etc/passwd ] && echo yes", "shell", &[], false),
        (r#"CMD ["a", 'b']"#, "shell", &[], true),
        (r#"CMD ["a", "b"] extra"#, "shell", &[], true),
        (r#"CMD ["unterminated", "array""#, "shell", &[], true),
        (
            r#"SHELL ["/bin/bash", "-o", "pipefail", "-c"]"#,
            "exec",
            &["/bin/bash", "-o", "pipefail", "-c"],
            false,
        ),
        (r#"VOLUME ["/data"]"#, "exec", &["/data"], false),
        ("VOLUME /data /logs", "shell", &[], false),
        (
            "HEALTHCHECK CMD curl -f http://localhost/ || exit 1",
            "shell",
            &[],
            false,
        ),
    ];
    for &(line, form, exec, problem) in cases {
        let doc = parse(&format!("FROM alpine:3.20\n{line}\n"));
        let s = stage(&doc, "stage.0");
        let i = instructions(s).first().unwrap_or_else(|| panic!("{line}"));
        assert_eq!(text(i, &["form"]), Some(form), "{line}");
        assert_eq!(strings(i.get("exec")), exec, "{line}");
        assert_eq!(
            !doc.problems.is_empty(),
            problem,
            "{line}: {:?}",
            doc.problems
        );
    }
}

#[test]
fn heredocs() {
    let doc = parse(HEREDOC);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let s = stage(&doc, "stage.0");
    assert_eq!(
        base_image(s).and_then(|r| r.digest).map(|d| d.len()),
        Some(71)
    );
    let docs = |kw: &str, n: usize| {
        nth(s, kw, n)
            .get("heredocs")
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .to_vec()
    };
    let run0 = docs("RUN", 0);
    assert_eq!(run0.len(), 1);
    assert_eq!(text(&run0[0], &["name"]), Some("EOF"));
    assert_eq!(
        text(&run0[0], &["content"]),
        Some(
            "set -eux\napt-get update\napt-get install -y --no-install-recommends curl\nrm -rf /var/lib/apt/lists/*\n"
        )
    );
    assert_eq!(
        run0[0].get("content").map(|n| n.span),
        Some(span(4, 1, 7, 28))
    );
    // The RUN spans its heredoc up to the terminator.
    assert_eq!(nth(s, "RUN", 0).span, span(3, 1, 8, 4));

    let copy = docs("COPY", 0);
    assert_eq!(text(&copy[0], &["name"]), Some("CONF"));
    assert_eq!(
        copy[0].get("strip_tabs").and_then(Node::as_bool),
        Some(true)
    );
    assert_eq!(copy[0].get("expand").and_then(Node::as_bool), Some(false));
    assert_eq!(
        text(&copy[0], &["content"]),
        Some("listen = 0.0.0.0:8080\nlog_level = info\n")
    );
    assert_eq!(
        text(nth(s, "COPY", 0), &["destination"]),
        Some("/etc/app/app.conf")
    );

    let two = docs("RUN", 1);
    let names: Vec<_> = two.iter().filter_map(|d| text(d, &["name"])).collect();
    assert_eq!(names, ["one", "two"]);
    assert_eq!(text(&two[1], &["content"]), Some("second\n"));

    let py = docs("RUN", 2);
    assert_eq!(text(&py[0], &["content"]), Some("print(\"hello $USER\")\n"));
    assert_eq!(py[0].get("expand").and_then(Node::as_bool), Some(false));

    // Quoted `<<` and here-strings are not heredocs.
    assert!(nth(s, "RUN", 3).get("heredocs").is_none());
    assert_eq!(text(nth(s, "USER", 0), &["user"]), Some("app"));
}

#[test]
fn escape_directive_backtick() {
    let doc = parse(WINDOWS);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_eq!(text(&doc.root, &["directives", "escape"]), Some("`"));
    let s = stage(&doc, "stage.0");
    let run = nth(s, "RUN", 0);
    assert_eq!(
        text(run, &["arguments"]),
        Some(r"New-Item -ItemType Directory C:\app ;     Set-Location C:\app")
    );
    assert_eq!(run.span, span(4, 1, 5, 24));
    let copy = nth(s, "COPY", 0);
    assert_eq!(strings(copy.get("sources")), [r"app\"]);
    assert_eq!(text(copy, &["destination"]), Some(r"C:\app\"));
    assert_eq!(text(nth(s, "WORKDIR", 0), &["arguments"]), Some(r"C:\app"));
    assert_eq!(text(nth(s, "SHELL", 0), &["form"]), Some("exec"));
}

#[test]
fn spans_of_instructions_and_parts() {
    let src = "FROM alpine:3.20 AS base\n  run   apk add \\\n    # a comment inside\n\n    curl\nENV A=1 \\\n    B=\"two words\"\n";
    let doc = parse(src);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let s = stage(&doc, "stage.base");
    assert_eq!(s.body.get("from").map(|n| n.span), Some(span(1, 1, 1, 25)));
    assert_eq!(
        s.body.at(&["from", "image"]).map(|n| n.span),
        Some(span(1, 6, 1, 17))
    );
    let run = nth(s, "RUN", 0);
    assert_eq!(run.span, span(2, 3, 5, 9));
    assert_eq!(
        run.get("instruction").map(|n| n.span),
        Some(span(2, 3, 2, 6))
    );
    assert_eq!(text(run, &["arguments"]), Some("apk add     curl"));
    assert_eq!(run.get("arguments").map(|n| n.span), Some(span(2, 9, 5, 9)));
    let env = nth(s, "ENV", 0);
    let Some(Value::Object(pairs)) = env.get("pairs").map(|n| &n.value) else {
        panic!("no pairs");
    };
    let b = pairs.iter().find(|(k, _, _)| k == "B").expect("B");
    assert_eq!(b.1, span(7, 5, 7, 6));
    assert_eq!(b.2.span, span(7, 7, 7, 18));
    assert_eq!(b.2.as_str(), Some("two words"));
    // The comment inside the continuation is kept for suppressions.
    assert_eq!(strings(doc.root.get("comments")), ["# a comment inside"]);
}

#[test]
fn crlf_and_case_insensitive() {
    let doc = parse("from alpine:3.20 as App\r\nrun echo hi \\\r\n  there\r\nuser nobody\r\n");
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let s = stage(&doc, "stage.app");
    let run = nth(s, "RUN", 0);
    assert_eq!(text(run, &["arguments"]), Some("echo hi   there"));
    assert_eq!(run.span, span(2, 1, 3, 8));
    assert_eq!(text(nth(s, "USER", 0), &["user"]), Some("nobody"));
}

#[test]
fn onbuild_and_healthcheck_none() {
    let doc = parse(
        "FROM node:20\nONBUILD COPY --chown=node . /app\nONBUILD RUN npm ci\nHEALTHCHECK NONE\n",
    );
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let s = stage(&doc, "stage.0");
    let ob = nth(s, "ONBUILD", 0);
    assert_eq!(text(ob, &["trigger", "instruction"]), Some("COPY"));
    assert_eq!(text(ob, &["trigger", "flags", "--chown"]), Some("node"));
    assert_eq!(text(ob, &["trigger", "destination"]), Some("/app"));
    assert_eq!(
        ob.at(&["trigger", "instruction"]).map(|n| n.span),
        Some(span(2, 9, 2, 13))
    );
    let hc = nth(s, "HEALTHCHECK", 0);
    assert_eq!(hc.get("none").and_then(Node::as_bool), Some(true));
}

#[test]
fn malformed_inputs_report_problems_and_keep_going() {
    // (source, line of the problem, part of its message, stages still parsed)
    let cases: &[(&str, Option<u32>, &str, usize)] = &[
        (
            "FROM alpine\nFROBNICATE now\nRUN true\n",
            Some(2),
            "unknown instruction `FROBNICATE`",
            1,
        ),
        (
            "FROM alpine\nRUN <<EOF\necho never ends\n",
            Some(2),
            "heredoc `EOF` is never terminated",
            1,
        ),
        (
            "FROM alpine\nCMD [\"a\", \"b\"\nUSER x\n",
            Some(2),
            "unterminated JSON array",
            1,
        ),
        (
            "# escape=x\nFROM alpine\n",
            Some(1),
            "invalid escape character",
            1,
        ),
        (
            "RUN echo hi\nFROM alpine\n",
            Some(1),
            "RUN before the first FROM",
            1,
        ),
        ("ARG ONLY=1\n", None, "no FROM instruction", 0),
        ("", None, "no FROM instruction", 0),
        (
            "FROM a AS x\nFROM b AS X\n",
            Some(2),
            "duplicate stage name `x`",
            2,
        ),
        ("FROM a b c d\n", Some(1), "FROM expects", 1),
        ("FROM\nRUN true\n", Some(1), "FROM needs an image", 1),
        ("FROM a AS 1bad\n", Some(1), "invalid stage name", 1),
        ("FROM a\nENV\n", Some(2), "ENV needs at least one name", 1),
        ("FROM a\nENV A=1 B\n", Some(2), "can't find =", 1),
        ("FROM a\nENV LONELY\n", Some(2), "name=value", 1),
        ("FROM a\nLABEL nolabel\n", Some(2), "name=value", 1),
        (
            "FROM a\nHEALTHCHECK --interval=5s\n",
            Some(2),
            "HEALTHCHECK expects",
            1,
        ),
        (
            "FROM a\nHEALTHCHECK NONE extra\n",
            Some(2),
            "takes no arguments",
            1,
        ),
        (
            "FROM a\nONBUILD FROM b\n",
            Some(2),
            "not allowed in ONBUILD",
            1,
        ),
        ("FROM a\nONBUILD\n", Some(2), "ONBUILD needs", 1),
        (
            "FROM a\nCOPY onlyone\n",
            Some(2),
            "source and a destination",
            1,
        ),
        ("FROM a\nUSER\n", Some(2), "USER needs", 1),
        (
            "# syntax=a\n# syntax=b\nFROM a\n",
            Some(2),
            "given twice",
            1,
        ),
    ];
    for &(src, line, message, stages) in cases {
        let doc = parse(src);
        assert!(
            doc.problems
                .iter()
                .any(|p| p.line == line && p.message.contains(message)),
            "{src:?}: {:?}",
            problems(&doc)
        );
        assert_eq!(doc.resources.len(), stages, "{src:?}");
    }
    // Everything after the bad line is still there.
    let doc = parse("FROM alpine\nFROBNICATE now\nUSER app\n");
    assert_eq!(
        text(nth(stage(&doc, "stage.0"), "USER", 0), &["user"]),
        Some("app")
    );
}

#[test]
fn oversized_input_is_refused() {
    let big = "#".repeat(MAX_INPUT_BYTES + 1);
    let doc = parse(&big);
    assert!(doc.resources.is_empty());
    assert_eq!(doc.problems.len(), 1);
}

#[test]
fn long_non_ascii_line_is_bounded() {
    let src = format!("FROM a\nLABEL {}\n", "ключ=значение ".repeat(200_000));
    let start = std::time::Instant::now();
    let doc = parse(&src);
    assert!(start.elapsed().as_secs() < 20);
    let label = nth(stage(&doc, "stage.0"), "LABEL", 0);
    let Some(Value::Object(pairs)) = label.get("pairs").map(|n| &n.value) else {
        panic!("no pairs");
    };
    assert_eq!(pairs.len(), MAX_ITEMS);
    let last = pairs.last().map(|p| p.1);
    assert_eq!(
        last.map(|s| s.start.column),
        Some(7 + 14 * (MAX_ITEMS as u32 - 1))
    );
    assert!(doc.problems.iter().any(|p| p.message.contains("ignored")));
}

#[test]
fn root_lists_everything() {
    let doc = parse(MULTISTAGE);
    assert_eq!(
        text(&doc.root, &["directives", "syntax"]),
        Some("docker/dockerfile:1.7")
    );
    let all = doc
        .root
        .get("instructions")
        .and_then(Node::as_array)
        .unwrap_or(&[]);
    assert_eq!(all.iter().filter(|i| keyword(i) == Some("FROM")).count(), 4);
    assert_eq!(all.iter().filter(|i| keyword(i) == Some("ARG")).count(), 4);
    assert_eq!(
        strings(doc.root.get("stages")),
        ["stage.build", "stage.1", "stage.test", "stage.3"]
    );
    // JSON for Rego input.
    let json = stage(&doc, "stage.3").body.to_json();
    assert_eq!(json["from"]["tag"], "3.20");
    assert_eq!(json["final"], true);
}

#[test]
fn dockerfile_paths() {
    for (path, yes) in [
        ("Dockerfile", true),
        ("svc/Dockerfile.prod", true),
        ("api.dockerfile", true),
        ("Containerfile", true),
        ("docker-compose.yml", false),
        ("Dockerfiles.md", false),
    ] {
        assert_eq!(is_dockerfile_path(Path::new(path)), yes, "{path}");
    }
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(src in "\\PC*") {
        let _ = parse(&src);
    }

    #[test]
    fn dockerfile_like_text_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("FROM alpine:3.20 AS a".to_string()),
                Just("RUN <<EOF".to_string()),
                Just("RUN <<-'X' cat <<Y".to_string()),
                Just("EOF".to_string()),
                Just("\tX".to_string()),
                Just("# escape=`".to_string()),
                Just("CMD [\"a\", \"b".to_string()),
                Just("ARG B=${B:-${C}}".to_string()),
                Just("FROM ${B}".to_string()),
                Just("ONBUILD ONBUILD RUN x".to_string()),
                Just("HEALTHCHECK".to_string()),
                "[A-Za-z]{1,8} [ -~é\\\\`]{0,30}",
                "[\\\\`\"'\\[\\]{}$<>=-]{0,12}",
            ],
            0..30,
        ),
        crlf in any::<bool>(),
    ) {
        let sep = if crlf { "\r\n" } else { "\n" };
        let _ = parse(&lines.join(sep));
    }
}
