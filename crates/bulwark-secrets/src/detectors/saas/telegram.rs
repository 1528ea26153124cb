//! Telegram bot tokens.

use super::{END, any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Telegram Bot API token: the bot's numeric id, `:`, and a 35-character secret starting `AA`.
pub static TELEGRAM_BOT_TOKEN: Rule = Rule {
    id: "secrets.telegram-bot-token",
    title: "Telegram bot token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Telegram bot token is committed to the repository. Whoever holds it controls \
        the bot: it receives the messages users send to it (often one-time codes or account \
        details), replies as the bot, and can redirect its webhook.",
    remediation: "Revoke the token with @BotFather (`/revoke`, then pick the bot), update the \
        bot's deployment from a secrets manager, and check the webhook with `getWebhookInfo`.",
    references: &["https://core.telegram.org/bots/api#authorizing-your-bot"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &TELEGRAM_BOT_TOKEN,
            &[":AA"],
            &any_of(&[&format!(
                r"(?:^|[^A-Za-z0-9_]|bot)([0-9]{{8,10}}:AA[A-Za-z0-9_-]{{33}}){END}"
            )]),
            1,
        )?
        .min_entropy(3.8)
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

    const TOKEN: &str = concat!("9766017801:", "AAUMBwJ2AsfJVYIykKh9mzFcG0ZXZbXirks");

    #[test]
    fn finds_bot_tokens() {
        assert_eq!(
            ids(&format!("TELEGRAM_BOT_TOKEN={TOKEN}")),
            ["secrets.telegram-bot-token"]
        );
        assert_eq!(
            ids(&format!("https://api.telegram.org/bot{TOKEN}/getUpdates")),
            ["secrets.telegram-bot-token"]
        );
    }

    #[test]
    fn ignores_other_shapes() {
        assert!(ids(&format!("{TOKEN}x")).is_empty(), "longer secret");
        assert!(ids(&format!("1{TOKEN}")).is_empty(), "longer id");
        assert!(ids("time 12345678:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").is_empty());
    }
}
