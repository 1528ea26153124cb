//! The pipeline with small test analyzers: what is read, skipped, reported and how it is ordered.

use bulwark_core::{
    Analyzer, Finding, Location, Outcome, Problem, Rule, Scanner, Severity, SourceFile,
};
use bulwark_scan::{Progress, ScanOptions, scan};
use std::sync::atomic::{AtomicU64, Ordering};

static WORD: Rule = Rule {
    id: "secrets.test-word",
    title: "The word",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &[],
    controls: &["pci-dss-4.0.1:8.6.2"],
    description: "test",
    remediation: "test",
    references: &[],
};

/// Reports every `needle` (twice, to check de-duplication) and a problem for files named `bad*`.
struct Needle;

impl Analyzer for Needle {
    fn name(&self) -> &'static str {
        "needle"
    }
    fn scanner(&self) -> Scanner {
        Scanner::Secrets
    }
    fn rules(&self) -> Vec<&'static Rule> {
        vec![&WORD]
    }
    fn wants_path(&self, path: &str) -> bool {
        !path.ends_with(".skipme")
    }
    fn wants_content(&self, file: &SourceFile<'_>) -> bool {
        !file.bytes.starts_with(b"#not-mine")
    }
    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        let mut outcome = Outcome::default();
        let text = String::from_utf8_lossy(file.bytes);
        for (index, line) in text.lines().enumerate() {
            if line.contains("needle") {
                let finding =
                    Finding::new(&WORD, Location::line(file.path, index as u32 + 1), "needle");
                outcome.findings.push(finding.clone());
                outcome.findings.push(finding);
            }
        }
        if file
            .path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.starts_with("bad"))
        {
            outcome.problems.push(Problem {
                line: Some(2),
                message: "malformed".into(),
            });
        }
        outcome
    }
}

fn options(root: &std::path::Path, threads: usize) -> ScanOptions {
    ScanOptions {
        root: root.to_path_buf(),
        excludes: vec!["excluded/**".into()],
        max_file_size: 100,
        threads,
    }
}

fn write(root: &std::path::Path, path: &str, bytes: &[u8]) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

#[derive(Default)]
struct Counting {
    files: AtomicU64,
    done: AtomicU64,
}

impl Progress for Counting {
    fn discovered(&self, files: u64) {
        self.files.store(files, Ordering::Relaxed);
    }
    fn file_done(&self, _bytes: u64, _findings: u64) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn reads_classifies_and_orders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "b/needle.txt", b"x\nneedle\n");
    write(root, "a/needle.txt", b"needle\n");
    write(root, "bad.toml", b"needle\n");
    write(root, "big.txt", &[b'n'; 200]);
    write(root, "bin.dat", b"\0needle");
    write(root, "notes.skipme", b"needle");
    write(root, "excluded/x.txt", b"needle");
    write(root, "sniffed.txt", b"#not-mine\nneedle");

    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(Needle)];
    let progress = Counting::default();
    let result = scan(&options(root, 4), &analyzers, &progress).expect("scan runs");

    let places: Vec<(String, u32)> = result
        .findings
        .iter()
        .map(|f| (f.location.path.clone(), f.location.start_line))
        .collect();
    assert_eq!(
        places,
        [
            ("a/needle.txt".into(), 1),
            ("b/needle.txt".into(), 2),
            ("bad.toml".into(), 1)
        ],
        "sorted, de-duplicated, excluded/ and unwanted files left out"
    );
    assert!(result.findings.iter().all(|f| f.fingerprint.len() == 32));
    assert_eq!(
        result.stats.files_scanned, 4,
        "read, though one was declined on content"
    );
    assert_eq!(result.stats.binary_files, 1);
    assert_eq!(result.stats.files_unclaimed, 1);
    assert_eq!(result.skipped.len(), 1);
    assert_eq!(result.skipped[0].path, "big.txt");
    assert_eq!(result.errors.len(), 1);
    assert_eq!(result.errors[0].path, "bad.toml");
    assert_eq!(result.errors[0].line, Some(2));
    assert!(result.errors[0].message.contains("needle: malformed"));
    assert_eq!(progress.files.load(Ordering::Relaxed), 7);
    assert_eq!(progress.done.load(Ordering::Relaxed), 7);
}

#[test]
fn same_result_with_one_or_many_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..40 {
        write(
            dir.path(),
            &format!("d{}/f{i}.txt", i % 5),
            format!("a\nneedle {i}\nneedle\n").as_bytes(),
        );
    }
    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(Needle)];
    let one = scan(&options(dir.path(), 1), &analyzers, &()).expect("scan");
    let many = scan(&options(dir.path(), 8), &analyzers, &()).expect("scan");
    assert_eq!(one.findings, many.findings);
    assert_eq!(one.findings.len(), 80);
}

#[test]
fn missing_root_and_bad_exclude_are_errors() {
    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(Needle)];
    let missing = ScanOptions {
        root: "/nonexistent/bulwark".into(),
        excludes: Vec::new(),
        max_file_size: 10,
        threads: 1,
    };
    assert!(scan(&missing, &analyzers, &()).is_err());
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = ScanOptions {
        excludes: vec!["a/{b".into()],
        ..options(dir.path(), 1)
    };
    let error = scan(&bad, &analyzers, &()).expect_err("invalid glob");
    assert!(error.to_string().contains("a/{b"));
}
