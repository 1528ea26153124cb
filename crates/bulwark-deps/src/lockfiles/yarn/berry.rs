//! yarn Berry (v2+): YAML whose keys are comma-separated descriptors
//! (`"a@npm:^1.0.0, a@npm:^1.1"`) and whose entries give `version`, `resolution`,
//! `dependencies`, `checksum` and `linkType`.

use super::{Entry, is_local};
use crate::lockfiles::npm::shared::{OrderedMap, Text, find_yaml_key, split_descriptor};
use crate::lockfiles::text::{LineLocator, yaml_error};
use crate::package::Checksum;
use bulwark_core::Problem;
use serde::Deserialize;

#[derive(Deserialize)]
struct BerryEntry<'a> {
    #[serde(borrow, default)]
    version: Option<Text<'a>>,
    #[serde(borrow, default)]
    resolution: Option<Text<'a>>,
    #[serde(borrow, default)]
    dependencies: OrderedMap<Text<'a>, Text<'a>>,
    #[serde(borrow, default)]
    checksum: Option<Text<'a>>,
}

pub(super) fn entries(text: &str, problems: &mut Vec<Problem>) -> Result<Vec<Entry>, Problem> {
    let lock: OrderedMap<Text<'_>, BerryEntry<'_>> =
        yaml_serde::from_str(text).map_err(|e| yaml_error(&e))?;
    let locator = LineLocator::new(text);
    let mut cursor = 0;
    let mut entries = Vec::new();
    for (key, entry) in lock.iter() {
        if &**key == "__metadata" {
            continue;
        }
        let found = find_yaml_key(&locator, text, key, cursor);
        let line = found.map_or(0, |f| f.0);
        cursor = found.map_or(cursor, |f| f.1);
        let problem = |message: String| Problem {
            line: Some(line).filter(|&l| l > 0),
            message,
        };
        let Some((name, reference)) = entry.resolution.as_deref().and_then(split_descriptor) else {
            problems.push(problem(format!(
                "`{key}` has no `name@reference` resolution"
            )));
            continue;
        };
        if is_local(reference) {
            continue;
        }
        // A patched package is still the package it patches, at the version it records.
        let version = entry
            .version
            .as_deref()
            .or_else(|| reference.strip_prefix("npm:"))
            .filter(|v| !v.is_empty());
        let Some(version) = version else {
            problems.push(problem(format!("`{key}` has no version")));
            continue;
        };
        entries.push(Entry {
            descriptors: key.split(',').map(|d| d.trim().to_string()).collect(),
            name: name.to_string(),
            version: version.to_string(),
            line,
            checksums: entry
                .checksum
                .as_deref()
                .and_then(checksum)
                .into_iter()
                .collect(),
            requires: entry
                .dependencies
                .iter()
                .map(|(name, range)| format!("{}@{}", &**name, &**range))
                .collect(),
        });
    }
    Ok(entries)
}

/// Berry's `checksum` is the SHA-512 (hex) of its cache archive, prefixed by the cache key in
/// recent versions (`10c0/<hex>`).
fn checksum(recorded: &str) -> Option<Checksum> {
    let hex = recorded.rsplit('/').next()?;
    (hex.len() == 128 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm: "sha512".into(),
        value: hex.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_drop_the_cache_key() {
        let hex = "ab".repeat(64);
        for (recorded, expected) in [
            (format!("10c0/{hex}"), Some(hex.clone())),
            (hex.clone(), Some(hex.clone())),
            ("10c0/short".to_string(), None),
        ] {
            assert_eq!(checksum(&recorded).map(|c| c.value), expected, "{recorded}");
        }
    }
}
