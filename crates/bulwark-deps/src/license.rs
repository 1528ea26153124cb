//! License policy: `[licenses] allow = […]`, `deny = […]` in `bulwark.toml`, evaluated on the SPDX
//! expressions that lockfiles declare (npm's `license`, composer's `license`, SBOMs).

use crate::analyzer::InventoryReader;
use crate::lockfiles::{self, Companions, Format};
use crate::rules::{LICENSE_DENIED, LICENSE_NOT_ALLOWED};
use crate::{Inventory, Package};
use bulwark_core::{Analyzer, Finding, Location, Outcome, Rule, Scanner, SourceFile};
use std::collections::HashSet;
use std::sync::Arc;

/// Allowed and denied SPDX license ids (e.g. `MIT`, `AGPL-3.0-only`, `LicenseRef-Proprietary`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LicensePolicy {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
}

/// The verdict on one declared license expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicenseVerdict {
    Ok,
    Denied,
    NotAllowed,
    /// Not an SPDX expression; only a problem when an allow list exists.
    Unparsable(String),
}

impl LicensePolicy {
    pub fn is_empty(&self) -> bool {
        self.allow.is_empty() && self.deny.is_empty()
    }

    /// Denied when no way of satisfying the expression avoids the deny list; not allowed when
    /// an allow list exists and no way of satisfying it uses allowed licenses only.
    pub fn evaluate(&self, expression: &str) -> LicenseVerdict {
        let parsed = match spdx::Expression::parse_mode(expression, spdx::ParseMode::LAX) {
            Ok(parsed) => parsed,
            Err(e) => return LicenseVerdict::Unparsable(e.to_string()),
        };
        let listed = |list: &[String], req: &spdx::LicenseReq| {
            let name = match &req.license {
                spdx::LicenseItem::Spdx { id, .. } => id.name.to_string(),
                spdx::LicenseItem::Other(other) => format!("LicenseRef-{}", other.lic_ref),
            };
            list.iter().any(|l| l.eq_ignore_ascii_case(&name))
        };
        if !self.deny.is_empty() && !parsed.evaluate(|req| !listed(&self.deny, req)) {
            return LicenseVerdict::Denied;
        }
        if !self.allow.is_empty() && !parsed.evaluate(|req| listed(&self.allow, req)) {
            return LicenseVerdict::NotAllowed;
        }
        LicenseVerdict::Ok
    }
}

/// Reports packages whose declared licenses break the policy.
pub struct LicenseAnalyzer {
    policy: LicensePolicy,
    companions: Arc<dyn Companions + Send + Sync>,
    reader: Option<InventoryReader>,
}

impl LicenseAnalyzer {
    pub fn new(policy: LicensePolicy, companions: Arc<dyn Companions + Send + Sync>) -> Self {
        LicenseAnalyzer {
            policy,
            companions,
            reader: None,
        }
    }

    /// Reads every file offered with `reader` (an SBOM) instead of the lockfile parsers.
    pub fn with_reader(mut self, reader: InventoryReader) -> Self {
        self.reader = Some(reader);
        self
    }

    /// Findings for every package of `inventory` (also used for SBOM scans).
    pub fn check(&self, inventory: &Inventory) -> Vec<Finding> {
        let mut seen = HashSet::new();
        let mut findings = Vec::new();
        for package in &inventory.packages {
            if !seen.insert((&package.name, &package.version)) {
                continue;
            }
            for license in &package.licenses {
                if let Some(finding) = self.finding(package, license) {
                    findings.push(finding);
                }
            }
        }
        findings
    }

    fn finding(&self, package: &Package, license: &str) -> Option<Finding> {
        let (rule, why) = match self.policy.evaluate(license) {
            LicenseVerdict::Ok => return None,
            LicenseVerdict::Denied => (&LICENSE_DENIED, "is denied by policy".to_string()),
            LicenseVerdict::NotAllowed => {
                (&LICENSE_NOT_ALLOWED, "is not on the allow list".to_string())
            }
            LicenseVerdict::Unparsable(_) if self.policy.allow.is_empty() => return None,
            LicenseVerdict::Unparsable(reason) => (
                &LICENSE_NOT_ALLOWED,
                format!("is not an SPDX expression ({reason})"),
            ),
        };
        Some(
            Finding::new(
                rule,
                Location::line(&package.path, package.line.max(1)),
                format!("{}: license `{license}` {why}", package.label()),
            )
            .with_identity(format!("{}|{}|{license}", package.ecosystem, package.name))
            .with_property("package", package.name.as_str())
            .with_property("version", package.version.as_str())
            .with_property("license", license),
        )
    }
}

impl Analyzer for LicenseAnalyzer {
    fn name(&self) -> &'static str {
        "license"
    }

    fn scanner(&self) -> Scanner {
        Scanner::License
    }

    fn rules(&self) -> Vec<&'static Rule> {
        crate::rules::license_rules()
    }

    fn wants_path(&self, path: &str) -> bool {
        !self.policy.is_empty() && (self.reader.is_some() || Format::detect(path).is_some())
    }

    fn analyze(&self, file: &SourceFile<'_>) -> Outcome {
        let parsed = match (self.reader, Format::detect(file.path)) {
            (Some(reader), _) => reader(file.path, file.bytes),
            (None, Some(format)) => lockfiles::parse(format, file, self.companions.as_ref()),
            (None, None) => return Outcome::default(),
        };
        // Parse errors are reported once, by the deps analyzer.
        match parsed {
            Ok(inventory) => Outcome {
                findings: self.check(&inventory),
                ..Outcome::default()
            },
            Err(_) => Outcome::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allow: &[&str], deny: &[&str]) -> LicensePolicy {
        LicensePolicy {
            allow: allow.iter().map(|s| s.to_string()).collect(),
            deny: deny.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn evaluates_expressions_against_lists() {
        let p = policy(
            &["MIT", "Apache-2.0", "BSD-3-Clause"],
            &["AGPL-3.0-only", "GPL-3.0-only"],
        );
        assert_eq!(p.evaluate("MIT"), LicenseVerdict::Ok);
        assert_eq!(p.evaluate("MIT OR GPL-3.0-only"), LicenseVerdict::Ok);
        assert_eq!(p.evaluate("AGPL-3.0-only"), LicenseVerdict::Denied);
        assert_eq!(p.evaluate("MIT AND AGPL-3.0-only"), LicenseVerdict::Denied);
        assert_eq!(p.evaluate("ISC"), LicenseVerdict::NotAllowed);
        assert_eq!(
            p.evaluate("(MIT OR ISC) AND Apache-2.0"),
            LicenseVerdict::Ok
        );
        assert!(matches!(
            p.evaluate("see LICENSE file"),
            LicenseVerdict::Unparsable(_)
        ));
    }

    #[test]
    fn deny_only_policies_pass_everything_else() {
        let p = policy(&[], &["AGPL-3.0-only"]);
        assert_eq!(p.evaluate("ISC"), LicenseVerdict::Ok);
        assert_eq!(p.evaluate("AGPL-3.0-only"), LicenseVerdict::Denied);
        assert!(policy(&[], &[]).is_empty());
    }

    #[test]
    fn reports_packages_with_their_line() {
        let analyzer = LicenseAnalyzer::new(
            policy(&["MIT"], &["AGPL-3.0-only"]),
            Arc::new(crate::lockfiles::NoCompanions),
        );
        let mut inventory = Inventory::default();
        let mut bad = Package::new(
            crate::Ecosystem::Npm,
            "left-pad",
            "1.0.0",
            "package-lock.json",
            7,
        );
        bad.licenses.push("AGPL-3.0-only".into());
        let mut good = Package::new(crate::Ecosystem::Npm, "ok", "1.0.0", "package-lock.json", 9);
        good.licenses.push("MIT".into());
        inventory.packages = vec![bad, good];
        let findings = analyzer.check(&inventory);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule_id, "license.denied");
        assert_eq!(findings[0].location.start_line, 7);
    }

    #[test]
    fn not_allowed_fires_outside_the_allow_list_only() {
        let analyzer = LicenseAnalyzer::new(
            policy(&["MIT", "Apache-2.0"], &[]),
            Arc::new(crate::lockfiles::NoCompanions),
        );
        let package = |name: &str, license: &str| {
            let mut p = Package::new(crate::Ecosystem::Npm, name, "1.0.0", "package-lock.json", 3);
            p.licenses.push(license.into());
            p
        };
        let inventory = Inventory {
            packages: vec![
                package("isc-lib", "ISC"),
                package("dual", "MIT OR GPL-3.0-only"),
                package("odd", "see LICENSE"),
            ],
            ..Inventory::default()
        };
        let found: Vec<(String, String)> = analyzer
            .check(&inventory)
            .into_iter()
            .map(|f| (f.rule_id, f.properties["package"].to_string()))
            .collect();
        assert_eq!(
            found,
            [
                ("license.not-allowed".to_string(), "\"isc-lib\"".to_string()),
                ("license.not-allowed".to_string(), "\"odd\"".to_string()),
            ]
        );
    }
}
