use super::*;
use crate::Scope;
use crate::lockfiles::testing::{Files, fixture, parse_with, rows};

fn run(path: &str, text: &str, files: &Files) -> Inventory {
    parse_with(parse, path, text, files).expect("parses")
}

/// Like [`testing::summary`](crate::lockfiles::testing::summary), with each package's file
/// instead of its scope: includes put packages in other files.
fn summary(inventory: &Inventory) -> Vec<(&str, &str, Relationship, &str, u32)> {
    rows(inventory, |p| {
        let (name, version, path) = (p.name.as_str(), p.version.as_str(), p.path.as_str());
        (name, version, p.relationship, path, p.line)
    })
}

#[test]
fn compiled_file_with_includes_and_a_cycle() {
    let files = Files(vec![
        (
            "app/requirements/base.txt",
            fixture!("requirements/requirements/base.txt"),
        ),
        ("app/common.txt", fixture!("requirements/common.txt")),
    ]);
    let inventory = run(
        "app/requirements.txt",
        fixture!("requirements/requirements.txt"),
        &files,
    );
    use Relationship::{Direct, Transitive};
    assert_eq!(
        summary(&inventory),
        [
            ("requests", "2.31.0", Direct, "app/requirements/base.txt", 2),
            ("urllib3", "2.0.7", Direct, "app/common.txt", 2),
            ("asgiref", "3.7.2", Transitive, "app/requirements.txt", 10),
            ("django", "4.2.7", Direct, "app/requirements.txt", 14),
            ("sqlparse", "0.4.4", Direct, "app/requirements.txt", 17),
            (
                "typing-extensions",
                "4.8.0",
                Transitive,
                "app/requirements.txt",
                22
            ),
        ]
    );
    let asgiref = &inventory.packages[2];
    assert_eq!(asgiref.scope, Scope::Runtime);
    assert_eq!(
        asgiref.checksums,
        [
            Checksum {
                algorithm: "sha256".into(),
                value: "bca117e409063f4c18bda5113cba607ffba3b412328a606c453142304acf54fb".into()
            },
            Checksum {
                algorithm: "sha256".into(),
                value: "1e2ba5c7c2b12368c550cd5d1bbf8265e4643b78f9d0c07008b1b7e95aeafa42".into()
            },
        ]
    );
    assert_eq!(
        inventory.unpinned,
        [Unpinned {
            ecosystem: Ecosystem::PyPI,
            name: "certifi".into(),
            requirement: ">=2023.7.22".into(),
            path: "app/requirements/base.txt".into(),
            line: 3,
        }]
    );
    assert_eq!(inventory.problems.len(), 1, "{:?}", inventory.problems);
    let cycle = &inventory.problems[0];
    assert_eq!(cycle.line, Some(8), "reported at the top-level `-r`");
    assert!(
        cycle.message.starts_with("app/common.txt:3: include cycle"),
        "{}",
        cycle.message
    );
}

#[test]
fn entries_and_their_outcomes() {
    // (line, packages, unpinned, problems)
    for (text, packages, unpinned, problems) in [
        ("flask==3.0.0", 1, 0, 0),
        ("Flask[async] == 3.0.0 ; python_version >= \"3.8\"", 1, 0, 0),
        ("flask===3.0.0-local", 1, 0, 0),
        ("flask>=3", 0, 1, 0),
        ("flask~=3.0", 0, 1, 0),
        ("flask", 0, 1, 0),
        ("flask==3.*", 0, 1, 0),
        ("flask @ https://example.org/flask-3.0.0.tar.gz", 0, 0, 0),
        ("https://example.org/flask-3.0.0.tar.gz", 0, 0, 0),
        ("./vendor/flask", 0, 0, 0),
        ("flask-3.0.0-py3-none-any.whl", 0, 0, 0),
        ("-e .", 0, 0, 0),
        ("--editable ./lib", 0, 0, 0),
        ("-c constraints.txt", 0, 0, 0),
        ("--extra-index-url https://example.org/simple", 0, 0, 0),
        ("# flask==3.0.0", 0, 0, 0),
        ("flask==3.0.0 # pinned for #42", 1, 0, 0),
        ("flask=3.0.0", 0, 0, 1),
        ("flask==", 0, 0, 1),
        ("[flask]==1", 0, 0, 1),
        ("flask==3.0.0 --hash=nodigest", 1, 0, 1),
        ("-r", 0, 0, 1),
        ("-r /etc/requirements.txt", 0, 0, 1),
        ("-r https://example.org/requirements.txt", 0, 0, 1),
        ("-r missing.txt", 0, 0, 1),
        ("--requirement=missing.txt", 0, 0, 1),
        ("-rmissing.txt", 0, 0, 1),
    ] {
        let inventory = run("requirements.txt", text, &Files(Vec::new()));
        assert_eq!(inventory.packages.len(), packages, "{text}");
        assert_eq!(inventory.unpinned.len(), unpinned, "{text}");
        assert_eq!(inventory.problems.len(), problems, "{text}");
        assert!(
            inventory.problems.iter().all(|p| p.line == Some(1)),
            "{text}"
        );
    }
}

#[test]
fn a_bad_line_does_not_stop_the_rest() {
    let text = "\u{feff}flask==3.0.0\nnot a requirement!\nclick==8.1.7 \\\n  --hash sha256:abc\n";
    let inventory = run("requirements-dev.txt", text, &Files(Vec::new()));
    assert_eq!(
        summary(&inventory),
        [
            (
                "flask",
                "3.0.0",
                Relationship::Direct,
                "requirements-dev.txt",
                1
            ),
            (
                "click",
                "8.1.7",
                Relationship::Direct,
                "requirements-dev.txt",
                3
            ),
        ]
    );
    assert_eq!(inventory.packages[1].checksums.len(), 1);
    assert_eq!(inventory.problems.len(), 1);
    assert_eq!(inventory.problems[0].line, Some(2));
    let err = parse(
        &SourceFile {
            path: "requirements.txt",
            bytes: b"flask==1\n\xff",
        },
        &Files(Vec::new()),
    )
    .expect_err("not UTF-8");
    assert_eq!(err.line, Some(2));
}

#[test]
fn includes_nested_too_deep_are_reported() {
    let files = Files(
        (0..12)
            .map(|i| {
                let path: &'static str = Box::leak(format!("r{i}.txt").into_boxed_str());
                let text: &'static str =
                    Box::leak(format!("pkg{i}==1.0\n-r r{}.txt\n", i + 1).into_boxed_str());
                (path, text)
            })
            .collect(),
    );
    let inventory = run("r0.txt", "pkg0==1.0\n-r r1.txt\n", &files);
    assert_eq!(inventory.packages.len(), MAX_DEPTH);
    assert_eq!(inventory.problems.len(), 1);
    assert!(inventory.problems[0].message.contains("deeper than"));
    assert_eq!(inventory.problems[0].line, Some(2));
}

#[test]
fn include_paths_resolve_relative_to_the_including_file() {
    for (from, target, resolved) in [
        ("requirements.txt", "base.txt", Some("base.txt")),
        ("a/b/requirements.txt", "../base.txt", Some("a/base.txt")),
        ("a/requirements.txt", "./x/../y.txt", Some("a/y.txt")),
        ("requirements.txt", "../up.txt", Some("../up.txt")),
        ("a\\r.txt", "sub\\x.txt", Some("sub/x.txt")),
        ("requirements.txt", "/abs.txt", None),
        ("requirements.txt", "C:/abs.txt", None),
        ("requirements.txt", ".", None),
    ] {
        assert_eq!(
            resolve(from, target).as_deref(),
            resolved,
            "{from} {target}"
        );
    }
}

#[test]
fn logical_lines_join_continuations() {
    let text = "a==1 \\\n  --hash=x:y\n# c \\\nb==2 \\\n# via z\nc==3\\";
    assert_eq!(
        logical_lines(text),
        [
            (1, "a==1   --hash=x:y".to_string()),
            (3, "# c \\".to_string()),
            (4, "b==2 ".to_string()),
            (5, "# via z".to_string()),
            (6, "c==3".to_string()),
        ]
    );
}

/// Every fixture of the Python and Java formats, truncated anywhere and followed by noise.
mod never_panic {
    use super::Files;
    use crate::lockfiles::testing::fixture;
    use crate::lockfiles::{Format, parse};
    use bulwark_core::SourceFile;
    use proptest::prelude::*;

    macro_rules! fixtures {
        ($($format:ident => $path:literal),* $(,)?) => {
            [$((Format::$format, fixture!($path))),*]
        };
    }

    const FIXTURES: [(Format, &str); 8] = fixtures![
        Requirements => "requirements/requirements.txt",
        PipfileLock => "pipfile/Pipfile.lock",
        PoetryLock => "poetry/poetry.lock",
        UvLock => "uv/uv.lock",
        PdmLock => "pdm/pdm.lock",
        Pylock => "pylock/pylock.toml",
        PomXml => "pom/pom.xml",
        GradleLockfile => "gradle/gradle.lockfile",
    ];

    proptest! {
        #[test]
        fn on_truncated_or_noisy_input(
            cut in 0usize..4096,
            noise in "[-=a-z0-9\\[\\]{}\"'<>/#:;.,$@~!()* \n\\\\]{0,120}",
        ) {
            let files = Files(Vec::new());
            for (format, fixture) in FIXTURES {
                let end = (0..=cut.min(fixture.len()))
                    .rev()
                    .find(|&i| fixture.is_char_boundary(i))
                    .unwrap_or(0);
                let text = format!("{}{noise}", &fixture[..end]);
                let file = SourceFile { path: "dir/file", bytes: text.as_bytes() };
                let _ = parse(format, &file, &files);
            }
        }
    }
}

#[test]
fn locked_packages_need_a_version_and_edges_are_added_once() {
    let mut problems = Vec::new();
    let package = locked_package("Some_Pkg", Some("1.0"), "uv.lock", 3, &mut problems);
    assert_eq!(package.map(|p| p.label()).as_deref(), Some("some-pkg@1.0"));
    assert!(locked_package("x", None, "uv.lock", 7, &mut problems).is_none());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(7));
    let mut edges = Vec::new();
    for (from, to) in [(1, 0), (0, 1), (1, 0)] {
        push_edge(&mut edges, Dependency { from, to });
    }
    assert_eq!(
        edges,
        [Dependency { from: 1, to: 0 }, Dependency { from: 0, to: 1 }]
    );
}

/// `uv export` names the project itself as the source of its direct dependencies
/// (`# via my-app`), not `-r …` or `(pyproject.toml)` as pip-compile does; a name that is no
/// requirement in the file (a `name @ url` reference still counts as one) is the project.
#[test]
fn uv_export_via_the_project_is_direct() {
    let text = "\
# This file was autogenerated by uv via the following command:
#    uv export --format requirements-txt
-e ./packages/member
certifi==2024.2.2 \\
    --hash=sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1
    # via requests
flask==3.0.2 \\
    --hash=sha256:3232e0e9c850d781933cf0207523d1ece087eb8d87b23777ae38456e2fbe7c6e
    # via my-app
local-lib @ https://example.com/local_lib-1.0-py3-none-any.whl
    # via my-app
requests==2.31.0 \\
    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f
    # via
    #   member
    #   my-app
six==1.16.0
    # via local-lib
urllib3==2.2.1
    # via requests
";
    let inventory = run("requirements.txt", text, &Files(vec![]));
    use Relationship::{Direct, Transitive};
    let rows: Vec<_> = inventory
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.relationship))
        .collect();
    assert_eq!(
        rows,
        [
            ("certifi", Transitive),
            ("flask", Direct),
            ("requests", Direct),
            ("six", Transitive),
            ("urllib3", Transitive),
        ]
    );
}
