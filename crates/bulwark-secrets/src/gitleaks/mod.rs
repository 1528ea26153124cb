//! Custom secret rules from a gitleaks configuration file (`.gitleaks.toml`, gitleaks v8 format).
//!
//! Teams that already maintain gitleaks rules keep them: [`load`] turns each `[[rules]]` entry
//! into a [`Detector`] and the global allowlists into [`Allowlist`]s, to be **added to**
//! Bulwark's built-in detectors:
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use bulwark_secrets::{SecretsAnalyzer, gitleaks};
//! let custom = gitleaks::load(std::path::Path::new(".gitleaks.toml"))
//!     .map_err(|errors| format!("{} configuration error(s)", errors.len()))?;
//! for warning in &custom.warnings {
//!     eprintln!("warning: {warning}");
//! }
//! let analyzer = SecretsAnalyzer::builtin()?
//!     .with_detectors(custom.detectors)?
//!     .with_allowlists(custom.allowlists);
//! # let _ = analyzer; Ok(()) }
//! ```
//!
//! # What maps to what
//!
//! | gitleaks | Bulwark |
//! |---|---|
//! | `[[rules]] id` | rule `secrets.custom.<id, lowercased>`; ids are unique case-insensitively |
//! | `description` | the rule's title (the id when absent) |
//! | `regex` (Go RE2) | the detector's pattern, translated where Go and Rust differ (see `go_regex`) |
//! | `secretGroup` | the group holding the secret; unset or 0: the first capture group that matched something, else the whole match (as gitleaks) |
//! | `entropy` | minimum Shannon entropy: secrets at or below it are dropped (as gitleaks) |
//! | `keywords` | prefilter, lowercased; none: the rule runs on every file |
//! | `path` | only files whose path matches |
//! | `tags` | `severity:critical\|high\|medium\|low\|info` sets the severity (a **Bulwark extension**; default `high`); other tags are ignored |
//! | `[rules.allowlist]`, `[[rules.allowlists]]` | the detector's allowlists (`condition`, `regexTarget`, `regexes`, `paths`, `stopwords`) |
//! | `[allowlist]`, `[[allowlists]]` | global allowlists (they apply to the built-in detectors too, as gitleaks' global allowlist applies to its default rules); with `targetRules`, allowlists of those rules only |
//! | `[extend] path` | base file, **relative to the extending file's directory**, at most [`MAX_EXTEND_DEPTH`] levels, cycles rejected; merged as gitleaks does (same id: the extending file's non-empty fields win, keywords/tags/allowlists add up) |
//! | `[extend] useDefault` | accepted and ignored: Bulwark's built-in detectors always run alongside custom rules |
//! | `[extend] disabledRules` | removes those rules from the extended file(s), or from this file; unknown ids are a warning (built-in detectors cannot be disabled from here) |
//!
//! Warned and ignored: allowlist `commits` (they only make sense in history scans; an AND
//! allowlist with commits can never match a file and is dropped), `[extend] url`, unknown keys.
//! Warned and skipped: rules whose `regex` uses what no RE2-like engine has (look-around,
//! backreferences, possessive quantifiers …) or does not compile; path-only rules (`path` without
//! `regex`: reporting a file by its name is not something a [`Detector`] can express yet);
//! `skipReport` rules. Composite rules (`[[rules.required]]`) are warned about and report their
//! own matches without the required companions (more findings rather than none).
//!
//! Differences from gitleaks worth knowing:
//! - Keywords: Bulwark runs a custom rule from the line of the first keyword occurrence to the
//!   end of the file, so a match that starts on an earlier line is missed (gitleaks: a keyword
//!   anywhere in the file enables the rule on the whole file). Non-ASCII keywords match
//!   case-sensitively except for their ASCII letters.
//! - Secret groups: without `secretGroup`, a capture group that participates with an empty
//!   string is taken as the (empty) secret and the match is dropped, where gitleaks moves on to
//!   the next non-empty group; such patterns get a warning at load time.
//! - Bulwark's placeholder filter (`changeme`, `xxxx`, `${…}` …) is *not* applied to custom
//!   rules: gitleaks reports those values, and the rule's own allowlists decide.
//! - Inline `gitleaks:allow` comments and `.gitleaksignore` are not read here.
//!
//! Every problem in the file is an error with the file, the rule, the field and the line
//! ([`ConfigError`]); all of them are reported, not only the first.

mod go_regex;
mod raw;

use crate::allowlist::Allowlist;
use crate::detector::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{ConfigError, Rule, Scanner, Severity};
use raw::{GlobalAllowlist, Located, RawFile, RawRule};
use regex::bytes::Regex;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// How many `[extend] path` hops are followed from the file given to [`load`].
pub const MAX_EXTEND_DEPTH: usize = 3;
/// Larger configuration files are refused (gitleaks' own default config is ~100 KiB).
const MAX_CONFIG_BYTES: u64 = 8 << 20;

/// Custom rules loaded from a gitleaks-format file.
pub struct CustomRules {
    /// One per usable rule, to add with [`crate::SecretsAnalyzer::with_detectors`].
    pub detectors: Vec<Detector>,
    /// Global allowlists, to add with [`crate::SecretsAnalyzer::with_allowlists`].
    pub allowlists: Vec<Allowlist>,
    /// What was ignored or skipped, as `file:line: message`.
    pub warnings: Vec<String>,
}

/// Reads `path` and the files it extends.
pub fn load(path: &Path) -> Result<CustomRules, Vec<ConfigError>> {
    let text = read_config(path).map_err(|message| {
        vec![ConfigError {
            path: path.to_path_buf(),
            line: None,
            message,
        }]
    })?;
    parse(path, &text)
}

/// Parses `text` as the content of `path`; `[extend] path` is read from disk relative to
/// `path`'s directory.
pub fn parse(path: &Path, text: &str) -> Result<CustomRules, Vec<ConfigError>> {
    let mut diag = Diagnostics::default();
    let mut chain = vec![identity(path)];
    let planned = resolve(path, text, 0, &mut chain, &mut diag).map(|set| plan(set, &mut diag));
    if !diag.errors.is_empty() {
        return Err(diag.errors);
    }
    let Some((rules, allowlists)) = planned else {
        // Unreachable: a file that does not resolve always leaves an error.
        return Err(vec![ConfigError {
            path: path.to_path_buf(),
            line: None,
            message: "cannot be loaded".to_string(),
        }]);
    };
    let detectors = rules
        .into_iter()
        .filter_map(|rule| match rule.detector() {
            Ok(detector) => Some(detector),
            Err(message) => {
                diag.warnings.push(message);
                None
            }
        })
        .collect();
    Ok(CustomRules {
        detectors,
        allowlists,
        warnings: diag.warnings,
    })
}

/// Where something was written.
#[derive(Debug, Clone)]
struct Origin {
    file: Rc<Path>,
    line: usize,
}

#[derive(Debug, Default)]
struct Diagnostics {
    errors: Vec<ConfigError>,
    warnings: Vec<String>,
}

impl Diagnostics {
    fn error(&mut self, at: &Origin, message: impl Into<String>) {
        self.errors.push(ConfigError {
            path: at.file.to_path_buf(),
            line: Some(at.line),
            message: message.into(),
        });
    }

    fn warn(&mut self, at: &Origin, message: impl AsRef<str>) {
        self.warnings.push(format!(
            "{}:{}: {}",
            at.file.display(),
            at.line,
            message.as_ref()
        ));
    }
}

/// A file with everything it extends merged in.
struct RuleSet {
    rules: Vec<RawRule>,
    allowlists: Vec<GlobalAllowlist>,
    /// Lowercased ids removed by `disabledRules` somewhere in the chain.
    disabled: HashSet<String>,
    /// Whether any file asked for gitleaks' default rules (their ids are then not errors).
    use_default: bool,
}

/// Parses one file and, recursively, the files it extends.
fn resolve(
    path: &Path,
    text: &str,
    depth: usize,
    chain: &mut Vec<PathBuf>,
    diag: &mut Diagnostics,
) -> Option<RuleSet> {
    let RawFile {
        extend_path,
        use_default,
        disabled_rules,
        rules,
        allowlists,
    } = raw::parse_file(path, text, diag)?;
    let mut set = RuleSet {
        rules,
        allowlists,
        disabled: HashSet::new(),
        use_default,
    };
    let base = extend_path.and_then(|base| {
        if depth >= MAX_EXTEND_DEPTH {
            diag.warn(
                &base.at,
                format!(
                    "`[extend] path`: more than {MAX_EXTEND_DEPTH} levels of `[extend]`; \"{}\" \
                     ignored",
                    raw::shorten(&base.value)
                ),
            );
            return None;
        }
        let base_path = path.parent().unwrap_or(Path::new("")).join(&base.value);
        let base_text = match read_config(&base_path) {
            Ok(text) => text,
            Err(message) => {
                diag.error(
                    &base.at,
                    format!(
                        "`[extend] path`: cannot read `{}` (resolved relative to this file): \
                         {message}",
                        base_path.display()
                    ),
                );
                return None;
            }
        };
        let id = identity(&base_path);
        if chain.contains(&id) {
            diag.error(
                &base.at,
                format!(
                    "`[extend] path`: `{}` is already being loaded (an `[extend]` cycle)",
                    base_path.display()
                ),
            );
            return None;
        }
        chain.push(id);
        let resolved = resolve(&base_path, &base_text, depth + 1, chain, diag);
        chain.pop();
        resolved
    });
    let mut base = base;
    for disabled in &disabled_rules {
        let key = disabled.value.to_lowercase();
        let from_base = base
            .as_mut()
            .is_some_and(|base| remove_rule(&mut base.rules, &key));
        if !from_base && !remove_rule(&mut set.rules, &key) {
            diag.warn(
                &disabled.at,
                format!(
                    "`[extend] disabledRules`: \"{}\" is not a custom rule of this file or of the \
                     files it extends; ignored (Bulwark's built-in detectors are not configured \
                     here)",
                    raw::shorten(&disabled.value)
                ),
            );
        }
        set.disabled.insert(key);
    }
    if let Some(base) = base {
        merge(&mut set, base);
    }
    Some(set)
}

fn remove_rule(rules: &mut Vec<RawRule>, key: &str) -> bool {
    let before = rules.len();
    rules.retain(|rule| rule.key != key);
    rules.len() < before
}

/// Merges a base file into the file extending it, as gitleaks does: a rule defined in both takes
/// the extending file's non-empty fields and adds up keywords, tags and allowlists.
fn merge(set: &mut RuleSet, base: RuleSet) {
    for base_rule in base.rules {
        match set.rules.iter_mut().find(|rule| rule.key == base_rule.key) {
            None => set.rules.push(base_rule),
            Some(rule) => {
                let over = std::mem::replace(rule, base_rule);
                rule.id = over.id;
                rule.at = over.at;
                if over.description.is_some() {
                    rule.description = over.description;
                }
                if over.regex.is_some() {
                    rule.regex = over.regex;
                }
                if over.secret_group.is_some() {
                    rule.secret_group = over.secret_group;
                }
                if over.entropy.is_some() {
                    rule.entropy = over.entropy;
                }
                if over.path.is_some() {
                    rule.path = over.path;
                }
                rule.skip_report = rule.skip_report.take().or(over.skip_report);
                rule.required = rule.required.take().or(over.required);
                for keyword in over.keywords {
                    if !rule.keywords.contains(&keyword) {
                        rule.keywords.push(keyword);
                    }
                }
                rule.tags.extend(over.tags);
                rule.allowlists.extend(over.allowlists);
                rule.files.extend(over.files);
            }
        }
    }
    set.allowlists.extend(base.allowlists);
    set.disabled.extend(base.disabled);
    set.use_default |= base.use_default;
}

/// A rule that passed every check, ready to become a [`Detector`].
struct Planned {
    id: String,
    title: String,
    description: Option<String>,
    severity: Severity,
    files: Vec<Rc<Path>>,
    keywords: Vec<String>,
    pattern: String,
    /// Secret groups in order of preference.
    groups: Vec<usize>,
    entropy: Option<f64>,
    path: Option<Regex>,
    allowlists: Vec<Allowlist>,
    at: Origin,
}

/// Checks the merged rules (errors and warnings go to `diag`) and attaches targeted allowlists.
fn plan(set: RuleSet, diag: &mut Diagnostics) -> (Vec<Planned>, Vec<Allowlist>) {
    let RuleSet {
        mut rules,
        allowlists,
        disabled,
        use_default,
    } = set;
    let mut global = Vec::new();
    for GlobalAllowlist { allowlist, targets } in allowlists {
        if targets.is_empty() {
            global.extend(allowlist);
            continue;
        }
        for target in targets {
            let key = target.value.to_lowercase();
            if let Some(rule) = rules.iter_mut().find(|rule| rule.key == key) {
                rule.allowlists.extend(allowlist.clone());
            } else if disabled.contains(&key) {
                diag.warn(
                    &target.at,
                    format!(
                        "`targetRules`: rule \"{}\" is disabled; allowlist ignored for it",
                        raw::shorten(&target.value)
                    ),
                );
            } else if use_default {
                diag.warn(
                    &target.at,
                    format!(
                        "`targetRules`: \"{}\" is not a custom rule (a gitleaks default rule? \
                         Bulwark's built-in detectors replace those); allowlist ignored for it",
                        raw::shorten(&target.value)
                    ),
                );
            } else {
                diag.error(
                    &target.at,
                    format!(
                        "`targetRules`: there is no rule with id \"{}\"",
                        raw::shorten(&target.value)
                    ),
                );
            }
        }
    }
    let planned = rules
        .into_iter()
        .filter_map(|rule| plan_rule(rule, diag))
        .collect();
    (planned, global)
}

fn plan_rule(rule: RawRule, diag: &mut Diagnostics) -> Option<Planned> {
    let label = format!("rule `{}`", rule.id);
    if let Some(at) = &rule.skip_report {
        diag.warn(
            at,
            format!(
                "{label}: `skipReport = true` rules only serve composite rules, which Bulwark does \
                 not support; rule skipped"
            ),
        );
        return None;
    }
    let regex = match (rule.regex, &rule.path) {
        (None, None) => {
            diag.error(
                &rule.at,
                format!(
                    "{label}: needs a `regex` or a `path` (both are empty, so the rule would \
                     match nothing)"
                ),
            );
            return None;
        }
        (None, Some(path)) => {
            diag.warn(
                &path.at,
                format!(
                    "{label}: rules with only a `path` (reporting files by name) are not \
                     supported yet; rule skipped"
                ),
            );
            return None;
        }
        (
            Some(Located {
                value: Err(why),
                at,
            }),
            _,
        ) => {
            diag.warn(&at, format!("{label}: {why}; rule skipped"));
            return None;
        }
        (
            Some(Located {
                value: Ok(pattern),
                at,
            }),
            _,
        ) => Located { value: pattern, at },
    };
    let groups = match rule.secret_group {
        Some(group) if group.value > regex.value.groups => {
            diag.error(
                &group.at,
                format!(
                    "{label}: `secretGroup` is {} but `regex` has {} capture group(s)",
                    group.value, regex.value.groups
                ),
            );
            return None;
        }
        Some(group) => vec![group.value],
        // gitleaks: the first capture group that matched something, else the whole match.
        None => {
            if let Some(group) = regex.value.empty_group {
                diag.warn(
                    &regex.at,
                    format!(
                        "{label}: capture group {group} can match an empty string; gitleaks then \
                         takes the next non-empty group as the secret, Bulwark takes group \
                         {group} and drops the match. Set `secretGroup` to the group that holds \
                         the secret"
                    ),
                );
            }
            (1..=regex.value.groups).chain([0]).collect()
        }
    };
    if let Some(at) = &rule.required {
        diag.warn(
            at,
            format!(
                "{label}: composite rules (`[[rules.required]]`) are not supported; the rule \
                 reports its own matches without requiring the other rules nearby"
            ),
        );
    }
    let severity = severity(&label, &rule.tags, diag);
    Some(Planned {
        title: rule
            .description
            .as_deref()
            .and_then(|d| d.lines().map(str::trim).find(|line| !line.is_empty()))
            .unwrap_or(&rule.id)
            .to_string(),
        description: rule.description,
        id: rule.key,
        severity,
        files: rule.files,
        keywords: rule.keywords,
        pattern: regex.value.source,
        groups,
        entropy: rule.entropy.map(|e| e.value),
        path: rule.path.map(|p| p.value),
        allowlists: rule.allowlists,
        at: regex.at,
    })
}

/// The severity from `severity:<level>` tags (a Bulwark extension); `high` without one. With
/// several, the most severe wins.
fn severity(label: &str, tags: &[Located<String>], diag: &mut Diagnostics) -> Severity {
    let mut found: Option<Severity> = None;
    for tag in tags {
        let Some((name, level)) = tag.value.split_once(':') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("severity") {
            continue;
        }
        match level.trim().parse::<Severity>() {
            Ok(level) => found = Some(found.map_or(level, |other| other.max(level))),
            Err(message) => diag.warn(
                &tag.at,
                format!(
                    "{label}: tag \"{}\": {message}; ignored",
                    raw::shorten(&tag.value)
                ),
            ),
        }
    }
    found.unwrap_or(Severity::High)
}

const CWE: &[&str] = &["CWE-798"];
const OWASP: &[&str] = &["A07:2021"];

impl Planned {
    fn detector(self) -> Result<Detector, String> {
        let files = self
            .files
            .iter()
            .map(|file| format!("`{}`", file.display()))
            .collect::<Vec<_>>()
            .join(", ");
        let origin = format!(
            "Custom rule `{}` loaded from {files} (gitleaks format); its pattern is maintained by \
             the team that owns that file, not by Bulwark.",
            self.id
        );
        let description = match &self.description {
            Some(text) => format!("{}\n\n{origin}", text.trim()),
            None => origin,
        };
        let remediation = format!(
            "Treat the value as compromised: revoke or rotate it with its issuer, review its use \
             since it was committed, and load it from a secrets manager at run time instead. If \
             the match is not a secret, add an allowlist to the rule in {files}."
        );
        // Custom rules live for the whole process, like the built-in `static` rules: the
        // `&'static` fields `Rule` requires are leaked, once per rule and per load.
        let rule: &'static Rule = Box::leak(Box::new(Rule {
            id: leak(format!("secrets.custom.{}", self.id)),
            title: leak(self.title),
            scanner: Scanner::Secrets,
            severity: self.severity,
            cwe: CWE,
            owasp: OWASP,
            controls: CREDENTIAL_CONTROLS,
            description: leak(description),
            remediation: leak(remediation),
            references: &[],
        }));
        let (first, rest) = self.groups.split_first().unwrap_or((&0, &[]));
        let keywords: Vec<&str> = self.keywords.iter().map(String::as_str).collect();
        let mut detector = Detector::new(rule, &keywords, &self.pattern, *first)
            .map_err(|error| {
                format!(
                    "{}:{}: rule `{}`: {error}; rule skipped",
                    self.at.file.display(),
                    self.at.line,
                    self.id
                )
            })?
            // gitleaks reports placeholder-looking values too; the rule's allowlists decide.
            .keep_placeholders()
            // gitleaks runs a rule over the whole file once a keyword occurs in it.
            .window(usize::MAX)
            .allowlists(self.allowlists);
        for &group in rest {
            detector = detector.alternative_group(group);
        }
        if let Some(bits) = self.entropy {
            // gitleaks drops secrets whose entropy is <= the threshold; Bulwark drops < min.
            detector = detector.min_entropy(bits.next_up());
        }
        if let Some(path) = self.path {
            detector = detector.only_paths(path);
        }
        Ok(detector)
    }
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// The path used to detect `[extend]` cycles.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads a configuration file: a regular file, UTF-8, at most [`MAX_CONFIG_BYTES`].
fn read_config(path: &Path) -> Result<String, String> {
    // Checked before opening too: opening a FIFO blocks until someone writes to it.
    let is_file = |metadata: std::fs::Metadata| metadata.is_file();
    if !std::fs::metadata(path)
        .map(is_file)
        .map_err(|e| e.to_string())?
    {
        return Err("not a regular file".to_string());
    }
    let file = std::fs::File::open(path).map_err(|error| error.to_string())?;
    let metadata = file.metadata().map_err(|error| error.to_string())?;
    if !metadata.is_file() {
        return Err("not a regular file".to_string());
    }
    if metadata.len() > MAX_CONFIG_BYTES {
        return Err(format!(
            "larger than {} MiB; not a configuration file?",
            MAX_CONFIG_BYTES >> 20
        ));
    }
    let mut text = String::new();
    file.take(MAX_CONFIG_BYTES)
        .read_to_string(&mut text)
        .map_err(|error| error.to_string())?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<CustomRules, Vec<ConfigError>> {
        parse(Path::new("gitleaks.toml"), text)
    }

    #[test]
    fn secret_group_defaults_follow_gitleaks() {
        let custom = parse_str(
            "[[rules]]\nid = \"a\"\nregex = '''(x)|(y)'''\n[[rules]]\nid = \"b\"\nregex = 'z'\n",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(custom.detectors.len(), 2);
        assert!(custom.warnings.is_empty(), "{:?}", custom.warnings);
    }

    #[test]
    fn severity_tags() {
        let mut diag = Diagnostics::default();
        let at = Origin {
            file: Rc::from(Path::new("f")),
            line: 1,
        };
        let tag = |value: &str| Located {
            value: value.to_string(),
            at: at.clone(),
        };
        assert_eq!(severity("r", &[], &mut diag), Severity::High);
        assert_eq!(
            severity("r", &[tag("Severity: LOW"), tag("team:x")], &mut diag),
            Severity::Low
        );
        assert_eq!(
            severity(
                "r",
                &[tag("severity:low"), tag("severity:critical")],
                &mut diag
            ),
            Severity::Critical
        );
        assert!(diag.warnings.is_empty());
        assert_eq!(
            severity("r", &[tag("severity:urgent")], &mut diag),
            Severity::High
        );
        assert_eq!(diag.warnings.len(), 1);
    }

    #[test]
    fn unreadable_and_special_files_are_errors() {
        let errors = load(Path::new("/nonexistent/.gitleaks.toml"))
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, None);
        let errors = load(Path::new("/")).err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
    }
}
