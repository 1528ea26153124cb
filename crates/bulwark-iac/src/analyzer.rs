//! The IaC analyzer: a file's bytes in, findings out, through the front ends and the rules.

use crate::frontend;
use crate::rules::{self, Context, IacRule};
use bulwark_core::{Analyzer, Finding, Location, Outcome, Problem, Rule, Scanner, SourceFile};

/// Runs every built-in rule over every IaC file.
pub struct IacAnalyzer {
    rules: Vec<&'static IacRule>,
    required_tags: Vec<String>,
}

impl IacAnalyzer {
    pub fn new(required_tags: Vec<String>) -> Self {
        IacAnalyzer {
            rules: rules::all(),
            required_tags,
        }
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
        self.rules.iter().map(|r| r.rule).collect()
    }

    fn wants_path(&self, path: &str) -> bool {
        frontend::candidate(path)
    }

    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        let mut outcome = Outcome::default();
        let Ok(text) = std::str::from_utf8(file.bytes) else {
            return outcome;
        };
        let Some(format) = frontend::format_of(file.path, text) else {
            return outcome;
        };
        let document = frontend::parse(format, file.path, text);
        outcome.problems = document
            .problems
            .iter()
            .map(|p| Problem {
                line: p.line,
                message: p.message.clone(),
            })
            .collect();
        let context = Context {
            document: &document,
            required_tags: &self.required_tags,
        };
        for resource in &document.resources {
            for rule in self.rules.iter().filter(|r| r.applies_to(format, resource)) {
                for hit in (rule.check)(&context, resource) {
                    let start = (hit.span.start.line.max(1), hit.span.start.column.max(1));
                    let end = (hit.span.end.line.max(start.0), hit.span.end.column.max(1));
                    let mut location = Location::span(file.path, start, end);
                    location.resource = Some(resource.address.clone());
                    outcome.findings.push(
                        Finding::new(rule.rule, location, hit.message.clone())
                            .with_identity(format!("{}|{}", resource.address, hit.message)),
                    );
                }
            }
        }
        outcome
    }
}
