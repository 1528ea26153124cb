//! Every lockfile parser: no input may panic, and a reported line must exist in the file.

#![no_main]

use bulwark_core::SourceFile;
use bulwark_deps::lockfiles::{self, Format, NoCompanions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the format, the rest is the file.
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = Format::ALL[usize::from(selector) % Format::ALL.len()];
    let file = SourceFile {
        path: format.name(),
        bytes,
    };
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let problems = match lockfiles::parse(format, &file, &NoCompanions) {
        Ok(inventory) => {
            for package in &inventory.packages {
                assert!(package.line <= lines, "{} line {} > {lines}", package.name, package.line);
                let _ = package.purl();
            }
            for edge in &inventory.dependencies {
                assert!(edge.from < inventory.packages.len() && edge.to < inventory.packages.len());
            }
            inventory.problems
        }
        Err(problem) => vec![problem],
    };
    for problem in problems {
        if let Some(line) = problem.line {
            assert!(line <= lines + 1, "problem line {line} > {lines}: {}", problem.message);
        }
    }
});
