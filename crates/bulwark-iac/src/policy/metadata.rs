//! Rule documentation for custom policies, so their findings look like built-in ones: from a
//! package's `__rego_metadata__` (trivy's convention) or from fields of a result object.

use bulwark_core::{Rule, Scanner, Severity};
use serde_json::{Map, Value as Json};

/// What a policy says about itself. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub id: Option<String>,
    pub title: Option<String>,
    pub severity: Option<Severity>,
    pub description: Option<String>,
    pub remediation: Option<String>,
    pub cwe: Vec<String>,
    pub owasp: Vec<String>,
    pub controls: Vec<String>,
    pub references: Vec<String>,
}

/// Keys of a result object or metadata that are documentation, not details of the finding.
pub const KEYS: &[&str] = &[
    "id",
    "title",
    "severity",
    "description",
    "remediation",
    "recommended_actions",
    "cwe",
    "owasp",
    "controls",
    "references",
    "url",
];

impl Metadata {
    /// Reads metadata from an object; a `severity` that is not one of Bulwark's is an error.
    pub fn from_json(object: &Map<String, Json>) -> Result<Metadata, String> {
        let text = |key: &str| {
            object
                .get(key)
                .and_then(Json::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let list = |key: &str| -> Vec<String> {
            match object.get(key) {
                Some(Json::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
                Some(Json::Array(items)) => items
                    .iter()
                    .filter_map(Json::as_str)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                _ => Vec::new(),
            }
        };
        let severity = match text("severity") {
            Some(s) => Some(s.parse::<Severity>()?),
            None => None,
        };
        let mut references = list("references");
        references.extend(list("url"));
        Ok(Metadata {
            id: text("id"),
            title: text("title"),
            severity,
            description: text("description"),
            remediation: text("remediation").or_else(|| text("recommended_actions")),
            cwe: list("cwe"),
            owasp: list("owasp"),
            controls: list("controls"),
            references,
        })
    }

    /// `self` with unset fields taken from `fallback`.
    pub fn or(&self, fallback: &Metadata) -> Metadata {
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        let pick_list = |a: &Vec<String>, b: &Vec<String>| {
            if a.is_empty() { b.clone() } else { a.clone() }
        };
        Metadata {
            id: pick(&self.id, &fallback.id),
            title: pick(&self.title, &fallback.title),
            severity: self.severity.or(fallback.severity),
            description: pick(&self.description, &fallback.description),
            remediation: pick(&self.remediation, &fallback.remediation),
            cwe: pick_list(&self.cwe, &fallback.cwe),
            owasp: pick_list(&self.owasp, &fallback.owasp),
            controls: pick_list(&self.controls, &fallback.controls),
            references: pick_list(&self.references, &fallback.references),
        }
    }
}

/// The rule id of a custom finding: `iac.policy.<id>` or `iac.policy.<package>.<rule>`,
/// lower-case kebab like every other id.
pub fn rule_id(metadata_id: Option<&str>, package: &str, rule: &str) -> String {
    let topic = match metadata_id {
        Some(id) => id.to_string(),
        None => format!("{package}.{rule}"),
    };
    let mut out = String::from("iac.policy.");
    for c in topic.chars() {
        match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '.' | '-') => out.push(c),
            _ => out.push('-'),
        }
    }
    out
}

/// Builds the `Rule` of a custom policy.
///
/// [`Rule`] holds `&'static` data because built-in rules are statics and every report and the
/// registry keep `&'static Rule`. A custom rule is made once per policy rule (and once per
/// distinct result `id`, capped) when the policies load, and lives as long as the process that
/// scans with it, so leaking it is bounded and simpler than threading lifetimes or `Arc`s
/// through the whole finding pipeline.
pub fn leak_rule(
    id: String,
    meta: &Metadata,
    severity: Severity,
    origin: &Origin<'_>,
) -> &'static Rule {
    let title = meta.title.clone().unwrap_or_else(|| {
        format!(
            "Custom policy `{}.{}` ({})",
            origin.package, origin.rule, origin.file
        )
    });
    let description = meta.description.clone().unwrap_or_else(|| {
        format!(
            "A finding of the custom Rego policy rule `{}` in package `{}`, loaded from `{}`. \
             The policy's message says what is wrong; its authors own its meaning.",
            origin.rule, origin.package, origin.file
        )
    });
    let remediation = meta.remediation.clone().unwrap_or_else(|| {
        format!(
            "Change the configuration as the message asks, or the policy `{}` if it is wrong.",
            origin.file
        )
    });
    let rule = Rule {
        id: leak(id),
        title: leak(title),
        scanner: Scanner::Iac,
        severity,
        cwe: leak_list(&meta.cwe),
        owasp: leak_list(&meta.owasp),
        controls: leak_list(&meta.controls),
        description: leak(description),
        remediation: leak(remediation),
        references: leak_list(&meta.references),
    };
    Box::leak(Box::new(rule))
}

/// Where a custom rule comes from, for its default documentation.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub package: &'a str,
    pub rule: &'a str,
    pub file: &'a str,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn leak_list(items: &[String]) -> &'static [&'static str] {
    let items: Vec<&'static str> = items.iter().map(|s| leak(s.clone())).collect();
    Box::leak(items.into_boxed_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_trivy_style_metadata() {
        let json = json!({
            "id": "BANK-001", "title": "Buckets are encrypted", "severity": "HIGH",
            "description": "d", "recommended_actions": "r", "cwe": "CWE-311",
            "controls": ["pci-dss-4.0.1:3.5.1"], "url": "https://example.com/x"
        });
        let meta = Metadata::from_json(json.as_object().expect("object")).expect("valid");
        assert_eq!(meta.id.as_deref(), Some("BANK-001"));
        assert_eq!(meta.severity, Some(Severity::High));
        assert_eq!(meta.remediation.as_deref(), Some("r"));
        assert_eq!(meta.cwe, ["CWE-311"]);
        assert_eq!(meta.references, ["https://example.com/x"]);
        let bad = json!({"severity": "urgent"});
        assert!(Metadata::from_json(bad.as_object().expect("object")).is_err());
    }

    #[test]
    fn ids_are_kebab_case() {
        assert_eq!(
            rule_id(Some("BANK-001"), "main", "deny"),
            "iac.policy.bank-001"
        );
        assert_eq!(
            rule_id(None, "main.k8s", "deny_public_lb"),
            "iac.policy.main.k8s.deny-public-lb"
        );
        assert_eq!(
            rule_id(Some("Bank 7/x"), "main", "deny"),
            "iac.policy.bank-7-x"
        );
    }

    #[test]
    fn leaked_rules_carry_defaults() {
        let origin = Origin {
            package: "main",
            rule: "deny",
            file: "policy/a.rego",
        };
        let rule = leak_rule(
            "iac.policy.main.deny".into(),
            &Metadata::default(),
            Severity::High,
            &origin,
        );
        assert_eq!(rule.scanner, Scanner::Iac);
        assert!(rule.title.contains("main.deny"));
        assert!(rule.description.contains("policy/a.rego"));
    }
}
