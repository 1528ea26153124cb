//! The gate: does this scan fail the pipeline?

use crate::Finding;
use crate::severity::Threshold;
use serde::Serialize;

/// The gate's verdict, as written into reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateOutcome {
    /// Lowest severity that fails (`none`: never fails).
    pub fail_on: String,
    /// Open findings at or above the threshold.
    pub failing: usize,
    pub passed: bool,
}

/// Counts open findings at or above `threshold`; waived, baselined and suppressed ones never fail.
pub fn evaluate(findings: &[Finding], threshold: Threshold) -> GateOutcome {
    let failing = findings
        .iter()
        .filter(|f| f.is_open() && threshold.fails(f.severity))
        .count();
    GateOutcome {
        fail_on: threshold.to_string(),
        failing,
        passed: failing == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Location, Rule, Severity, Status, Suppression, SuppressionKind};

    use crate::rule::testing::TEST_RULE as HIGH;
    static LOW: Rule = Rule {
        severity: Severity::Low,
        ..HIGH
    };

    #[test]
    fn only_open_findings_at_or_above_threshold_fail() {
        let mut waived = Finding::new(&HIGH, Location::line("a", 1), "m");
        waived.suppress(
            Status::Waived,
            Suppression {
                kind: SuppressionKind::External,
                justification: "ok".into(),
                waiver_id: None,
                ticket: None,
                approved_by: None,
                expires: None,
            },
        );
        let findings = vec![
            Finding::new(&HIGH, Location::line("a", 2), "m"),
            Finding::new(&LOW, Location::line("a", 3), "m"),
            waived,
        ];
        let outcome = evaluate(&findings, Threshold::At(Severity::High));
        assert_eq!(outcome.failing, 1);
        assert!(!outcome.passed);
        assert!(evaluate(&findings, Threshold::At(Severity::Critical)).passed);
        assert_eq!(evaluate(&findings, Threshold::At(Severity::Low)).failing, 2);
        assert!(evaluate(&findings, Threshold::Never).passed);
    }
}
