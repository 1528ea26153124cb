//! Small text helpers shared by the reporters.

use bulwark_core::{Finding, Status, SuppressionKind};
use std::borrow::Cow;

/// `waived W-12`, `baselined`, `suppressed`: the status with the waiver id when there is one.
pub(crate) fn status_label(finding: &Finding) -> String {
    let status = finding.status.as_str();
    match finding
        .suppression
        .as_ref()
        .and_then(|s| s.waiver_id.as_deref())
    {
        Some(id) if !id.is_empty() => format!("{status} {id}"),
        _ => status.to_string(),
    }
}

/// The recorded reason a finding is not open, or a placeholder when the policy left none.
pub(crate) fn justification(finding: &Finding) -> &str {
    finding
        .suppression
        .as_ref()
        .map(|s| s.justification.trim())
        .filter(|j| !j.is_empty())
        .unwrap_or("no justification recorded")
}

/// Where the suppression lives; falls back on the status when the policy left no record, so
/// that a non-open finding is never reported as unsuppressed.
pub(crate) fn suppression_kind(finding: &Finding) -> SuppressionKind {
    match (&finding.suppression, finding.status) {
        (Some(suppression), _) => suppression.kind,
        (None, Status::Suppressed) => SuppressionKind::InSource,
        (None, _) => SuppressionKind::External,
    }
}

/// Replaces control characters with visible `\u{..}` escapes.
///
/// Messages and paths come from scanned repositories, which may be hostile: a file name holding
/// an escape sequence must not be able to rewrite the terminal (or fake a "passed" line).
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// C0, DEL and C1 controls, plus the bidirectional overrides used in "Trojan Source" attacks.
fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `1 finding` / `2 findings`.
pub(crate) fn plural(count: u64, singular: &str, plural: &str) -> String {
    if count == 1 {
        format!("{count} {singular}")
    } else {
        format!("{count} {plural}")
    }
}

/// Converts a count to `u64` for display; counts never come near the limit.
pub(crate) fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}
