//! History scanning over real repositories built with the `git` CLI: attribution to the oldest
//! commit, each blob scanned once, `since`, all refs, bare/shallow clones, damaged objects, long
//! histories. A test analyzer reports the marker words `CANARY-<n>` (identity = the word), so no
//! real secret appears here.

use bulwark_core::{Analyzer, Finding, Location, Outcome, Rule, Scanner, Severity, SourceFile};
use bulwark_scan::{HistoryError, HistoryOptions, Progress, ScanResult, scan_history};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

static CANARY: Rule = Rule {
    id: "secrets.test-canary",
    title: "Canary",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &[],
    controls: &[],
    description: "test",
    remediation: "test",
    references: &[],
};

/// Reports each `CANARY-<digits>` word with identity = the word; counts its calls.
#[derive(Default)]
struct Canary {
    calls: Arc<AtomicUsize>,
}

impl Analyzer for Canary {
    fn name(&self) -> &'static str {
        "canary"
    }
    fn scanner(&self) -> Scanner {
        Scanner::Secrets
    }
    fn rules(&self) -> Vec<&'static Rule> {
        vec![&CANARY]
    }
    fn wants_path(&self, path: &str) -> bool {
        !path.ends_with(".skipme")
    }
    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let mut outcome = Outcome::default();
        let text = String::from_utf8_lossy(file.bytes);
        for (index, line) in text.lines().enumerate() {
            for word in line.split_whitespace() {
                let is_canary = word
                    .strip_prefix("CANARY-")
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                if is_canary {
                    let location = Location::line(file.path, index as u32 + 1);
                    outcome.findings.push(
                        Finding::new(&CANARY, location, format!("found {word}"))
                            .with_identity(word),
                    );
                }
            }
        }
        outcome
    }
}

/// A scratch repository driven through the `git` CLI, isolated from user configuration, with
/// deterministic dates (commit `n` is at 2024-01-01T00:00:00Z + n minutes).
struct Repo {
    _dir: tempfile::TempDir,
    path: PathBuf,
    commits: u32,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("work");
        std::fs::create_dir(&path).expect("mkdir");
        let repo = Repo {
            _dir: dir,
            path,
            commits: 0,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn git(&self, args: &[&str]) -> String {
        git_in(&self.path, args)
    }

    fn write(&self, path: &str, bytes: &[u8]) {
        let path = self.path.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    fn remove(&self, path: &str) {
        std::fs::remove_file(self.path.join(path)).expect("remove");
    }

    /// Commits everything; returns the new commit's id.
    fn commit(&mut self, message: &str) -> String {
        self.commits += 1;
        let date = format!("{} +0000", 1_704_067_200 + 60 * u64::from(self.commits));
        self.git(&["add", "-A"]);
        let status = git_command(&self.path)
            .args(["commit", "-q", "--allow-empty", "-m", message])
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .status()
            .expect("git commit runs");
        assert!(status.success(), "git commit failed");
        self.git(&["rev-parse", "HEAD"])
    }

    /// `git rev-parse HEAD:<path>`.
    fn blob(&self, path: &str) -> String {
        self.git(&["rev-parse", &format!("HEAD:{path}")])
    }
}

fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "A")
        .env("GIT_AUTHOR_EMAIL", "a@x")
        .env("GIT_COMMITTER_NAME", "A")
        .env("GIT_COMMITTER_EMAIL", "a@x")
        .env("GIT_TERMINAL_PROMPT", "0");
    command
}

fn git_in(dir: &Path, args: &[&str]) -> String {
    let output = git_command(dir).args(args).output().expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn options(repo: &Path) -> HistoryOptions {
    HistoryOptions {
        repo: repo.to_path_buf(),
        since: None,
        all_refs: false,
        max_file_size: 1024 * 1024,
        threads: 2,
    }
}

fn scan(options: &HistoryOptions) -> ScanResult {
    scan_history(
        options,
        &[Box::new(Canary::default()) as Box<dyn Analyzer>],
        &(),
    )
    .expect("scan")
}

fn find<'a>(result: &'a ScanResult, word: &str) -> &'a Finding {
    result
        .findings
        .iter()
        .find(|f| f.identity == word)
        .unwrap_or_else(|| panic!("no finding for {word}: {:#?}", result.findings))
}

fn words(result: &ScanResult) -> Vec<&str> {
    let mut words: Vec<&str> = result
        .findings
        .iter()
        .map(|f| f.identity.as_str())
        .collect();
    words.sort_unstable();
    words
}

fn property<'a>(finding: &'a Finding, key: &str) -> &'a serde_json::Value {
    finding
        .properties
        .get(key)
        .unwrap_or_else(|| panic!("no property {key}"))
}

#[test]
fn a_removed_secret_is_attributed_to_the_commit_that_added_it() {
    let mut repo = Repo::new();
    repo.write("config/app.env", b"name=x\nkey CANARY-1\n");
    let first = repo.commit("add app config\n\nwith a body");
    repo.write("config/app.env", b"name=y\nkey CANARY-1\nmore=1\n");
    repo.commit("edit the config elsewhere");
    repo.write("config/app.env", b"name=y\nmore=1\n");
    repo.write("README", b"kept CANARY-2\n");
    let third = repo.commit("remove the key");

    let result = scan(&options(&repo.path));
    assert_eq!(words(&result), ["CANARY-1", "CANARY-2"]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);

    let removed = find(&result, "CANARY-1");
    assert_eq!(removed.location.commit.as_deref(), Some(first.as_str()));
    assert_eq!(removed.location.path, "config/app.env");
    assert_eq!(removed.location.start_line, 2);
    assert_eq!(
        property(removed, "present_at_head"),
        &serde_json::json!(false)
    );
    assert_eq!(property(removed, "occurrences"), &serde_json::json!(2));
    assert_eq!(
        property(removed, "commit_author"),
        &serde_json::json!("A <a@x>")
    );
    assert_eq!(
        property(removed, "commit_date"),
        &serde_json::json!("2024-01-01T00:01:00Z")
    );
    assert_eq!(
        property(removed, "commit_summary"),
        &serde_json::json!("add app config")
    );
    assert_eq!(removed.fingerprint.len(), 32);

    let kept = find(&result, "CANARY-2");
    assert_eq!(kept.location.commit.as_deref(), Some(third.as_str()));
    assert_eq!(property(kept, "present_at_head"), &serde_json::json!(true));
    assert_eq!(property(kept, "occurrences"), &serde_json::json!(1));

    // Two versions of app.env with the key, one without, and the README.
    assert_eq!(result.stats.files_scanned, 4);
}

#[test]
fn a_secret_still_at_head_is_marked_present() {
    let mut repo = Repo::new();
    repo.write("a.txt", b"CANARY-7\n");
    repo.commit("one");
    repo.write("a.txt", b"CANARY-7\nmore\n");
    repo.commit("two");
    let result = scan(&options(&repo.path));
    let finding = find(&result, "CANARY-7");
    assert_eq!(
        property(finding, "present_at_head"),
        &serde_json::json!(true)
    );
    assert_eq!(property(finding, "occurrences"), &serde_json::json!(2));
    assert_eq!(
        finding.location.commit.as_deref(),
        Some(repo.git(&["rev-parse", "HEAD~1"]).as_str())
    );
}

#[derive(Default)]
struct Counting {
    discovered: AtomicU64,
    done: AtomicU64,
}

impl Progress for Counting {
    fn discovered(&self, n: u64) {
        self.discovered.store(n, Ordering::Relaxed);
    }
    fn file_done(&self, _bytes: u64, _findings: u64) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn each_blob_is_scanned_once() {
    let mut repo = Repo::new();
    let same = b"CANARY-3 shared\n";
    repo.write("a/one.txt", same);
    repo.write("b/two.txt", same);
    repo.write("c/other.txt", b"other\n");
    repo.commit("same blob at two paths");
    repo.write("c/other.txt", b"changed\n");
    repo.write("d/three.txt", same);
    repo.commit("and at a third path");
    repo.write("c/other.txt", b"other\n");
    repo.git(&["mv", "a", "moved"]);
    repo.commit("revert other.txt, rename a/");
    repo.write("ignored.skipme", b"CANARY-4\n");
    repo.commit("unwanted path");
    repo.remove("d/three.txt");
    repo.commit("delete a copy");
    repo.write("d/three.txt", same);
    repo.commit("and restore it");

    let canary = Canary::default();
    let calls = Arc::clone(&canary.calls);
    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(canary)];
    let progress = Counting::default();
    let result = scan_history(&options(&repo.path), &analyzers, &progress).expect("scan");

    // Three distinct blobs: the shared one, "other", "changed".
    assert_eq!(calls.load(Ordering::Relaxed), 3);
    assert_eq!(result.stats.files_scanned, 3);
    assert_eq!(progress.discovered.load(Ordering::Relaxed), 6, "commits");
    assert_eq!(progress.done.load(Ordering::Relaxed), 3, "blobs");
    assert_eq!(words(&result), ["CANARY-3"]);
    let shared = find(&result, "CANARY-3");
    assert_eq!(
        shared.location.path, "a/one.txt",
        "first path in tree order"
    );
    assert_eq!(property(shared, "occurrences"), &serde_json::json!(1));
    assert_eq!(
        property(shared, "present_at_head"),
        &serde_json::json!(true)
    );
}

#[test]
fn since_limits_the_scan_to_later_commits() {
    let mut repo = Repo::new();
    repo.write("one.txt", b"CANARY-10\n");
    repo.commit("one");
    repo.write("two.txt", b"CANARY-11\n");
    repo.commit("two");
    repo.git(&["tag", "-a", "v1.2", "-m", "release"]);
    repo.write("three.txt", b"CANARY-12\n");
    repo.write("one.txt", b"CANARY-10\nedited\n");
    repo.commit("three");

    let all = scan(&options(&repo.path));
    assert_eq!(words(&all), ["CANARY-10", "CANARY-11", "CANARY-12"]);

    let since_tag = scan(&HistoryOptions {
        since: Some("v1.2".into()),
        ..options(&repo.path)
    });
    // CANARY-10's file was edited after the tag: that new blob still contains it.
    assert_eq!(words(&since_tag), ["CANARY-10", "CANARY-12"]);
    assert_eq!(since_tag.stats.files_scanned, 2);

    let since_parent = scan(&HistoryOptions {
        since: Some("HEAD~2".into()),
        ..options(&repo.path)
    });
    assert_eq!(
        words(&since_parent),
        ["CANARY-10", "CANARY-11", "CANARY-12"]
    );

    let head = repo.git(&["rev-parse", "HEAD"]);
    let nothing = scan(&HistoryOptions {
        since: Some(head),
        ..options(&repo.path)
    });
    assert!(nothing.findings.is_empty());

    let error = scan_history(
        &HistoryOptions {
            since: Some("no-such-tag".into()),
            ..options(&repo.path)
        },
        &[Box::new(Canary::default()) as Box<dyn Analyzer>],
        &(),
    )
    .expect_err("unknown revision");
    assert!(matches!(error, HistoryError::UnknownRevision { .. }));
    assert!(error.to_string().contains("`no-such-tag`"), "{error}");
}

#[test]
fn all_refs_finds_secrets_on_other_branches() {
    let mut repo = Repo::new();
    repo.write("main.txt", b"main\n");
    repo.commit("main");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("side.txt", b"CANARY-20\n");
    let side = repo.commit("side");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("main.txt", b"main CANARY-21\n");
    repo.commit("main again");

    let head_only = scan(&options(&repo.path));
    assert_eq!(words(&head_only), ["CANARY-21"]);

    let all = scan(&HistoryOptions {
        all_refs: true,
        ..options(&repo.path)
    });
    assert_eq!(words(&all), ["CANARY-20", "CANARY-21"]);
    let on_side = find(&all, "CANARY-20");
    assert_eq!(on_side.location.commit.as_deref(), Some(side.as_str()));
    assert_eq!(
        property(on_side, "present_at_head"),
        &serde_json::json!(false)
    );
}

#[test]
fn a_merged_secret_is_attributed_to_the_branch_commit_not_the_merge() {
    let mut repo = Repo::new();
    repo.write("base.txt", b"base\n");
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("feature.txt", b"CANARY-30\n");
    let feature = repo.commit("feature");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("base.txt", b"base 2\n");
    repo.commit("main moves on");
    let status = git_command(&repo.path)
        .args(["merge", "-q", "--no-ff", "-m", "merge feature", "feature"])
        .env("GIT_AUTHOR_DATE", "1704153600 +0000")
        .env("GIT_COMMITTER_DATE", "1704153600 +0000")
        .status()
        .expect("git merge runs");
    assert!(status.success());

    let result = scan(&options(&repo.path));
    let merged = find(&result, "CANARY-30");
    assert_eq!(merged.location.commit.as_deref(), Some(feature.as_str()));
    assert_eq!(
        property(merged, "present_at_head"),
        &serde_json::json!(true)
    );
    // base.txt x2, feature.txt: the merge adds nothing new.
    assert_eq!(result.stats.files_scanned, 3);
}

fn small_history() -> Repo {
    let mut repo = Repo::new();
    repo.write("a.txt", b"CANARY-40\n");
    repo.commit("one");
    repo.write("a.txt", b"gone\n");
    repo.write("b.txt", b"CANARY-41\n");
    repo.commit("two");
    repo
}

#[test]
fn bare_repositories_are_scanned() {
    let repo = small_history();
    let bare = repo.path.with_file_name("bare.git");
    git_in(
        repo.path.parent().expect("parent"),
        &["clone", "-q", "--bare", "work", "bare.git"],
    );
    let work = scan(&options(&repo.path));
    let from_bare = scan(&options(&bare));
    assert_eq!(words(&from_bare), ["CANARY-40", "CANARY-41"]);
    assert_eq!(work.findings, from_bare.findings);
}

#[test]
fn shallow_clones_treat_the_boundary_as_a_root() {
    let repo = small_history();
    let url = format!("file://{}", repo.path.display());
    git_in(
        repo.path.parent().expect("parent"),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = repo.path.with_file_name("shallow");
    let result = scan(&options(&shallow));
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(
        words(&result),
        ["CANARY-41"],
        "only the last commit is there"
    );
    let finding = find(&result, "CANARY-41");
    assert_eq!(
        finding.location.commit.as_deref(),
        Some(git_in(&shallow, &["rev-parse", "HEAD"]).as_str())
    );
    assert_eq!(result.stats.files_scanned, 2, "the whole boundary tree");
}

/// The loose object file of `id` in the work tree repository `repo`.
fn loose_object(repo: &Path, id: &str) -> PathBuf {
    repo.join(".git/objects").join(&id[..2]).join(&id[2..])
}

#[test]
fn missing_and_corrupt_objects_are_reported_and_skipped() {
    let mut repo = Repo::new();
    repo.write("ok.txt", b"CANARY-50\n");
    repo.write("lost.txt", b"CANARY-51\n");
    repo.write("broken.txt", b"CANARY-52\n");
    repo.commit("three files");
    let lost = repo.blob("lost.txt");
    let broken = repo.blob("broken.txt");
    std::fs::remove_file(loose_object(&repo.path, &lost)).expect("delete a blob");
    let path = loose_object(&repo.path, &broken);
    let bytes = std::fs::read(&path).expect("read object");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("truncate a blob");

    let result = scan(&options(&repo.path));
    assert_eq!(words(&result), ["CANARY-50"]);
    let paths: Vec<&str> = result.errors.iter().map(|e| e.path.as_str()).collect();
    assert!(paths.contains(&lost.as_str()), "{:?}", result.errors);
    assert!(paths.contains(&broken.as_str()), "{:?}", result.errors);
    assert!(
        result
            .errors
            .iter()
            .any(|e| e.message.contains("lost.txt@")),
        "{:?}",
        result.errors
    );
}

#[test]
fn a_missing_tree_is_reported_and_the_walk_goes_on() {
    let mut repo = Repo::new();
    repo.write("dir/a.txt", b"CANARY-60\n");
    repo.commit("one");
    repo.write("top.txt", b"CANARY-61\n");
    let second = repo.commit("two");
    let tree = repo.git(&["rev-parse", "HEAD:dir"]);
    std::fs::remove_file(loose_object(&repo.path, &tree)).expect("delete a tree");

    let result = scan(&options(&repo.path));
    assert_eq!(words(&result), ["CANARY-61"]);
    assert!(
        result.errors.iter().any(|e| e.message.contains(&tree)),
        "{:?}",
        result.errors
    );
    assert!(find(&result, "CANARY-61").location.commit.as_deref() == Some(second.as_str()));
}

#[test]
fn binary_and_oversize_blobs_are_skipped() {
    let mut repo = Repo::new();
    repo.write("bin.dat", b"\0CANARY-70\n");
    repo.write(
        "big.txt",
        format!("CANARY-71\n{}", "x".repeat(300)).as_bytes(),
    );
    repo.write("small.txt", b"CANARY-72\n");
    let commit = repo.commit("mixed");
    let result = scan(&HistoryOptions {
        max_file_size: 100,
        ..options(&repo.path)
    });
    assert_eq!(words(&result), ["CANARY-72"]);
    assert_eq!(result.stats.binary_files, 1);
    assert_eq!(result.stats.files_skipped, 1);
    assert_eq!(result.stats.files_scanned, 1);
    assert_eq!(result.skipped.len(), 1);
    assert_eq!(result.skipped[0].path, format!("big.txt@{}", &commit[..12]));
    assert!(result.skipped[0].reason.contains("too large"));
}

#[test]
fn empty_repositories_and_non_repositories() {
    let repo = Repo::new();
    let result = scan(&options(&repo.path));
    assert!(result.findings.is_empty());
    assert!(result.errors.is_empty());
    assert_eq!(result.stats.files_scanned, 0);

    let plain = tempfile::tempdir().expect("tempdir");
    let error = scan_history(
        &options(plain.path()),
        &[Box::new(Canary::default()) as Box<dyn Analyzer>],
        &(),
    )
    .expect_err("not a repository");
    assert!(matches!(error, HistoryError::NotARepository { .. }));
    assert!(
        error.to_string().contains("not a git repository"),
        "{error}"
    );
}

/// Builds `commits` commits with `git fast-import`: commit `i` rewrites `src/f{i % 20}.txt`; every
/// 250th commit adds `secrets/s{i}.txt` holding `CANARY-{i}`, deleted again 10 commits later
/// except for the last one.
fn fast_import(repo: &Path, commits: u32) {
    let mut stream = Vec::new();
    for i in 0..commits {
        let message = format!("commit {i}");
        writeln!(stream, "commit refs/heads/main").ok();
        writeln!(stream, "mark :{}", i + 1).ok();
        writeln!(
            stream,
            "committer A <a@x> {} +0000",
            1_704_067_200 + u64::from(i)
        )
        .ok();
        writeln!(stream, "data {}\n{message}", message.len()).ok();
        if i > 0 {
            writeln!(stream, "from :{i}").ok();
        }
        let content = format!("line {i}\n");
        writeln!(stream, "M 100644 inline src/f{}.txt", i % 20).ok();
        writeln!(stream, "data {}\n{content}", content.len()).ok();
        if i % 250 == 0 {
            let secret = format!("token CANARY-{i}\n");
            writeln!(stream, "M 100644 inline secrets/s{i}.txt").ok();
            writeln!(stream, "data {}\n{secret}", secret.len()).ok();
        }
        if i % 250 == 10 && i + 250 < commits {
            writeln!(stream, "D secrets/s{}.txt", i - 10).ok();
        }
        writeln!(stream).ok();
    }
    let mut child = git_command(repo)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&stream)
        .expect("stream written");
    assert!(child.wait().expect("fast-import finishes").success());
}

#[test]
fn a_long_history_is_scanned_correctly() {
    let repo = Repo::new();
    fast_import(&repo.path, 2_000);
    let canary = Canary::default();
    let calls = Arc::clone(&canary.calls);
    let analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(canary)];
    let progress = Counting::default();
    let result = scan_history(&options(&repo.path), &analyzers, &progress).expect("scan");

    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(progress.discovered.load(Ordering::Relaxed), 2_000);
    // 2,000 distinct versions of src/f*.txt and 8 secret files.
    assert_eq!(result.stats.files_scanned, 2_008);
    assert_eq!(calls.load(Ordering::Relaxed), 2_008);
    let expected: Vec<String> = (0..8).map(|k| format!("CANARY-{}", k * 250)).collect();
    let mut found: Vec<&str> = words(&result);
    found.sort_by_key(|w| w.trim_start_matches("CANARY-").parse::<u32>().unwrap_or(0));
    assert_eq!(found, expected);
    for k in 0..8u32 {
        let i = k * 250;
        let finding = find(&result, &format!("CANARY-{i}"));
        assert_eq!(
            property(finding, "commit_summary"),
            &serde_json::json!(format!("commit {i}"))
        );
        assert_eq!(finding.location.path, format!("secrets/s{i}.txt"));
        assert_eq!(
            property(finding, "present_at_head"),
            &serde_json::json!(k == 7),
            "CANARY-{i}"
        );
    }
}

#[test]
fn one_thread_and_many_threads_agree() {
    let repo = Repo::new();
    fast_import(&repo.path, 600);
    let one = scan(&HistoryOptions {
        threads: 1,
        ..options(&repo.path)
    });
    let many = scan(&HistoryOptions {
        threads: 4,
        ..options(&repo.path)
    });
    assert_eq!(one.findings, many.findings);
    assert_eq!(one.stats, many.stats);
    assert_eq!(one.findings.len(), 3);
}
