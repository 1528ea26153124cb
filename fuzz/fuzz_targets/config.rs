//! `bulwark.toml`: `Config::parse` must never panic, whatever the file holds.

#![no_main]

use bulwark_core::Config;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // The CLI reads the file with `read_to_string`, so only UTF-8 reaches the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(Path::new("bulwark.toml"), text) {
        Ok(config) => {
            let _ = config.max_file_size();
        }
        Err(error) => {
            // Errors name a real line of the file (1-based) and render without panicking.
            if let Some(line) = error.line {
                let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
                assert!(
                    (1..=lines).contains(&line),
                    "line {line} outside 1..={lines}"
                );
            }
            let _ = error.to_string();
        }
    }
});
