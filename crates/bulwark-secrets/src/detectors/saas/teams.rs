//! Microsoft Teams incoming webhook and Workflows trigger URLs.

use super::{END, UUID, any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Microsoft Teams incoming webhook URL (`https://<tenant>.webhook.office.com/webhookb2/…`
/// or the older `outlook.office.com/webhook/…`), and a Power Automate or Logic Apps workflow
/// trigger URL with its `sig` signature, the replacement Teams recommends for webhooks.
pub static MICROSOFT_TEAMS_WEBHOOK_URL: Rule = Rule {
    id: "secrets.microsoft-teams-webhook-url",
    title: "Microsoft Teams webhook URL",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Microsoft Teams incoming webhook URL or workflow trigger URL is committed to \
        the repository. The URL is its own credential: anyone holding it can post cards into the \
        channel, for example phishing links that appear to come from an internal system.",
    remediation: "Remove the connector or workflow (channel → Manage channel → Connectors, or the \
        Workflows app) and create a new one, so that the URL or its signature changes; keep the \
        new URL in a secrets manager.",
    references: &[
        "https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook",
    ],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let connector = format!("{UUID}@{UUID}/IncomingWebhook/[a-f0-9]{{32}}/{UUID}");
    Ok(vec![
        Detector::new(
            &MICROSOFT_TEAMS_WEBHOOK_URL,
            &[
                "webhook.office.com",
                "outlook.office.com/webhook",
                "outlook.office365.com/webhook",
                "logic.azure.com",
                "powerplatform.com",
            ],
            &any_of(&[
                &format!(
                    r"https://[A-Za-z0-9\-]+\.webhook\.office\.com/webhookb2/({connector}(?:/V2[A-Za-z0-9_-]{{20,80}})?){END}"
                ),
                &format!(
                    r"https://outlook\.office(?:365)?\.com/webhook/({connector}){END}"
                ),
                // `sp=%2Ftriggers…`: the raw URL only, not its percent-decoded copy again.
                r#"https://[A-Za-z0-9.\-]+\.(?:logic\.azure\.com|api\.powerplatform\.com)(?::443)?/(?:powerautomate/automations/direct/)?workflows/[a-f0-9]{32}/triggers/[A-Za-z0-9_]+/paths/invoke\?[^\s"'<>/]*?\bsig=([A-Za-z0-9_\-]{40,})"#,
            ]),
            1,
        )?
        .alternative_group(2)
        .alternative_group(3)
        .check(generated),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const PATH: &str = concat!(
        "610c87bd-929f-4393-b329-58343f893fef@4ba412aa-2d8d-450b-93d6-aec3c07722fc",
        "/IncomingWebhook/9974cf41bf2bff4fc41953ff53df0e69/",
        "9d519de5-1466-45e3-8af0-58e9164ae665"
    );

    #[test]
    fn finds_incoming_webhooks() {
        let url = format!("https://finops.webhook.office.com/webhookb2/{PATH}");
        assert_eq!(ids(&url), ["secrets.microsoft-teams-webhook-url"]);
        let v2 = format!("{url}/V2PAxHASpPH_izw--MIRxS_ZQm4kq2XW6ndmL5wkj6");
        assert_eq!(ids(&v2), ["secrets.microsoft-teams-webhook-url"]);
        let legacy = format!("TEAMS_HOOK=https://outlook.office.com/webhook/{PATH}");
        assert_eq!(ids(&legacy), ["secrets.microsoft-teams-webhook-url"]);
    }

    #[test]
    fn finds_workflow_trigger_urls() {
        let url = format!(
            "https://prod-27.westeurope.logic.azure.com:443/workflows/{}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={}",
            "05b5c784c0ccac6ac334cad533c55309",
            concat!("fZxxmDrd3PUk4kw9ZPCnOIxt", "m4LOw1_UhaDJdD1kIEM")
        );
        assert_eq!(ids(&url), ["secrets.microsoft-teams-webhook-url"]);
    }

    #[test]
    fn ignores_incomplete_urls() {
        assert!(ids("https://finops.webhook.office.com/webhookb2/").is_empty());
        let unsigned = "https://prod-27.westeurope.logic.azure.com:443/workflows/05b5c784c0ccac6ac334cad533c55309/triggers/manual/paths/invoke?api-version=2016-06-01";
        assert!(ids(unsigned).is_empty());
        let truncated = format!(
            "https://finops.webhook.office.com/webhookb2/{}",
            &PATH[..80]
        );
        assert!(ids(&truncated).is_empty());
    }
}
