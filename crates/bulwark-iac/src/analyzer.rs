//! The IaC analyzer: a file's bytes in, findings out, through the front ends and the rules.
//!
//! Terraform files are read as part of their module when the caller gives a [`Workspace`]:
//! variables and locals declared in sibling files resolve, and local `module` calls are
//! evaluated with their inputs (see [`crate::terraform::modules`]).

use crate::model::{self, Document, Format, Resource, Span};
use crate::policy::PolicySet;
use crate::rules::{self, Context, IacRule};
use crate::terraform::modules::{self, MAX_MODULE_DEPTH, ModuleFiles};
use crate::terraform::{self, ModuleScope};
use crate::workspace::Workspace;
use crate::{frontend, kubernetes};
use bulwark_core::{Analyzer, Finding, Location, Outcome, Problem, Rule, Scanner, SourceFile};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// A root module as the first of its files to be analyzed read it: its scope and every `.tf`
/// file parsed in it, so each file is parsed once and rules see the whole module. Dropped when
/// the last of its files has been analyzed, which bounds memory to the modules in flight.
#[derive(Default)]
struct RootModule {
    scope: ModuleScope,
    /// Each file's path and text, in the order of `documents`.
    files: Vec<(String, String)>,
    documents: Vec<Document>,
    /// Files not yet analyzed.
    remaining: AtomicUsize,
}

impl RootModule {
    fn read(workspace: &dyn Workspace, dir: &str) -> RootModule {
        let Ok(files) = ModuleFiles::read(workspace, dir) else {
            return RootModule::default();
        };
        let scope = files.root_scope();
        RootModule {
            documents: files.documents(&scope),
            remaining: AtomicUsize::new(files.files.len()),
            files: files.files,
            scope,
        }
    }

    /// The parsed file at `path`, if it was read with exactly `text` (a blob from history or a
    /// file changed since is parsed again).
    fn document(&self, path: &str, text: &str) -> Option<&Document> {
        let index = self
            .files
            .iter()
            .position(|(p, t)| p == path && t == text)?;
        self.documents.get(index)
    }
}

/// A finding a local module call causes, reported at the call.
struct CallHit {
    rule: &'static IacRule,
    /// Names the inner resource and where it is (`… (at modules/bucket/main.tf:7)`).
    message: String,
    /// The message without the location, so the fingerprint survives lines moving.
    identity: String,
}

/// Runs every built-in rule over every IaC file.
pub struct IacAnalyzer {
    rules: Vec<&'static IacRule>,
    required_tags: Vec<String>,
    workspace: Option<Arc<dyn Workspace>>,
    /// The files each directory's `kustomization.yaml` applies as patches, read once per directory.
    kustomize_patches: Mutex<HashMap<String, Vec<String>>>,
    /// Root modules being analyzed, by directory.
    modules: Mutex<HashMap<String, Arc<OnceLock<Arc<RootModule>>>>>,
    /// Custom Rego policies, compiled once by the caller.
    policies: Option<Arc<PolicySet>>,
}

impl IacAnalyzer {
    pub fn new(required_tags: Vec<String>) -> Self {
        IacAnalyzer {
            rules: rules::all(),
            required_tags,
            workspace: None,
            kustomize_patches: Mutex::new(HashMap::new()),
            modules: Mutex::new(HashMap::new()),
            policies: None,
        }
    }

    /// Also evaluates `policies` (compiled once by the caller) on every file.
    pub fn with_policies(mut self, policies: Arc<PolicySet>) -> Self {
        self.policies = Some(policies);
        self
    }

    /// Reads Terraform files as whole modules through `workspace` (without one, each file is
    /// read on its own).
    pub fn with_workspace(mut self, workspace: Arc<dyn Workspace>) -> Self {
        self.workspace = Some(workspace);
        self
    }

    fn context<'a>(&'a self, document: &'a Document, module: &'a [Document]) -> Context<'a> {
        Context {
            document,
            module,
            required_tags: &self.required_tags,
        }
    }

    /// The root module in `dir`, read by the first of its files to be analyzed.
    fn root_module(&self, workspace: &dyn Workspace, dir: &str) -> Arc<RootModule> {
        let cell = {
            let mut modules = self.modules.lock().unwrap_or_else(|e| e.into_inner());
            modules.entry(dir.to_string()).or_default().clone()
        };
        cell.get_or_init(|| Arc::new(RootModule::read(workspace, dir)))
            .clone()
    }

    /// Marks one file of the module in `dir` analyzed; the last one drops the module.
    fn release(&self, dir: &str, module: &RootModule) {
        if module.remaining.fetch_sub(1, Ordering::AcqRel) == 1 {
            let mut modules = self.modules.lock().unwrap_or_else(|e| e.into_inner());
            modules.remove(dir);
        }
    }

    /// Whether a `kustomization.yaml` beside `path` applies it as a patch.
    fn is_kustomize_patch(&self, path: &str) -> bool {
        let Some(workspace) = &self.workspace else {
            return false;
        };
        let dir = modules::dir_of(path);
        let name = path.rsplit('/').next().unwrap_or(path);
        let mut cache = self
            .kustomize_patches
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let patches = cache.entry(dir.to_string()).or_insert_with(|| {
            kubernetes::KUSTOMIZATION_FILES
                .iter()
                .filter_map(|file| {
                    let config = match dir {
                        "" => file.to_string(),
                        dir => format!("{dir}/{file}"),
                    };
                    String::from_utf8(workspace.read(&config)?).ok()
                })
                .flat_map(|text| kubernetes::kustomize_patches(&text))
                .collect()
        });
        patches.iter().any(|p| p == name)
    }

    /// Findings a local module call causes that the module's own defaults do not: reported at
    /// the `module` block, so the call is where they are fixed or suppressed.
    fn module_call_hits(
        &self,
        workspace: &dyn Workspace,
        caller_path: &str,
        call: &Resource,
        stack: &mut Vec<String>,
        problems: &mut Vec<model::Problem>,
    ) -> Vec<CallHit> {
        let source = call.body.get("source").and_then(|n| n.as_str());
        let Some(dir) = source.and_then(|s| modules::local_source(modules::dir_of(caller_path), s))
        else {
            return Vec::new();
        };
        let problem = |message: String| modules::call_problem(call, message);
        if stack.contains(&dir) {
            problems.push(problem(format!(
                "module cycle: {} → {dir}, not followed",
                stack.join(" → ")
            )));
            return Vec::new();
        }
        if stack.len() > MAX_MODULE_DEPTH {
            problems.push(problem(format!(
                "modules nested more than {MAX_MODULE_DEPTH} deep, `{dir}` not followed"
            )));
            return Vec::new();
        }
        let files = match ModuleFiles::read(workspace, &dir) {
            Ok(files) => files,
            Err(message) => {
                problems.push(problem(message));
                return Vec::new();
            }
        };
        let standalone = files.documents(&files.root_scope());
        let called = files.documents(&files.scope(&modules::inputs(call)));
        let paths: Vec<&str> = files.files.iter().map(|(path, _)| path.as_str()).collect();
        let key = |rule: &IacRule, message: &str| format!("{}|{message}", rule.rule.id);
        let seen: HashSet<String> = standalone
            .iter()
            .flat_map(|document| rules::run(&self.rules, &self.context(document, &standalone)))
            .map(|fired| key(fired.rule, &fired.hit.message))
            .collect();
        let prefix = call.address.split('[').next().unwrap_or(&call.address);
        let mut out = Vec::new();
        stack.push(dir.clone());
        for (path, document) in paths.iter().zip(&called) {
            for fired in rules::run(&self.rules, &self.context(document, &called)) {
                if seen.contains(&key(fired.rule, &fired.hit.message)) {
                    continue;
                }
                let line = fired.hit.span.start.line;
                let identity = format!("{prefix}.{}", fired.hit.message);
                out.push(CallHit {
                    rule: fired.rule,
                    message: format!("{identity} (at {path}:{line})"),
                    identity,
                });
            }
            for inner in document.resources.iter().filter(|r| r.kind == "module") {
                let nested = self.module_call_hits(workspace, path, inner, stack, problems);
                out.extend(nested.into_iter().map(|hit| CallHit {
                    rule: hit.rule,
                    message: format!("{prefix}.{}", hit.message),
                    identity: format!("{prefix}.{}", hit.identity),
                }));
            }
        }
        stack.pop();
        out.dedup_by(|a, b| std::ptr::eq(a.rule, b.rule) && a.message == b.message);
        out
    }
}

impl Analyzer for IacAnalyzer {
    fn name(&self) -> &'static str {
        "iac"
    }

    fn scanner(&self) -> Scanner {
        Scanner::Iac
    }

    fn rules(&self) -> Vec<&'static Rule> {
        let mut all: Vec<&'static Rule> = self.rules.iter().map(|r| r.rule).collect();
        if let Some(policies) = &self.policies {
            all.extend(policies.rules());
        }
        all
    }

    fn wants_path(&self, path: &str) -> bool {
        frontend::candidate(path)
    }

    /// Terraform plans of large estates are bigger than ordinary source files.
    fn max_file_size(&self, path: &str) -> Option<u64> {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        (name.ends_with(".json") && name.contains("plan"))
            .then_some(terraform::plan::MAX_PLAN_BYTES as u64)
    }

    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        let mut outcome = Outcome::default();
        let Ok(text) = std::str::from_utf8(file.bytes) else {
            return outcome;
        };
        if let Some(reason) = frontend::unrendered_template(file.path, text) {
            outcome.skipped.push(reason.to_string());
            return outcome;
        }
        let Some(format) = frontend::format_of(file.path, text) else {
            return outcome;
        };
        if format == Format::Kubernetes && self.is_kustomize_patch(file.path) {
            outcome.skipped.push(
                "Kustomize patch (a partial manifest): judged as part of `kustomize build` output, \
                 not alone"
                    .to_string(),
            );
            return outcome;
        }
        let dir = modules::dir_of(file.path);
        let module = match (&self.workspace, format) {
            (Some(workspace), Format::Terraform) => Some(self.root_module(workspace.as_ref(), dir)),
            _ => None,
        };
        let parsed;
        let document = match &module {
            Some(module) => match module.document(file.path, text) {
                Some(document) => document,
                None => {
                    parsed = terraform::parse_in_scope(file.path, text, &module.scope);
                    &parsed
                }
            },
            None => {
                parsed = frontend::parse(format, file.path, text);
                &parsed
            }
        };
        let siblings: &[Document] = module.as_ref().map_or(&[], |m| m.documents.as_slice());
        let mut problems = document.problems.clone();
        // The identity (what the fingerprint hashes) leaves out lines, so findings keep their
        // fingerprint when code moves.
        // A hit outside the block of the resource that reported it is about the file (GitLab's
        // pipeline-level `include` and `default`, judged with the first job): it is not tied
        // to that resource, so reordering jobs keeps its fingerprint.
        let mut report = |rule: &IacRule, resource: &Resource, span: Span, message, identity| {
            let start = (span.start.line.max(1), span.start.column.max(1));
            let end = (span.end.line.max(start.0), span.end.column.max(1));
            let block = (resource.span.start.line, resource.span.end.line);
            let inside = block.0 <= span.start.line && span.end.line <= block.1;
            let mut location = Location::span(file.path, start, end);
            let finding = if inside {
                location.resource = Some(resource.address.clone());
                Finding::new(rule.rule, location, message)
                    .with_identity(format!("{}|{identity}", resource.address))
                    .with_scope(block.0, block.1)
            } else {
                Finding::new(rule.rule, location, message).with_identity(identity)
            };
            outcome.findings.push(finding);
        };
        for fired in rules::run(&self.rules, &self.context(document, siblings)) {
            let message = fired.hit.message;
            report(
                fired.rule,
                fired.resource,
                fired.hit.span,
                message.clone(),
                message,
            );
        }
        if let (Some(workspace), Format::Terraform) = (&self.workspace, format) {
            let mut stack = vec![modules::dir_of(file.path).to_string()];
            for call in document.resources.iter().filter(|r| r.kind == "module") {
                for hit in self.module_call_hits(
                    workspace.as_ref(),
                    file.path,
                    call,
                    &mut stack,
                    &mut problems,
                ) {
                    report(hit.rule, call, call.span, hit.message, hit.identity);
                }
            }
        }
        if let Some(policies) = &self.policies {
            let evaluation = policies.evaluate(file.path, document);
            outcome.findings.extend(evaluation.findings);
            problems.extend(evaluation.errors.into_iter().map(|message| model::Problem {
                line: None,
                message,
            }));
        }
        outcome.problems = problems
            .into_iter()
            .map(|p| Problem {
                line: p.line,
                message: p.message,
            })
            .collect();
        if let Some(module) = &module {
            self.release(dir, module);
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PATHS: [&str; 8] = [
        "main.tf",
        "plan.json",
        "k8s/app.yaml",
        "Dockerfile",
        "cfn/template.yaml",
        ".github/workflows/ci.yml",
        ".gitlab-ci.yml",
        "docker-compose.yml",
    ];

    /// Fragments of every format, so random inputs reach the rules, not only the parsers.
    const FRAGMENTS: [&str; 16] = [
        "resource \"aws_s3_bucket\" \"b\" {\n",
        "  acl = \"public-read\"\n",
        "}\n",
        "apiVersion: v1\nkind: Pod\n",
        "spec:\n  containers:\n    - name: a\n      image: x\n",
        "  securityContext: {privileged: true}\n",
        "FROM alpine\nRUN curl x | sh\n",
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n",
        "on: pull_request_target\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n",
        "{\"planned_values\": {\"root_module\": {\"resources\": [",
        "{\"type\": \"aws_db_instance\", \"values\": {\"publicly_accessible\": true}}",
        "]}}}",
        "&a [*a, *a]\n",
        "{{ .Values.x }}\n",
        "module \"m\" { source = \"./m\" }\n",
        "\t\u{0}\u{feff}é\r\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// No input panics, and every finding and problem points inside the file.
        #[test]
        fn any_input_is_analyzed_without_panic(
            path in 0..PATHS.len(),
            parts in proptest::collection::vec((0..FRAGMENTS.len(), any::<u8>()), 0..24),
        ) {
            let mut text = Vec::new();
            for (fragment, noise) in parts {
                text.extend_from_slice(FRAGMENTS[fragment].as_bytes());
                if noise % 7 == 0 {
                    text.push(noise);
                }
            }
            let analyzer = IacAnalyzer::new(vec!["owner".to_string()]);
            let outcome = analyzer.analyze(&SourceFile { path: PATHS[path], bytes: &text });
            let lines = text.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            for finding in &outcome.findings {
                prop_assert!(finding.location.start_line <= finding.location.end_line);
                prop_assert!(finding.location.end_line <= lines, "{}", finding.rule_id);
            }
            for problem in &outcome.problems {
                prop_assert!(problem.line.unwrap_or(0) <= lines + 1, "{}", problem.message);
            }
        }
    }
}
