//! Azure RBAC: custom roles that amount to subscription owner.

use crate::model::{Format, Node, Resource};
use crate::rules::terraform::{Attr, blocks, doc, hit, lookup};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![&CUSTOM_ROLE_WILDCARD, &CUSTOM_ROLE_WILDCARD_PLAN]
}

static CUSTOM_ROLE_WILDCARD_RULE: Rule = doc(
    "iac.azure.custom-role-wildcard",
    "Custom role grants every action",
    Severity::High,
    &["CWE-269"],
    &["A01:2021"],
    &[
        "pci-dss-4.0.1:7.2.1",
        "pci-dss-4.0.1:7.2.2",
        "soc2:CC6.3",
        "cis-azure-2.0:1.23",
    ],
    "An `azurerm_role_definition` lists `\"*\"` in `permissions { actions }`. Whoever is \
     assigned the role can do everything at its assignable scopes — including creating role \
     assignments for themselves and others — so it is an owner role that escapes the reviews \
     and Privileged Identity Management policies built around the real Owner role. PCI DSS \
     7.2.1/7.2.2 require access to be limited to what each job needs.",
    "List only the needed operations, e.g. `actions = \
     [\"Microsoft.Compute/virtualMachines/start/action\", \
     \"Microsoft.Compute/virtualMachines/read\"]`, and grant full control only through the \
     built-in Owner role under PIM.",
    &["https://learn.microsoft.com/en-us/azure/role-based-access-control/custom-roles"],
);

pub static CUSTOM_ROLE_WILDCARD: IacRule = IacRule {
    rule: &CUSTOM_ROLE_WILDCARD_RULE,
    format: Format::Terraform,
    kinds: &["azurerm_role_definition"],
    check: check_wildcard,
};

pub static CUSTOM_ROLE_WILDCARD_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CUSTOM_ROLE_WILDCARD
};

fn check_wildcard(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    for permissions in blocks(&resource.body, "permissions") {
        let Attr::Known(actions) = lookup(permissions, &["actions"]) else {
            continue;
        };
        if let Some(star) = actions
            .as_array()
            .and_then(|items| items.iter().find(|n: &&Node| n.as_str() == Some("*")))
        {
            out.extend(hit(
                star.span,
                format!("{}: custom role allows every action", resource.address),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn wildcard_roles() {
        let owner = r#"resource "azurerm_role_definition" "r" {
  name  = "platform-admin"
  scope = data.azurerm_subscription.primary.id
  permissions {
    actions     = ["*"]
    not_actions = []
  }
  assignable_scopes = [data.azurerm_subscription.primary.id]
}
"#;
        assert_eq!(run(&CUSTOM_ROLE_WILDCARD, owner), (1, Some(5)));
        let narrow = r#"resource "azurerm_role_definition" "r" {
  permissions {
    actions = ["Microsoft.Compute/virtualMachines/read"]
  }
}
"#;
        assert_eq!(run(&CUSTOM_ROLE_WILDCARD, narrow), (0, None));
    }
}
