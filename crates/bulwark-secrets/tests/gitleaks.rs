//! Custom rules from gitleaks configuration files, driven through the real analyzer (built-in
//! detectors plus the custom ones). Fixtures are in `tests/fixtures/gitleaks/`; every test input
//! is built here at run time so that no fixture holds anything a secret scanner would report.

use bulwark_core::fingerprint::digest_hex;
use bulwark_core::{Analyzer, ConfigError, Finding, Severity, SourceFile};
use bulwark_secrets::SecretsAnalyzer;
use bulwark_secrets::gitleaks::{self, CustomRules};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gitleaks")
        .join(name)
}

fn load(name: &str) -> CustomRules {
    gitleaks::load(&fixture(name)).unwrap_or_else(|errors| panic!("{name}: {errors:#?}"))
}

fn analyzer(custom: CustomRules) -> SecretsAnalyzer {
    SecretsAnalyzer::builtin()
        .and_then(|a| a.with_detectors(custom.detectors))
        .map(|a| a.with_allowlists(custom.allowlists))
        .unwrap_or_else(|e| panic!("analyzer builds: {e}"))
}

/// Findings of the custom rules only: the built-in detectors grow over time, and these tests
/// are about the custom rules (the one test about built-ins uses [`scan_all`]).
fn scan(analyzer: &SecretsAnalyzer, path: &str, text: &str) -> Vec<Finding> {
    scan_all(analyzer, path, text)
        .into_iter()
        .filter(|f| f.rule_id.starts_with("secrets.custom."))
        .collect()
}

fn scan_all(analyzer: &SecretsAnalyzer, path: &str, text: &str) -> Vec<Finding> {
    analyzer
        .analyze(&SourceFile {
            path,
            bytes: text.as_bytes(),
        })
        .findings
}

fn rule_ids(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule_id.as_str()).collect()
}

fn errors_of(name: &str, text: &str) -> Vec<ConfigError> {
    match gitleaks::parse(Path::new(name), text) {
        Ok(custom) => panic!("expected errors, got {} rules", custom.detectors.len()),
        Err(errors) => errors,
    }
}

/// The error whose message contains `needle`.
fn error_with<'e>(errors: &'e [ConfigError], needle: &str) -> &'e ConfigError {
    errors
        .iter()
        .find(|e| e.message.contains(needle))
        .unwrap_or_else(|| panic!("no error containing {needle:?} in {errors:#?}"))
}

/// A 20-character lowercase alphanumeric body with high entropy.
const RANDOM_20: &str = "k3j9x0q7m2v8w1z5r4t6";

fn acme_live(body: &str) -> String {
    format!("acme_{}_{body}", "live")
}

const LIVE_TOKEN: &str = "secrets.custom.acme-live-token";

#[test]
fn custom_rule_uses_keywords_secret_group_entropy_and_severity() {
    let custom = load("custom.toml");
    let analyzer = analyzer(custom);
    let token = acme_live(RANDOM_20);
    let findings = scan(
        &analyzer,
        "src/app.py",
        &format!("client = Acme(\"{token}\")\n"),
    );
    assert_eq!(rule_ids(&findings), [LIVE_TOKEN]);
    let finding = &findings[0];
    // secretGroup = 3: the secret is the random body, not the whole token.
    assert_eq!(finding.identity, digest_hex(RANDOM_20.as_bytes()));
    assert_eq!(
        finding.severity,
        Severity::Critical,
        "tag severity:critical"
    );
    assert_eq!(finding.location.start_line, 1);
    assert!(finding.message.starts_with("Acme live API token"));

    // Same format, low entropy: not reported.
    let flat = acme_live("aaaaaaaaaabbbbbbbbbb");
    assert!(scan(&analyzer, "src/app.py", &flat).is_empty());
}

#[test]
fn a_keyword_enables_the_rule_for_the_rest_of_the_file() {
    let text = "[[rules]]\nid = \"svc\"\nregex = 'token=([a-z0-9]{20})'\nkeywords = [\"[acme-service]\"]\n";
    let custom =
        gitleaks::parse(Path::new("svc.toml"), text).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let analyzer = analyzer(custom);
    let assignment = format!("token={RANDOM_20}\n");
    let far = format!("[acme-service]\n{}{assignment}", "x = 1\n".repeat(400));
    assert_eq!(
        rule_ids(&scan(&analyzer, "a.ini", &far)),
        ["secrets.custom.svc"]
    );
    assert!(
        scan(&analyzer, "a.ini", &assignment).is_empty(),
        "no keyword"
    );
    // Known difference from gitleaks: a match before the keyword's line is not found.
    let before = format!("{assignment}[acme-service]\n");
    assert!(scan(&analyzer, "a.ini", &before).is_empty());
}

#[test]
fn entropy_at_the_threshold_is_dropped_as_in_gitleaks() {
    let text = "[[rules]]\nid = \"e\"\nregex = 'acme_e_([a-e]{4,5})'\nentropy = 2\n";
    let custom =
        gitleaks::parse(Path::new("e.toml"), text).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let analyzer = analyzer(custom);
    // "abcd": exactly 2 bits per character, which gitleaks drops (`entropy <= threshold`).
    assert!(scan(&analyzer, "a", "acme_e_abcd").is_empty());
    assert_eq!(scan(&analyzer, "a", "acme_e_abcde").len(), 1);
}

#[test]
fn rule_metadata() {
    let custom = load("custom.toml");
    let rules: Vec<_> = custom.detectors.iter().map(|d| d.rule).collect();
    let live = rules
        .iter()
        .find(|r| r.id == LIVE_TOKEN)
        .unwrap_or_else(|| panic!("ids are lowercased: {rules:?}"));
    assert_eq!(live.title, "Acme live API token");
    assert_eq!(live.cwe, ["CWE-798"]);
    assert_eq!(live.owasp, ["A07:2021"]);
    assert_eq!(
        live.controls,
        ["pci-dss-4.0.1:8.6.2", "soc2:CC6.1", "nist-ssdf:PS.1.1"]
    );
    assert!(
        live.description.contains("custom.toml"),
        "{}",
        live.description
    );
    assert!(!live.remediation.is_empty());
    assert!(live.references.is_empty());
    let webhook = rules
        .iter()
        .find(|r| r.id == "secrets.custom.acme-webhook-secret")
        .unwrap_or_else(|| panic!("{rules:?}"));
    assert_eq!(webhook.severity, Severity::Medium);
    let internal = rules
        .iter()
        .find(|r| r.id == "secrets.custom.acme-internal-id")
        .unwrap_or_else(|| panic!("{rules:?}"));
    assert_eq!(internal.severity, Severity::High, "default severity");
}

#[test]
fn rule_allowlist_by_stopword_and_by_regex_on_the_secret() {
    let analyzer = analyzer(load("custom.toml"));
    let demo = acme_live("demo7x0q7m2v8w1z5r4t");
    assert!(scan(&analyzer, "a.py", &demo).is_empty(), "stopword `demo`");
    let sandbox = acme_live("0000x0q7m2v8w1z5r4t6");
    assert!(
        scan(&analyzer, "a.py", &sandbox).is_empty(),
        "regex ^0000 on the secret"
    );
    // The secret-target regex does not look at the rest of the line.
    let line = format!("0000 = \"{}\"", acme_live(RANDOM_20));
    assert_eq!(rule_ids(&scan(&analyzer, "a.py", &line)), [LIVE_TOKEN]);
}

#[test]
fn rule_allowlist_by_regex_on_the_line_and_by_path() {
    let analyzer = analyzer(load("custom.toml"));
    let password = concat!("Zq8#", "vL2m!Rt5");
    let assignment = format!("acme_db_pass = \"{password}\"");
    assert_eq!(
        rule_ids(&scan(&analyzer, "config/app.ini", &assignment)),
        ["secrets.custom.acme-db-password"]
    );
    let marked = format!("{assignment}  # not-a-secret");
    assert!(
        scan(&analyzer, "config/app.ini", &marked).is_empty(),
        "regexTarget = line"
    );
    assert!(
        scan(&analyzer, "pkg/testdata/app.ini", &assignment).is_empty(),
        "rule allowlist path"
    );
    // The allowlist's `commits` are ignored in a file scan; its `paths` still apply (above).

    // Bulwark's placeholder filter does not apply to custom rules: gitleaks reports this too.
    let weak = "acme_db_pass = \"changeme-2024\"";
    assert_eq!(
        rule_ids(&scan(&analyzer, "config/app.ini", weak)),
        ["secrets.custom.acme-db-password"]
    );
}

#[test]
fn and_condition_needs_every_check() {
    let analyzer = analyzer(load("custom.toml"));
    let webhook = |body: &str| format!("whsec_{}_{body}", "acme");
    let example = webhook("example0Ab1Cd2Ef3Gh4Ij5K");
    let real = webhook("Q7w3E9r1T5y8U2i6O4p0A1s9");
    let id = "secrets.custom.acme-webhook-secret";
    assert!(scan(&analyzer, "docs/hooks.md", &example).is_empty());
    assert_eq!(rule_ids(&scan(&analyzer, "docs/hooks.md", &real)), [id]);
    assert_eq!(rule_ids(&scan(&analyzer, "src/hooks.rs", &example)), [id]);
}

#[test]
fn global_allowlists() {
    let analyzer = analyzer(load("custom.toml"));
    let token = acme_live(RANDOM_20);
    assert!(
        scan(&analyzer, "vendor/acme/client.py", &token).is_empty(),
        "global path allowlist"
    );
    // It applies to the built-in detectors too.
    let aws = format!("key = \"{}{}\"", "AKIA", "Z7QW3ERT5YUI2OPL");
    assert_eq!(scan_all(&analyzer, "src/a.py", &aws).len(), 1);
    assert!(scan_all(&analyzer, "vendor/a.py", &aws).is_empty());

    // targetRules: only the webhook rule is allowlisted by the marker.
    let webhook = format!("whsec_{}_Q7w3E9r1T5y8U2i6O4p0A1s9", "acme");
    let marker = "# reviewed-by-security";
    assert!(scan(&analyzer, "src/a.py", &format!("{webhook} {marker}")).is_empty());
    assert_eq!(
        rule_ids(&scan(&analyzer, "src/a.py", &format!("{token} {marker}"))),
        [LIVE_TOKEN]
    );
}

#[test]
fn keywordless_and_path_restricted_rules() {
    let analyzer = analyzer(load("custom.toml"));
    let credential = format!("service.id={}-482913-QWXZ", "ACMEINT");
    let id = "secrets.custom.acme-internal-id";
    assert_eq!(
        rule_ids(&scan(&analyzer, "conf/app.properties", &credential)),
        [id]
    );
    assert_eq!(
        rule_ids(&scan(&analyzer, "conf/app.yml", &credential)),
        [id]
    );
    assert!(scan(&analyzer, "src/App.java", &credential).is_empty());
}

#[test]
fn unsupported_rules_warn_and_the_others_still_work() {
    let custom = load("custom.toml");
    let warnings = custom.warnings.join("\n");
    assert!(
        warnings.contains(
            "rule `acme-lookahead`: look-ahead `(?=` is not supported by Bulwark's regex engine; \
             rule skipped"
        ),
        "{warnings}"
    );
    assert!(
        warnings.contains("custom.toml:57: rule `acme-lookahead`"),
        "file and line: {warnings}"
    );
    assert!(
        warnings.contains("rule `acme-keystore`: rules with only a `path`"),
        "{warnings}"
    );
    assert!(
        warnings.contains("`commits` apply only to history scans; ignored"),
        "{warnings}"
    );
    assert_eq!(custom.warnings.len(), 3, "{warnings}");
    assert_eq!(custom.detectors.len(), 4);
    assert_eq!(
        custom.allowlists.len(),
        1,
        "targeted allowlists are not global"
    );
    let analyzer = analyzer(custom);
    assert_eq!(
        rule_ids(&scan(&analyzer, "a", &acme_live(RANDOM_20))),
        [LIVE_TOKEN]
    );
}

#[test]
fn only_broken_rules_still_load() {
    let text = "[[rules]]\nid = \"a\"\nregex = '''(\\w+)\\1'''\n\n[[rules]]\nid = \"b\"\nregex = '''x(?<!y)'''\n";
    let custom = gitleaks::parse(Path::new("only-broken.toml"), text)
        .unwrap_or_else(|errors| panic!("{errors:#?}"));
    assert!(custom.detectors.is_empty());
    assert_eq!(custom.warnings.len(), 2);
    assert!(custom.warnings[0].contains("only-broken.toml:3: rule `a`: backreference `\\1`"));
    assert!(custom.warnings[1].contains("rule `b`: negative look-behind `(?<!`"));
}

#[test]
fn extend_loads_the_base_and_disables_rules() {
    let custom = load("extends.toml");
    let warnings = custom.warnings.join("\n");
    assert!(
        warnings.contains("\"generic-api-key\" is not a custom rule"),
        "unknown disabled rule: {warnings}"
    );
    assert_eq!(custom.warnings.len(), 1, "{warnings}");
    let mut ids: Vec<&str> = custom.detectors.iter().map(|d| d.rule.id).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "secrets.custom.acme-base-token",
            "secrets.custom.acme-shared",
            "secrets.custom.acme-team-token"
        ]
    );
    let shared = custom
        .detectors
        .iter()
        .find(|d| d.rule.id == "secrets.custom.acme-shared")
        .map(|d| d.rule)
        .unwrap_or_else(|| panic!("merged rule"));
    assert_eq!(shared.title, "Acme shared secret (team override)");
    assert!(shared.description.contains("base.toml"));
    assert!(shared.description.contains("extends.toml"));

    let analyzer = analyzer(custom);
    let token = |kind: &str| format!("acme_{kind}_{RANDOM_20}");
    assert_eq!(
        rule_ids(&scan(&analyzer, "a", &token("base"))),
        ["secrets.custom.acme-base-token"]
    );
    assert_eq!(
        rule_ids(&scan(&analyzer, "a", &token("team"))),
        ["secrets.custom.acme-team-token"]
    );
    assert!(
        scan(&analyzer, "a", &token("legacy")).is_empty(),
        "disabledRules"
    );
    assert_eq!(
        rule_ids(&scan(&analyzer, "a", &token("shared"))),
        ["secrets.custom.acme-shared"]
    );
    let fixture_value = format!("acme_shared_fixture{}", &RANDOM_20[..13]);
    assert!(
        scan(&analyzer, "a", &fixture_value).is_empty(),
        "the override's allowlist is added to the base rule"
    );
    assert!(
        scan(&analyzer, "src/generated/a.py", &token("base")).is_empty(),
        "the base file's global allowlist"
    );
}

#[test]
fn extend_cycles_and_missing_bases_are_errors() {
    let errors = gitleaks::load(&fixture("cycle_a.toml"))
        .err()
        .unwrap_or_default();
    let cycle = error_with(&errors, "`[extend]` cycle");
    assert!(cycle.path.ends_with("cycle_b.toml"), "{cycle}");
    assert_eq!(cycle.line, Some(2));

    let errors = errors_of(
        &fixture("inline.toml").to_string_lossy(),
        "[extend]\npath = \"no-such-base.toml\"\n",
    );
    let missing = error_with(&errors, "cannot read");
    assert!(missing.message.contains("no-such-base.toml"), "{missing}");
    assert_eq!(missing.line, Some(2));
}

#[test]
fn extend_depth_is_limited() {
    let dir = std::env::temp_dir().join(format!("bulwark-gitleaks-depth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for level in 0..5 {
        let text = format!(
            "[extend]\npath = \"level{}.toml\"\n\n[[rules]]\nid = \"level-{level}\"\nregex = 'acme_level{level}_[a-z]{{8}}'\n",
            level + 1
        );
        std::fs::write(dir.join(format!("level{level}.toml")), text)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let result = gitleaks::load(&dir.join("level0.toml"));
    let _ = std::fs::remove_dir_all(&dir);
    let custom = result.unwrap_or_else(|errors| panic!("{errors:#?}"));
    let mut ids: Vec<&str> = custom.detectors.iter().map(|d| d.rule.id).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "secrets.custom.level-0",
            "secrets.custom.level-1",
            "secrets.custom.level-2",
            "secrets.custom.level-3"
        ]
    );
    assert_eq!(custom.warnings.len(), 1, "{:?}", custom.warnings);
    assert!(
        custom.warnings[0].contains("level3.toml:2: `[extend] path`: more than 3 levels"),
        "{:?}",
        custom.warnings
    );
}

#[test]
fn commits_cannot_apply_to_a_file_scan() {
    let text = "[[rules]]\nid = \"c\"\nregex = 'acme_c_[a-z0-9]{8}'\n\n\
                [[rules.allowlists]]\ncondition = \"AND\"\ncommits = [\"abc\"]\npaths = ['^docs/']\n\n\
                [[rules.allowlists]]\ncommits = [\"def\"]\n";
    let custom = gitleaks::parse(Path::new("commits.toml"), text)
        .unwrap_or_else(|errors| panic!("{errors:#?}"));
    assert_eq!(custom.warnings.len(), 2, "{:?}", custom.warnings);
    assert!(custom.warnings[0].starts_with("commits.toml:5: rule `c`: allowlist #1: `commits`"));
    assert!(custom.warnings[0].contains("can never match in a file scan; ignored"));
    assert!(custom.warnings[1].contains("ignored (the allowlist has no other check)"));
    // Neither allowlist applies: the AND one would otherwise allow docs/.
    let analyzer = analyzer(custom);
    assert_eq!(scan(&analyzer, "docs/a.md", "acme_c_k3j9x0q7").len(), 1);
}

#[test]
fn empty_capture_groups_are_warned_about() {
    let text = "[[rules]]\nid = \"q\"\nregex = '''acme_q=(\"?)([a-z0-9]{8})'''\n\n\
                [[rules]]\nid = \"q2\"\nregex = '''acme_r=(\"?)([a-z0-9]{8})'''\nsecretGroup = 2\n";
    let custom = gitleaks::parse(Path::new("groups.toml"), text)
        .unwrap_or_else(|errors| panic!("{errors:#?}"));
    assert_eq!(custom.warnings.len(), 1, "{:?}", custom.warnings);
    assert!(
        custom.warnings[0]
            .starts_with("groups.toml:3: rule `q`: capture group 1 can match an empty string"),
        "{:?}",
        custom.warnings
    );
    let analyzer = analyzer(custom);
    assert_eq!(
        rule_ids(&scan(&analyzer, "a", "acme_r=k3j9x0q7")),
        ["secrets.custom.q2"]
    );
}

#[test]
fn malformed_file_reports_every_error_with_rule_field_and_line() {
    let errors = gitleaks::load(&fixture("malformed.toml"))
        .err()
        .unwrap_or_default();
    let expect = |needle: &str, line: usize| {
        let error = error_with(&errors, needle);
        assert_eq!(error.line, Some(line), "{error}");
        assert!(error.path.ends_with("malformed.toml"), "{error}");
        assert!(
            error
                .to_string()
                .contains(&format!("malformed.toml:{line}: "))
        );
    };
    expect("rule #1 (\"a rule without id\"): `id` is missing", 2);
    expect(
        "rule `acme-entropy`: `entropy` must be a number (e.g. 3.5), not the string \"high\"",
        9,
    );
    expect("rule `acme-nothing`: needs a `regex` or a `path`", 11);
    expect(
        "rule `acme-target`: allowlist #1: unknown `regexTarget` \"everything\"",
        20,
    );
    expect(
        "rule `acme-target`: allowlist #2: unknown `condition` \"XOR\"",
        24,
    );
    expect("rule `acme-path`: `path` is not a usable regex", 30);
    expect(
        "rule `acme-group`: `secretGroup` is 2 but `regex` has 1 capture group(s)",
        35,
    );
    expect("rule `ACME-ENTROPY`: `id` is not unique", 37);
    assert_eq!(errors.len(), 8, "{errors:#?}");
}

#[test]
fn invalid_toml_is_an_error_with_a_line() {
    let errors = errors_of(
        "bad.toml",
        "title = \"x\"\n\n[[rules]]\nid = \"a\"\nregex = = 'x'\n",
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].line, Some(5));
    assert!(
        errors[0].message.starts_with("invalid TOML"),
        "{}",
        errors[0]
    );
    assert!(errors[0].to_string().starts_with("bad.toml:5: "));
}

#[test]
fn type_errors_name_rule_field_and_line() {
    let text = "[[rules]]\nid = \"t\"\nregex = 'x'\nkeywords = [\"a\", 3]\nsecretGroup = -1\n\
                tags = 7\n[[rules.allowlists]]\nstopwords = [\"\"]\n\n[[rules]]\nid = 5\n\
                regex = 'y'\n\n[[allowlists]]\ntargetRules = [\"nope\"]\npaths = ['a']\n\n\
                [[allowlists]]\ndescription = \"empty\"\n";
    let errors = errors_of("types.toml", text);
    let expect = |needle: &str, line: usize| {
        let error = error_with(&errors, needle);
        assert_eq!(error.line, Some(line), "{error}");
    };
    expect(
        "rule `t`: `keywords` must be a list of strings, not the integer 3",
        4,
    );
    expect("rule `t`: `secretGroup` must be a capture group number", 5);
    expect("rule `t`: `tags` must be a list of strings", 6);
    expect(
        "rule `t`: allowlist #1: `stopwords` contains an empty string",
        8,
    );
    expect("rule #2: `id` must be a string, not the integer 5", 11);
    expect("`targetRules`: there is no rule with id \"nope\"", 15);
    expect("global allowlist #2: must contain at least one check", 18);
}

#[test]
fn gitleaks_leniencies_are_accepted() {
    // Keys are case-insensitive, numbers may be strings, a single string is a list, and
    // `useDefault` is accepted without a warning.
    let text = "[extend]\nuseDefault = true\n\n[[rules]]\nID = \"Lenient\"\nRegex = '''acme_len_([0-9a-z]{20})'''\n\
                secretgroup = \"1\"\nEntropy = \"3.5\"\nkeywords = \"ACME_LEN_\"\n\n\
                [[allowlists]]\ntargetRules = [\"aws-access-token\"]\nregexes = ['x']\n";
    let custom = gitleaks::parse(Path::new("lenient.toml"), text)
        .unwrap_or_else(|errors| panic!("{errors:#?}"));
    assert_eq!(custom.detectors.len(), 1);
    assert_eq!(custom.detectors[0].rule.id, "secrets.custom.lenient");
    assert_eq!(custom.detectors[0].keywords, ["acme_len_"]);
    // A default gitleaks rule targeted while `useDefault = true`: a warning, not an error.
    assert_eq!(custom.warnings.len(), 1, "{:?}", custom.warnings);
    assert!(custom.warnings[0].contains("aws-access-token"));
    let analyzer = analyzer(custom);
    let token = format!("acme_len_{RANDOM_20}");
    assert_eq!(
        rule_ids(&scan(&analyzer, "a", &token)),
        ["secrets.custom.lenient"]
    );
}

#[test]
fn unknown_keys_warn() {
    let text = "[[rules]]\nid = \"w\"\nregex = 'acme_w'\nentrpy = 3.0\n";
    let custom = gitleaks::parse(Path::new("typo.toml"), text)
        .unwrap_or_else(|errors| panic!("{errors:#?}"));
    assert_eq!(
        custom.warnings,
        ["typo.toml:4: rule `w`: unknown key `entrpy` ignored"]
    );
}

#[test]
fn go_syntax_is_translated() {
    // `\d` is ASCII-only in Go; `\Q…\E` quotes; `{,3}` is a literal in Go.
    let text = "[[rules]]\nid = \"go\"\nregex = '''\\Qacme.go\\E:(\\d{6})'''\n\n\
                [[rules]]\nid = \"brace\"\nregex = 'acme_brace{,3}'\n";
    let custom =
        gitleaks::parse(Path::new("go.toml"), text).unwrap_or_else(|errors| panic!("{errors:#?}"));
    assert!(custom.warnings.is_empty(), "{:?}", custom.warnings);
    let analyzer = analyzer(custom);
    assert_eq!(
        rule_ids(&scan(&analyzer, "a", "acme.go:482913")),
        ["secrets.custom.go"]
    );
    assert_eq!(
        rule_ids(&scan(&analyzer, "a", "acme_brace{,3}")),
        ["secrets.custom.brace"]
    );
    assert!(scan(&analyzer, "a", "acmexgo:482913").is_empty());
    assert!(
        scan(
            &analyzer,
            "a",
            "acme.go:\u{663}\u{664}\u{665}\u{666}\u{667}\u{668}"
        )
        .is_empty()
    );
}

/// Patterns for generated rules: regex syntax, valid or not (never `'`, which would end the
/// TOML literal string).
const PATTERN: &str = r"[a-z0-9_\\()\[\]{}?*+.|^$:=<!,-]{1,16}";

/// Mostly usable patterns, sometimes arbitrary ones.
fn pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => r"[a-z_]{1,6}(\([a-z0-9\]\[-]{1,8}\)|\\d|\\w|\[0-9a-z\]\{2,8\}|\.\*\?)?",
        1 => PATTERN,
    ]
}

/// An allowlist table with random (often invalid) values.
fn allowlist_text() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "OR", "AND", "&&", "||", "and", "xor"]),
        prop::sample::select(vec!["", "secret", "match", "line", "Line", "all"]),
        prop::collection::vec(pattern(), 0..2),
        prop::collection::vec("[a-z]{1,3}", 0..2),
        prop::collection::vec(pattern(), 0..2),
        any::<bool>(),
    )
        .prop_map(|(condition, target, regexes, stopwords, paths, commits)| {
            let list = |items: &[String], quote: &str| {
                items
                    .iter()
                    .map(|item| format!("{quote}{item}{quote}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let commits = if commits { "commits = [\"abc\"]\n" } else { "" };
            format!(
                "[[rules.allowlists]]\ncondition = \"{condition}\"\nregexTarget = \"{target}\"\n\
                 regexes = [{}]\nstopwords = [{}]\npaths = [{}]\n{commits}",
                list(&regexes, "'''"),
                list(&stopwords, "\""),
                list(&paths, "'''"),
            )
        })
}

/// A `[[rules]]` table with random (often invalid) patterns and values.
fn rule_text() -> impl Strategy<Value = String> {
    (
        "[a-zA-Z]{2,4}",
        prop::option::weighted(0.9, pattern()),
        prop::option::weighted(0.2, pattern()),
        prop::option::weighted(0.3, -1i64..4),
        prop::option::weighted(
            0.3,
            prop::sample::select(vec!["0", "2.5", "4.5", "-1", "nan", "\"x\""]),
        ),
        prop::collection::vec("[a-zA-Z_]{0,4}", 0..3),
        prop::option::weighted(0.5, allowlist_text()),
    )
        .prop_map(|(id, regex, path, group, entropy, keywords, allowlist)| {
            let mut text = format!("[[rules]]\nid = \"{id}\"\n");
            if let Some(regex) = regex {
                text.push_str(&format!("regex = '''{regex}'''\n"));
            }
            if let Some(path) = path {
                text.push_str(&format!("path = '''{path}'''\n"));
            }
            if let Some(group) = group {
                text.push_str(&format!("secretGroup = {group}\n"));
            }
            if let Some(entropy) = entropy {
                text.push_str(&format!("entropy = {entropy}\n"));
            }
            let keywords: Vec<String> = keywords.iter().map(|k| format!("\"{k}\"")).collect();
            text.push_str(&format!("keywords = [{}]\n", keywords.join(", ")));
            text.push_str(&allowlist.unwrap_or_default());
            text
        })
}

fn valid_config() -> String {
    std::fs::read_to_string(fixture("custom.toml")).unwrap_or_default()
}

/// One edit of a config: delete, insert or replace at a position (in characters).
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Characters that matter to TOML and to regexes, plus anything.
    let interesting = prop_oneof![
        prop::sample::select(vec![
            '[', ']', '{', '}', '(', ')', '=', '"', '\'', '\\', '\n', '#', ',', '.', '?', '*', '+',
            '<', '!', '0', '9', '-', ':', 'é',
        ]),
        any::<char>(),
    ];
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), interesting.clone()).prop_map(|(at, c)| Edit::Insert(at, c)),
        (any::<usize>(), interesting).prop_map(|(at, c)| Edit::Replace(at, c)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let len = chars.len().max(1);
        match *edit {
            Edit::Delete(at) if !chars.is_empty() => {
                chars.remove(at % len);
            }
            Edit::Insert(at, c) => chars.insert(at % (chars.len() + 1), c),
            Edit::Replace(at, c) if !chars.is_empty() => chars[at % len] = c,
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Whatever `parse` accepts must also build an analyzer that scans without panicking.
fn exercise(text: &str) {
    if let Ok(custom) = gitleaks::parse(Path::new("fuzz.toml"), text) {
        let analyzer = SecretsAnalyzer::new(custom.detectors)
            .map(|a| a.with_allowlists(custom.allowlists))
            .unwrap_or_else(|e| panic!("prefilter: {e}"));
        let sample = format!(
            "acme_db_pass = \"Zq8#vL2m!Rt5\"\n{}\nwhsec_acme_x ACMEINT-482913-QWXZ\n",
            acme_live(RANDOM_20)
        );
        let _ = scan(&analyzer, "docs/a.properties", &sample);
    }
}

proptest! {
    // 256 cases each by default; PROPTEST_CASES=20000 for a longer run.
    #[test]
    fn parse_never_panics_on_arbitrary_text(text in any::<String>()) {
        exercise(&text);
    }

    #[test]
    fn parse_never_panics_on_generated_configs(rules in prop::collection::vec(rule_text(), 1..4)) {
        exercise(&rules.concat());
    }

    #[test]
    fn parse_never_panics_on_mutated_valid_configs(edits in prop::collection::vec(edit(), 1..8)) {
        let text = apply(&valid_config(), &edits);
        exercise(&text);
    }
}
