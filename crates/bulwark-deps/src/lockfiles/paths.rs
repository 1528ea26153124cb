//! Paths of the files a lockfile refers to, worked out from the lockfile's own path.

/// The path of the file `name` in the same directory as `path` (scan-relative, `/`-separated):
/// `sibling("web/yarn.lock", "package.json")` is `web/package.json`.
pub(crate) fn sibling(path: &str, name: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_share_the_directory() {
        assert_eq!(
            sibling("a/b/uv.lock", "pyproject.toml"),
            "a/b/pyproject.toml"
        );
        assert_eq!(sibling("go.mod", "go.sum"), "go.sum");
        assert_eq!(sibling("/composer.lock", "composer.json"), "/composer.json");
    }
}
