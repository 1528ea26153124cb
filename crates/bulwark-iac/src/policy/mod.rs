//! Custom IaC policies in Rego, conftest-compatible, evaluated with `regorus`.
//!
//! The CLI reads the policy directories ([`read_sources`]) and compiles them once
//! ([`PolicySet::compile`]); the analyzer evaluates the compiled set against every IaC file the
//! front ends parse, with `input` shaped as conftest shapes it ([`input`]). Rules named `deny`,
//! `violation` and `warn`, or prefixed `deny_…`, `violation_…`, `warn_…`, in package `main`, its
//! sub-packages `main.…` and any configured namespace are queried; each value they produce is a
//! finding. `bulwark policy test` runs the `test_…` rules ([`run_tests`]).
//!
//! Policies are trusted code from the repository (like a Makefile): they are bounded by a
//! wall-clock limit per evaluation ([`EVAL_TIME_LIMIT`]) and regorus' parser limits, not
//! sandboxed against a hostile author.

mod input;
mod load;
mod metadata;
mod results;
mod runner;

pub use input::{Input, inputs};
pub use load::{MAX_POLICY_BYTES, MAX_POLICY_FILES, PolicySource, read_sources};
pub use metadata::Metadata;
pub use runner::{TestCase, TestOutcome, run_tests};

use crate::model::{Document, Span};
use bulwark_core::{Finding, Location, Rule, Severity};
use metadata::Origin;
use regorus::Engine;
use regorus::utils::limits::ExecutionTimerConfig;
use results::PolicyResult;
use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Longest one rule may run on one input before its evaluation is abandoned (an error for
/// that file, reported as a scan error).
pub const EVAL_TIME_LIMIT: Duration = Duration::from_secs(10);
/// Distinct rule ids that result objects may introduce (`{"id": …}` in a result); beyond this
/// a result keeps its policy rule's id, so a policy that makes ids up cannot grow memory.
const MAX_RESULT_RULES: usize = 256;

/// A policy that could not be loaded, with the place to fix: `policy/deny.rego:7: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub path: String,
    pub line: Option<u32>,
    pub message: String,
}

impl PolicyError {
    fn file(path: &Path, message: String) -> Self {
        PolicyError {
            path: path.to_string_lossy().into_owned(),
            line: None,
            message,
        }
    }

    fn io(path: &Path, error: &std::io::Error) -> Self {
        PolicyError::file(path, error.to_string())
    }

    /// A regorus error, whose text carries `--> path:line:col` and `error: message` lines.
    fn from_regorus(error: impl fmt::Display, fallback_path: &str) -> Self {
        let text = format!("{error:#}");
        let place = text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("-->"))
            .map(str::trim);
        let (path, line) = match place.and_then(|p| {
            let mut parts = p.rsplitn(3, ':');
            let _column = parts.next()?;
            let line = parts.next()?.parse::<u32>().ok()?;
            Some((parts.next()?.to_string(), line))
        }) {
            Some((path, line)) => (path, Some(line)),
            None => (fallback_path.to_string(), None),
        };
        let message = text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("error:"))
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| text.trim())
            .to_string();
        PolicyError {
            path,
            line,
            message,
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for PolicyError {}

/// One loaded module and the rule names it declares that we may query.
struct Module {
    path: String,
    package: String,
    names: Vec<String>,
}

/// Adds `sources` to a new engine: Rego v1, or v0 for a file whose v1 error is v0's rule syntax
/// (conftest's older policies use `deny[msg] { … }`). Such a file is evidently v0, so when v0
/// rejects it too, v0's error (the real mistake) is the one reported.
fn engine_with(sources: &[&PolicySource]) -> Result<(Engine, Vec<Module>), PolicyError> {
    let mut engine = Engine::new();
    engine.set_execution_timer_config(ExecutionTimerConfig {
        limit: EVAL_TIME_LIMIT,
        check_interval: NonZeroU32::MIN.saturating_add(63),
    });
    let mut modules = Vec::with_capacity(sources.len());
    for source in sources {
        if source.text.len() as u64 > MAX_POLICY_BYTES {
            return Err(PolicyError::file(
                Path::new(&source.path),
                format!("over the {MAX_POLICY_BYTES}-byte limit for a policy file"),
            ));
        }
        let package = match engine.add_policy(source.path.clone(), source.text.clone()) {
            Ok(package) => package,
            Err(v1) if !format!("{v1:#}").contains("keyword is required") => {
                return Err(PolicyError::from_regorus(v1, &source.path));
            }
            Err(_) => {
                engine.set_rego_v0(true);
                let v0 = engine.add_policy(source.path.clone(), source.text.clone());
                engine.set_rego_v0(false);
                v0.map_err(|v0| PolicyError::from_regorus(v0, &source.path))?
            }
        };
        let names = head_names(&source.text)
            .into_iter()
            .filter(|name| {
                engine
                    .has_declared_rule_rooted_at(&source.path, name)
                    .unwrap_or(false)
            })
            .collect();
        modules.push(Module {
            path: source.path.clone(),
            package: package
                .strip_prefix("data.")
                .unwrap_or(&package)
                .to_string(),
            names,
        });
    }
    Ok((engine, modules))
}

/// The first word of every line: where rule heads are written. Candidates only; the engine
/// confirms each is a rule head of its module.
fn head_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in text.lines() {
        let word: String = line
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() && !names.contains(&word) {
            names.push(word);
        }
    }
    names
}

/// What a queried rule's results mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `deny`, `violation`: fails the build by default (high).
    Deny,
    /// `warn`: reported low.
    Warn,
}

impl Kind {
    fn of(name: &str) -> Option<Kind> {
        let is = |base: &str| {
            name == base
                || name
                    .strip_prefix(base)
                    .is_some_and(|rest| rest.starts_with('_') && rest.len() > 1)
        };
        if is("deny") || is("violation") {
            Some(Kind::Deny)
        } else if is("warn") {
            Some(Kind::Warn)
        } else {
            None
        }
    }

    fn severity(self) -> Severity {
        match self {
            Kind::Deny => Severity::High,
            Kind::Warn => Severity::Low,
        }
    }
}

/// One rule queried for every input.
#[derive(Debug)]
struct Query {
    /// `data.main.deny`.
    path: String,
    package: String,
    name: String,
    kind: Kind,
    /// The file that declares it (the first, when several add to one rule).
    file: String,
    metadata: Metadata,
    rule: &'static Rule,
    /// Set once the rule ran out of time: it is not evaluated again in this scan, so one slow
    /// policy costs [`EVAL_TIME_LIMIT`] once, not once per file.
    timed_out: AtomicBool,
}

/// Engines ready to evaluate: regorus' `Engine` needs `&mut` to evaluate, so each worker
/// thread takes one (a clone of the prepared prototype) and gives it back.
struct Pool {
    prototype: Engine,
    idle: Vec<Engine>,
}

/// Compiled custom policies, shared by every worker thread of a scan.
pub struct PolicySet {
    pool: Mutex<Pool>,
    queries: Vec<Query>,
    /// Rules by id: those of the queries, then those result objects introduced.
    rules: Mutex<RuleTable>,
}

impl fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PolicySet")
            .field("queries", &self.queries)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct RuleTable {
    order: Vec<&'static Rule>,
    by_id: HashMap<&'static str, &'static Rule>,
    from_results: usize,
}

impl RuleTable {
    fn insert(&mut self, rule: &'static Rule) {
        self.order.push(rule);
        self.by_id.insert(rule.id, rule);
    }
}

/// What evaluating the policies on one file gave.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub findings: Vec<Finding>,
    /// Policies that failed at run time (`policy/x.rego:4: message`).
    pub errors: Vec<String>,
}

impl PolicySet {
    /// Compiles the non-test sources. `namespaces` are packages queried besides `main` and
    /// `main.…` (their sub-packages too). Every queried rule is evaluated once on an empty
    /// input, so an unknown function or unsafe variable is a load error, not a scan surprise.
    pub fn compile(
        sources: &[PolicySource],
        namespaces: &[String],
    ) -> Result<PolicySet, PolicyError> {
        let sources: Vec<&PolicySource> = sources.iter().filter(|s| !s.is_test()).collect();
        if sources.is_empty() {
            return Err(PolicyError::file(
                Path::new("policy"),
                "no policy files (`.rego`, tests excluded) found".into(),
            ));
        }
        let (mut engine, modules) = engine_with(&sources)?;
        let queried = |package: &str| {
            std::iter::once("main")
                .chain(namespaces.iter().map(String::as_str))
                .any(|ns| {
                    package == ns
                        || package
                            .strip_prefix(ns)
                            .is_some_and(|rest| rest.starts_with('.'))
                })
        };
        engine.set_input(regorus::Value::from(serde_json::json!({})));

        let mut metadata: HashMap<String, (Metadata, String)> = HashMap::new();
        for module in modules.iter().filter(|m| queried(&m.package)) {
            if !module.names.iter().any(|n| n == "__rego_metadata__")
                || metadata.contains_key(&module.package)
            {
                continue;
            }
            let path = format!("data.{}.__rego_metadata__", module.package);
            let value = engine
                .eval_rule(path)
                .map_err(|e| PolicyError::from_regorus(e, &module.path))?;
            let meta = match serde_json::to_value(&value) {
                Ok(serde_json::Value::Object(object)) => Metadata::from_json(&object)
                    .map_err(|m| PolicyError::file(Path::new(&module.path), m))?,
                _ => {
                    return Err(PolicyError::file(
                        Path::new(&module.path),
                        "`__rego_metadata__` must be an object".into(),
                    ));
                }
            };
            metadata.insert(module.package.clone(), (meta, module.path.clone()));
        }

        let mut queries: Vec<Query> = Vec::new();
        let mut table = RuleTable::default();
        for module in modules.iter().filter(|m| queried(&m.package)) {
            for name in &module.names {
                let Some(kind) = Kind::of(name) else {
                    continue;
                };
                let path = format!("data.{}.{name}", module.package);
                if queries.iter().any(|q| q.path == path) {
                    continue;
                }
                engine
                    .eval_rule(path.clone())
                    .map_err(|e| PolicyError::from_regorus(e, &module.path))?;
                let (meta, meta_file) = metadata
                    .get(&module.package)
                    .cloned()
                    .unwrap_or_else(|| (Metadata::default(), module.path.clone()));
                let id = metadata::rule_id(meta.id.as_deref(), &module.package, name);
                let rule = match table.by_id.get(id.as_str()) {
                    Some(rule) => *rule,
                    None => {
                        let origin = Origin {
                            package: &module.package,
                            rule: name,
                            file: &meta_file,
                        };
                        let rule = metadata::leak_rule(
                            id,
                            &meta,
                            meta.severity.unwrap_or(kind.severity()),
                            &origin,
                        );
                        table.insert(rule);
                        rule
                    }
                };
                queries.push(Query {
                    path,
                    package: module.package.clone(),
                    name: name.clone(),
                    kind,
                    file: module.path.clone(),
                    metadata: meta,
                    rule,
                    timed_out: AtomicBool::new(false),
                });
            }
        }
        Ok(PolicySet {
            pool: Mutex::new(Pool {
                prototype: engine,
                idle: Vec::new(),
            }),
            queries,
            rules: Mutex::new(table),
        })
    }

    /// Every rule these policies can report, for `bulwark rules` and SARIF: one per queried
    /// rule (shared by rules with the same metadata id) plus those result objects introduced
    /// so far.
    pub fn rules(&self) -> Vec<&'static Rule> {
        self.rules
            .lock()
            .map(|table| table.order.clone())
            .unwrap_or_default()
    }

    /// Evaluates every queried rule on every input of `document` (the file `path`).
    pub fn evaluate(&self, path: &str, document: &Document) -> Evaluation {
        let mut evaluation = Evaluation::default();
        let inputs = inputs(document);
        if inputs.is_empty() || self.queries.is_empty() {
            return evaluation;
        }
        let Some(mut engine) = self.take_engine() else {
            return evaluation;
        };
        for input in &inputs {
            engine.set_input(regorus::Value::from(input.json.clone()));
            for query in &self.queries {
                if query.timed_out.load(Ordering::Relaxed) {
                    continue;
                }
                match engine.eval_rule(query.path.clone()) {
                    Ok(value) => {
                        for result in results::parse(&value) {
                            evaluation
                                .findings
                                .push(self.finding(query, result, path, document, input));
                        }
                    }
                    Err(error) => {
                        let error = PolicyError::from_regorus(error, &query.file);
                        let mut message = format!("policy {}: {error}", query.path);
                        if error.message.contains("exceeded time limit") {
                            query.timed_out.store(true, Ordering::Relaxed);
                            message.push_str("; not evaluated again in this scan");
                        }
                        if !evaluation.errors.contains(&message) {
                            evaluation.errors.push(message);
                        }
                    }
                }
            }
        }
        self.give_back(engine);
        evaluation
    }

    fn take_engine(&self) -> Option<Engine> {
        let mut pool = self.pool.lock().ok()?;
        Some(match pool.idle.pop() {
            Some(engine) => engine,
            None => pool.prototype.clone(),
        })
    }

    fn give_back(&self, engine: Engine) {
        if let Ok(mut pool) = self.pool.lock() {
            pool.idle.push(engine);
        }
    }

    fn finding(
        &self,
        query: &Query,
        result: PolicyResult,
        path: &str,
        document: &Document,
        input: &Input,
    ) -> Finding {
        let meta = result.metadata.or(&query.metadata);
        let severity = meta.severity.unwrap_or(query.kind.severity());
        let rule = match &result.metadata.id {
            Some(id) => self.result_rule(query, id, &meta, severity),
            None => query.rule,
        };
        let (span, address) = locate(&result, document, input);
        let start = (span.start.line.max(1), span.start.column.max(1));
        let end = (span.end.line.max(start.0), span.end.column.max(1));
        let mut location = Location::span(path, start, end);
        location.resource = address.clone();
        let message = if result.message.is_empty() {
            format!("policy `{}.{}` failed", query.package, query.name)
        } else {
            result.message
        };
        let identity = format!(
            "{}|{}|{}",
            query.path,
            address.as_deref().unwrap_or(""),
            message
        );
        let mut finding = Finding::new(rule, location, message)
            .with_identity(identity)
            // An inline suppression anywhere in the resource (or document) covers the finding.
            .with_scope(start.0, end.0)
            .with_property("policy_file", query.file.clone())
            .with_property("policy_rule", query.path.clone());
        if !result.details.is_empty() {
            finding = finding.with_property("policy_details", result.details);
        }
        finding.severity = severity;
        finding
    }

    /// The rule for a result that names its own `id`, made once per id (up to a cap).
    fn result_rule(
        &self,
        query: &Query,
        id: &str,
        meta: &Metadata,
        severity: Severity,
    ) -> &'static Rule {
        let id = metadata::rule_id(Some(id), &query.package, &query.name);
        let Ok(mut table) = self.rules.lock() else {
            return query.rule;
        };
        if let Some(rule) = table.by_id.get(id.as_str()) {
            return rule;
        }
        if table.from_results >= MAX_RESULT_RULES {
            return query.rule;
        }
        let origin = Origin {
            package: &query.package,
            rule: &query.name,
            file: &query.file,
        };
        let rule = metadata::leak_rule(id, meta, severity, &origin);
        table.from_results += 1;
        table.insert(rule);
        rule
    }
}

/// Where a result points: the resource it names (a `resource`/`address` field, or an address
/// in its message), else the Kubernetes document it came from, else line 1.
fn locate(result: &PolicyResult, document: &Document, input: &Input) -> (Span, Option<String>) {
    let base = |address: &str| address.split('[').next().unwrap_or(address).to_string();
    if let Some(named) = &result.resource
        && let Some(resource) = document
            .resources
            .iter()
            .find(|r| r.address == *named || base(&r.address) == *named)
    {
        return (resource.span, Some(resource.address.clone()));
    }
    let mut best: Option<&crate::model::Resource> = None;
    for resource in &document.resources {
        let address = base(&resource.address);
        if mentions(&result.message, &address)
            && best.is_none_or(|b| base(&b.address).len() < address.len())
        {
            best = Some(resource);
        }
    }
    if let Some(resource) = best {
        return (resource.span, Some(resource.address.clone()));
    }
    if let Some(span) = input.span {
        let address = document
            .resources
            .iter()
            .find(|r| r.span == span)
            .map(|r| r.address.clone());
        return (span, address);
    }
    let first = crate::model::Position { line: 1, column: 1 };
    (
        Span {
            start: first,
            end: first,
        },
        None,
    )
}

/// Whether `message` names `address` as a whole word (`aws_s3_bucket.logs`, not
/// `aws_s3_bucket.logs_archive`); a sentence's full stop after it still counts.
fn mentions(message: &str, address: &str) -> bool {
    if address.is_empty() {
        return false;
    }
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    message.match_indices(address).any(|(at, _)| {
        let before = message[..at].chars().next_back();
        let rest = &message[at + address.len()..];
        let mut after = rest.chars();
        let next = after.next();
        let boundary_before = before.is_none_or(|c| !word(c) && c != '.');
        let boundary_after = match next {
            None => true,
            Some('.') => after.next().is_none_or(|c| !word(c)),
            Some(c) => !word(c),
        };
        boundary_before && boundary_after
    })
}

#[cfg(test)]
mod tests;
