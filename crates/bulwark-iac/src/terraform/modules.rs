//! Local Terraform modules: a `module` block whose `source` is a relative path (`./modules/bucket`)
//! is evaluated with the caller's inputs, so that `acl = "public-read"` passed into a module whose
//! default is `"private"` is found at the call that causes it.
//!
//! Files come through [`Workspace`], which the caller implements over the scan root: the front
//! end itself does no I/O.

use super::{MAX_FILE_BYTES, ModuleScope, parse_in_scope};
use crate::model::{Document, Node, Problem, Resource, Value};
use crate::workspace::Workspace;

/// Modules nested deeper than this are not followed (real module trees are a few levels deep).
pub const MAX_MODULE_DEPTH: usize = 8;
/// A module directory with more `.tf` files than this is not evaluated through calls.
pub const MAX_MODULE_FILES: usize = 256;

/// The directory of a scan-relative path (`""` for a file at the root).
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The directory a local module `source` names, relative to the scan root; `None` for registry,
/// git or URL sources and for paths that leave the scan root.
pub fn local_source(caller_dir: &str, source: &str) -> Option<String> {
    if !(source.starts_with("./") || source.starts_with("../")) {
        return None;
    }
    let mut parts: Vec<&str> = caller_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in source.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The inputs a `module` block passes: every attribute except the meta-arguments.
pub fn inputs(module: &Resource) -> Vec<(String, Node)> {
    const META: &[&str] = &[
        "source",
        "version",
        "count",
        "for_each",
        "providers",
        "depends_on",
    ];
    match &module.body.value {
        Value::Object(entries) => entries
            .iter()
            .filter(|(key, _, _)| !META.contains(&key.as_str()))
            .map(|(key, _, node)| (key.clone(), node.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// A file's scan-relative path and its text.
pub type SourceText = (String, String);

/// A module directory read through a [`Workspace`]: its files' paths and texts.
pub struct ModuleFiles {
    pub dir: String,
    /// The `.tf` files.
    pub files: Vec<SourceText>,
    /// `terraform.tfvars`, then `*.auto.tfvars` in name order: the order Terraform applies them
    /// in when the directory is the root module (later files win).
    pub tfvars: Vec<SourceText>,
}

impl ModuleFiles {
    /// Reads the `.tf` files of `dir`; unreadable, oversized and non-UTF-8 files are left out
    /// (the scan reports them when it reaches them itself).
    pub fn read(workspace: &dyn Workspace, dir: &str) -> Result<ModuleFiles, String> {
        let paths = workspace.terraform_files(dir);
        if paths.len() > MAX_MODULE_FILES {
            return Err(format!(
                "module directory `{dir}` has more than {MAX_MODULE_FILES} .tf files, not evaluated"
            ));
        }
        let (mut tfvars, files): (Vec<SourceText>, Vec<SourceText>) = paths
            .into_iter()
            .filter_map(|path| {
                let bytes = workspace.read(&path)?;
                if bytes.len() > MAX_FILE_BYTES {
                    return None;
                }
                Some((path, String::from_utf8(bytes).ok()?))
            })
            .partition(|(path, _)| path.ends_with(".tfvars"));
        tfvars.sort_by_key(|(path, _)| {
            !path.ends_with("/terraform.tfvars") && path != "terraform.tfvars"
        });
        Ok(ModuleFiles {
            dir: dir.to_string(),
            files,
            tfvars,
        })
    }

    fn borrowed(&self) -> Vec<(&str, &str)> {
        self.files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect()
    }

    /// The module's scope when called with `inputs`.
    pub fn scope(&self, inputs: &[(String, Node)]) -> ModuleScope {
        ModuleScope::collect(&self.borrowed(), inputs)
    }

    /// The module's scope as a root module: variables set by its auto-loaded `.tfvars` files.
    /// (Terraform ignores `.tfvars` files in the directories of called modules.)
    pub fn root_scope(&self) -> ModuleScope {
        let inputs: Vec<(String, Node)> = self
            .tfvars
            .iter()
            .flat_map(|(path, text)| match super::parse(path, text).root.value {
                Value::Object(entries) => entries
                    .into_iter()
                    .map(|(key, _, node)| (key, node))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        self.scope(&inputs)
    }

    /// Every `.tf` file of the module parsed in `scope`, in the order of [`ModuleFiles::files`].
    pub fn documents(&self, scope: &ModuleScope) -> Vec<Document> {
        self.files
            .iter()
            .map(|(path, text)| parse_in_scope(path, text, scope))
            .collect()
    }
}

/// Why a module call could not be followed (a cycle, too deep), as a problem of the caller.
pub fn call_problem(module: &Resource, message: String) -> Problem {
    Problem {
        line: Some(module.span.start.line),
        message: format!("{}: {message}", module.address),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_sources_resolve_inside_the_root_only() {
        assert_eq!(
            local_source("envs/prod", "../../modules/bucket").as_deref(),
            Some("modules/bucket")
        );
        assert_eq!(local_source("", "./m").as_deref(), Some("m"));
        assert_eq!(local_source("a", "./b/./c/").as_deref(), Some("a/b/c"));
        assert_eq!(local_source("", "../outside"), None);
        assert_eq!(local_source("", "hashicorp/consul/aws"), None);
        assert_eq!(local_source("", "git::https://example.com/m.git"), None);
        assert_eq!(dir_of("a/b/main.tf"), "a/b");
        assert_eq!(dir_of("main.tf"), "");
    }

    #[test]
    fn inputs_leave_out_meta_arguments() {
        let doc = crate::terraform::parse(
            "main.tf",
            "module \"b\" {\n  source = \"./b\"\n  count = 1\n  acl = \"public-read\"\n}\n",
        );
        let names: Vec<String> = inputs(&doc.resources[0])
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(names, ["acl"]);
    }
}
