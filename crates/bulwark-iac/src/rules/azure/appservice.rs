//! App Service web and function apps (current `azurerm_{linux,windows}_{web,function}_app`
//! resources, their slots, and the legacy `azurerm_app_service` / `azurerm_function_app`):
//! HTTPS only, TLS version, FTP, client certificates, managed identity, remote debugging, CORS.

use super::{first_written, forbid_true, forbid_values, require_block, require_on};
use crate::model::{Format, Node, Resource};
use crate::rules::terraform::{Attr, doc, hit, lookup};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &HTTPS_ONLY,
        &HTTPS_ONLY_PLAN,
        &MIN_TLS,
        &MIN_TLS_PLAN,
        &FTPS,
        &FTPS_PLAN,
        &CLIENT_CERTS,
        &CLIENT_CERTS_PLAN,
        &MANAGED_IDENTITY,
        &MANAGED_IDENTITY_PLAN,
        &REMOTE_DEBUGGING,
        &REMOTE_DEBUGGING_PLAN,
        &CORS_WILDCARD,
        &CORS_WILDCARD_PLAN,
    ]
}

const APPS: &[&str] = &[
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_linux_web_app_slot",
    "azurerm_windows_web_app_slot",
    "azurerm_linux_function_app_slot",
    "azurerm_windows_function_app_slot",
    "azurerm_app_service",
    "azurerm_app_service_slot",
    "azurerm_function_app",
    "azurerm_function_app_slot",
];

/// The azurerm 2.x/3.x resources replaced by the Linux/Windows ones, whose Azure-side defaults
/// differ (FTP allowed).
const LEGACY: &[&str] = &[
    "azurerm_app_service",
    "azurerm_app_service_slot",
    "azurerm_function_app",
    "azurerm_function_app_slot",
];

static HTTPS_ONLY_RULE: Rule = doc(
    "iac.azure.app-service-https-only",
    "App Service app accepts plain HTTP",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "A web or function app leaves `https_only` at its default `false`, so it also answers on \
     plain HTTP: session cookies, tokens and customer data can be read or altered by anyone on \
     the network path, and users can be downgraded from HTTPS. PCI DSS 4.2.1 requires strong \
     cryptography for data in transit over open networks.",
    "Set `https_only = true`; App Service then redirects every HTTP request to HTTPS.",
    &[
        "https://learn.microsoft.com/en-us/azure/app-service/configure-ssl-bindings#enforce-https",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app",
    ],
);

pub static HTTPS_ONLY: IacRule = IacRule {
    rule: &HTTPS_ONLY_RULE,
    format: Format::Terraform,
    kinds: APPS,
    check: |_, r| require_on(r, &["https_only"], "HTTPS-only"),
};

pub static HTTPS_ONLY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..HTTPS_ONLY
};

static MIN_TLS_RULE: Rule = doc(
    "iac.azure.app-service-min-tls",
    "App Service app allows TLS older than 1.2",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7", "cis-azure-2.0:9.3"],
    "A web or function app sets `site_config { minimum_tls_version }` (or \
     `scm_minimum_tls_version` for the deployment site, or `min_tls_version` on legacy \
     resources) to `1.0` or `1.1`. Clients can then negotiate deprecated protocols that PCI DSS \
     does not accept as strong cryptography.",
    "Set `minimum_tls_version = \"1.2\"` (the default) or `\"1.3\"`, and the same for \
     `scm_minimum_tls_version`.",
    &["https://learn.microsoft.com/en-us/azure/app-service/overview-tls"],
);

pub static MIN_TLS: IacRule = IacRule {
    rule: &MIN_TLS_RULE,
    format: Format::Terraform,
    kinds: APPS,
    check: |_, r| {
        let mut out = Vec::new();
        for path in [
            "site_config.minimum_tls_version",
            "site_config.min_tls_version",
            "site_config.scm_minimum_tls_version",
        ] {
            out.extend(forbid_values(
                r,
                &[path],
                &["1.0", "1.1"],
                "allows TLS older than 1.2",
            ));
        }
        out
    },
};

pub static MIN_TLS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..MIN_TLS
};

static FTPS_RULE: Rule = doc(
    "iac.azure.app-service-ftp",
    "App Service app allows plain FTP deployment",
    Severity::Medium,
    &["CWE-319"],
    &["A02:2021"],
    &[
        "pci-dss-4.0.1:4.2.1",
        "pci-dss-4.0.1:8.3.2",
        "cis-azure-2.0:9.10",
    ],
    "A web or function app sets `site_config { ftps_state = \"AllAllowed\" }` — or, for the \
     legacy `azurerm_app_service` / `azurerm_function_app`, leaves it unset so Azure's default \
     `AllAllowed` applies. Deployment credentials and application code then cross the network \
     in clear over FTP; whoever captures them can replace the application.",
    "Set `ftps_state = \"Disabled\"` (the default of the current resources) and deploy with \
     zip deploy or a pipeline using Entra ID; use `\"FtpsOnly\"` if FTP is unavoidable.",
    &["https://learn.microsoft.com/en-us/azure/app-service/deploy-ftp"],
);

pub static FTPS: IacRule = IacRule {
    rule: &FTPS_RULE,
    format: Format::Terraform,
    kinds: APPS,
    check: check_ftps,
};

pub static FTPS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..FTPS
};

fn check_ftps(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    match lookup(&resource.body, &["site_config", "ftps_state"]) {
        Attr::Missing if LEGACY.contains(&resource.kind.as_str()) => hit(
            resource.span,
            format!(
                "{}: `site_config.ftps_state` is not set (Azure allows plain FTP)",
                resource.address
            ),
        ),
        Attr::Known(_) => forbid_values(
            resource,
            &["site_config.ftps_state"],
            &["AllAllowed"],
            "allows plain FTP",
        ),
        _ => Vec::new(),
    }
}

static CLIENT_CERTS_RULE: Rule = doc(
    "iac.azure.app-service-client-certs",
    "App Service app does not require client certificates",
    Severity::Low,
    &["CWE-295"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.3.1", "soc2:CC6.1", "cis-azure-2.0:9.4"],
    "A web or function app leaves `client_certificate_enabled` (`client_cert_enabled` on legacy \
     resources) unset or `false`, so it never asks callers for a certificate. For internal APIs \
     and service-to-service calls, mutual TLS ensures only clients holding a certificate the \
     bank issued can reach the application at all.",
    "Set `client_certificate_enabled = true` and `client_certificate_mode = \"Required\"`, and \
     validate the certificate (`X-ARR-ClientCert`) in the application.",
    &[
        "https://learn.microsoft.com/en-us/azure/app-service/app-service-web-configure-tls-mutual-auth",
    ],
);

pub static CLIENT_CERTS: IacRule = IacRule {
    rule: &CLIENT_CERTS_RULE,
    format: Format::Terraform,
    kinds: APPS,
    check: |_, r| {
        require_on(
            r,
            &["client_certificate_enabled", "client_cert_enabled"],
            "client certificate authentication",
        )
    },
};

pub static CLIENT_CERTS_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CLIENT_CERTS
};

static MANAGED_IDENTITY_RULE: Rule = doc(
    "iac.azure.app-service-managed-identity",
    "App Service app without a managed identity",
    Severity::Low,
    &["CWE-798"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.6.2", "soc2:CC6.1"],
    "A web or function app has no `identity` block. Without a managed identity it must reach Key \
     Vault, databases and storage with secrets kept in app settings or connection strings — \
     credentials that are copied, logged and rarely rotated (PCI DSS 8.6.2 forbids hard-coded \
     credentials for system accounts).",
    "```hcl\nidentity {\n  type = \"SystemAssigned\"\n}\n```\nthen grant the identity roles and \
     use Key Vault references (`@Microsoft.KeyVault(...)`) instead of secrets in settings.",
    &["https://learn.microsoft.com/en-us/azure/app-service/overview-managed-identity"],
);

pub static MANAGED_IDENTITY: IacRule = IacRule {
    rule: &MANAGED_IDENTITY_RULE,
    format: Format::Terraform,
    kinds: APPS,
    check: |_, r| require_block(r, "identity", "it has no managed identity"),
};

pub static MANAGED_IDENTITY_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..MANAGED_IDENTITY
};

static REMOTE_DEBUGGING_RULE: Rule = doc(
    "iac.azure.app-service-remote-debugging",
    "App Service app has remote debugging enabled",
    Severity::Medium,
    &["CWE-489"],
    &["A05:2021"],
    &["pci-dss-4.0.1:2.2.4", "soc2:CC6.6"],
    "A web or function app sets `site_config { remote_debugging_enabled = true }`, opening \
     debugger ports on the worker. A debugger attached to production reads memory — tokens, \
     keys, customer data — and changes execution; PCI DSS 2.2.4 requires unnecessary \
     functionality to be disabled.",
    "Remove `remote_debugging_enabled` (the default is `false`) and debug in a non-production \
     slot.",
    &["https://learn.microsoft.com/en-us/azure/app-service/configure-common"],
);

pub static REMOTE_DEBUGGING: IacRule = IacRule {
    rule: &REMOTE_DEBUGGING_RULE,
    format: Format::Terraform,
    kinds: APPS,
    check: |_, r| {
        forbid_true(
            r,
            &["site_config.remote_debugging_enabled"],
            "opens remote debugging",
        )
    },
};

pub static REMOTE_DEBUGGING_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..REMOTE_DEBUGGING
};

static CORS_WILDCARD_RULE: Rule = doc(
    "iac.azure.app-service-cors-wildcard",
    "App Service app allows cross-origin requests from any site",
    Severity::Medium,
    &["CWE-942"],
    &["A05:2021"],
    &["pci-dss-4.0.1:6.2.4", "soc2:CC6.6"],
    "A web or function app lists `\"*\"` in `site_config { cors { allowed_origins } }`. Scripts \
     on any website can then call the API from a victim's browser and read the responses, so a \
     single malicious page can harvest account data from logged-in customers.",
    "List the exact front-end origins, e.g. `allowed_origins = \
     [\"https://online.examplebank.com\"]`.",
    &["https://learn.microsoft.com/en-us/azure/app-service/app-service-web-tutorial-rest-api"],
);

pub static CORS_WILDCARD: IacRule = IacRule {
    rule: &CORS_WILDCARD_RULE,
    format: Format::Terraform,
    kinds: APPS,
    check: |_, r| match first_written(&r.body, &["site_config.cors.allowed_origins"]).0 {
        Attr::Known(origins) => match origins
            .as_array()
            .and_then(|items| items.iter().find(|n: &&Node| n.as_str() == Some("*")))
        {
            Some(star) => hit(
                star.span,
                format!("{}: CORS allows every origin", r.address),
            ),
            None => Vec::new(),
        },
        _ => Vec::new(),
    },
};

pub static CORS_WILDCARD_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..CORS_WILDCARD
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    const BAD: &str = r#"resource "azurerm_linux_web_app" "w" {
  name       = "online-banking"
  https_only = false
  site_config {
    minimum_tls_version      = "1.0"
    ftps_state               = "AllAllowed"
    remote_debugging_enabled = true
    cors {
      allowed_origins = ["https://online.example.com", "*"]
    }
  }
}
"#;

    const GOOD: &str = r#"resource "azurerm_windows_function_app" "f" {
  name                       = "payments-api"
  https_only                 = true
  client_certificate_enabled = true
  identity {
    type = "SystemAssigned"
  }
  site_config {
    minimum_tls_version = "1.2"
    cors {
      allowed_origins = ["https://online.example.com"]
    }
  }
}
"#;

    #[test]
    fn web_apps() {
        assert_eq!(run(&HTTPS_ONLY, BAD), (1, Some(3)));
        assert_eq!(run(&MIN_TLS, BAD), (1, Some(5)));
        assert_eq!(run(&FTPS, BAD), (1, Some(6)));
        assert_eq!(run(&REMOTE_DEBUGGING, BAD), (1, Some(7)));
        assert_eq!(run(&CORS_WILDCARD, BAD), (1, Some(9)));
        assert_eq!(run(&CLIENT_CERTS, BAD), (1, Some(1)));
        assert_eq!(run(&MANAGED_IDENTITY, BAD), (1, Some(1)));
        for rule in [
            &HTTPS_ONLY,
            &MIN_TLS,
            &FTPS,
            &REMOTE_DEBUGGING,
            &CORS_WILDCARD,
            &CLIENT_CERTS,
            &MANAGED_IDENTITY,
        ] {
            assert_eq!(run(rule, GOOD), (0, None), "{}", rule.rule.id);
        }
    }

    #[test]
    fn legacy_defaults() {
        let legacy = "resource \"azurerm_app_service\" \"a\" {\n  site_config {\n    min_tls_version = \"1.1\"\n  }\n}\n";
        assert_eq!(run(&FTPS, legacy), (1, Some(1)));
        assert_eq!(run(&MIN_TLS, legacy), (1, Some(3)));
        assert_eq!(run(&HTTPS_ONLY, legacy), (1, Some(1)));
        let current = "resource \"azurerm_linux_web_app\" \"w\" {\n  site_config {}\n}\n";
        assert_eq!(run(&FTPS, current), (0, None));
        let scm = "resource \"azurerm_linux_function_app\" \"f\" {\n  site_config {\n    scm_minimum_tls_version = \"1.1\"\n  }\n}\n";
        assert_eq!(run(&MIN_TLS, scm), (1, Some(3)));
    }
}
