//! Severity levels and their ordering (the gate compares them).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered from least to most severe so that `>=` expresses a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// All levels, most severe first (the order reports list them in).
    pub const ALL_DESC: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// SARIF has only three levels; `info` maps to `note`.
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "note",
        }
    }

    /// GitHub code scanning reads `security-severity` as a CVSS-like score.
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Critical => "9.5",
            Severity::High => "8.0",
            Severity::Medium => "5.5",
            Severity::Low => "3.0",
            Severity::Info => "0.0",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected one of: critical, high, medium, low, info)"
            )),
        }
    }
}

/// The gate's threshold: a severity, or `none` to report without ever failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    At(Severity),
    Never,
}

impl Threshold {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            Threshold::At(min) => severity >= min,
            Threshold::Never => false,
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Threshold::At(s) => s.fmt(f),
            Threshold::Never => f.write_str("none"),
        }
    }
}

impl FromStr for Threshold {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("none") {
            return Ok(Threshold::Never);
        }
        s.parse::<Severity>().map(Threshold::At).map_err(|_| {
            format!(
                "unknown threshold `{s}` (expected one of: critical, high, medium, low, info, none)"
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering_supports_thresholds() {
        assert!(Severity::Critical > Severity::High);
        assert!(Threshold::At(Severity::High).fails(Severity::Critical));
        assert!(!Threshold::At(Severity::High).fails(Severity::Medium));
        assert!(!Threshold::Never.fails(Severity::Critical));
    }

    #[test]
    fn parses_case_insensitively_and_rejects_unknown() {
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
        assert_eq!("none".parse::<Threshold>(), Ok(Threshold::Never));
    }
}
