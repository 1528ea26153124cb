//! Discord bot tokens and webhook URLs.

use super::{END, END_DOTTED, any_of, generated};
use crate::Check;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Discord bot token (`<base64 bot id>.<timestamp>.<HMAC>`) on a line that names Discord or
/// sends it with Discord's `Bot` authorization scheme. The first part must decode to a numeric
/// bot id.
pub static DISCORD_BOT_TOKEN: Rule = Rule {
    id: "secrets.discord-bot-token",
    title: "Discord bot token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Discord bot token is committed to the repository. Whoever holds it logs in as \
        the bot: it reads every channel and message the bot can see in every server it has \
        joined, posts as the bot, and uses its moderation permissions.",
    remediation: "Reset the token in the Discord Developer Portal (Applications → the app → Bot → \
        Reset Token), review the servers' audit logs, and load the new token from a secrets \
        manager.",
    references: &["https://discord.com/developers/docs/reference#authentication"],
};

/// ## What it finds
/// A Discord webhook URL (`https://discord.com/api/webhooks/<id>/<token>`).
pub static DISCORD_WEBHOOK_URL: Rule = Rule {
    id: "secrets.discord-webhook-url",
    title: "Discord webhook URL",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Discord webhook URL is committed to the repository. The token in the URL lets \
        anyone post messages to the channel under any name and avatar, or delete the webhook.",
    remediation: "Delete the webhook (channel settings → Integrations → Webhooks → Delete \
        Webhook), create a new one, and keep its URL in a secrets manager.",
    references: &["https://discord.com/developers/docs/resources/webhook"],
};

/// A bot token's first part is the base64 of the bot's numeric user id (a snowflake).
fn bot_token_check(secret: &[u8]) -> Check {
    let id = secret.split(|&b| b == b'.').next().unwrap_or_default();
    let decoded = URL_SAFE_NO_PAD
        .decode(id)
        .or_else(|_| STANDARD_NO_PAD.decode(id));
    match decoded {
        Ok(id) if (17..=20).contains(&id.len()) && id.iter().all(u8::is_ascii_digit) => {
            generated(secret)
        }
        _ => Check::Reject,
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &DISCORD_BOT_TOKEN,
            &["discord", "bot "],
            &any_of(&[&format!(
                r"(?:(?i:discord)[^\n]{{0,120}}?|\bBot[ \t]+)\b([MNO][A-Za-z0-9_-]{{23,27}}\.[A-Za-z0-9_-]{{6}}\.[A-Za-z0-9_-]{{27,40}}){END_DOTTED}"
            )]),
            1,
        )?
        .min_entropy(4.0)
        .check(bot_token_check),
        Detector::new(
            &DISCORD_WEBHOOK_URL,
            &["discord.com/api", "discordapp.com/api"],
            &any_of(&[&format!(
                r"https://(?:(?:canary|ptb)\.)?discord(?:app)?\.com/api/(?:v[0-9]{{1,2}}/)?webhooks/([0-9]{{17,20}}/[A-Za-z0-9_-]{{60,68}}){END}"
            )]),
            1,
        )?
        .min_entropy(4.0)
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

    /// `MTk3…` is the base64 of the bot id 1972172908270020786.
    const TOKEN: &str = concat!(
        "MTk3MjE3MjkwODI3MDAyMDc4Ng",
        ".0jsWRF.",
        "UEVoRHUChAlq3Ap4nVAk5BoFMyyJiM2HrkHzTK"
    );

    #[test]
    fn finds_bot_tokens_in_context() {
        assert_eq!(
            ids(&format!("DISCORD_BOT_TOKEN={TOKEN}")),
            ["secrets.discord-bot-token"]
        );
        assert_eq!(
            ids(&format!("headers = {{\"Authorization\": \"Bot {TOKEN}\"}}")),
            ["secrets.discord-bot-token"]
        );
    }

    #[test]
    fn ignores_tokens_without_context_or_numeric_id() {
        assert!(ids(&format!("token = {TOKEN}")).is_empty());
        let not_an_id = concat!(
            "NzQ2ZmluYW5jZW9wc2JvdHNY",
            ".0jsWRF.",
            "UEVoRHUChAlq3Ap4nVAk5BoFMyyJiM2HrkHzTK"
        );
        assert!(ids(&format!("DISCORD_TOKEN={not_an_id}")).is_empty());
        assert!(ids(&format!("DISCORD_TOKEN={TOKEN}.extra")).is_empty());
    }

    #[test]
    fn finds_webhook_urls() {
        let url = concat!(
            "https://discord.com/api/webhooks/",
            "1722654616018908956/",
            "UTY8d_ABM95PXR3iHGFi-lIcRfBkxjuc7pZJ3g9l6y1LRSEYONuWF6eMC6k0otdM4m_-"
        );
        assert_eq!(ids(url), ["secrets.discord-webhook-url"]);
    }

    #[test]
    fn ignores_webhook_urls_without_token() {
        assert!(ids("https://discord.com/api/webhooks/1722654616018908956/").is_empty());
        assert!(ids("https://discord.com/api/webhooks/{id}/{token}").is_empty());
    }
}
