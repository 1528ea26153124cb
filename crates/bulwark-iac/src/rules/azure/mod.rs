//! Terraform rules for azurerm resources (`iac.azure.*`), weighted to what a bank's auditor asks
//! about: customer-managed keys, TLS 1.2 and HTTPS only, public network access, database
//! firewalls, audit log retention, Entra ID-only authentication, backups and tags.
//!
//! The checks reuse the Terraform helpers of [`crate::rules::terraform`] and accept the
//! attribute names of both azurerm 3.x and 4.x where the provider renamed them
//! (`enable_https_traffic_only` → `https_traffic_only_enabled`). Only literal values are judged:
//! an unresolved expression is never a finding (the one exception reads what a reference points
//! at: a network interface attached to an `azurerm_public_ip`), and a missing attribute is one
//! only when the provider default is insecure.

mod aks;
mod appservice;
mod compute;
mod iam;
mod keyvault;
mod monitoring;
mod network;
mod services;
mod sql;
mod storage;
mod tags;

use crate::model::{Node, Resource};
use crate::rules::terraform::{Attr, hit, lookup, require_true, truthy};
use crate::rules::{Hit, IacRule};

/// Every Terraform azurerm rule.
pub fn rules() -> Vec<&'static IacRule> {
    let mut all = Vec::new();
    all.extend(storage::rules());
    all.extend(sql::rules());
    all.extend(network::rules());
    all.extend(keyvault::rules());
    all.extend(compute::rules());
    all.extend(aks::rules());
    all.extend(appservice::rules());
    all.extend(monitoring::rules());
    all.extend(services::rules());
    all.extend(iam::rules());
    all.extend(tags::rules());
    all
}

/// The first of `paths` (dotted, e.g. `"default_node_pool.node_public_ip_enabled"`) written in
/// `node`, with its value: azurerm renamed many attributes between 3.x and 4.x and a
/// configuration uses one name or the other. `(Missing, paths[0])` when none is written.
pub(crate) fn first_written<'a>(
    node: &'a Node,
    paths: &[&'static str],
) -> (Attr<'a>, &'static str) {
    for path in paths {
        let parts: Vec<&str> = path.split('.').collect();
        match lookup(node, &parts) {
            Attr::Missing => continue,
            found => return (found, path),
        }
    }
    (Attr::Missing, paths.first().copied().unwrap_or_default())
}

/// [`require_true`] over an attribute known under several names (see [`first_written`]).
pub(crate) fn require_on(resource: &Resource, paths: &[&'static str], what: &str) -> Vec<Hit> {
    let (_, path) = first_written(&resource.body, paths);
    let parts: Vec<&str> = path.split('.').collect();
    require_true(resource, &parts, what)
}

/// The opposite of [`require_on`] for an attribute whose provider default is an insecure `true`:
/// a hit at the resource when it is not written, or at a literal `true`.
pub(crate) fn require_off(resource: &Resource, paths: &[&'static str], what: &str) -> Vec<Hit> {
    match first_written(&resource.body, paths) {
        (Attr::Missing, path) => hit(
            resource.span,
            format!(
                "{}: `{path}` is not set and its default `true` {what}",
                resource.address
            ),
        ),
        (Attr::Known(node), path) if truthy(node) == Some(true) => hit(
            node.span,
            format!("{}: `{path} = true` {what}", resource.address),
        ),
        _ => Vec::new(),
    }
}

/// A hit at a literal `false` of an attribute whose default is the secure `true`.
pub(crate) fn forbid_false(resource: &Resource, paths: &[&'static str], what: &str) -> Vec<Hit> {
    match first_written(&resource.body, paths) {
        (Attr::Known(node), path) if truthy(node) == Some(false) => hit(
            node.span,
            format!("{}: `{path} = false` {what}", resource.address),
        ),
        _ => Vec::new(),
    }
}

/// A hit at a literal `true` of an attribute that must not be turned on (its default is off).
pub(crate) fn forbid_true(resource: &Resource, paths: &[&'static str], what: &str) -> Vec<Hit> {
    match first_written(&resource.body, paths) {
        (Attr::Known(node), path) if truthy(node) == Some(true) => hit(
            node.span,
            format!("{}: `{path} = true` {what}", resource.address),
        ),
        _ => Vec::new(),
    }
}

/// Whether `node` is one of `values`, compared without case (Azure enums are case-insensitive).
pub(crate) fn is_one_of(node: &Node, values: &[&str]) -> bool {
    node.as_str()
        .is_some_and(|s| values.iter().any(|v| v.eq_ignore_ascii_case(s)))
}

/// A hit at a literal value of `paths` that is one of `weak` (an outdated TLS version, …).
pub(crate) fn forbid_values(
    resource: &Resource,
    paths: &[&'static str],
    weak: &[&str],
    what: &str,
) -> Vec<Hit> {
    match first_written(&resource.body, paths) {
        (Attr::Known(node), path) if is_one_of(node, weak) => hit(
            node.span,
            format!(
                "{}: `{path} = \"{}\"` {what}",
                resource.address,
                node.as_str().unwrap_or_default()
            ),
        ),
        _ => Vec::new(),
    }
}

/// A hit at the resource when an optional block that carries a protection is not written.
pub(crate) fn require_block(resource: &Resource, name: &str, what: &str) -> Vec<Hit> {
    if crate::rules::terraform::blocks(&resource.body, name).is_empty()
        && matches!(
            lookup(&resource.body, &[name]),
            Attr::Missing | Attr::Known(_)
        )
    {
        return hit(
            resource.span,
            format!("{}: no `{name}` block, so {what}", resource.address),
        );
    }
    Vec::new()
}

/// Tests shared by the family files.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    #[test]
    fn renamed_attributes_are_read_under_either_name() {
        let old = "resource \"azurerm_storage_account\" \"s\" {\n  enable_https_traffic_only = false\n}\n";
        let new = "resource \"azurerm_storage_account\" \"s\" {\n  https_traffic_only_enabled = false\n}\n";
        for text in [old, new] {
            let found = hits(&storage::HTTPS_ONLY, "main.tf", text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].span.start.line, 2);
        }
    }

    #[test]
    fn plan_entries_read_planned_values() {
        let plan = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "azurerm_key_vault.kv",
          "type": "azurerm_key_vault",
          "values": {
            "purge_protection_enabled": false,
            "soft_delete_retention_days": 90,
            "network_acls": []
          }
        }
      ]
    }
  }
}
"#;
        let found = hits(&keyvault::PURGE_PROTECTION_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 10);
        let found = hits(&keyvault::NETWORK_DEFAULT_DENY_PLAN, "plan.json", plan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start.line, 6);
        assert!(hits(&keyvault::SOFT_DELETE_RETENTION_PLAN, "plan.json", plan).is_empty());
        assert!(hits(&keyvault::PURGE_PROTECTION, "plan.json", plan).is_empty());
    }
}
