//! Inline suppression comments: `inline::parse` runs on every scanned file, binary or not, so it
//! must never panic on arbitrary bytes; `inline::apply` must report each unjustified comment.

#![no_main]

use bulwark_core::policy::inline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let suppressions = inline::parse(data);
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut previous = 0;
    for suppression in &suppressions {
        assert!(suppression.line >= 1 && suppression.column >= 1);
        assert!(suppression.line as usize <= lines);
        assert!(
            suppression.line > previous,
            "two suppressions on one line or out of order"
        );
        previous = suppression.line;
        assert!(suppression.rules.iter().all(|rule| !rule.is_empty()));
        if let Some(reason) = &suppression.reason {
            assert!(!reason.is_empty());
            assert!(reason.chars().count() <= 500);
        }
    }
    let unjustified = suppressions
        .iter()
        .filter(|s| s.rules.is_empty() || s.reason.is_none())
        .count();
    let reported = inline::apply("fuzz/input", &suppressions, &mut []);
    assert_eq!(reported.len(), unjustified);
});
