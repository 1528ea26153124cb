//! Version schemes: parsing never panics, and the order is reflexive and antisymmetric.

#![no_main]

use bulwark_deps::Ecosystem;
use bulwark_deps::version::Version;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let ecosystem = Ecosystem::ALL[usize::from(selector) % Ecosystem::ALL.len()];
    let (left, right) = text.split_once('\n').unwrap_or((text, "1.0.0"));
    let _ = Version::parse_semver(left);
    if let (Ok(a), Ok(b)) = (Version::parse(ecosystem, left), Version::parse(ecosystem, right)) {
        assert_eq!(a.cmp(&a), std::cmp::Ordering::Equal);
        assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
    }
});
