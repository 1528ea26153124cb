//! One gitleaks TOML file, read into plain structures: every type and value problem becomes a
//! `ConfigError` with the file, the rule, the field and the line; nothing is merged or built
//! yet (that happens after `[extend]` is resolved, in the parent module).
//!
//! Keys are matched case-insensitively, as gitleaks (viper) does, and the few weak conversions
//! viper performs are accepted: a number or boolean written as a string, a single string where a
//! list is expected. Unknown keys are a warning, not an error: gitleaks ignores them silently.

use super::{Diagnostics, Origin, go_regex};
use crate::allowlist::{Allowlist, Condition, Target};
use regex::bytes::{Regex, RegexBuilder};
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A value and where it was written.
#[derive(Debug, Clone)]
pub(super) struct Located<T> {
    pub value: T,
    pub at: Origin,
}

/// A compiled-and-checked rule pattern (Rust syntax) and its number of capture groups.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    pub source: String,
    pub groups: usize,
    /// The first capture group, other than the last, that can match an empty string.
    pub empty_group: Option<usize>,
}

/// A `[[rules]]` table.
#[derive(Debug, Clone)]
pub(super) struct RawRule {
    /// The id as written.
    pub id: String,
    /// The lowercased id: rules are merged, disabled and targeted by it.
    pub key: String,
    pub at: Origin,
    pub description: Option<String>,
    /// `Err` holds why the pattern cannot be used (the rule is then skipped with a warning).
    pub regex: Option<Located<Result<Pattern, String>>>,
    pub secret_group: Option<Located<usize>>,
    pub entropy: Option<Located<f64>>,
    pub keywords: Vec<String>,
    pub path: Option<Located<Regex>>,
    pub tags: Vec<Located<String>>,
    pub allowlists: Vec<Allowlist>,
    pub skip_report: Option<Origin>,
    pub required: Option<Origin>,
    /// Files that define (part of) this rule, base first.
    pub files: Vec<Rc<Path>>,
}

/// A global `[allowlist]` / `[[allowlists]]`; with `targetRules` it belongs to those rules.
#[derive(Debug, Clone)]
pub(super) struct GlobalAllowlist {
    /// `None` when it can never apply to a file scan (commits only, or commits under AND).
    pub allowlist: Option<Allowlist>,
    pub targets: Vec<Located<String>>,
}

/// One file's content.
#[derive(Debug, Default)]
pub(super) struct RawFile {
    pub extend_path: Option<Located<String>>,
    pub use_default: bool,
    pub disabled_rules: Vec<Located<String>>,
    pub rules: Vec<RawRule>,
    pub allowlists: Vec<GlobalAllowlist>,
}

const TOP_KEYS: [&str; 6] = [
    "title",
    "description",
    "extend",
    "rules",
    "allowlist",
    "allowlists",
];
const EXTEND_KEYS: [&str; 4] = ["path", "url", "useDefault", "disabledRules"];
const RULE_KEYS: [&str; 12] = [
    "id",
    "description",
    "regex",
    "secretGroup",
    "entropy",
    "keywords",
    "path",
    "tags",
    "allowlist",
    "allowlists",
    "required",
    "skipReport",
];
const ALLOWLIST_KEYS: [&str; 8] = [
    "description",
    "condition",
    "commits",
    "paths",
    "regexTarget",
    "regexes",
    "stopwords",
    "targetRules",
];

/// Parses `text` (the content of `file`); `None` when it is not valid TOML.
pub(super) fn parse_file(file: &Path, text: &str, diag: &mut Diagnostics) -> Option<RawFile> {
    let file: Rc<Path> = Rc::from(file);
    let (root, syntax) = DeTable::parse_recoverable(text);
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
    if !syntax.is_empty() {
        // Recovery can cascade: one error per line, and the first few lines are the useful ones.
        let mut lines = Vec::new();
        for error in &syntax {
            let line = error
                .span()
                .map_or(1, |span| line_of(&newlines, span.start));
            if lines.contains(&line) {
                continue;
            }
            if lines.len() == 5 {
                break;
            }
            lines.push(line);
            let message = error.message().trim().replace('\n', " ");
            diag.error(
                &Origin {
                    file: file.clone(),
                    line,
                },
                format!("invalid TOML: {message}"),
            );
        }
        return None;
    }
    let mut reader = Reader {
        file,
        newlines,
        diag,
    };
    Some(reader.file(root.get_ref()))
}

/// 1-based line of byte `offset` in a text whose newlines are at `newlines` (ascending).
fn line_of(newlines: &[usize], offset: usize) -> usize {
    newlines.partition_point(|&newline| newline < offset) + 1
}

type Value<'i> = Spanned<DeValue<'i>>;

/// A table's recognised keys (by canonical gitleaks spelling) and its unknown ones.
struct Fields<'a, 'i> {
    found: Vec<(&'static str, &'a Value<'i>)>,
    unknown: Vec<(String, Origin)>,
    duplicates: Vec<(String, Origin)>,
}

impl<'a, 'i> Fields<'a, 'i> {
    fn get(&self, name: &str) -> Option<&'a Value<'i>> {
        self.found
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, value)| *value)
    }
}

struct Reader<'d> {
    file: Rc<Path>,
    /// Offsets of the text's newlines, to turn spans into lines in logarithmic time.
    newlines: Vec<usize>,
    diag: &'d mut Diagnostics,
}

impl<'i> Reader<'_> {
    fn origin(&self, span: std::ops::Range<usize>) -> Origin {
        Origin {
            file: self.file.clone(),
            line: line_of(&self.newlines, span.start),
        }
    }

    fn error(&mut self, span: std::ops::Range<usize>, message: String) {
        let at = self.origin(span);
        self.diag.error(&at, message);
    }

    fn file(&mut self, root: &DeTable<'i>) -> RawFile {
        let mut out = RawFile::default();
        let fields = self.fields(root, &TOP_KEYS);
        self.report_keys(&fields, "top level");
        for name in ["title", "description"] {
            if let Some(value) = fields.get(name) {
                self.string("top level", name, value);
            }
        }
        if let Some(extend) = fields.get("extend") {
            self.extend(extend, &mut out);
        }
        if let Some(rules) = fields.get("rules") {
            match rules.get_ref() {
                DeValue::Array(items) => {
                    let mut seen: HashMap<String, usize> = HashMap::new();
                    for (index, item) in items.iter().enumerate() {
                        out.rules.extend(self.rule(index + 1, item, &mut seen));
                    }
                }
                _ => self.error(
                    rules.span(),
                    format!(
                        "`rules` must be an array of tables (`[[rules]]`), not {}",
                        describe(rules)
                    ),
                ),
            }
        }
        let mut number = 0;
        for name in ["allowlist", "allowlists"] {
            let Some(value) = fields.get(name) else {
                continue;
            };
            for (table, span) in self.tables("top level", name, value) {
                number += 1;
                let label = format!("global allowlist #{number}");
                if let Some((allowlist, targets)) = self.allowlist(&label, table, span, true) {
                    out.allowlists.push(GlobalAllowlist { allowlist, targets });
                }
            }
        }
        out
    }

    fn extend(&mut self, value: &Value<'i>, out: &mut RawFile) {
        let owner = "`[extend]`";
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                value.span(),
                format!("`extend` must be a table, not {}", describe(value)),
            );
            return;
        };
        let fields = self.fields(table, &EXTEND_KEYS);
        self.report_keys(&fields, owner);
        if let Some(path) = fields.get("path")
            && let Some(text) = self.string(owner, "path", path)
            && !text.is_empty()
        {
            out.extend_path = Some(Located {
                value: text,
                at: self.origin(path.span()),
            });
        }
        if let Some(url) = fields.get("url") {
            let at = self.origin(url.span());
            self.diag.warn(
                &at,
                "`[extend] url` is not supported (gitleaks does not implement it either); ignored",
            );
        }
        if let Some(flag) = fields.get("useDefault") {
            out.use_default = self.boolean(owner, "useDefault", flag).unwrap_or(false);
        }
        if let Some(list) = fields.get("disabledRules") {
            out.disabled_rules = self.strings(owner, "disabledRules", list);
        }
    }

    /// A `[[rules]]` entry; `seen` maps the lowercased ids met so far to their lines.
    fn rule(
        &mut self,
        number: usize,
        value: &Value<'i>,
        seen: &mut HashMap<String, usize>,
    ) -> Option<RawRule> {
        let at = self.origin(value.span());
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                value.span(),
                format!(
                    "`[[rules]]` entry #{number} must be a table, not {}",
                    describe(value)
                ),
            );
            return None;
        };
        let errors_before = self.diag.errors.len();
        let fields = self.fields(table, &RULE_KEYS);
        let unnamed = format!("rule #{number}");
        let id = match fields.get("id") {
            None => {
                let context = fields
                    .get("description")
                    .and_then(|value| value.get_ref().as_str())
                    .map(|d| format!(" (\"{}\")", shorten(d)))
                    .unwrap_or_default();
                self.diag.error(
                    &at,
                    format!(
                        "{unnamed}{context}: `id` is missing; every `[[rules]]` needs a unique `id`"
                    ),
                );
                None
            }
            Some(value) => match self.string(&unnamed, "id", value) {
                Some(id) if id.trim().is_empty() => {
                    self.error(value.span(), format!("{unnamed}: `id` is empty"));
                    None
                }
                Some(id) if id.chars().any(|c| c.is_whitespace() || c.is_control()) => {
                    self.error(
                        value.span(),
                        format!(
                            "rule `{}`: `id` must not contain whitespace or control characters \
                             (it becomes the Bulwark rule id `secrets.custom.<id>`)",
                            id.escape_debug()
                        ),
                    );
                    None
                }
                other => other,
            },
        };
        if let Some(id) = &id {
            let key = id.to_lowercase();
            if let Some(&line) = seen.get(&key) {
                self.diag.error(
                    &at,
                    format!(
                        "rule `{id}`: `id` is not unique: a rule with the same id (ids are \
                         compared case-insensitively) is defined at line {line}"
                    ),
                );
            } else {
                seen.insert(key, at.line);
            }
        }
        let label = id
            .as_deref()
            .map_or_else(|| unnamed.clone(), |id| format!("rule `{id}`"));
        self.report_keys(&fields, &label);
        let description = fields
            .get("description")
            .and_then(|value| self.string(&label, "description", value));
        let regex = fields.get("regex").and_then(|value| {
            let source = self.string(&label, "regex", value)?;
            (!source.is_empty()).then(|| Located {
                value: rule_pattern(&source),
                at: self.origin(value.span()),
            })
        });
        let path = fields.get("path").and_then(|value| {
            let source = self.string(&label, "path", value)?;
            if source.is_empty() {
                return None;
            }
            match compile(&source) {
                Ok(regex) => Some(Located {
                    value: regex,
                    at: self.origin(value.span()),
                }),
                Err(why) => {
                    self.error(
                        value.span(),
                        format!("{label}: `path` is not a usable regex: {why}"),
                    );
                    None
                }
            }
        });
        let secret_group = fields.get("secretGroup").and_then(|value| {
            let group = self.integer(&label, "secretGroup", value)?;
            match usize::try_from(group) {
                Ok(0) => None,
                Ok(group) => Some(Located {
                    value: group,
                    at: self.origin(value.span()),
                }),
                Err(_) => {
                    self.error(
                        value.span(),
                        format!(
                            "{label}: `secretGroup` must be a capture group number (0 or more), \
                             not {group}"
                        ),
                    );
                    None
                }
            }
        });
        let entropy = fields.get("entropy").and_then(|value| {
            let bits = self.number(&label, "entropy", value)?;
            if !bits.is_finite() || bits < 0.0 {
                self.error(
                    value.span(),
                    format!(
                        "{label}: `entropy` must be a finite number of bits per character, 0 or \
                         more (e.g. 3.5), not {bits}"
                    ),
                );
                return None;
            }
            (bits > 0.0).then(|| Located {
                value: bits,
                at: self.origin(value.span()),
            })
        });
        let mut keywords: Vec<String> = Vec::new();
        if let Some(value) = fields.get("keywords") {
            for keyword in self.strings(&label, "keywords", value) {
                // An empty keyword is in every file: it filters nothing.
                let keyword = keyword.value.to_lowercase();
                if !keyword.is_empty() && !keywords.contains(&keyword) {
                    keywords.push(keyword);
                }
            }
        }
        let tags = fields
            .get("tags")
            .map(|value| self.strings(&label, "tags", value))
            .unwrap_or_default();
        let mut allowlists = Vec::new();
        let mut count = 0;
        for name in ["allowlist", "allowlists"] {
            let Some(value) = fields.get(name) else {
                continue;
            };
            for (table, span) in self.tables(&label, name, value) {
                count += 1;
                let owner = format!("{label}: allowlist #{count}");
                if let Some((Some(allowlist), _)) = self.allowlist(&owner, table, span, false) {
                    allowlists.push(allowlist);
                }
            }
        }
        let required = fields.get("required").map(|v| self.origin(v.span()));
        let skip_report = fields.get("skipReport").and_then(|value| {
            self.boolean(&label, "skipReport", value)?
                .then(|| self.origin(value.span()))
        });
        let id = id?;
        if self.diag.errors.len() > errors_before {
            return None;
        }
        Some(RawRule {
            key: id.to_lowercase(),
            id,
            at,
            description: description.filter(|d| !d.trim().is_empty()),
            regex,
            secret_group,
            entropy,
            keywords,
            path,
            tags,
            allowlists,
            skip_report,
            required,
            files: vec![self.file.clone()],
        })
    }

    /// An allowlist table: `None` on errors; `Some((None, _))` when it cannot apply to a file
    /// scan (only `commits`, or `commits` under `condition = "AND"`).
    fn allowlist(
        &mut self,
        label: &str,
        table: &DeTable<'i>,
        span: std::ops::Range<usize>,
        global: bool,
    ) -> Option<(Option<Allowlist>, Vec<Located<String>>)> {
        let errors_before = self.diag.errors.len();
        let at = self.origin(span);
        let keys: &[&'static str] = if global {
            &ALLOWLIST_KEYS
        } else {
            &ALLOWLIST_KEYS[..ALLOWLIST_KEYS.len() - 1]
        };
        let fields = self.fields(table, keys);
        self.report_keys(&fields, label);
        let mut allowlist = Allowlist::default();
        if let Some(value) = fields.get("description") {
            allowlist.description = self.string(label, "description", value).unwrap_or_default();
        }
        if let Some(value) = fields.get("condition")
            && let Some(text) = self.string(label, "condition", value)
        {
            match text.trim().to_ascii_uppercase().as_str() {
                "" | "OR" | "||" => allowlist.condition = Condition::Or,
                "AND" | "&&" => allowlist.condition = Condition::And,
                _ => self.error(
                    value.span(),
                    format!(
                        "{label}: unknown `condition` \"{}\" (expected \"OR\" or \"AND\")",
                        text.escape_debug()
                    ),
                ),
            }
        }
        if let Some(value) = fields.get("regexTarget")
            && let Some(text) = self.string(label, "regexTarget", value)
        {
            match text.trim().to_ascii_lowercase().as_str() {
                "" | "secret" => allowlist.target = Target::Secret,
                "match" => allowlist.target = Target::Match,
                "line" => allowlist.target = Target::Line,
                _ => self.error(
                    value.span(),
                    format!(
                        "{label}: unknown `regexTarget` \"{}\" (expected \"secret\", \"match\" or \
                         \"line\")",
                        text.escape_debug()
                    ),
                ),
            }
        }
        let commits = fields
            .get("commits")
            .map(|value| self.strings(label, "commits", value))
            .unwrap_or_default();
        for (name, into_paths) in [("paths", true), ("regexes", false)] {
            let Some(value) = fields.get(name) else {
                continue;
            };
            for pattern in self.strings(label, name, value) {
                if pattern.value.is_empty() {
                    self.diag.error(
                        &pattern.at,
                        format!(
                            "{label}: `{name}` contains an empty pattern, which would allow \
                             everything"
                        ),
                    );
                    continue;
                }
                match compile(&pattern.value) {
                    Ok(regex) if into_paths => allowlist.paths.push(regex),
                    Ok(regex) => allowlist.regexes.push(regex),
                    Err(why) => self.diag.error(
                        &pattern.at,
                        format!(
                            "{label}: `{name}` entry \"{}\" is not a usable regex: {why}",
                            shorten(&pattern.value)
                        ),
                    ),
                }
            }
        }
        if let Some(value) = fields.get("stopwords") {
            for word in self.strings(label, "stopwords", value) {
                if word.value.is_empty() {
                    self.diag.error(
                        &word.at,
                        format!(
                            "{label}: `stopwords` contains an empty string, which would allow \
                             every match"
                        ),
                    );
                    continue;
                }
                let word = word.value.to_lowercase();
                if !allowlist.stopwords.contains(&word) {
                    allowlist.stopwords.push(word);
                }
            }
        }
        let targets = fields
            .get("targetRules")
            .map(|value| self.strings(label, "targetRules", value))
            .unwrap_or_default();
        let checks = allowlist.paths.len() + allowlist.regexes.len() + allowlist.stopwords.len();
        if checks == 0 && commits.is_empty() && self.diag.errors.len() == errors_before {
            self.diag.error(
                &at,
                format!(
                    "{label}: must contain at least one check: `commits`, `paths`, `regexes` or \
                     `stopwords`"
                ),
            );
        }
        if self.diag.errors.len() > errors_before {
            return None;
        }
        if commits.is_empty() {
            return Some((Some(allowlist), targets));
        }
        let history_only = "`commits` apply only to history scans";
        if allowlist.condition == Condition::And {
            self.diag.warn(
                &at,
                format!(
                    "{label}: {history_only}; under `condition = \"AND\"` this allowlist can \
                     never match in a file scan; ignored"
                ),
            );
            Some((None, targets))
        } else if checks == 0 {
            self.diag.warn(
                &at,
                format!("{label}: {history_only}; ignored (the allowlist has no other check)"),
            );
            Some((None, targets))
        } else {
            self.diag
                .warn(&at, format!("{label}: {history_only}; ignored"));
            Some((Some(allowlist), targets))
        }
    }

    /// Sorts `table`'s keys into the `known` ones (case-insensitively) and the rest.
    fn fields<'a>(&self, table: &'a DeTable<'i>, known: &[&'static str]) -> Fields<'a, 'i> {
        let mut fields = Fields {
            found: Vec::new(),
            unknown: Vec::new(),
            duplicates: Vec::new(),
        };
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            match known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
                Some(canonical) if fields.get(canonical).is_some() => fields
                    .duplicates
                    .push((name.to_string(), self.origin(key.span()))),
                Some(canonical) => fields.found.push((canonical, value)),
                None => fields
                    .unknown
                    .push((name.to_string(), self.origin(key.span()))),
            }
        }
        fields
    }

    fn report_keys(&mut self, fields: &Fields<'_, 'i>, owner: &str) {
        for (key, at) in &fields.duplicates {
            self.diag.error(
                at,
                format!(
                    "{owner}: `{}` is given twice (keys are case-insensitive, as in gitleaks)",
                    key.escape_debug()
                ),
            );
        }
        for (key, at) in &fields.unknown {
            self.diag.warn(
                at,
                format!("{owner}: unknown key `{}` ignored", key.escape_debug()),
            );
        }
    }

    fn type_error(&mut self, owner: &str, field: &str, expected: &str, value: &Value<'i>) {
        self.error(
            value.span(),
            format!(
                "{owner}: `{field}` must be {expected}, not {}",
                describe(value)
            ),
        );
    }

    fn string(&mut self, owner: &str, field: &str, value: &Value<'i>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            _ => {
                self.type_error(owner, field, "a string", value);
                None
            }
        }
    }

    /// An array of strings, or a single string (viper's weak typing makes it a one-item list).
    fn strings(&mut self, owner: &str, field: &str, value: &Value<'i>) -> Vec<Located<String>> {
        match value.get_ref() {
            DeValue::String(text) => vec![Located {
                value: text.to_string(),
                at: self.origin(value.span()),
            }],
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(text) => out.push(Located {
                            value: text.to_string(),
                            at: self.origin(item.span()),
                        }),
                        _ => self.type_error(owner, field, "a list of strings", item),
                    }
                }
                out
            }
            _ => {
                self.type_error(owner, field, "a list of strings", value);
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, owner: &str, field: &str, value: &Value<'i>) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(flag) => Some(*flag),
            DeValue::String(text) if text.trim().eq_ignore_ascii_case("true") => Some(true),
            DeValue::String(text) if text.trim().eq_ignore_ascii_case("false") => Some(false),
            _ => {
                self.type_error(owner, field, "true or false", value);
                None
            }
        }
    }

    fn integer(&mut self, owner: &str, field: &str, value: &Value<'i>) -> Option<i64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(number) => i64::from_str_radix(number.as_str(), number.radix()).ok(),
            DeValue::String(text) => text.trim().parse().ok(),
            DeValue::Float(number) => number
                .as_str()
                .parse::<f64>()
                .ok()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64),
            _ => None,
        };
        if parsed.is_none() {
            self.type_error(owner, field, "an integer", value);
        }
        parsed
    }

    fn number(&mut self, owner: &str, field: &str, value: &Value<'i>) -> Option<f64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(number) => i64::from_str_radix(number.as_str(), number.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(number) => number.as_str().parse().ok(),
            DeValue::String(text) => text.trim().parse().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.type_error(owner, field, "a number (e.g. 3.5)", value);
        }
        parsed
    }

    /// A table or an array of tables, each with its span.
    fn tables<'a>(
        &mut self,
        owner: &str,
        field: &str,
        value: &'a Value<'i>,
    ) -> Vec<(&'a DeTable<'i>, std::ops::Range<usize>)> {
        match value.get_ref() {
            DeValue::Table(table) => vec![(table, value.span())],
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(table) => out.push((table, item.span())),
                        _ => self.type_error(owner, field, "a table", item),
                    }
                }
                out
            }
            _ => {
                self.type_error(owner, field, "a table", value);
                Vec::new()
            }
        }
    }
}

/// A rule's `regex`, translated from Go syntax and compiled, or why it cannot be used.
fn rule_pattern(source: &str) -> Result<Pattern, String> {
    let translated = go_regex::translate(source)
        .map_err(|feature| format!("{feature} is not supported by Bulwark's regex engine"))?;
    let regex = build(&translated.pattern).map_err(|error| {
        format!(
            "`regex` does not compile: {}",
            go_regex::short_error(&error)
        )
    })?;
    let groups = regex.captures_len().saturating_sub(1);
    let empty_group = translated
        .groups
        .iter()
        .take(groups.saturating_sub(1))
        .position(|group| build(&format!(r"\A(?:{group})\z")).is_ok_and(|re| re.is_match(b"")))
        .map(|index| index + 1);
    Ok(Pattern {
        groups,
        empty_group,
        source: translated.pattern,
    })
}

/// A path or allowlist regex (Go syntax), compiled.
fn compile(source: &str) -> Result<Regex, String> {
    let translated = go_regex::translate(source)
        .map_err(|feature| format!("{feature} is not supported by Bulwark's regex engine"))?;
    build(&translated.pattern).map_err(|error| go_regex::short_error(&error))
}

fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).build()
}

/// How a wrong value is named in messages: strings are quoted (shortened), others typed.
fn describe(value: &Value<'_>) -> String {
    match value.get_ref() {
        DeValue::String(text) => format!("the string \"{}\"", shorten(text)),
        DeValue::Integer(number) => format!("the integer {number}"),
        DeValue::Float(number) => format!("the float {number}"),
        DeValue::Boolean(flag) => format!("the boolean {flag}"),
        DeValue::Datetime(_) => "a date-time".to_string(),
        DeValue::Array(_) => "an array".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

/// At most 60 characters of `text`, escaped for a one-line message.
pub(super) fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short.escape_debug().to_string()
}
