//! Lets lockfile parsers read the files a lockfile refers to (`-r base.txt`, the `go.sum` beside
//! a `go.mod`, the `package.json` beside a `yarn.lock`), and the Terraform front end read the
//! other files of a module, without doing I/O themselves.

use bulwark_deps::lockfiles::Companions;
use bulwark_iac::workspace::Workspace;
use std::path::{Component, Path, PathBuf};

/// Reads scan-relative paths under the scan root, never outside it, up to a size limit.
#[derive(Debug)]
pub struct FsCompanions {
    root: Option<PathBuf>,
    max_size: u64,
}

impl FsCompanions {
    /// `root` is the scanned directory; `None` (a single-file scan) reads nothing.
    pub fn new(root: Option<&Path>, max_size: u64) -> Self {
        FsCompanions {
            root: root.filter(|r| r.is_dir()).map(Path::to_path_buf),
            max_size,
        }
    }
}

impl FsCompanions {
    /// `path` under the root, if it is a plain relative path: a lockfile or a module source must
    /// not make the scan read /etc/passwd.
    fn inside_root(&self, path: &str) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let relative = Path::new(path);
        relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
            .then(|| root.join(relative))
    }
}

impl Workspace for FsCompanions {
    fn terraform_files(&self, dir: &str) -> Vec<String> {
        let Some(full) = self.inside_root(dir) else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(full) else {
            return Vec::new();
        };
        let mut paths: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| {
                name.ends_with(".tf")
                    || name == "terraform.tfvars"
                    || name.ends_with(".auto.tfvars")
            })
            .map(|name| match dir {
                "" => name,
                dir => format!("{dir}/{name}"),
            })
            .collect();
        paths.sort();
        paths
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        Companions::read(self, path)
    }
}

impl Companions for FsCompanions {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let full = self.inside_root(path)?;
        let metadata = std::fs::metadata(&full).ok()?;
        if !metadata.is_file() || metadata.len() > self.max_size {
            return None;
        }
        std::fs::read(full).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inside_the_root_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        std::fs::write(dir.path().join("sub/base.txt"), "flask==2.0.0\n").expect("write");
        let companions = FsCompanions::new(Some(dir.path()), 1024);
        let read = |c: &FsCompanions, path| Companions::read(c, path);
        assert!(read(&companions, "sub/base.txt").is_some());
        assert!(read(&companions, "sub/../sub/base.txt").is_none());
        assert!(read(&companions, "/etc/passwd").is_none());
        assert!(read(&companions, "missing.txt").is_none());
        assert!(read(&FsCompanions::new(Some(dir.path()), 4), "sub/base.txt").is_none());
    }

    #[test]
    fn lists_the_terraform_files_of_a_directory_inside_the_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("m/nested")).expect("mkdir");
        for name in [
            "m/b.tf",
            "m/a.tf",
            "m/notes.md",
            "m/nested/c.tf",
            "m/terraform.tfvars",
            "m/prod.tfvars",
            "m/x.auto.tfvars",
            "top.tf",
        ] {
            std::fs::write(dir.path().join(name), "").expect("write");
        }
        let companions = FsCompanions::new(Some(dir.path()), 1024);
        assert_eq!(
            companions.terraform_files("m"),
            ["m/a.tf", "m/b.tf", "m/terraform.tfvars", "m/x.auto.tfvars"]
        );
        assert_eq!(companions.terraform_files(""), ["top.tf"]);
        assert!(companions.terraform_files("../").is_empty());
        assert!(companions.terraform_files("/etc").is_empty());
    }
}
