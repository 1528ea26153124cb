//! `.bulwark/waivers.toml`: `Waivers::parse` must never panic, and whatever it accepts must
//! respect the segregation-of-duties and expiry rules it exists to enforce.

#![no_main]

use bulwark_core::policy::Waivers;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const MAX_DAYS: u32 = 365;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = jiff::civil::date(2026, 6, 1);
    match Waivers::parse(Path::new(".bulwark/waivers.toml"), text, today, MAX_DAYS) {
        Ok(waivers) => {
            let latest = today.saturating_add(jiff::Span::new().days(i64::from(MAX_DAYS)));
            for waiver in &waivers.active {
                assert!(
                    waiver.expires >= today,
                    "active waiver {} already expired",
                    waiver.id
                );
                assert!(
                    waiver.expires <= latest,
                    "waiver {} expires too late",
                    waiver.id
                );
            }
            for waiver in waivers.expired.iter() {
                assert!(
                    waiver.expires < today,
                    "expired waiver {} has not expired",
                    waiver.id
                );
            }
            for waiver in waivers.active.iter().chain(&waivers.expired) {
                assert!(
                    !waiver
                        .requested_by
                        .eq_ignore_ascii_case(&waiver.approved_by),
                    "waiver {} approved by its own requester",
                    waiver.id
                );
                assert!(waiver.path.is_some() || waiver.fingerprint.is_some());
            }
            // Nothing to match: every active waiver is reported unused.
            let unused = waivers.apply(&mut []);
            assert_eq!(unused.len(), waivers.active.len());
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "rejected without saying why");
            for error in &errors {
                let _ = error.to_string();
            }
        }
    }
});
