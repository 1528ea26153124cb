//! Inline suppressions: `bulwark:ignore RULE_ID[,RULE_ID…] -- reason` in a comment.
//!
//! A suppression covers findings on its own line and on the line below it; for findings that
//! belong to a block (an IaC resource), it covers the whole block when written inside the block
//! or on the line right above it. One without a reason
//! (or without a rule id) suppresses nothing and is itself reported as
//! `policy.unjustified-suppression`, so that every silenced finding has a recorded why.

use crate::analyzer::LineIndex;
use crate::{Finding, Location, Rule, Scanner, Severity, Status, Suppression, SuppressionKind};

/// The marker searched for; kept short so the pre-check is one `memmem` pass per file.
pub const MARKER: &str = "bulwark:ignore";

/// Comment leaders one of which must come right before the marker (spaces aside), so that prose
/// or code that merely mentions the marker is not mistaken for a suppression.
const COMMENT_LEADERS: [&str; 7] = ["#", "//", "/*", "*", "--", "<!--", ";"];

/// Longest reason kept (longer ones are truncated in reports).
const MAX_REASON: usize = 500;

pub static UNJUSTIFIED_SUPPRESSION: Rule = Rule {
    id: "policy.unjustified-suppression",
    title: "Inline suppression without a rule id or reason",
    scanner: Scanner::Policy,
    severity: Severity::Medium,
    cwe: &[],
    owasp: &[],
    controls: &["pci-dss-4.0.1:6.2.4", "soc2:CC8.1", "nist-ssdf:PW.7.2"],
    description: "A `bulwark:ignore` comment must name the rule it silences and say why, \
        e.g. `# bulwark:ignore secrets.generic-password -- test fixture, not a real credential`. \
        Without a reason an auditor cannot tell an accepted risk from a silenced alarm, so such a \
        comment suppresses nothing and is reported itself.",
    remediation: "Add the rule id and a reason after ` -- `, or remove the comment. For risks \
        that need approval, use a waiver in `.bulwark/waivers.toml` instead.",
    references: &[],
};

/// One parsed `bulwark:ignore` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineSuppression {
    pub line: u32,
    pub column: u32,
    pub rules: Vec<String>,
    pub reason: Option<String>,
}

impl InlineSuppression {
    /// Covers findings on its own line and the next, and — for findings scoped to a block — any
    /// finding of the block when the comment is inside it or on the line right above it.
    fn covers(&self, finding: &Finding) -> bool {
        let line = finding.location.start_line;
        let near = line == self.line || line == self.line.saturating_add(1);
        let in_block = finding
            .scope
            .is_some_and(|(first, last)| (first.saturating_sub(1)..=last).contains(&self.line));
        (near || in_block) && self.rules.iter().any(|rule| rule == &finding.rule_id)
    }

    fn is_justified(&self) -> bool {
        self.reason.is_some() && !self.rules.is_empty()
    }
}

/// Finds every suppression comment in `bytes`.
pub fn parse(bytes: &[u8]) -> Vec<InlineSuppression> {
    let finder = memchr::memmem::Finder::new(MARKER);
    if finder.find(bytes).is_none() {
        return Vec::new();
    }
    let index = LineIndex::new(bytes);
    let mut found = Vec::new();
    let mut last_line = 0;
    for offset in finder.find_iter(bytes) {
        let (line, column) = index.position(offset);
        if line == last_line {
            continue; // one suppression per line
        }
        let text = String::from_utf8_lossy(index.line_text(line));
        let Some(at) = text.find(MARKER) else {
            continue;
        };
        let before = text[..at].trim_end();
        let rest = &text[at + MARKER.len()..];
        let follows_comment_leader = COMMENT_LEADERS
            .iter()
            .any(|leader| before.ends_with(leader));
        let ends_marker = rest.is_empty() || rest.starts_with([' ', '\t']);
        if !follows_comment_leader || !ends_marker {
            continue;
        }
        if let Some(directive) = parse_directive(rest, line, column) {
            last_line = line;
            found.push(directive);
        }
    }
    found
}

/// Parses what follows the marker: ` rule.a,rule.b -- reason [comment closer]`. Returns `None`
/// when what stands where the rule ids belong is not rule ids (a string literal in a test, say):
/// that is not a directive at all.
fn parse_directive(rest: &str, line: u32, column: u32) -> Option<InlineSuppression> {
    let rest = strip_comment_closer(rest);
    let (ids, reason) = match rest.split_once(" --") {
        Some((ids, reason)) => (ids, Some(reason.trim())),
        None => (rest, None),
    };
    let rules: Vec<String> = ids
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect();
    if !rules.iter().all(|id| is_rule_id(id)) {
        return None;
    }
    let reason = reason
        .filter(|reason| !reason.is_empty())
        .map(|reason| reason.chars().take(MAX_REASON).collect());
    Some(InlineSuppression {
        line,
        column,
        rules,
        reason,
    })
}

/// `scanner.topic[-more][.more]`: lowercase letters, digits, `-` and `.`, with a scanner prefix.
fn is_rule_id(id: &str) -> bool {
    let Some((scanner, topic)) = id.split_once('.') else {
        return false;
    };
    let ok = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
    };
    ok(scanner) && ok(topic)
}

fn strip_comment_closer(text: &str) -> &str {
    let text = text.trim_end();
    ["*/", "-->", "%>", "}}"]
        .iter()
        .find_map(|closer| text.strip_suffix(closer))
        .unwrap_or(text)
        .trim_end()
}

/// Applies the suppressions of one file to its findings and returns a
/// `policy.unjustified-suppression` finding for each suppression without a rule or reason.
pub fn apply(
    path: &str,
    suppressions: &[InlineSuppression],
    findings: &mut [Finding],
) -> Vec<Finding> {
    for finding in findings.iter_mut().filter(|f| f.is_open()) {
        if let Some(suppression) = suppressions
            .iter()
            .find(|s| s.is_justified() && s.covers(finding))
        {
            finding.suppress(
                Status::Suppressed,
                Suppression {
                    kind: SuppressionKind::InSource,
                    justification: suppression.reason.clone().unwrap_or_default(),
                    waiver_id: None,
                    ticket: None,
                    approved_by: None,
                    expires: None,
                },
            );
        }
    }
    suppressions
        .iter()
        .filter(|s| !s.is_justified())
        .map(|s| {
            let message = if s.rules.is_empty() {
                "`bulwark:ignore` names no rule id: it suppresses nothing".to_string()
            } else {
                format!(
                    "`bulwark:ignore {}` gives no reason after ` -- `: it suppresses nothing",
                    s.rules.join(",")
                )
            };
            let location = Location::span(
                path,
                (s.line, s.column),
                (s.line, s.column + MARKER.len() as u32),
            );
            Finding::new(&UNJUSTIFIED_SUPPRESSION, location, message)
                .with_identity(s.rules.join(","))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    static RULE: Rule = Rule {
        id: "secrets.test",
        ..UNJUSTIFIED_SUPPRESSION
    };

    #[test]
    fn parses_rules_and_reason() {
        let text =
            b"x = 1\napi_key = \"abc\"  # bulwark:ignore secrets.test,sast.other -- test vector\n";
        let parsed = parse(text);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].line, 2);
        assert_eq!(parsed[0].rules, vec!["secrets.test", "sast.other"]);
        assert_eq!(parsed[0].reason.as_deref(), Some("test vector"));
    }

    #[test]
    fn strips_block_comment_closers() {
        let parsed = parse(b"/* bulwark:ignore secrets.test -- fixture */");
        assert_eq!(parsed[0].reason.as_deref(), Some("fixture"));
        let parsed = parse(b"<!-- bulwark:ignore secrets.test -- doc sample -->");
        assert_eq!(parsed[0].reason.as_deref(), Some("doc sample"));
    }

    #[test]
    fn prose_and_code_mentioning_the_marker_are_not_suppressions() {
        assert!(parse(b"Use bulwark:ignore RULE to silence a finding").is_empty());
        assert!(parse(b"/// Silenced by a `bulwark:ignore` comment.").is_empty());
        assert!(parse(b"// see bulwark:ignore secrets.x -- in the docs").is_empty());
        assert!(parse(b"parse(b\"# bulwark:ignore secrets.test\\nsecret\\n\");").is_empty());
    }

    #[test]
    fn a_bare_marker_in_a_comment_is_unjustified() {
        let parsed = parse(b"x = 1 # bulwark:ignore\n");
        assert_eq!(parsed.len(), 1);
        assert!(parsed[0].rules.is_empty());
        assert!(!parsed[0].is_justified());
    }

    #[test]
    fn suppresses_same_line_and_next_line_only() {
        let suppressions = parse(b"// bulwark:ignore secrets.test -- fixture\n");
        let mut findings: Vec<Finding> = [1, 2, 3]
            .into_iter()
            .map(|line| Finding::new(&RULE, Location::line("f", line), "m"))
            .collect();
        let reported = apply("f", &suppressions, &mut findings);
        assert!(reported.is_empty());
        let statuses: Vec<Status> = findings.iter().map(|f| f.status).collect();
        assert_eq!(
            statuses,
            [Status::Suppressed, Status::Suppressed, Status::Open]
        );
        assert_eq!(
            findings[0]
                .suppression
                .as_ref()
                .map(|s| s.justification.as_str()),
            Some("fixture")
        );
    }

    #[test]
    fn block_scoped_findings_are_covered_from_above_or_inside_the_block() {
        // Block on lines 3–8; a finding deep inside it at line 6.
        let scoped = |line| Finding::new(&RULE, Location::line("f", line), "m").with_scope(3, 8);
        for (comment_line, covered) in [(1, false), (2, true), (3, true), (7, true), (8, true)] {
            let text = format!(
                "{}# bulwark:ignore secrets.test -- accepted\n",
                "\n".repeat(comment_line - 1)
            );
            let mut findings = vec![scoped(6)];
            apply("f", &parse(text.as_bytes()), &mut findings);
            assert_eq!(
                !findings[0].is_open(),
                covered,
                "comment on line {comment_line}"
            );
        }
        // Unscoped findings keep the line rule.
        let mut findings = vec![Finding::new(&RULE, Location::line("f", 6), "m")];
        apply(
            "f",
            &parse(b"\n\n# bulwark:ignore secrets.test -- x\n"),
            &mut findings,
        );
        assert!(findings[0].is_open());
    }

    #[test]
    fn missing_reason_suppresses_nothing_and_is_reported() {
        let suppressions = parse(b"# bulwark:ignore secrets.test\nsecret\n");
        let mut findings = vec![Finding::new(&RULE, Location::line("f", 2), "m")];
        let reported = apply("f", &suppressions, &mut findings);
        assert_eq!(findings[0].status, Status::Open);
        assert_eq!(reported.len(), 1);
        assert_eq!(reported[0].rule_id, "policy.unjustified-suppression");
        assert_eq!(reported[0].location.start_line, 1);
    }

    #[test]
    fn other_rules_are_not_suppressed() {
        let suppressions = parse(b"# bulwark:ignore secrets.other -- not this one\n");
        let mut findings = vec![Finding::new(&RULE, Location::line("f", 1), "m")];
        apply("f", &suppressions, &mut findings);
        assert!(findings[0].is_open());
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut input = bytes.clone();
            input.extend_from_slice(b"# bulwark:ignore ");
            input.extend_from_slice(&bytes);
            let _ = parse(&input);
        }
    }
}
