//! `bulwark db import | update | status`: the local OSV advisory database.

use crate::cli::{DbCommand, StatusFormat};
use crate::failure::Failure;
use bulwark_deps::Ecosystem;
use bulwark_deps::db::{self, Database, DbError};
use std::path::Path;
use std::time::Instant;

pub fn run(command: &DbCommand, quiet: bool) -> Result<u8, Failure> {
    match command {
        DbCommand::Import { paths, db } => {
            let dir = db::resolve_dir(db.db.as_deref());
            let started = Instant::now();
            let report = db::import(&dir, paths).map_err(to_failure)?;
            if !quiet {
                for warning in &report.warnings {
                    eprintln!("warning: {warning}");
                }
            }
            println!(
                "imported {} records ({} withdrawn, ignored) into {} in {:.2}s",
                report.records,
                report.withdrawn,
                dir.display(),
                started.elapsed().as_secs_f64()
            );
            for (ecosystem, advisories, packages) in &report.ecosystems {
                println!("  {ecosystem:<10} {advisories:>7} advisories  {packages:>7} packages");
            }
            Ok(0)
        }
        DbCommand::Update {
            ecosystems,
            url,
            db,
        } => {
            let dir = db::resolve_dir(db.db.as_deref());
            let ecosystems = parse_ecosystems(ecosystems)?;
            let base = url.as_deref().unwrap_or(db::DEFAULT_BASE_URL);
            let started = Instant::now();
            let report = db::update(&dir, base, &ecosystems).map_err(to_failure)?;
            if !quiet {
                for warning in &report.import.warnings {
                    eprintln!("warning: {warning}");
                }
            }
            let names = |list: &[Ecosystem]| {
                list.iter()
                    .map(|e| e.osv_name())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            println!(
                "updated {} in {:.1}s: downloaded [{}], unchanged [{}]",
                dir.display(),
                started.elapsed().as_secs_f64(),
                names(&report.downloaded),
                names(&report.unchanged)
            );
            Ok(0)
        }
        DbCommand::Status { format, db } => status(&db::resolve_dir(db.db.as_deref()), *format),
    }
}

fn status(dir: &Path, format: StatusFormat) -> Result<u8, Failure> {
    let database = Database::open(dir).map_err(to_failure)?;
    database.verify().map_err(to_failure)?;
    let now = jiff::Timestamp::now();
    let age_days = |text: Option<&str>| {
        text.and_then(|t| t.parse::<jiff::Timestamp>().ok())
            .map(|t| (now.as_second() - t.as_second()) / 86_400)
    };
    let as_of = database.data_as_of();
    match format {
        StatusFormat::Json => {
            let sources: Vec<_> = database
                .sources()
                .map(|(source, advisories, packages)| {
                    serde_json::json!({
                        "ecosystem": source.ecosystem.osv_name(),
                        "origin": source.origin,
                        "fetched_at": source.fetched_at,
                        "newest_advisory": source.newest_modified,
                        "advisories": advisories,
                        "packages": packages,
                    })
                })
                .collect();
            let out = serde_json::json!({
                "path": database.path(),
                "written_at": database.written_at(),
                "data_as_of": as_of.map(|t| t.to_string()),
                "age_days": as_of.map(|t| (now.as_second() - t.as_second()) / 86_400),
                "sources": sources,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&out).map_err(|e| Failure::scan(e.to_string()))?
            );
        }
        StatusFormat::Table => {
            println!("database   {}", database.path().display());
            println!("written    {}", database.written_at());
            match as_of {
                Some(t) => println!(
                    "data as of {} ({} days old)",
                    t.strftime("%Y-%m-%d"),
                    (now.as_second() - t.as_second()) / 86_400
                ),
                None => println!("data as of unknown"),
            }
            println!();
            println!(
                "{:<10} {:>10} {:>9} {:>12}  source",
                "ecosystem", "advisories", "packages", "age (days)"
            );
            let mut total = 0u64;
            for (source, advisories, packages) in database.sources() {
                total += u64::from(advisories);
                let downloaded = source.etag.is_some() || source.last_modified.is_some();
                let as_of = if downloaded {
                    Some(source.fetched_at.as_str())
                } else {
                    source.newest_modified.as_deref()
                };
                let newest = age_days(as_of).map_or("-".to_string(), |d| d.to_string());
                println!(
                    "{:<10} {:>10} {:>9} {:>12}  {}",
                    source.ecosystem.osv_name(),
                    advisories,
                    packages,
                    newest,
                    source.origin
                );
            }
            println!("{:<10} {:>10}", "total", total);
        }
    }
    Ok(0)
}

fn parse_ecosystems(names: &[String]) -> Result<Vec<Ecosystem>, Failure> {
    if names.is_empty() {
        return Ok(Ecosystem::ALL.to_vec());
    }
    names
        .iter()
        .map(|name| {
            Ecosystem::from_osv(name.trim()).ok_or_else(|| {
                let known: Vec<&str> = Ecosystem::ALL.iter().map(|e| e.osv_name()).collect();
                Failure::usage(format!(
                    "--ecosystems: unknown ecosystem `{name}` (expected one of: {})",
                    known.join(", ")
                ))
            })
        })
        .collect()
}

fn to_failure(error: DbError) -> Failure {
    match error {
        DbError::Import(_) => Failure::usage(error.to_string()),
        _ => Failure::scan(error.to_string()),
    }
}
