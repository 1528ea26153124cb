//! The advisory index file: a damaged file is an error, never a panic or a silent empty result.

#![no_main]

use bulwark_deps::Ecosystem;
use bulwark_deps::db::Database;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Ok(database) = Database::from_bytes(PathBuf::from("osv-index.bin"), data.to_vec()) else {
        return;
    };
    let _ = database.verify();
    let _ = database.data_as_of();
    for ecosystem in Ecosystem::ALL {
        let _ = database.lookup(ecosystem, "lodash");
    }
});
