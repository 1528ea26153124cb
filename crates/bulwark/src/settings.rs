//! Resolves what a scan does from flags, `bulwark.toml` and defaults (flags win).

use crate::cli::ScanTarget;
use crate::failure::Failure;
use bulwark_core::config::{
    ByteSize, DEFAULT_BASELINE, DEFAULT_DB_MAX_AGE_DAYS, DEFAULT_WAIVERS, FILE_NAME,
};
use bulwark_core::{Config, Scanner, Severity, Threshold};
use bulwark_deps::LicensePolicy;
use std::path::{Path, PathBuf};

/// Custom secret rules picked up at the scan root without configuration, as gitleaks does.
const GITLEAKS_CONFIG: &str = ".gitleaks.toml";

/// Everything a scan needs to know, resolved.
#[derive(Debug)]
pub struct Settings {
    pub root: PathBuf,
    pub config: Config,
    pub scanners: Vec<Scanner>,
    /// Whether `scanners` was chosen (flag or config) rather than defaulted to all.
    pub scanners_chosen: bool,
    pub excludes: Vec<String>,
    pub max_file_size: u64,
    pub threads: usize,
    pub baseline_path: PathBuf,
    pub waivers_path: PathBuf,
    /// Custom secret rules (gitleaks format), when configured or present.
    pub secret_rules: Option<PathBuf>,
    /// Nesting of encodings the secrets scanner decodes.
    pub decode_depth: u8,
    /// The vulnerability database directory.
    pub db_dir: PathBuf,
    /// Whether `db_dir` was configured (flag, config, `$BULWARK_DB`) rather than defaulted.
    pub db_configured: bool,
    /// Advisory data older than this is stale.
    pub max_db_age_days: u32,
    /// A missing or stale database fails the scan instead of warning.
    pub require_fresh_db: bool,
    pub licenses: LicensePolicy,
    /// The root is an SBOM to read, not a tree of lockfiles.
    pub sbom: bool,
    /// Directories of custom Rego policies for IaC files.
    pub policies: Vec<PathBuf>,
}

impl Settings {
    pub fn resolve(target: &ScanTarget) -> Result<Settings, Failure> {
        let root = target.sbom.clone().unwrap_or_else(|| target.path.clone());
        if std::fs::symlink_metadata(&root).is_err() {
            return Err(Failure::usage(format!(
                "{}: no such file or directory (give the repository to scan, e.g. `bulwark scan .`)",
                root.display()
            )));
        }
        let config = load_config(&target.path, target.config.as_deref())?;
        let (mut scanners, scanners_chosen) = if !target.scanners.is_empty() {
            (parse_scanners(&target.scanners)?, true)
        } else if let Some(configured) = &config.scanners {
            (configured.iter().map(|s| s.0).collect(), true)
        } else {
            (Scanner::SELECTABLE.to_vec(), false)
        };
        if target.sbom.is_some() {
            // An SBOM holds components, not code: only these scanners apply.
            scanners.retain(|s| matches!(s, Scanner::Deps | Scanner::License));
            if scanners.is_empty() {
                return Err(Failure::usage(
                    "--sbom: only the deps and license scanners apply to an SBOM",
                ));
            }
        }
        let mut excludes = config.exclude.clone();
        excludes.extend(target.excludes.iter().cloned());
        let max_file_size = match &target.max_file_size {
            Some(text) => {
                text.parse::<ByteSize>()
                    .map_err(|e| Failure::usage(format!("--max-file-size: {e}")))?
                    .0
            }
            None => config.max_file_size(),
        };
        let threads = match target.threads {
            Some(0) => return Err(Failure::usage("--threads must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let base = if root.is_dir() {
            root.clone()
        } else {
            PathBuf::from(".")
        };
        let baseline_path = base.join(
            config
                .baseline
                .as_deref()
                .unwrap_or(Path::new(DEFAULT_BASELINE)),
        );
        let waivers_path = base.join(
            config
                .waivers
                .file
                .as_deref()
                .unwrap_or(Path::new(DEFAULT_WAIVERS)),
        );
        let secret_rules = match (&target.config_secrets, &config.secrets.config) {
            (Some(flag), _) => Some(flag.clone()),
            (None, Some(configured)) => Some(base.join(configured)),
            (None, None) => {
                Some(base.join(GITLEAKS_CONFIG)).filter(|p| root.is_dir() && p.is_file())
            }
        };
        let decode_depth = config
            .secrets
            .decode_depth
            .unwrap_or(bulwark_secrets::DEFAULT_DECODE_DEPTH);
        let config_dir = if target.path.is_dir() {
            target.path.clone()
        } else {
            PathBuf::from(".")
        };
        let db_dir = match (&target.db, &config.deps.db) {
            (Some(flag), _) => flag.clone(),
            (None, Some(configured)) => config_dir.join(configured),
            (None, None) => bulwark_deps::db::resolve_dir(None),
        };
        let db_configured = target.db.is_some()
            || config.deps.db.is_some()
            || std::env::var_os(bulwark_deps::db::ENV_VAR).is_some();
        let max_db_age_days = config
            .deps
            .max_db_age_days
            .unwrap_or(DEFAULT_DB_MAX_AGE_DAYS);
        // `[iac] policies` are relative to the configuration file's directory.
        let policies = if !target.policies.is_empty() {
            target.policies.clone()
        } else {
            let config_file_dir = match &target.config {
                Some(file) => file
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
                None => config_dir.clone(),
            };
            config
                .iac
                .policies
                .iter()
                .map(|p| config_file_dir.join(p))
                .collect()
        };
        let licenses = LicensePolicy {
            allow: config.licenses.allow.clone(),
            deny: config.licenses.deny.clone(),
        };
        Ok(Settings {
            root,
            config,
            scanners,
            scanners_chosen,
            excludes,
            max_file_size,
            threads,
            baseline_path,
            waivers_path,
            secret_rules,
            decode_depth,
            db_configured,
            db_dir,
            max_db_age_days,
            require_fresh_db: target.require_fresh_db,
            licenses,
            sbom: target.sbom.is_some(),
            policies,
        })
    }

    /// The gate threshold: `--fail-on`, else `fail_on` in the config, else `high`.
    pub fn threshold(&self, flag: Option<&str>) -> Result<Threshold, Failure> {
        match flag {
            Some(text) => text
                .parse()
                .map_err(|e| Failure::usage(format!("--fail-on: {e}"))),
            None => Ok(self.config.fail_on.unwrap_or(Threshold::At(Severity::High))),
        }
    }
}

fn load_config(root: &Path, explicit: Option<&Path>) -> Result<Config, Failure> {
    if let Some(path) = explicit {
        return Config::load(path)?.ok_or_else(|| {
            Failure::usage(format!("{}: configuration file not found", path.display()))
        });
    }
    if !root.is_dir() {
        return Ok(Config::default());
    }
    Ok(Config::load(&root.join(FILE_NAME))?.unwrap_or_default())
}

fn parse_scanners(names: &[String]) -> Result<Vec<Scanner>, Failure> {
    let mut scanners = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let scanner = name
            .parse::<Scanner>()
            .map_err(|e| Failure::usage(format!("--scanners: {e}")))?;
        if !scanners.contains(&scanner) {
            scanners.push(scanner);
        }
    }
    if scanners.is_empty() {
        return Err(Failure::usage("--scanners: name at least one scanner"));
    }
    scanners.sort();
    Ok(scanners)
}
