//! Which packages a Python project asks for itself, from the `pyproject.toml` next to its
//! lockfile: lockfiles that do not mark direct dependencies are completed from it.

use super::super::Companions;
use super::super::paths::sibling;
use super::super::requirements::pep508;
use crate::Ecosystem;
use bulwark_core::Problem;
use std::collections::HashSet;
use toml::{Table, Value};

/// The TOML file `name` beside `lock_path`, or `None` when there is none. A file that does not
/// parse is a problem and counts as absent: the lockfile's direct dependencies stay unknown.
pub(crate) fn sibling_table(
    lock_path: &str,
    name: &str,
    companions: &dyn Companions,
    problems: &mut Vec<Problem>,
) -> Option<Table> {
    let path = sibling(lock_path, name);
    let bytes = companions.read(&path)?;
    let parsed = std::str::from_utf8(&bytes)
        .map_err(|e| e.to_string())
        .and_then(|text| text.parse::<Table>().map_err(|e| e.message().to_string()));
    match parsed {
        Ok(table) => Some(table),
        Err(message) => {
            problems.push(Problem {
                line: None,
                message: format!("{path} not read, direct dependencies unknown: {message}"),
            });
            None
        }
    }
}

/// Normalised names of every dependency `pyproject.toml` declares (PEP 621 `[project]` and its
/// extras, PEP 735 `[dependency-groups]`, Poetry's and PDM's own tables), or `None` when there is
/// no such file. A file that does not parse is a problem and counts as absent.
pub(crate) fn direct_names(
    lock_path: &str,
    companions: &dyn Companions,
    problems: &mut Vec<Problem>,
) -> Option<HashSet<String>> {
    let table = sibling_table(lock_path, "pyproject.toml", companions, problems)?;
    let mut names = HashSet::new();
    let mut add = |name: &str| {
        names.insert(Ecosystem::PyPI.normalize_name(name));
    };
    let get = |keys: &[&str]| -> Option<&Value> {
        let (first, rest) = keys.split_first()?;
        rest.iter()
            .try_fold(table.get(*first)?, |value, key| value.get(key))
    };
    // PEP 508 strings: `[project] dependencies`, extras, dependency groups, PDM's dev groups.
    let requirement_lists = [
        get(&["project", "dependencies"]),
        get(&["project", "optional-dependencies"]),
        get(&["dependency-groups"]),
        get(&["tool", "pdm", "dev-dependencies"]),
    ];
    for list in requirement_lists.into_iter().flatten() {
        for text in strings(list) {
            if let Ok(requirement) = pep508::parse(text) {
                add(requirement.name);
            }
        }
    }
    // Poetry's tables are keyed by name.
    let mut poetry_tables = vec![
        get(&["tool", "poetry", "dependencies"]),
        get(&["tool", "poetry", "dev-dependencies"]),
    ];
    if let Some(groups) = get(&["tool", "poetry", "group"]).and_then(Value::as_table) {
        poetry_tables.extend(groups.values().map(|group| group.get("dependencies")));
    }
    for table in poetry_tables
        .into_iter()
        .flatten()
        .filter_map(Value::as_table)
    {
        table.keys().filter(|k| *k != "python").for_each(|k| add(k));
    }
    Some(names)
}

/// The strings of an array, or of every array in a table (other items, such as PEP 735's
/// `{include-group = "…"}`, are not requirements).
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        Value::Table(table) => table.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockfiles::testing::Files;

    #[test]
    fn collects_every_kind_of_declaration() {
        let pyproject = r#"
[project]
name = "shop"
dependencies = ["Django>=4.2", "requests[socks]==2.31.0 ; python_version > '3.8'"]
[project.optional-dependencies]
redis = ["redis>=5"]
[dependency-groups]
test = ["pytest>=8", { include-group = "lint" }]
lint = ["ruff"]
[tool.poetry.dependencies]
python = "^3.11"
Flask = "^3.0"
[tool.poetry.group.docs.dependencies]
mkdocs = "*"
[tool.pdm.dev-dependencies]
typing = ["mypy>=1"]
"#;
        let files = Files(vec![("svc/pyproject.toml", pyproject)]);
        let mut problems = Vec::new();
        let names = direct_names("svc/poetry.lock", &files, &mut problems).expect("present");
        let mut names: Vec<_> = names.into_iter().collect();
        names.sort();
        assert_eq!(
            names,
            [
                "django", "flask", "mkdocs", "mypy", "pytest", "redis", "requests", "ruff"
            ]
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn absent_or_broken_files() {
        let mut problems = Vec::new();
        assert_eq!(
            direct_names("poetry.lock", &Files(vec![]), &mut problems),
            None
        );
        assert!(problems.is_empty());
        let files = Files(vec![("pyproject.toml", "[project\nname=")]);
        assert_eq!(direct_names("poetry.lock", &files, &mut problems), None);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            sibling("a/b/uv.lock", "pyproject.toml"),
            "a/b/pyproject.toml"
        );
    }
}
