//! Built-in IaC rules. Each rule is a static [`bulwark_core::Rule`] (its documentation) plus a
//! check over one resource of the document model; families live one file each, e.g.
//! `rules/terraform/s3.rs` (AWS), `rules/azure/storage.rs`, `rules/kubernetes/pod_security.rs`.

use crate::model::{Document, Format, Node, Resource, Span};
use bulwark_core::Rule;

pub mod azure;
pub mod cloudformation;
pub mod compose;
pub mod dockerfile;
pub mod gcp;
pub mod github_actions;
pub mod gitlab_ci;
pub mod kubernetes;
pub mod terraform;

/// One place a rule fires, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The attribute at fault, or the resource block when the fault is something missing.
    pub span: Span,
    pub message: String,
}

impl Hit {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Hit {
            span,
            message: message.into(),
        }
    }
}

/// What a check may look at besides its resource.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub document: &'a Document,
    /// Every file of the document's Terraform module (the document among them), when the
    /// caller read the module as a whole; empty otherwise.
    pub module: &'a [Document],
    /// Tags every taggable resource must carry (`[iac] required_tags` in bulwark.toml).
    pub required_tags: &'a [String],
}

impl<'a> Context<'a> {
    /// The resources a rule may relate the judged one to: the whole module's when known (an
    /// encryption configuration in `s3.tf` for a bucket in `main.tf`), else the file's.
    pub fn resources(&self) -> impl Iterator<Item = &'a Resource> + use<'a> {
        let module: &'a [Document] = self.module;
        let own: &'a [Resource] = if module.is_empty() {
            &self.document.resources
        } else {
            &[]
        };
        own.iter()
            .chain(module.iter().flat_map(|d| d.resources.iter()))
    }

    /// The file-level trees of the module's files (or of the file alone): where module-wide
    /// settings such as `provider "aws" { default_tags … }` live.
    pub fn roots(&self) -> impl Iterator<Item = &'a Node> + use<'a> {
        let module: &'a [Document] = self.module;
        let own = module.is_empty().then_some(&self.document.root);
        own.into_iter().chain(module.iter().map(|d| &d.root))
    }
}

/// A built-in rule: documentation plus where it applies and the check itself.
#[derive(Debug)]
pub struct IacRule {
    pub rule: &'static Rule,
    pub format: Format,
    /// Resource kinds it applies to (`aws_s3_bucket`, `Deployment`, `stage`); empty = every kind.
    pub kinds: &'static [&'static str],
    pub check: fn(&Context<'_>, &Resource) -> Vec<Hit>,
}

impl IacRule {
    pub fn applies_to(&self, format: Format, resource: &Resource) -> bool {
        self.format == format
            && (self.kinds.is_empty() || self.kinds.contains(&resource.kind.as_str()))
    }
}

/// Every built-in IaC rule.
pub fn all() -> Vec<&'static IacRule> {
    let mut all = Vec::new();
    all.extend(terraform::rules());
    all.extend(azure::rules());
    all.extend(gcp::rules());
    all.extend(kubernetes::rules());
    all.extend(dockerfile::rules());
    all.extend(github_actions::rules());
    all.extend(cloudformation::rules());
    all.extend(gitlab_ci::rules());
    all.extend(compose::rules());
    all
}

/// The hit for a resource that lacks some of the tags `[iac] required_tags` lists; `has` says
/// whether the resource carries a tag (providers differ in how keys compare), `noun` is what the
/// provider calls them ("tag", "label").
pub(crate) fn missing_tags(
    context: &Context<'_>,
    resource: &Resource,
    span: Span,
    has: impl Fn(&str) -> bool,
    noun: &str,
) -> Vec<Hit> {
    let missing: Vec<&str> = context
        .required_tags
        .iter()
        .map(String::as_str)
        .filter(|t| !has(t))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Hit::new(
        span,
        format!(
            "{}: missing required {noun}{} {}",
            resource.address,
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        ),
    )]
}

/// One hit of one rule on one resource of a document.
pub struct Fired<'r, 'd> {
    pub rule: &'r IacRule,
    pub resource: &'d Resource,
    pub hit: Hit,
}

/// Runs `rules` over every resource of the context's document they apply to.
pub fn run<'r, 'd>(rules: &[&'r IacRule], context: &Context<'d>) -> Vec<Fired<'r, 'd>> {
    let format = context.document.format;
    let mut fired = Vec::new();
    for resource in &context.document.resources {
        for rule in rules.iter().filter(|r| r.applies_to(format, resource)) {
            fired.extend(
                (rule.check)(context, resource)
                    .into_iter()
                    .map(|hit| Fired {
                        rule,
                        resource,
                        hit,
                    }),
            );
        }
    }
    fired
}

/// Helpers for rule tests: run one rule over a fixture text.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Context, Hit, IacRule};
    use crate::frontend;

    /// The hits of `rule` on `text` read as the file `path`; panics if the format is not detected.
    pub fn hits(rule: &IacRule, path: &str, text: &str) -> Vec<Hit> {
        hits_with_tags(rule, path, text, &[])
    }

    pub fn hits_with_tags(rule: &IacRule, path: &str, text: &str, tags: &[String]) -> Vec<Hit> {
        let format =
            frontend::format_of(path, text).unwrap_or_else(|| panic!("{path}: not an IaC file"));
        let document = frontend::parse(format, path, text);
        let context = Context {
            document: &document,
            module: &[],
            required_tags: tags,
        };
        super::run(&[rule], &context)
            .into_iter()
            .map(|fired| fired.hit)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::all;
    use crate::model::Format;
    use bulwark_core::Scanner;
    use std::collections::HashMap;

    /// The id prefix each format's rules carry, so a rule is found by its name.
    fn prefix(format: Format) -> &'static [&'static str] {
        match format {
            Format::Terraform | Format::TerraformPlan => &["iac.aws.", "iac.azure.", "iac.gcp."],
            Format::Kubernetes => &["iac.kubernetes."],
            Format::Dockerfile => &["iac.dockerfile."],
            Format::DockerCompose => &["iac.compose."],
            Format::CloudFormation => &["iac.cloudformation."],
            Format::GithubActions => &["iac.github-actions."],
            Format::GitlabCi => &["iac.gitlab-ci."],
        }
    }

    /// Every rule is fully documented, and an id names one rule: entries for another format of
    /// the same check (a `.tf` rule and its plan twin) share the same `Rule`.
    #[test]
    fn every_rule_is_documented_and_ids_are_unique() {
        let mut by_id: HashMap<&str, &bulwark_core::Rule> = HashMap::new();
        for entry in all() {
            let rule = entry.rule;
            assert!(
                prefix(entry.format).iter().any(|p| rule.id.starts_with(p)),
                "{} in format {:?}",
                rule.id,
                entry.format
            );
            assert_eq!(rule.scanner, Scanner::Iac, "{}", rule.id);
            assert!(!rule.cwe.is_empty(), "{}: no CWE", rule.id);
            assert!(!rule.controls.is_empty(), "{}: no controls", rule.id);
            assert!(!rule.references.is_empty(), "{}: no references", rule.id);
            assert!(rule.description.len() > 80, "{}: description", rule.id);
            assert!(rule.remediation.contains('`'), "{}: remediation", rule.id);
            if let Some(seen) = by_id.insert(rule.id, rule) {
                assert!(
                    std::ptr::eq(seen, rule),
                    "{}: two rules share the id",
                    rule.id
                );
            }
        }
        // Plan entries share the rule of a `.tf` entry.
        for entry in all().iter().filter(|r| r.format == Format::TerraformPlan) {
            assert!(
                all()
                    .iter()
                    .any(|r| r.format == Format::Terraform && std::ptr::eq(r.rule, entry.rule)),
                "{}",
                entry.rule.id
            );
        }
    }
}
