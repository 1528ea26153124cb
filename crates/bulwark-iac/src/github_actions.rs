//! GitHub Actions workflows (`.github/workflows/*.yml`): the workflow itself is one resource
//! (kind `workflow`, address `workflow`: triggers, top-level `permissions`, `env`) and each job
//! is another (kind `job`, address `jobs.ID`). `${{ … }}` expressions stay strings as written, so
//! injection rules can see them. Reusable-workflow calls (`uses:` on a job) are jobs like others;
//! the called workflow is not fetched.

use crate::model::{Document, Format, Problem, Resource, Value};
use crate::yaml;

/// Parses one workflow file.
pub fn parse(text: &str) -> Document {
    let stream = yaml::load(text);
    let mut problems = stream.problems.clone();
    let root = yaml::single_document(stream, &mut problems);
    let mut resources = Vec::new();
    if matches!(root.value, Value::Object(_)) {
        resources.push(Resource {
            kind: "workflow".to_string(),
            address: "workflow".to_string(),
            body: root.clone(),
            span: root.span,
        });
    }
    match root.get("jobs").map(|j| &j.value) {
        Some(Value::Object(jobs)) => {
            for (id, _, body) in jobs {
                resources.push(Resource {
                    kind: "job".to_string(),
                    address: format!("jobs.{id}"),
                    body: body.clone(),
                    span: body.span,
                });
            }
        }
        None => problems.push(Problem {
            line: Some(root.span.start.line.max(1)),
            message: "workflow has no `jobs`".to_string(),
        }),
        Some(_) => problems.push(Problem {
            line: root.get("jobs").map(|j| j.span.start.line),
            message: "`jobs` is not a mapping".to_string(),
        }),
    }
    Document {
        format: Format::GithubActions,
        resources,
        root,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_table() {
        let table: &[(&str, &[&str], usize)] = &[
            (
                "on: push\njobs:\n  a: {runs-on: x}\n  b: {uses: ./.github/workflows/r.yml}\n",
                &["workflow", "jobs.a", "jobs.b"],
                0,
            ),
            ("on: push\n", &["workflow"], 1),
            ("on: push\njobs: [a]\n", &["workflow"], 1),
            ("", &[], 1),
        ];
        for (text, want, problems) in table {
            let doc = parse(text);
            let got: Vec<_> = doc.resources.iter().map(|r| r.address.as_str()).collect();
            assert_eq!(got, *want, "{text}");
            assert_eq!(doc.problems.len(), *problems, "{text}: {:?}", doc.problems);
        }
    }
}
