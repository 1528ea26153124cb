//! Rule metadata and the registry every rule is listed in.
//!
//! A [`Rule`] is the unit a reader looks for: it carries everything `bulwark explain`, the SARIF
//! `tool.driver.rules` entry and the generated `docs/rules.md` need, so that those three can never
//! disagree.

use crate::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// The family of analysis a rule belongs to; `--scanners` selects by these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scanner {
    Secrets,
    Deps,
    Iac,
    Sast,
    License,
    /// Findings about Bulwark's own controls (e.g. an inline suppression with no reason). Always on.
    Policy,
}

impl Scanner {
    /// The scanners a user may select with `--scanners` (policy is always on).
    pub const SELECTABLE: [Scanner; 5] = [
        Scanner::Secrets,
        Scanner::Deps,
        Scanner::Iac,
        Scanner::Sast,
        Scanner::License,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scanner::Secrets => "secrets",
            Scanner::Deps => "deps",
            Scanner::Iac => "iac",
            Scanner::Sast => "sast",
            Scanner::License => "license",
            Scanner::Policy => "policy",
        }
    }
}

impl fmt::Display for Scanner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scanner {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scanner::SELECTABLE
            .into_iter()
            .find(|scanner| scanner.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown scanner `{s}` (expected one of: secrets, deps, iac, sast, license)"
                )
            })
    }
}

/// Static documentation and defaults of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable, human-readable id: `<scanner>.<topic>`, e.g. `secrets.aws-access-key-id`.
    pub id: &'static str,
    pub title: &'static str,
    pub scanner: Scanner,
    pub severity: Severity,
    /// e.g. `CWE-798`.
    pub cwe: &'static [&'static str],
    /// OWASP Top 10 2021 ids, e.g. `A07:2021`.
    pub owasp: &'static [&'static str],
    /// Compliance controls as `<framework>:<control>`, e.g. `pci-dss-4.0.1:8.6.2`.
    pub controls: &'static [&'static str],
    /// Markdown: what it finds and why that matters.
    pub description: &'static str,
    /// Markdown: what to do about it.
    pub remediation: &'static str,
    pub references: &'static [&'static str],
}

impl Rule {
    /// Where a reader learns more: the first reference, else the first CWE's MITRE page.
    pub fn help_uri(&self) -> Option<String> {
        if let Some(first) = self.references.first() {
            return Some((*first).to_string());
        }
        self.cwe.first().and_then(|cwe| {
            cwe.strip_prefix("CWE-")
                .map(|n| format!("https://cwe.mitre.org/data/definitions/{n}.html"))
        })
    }

    /// The rule as Markdown: the single source of `bulwark explain` and `docs/rules.md`.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("## `{}`\n\n**{}**\n\n", self.id, self.title);
        out.push_str(&format!(
            "| | |\n|---|---|\n| scanner | {} |\n| severity | {} |\n",
            self.scanner, self.severity
        ));
        let list = |items: &[&str]| {
            if items.is_empty() {
                "—".to_string()
            } else {
                items.join(", ")
            }
        };
        out.push_str(&format!("| CWE | {} |\n", list(self.cwe)));
        out.push_str(&format!("| OWASP | {} |\n", list(self.owasp)));
        out.push_str(&format!("| controls | {} |\n\n", list(self.controls)));
        out.push_str("### What it finds\n\n");
        out.push_str(self.description.trim());
        out.push_str("\n\n### Remediation\n\n");
        out.push_str(self.remediation.trim());
        out.push('\n');
        if !self.references.is_empty() {
            out.push_str("\n### References\n\n");
            for reference in self.references {
                out.push_str(&format!("- <{reference}>\n"));
            }
        }
        out
    }
}

/// Every rule known to this build, by id.
#[derive(Debug, Default, Clone)]
pub struct RuleRegistry {
    rules: BTreeMap<&'static str, &'static Rule>,
}

impl RuleRegistry {
    /// Adds rules; a duplicate id is a programming error caught by the registry test in the binary.
    pub fn register(
        &mut self,
        rules: impl IntoIterator<Item = &'static Rule>,
    ) -> Result<(), String> {
        for rule in rules {
            if let Some(existing) = self.rules.insert(rule.id, rule)
                && !std::ptr::eq(existing, rule)
            {
                return Err(format!("rule id `{}` is registered twice", rule.id));
            }
        }
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<&'static Rule> {
        self.rules.get(id).copied()
    }

    /// Rules sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        self.rules.values().copied()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Ids sharing words with `id` (most shared first), to suggest when `bulwark explain` gets
    /// a typo.
    pub fn similar(&self, id: &str) -> Vec<&'static str> {
        let wanted: Vec<String> = words(id).map(str::to_ascii_lowercase).collect();
        let mut scored: Vec<(usize, &'static str)> = self
            .rules
            .keys()
            .map(|known| {
                let shared = words(known)
                    .filter(|w| wanted.iter().any(|x| x == w))
                    .count();
                (shared, *known)
            })
            .filter(|(shared, _)| *shared > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().map(|(_, id)| id).take(5).collect()
    }
}

/// The words of a rule id without its scanner prefix: `secrets.aws-access-key-id` → aws, access, …
fn words(id: &str) -> impl Iterator<Item = &str> {
    let topic = id.split_once('.').map_or(id, |(_, topic)| topic);
    topic.split(['-', '.', '_']).filter(|w| w.len() >= 3)
}

/// A rule for unit tests across the crate.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    pub(crate) static TEST_RULE: Rule = Rule {
        id: "secrets.test",
        title: "t",
        scanner: Scanner::Secrets,
        severity: Severity::High,
        cwe: &[],
        owasp: &[],
        controls: &[],
        description: "",
        remediation: "",
        references: &[],
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    static A: Rule = Rule {
        id: "secrets.test-a",
        title: "A",
        scanner: Scanner::Secrets,
        severity: Severity::High,
        cwe: &["CWE-798"],
        owasp: &[],
        controls: &["pci-dss-4.0.1:8.6.2"],
        description: "d",
        remediation: "r",
        references: &[],
    };
    static A_AGAIN: Rule = Rule {
        title: "other",
        ..A
    };

    #[test]
    fn rejects_duplicate_ids() {
        let mut registry = RuleRegistry::default();
        registry.register([&A]).expect("first registration");
        assert!(
            registry.register([&A]).is_ok(),
            "same rule twice is harmless"
        );
        assert!(registry.register([&A_AGAIN]).is_err());
    }

    #[test]
    fn help_uri_falls_back_to_cwe() {
        assert_eq!(
            A.help_uri().as_deref(),
            Some("https://cwe.mitre.org/data/definitions/798.html")
        );
    }

    #[test]
    fn suggests_ids_sharing_words() {
        let mut registry = RuleRegistry::default();
        registry.register([&A]).expect("registers");
        assert_eq!(registry.similar("secrets.tst-a"), Vec::<&str>::new());
        assert_eq!(registry.similar("secrets.test"), vec!["secrets.test-a"]);
    }

    #[test]
    fn scanner_names_round_trip() {
        for scanner in Scanner::SELECTABLE {
            assert_eq!(scanner.as_str().parse::<Scanner>(), Ok(scanner));
        }
        assert!(
            "policy".parse::<Scanner>().is_err(),
            "policy is not selectable"
        );
        assert!("secret".parse::<Scanner>().is_err());
    }
}
