//! The local advisory database: one index file built by `bulwark db import` or
//! `bulwark db update`, read by every scan. Scans never touch the network.

mod format;
mod import;
mod record;
mod update;

pub use format::Source;
pub use import::Loaded;
pub use record::{AdvisoryKind, AffectedEntry, Record};
pub use update::{DEFAULT_BASE_URL, UpdateReport, update};

use crate::Ecosystem;
use format::{Header, Section, SectionInfo};
use jiff::Timestamp;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The index's file name inside the database directory.
pub const INDEX_FILE: &str = "osv-index.bin";
/// Environment variable naming the database directory.
pub const ENV_VAR: &str = "BULWARK_DB";

/// Why the database cannot be used. Every message says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "no vulnerability database at {0}: run `bulwark db update` (online) or `bulwark db import <osv-dir-or-zip>` (air-gapped)"
    )]
    Missing(PathBuf),
    #[error(
        "the vulnerability database {path} is unusable ({reason}): rebuild it with `bulwark db update` or `bulwark db import`"
    )]
    Corrupt { path: PathBuf, reason: String },
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Import(String),
    #[error("{0}")]
    Network(String),
}

/// The database directory: `--db`, else `$BULWARK_DB`, else the user cache dir.
pub fn resolve_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("bulwark")
        .join("db")
}

/// An opened index. Sections are decoded on first use and shared between threads.
#[derive(Debug)]
pub struct Database {
    path: PathBuf,
    bytes: Vec<u8>,
    header: Header,
    body_start: usize,
    sections: Vec<OnceLock<Result<Section, String>>>,
}

impl Database {
    /// Opens the index in `dir`, checking its header (sections are checked when first used).
    pub fn open(dir: &Path) -> Result<Database, DbError> {
        let path = dir.join(INDEX_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(DbError::Missing(dir.to_path_buf()));
            }
            Err(e) => return Err(DbError::Io(format!("{}: {e}", path.display()))),
        };
        Database::from_bytes(path, bytes)
    }

    /// An index already read into memory; `path` only labels errors.
    pub fn from_bytes(path: PathBuf, bytes: Vec<u8>) -> Result<Database, DbError> {
        let (header, body_start) =
            format::decode_header(&bytes).map_err(|reason| DbError::Corrupt {
                path: path.clone(),
                reason,
            })?;
        let sections = header.sections.iter().map(|_| OnceLock::new()).collect();
        Ok(Database {
            path,
            bytes,
            header,
            body_start,
            sections,
        })
    }

    /// The index file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The advisories filed against `name` (already normalised) in `ecosystem`.
    pub fn lookup(
        &self,
        ecosystem: Ecosystem,
        name: &str,
    ) -> Result<Vec<(&Record, &AffectedEntry)>, DbError> {
        let Some(section) = self.section(ecosystem)? else {
            return Ok(Vec::new());
        };
        let Ok(at) = section
            .packages
            .binary_search_by(|(package, _)| package.as_str().cmp(name))
        else {
            return Ok(Vec::new());
        };
        let entries = &section.packages[at].1;
        Ok(entries
            .iter()
            .filter_map(|entry| {
                let record = section.records.get(entry.record as usize)?;
                Some((record, entry))
            })
            .collect())
    }

    /// Decodes every section now (status, benchmarks, and to surface corruption early).
    pub fn verify(&self) -> Result<(), DbError> {
        for info in &self.header.sections {
            self.section(info.source.ecosystem)?;
        }
        Ok(())
    }

    fn section(&self, ecosystem: Ecosystem) -> Result<Option<&Section>, DbError> {
        let Some(index) = self
            .header
            .sections
            .iter()
            .position(|s| s.source.ecosystem == ecosystem)
        else {
            return Ok(None);
        };
        let info = &self.header.sections[index];
        let cell = &self.sections[index];
        match cell.get_or_init(|| format::decode_section(&self.bytes, self.body_start, info)) {
            Ok(section) => Ok(Some(section)),
            Err(reason) => Err(DbError::Corrupt {
                path: self.path.clone(),
                reason: reason.clone(),
            }),
        }
    }

    /// What `db status` prints: one entry per ecosystem.
    pub fn sources(&self) -> impl Iterator<Item = (&Source, u32, u32)> {
        self.header
            .sections
            .iter()
            .map(|s: &SectionInfo| (&s.source, s.advisories, s.packages))
    }

    /// When the index was written.
    pub fn written_at(&self) -> &str {
        &self.header.written_at
    }

    /// How current the data is: the oldest of the per-ecosystem "as of" times, where an
    /// ecosystem's data is as of its download (for `db update`) or its newest advisory (for
    /// `db import`, since an import may be of an old dump).
    pub fn data_as_of(&self) -> Option<Timestamp> {
        self.header
            .sections
            .iter()
            .filter_map(|s| as_of(&s.source))
            .min()
    }

    fn decoded_sections(&self) -> Result<Vec<(Source, Section)>, DbError> {
        self.header
            .sections
            .iter()
            .map(|info| {
                let section = self
                    .section(info.source.ecosystem)?
                    .cloned()
                    .unwrap_or_default();
                Ok((info.source.clone(), section))
            })
            .collect()
    }
}

/// When an ecosystem's data was current (see [`Database::data_as_of`]).
fn as_of(source: &Source) -> Option<Timestamp> {
    let downloaded = source.etag.is_some() || source.last_modified.is_some();
    let text = if downloaded {
        Some(source.fetched_at.as_str())
    } else {
        source.newest_modified.as_deref()
    };
    text.and_then(|t| t.parse().ok())
}

/// What an import changed.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Per ecosystem imported: (ecosystem, advisories, packages).
    pub ecosystems: Vec<(Ecosystem, u32, u32)>,
    pub withdrawn: usize,
    pub records: usize,
    pub warnings: Vec<String>,
}

/// Imports OSV data from `paths` into the index in `dir`. Each ecosystem found replaces that
/// ecosystem's data (an OSV export is complete per ecosystem); other ecosystems are kept.
pub fn import(dir: &Path, paths: &[PathBuf]) -> Result<ImportReport, DbError> {
    let mut loaded = Loaded::default();
    for path in paths {
        loaded.read_path(path).map_err(DbError::Import)?;
    }
    if loaded.by_ecosystem.is_empty() {
        return Err(DbError::Import(format!(
            "no OSV records for a supported ecosystem in {} ({} records read, {} skipped)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            loaded.records,
            loaded.warnings.len()
        )));
    }
    let now = Timestamp::now().to_string();
    // One export is as current as its newest advisory: an ecosystem with no recent advisories
    // is not stale for that reason alone.
    let newest_modified = loaded
        .by_ecosystem
        .values()
        .flatten()
        .map(|a| a.modified.clone())
        .max();
    let fresh = loaded
        .by_ecosystem
        .iter()
        .map(|(&ecosystem, advisories)| {
            let source = Source {
                ecosystem,
                origin: loaded
                    .origins
                    .get(&ecosystem)
                    .map(|o| o.join(", "))
                    .unwrap_or_default(),
                fetched_at: now.clone(),
                newest_modified: newest_modified.clone(),
                etag: None,
                last_modified: None,
            };
            (source, import::build_section(ecosystem, advisories))
        })
        .collect();
    let report = ImportReport {
        ecosystems: Vec::new(),
        withdrawn: loaded.withdrawn,
        records: loaded.records,
        warnings: loaded.warnings,
    };
    write_merged(dir, fresh, report)
}

/// Replaces the given ecosystems' sections in the index (keeping the others) and swaps the
/// new file in atomically.
fn write_merged(
    dir: &Path,
    fresh: Vec<(Source, Section)>,
    mut report: ImportReport,
) -> Result<ImportReport, DbError> {
    let mut sections = match Database::open(dir) {
        Ok(existing) => existing.decoded_sections()?,
        // A corrupt index is exactly what a re-import is for: start over.
        Err(DbError::Missing(_) | DbError::Corrupt { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    for (source, section) in fresh {
        report.ecosystems.push((
            source.ecosystem,
            u32::try_from(section.records.len()).unwrap_or(u32::MAX),
            u32::try_from(section.packages.len()).unwrap_or(u32::MAX),
        ));
        sections.retain(|(s, _)| s.ecosystem != source.ecosystem);
        sections.push((source, section));
    }
    sections.sort_by_key(|(s, _)| s.ecosystem);
    write_atomically(dir, &sections)?;
    Ok(report)
}

/// Writes the index to a temporary file in `dir` and renames it over the old one, so a reader
/// sees either the old or the new index, never half of one.
fn write_atomically(dir: &Path, sections: &[(Source, Section)]) -> Result<(), DbError> {
    let bytes = format::encode(&Timestamp::now().to_string(), sections)
        .map_err(|e| DbError::Io(format!("cannot encode the index: {e}")))?;
    std::fs::create_dir_all(dir).map_err(|e| DbError::Io(format!("{}: {e}", dir.display())))?;
    let target = dir.join(INDEX_FILE);
    let temporary = dir.join(format!(".{INDEX_FILE}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, &bytes)
        .and_then(|()| std::fs::rename(&temporary, &target))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            DbError::Io(format!("{}: {e}", target.display()))
        })
}

#[cfg(test)]
mod tests;
