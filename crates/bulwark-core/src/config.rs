//! `bulwark.toml`: the repository's scan and gate settings.
//!
//! Unknown keys are an error that names the key and its line, because a misspelt `fail_on`
//! silently ignored would switch a bank's gate off. See `docs/configuration.md`.

use crate::severity::Threshold;
use crate::{Scanner, toml_span};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::path::{Path, PathBuf};

/// The file name looked up at the scan root.
pub const FILE_NAME: &str = "bulwark.toml";
/// Files larger than this are skipped (and reported as skipped) unless configured otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
/// Default location of the baseline, relative to the scan root.
pub const DEFAULT_BASELINE: &str = ".bulwark/baseline.json";
/// Default location of the waivers, relative to the scan root.
pub const DEFAULT_WAIVERS: &str = ".bulwark/waivers.toml";
/// How far ahead a waiver may expire unless configured otherwise.
pub const DEFAULT_WAIVER_MAX_DAYS: u32 = 365;

/// Settings from `bulwark.toml`; every field is optional and command-line flags override it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Lowest severity that fails the gate (`none` never fails).
    #[serde(default, deserialize_with = "from_str_opt")]
    pub fail_on: Option<Threshold>,
    /// Scanners to run when `--scanners` is not given.
    #[serde(default)]
    pub scanners: Option<Vec<SelectedScanner>>,
    /// Globs (gitignore syntax, relative to the root) never scanned.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Files above this size are skipped: a byte count or a string such as `"10MiB"`.
    #[serde(default)]
    pub max_file_size: Option<ByteSize>,
    /// Baseline file, relative to the root.
    #[serde(default)]
    pub baseline: Option<PathBuf>,
    #[serde(default)]
    pub waivers: WaiverSettings,
    #[serde(default)]
    pub secrets: SecretsSettings,
    #[serde(default)]
    pub deps: DepsSettings,
    #[serde(default)]
    pub licenses: LicenseSettings,
    #[serde(default)]
    pub iac: IacSettings,
}

/// The `[iac]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IacSettings {
    /// Tags every taggable cloud resource must carry (tag governance), e.g. `owner`,
    /// `cost-center`, `data-classification`.
    #[serde(default)]
    pub required_tags: Vec<String>,
    /// Directories (or files) of custom Rego policies, relative to the configuration file's
    /// directory; `--policy` replaces them.
    #[serde(default)]
    pub policies: Vec<PathBuf>,
    /// Rego packages queried besides `main` (and `main.…`); sub-packages included.
    #[serde(default)]
    pub policy_namespaces: Vec<String>,
}

/// Advisory data older than this many days makes a scan warn (DORA expects weekly scans with
/// current data); `--require-fresh-db` turns the warning into exit 3.
pub const DEFAULT_DB_MAX_AGE_DAYS: u32 = 7;

/// The `[deps]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepsSettings {
    /// The vulnerability database directory (default: `$BULWARK_DB`, else the user cache dir).
    #[serde(default)]
    pub db: Option<PathBuf>,
    /// Days after which the database counts as stale (default 7).
    #[serde(default)]
    pub max_db_age_days: Option<u32>,
}

/// The `[licenses]` table: SPDX license ids.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseSettings {
    /// When set, every declared license expression must be satisfiable with these alone.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Licenses that may never be used.
    #[serde(default)]
    pub deny: Vec<String>,
}

/// The `[secrets]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsSettings {
    /// Custom rules in the gitleaks format, relative to the root (default: `.gitleaks.toml` when
    /// present).
    #[serde(default)]
    pub config: Option<PathBuf>,
    /// Nesting of encodings (base64, hex, percent) decoded and scanned; 0 turns decoding off.
    #[serde(default)]
    pub decode_depth: Option<u8>,
}

/// The `[waivers]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverSettings {
    /// Waiver file, relative to the root.
    #[serde(default)]
    pub file: Option<PathBuf>,
    /// A waiver may not expire more than this many days after today.
    #[serde(default = "default_max_days")]
    pub max_days: u32,
}

impl Default for WaiverSettings {
    fn default() -> Self {
        WaiverSettings {
            file: None,
            max_days: DEFAULT_WAIVER_MAX_DAYS,
        }
    }
}

fn default_max_days() -> u32 {
    DEFAULT_WAIVER_MAX_DAYS
}

/// A scanner name as written in the config; `policy` is not selectable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectedScanner(pub Scanner);

impl<'de> Deserialize<'de> for SelectedScanner {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse()
            .map(SelectedScanner)
            .map_err(serde::de::Error::custom)
    }
}

/// A size in bytes, written as an integer or as `"512KiB"`, `"10MiB"`, `"1GB"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub u64);

impl std::str::FromStr for ByteSize {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let split = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (digits, unit) = trimmed.split_at(split);
        let number: u64 = digits.parse().map_err(|_| {
            format!("invalid size `{s}` (expected e.g. 1048576, \"512KiB\", \"10MiB\")")
        })?;
        let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" | "kb" => 1_000,
            "kib" => 1 << 10,
            "m" | "mb" => 1_000_000,
            "mib" => 1 << 20,
            "g" | "gb" => 1_000_000_000,
            "gib" => 1 << 30,
            _ => {
                return Err(format!(
                    "invalid size unit in `{s}` (use B, KiB, MiB, GiB, KB, MB or GB)"
                ));
            }
        };
        number
            .checked_mul(multiplier)
            .map(ByteSize)
            .ok_or_else(|| format!("size `{s}` is too large"))
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bytes(u64),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Bytes(n) => Ok(ByteSize(n)),
            Raw::Text(text) => text.parse().map_err(serde::de::Error::custom),
        }
    }
}

fn from_str_opt<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr<Err = String>,
{
    let text = String::deserialize(deserializer)?;
    text.parse().map(Some).map_err(serde::de::Error::custom)
}

/// A configuration file that could not be used; names the file and, where known, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parses `text` as read from `path` (the path only labels errors).
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|error| {
            let (line, message) = toml_span::describe(text, &error);
            ConfigError {
                path: path.to_path_buf(),
                line,
                message,
            }
        })
    }

    /// Reads `path`; `Ok(None)` when it does not exist.
    pub fn load(path: &Path) -> Result<Option<Config>, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(path, &text).map(Some),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(ConfigError {
                path: path.to_path_buf(),
                line: None,
                message: format!("cannot read: {error}"),
            }),
        }
    }

    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
            .map_or(DEFAULT_MAX_FILE_SIZE, |size| size.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("bulwark.toml"), text)
    }

    #[test]
    fn parses_a_full_config() {
        let config = parse(
            r#"
fail_on = "medium"
scanners = ["secrets", "iac"]
exclude = ["vendor/**"]
max_file_size = "2MiB"
baseline = "security/baseline.json"

[waivers]
file = "security/waivers.toml"
max_days = 90

[secrets]
config = ".gitleaks.toml"
decode_depth = 1

[deps]
db = "/var/cache/bulwark"
max_db_age_days = 3

[licenses]
allow = ["MIT", "Apache-2.0"]
deny = ["AGPL-3.0-only"]
"#,
        )
        .expect("valid config");
        assert_eq!(config.fail_on, Some(Threshold::At(Severity::Medium)));
        assert_eq!(config.max_file_size(), 2 * 1024 * 1024);
        assert_eq!(config.waivers.max_days, 90);
        assert_eq!(config.secrets.decode_depth, Some(1));
        assert_eq!(config.deps.max_db_age_days, Some(3));
        assert_eq!(config.licenses.allow, ["MIT", "Apache-2.0"]);
        assert_eq!(config.licenses.deny, ["AGPL-3.0-only"]);
        assert_eq!(
            config.scanners,
            Some(vec![
                SelectedScanner(Scanner::Secrets),
                SelectedScanner(Scanner::Iac)
            ])
        );
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let error = parse("fail_on = \"high\"\nfial_on = \"low\"\n").expect_err("unknown key");
        assert_eq!(error.line, Some(2));
        assert!(error.message.contains("fial_on"), "{error}");
        assert!(error.to_string().starts_with("bulwark.toml:2:"), "{error}");
    }

    #[test]
    fn bad_values_are_errors_with_lines() {
        let error = parse("\n\nfail_on = \"severe\"").expect_err("bad threshold");
        assert_eq!(error.line, Some(3));
        assert!(error.message.contains("severe"));
        let error = parse("scanners = [\"secret\"]").expect_err("bad scanner");
        assert!(error.message.contains("unknown scanner"), "{error}");
        let error = parse("max_file_size = \"10 parsecs\"").expect_err("bad size");
        assert!(error.message.contains("size"), "{error}");
        let error = parse("[waivers]\nmax_dayz = 3").expect_err("unknown nested key");
        assert_eq!(error.line, Some(2));
    }

    #[test]
    fn sizes() {
        assert_eq!("10MiB".parse::<ByteSize>(), Ok(ByteSize(10 << 20)));
        assert_eq!("512 kb".parse::<ByteSize>(), Ok(ByteSize(512_000)));
        assert!("99999999999999GiB".parse::<ByteSize>().is_err());
        assert!("".parse::<ByteSize>().is_err());
    }
}
