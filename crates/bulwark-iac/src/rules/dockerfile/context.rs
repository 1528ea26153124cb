//! Copying the whole build context before installing dependencies.

use super::runs;
use super::shell::commands;
use crate::dockerfile::{instructions, keyword};
use crate::model::{Format, Node, Resource, Span};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `COPY . <dest>` followed in the same stage by a dependency install (`npm ci`, `pip install
/// -r`, `go mod download`, `bundle install`, …) when no dependency manifest was copied first.
pub static COPY_CONTEXT_BEFORE_INSTALL_RULE: Rule = Rule {
    id: "iac.dockerfile.copy-context-before-install",
    title: "Whole build context copied before dependencies are installed",
    scanner: Scanner::Iac,
    severity: Severity::Info,
    cwe: &["CWE-538"],
    owasp: &["A05:2021"],
    controls: &["nist-ssdf:PW.4.1"],
    description: "The stage copies the entire build context (`COPY . .`) and only then installs \
        dependencies. Every source change invalidates the dependency layer, so each build \
        re-downloads packages from the network (more exposure to a compromised registry, slower \
        patch rebuilds), and anything in the context not excluded by `.dockerignore` (`.git`, \
        `.env`, local credentials) is in the layer the install runs on.",
    remediation: "Copy the manifests first, install, then copy the sources, and keep a \
        `.dockerignore`:\n\n```dockerfile\nCOPY package.json package-lock.json ./\nRUN npm ci \
        --omit=dev\nCOPY . .\n```\n\n```text\n# .dockerignore\n.git\n.env\n**/*.pem\n```",
    references: &["https://docs.docker.com/build/cache/optimize/"],
};

pub static COPY_CONTEXT_BEFORE_INSTALL: IacRule = IacRule {
    rule: &COPY_CONTEXT_BEFORE_INSTALL_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: copy_context_before_install,
};

const MANIFESTS: &[&str] = &[
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "requirements",
    "pyproject.toml",
    "poetry.lock",
    "Pipfile",
    "go.mod",
    "go.sum",
    "Gemfile",
    "composer.json",
    "pom.xml",
    "build.gradle",
    "Cargo.toml",
    "Cargo.lock",
    ".csproj",
];

/// Whether a script installs dependencies from manifests.
fn installs_dependencies(script: &str) -> bool {
    commands(script).iter().any(|c| {
        let args: Vec<&str> = c.args().iter().map(String::as_str).collect();
        match c.program() {
            Some("npm") => {
                matches!(args.first(), Some(&("ci" | "install" | "i"))) && args.len() == 1
                    || matches!(args.first(), Some(&"ci"))
            }
            Some("yarn" | "pnpm") => args.is_empty() || args.first() == Some(&"install"),
            Some("pip" | "pip3") => args.first() == Some(&"install") && args.contains(&"-r"),
            Some("poetry" | "bundle" | "composer" | "pipenv") => args.first() == Some(&"install"),
            Some("go") => args.starts_with(&["mod", "download"]),
            Some("mvn") => args.iter().any(|a| a.starts_with("dependency:")),
            _ => false,
        }
    })
}

fn copy_context_before_install(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    let mut whole: Option<Span> = None;
    for ins in instructions(stage) {
        if keyword(ins) != Some("COPY") {
            continue;
        }
        if ins.at(&["flags", "--from"]).is_some() {
            continue;
        }
        let sources: Vec<&Node> = ins
            .get("sources")
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .collect();
        let names: Vec<&str> = sources.iter().filter_map(|n| n.as_str()).collect();
        if names
            .iter()
            .any(|n| MANIFESTS.iter().any(|m| n.contains(m)))
        {
            // Manifests copied first: the usual layering.
            return Vec::new();
        }
        if names.len() == 1 && matches!(names[0], "." | "./") {
            whole = Some(sources[0].span);
            break;
        }
    }
    let Some(span) = whole else {
        return Vec::new();
    };
    let after = runs(stage)
        .into_iter()
        .filter(|(_, _, s)| s.start > span.start)
        .any(|(_, script, _)| installs_dependencies(&script));
    if after {
        vec![Hit::new(
            span,
            "`COPY .` of the whole context precedes the dependency install",
        )]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    #[test]
    fn whole_context_first_fires() {
        let text = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";
        let h = hits(&COPY_CONTEXT_BEFORE_INSTALL, "Dockerfile", text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 3);
    }

    #[test]
    fn manifests_first_is_clean() {
        for text in [
            "FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n",
            "FROM python:3.12\nCOPY . .\nRUN python setup.py build\n",
        ] {
            assert!(
                hits(&COPY_CONTEXT_BEFORE_INSTALL, "Dockerfile", text).is_empty(),
                "{text}"
            );
        }
    }
}
