//! `db update`: download each ecosystem's `all.zip` from OSV's public bucket.
//!
//! Conditional requests (ETag / If-Modified-Since) skip unchanged ecosystems; the new index is
//! written to a temporary file and renamed over the old one only when every download worked, so
//! a failed update leaves the previous database intact.

use super::format::Section;
use super::{Database, DbError, ImportReport, Loaded, Source, import::build_section};
use crate::Ecosystem;
use jiff::Timestamp;
use std::path::Path;
use std::time::Duration;

/// OSV's bucket: `<base>/<Ecosystem>/all.zip`.
pub const DEFAULT_BASE_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";
/// The largest archive accepted (npm's is the biggest, well under this).
const MAX_ARCHIVE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// What an update did, per ecosystem.
#[derive(Debug, Default)]
pub struct UpdateReport {
    pub downloaded: Vec<Ecosystem>,
    pub unchanged: Vec<Ecosystem>,
    pub import: ImportReport,
}

/// Downloads `ecosystems` from `base_url` into the index in `dir`.
pub fn update(
    dir: &Path,
    base_url: &str,
    ecosystems: &[Ecosystem],
) -> Result<UpdateReport, DbError> {
    let existing = match Database::open(dir) {
        Ok(db) => db.decoded_sections().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(15)))
        .timeout_global(Some(Duration::from_secs(900)))
        .http_status_as_error(false)
        .user_agent(concat!("bulwark/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut report = UpdateReport::default();
    let mut fresh: Vec<(Source, Section)> = Vec::new();
    for &ecosystem in ecosystems {
        let url = format!(
            "{}/{}/all.zip",
            base_url.trim_end_matches('/'),
            ecosystem.osv_name()
        );
        let previous = existing
            .iter()
            .find(|(s, _)| s.ecosystem == ecosystem && s.origin == url);
        let mut request = agent.get(&url);
        if let Some((source, _)) = previous {
            if let Some(etag) = &source.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(modified) = &source.last_modified {
                request = request.header("If-Modified-Since", modified);
            }
        }
        let mut response = request.call().map_err(|e| offline(&url, &e))?;
        let status = response.status().as_u16();
        let now = Timestamp::now().to_string();
        if status == 304
            && let Some((source, section)) = previous
        {
            let mut source = source.clone();
            source.fetched_at = now;
            fresh.push((source, section.clone()));
            report.unchanged.push(ecosystem);
            continue;
        }
        if status != 200 {
            return Err(DbError::Network(format!(
                "{url}: HTTP {status}; the database was left unchanged"
            )));
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let etag = header("etag");
        let last_modified = header("last-modified");
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_ARCHIVE_BYTES)
            .read_to_vec()
            .map_err(|e| DbError::Network(format!("{url}: download failed: {e}")))?;
        let mut loaded = Loaded::default();
        loaded.read_zip(&bytes, &url).map_err(DbError::Import)?;
        let advisories = loaded.by_ecosystem.remove(&ecosystem).unwrap_or_default();
        let source = Source {
            ecosystem,
            origin: url,
            fetched_at: now,
            newest_modified: advisories.iter().map(|a| a.modified.clone()).max(),
            etag,
            last_modified,
        };
        report.import.records += loaded.records;
        report.import.withdrawn += loaded.withdrawn;
        report.import.warnings.extend(loaded.warnings);
        fresh.push((source, build_section(ecosystem, &advisories)));
        report.downloaded.push(ecosystem);
    }
    report.import = super::write_merged(dir, fresh, report.import)?;
    Ok(report)
}

fn offline(url: &str, error: &ureq::Error) -> DbError {
    DbError::Network(format!(
        "cannot download {url}: {error}. The database was left unchanged. On a machine without \
         internet access, fetch the all.zip files elsewhere and run `bulwark db import <files>`."
    ))
}
