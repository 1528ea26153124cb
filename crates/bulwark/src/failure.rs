//! Errors that end a command, with the exit code DESIGN.md assigns them.

use std::fmt;

/// Exit codes (see `docs/configuration.md`).
pub mod exit {
    pub const GATE_FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const SCAN_ERROR: u8 = 3;
}

/// A command that could not complete; the message names the file, line and fix where it can.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    /// Usage, configuration or input error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: exit::USAGE,
            message: message.into(),
        }
    }
}

impl Failure {
    /// The scan could not do its job (unreadable database, stale data with a freshness
    /// requirement): exit 3.
    pub fn scan(message: impl Into<String>) -> Self {
        Failure {
            code: exit::SCAN_ERROR,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<bulwark_core::ConfigError> for Failure {
    fn from(error: bulwark_core::ConfigError) -> Self {
        Failure::usage(error.to_string())
    }
}
