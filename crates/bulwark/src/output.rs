//! `-f FORMAT[=FILE]` and `-o FILE`: which report goes where.

use crate::failure::Failure;
use bulwark_report::{Format, Report};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One report to write.
#[derive(Debug, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    /// `None`: stdout.
    pub path: Option<PathBuf>,
}

/// Resolves format specs; at most one report may go to each destination.
pub fn plan(specs: &[String], output: Option<&PathBuf>) -> Result<Vec<Output>, Failure> {
    let specs: Vec<&str> = if specs.is_empty() {
        vec!["table"]
    } else {
        specs.iter().map(String::as_str).collect()
    };
    let mut outputs = Vec::new();
    for spec in specs {
        let (name, path) = match spec.split_once('=') {
            Some((name, path)) if !path.is_empty() => (name, Some(PathBuf::from(path))),
            Some((name, _)) => {
                return Err(Failure::usage(format!(
                    "--format {spec}: no file after `=` (use {name}=FILE)"
                )));
            }
            None => (spec, output.cloned()),
        };
        let format = name
            .parse::<Format>()
            .map_err(|e| Failure::usage(format!("--format: {e}")))?;
        outputs.push(Output { format, path });
    }
    for (i, a) in outputs.iter().enumerate() {
        if outputs[..i].iter().any(|b| b.path == a.path) {
            let target = a
                .path
                .as_ref()
                .map_or("stdout".to_string(), |p| p.display().to_string());
            return Err(Failure::usage(format!(
                "two reports would be written to {target}; give each format its own file with FORMAT=FILE"
            )));
        }
    }
    Ok(outputs)
}

/// Writes `report` as planned; `stdout_color` applies to the table on stdout.
pub fn write(outputs: &[Output], report: &Report, stdout_color: bool) -> Result<(), Failure> {
    for output in outputs {
        match &output.path {
            None => {
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                let result = bulwark_report::render(output.format, report, &mut lock, stdout_color)
                    .and_then(|()| lock.flush());
                match result {
                    Ok(()) => {}
                    // `bulwark scan | head` closes the pipe early: not an error.
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                    Err(e) => return Err(Failure::usage(format!("cannot write to stdout: {e}"))),
                }
            }
            Some(path) => {
                let mut buffer = Vec::new();
                bulwark_report::render(output.format, report, &mut buffer, false)
                    .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
                write_file(path, &buffer, "report")?;
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to `path`, creating its directory; `what` names the file in errors.
pub fn write_file(path: &Path, bytes: &[u8], what: &str) -> Result<(), Failure> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            Failure::usage(format!(
                "{}: cannot create directory: {e}",
                parent.display()
            ))
        })?;
    }
    std::fs::write(path, bytes)
        .map_err(|e| Failure::usage(format!("{}: cannot write {what}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn default_is_table_on_stdout() {
        assert_eq!(
            plan(&[], None).expect("plan"),
            vec![Output {
                format: Format::Table,
                path: None
            }]
        );
    }

    #[test]
    fn each_format_to_its_own_destination() {
        let out = PathBuf::from("r.json");
        let plan = plan(&specs(&["json", "sarif=x.sarif"]), Some(&out)).expect("plan");
        assert_eq!(plan[0].path.as_deref(), Some(out.as_path()));
        assert_eq!(plan[1].path, Some(PathBuf::from("x.sarif")));
    }

    #[test]
    fn rejects_two_formats_on_stdout_and_unknown_formats() {
        assert!(plan(&specs(&["json", "table"]), None).is_err());
        assert!(plan(&specs(&["xml"]), None).is_err());
        assert!(plan(&specs(&["json="]), None).is_err());
    }
}
