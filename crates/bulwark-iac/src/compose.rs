//! docker-compose files: each entry under `services` is a resource of kind `service`, address
//! `services.NAME`. Top-level `networks`, `volumes`, `secrets` and `configs` stay in the root for
//! rules that need them; `extends` across files and `.env` interpolation are not resolved
//! (`${VAR}` stays a string as written).

use crate::model::{Document, Format, Problem, Resource, Value};
use crate::yaml;

/// Parses one compose file.
pub fn parse(text: &str) -> Document {
    let stream = yaml::load(text);
    let mut problems = stream.problems.clone();
    let root = yaml::single_document(stream, &mut problems);
    let mut resources = Vec::new();
    match root.get("services").map(|s| &s.value) {
        Some(Value::Object(services)) => {
            for (name, _, body) in services {
                resources.push(Resource {
                    kind: "service".to_string(),
                    address: format!("services.{name}"),
                    body: body.clone(),
                    span: body.span,
                });
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => problems.push(Problem {
            line: root.get("services").map(|s| s.span.start.line),
            message: "`services` is not a mapping".to_string(),
        }),
    }
    Document {
        format: Format::DockerCompose,
        resources,
        root,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_table() {
        let table: &[(&str, &[&str], usize)] = &[
            (
                "services:\n  web: {image: nginx}\n  worker: {build: .}\n",
                &["services.web", "services.worker"],
                0,
            ),
            ("version: '3.8'\nservices:\n", &[], 0),
            ("services: [web]\n", &[], 1),
            ("networks: {}\n", &[], 0),
        ];
        for (text, want, problems) in table {
            let doc = parse(text);
            let got: Vec<_> = doc.resources.iter().map(|r| r.address.as_str()).collect();
            assert_eq!(got, *want, "{text}");
            assert_eq!(doc.problems.len(), *problems, "{text}: {:?}", doc.problems);
        }
    }
}
