//! CycloneDX and SPDX readers (`bulwark scan --sbom`): no input may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(inventory) = bulwark_sbom::read("bom.json", data) {
        for edge in &inventory.dependencies {
            assert!(edge.from < inventory.packages.len() && edge.to < inventory.packages.len());
        }
    }
});
