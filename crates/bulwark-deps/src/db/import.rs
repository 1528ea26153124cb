//! Reading OSV data for `db import` and `db update`: directories of JSON records, single
//! records, and the per-ecosystem `all.zip` archives OSV publishes.

use super::format::Section;
use super::record::{AffectedEntry, Record, kind_of};
use crate::Ecosystem;
use crate::osv::{Advisory, affects};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One advisory record larger than this is skipped (real records are a few KiB).
const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;
/// Directory recursion limit (OSV's layout is two levels deep).
const MAX_DEPTH: usize = 8;

/// Advisories read so far, grouped by the ecosystems they affect.
#[derive(Debug, Default)]
pub struct Loaded {
    pub by_ecosystem: BTreeMap<Ecosystem, Vec<Advisory>>,
    /// Where each ecosystem's records came from.
    pub origins: BTreeMap<Ecosystem, Vec<String>>,
    /// Records skipped, with the reason (malformed JSON, too large, …).
    pub warnings: Vec<String>,
    pub withdrawn: usize,
    pub records: usize,
}

impl Loaded {
    /// Adds one parsed advisory under every ecosystem it affects that Bulwark knows.
    fn add(&mut self, advisory: Advisory, origin: &str) {
        self.records += 1;
        if advisory.withdrawn.is_some() {
            self.withdrawn += 1;
            return;
        }
        let mut ecosystems: Vec<Ecosystem> = advisory
            .affected
            .iter()
            .filter_map(|a| a.package.as_ref())
            .filter_map(|p| Ecosystem::from_osv(&p.ecosystem))
            .collect();
        ecosystems.sort();
        ecosystems.dedup();
        for ecosystem in ecosystems {
            self.by_ecosystem
                .entry(ecosystem)
                .or_default()
                .push(advisory.clone());
            let origins = self.origins.entry(ecosystem).or_default();
            if !origins.iter().any(|o| o == origin) {
                origins.push(origin.to_string());
            }
        }
    }

    fn add_json(&mut self, bytes: &[u8], name: &str, origin: &str) {
        match serde_json::from_slice::<Advisory>(bytes) {
            Ok(advisory) => self.add(advisory, origin),
            Err(e) => self
                .warnings
                .push(format!("{name}: skipped, not an OSV record: {e}")),
        }
    }

    /// Reads a directory (recursively: `*.json` records and `*.zip` archives), a zip, or a file.
    pub fn read_path(&mut self, path: &Path) -> Result<(), String> {
        let origin = path.display().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            collect_files(path, 0, &mut files).map_err(|e| format!("{origin}: {e}"))?;
            let parsed: Vec<(PathBuf, Result<Advisory, String>)> = files
                .par_iter()
                .filter(|f| has_extension(f, "json"))
                .map(|file| (file.clone(), read_record(file)))
                .collect();
            for (file, result) in parsed {
                match result {
                    Ok(advisory) => self.add(advisory, &origin),
                    Err(e) => self
                        .warnings
                        .push(format!("{}: skipped: {e}", file.display())),
                }
            }
            for zip in files.iter().filter(|f| has_extension(f, "zip")) {
                self.read_path(zip)?;
            }
            return Ok(());
        }
        let bytes = std::fs::read(path).map_err(|e| format!("{origin}: {e}"))?;
        if has_extension(path, "zip") {
            self.read_zip(&bytes, &origin)
        } else {
            self.add_json(&bytes, &origin, &origin);
            Ok(())
        }
    }

    /// Reads every `*.json` entry of an OSV `all.zip`.
    pub fn read_zip(&mut self, bytes: &[u8], origin: &str) -> Result<(), String> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("{origin}: not a readable zip archive: {e}"))?;
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        for index in 0..archive.len() {
            let mut entry = archive
                .by_index(index)
                .map_err(|e| format!("{origin}: damaged zip entry {index}: {e}"))?;
            let name = entry
                .name()
                .map_err(|e| format!("{origin}: damaged zip entry {index}: {e}"))?
                .to_string();
            if !entry.is_file() || !name.ends_with(".json") {
                continue;
            }
            if entry.size() > MAX_RECORD_BYTES {
                self.warnings
                    .push(format!("{origin}!{name}: skipped, larger than 16 MiB"));
                continue;
            }
            let mut data = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
            // `take` bounds what a lying size field could make us inflate.
            (&mut entry)
                .take(MAX_RECORD_BYTES)
                .read_to_end(&mut data)
                .map_err(|e| format!("{origin}!{name}: {e}"))?;
            entries.push((name, data));
        }
        let parsed: Vec<(String, Result<Advisory, serde_json::Error>)> = entries
            .into_par_iter()
            .map(|(name, data)| {
                let result = serde_json::from_slice::<Advisory>(&data);
                (name, result)
            })
            .collect();
        for (name, result) in parsed {
            match result {
                Ok(advisory) => self.add(advisory, origin),
                Err(e) => self
                    .warnings
                    .push(format!("{origin}!{name}: skipped, not an OSV record: {e}")),
            }
        }
        Ok(())
    }
}

fn read_record(path: &Path) -> Result<Advisory, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_RECORD_BYTES {
        return Err("larger than 16 MiB".into());
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| format!("not an OSV record: {e}"))
}

fn collect_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_files(&entry.path(), depth + 1, out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// Builds one ecosystem's section from its advisories (later duplicates of an id win).
pub fn build_section(ecosystem: Ecosystem, advisories: &[Advisory]) -> Section {
    let mut latest: HashMap<&str, &Advisory> = HashMap::new();
    for advisory in advisories {
        let keep = latest
            .get(advisory.id.as_str())
            .is_none_or(|seen| seen.modified <= advisory.modified);
        if keep {
            latest.insert(&advisory.id, advisory);
        }
    }
    let mut unique: Vec<&Advisory> = latest.into_values().collect();
    unique.sort_by(|a, b| a.id.cmp(&b.id));

    let mut section = Section::default();
    let mut packages: BTreeMap<String, Vec<AffectedEntry>> = BTreeMap::new();
    for advisory in unique {
        let record_index = u32::try_from(section.records.len()).unwrap_or(u32::MAX);
        let mut kind = None;
        for affected in &advisory.affected {
            let Some(package) = &affected.package else {
                continue;
            };
            if Ecosystem::from_osv(&package.ecosystem) != Some(ecosystem) || package.name.is_empty()
            {
                continue;
            }
            kind.get_or_insert_with(|| kind_of(affected.database_specific.as_ref()));
            packages
                .entry(ecosystem.normalize_name(&package.name))
                .or_default()
                .push(AffectedEntry {
                    record: record_index,
                    ranges: affected.ranges.clone(),
                    versions: affected.versions.clone(),
                });
        }
        if let Some(kind) = kind {
            section.records.push(Record::from_advisory(advisory, kind));
        }
    }
    section.packages = packages.into_iter().collect();
    section
        .packages
        .par_iter_mut()
        .flat_map(|(_, entries)| entries.par_iter_mut())
        .for_each(|entry| prune_listed(ecosystem, entry));
    section
}

/// Drops enumerated versions that the entry's ranges already cover. Databases such as PyPA's
/// list every version inside their ranges (hundreds per advisory); a listed version equal to one
/// inside a range is itself inside it, so the verdict is unchanged while matching no longer
/// parses those lists for every package and every fix candidate. Versions that do not parse stay.
fn prune_listed(ecosystem: Ecosystem, entry: &mut AffectedEntry) {
    if entry.versions.is_empty() || entry.ranges.is_empty() {
        return;
    }
    let ranges = &entry.ranges;
    entry
        .versions
        .retain(|listed| !matches!(affects(ecosystem, listed, ranges, &[]), Ok(true)));
}
