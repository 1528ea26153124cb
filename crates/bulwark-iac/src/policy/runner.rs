//! `bulwark policy test`: every rule named `test_…` in every package, as `opa test` runs them.
//! A test passes when it is defined and not `false`.

use super::{PolicyError, PolicySource, engine_with};
use std::time::{Duration, Instant};

/// One test and how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// The file that declares it.
    pub file: String,
    /// `data.main.test_deny_public_bucket`.
    pub name: String,
    pub outcome: TestOutcome,
    pub duration: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestOutcome {
    Pass,
    /// Undefined or `false`.
    Fail,
    /// The evaluation failed (`file:line: message`).
    Error(String),
}

/// Compiles all `sources` (tests included) and runs every test, in file order.
pub fn run_tests(sources: &[PolicySource]) -> Result<Vec<TestCase>, PolicyError> {
    let all: Vec<&PolicySource> = sources.iter().collect();
    let (mut engine, modules) = engine_with(&all)?;
    let mut cases = Vec::new();
    for module in &modules {
        for name in module.names.iter().filter(|n| n.starts_with("test_")) {
            let path = format!("data.{}.{name}", module.package);
            if cases.iter().any(|c: &TestCase| c.name == path) {
                continue;
            }
            let started = Instant::now();
            let outcome = match engine.eval_rule(path.clone()) {
                Ok(value)
                    if value != regorus::Value::Undefined
                        && value != regorus::Value::Bool(false) =>
                {
                    TestOutcome::Pass
                }
                Ok(_) => TestOutcome::Fail,
                Err(error) => {
                    let error = PolicyError::from_regorus(error, &module.path);
                    // Unknown functions and unsafe variables are the policy's fault, not
                    // the test's: exit 2 like a parse error.
                    if is_compile_error(&error.message) {
                        return Err(error);
                    }
                    TestOutcome::Error(error.to_string())
                }
            };
            cases.push(TestCase {
                file: module.path.clone(),
                name: path,
                outcome,
                duration: started.elapsed(),
            });
        }
    }
    Ok(cases)
}

/// Errors regorus reports while preparing a policy rather than evaluating it.
fn is_compile_error(message: &str) -> bool {
    ["could not find function", "is unsafe", "recursion detected"]
        .iter()
        .any(|m| message.contains(m))
}
