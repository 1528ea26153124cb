//! Managed data and platform services: Cosmos DB, Azure Cache for Redis, Container Registry,
//! Event Hubs and Service Bus.

use super::{first_written, forbid_true, forbid_values, is_one_of, require_off, require_on};
use crate::model::{Format, Resource, Value};
use crate::rules::terraform::{Attr, blocks, doc, hit, lookup, truthy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &COSMOS_LOCAL_AUTH,
        &COSMOS_LOCAL_AUTH_PLAN,
        &COSMOS_PUBLIC,
        &COSMOS_PUBLIC_PLAN,
        &COSMOS_CMK,
        &COSMOS_CMK_PLAN,
        &REDIS_NON_SSL,
        &REDIS_NON_SSL_PLAN,
        &REDIS_MIN_TLS,
        &REDIS_MIN_TLS_PLAN,
        &REDIS_PUBLIC,
        &REDIS_PUBLIC_PLAN,
        &ACR_ADMIN,
        &ACR_ADMIN_PLAN,
        &ACR_ANONYMOUS_PULL,
        &ACR_ANONYMOUS_PULL_PLAN,
        &ACR_PUBLIC,
        &ACR_PUBLIC_PLAN,
        &MESSAGING_MIN_TLS,
        &MESSAGING_MIN_TLS_PLAN,
        &MESSAGING_LOCAL_AUTH,
        &MESSAGING_LOCAL_AUTH_PLAN,
    ]
}

const COSMOS: &[&str] = &["azurerm_cosmosdb_account"];
const REDIS: &[&str] = &["azurerm_redis_cache"];
const ACR: &[&str] = &["azurerm_container_registry"];
const MESSAGING: &[&str] = &["azurerm_eventhub_namespace", "azurerm_servicebus_namespace"];
const EXPOSURE: &[&str] = &["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"];

static COSMOS_LOCAL_AUTH_RULE: Rule = doc(
    "iac.azure.cosmosdb-local-auth",
    "Cosmos DB account accepts account keys",
    Severity::Medium,
    &["CWE-1390"],
    &["A07:2021"],
    &[
        "pci-dss-4.0.1:8.2.2",
        "pci-dss-4.0.1:8.3.1",
        "soc2:CC6.1",
        "cis-azure-2.0:4.5.3",
    ],
    "An `azurerm_cosmosdb_account` (NoSQL API) leaves `local_authentication_disabled` at its \
     default `false`. The primary and secondary keys grant full read/write access to every \
     database in the account, never expire, and leave no individual identity in the logs; \
     Entra ID with Cosmos DB data-plane RBAC gives per-identity, revocable access.",
    "Set `local_authentication_disabled = true` and grant `Cosmos DB Built-in Data Reader` / \
     `Data Contributor` with `azurerm_cosmosdb_sql_role_assignment`.",
    &[
        "https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-setup-rbac",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/cosmosdb_account",
    ],
);

/// Whether the account uses an API other than NoSQL (where local auth cannot be disabled).
fn is_non_sql_api(resource: &Resource) -> bool {
    if matches!(lookup(&resource.body, &["kind"]), Attr::Known(k) if is_one_of(k, &["MongoDB"])) {
        return true;
    }
    blocks(&resource.body, "capabilities").iter().any(|c| {
        matches!(lookup(c, &["name"]), Attr::Known(n) if is_one_of(n, &["EnableMongo", "EnableCassandra", "EnableTable", "EnableGremlin"]))
    })
}

pub static COSMOS_LOCAL_AUTH: IacRule = IacRule {
    rule: &COSMOS_LOCAL_AUTH_RULE,
    format: Format::Terraform,
    kinds: COSMOS,
    check: |_, r| {
        if is_non_sql_api(r) {
            return Vec::new();
        }
        require_on(
            r,
            &["local_authentication_disabled"],
            "the block on key-based authentication",
        )
    },
};

pub static COSMOS_LOCAL_AUTH_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..COSMOS_LOCAL_AUTH
};

static COSMOS_PUBLIC_RULE: Rule = doc(
    "iac.azure.cosmosdb-public-network",
    "Cosmos DB account reachable from every network",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    EXPOSURE,
    "An `azurerm_cosmosdb_account` keeps public network access on (the default) with neither \
     virtual network filtering (`is_virtual_network_filter_enabled`) nor an `ip_range_filter`, \
     so its endpoint accepts requests from any internet address and a leaked key works from \
     anywhere.",
    "Set `public_network_access_enabled = false` and use a private endpoint, or restrict access \
     with `is_virtual_network_filter_enabled = true` plus `virtual_network_rule` blocks or an \
     `ip_range_filter` of known addresses.",
    &["https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-configure-firewall"],
);

pub static COSMOS_PUBLIC: IacRule = IacRule {
    rule: &COSMOS_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: COSMOS,
    check: check_cosmos_public,
};

pub static COSMOS_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..COSMOS_PUBLIC
};

fn check_cosmos_public(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let span = match lookup(&resource.body, &["public_network_access_enabled"]) {
        Attr::Known(n) => match truthy(n) {
            Some(true) => n.span,
            _ => return Vec::new(),
        },
        Attr::Missing => resource.span,
        Attr::Unknown => return Vec::new(),
    };
    match lookup(&resource.body, &["is_virtual_network_filter_enabled"]) {
        Attr::Known(n) if truthy(n) != Some(false) => return Vec::new(),
        Attr::Unknown => return Vec::new(),
        _ => {}
    }
    // `ip_range_filter` is a comma-separated string in azurerm 3.x and a set in 4.x.
    let filtered = match lookup(&resource.body, &["ip_range_filter"]) {
        Attr::Known(n) => match &n.value {
            Value::String(s) => !s.trim().is_empty(),
            Value::Array(items) => !items.is_empty(),
            _ => true,
        },
        Attr::Unknown => true,
        Attr::Missing => false,
    };
    if filtered {
        return Vec::new();
    }
    hit(
        span,
        format!(
            "{}: public network access with no IP or virtual network filter",
            resource.address
        ),
    )
}

static COSMOS_CMK_RULE: Rule = doc(
    "iac.azure.cosmosdb-cmk",
    "Cosmos DB account not encrypted with a customer-managed key",
    Severity::Low,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:3.6.1", "soc2:CC6.1"],
    "An `azurerm_cosmosdb_account` has no `key_vault_key_id` (or `managed_hsm_key_id`), so its \
     data is encrypted only with service-managed keys the bank cannot rotate, audit or revoke. \
     The key can only be chosen when the account is created.",
    "Set `key_vault_key_id = azurerm_key_vault_key.cosmos.versionless_id` when creating the \
     account, after granting Cosmos DB access to the key.",
    &["https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-setup-cmk"],
);

pub static COSMOS_CMK: IacRule = IacRule {
    rule: &COSMOS_CMK_RULE,
    format: Format::Terraform,
    kinds: COSMOS,
    check: |_, r| match first_written(&r.body, &["key_vault_key_id", "managed_hsm_key_id"]).0 {
        Attr::Missing => hit(
            r.span,
            format!(
                "{}: no customer-managed key (service-managed keys only)",
                r.address
            ),
        ),
        _ => Vec::new(),
    },
};

pub static COSMOS_CMK_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..COSMOS_CMK
};

static REDIS_NON_SSL_RULE: Rule = doc(
    "iac.azure.redis-non-ssl-port",
    "Redis cache serves the unencrypted port",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `azurerm_redis_cache` sets `non_ssl_port_enabled = true` (azurerm 4.x; \
     `enable_non_ssl_port` in 3.x), opening port 6379 without TLS. The access key and cached \
     data — sessions, tokens, account details — then cross the network in clear.",
    "Remove the attribute (the default is `false`) and connect on port 6380 with TLS.",
    &["https://learn.microsoft.com/en-us/azure/azure-cache-for-redis/cache-configure#access-ports"],
);

pub static REDIS_NON_SSL: IacRule = IacRule {
    rule: &REDIS_NON_SSL_RULE,
    format: Format::Terraform,
    kinds: REDIS,
    check: |_, r| {
        forbid_true(
            r,
            &["non_ssl_port_enabled", "enable_non_ssl_port"],
            "opens the port without TLS",
        )
    },
};

pub static REDIS_NON_SSL_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..REDIS_NON_SSL
};

static REDIS_MIN_TLS_RULE: Rule = doc(
    "iac.azure.redis-min-tls",
    "Redis cache allows TLS older than 1.2",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `azurerm_redis_cache` sets `minimum_tls_version` to `1.0` or `1.1`, protocol versions \
     that are deprecated and not accepted as strong cryptography under PCI DSS.",
    "Set `minimum_tls_version = \"1.2\"` (the default).",
    &["https://learn.microsoft.com/en-us/azure/azure-cache-for-redis/cache-remove-tls-10-11"],
);

pub static REDIS_MIN_TLS: IacRule = IacRule {
    rule: &REDIS_MIN_TLS_RULE,
    format: Format::Terraform,
    kinds: REDIS,
    check: |_, r| {
        forbid_values(
            r,
            &["minimum_tls_version"],
            &["1.0", "1.1"],
            "allows TLS older than 1.2",
        )
    },
};

pub static REDIS_MIN_TLS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..REDIS_MIN_TLS
};

static REDIS_PUBLIC_RULE: Rule = doc(
    "iac.azure.redis-public-network",
    "Redis cache reachable over its public endpoint",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    EXPOSURE,
    "An `azurerm_redis_cache` not injected into a virtual network (`subnet_id`) leaves \
     `public_network_access_enabled` at its default `true`. The cache — protected only by a \
     shared access key — is reachable from the internet.",
    "Set `public_network_access_enabled = false` and connect through an \
     `azurerm_private_endpoint` (subresource `redisCache`).",
    &["https://learn.microsoft.com/en-us/azure/azure-cache-for-redis/cache-private-link"],
);

pub static REDIS_PUBLIC: IacRule = IacRule {
    rule: &REDIS_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: REDIS,
    check: |_, r| {
        if !matches!(lookup(&r.body, &["subnet_id"]), Attr::Missing) {
            return Vec::new();
        }
        require_off(
            r,
            &["public_network_access_enabled"],
            "puts the cache on the internet",
        )
    },
};

pub static REDIS_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..REDIS_PUBLIC
};

static ACR_ADMIN_RULE: Rule = doc(
    "iac.azure.acr-admin-user",
    "Container registry admin user enabled",
    Severity::Medium,
    &["CWE-798"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.2.2", "pci-dss-4.0.1:8.6.2", "soc2:CC6.1"],
    "An `azurerm_container_registry` sets `admin_enabled = true`. The admin account is a single \
     shared user name and password with push and pull rights on every repository; it ends up in \
     pipeline variables and kubeconfigs, and whoever holds it can replace production images.",
    "Remove `admin_enabled` (the default is `false`) and authenticate with managed identities \
     or service principals holding `AcrPull` / `AcrPush` roles.",
    &[
        "https://learn.microsoft.com/en-us/azure/container-registry/container-registry-authentication#admin-account",
    ],
);

pub static ACR_ADMIN: IacRule = IacRule {
    rule: &ACR_ADMIN_RULE,
    format: Format::Terraform,
    kinds: ACR,
    check: |_, r| forbid_true(r, &["admin_enabled"], "enables the shared admin account"),
};

pub static ACR_ADMIN_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ACR_ADMIN
};

static ACR_ANONYMOUS_PULL_RULE: Rule = doc(
    "iac.azure.acr-anonymous-pull",
    "Container registry allows anonymous pulls",
    Severity::Medium,
    &["CWE-284"],
    &["A01:2021"],
    &["pci-dss-4.0.1:7.2.1", "soc2:CC6.1"],
    "An `azurerm_container_registry` sets `anonymous_pull_enabled = true`, so anyone who can \
     reach the registry can download every image — and with it the application code, embedded \
     configuration and any secret accidentally baked into a layer.",
    "Remove `anonymous_pull_enabled` (the default is `false`) and grant `AcrPull` to the \
     identities that deploy.",
    &["https://learn.microsoft.com/en-us/azure/container-registry/anonymous-pull-access"],
);

pub static ACR_ANONYMOUS_PULL: IacRule = IacRule {
    rule: &ACR_ANONYMOUS_PULL_RULE,
    format: Format::Terraform,
    kinds: ACR,
    check: |_, r| forbid_true(r, &["anonymous_pull_enabled"], "lets anyone pull images"),
};

pub static ACR_ANONYMOUS_PULL_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ACR_ANONYMOUS_PULL
};

static ACR_PUBLIC_RULE: Rule = doc(
    "iac.azure.acr-public-network",
    "Premium container registry reachable from every network",
    Severity::Low,
    &["CWE-284"],
    &["A01:2021"],
    EXPOSURE,
    "A Premium `azurerm_container_registry` — the tier that supports network restrictions — \
     keeps public network access on and has no `network_rule_set` with `default_action = \
     \"Deny\"`. The registry holding the bank's production images then accepts pushes and pulls \
     from any internet address.",
    "Set `public_network_access_enabled = false` with a private endpoint, or \
     `network_rule_set { default_action = \"Deny\" ip_rule { action = \"Allow\" ip_range = \
     \"203.0.113.0/24\" } }`.",
    &[
        "https://learn.microsoft.com/en-us/azure/container-registry/container-registry-access-selected-networks",
    ],
);

pub static ACR_PUBLIC: IacRule = IacRule {
    rule: &ACR_PUBLIC_RULE,
    format: Format::Terraform,
    kinds: ACR,
    check: check_acr_public,
};

pub static ACR_PUBLIC_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ACR_PUBLIC
};

fn check_acr_public(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if !matches!(lookup(&resource.body, &["sku"]), Attr::Known(s) if is_one_of(s, &["Premium"])) {
        return Vec::new();
    }
    match lookup(&resource.body, &["public_network_access_enabled"]) {
        Attr::Known(n) if truthy(n) == Some(false) => return Vec::new(),
        Attr::Unknown => return Vec::new(),
        _ => {}
    }
    match lookup(&resource.body, &["network_rule_set", "default_action"]) {
        Attr::Known(a) if is_one_of(a, &["Allow"]) => hit(
            a.span,
            format!(
                "{}: network rules default to `Allow`: reachable from any network",
                resource.address
            ),
        ),
        Attr::Missing => hit(
            resource.span,
            format!(
                "{}: no network rule set denying by default: reachable from any network",
                resource.address
            ),
        ),
        _ => Vec::new(),
    }
}

static MESSAGING_MIN_TLS_RULE: Rule = doc(
    "iac.azure.messaging-min-tls",
    "Event Hubs/Service Bus namespace allows TLS older than 1.2",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `azurerm_eventhub_namespace` or `azurerm_servicebus_namespace` sets \
     `minimum_tls_version` to `1.0` or `1.1`. Payment and customer events published or consumed \
     over those deprecated protocols are not protected by strong cryptography.",
    "Set `minimum_tls_version = \"1.2\"` (the default).",
    &[
        "https://learn.microsoft.com/en-us/azure/event-hubs/transport-layer-security-configure-minimum-version",
        "https://learn.microsoft.com/en-us/azure/service-bus-messaging/transport-layer-security-configure-minimum-version",
    ],
);

pub static MESSAGING_MIN_TLS: IacRule = IacRule {
    rule: &MESSAGING_MIN_TLS_RULE,
    format: Format::Terraform,
    kinds: MESSAGING,
    check: |_, r| {
        forbid_values(
            r,
            &["minimum_tls_version"],
            &["1.0", "1.1"],
            "allows TLS older than 1.2",
        )
    },
};

pub static MESSAGING_MIN_TLS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..MESSAGING_MIN_TLS
};

static MESSAGING_LOCAL_AUTH_RULE: Rule = doc(
    "iac.azure.messaging-local-auth",
    "Event Hubs/Service Bus namespace accepts SAS keys",
    Severity::Low,
    &["CWE-1390"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.2.2", "pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "An `azurerm_eventhub_namespace` leaves `local_authentication_enabled`, or an \
     `azurerm_servicebus_namespace` leaves `local_auth_enabled`, at its default `true`. Shared \
     access signature keys — shared, long-lived, with no individual identity in the logs — can \
     then send and receive messages next to Entra ID.",
    "Set `local_authentication_enabled = false` (Event Hubs) or `local_auth_enabled = false` \
     (Service Bus) and grant `Azure Event Hubs Data Sender/Receiver` or `Azure Service Bus Data \
     Sender/Receiver` roles.",
    &["https://learn.microsoft.com/en-us/azure/service-bus-messaging/disable-local-authentication"],
);

pub static MESSAGING_LOCAL_AUTH: IacRule = IacRule {
    rule: &MESSAGING_LOCAL_AUTH_RULE,
    format: Format::Terraform,
    kinds: MESSAGING,
    check: |_, r| {
        let name = if r.kind == "azurerm_eventhub_namespace" {
            "local_authentication_enabled"
        } else {
            "local_auth_enabled"
        };
        require_off(r, &[name], "lets SAS keys authenticate")
    },
};

pub static MESSAGING_LOCAL_AUTH_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..MESSAGING_LOCAL_AUTH
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn cosmos() {
        let bare =
            "resource \"azurerm_cosmosdb_account\" \"c\" {\n  kind = \"GlobalDocumentDB\"\n}\n";
        for rule in [&COSMOS_LOCAL_AUTH, &COSMOS_PUBLIC, &COSMOS_CMK] {
            assert_eq!(run(rule, bare), (1, Some(1)), "{}", rule.rule.id);
        }
        let good = r#"resource "azurerm_cosmosdb_account" "c" {
  kind                          = "GlobalDocumentDB"
  local_authentication_disabled = true
  ip_range_filter               = ["203.0.113.0/24"]
  key_vault_key_id              = azurerm_key_vault_key.k.versionless_id
}
"#;
        for rule in [&COSMOS_LOCAL_AUTH, &COSMOS_PUBLIC, &COSMOS_CMK] {
            assert_eq!(run(rule, good), (0, None), "{}", rule.rule.id);
        }
        let mongo = "resource \"azurerm_cosmosdb_account\" \"c\" {\n  kind = \"MongoDB\"\n  public_network_access_enabled = true\n  is_virtual_network_filter_enabled = false\n  ip_range_filter = \"\"\n}\n";
        assert_eq!(run(&COSMOS_LOCAL_AUTH, mongo), (0, None));
        assert_eq!(run(&COSMOS_PUBLIC, mongo), (1, Some(3)));
    }

    #[test]
    fn redis() {
        let bad = r#"resource "azurerm_redis_cache" "r" {
  enable_non_ssl_port           = true
  minimum_tls_version           = "1.0"
  public_network_access_enabled = true
}
"#;
        assert_eq!(run(&REDIS_NON_SSL, bad), (1, Some(2)));
        assert_eq!(run(&REDIS_MIN_TLS, bad), (1, Some(3)));
        assert_eq!(run(&REDIS_PUBLIC, bad), (1, Some(4)));
        let good = r#"resource "azurerm_redis_cache" "r" {
  non_ssl_port_enabled          = false
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false
}
"#;
        for rule in [&REDIS_NON_SSL, &REDIS_MIN_TLS, &REDIS_PUBLIC] {
            assert_eq!(run(rule, good), (0, None), "{}", rule.rule.id);
        }
        let injected =
            "resource \"azurerm_redis_cache\" \"r\" {\n  subnet_id = azurerm_subnet.s.id\n}\n";
        assert_eq!(run(&REDIS_PUBLIC, injected), (0, None));
    }

    #[test]
    fn registry() {
        let bad = r#"resource "azurerm_container_registry" "acr" {
  sku                    = "Premium"
  admin_enabled          = true
  anonymous_pull_enabled = true
}
"#;
        assert_eq!(run(&ACR_ADMIN, bad), (1, Some(3)));
        assert_eq!(run(&ACR_ANONYMOUS_PULL, bad), (1, Some(4)));
        assert_eq!(run(&ACR_PUBLIC, bad), (1, Some(1)));
        let good = r#"resource "azurerm_container_registry" "acr" {
  sku = "Premium"
  network_rule_set {
    default_action = "Deny"
  }
}
"#;
        for rule in [&ACR_ADMIN, &ACR_ANONYMOUS_PULL, &ACR_PUBLIC] {
            assert_eq!(run(rule, good), (0, None), "{}", rule.rule.id);
        }
        let basic = "resource \"azurerm_container_registry\" \"acr\" {\n  sku = \"Basic\"\n}\n";
        assert_eq!(run(&ACR_PUBLIC, basic), (0, None));
    }

    #[test]
    fn messaging() {
        let eh =
            "resource \"azurerm_eventhub_namespace\" \"e\" {\n  minimum_tls_version = \"1.1\"\n}\n";
        assert_eq!(run(&MESSAGING_MIN_TLS, eh), (1, Some(2)));
        assert_eq!(run(&MESSAGING_LOCAL_AUTH, eh), (1, Some(1)));
        let sb = "resource \"azurerm_servicebus_namespace\" \"s\" {\n  minimum_tls_version = \"1.2\"\n  local_auth_enabled = false\n}\n";
        assert_eq!(run(&MESSAGING_MIN_TLS, sb), (0, None));
        assert_eq!(run(&MESSAGING_LOCAL_AUTH, sb), (0, None));
        let eh_off = "resource \"azurerm_eventhub_namespace\" \"e\" {\n  local_authentication_enabled = true\n}\n";
        assert_eq!(run(&MESSAGING_LOCAL_AUTH, eh_off), (1, Some(2)));
    }
}
