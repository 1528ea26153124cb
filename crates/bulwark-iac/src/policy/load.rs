//! Reading policy directories: every `.rego` file below each directory, in a stable order.
//!
//! This is the only file I/O of the policy module; the CLI calls it once, before the scan.

use super::PolicyError;
use std::path::Path;

/// A policy file refused as too large: regorus' own parser limit, and far beyond any real policy.
pub const MAX_POLICY_BYTES: u64 = 1 << 20;
/// More files than this in the policy directories is refused (a directory given by mistake).
pub const MAX_POLICY_FILES: usize = 1000;

/// One policy file's text and the path it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySource {
    /// As the user wrote the directory, joined with the file's relative path, `/`-separated.
    pub path: String,
    pub text: String,
}

impl PolicySource {
    /// `*_test.rego`: unit tests of policies, loaded by `bulwark policy test` only.
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }
}

/// Reads every `.rego` file below `paths` (a path may also name one file). Symbolic links to
/// directories are not followed, so a link cycle cannot make the walk endless.
pub fn read_sources(paths: &[impl AsRef<Path>]) -> Result<Vec<PolicySource>, PolicyError> {
    let mut files = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path).map_err(|e| PolicyError::io(path, &e))?;
        if metadata.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.to_path_buf());
        }
    }
    files.sort();
    files.dedup();
    let mut sources = Vec::with_capacity(files.len());
    for file in files {
        let size = std::fs::metadata(&file)
            .map_err(|e| PolicyError::io(&file, &e))?
            .len();
        if size > MAX_POLICY_BYTES {
            return Err(PolicyError::file(
                &file,
                format!("{size} bytes is over the {MAX_POLICY_BYTES}-byte limit for a policy file"),
            ));
        }
        let text = std::fs::read_to_string(&file).map_err(|e| PolicyError::io(&file, &e))?;
        sources.push(PolicySource {
            path: display(&file),
            text,
        });
    }
    Ok(sources)
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> Result<(), PolicyError> {
    let entries = std::fs::read_dir(dir).map_err(|e| PolicyError::io(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| PolicyError::io(dir, &e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| PolicyError::io(&path, &e))?;
        if kind.is_dir() {
            walk(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "rego")
            && (kind.is_file() || path.is_file())
        {
            files.push(path);
            if files.len() > MAX_POLICY_FILES {
                return Err(PolicyError::file(
                    dir,
                    format!(
                        "more than {MAX_POLICY_FILES} policy files; point at the policy directory itself"
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rego_files_recursively_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("b.rego", "package main");
        write("a/deny.rego", "package main");
        write("a/deny_test.rego", "package main");
        write("README.md", "not a policy");
        let sources = read_sources(&[dir.path()]).expect("reads");
        let names: Vec<String> = sources
            .iter()
            .map(|s| {
                s.path
                    .rsplit_once(&*display(dir.path()))
                    .map_or(s.path.clone(), |(_, rest)| rest.to_string())
            })
            .collect();
        assert_eq!(names, ["/a/deny.rego", "/a/deny_test.rego", "/b.rego"]);
        assert_eq!(
            sources.iter().filter(|s| s.is_test()).count(),
            1,
            "one test file"
        );
    }

    #[test]
    fn refuses_large_files_and_missing_paths() {
        let dir = tempfile::tempdir().expect("tempdir");
        let big = dir.path().join("big.rego");
        std::fs::write(&big, vec![b'#'; (MAX_POLICY_BYTES + 1) as usize]).expect("write");
        let err = read_sources(&[dir.path()]).expect_err("too large");
        assert!(err.to_string().contains("limit"), "{err}");
        let err = read_sources(&[dir.path().join("missing")]).expect_err("missing");
        assert!(err.to_string().contains("missing"), "{err}");
    }
}
