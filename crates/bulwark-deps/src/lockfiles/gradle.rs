//! Gradle dependency locking (`gradle.lockfile`, `buildscript-gradle.lockfile`).
//!
//! Each `group:artifact:version=configuration,…` line pins one Maven package. The file does not
//! say which dependencies were declared (Relationship Unknown); a package locked only for test
//! configurations (`testCompileClasspath`, `androidTestRuntimeClasspath`, …) is Dev.

use super::Companions;
use super::text::utf8;
use crate::{Ecosystem, Inventory, Package, Scope};
use bulwark_core::{Problem, SourceFile};

/// Parses a Gradle lockfile line by line; a bad line is a problem, the rest still counts.
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let text = utf8(file.bytes)?;
    let mut inventory = Inventory::default();
    for (line, raw) in (1u32..).zip(text.lines()) {
        let entry = raw.trim();
        if entry.is_empty() || entry.starts_with('#') || entry.starts_with("empty=") {
            continue;
        }
        match package(entry, file.path, line) {
            Some(package) => inventory.packages.push(package),
            None => inventory.problems.push(Problem {
                line: Some(line),
                message: format!("`{entry}` is not `group:artifact:version=configurations`"),
            }),
        }
    }
    Ok(inventory)
}

fn package(entry: &str, path: &str, line: u32) -> Option<Package> {
    let (coordinates, configurations) = entry.split_once('=')?;
    let mut parts = coordinates.split(':');
    let (group, artifact, version) = (parts.next()?, parts.next()?, parts.next()?);
    let valid = parts.next().is_none()
        && [group, artifact, version]
            .iter()
            .all(|p| !p.is_empty() && !p.contains(char::is_whitespace));
    if !valid {
        return None;
    }
    let mut package = Package::new(
        Ecosystem::Maven,
        &format!("{group}:{artifact}"),
        version,
        path,
        line,
    );
    let mut configurations = configurations
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .peekable();
    if configurations.peek().is_some() && configurations.all(is_test) {
        package.scope = Scope::Dev;
    }
    Some(package)
}

/// `test…` and `…Test…` configurations (`testRuntimeClasspath`, `androidTestCompileClasspath`).
fn is_test(configuration: &str) -> bool {
    configuration.starts_with("test") || configuration.contains("Test")
}

#[cfg(test)]
mod tests;
