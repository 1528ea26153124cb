//! Command-line definitions (clap). Only parsing lives here; `commands/` does the work.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const SCAN_EXAMPLES: &str = "\
Examples:
  bulwark scan                                  scan the current directory, table on stdout
  bulwark scan examples/fintech-demo --fail-on critical
  bulwark scan . -f table -f sarif=bulwark.sarif -f junit=bulwark.xml
  bulwark scan . --scanners secrets --exclude 'vendor/**' -f json -o report.json
  bulwark scan . --history --since origin/main     secrets in commits not yet on main
  bulwark scan . --scanners deps --require-fresh-db   vulnerable dependencies, current data only
  bulwark scan --sbom bom.cdx.json                 check an existing CycloneDX/SPDX SBOM

Exit codes: 0 gate passed, 1 gate failed, 2 usage or configuration error, 3 scan error
(some files could not be read or parsed; the report is still written).";

/// One fast security scan for a bank's delivery pipeline.
#[derive(Debug, Parser)]
#[command(
    name = "bulwark",
    version,
    about,
    propagate_version = true,
    after_help = "\
Examples:
  bulwark scan .                      scan a repository with the gate on
  bulwark rules                       list every rule
  bulwark explain secrets.aws-access-key-id
  bulwark baseline create             accept today's findings, fail only on new ones
  bulwark completions bash > /etc/bash_completion.d/bulwark"
)]
pub struct Cli {
    /// More logging on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// No progress bar, summary line or warnings on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a repository and apply the gate.
    #[command(after_help = SCAN_EXAMPLES)]
    Scan(ScanCommand),
    /// List every rule.
    #[command(
        after_help = "Examples:\n  bulwark rules\n  bulwark rules --scanner secrets --format json\n  bulwark rules --format markdown > docs/rules.md"
    )]
    Rules(RulesCommand),
    /// Print the documentation of one rule.
    #[command(
        after_help = "Examples:\n  bulwark explain secrets.private-key\n  bulwark explain iac.policy.bank-001 --policy policy/"
    )]
    Explain {
        /// The rule id, e.g. `secrets.aws-access-key-id`.
        rule_id: String,
        /// Also know the rules of these custom Rego policy directories.
        #[arg(long = "policy", value_name = "DIR")]
        policies: Vec<PathBuf>,
    },
    /// Custom Rego policies for IaC: run their unit tests.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Manage the local vulnerability database (OSV advisories).
    #[command(subcommand)]
    Db(DbCommand),
    /// Write a CycloneDX 1.6 or SPDX 2.3 SBOM of every dependency the lockfiles pin.
    #[command(
        after_help = "Examples:\n  bulwark sbom . --format cyclonedx -o bom.cdx.json\n  bulwark sbom services/api --format spdx -o api.spdx.json\n\nWith a vulnerability database, the CycloneDX SBOM carries a VEX `vulnerabilities` section\nwhose analysis state reflects the repository's waivers."
    )]
    Sbom(SbomCommand),
    /// Manage the baseline of accepted findings.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  bulwark completions bash > ~/.local/share/bash-completion/completions/bulwark\n  bulwark completions zsh > ~/.zfunc/_bulwark"
    )]
    Completions { shell: clap_complete::Shell },
}

/// What to scan and how; shared by `scan` and `baseline create`.
#[derive(Debug, Args)]
pub struct ScanTarget {
    /// Directory (or file) to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Scanners to run, comma-separated: secrets, deps, iac, sast, license [default: all].
    #[arg(long, value_delimiter = ',')]
    pub scanners: Vec<String>,

    /// Glob (gitignore syntax, relative to PATH) to leave out; repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,

    /// Skip files larger than this (e.g. 10MiB) [default: 10MiB or bulwark.toml's max_file_size].
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<String>,

    /// Configuration file [default: PATH/bulwark.toml when present].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Worker threads [default: number of CPUs].
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Custom secret rules in the gitleaks format [default: bulwark.toml's [secrets] config, else
    /// PATH/.gitleaks.toml when present].
    #[arg(long, value_name = "FILE")]
    pub config_secrets: Option<PathBuf>,

    /// Scan the git history instead of the work tree: every blob of every commit reachable from
    /// HEAD, each unique blob once; findings name the commit that introduced them.
    #[arg(long)]
    pub history: bool,

    /// With --history: only commits not reachable from REV (e.g. the target branch).
    #[arg(long, value_name = "REV", requires = "history")]
    pub since: Option<String>,

    /// With --history: start from every ref (branches, tags, remotes), not only HEAD.
    #[arg(long, requires = "history")]
    pub all_refs: bool,

    /// Vulnerability database directory [default: bulwark.toml's [deps] db, else $BULWARK_DB,
    /// else the user cache dir].
    #[arg(long, value_name = "DIR")]
    pub db: Option<PathBuf>,

    /// Fail (exit 3) instead of warning when the vulnerability database is missing or older
    /// than [deps] max_db_age_days (default 7).
    #[arg(long)]
    pub require_fresh_db: bool,

    /// Scan the components of this CycloneDX or SPDX JSON SBOM instead of a directory
    /// (dependency and license scanners only).
    #[arg(long, value_name = "FILE", conflicts_with = "history")]
    pub sbom: Option<PathBuf>,

    /// Directory of custom Rego policies for IaC files (conftest-compatible), repeatable
    /// [default: bulwark.toml's [iac] policies]. `*_test.rego` files are not loaded.
    #[arg(long = "policy", value_name = "DIR")]
    pub policies: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScanCommand {
    #[command(flatten)]
    pub target: ScanTarget,

    /// Report format, repeatable: table, json, sarif, junit, markdown; FORMAT=FILE writes that
    /// format to FILE.
    #[arg(short = 'f', long = "format", value_name = "FORMAT[=FILE]")]
    pub formats: Vec<String>,

    /// File for the format(s) given without `=FILE` [default: stdout].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Lowest severity that fails the gate: critical, high, medium, low, info or none
    /// [default: high or bulwark.toml's fail_on].
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,

    /// Ignore the baseline: every finding counts.
    #[arg(long)]
    pub no_baseline: bool,

    /// Colour in the table report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct RulesCommand {
    /// table, json or markdown.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,

    /// Only rules of this scanner.
    #[arg(long)]
    pub scanner: Option<String>,

    /// Also list the rules of these custom Rego policy directories.
    #[arg(long = "policy", value_name = "DIR")]
    pub policies: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Run every `test_*` rule of the policies, `*_test.rego` files included, like `opa test`.
    #[command(
        after_help = "Examples:\n  bulwark policy test policy/\n  bulwark policy test examples/policies\n\nExit codes: 0 every test passed, 1 a test failed, 2 a policy does not compile or no\ntest was found."
    )]
    Test {
        /// Policy directories or files.
        #[arg(required = true, value_name = "DIR")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Scan and record every open finding's fingerprint in the baseline file.
    #[command(after_help = "Example:\n  bulwark baseline create && git add .bulwark/baseline.json")]
    Create {
        #[command(flatten)]
        target: ScanTarget,

        /// Where to write it [default: PATH/.bulwark/baseline.json or bulwark.toml's baseline].
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Import OSV advisories: directories of OSV JSON files and/or OSV `all.zip` archives.
    #[command(
        after_help = "Examples:\n  bulwark db import ~/osv/PyPI/all.zip ~/osv/npm/all.zip\n  bulwark db import advisories/ --db /srv/bulwark/db\n\nEach ecosystem found replaces that ecosystem's data; the others are kept."
    )]
    Import {
        /// Directories, `all.zip` archives or single OSV JSON records.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbLocation,
    },
    /// Download each ecosystem's `all.zip` from OSV (HTTPS, conditional requests).
    #[command(
        after_help = "Examples:\n  bulwark db update\n  bulwark db update --ecosystems PyPI,npm,Maven"
    )]
    Update {
        /// OSV ecosystem names, comma-separated [default: every supported ecosystem].
        #[arg(long, value_delimiter = ',')]
        ecosystems: Vec<String>,
        /// Base URL of the OSV bucket (a mirror inside the bank's network).
        #[arg(long, value_name = "URL", env = "BULWARK_OSV_URL")]
        url: Option<String>,
        #[command(flatten)]
        db: DbLocation,
    },
    /// Show sources, advisory counts per ecosystem and the age of the data.
    #[command(after_help = "Examples:\n  bulwark db status\n  bulwark db status --format json")]
    Status {
        /// table or json.
        #[arg(long, short = 'f', value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
        #[command(flatten)]
        db: DbLocation,
    },
}

#[derive(Debug, Args)]
pub struct DbLocation {
    /// Database directory [default: $BULWARK_DB, else the user cache dir].
    #[arg(long, value_name = "DIR")]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct SbomCommand {
    /// Directory whose lockfiles to inventory.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// cyclonedx (1.6 JSON) or spdx (2.3 JSON).
    #[arg(long, short = 'f', value_enum, default_value_t = SbomFormat::Cyclonedx)]
    pub format: SbomFormat,

    /// Output file [default: stdout].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Vulnerability database directory for the VEX section [default: as for scan]. Without a
    /// database the SBOM has no vulnerabilities section.
    #[arg(long, value_name = "DIR")]
    pub db: Option<PathBuf>,

    /// Configuration file [default: PATH/bulwark.toml when present].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Glob (gitignore syntax, relative to PATH) to leave out; repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SbomFormat {
    Cyclonedx,
    Spdx,
}
