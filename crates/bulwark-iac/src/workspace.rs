//! Read access to the scanned tree beyond the file being analyzed, given by the caller so that
//! front ends and the analyzer do no I/O themselves: the other files of a Terraform module, a
//! local module's directory, the `kustomization.yaml` beside a manifest.

/// Files of the scanned tree, by scan-relative `/`-separated path; never outside the scan root.
pub trait Workspace: Send + Sync {
    /// Paths of the Terraform files directly in `dir` (`""` is the root), sorted: the `.tf`
    /// files and the variable files Terraform loads by itself (`terraform.tfvars`,
    /// `*.auto.tfvars`).
    fn terraform_files(&self, dir: &str) -> Vec<String>;
    /// The bytes of a file, if it exists and may be read.
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}
