//! Lets lockfile parsers read the files a lockfile refers to (`-r base.txt`, the `go.sum` beside
//! a `go.mod`, the `package.json` beside a `yarn.lock`) without doing I/O themselves.

use bulwark_deps::lockfiles::Companions;
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

impl Companions for FsCompanions {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let root = self.root.as_ref()?;
        let relative = Path::new(path);
        // Only plain relative paths: a lockfile must not make the scan read /etc/passwd.
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return None;
        }
        let full = root.join(relative);
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
        assert!(companions.read("sub/base.txt").is_some());
        assert!(companions.read("sub/../sub/base.txt").is_none());
        assert!(companions.read("/etc/passwd").is_none());
        assert!(companions.read("missing.txt").is_none());
        assert!(
            FsCompanions::new(Some(dir.path()), 4)
                .read("sub/base.txt")
                .is_none()
        );
    }
}
