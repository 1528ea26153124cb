//! The `bulwark` binary: parses the command line, wires the crates together, maps outcomes to
//! exit codes. Kept thin on purpose; the work lives in the library crates.

mod cli;
mod commands;
mod companions;
mod failure;
mod output;
mod progress;
mod registry;
mod settings;

use clap::{CommandFactory, Parser};
use cli::{BaselineCommand, Cli, Command, PolicyCommand};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // clap exits 0 for --help/--version and 2 for usage errors, as DESIGN.md wants.
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(failure::exit::USAGE));
        }
    };
    init_logging(cli.verbose, cli.quiet);
    let outcome = match &cli.command {
        Command::Scan(command) => commands::scan::run(command, cli.quiet),
        Command::Rules(command) => commands::rules::list(command),
        Command::Db(command) => commands::db::run(command, cli.quiet),
        Command::Sbom(command) => commands::sbom::run(command, cli.quiet),
        Command::Explain { rule_id, policies } => commands::rules::explain(rule_id, policies),
        Command::Policy(PolicyCommand::Test { paths }) => commands::policy::test(paths),
        Command::Baseline(BaselineCommand::Create { target, output }) => {
            commands::baseline::create(target, output.as_ref(), cli.quiet)
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "bulwark",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::from(failure.code)
        }
    }
}

/// Logs go to stderr; `BULWARK_LOG` (tracing filter syntax) overrides `-v`.
fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("BULWARK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
