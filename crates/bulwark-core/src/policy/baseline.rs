//! The baseline: fingerprints of findings that existed before the gate was switched on.
//!
//! The file holds fingerprints only, sorted, one per line, with no timestamps and no line numbers,
//! so two branches that baseline different findings rarely touch the same lines and a rebuilt
//! baseline over the same findings is byte-identical.

use crate::config::ConfigError;
use crate::{Finding, Status, Suppression, SuppressionKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The baseline file format version written today.
const VERSION: u32 = 1;

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    version: u32,
    fingerprints: BTreeSet<String>,
}

impl Baseline {
    /// A baseline of every finding that is still open (waived and suppressed ones have their own
    /// record and need none).
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        Baseline {
            version: VERSION,
            fingerprints: findings
                .iter()
                .filter(|f| f.status == Status::Open || f.status == Status::Baselined)
                .map(|f| f.fingerprint.clone())
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    /// Reads `path`; `Ok(None)` when there is no baseline.
    pub fn load(path: &Path) -> Result<Option<Baseline>, ConfigError> {
        let error = |line, message| ConfigError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(error(None, format!("cannot read: {e}"))),
        };
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            error(
                Some(e.line()),
                format!("not a valid baseline ({e}); recreate it with `bulwark baseline create`"),
            )
        })?;
        if baseline.version != VERSION {
            return Err(error(
                None,
                format!(
                    "baseline version {} is not supported (expected {VERSION}); recreate it with `bulwark baseline create`",
                    baseline.version
                ),
            ));
        }
        Ok(Some(baseline))
    }

    /// The file's text: pretty JSON, sorted, with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Marks open findings whose fingerprint is in the baseline; returns how many.
    pub fn apply(&self, findings: &mut [Finding]) -> usize {
        let mut count = 0;
        for finding in findings.iter_mut().filter(|f| f.is_open()) {
            if self.fingerprints.contains(&finding.fingerprint) {
                finding.suppress(
                    Status::Baselined,
                    Suppression {
                        kind: SuppressionKind::External,
                        justification:
                            "present in the baseline (accepted when the gate was introduced)"
                                .to_string(),
                        waiver_id: None,
                        ticket: None,
                        approved_by: None,
                        expires: None,
                    },
                );
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;

    use crate::rule::testing::TEST_RULE as RULE;

    fn finding(fp: &str) -> Finding {
        let mut finding = Finding::new(&RULE, Location::line("a", 1), "m");
        finding.fingerprint = fp.to_string();
        finding
    }

    #[test]
    fn round_trips_sorted_without_lines_or_times() {
        let baseline = Baseline::from_findings(&[finding("bb"), finding("aa"), finding("bb")]);
        let json = baseline.to_json();
        assert_eq!(
            json,
            "{\n  \"version\": 1,\n  \"fingerprints\": [\n    \"aa\",\n    \"bb\"\n  ]\n}\n"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, &json).expect("write");
        assert_eq!(Baseline::load(&path).expect("load"), Some(baseline));
    }

    #[test]
    fn applies_only_to_listed_fingerprints() {
        let baseline = Baseline::from_findings(&[finding("aa")]);
        let mut findings = vec![finding("aa"), finding("cc")];
        assert_eq!(baseline.apply(&mut findings), 1);
        assert_eq!(findings[0].status, Status::Baselined);
        assert_eq!(findings[1].status, Status::Open);
    }

    #[test]
    fn malformed_baseline_names_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, "{\n  \"version\": 1,\n  \"fingerprints\": [oops]\n}")
            .expect("write");
        let error = Baseline::load(&path).expect_err("malformed");
        assert_eq!(error.line, Some(3));
        assert!(error.message.contains("bulwark baseline create"));
    }
}
