//! OSV records: deserialising never panics, and evaluating their ranges never panics.

#![no_main]

use bulwark_deps::Ecosystem;
use bulwark_deps::osv::{Advisory, Event, affects, smallest_fix};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(advisory) = serde_json::from_slice::<Advisory>(data) else {
        return;
    };
    for affected in &advisory.affected {
        let ecosystem = affected
            .package
            .as_ref()
            .and_then(|p| Ecosystem::from_osv(&p.ecosystem))
            .unwrap_or(Ecosystem::PyPI);
        // Probe with every version the record itself names.
        let probes = affected.ranges.iter().flat_map(|r| r.events.iter()).map(|e| match e {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        });
        for version in probes.chain(affected.versions.iter()) {
            let _ = affects(ecosystem, version, &affected.ranges, &affected.versions);
            let _ = smallest_fix(
                ecosystem,
                version,
                &[(affected.ranges.as_slice(), affected.versions.as_slice())],
            );
        }
    }
});
