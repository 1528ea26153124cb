//! Bulwark's infrastructure-as-code scanner.
//!
//! Every front end (Terraform HCL and plan JSON, Kubernetes and docker-compose YAML, Dockerfile,
//! CloudFormation, GitHub Actions / GitLab CI) turns one file into a [`model::Document`]: the
//! resources it declares, each a tree of [`model::Node`]s that carry their exact source span.
//! Built-in rules read only that model, so one rule engine serves every format; custom Rego
//! policies ([`policy`]) read it as conftest-shaped JSON.

pub mod analyzer;
pub mod cloudformation;
pub mod compose;
pub mod detect;
pub mod dockerfile;
pub mod frontend;
pub mod github_actions;
pub mod gitlab_ci;
pub mod kubernetes;
pub mod model;
pub mod policy;
pub mod rules;
pub mod terraform;
pub mod workspace;
pub mod yaml;

pub use analyzer::IacAnalyzer;
pub use detect::detect;
