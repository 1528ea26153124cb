//! Messaging, monitoring, identity, e-mail and AI SaaS APIs.
//!
//! One file per provider family; list each in [`detectors`]. The pattern pieces shared by the
//! families live here: a token with a distinctive prefix is matched on its own, a value without
//! one (32 hex characters, a UUID…) only where the provider's name assigns it.

mod airtable;
mod algolia;
mod anthropic;
mod auth0;
mod contentful;
mod datadog;
mod discord;
mod dropbox;
mod dynatrace;
mod easypost;
mod facebook;
mod figma;
mod groq;
mod hubspot;
mod huggingface;
mod intercom;
mod launchdarkly;
mod linear;
mod mailchimp;
mod mailgun;
mod mapbox;
mod newrelic;
mod notion;
mod okta;
mod openai;
mod opsgenie;
mod pagerduty;
mod perplexity;
mod postmark;
mod pusher;
mod replicate;
mod rollbar;
mod sendgrid;
mod sentry;
mod shippo;
mod slack;
mod splunk;
mod teams;
mod telegram;
mod twilio;
mod twitter;
mod typeform;
mod zendesk;

use crate::{Check, Detector};

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 43] = [
        airtable::detectors,
        algolia::detectors,
        anthropic::detectors,
        auth0::detectors,
        contentful::detectors,
        datadog::detectors,
        discord::detectors,
        dropbox::detectors,
        dynatrace::detectors,
        easypost::detectors,
        facebook::detectors,
        figma::detectors,
        groq::detectors,
        hubspot::detectors,
        huggingface::detectors,
        intercom::detectors,
        launchdarkly::detectors,
        linear::detectors,
        mailchimp::detectors,
        mailgun::detectors,
        mapbox::detectors,
        newrelic::detectors,
        notion::detectors,
        okta::detectors,
        openai::detectors,
        opsgenie::detectors,
        pagerduty::detectors,
        perplexity::detectors,
        postmark::detectors,
        pusher::detectors,
        replicate::detectors,
        rollbar::detectors,
        sendgrid::detectors,
        sentry::detectors,
        shippo::detectors,
        slack::detectors,
        splunk::detectors,
        teams::detectors,
        telegram::detectors,
        twilio::detectors,
        twitter::detectors,
        typeform::detectors,
        zendesk::detectors,
    ];
    super::collect(&families)
}

/// A UUID, in either case (Postmark, Opsgenie, Splunk HEC and HubSpot credentials are UUIDs).
const UUID: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// After a token whose alphabet has `-` or `_` (where `\b` would let a longer token match
/// truncated): the end of the text or a character that cannot continue the token.
const END: &str = r"(?:[^A-Za-z0-9_\-]|$)";

/// [`END`] for dot-separated tokens (`a.b.c`): a dot ends the token only if no token character
/// follows it, so `a.b.c.d` does not yield `a.b.c`, while a sentence's full stop still ends it.
const END_DOTTED: &str = r"(?:[^A-Za-z0-9_.\-]|\.(?:[^A-Za-z0-9_\-]|$)|$)";

/// A pattern matching any of `alternatives`, with ASCII-only classes and word boundaries (the
/// scanner reads bytes; Unicode-aware `\b` would only slow the regex engine down).
fn any_of(alternatives: &[&str]) -> String {
    format!("(?-u){}", alternatives.join("|"))
}

/// `name` (a regex), an assignment, optional quotes, and `value` as capture group 1. The
/// assignment is on the same line (`=`, `:`, `:=`, `=>`, a `,` between arguments, or blanks as in
/// `ENV NAME value`), an XML attribute pair (`key="NAME" value="…"`), or a Kubernetes-style
/// `name: NAME` line followed by its `value: …` line. The value must end there: a longer token
/// does not yield a truncated match.
fn assignment(name: &str, value: &str) -> String {
    format!(
        r#"{name}["'`]?\]?(?:[ \t]*(?::=|=>|[:=,])[ \t]*|[ \t]+|[ \t]+value[ \t]*=[ \t]*|[ \t]*\r?\n[ \t]*(?:-[ \t]*)?value[ \t]*:[ \t]*)["'`]?({value})(?:[^A-Za-z0-9_\-+/=]|$)"#
    )
}

/// [`assignment`] to a name made of the provider's name (case-insensitive), up to 20 identifier
/// characters, and the credential's kind: `DD_API_KEY`, `twilio.authToken`, `datadog.api.key`,
/// `X-Postmark-Server-Token`. Separators written `[_-]?` in `kind` also accept a dot.
fn assigned(provider: &str, kind: &str, value: &str) -> String {
    let kind = kind.replace("[_-]?", r"[_.\-]?");
    assignment(
        &format!(r"(?i:{provider})[A-Za-z0-9_.\-]{{0,20}}?(?i:{kind})"),
        value,
    )
}

/// `value` as the first, quoted, argument of `callee` (a regex ending before the parenthesis):
/// `mandrill.Mandrill("…")`, `rollbar.init('…')`.
fn first_argument(callee: &str, value: &str) -> String {
    format!(r#"{callee}\([ \t]*["'`]({value})["'`]"#)
}

/// Whether `secret` holds a run of `len` consecutive ascending or descending characters
/// (`123456`, `abcdef`, `FEDCBA`): typed by a person, vanishingly rare in a generated key.
fn has_sequence(secret: &[u8], len: usize) -> bool {
    let mut up = 1;
    let mut down = 1;
    for pair in secret.windows(2) {
        let (a, b) = (pair[0].to_ascii_lowercase(), pair[1].to_ascii_lowercase());
        let alphanumeric = a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric();
        up = if alphanumeric && b == a.wrapping_add(1) {
            up + 1
        } else {
            1
        };
        down = if alphanumeric && a == b.wrapping_add(1) {
            down + 1
        } else {
            1
        };
        if up >= len || down >= len {
            return true;
        }
    }
    false
}

/// Keeps generated-looking values; rejects hand-typed sequences (`0123456789abcdef…`).
fn generated(secret: &[u8]) -> Check {
    if has_sequence(secret, 6) {
        Check::Reject
    } else {
        Check::Keep
    }
}

/// [`generated`], for hexadecimal values: a random one has both digits and letters, a decimal
/// number or a word such as `deadbeef…` has not.
fn generated_hex(secret: &[u8]) -> Check {
    let digits = secret.iter().any(u8::is_ascii_digit);
    let letters = secret.iter().any(u8::is_ascii_alphabetic);
    if digits && letters {
        generated(secret)
    } else {
        Check::Reject
    }
}

/// [`generated`], for mixed-case alphabets: a random value has upper- and lower-case letters,
/// an identifier such as `hf_tokenizerconfigurationloader…` has not.
fn generated_mixed_case(secret: &[u8]) -> Check {
    let upper = secret.iter().any(u8::is_ascii_uppercase);
    let lower = secret.iter().any(u8::is_ascii_lowercase);
    if upper && lower {
        generated(secret)
    } else {
        Check::Reject
    }
}

#[cfg(test)]
pub(super) mod testing {
    use crate::SecretsAnalyzer;
    use crate::detectors::testing::rule_ids;
    use bulwark_core::{Analyzer, SourceFile};
    use std::sync::LazyLock;

    static GROUP: LazyLock<SecretsAnalyzer> = LazyLock::new(|| {
        SecretsAnalyzer::new(super::detectors().expect("saas detectors compile"))
            .expect("prefilter builds")
    });

    /// Rule ids the whole group reports for `text`.
    pub(crate) fn group_ids(text: &str) -> Vec<String> {
        GROUP
            .analyze(&SourceFile {
                path: "fixture",
                bytes: text.as_bytes(),
            })
            .findings
            .into_iter()
            .map(|f| f.rule_id)
            .collect()
    }

    /// Rule ids `family` reports for `text`, checking that no other family of the group reports
    /// anything else for it (one credential, one finding).
    pub(crate) fn found(family: super::super::Family, text: &str) -> Vec<String> {
        let own = rule_ids(family().expect("family compiles"), text);
        assert_eq!(own, group_ids(text), "other families report on {text:?}");
        own
    }
}

#[cfg(test)]
mod tests {
    use super::testing::group_ids;
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn rules_are_complete_and_unique() {
        let detectors = detectors().expect("compiles");
        let mut ids = BTreeSet::new();
        for detector in &detectors {
            for rule in detector.rules() {
                let topic = rule.id.strip_prefix("secrets.").unwrap_or_default();
                assert!(
                    !topic.is_empty()
                        && topic
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                    "{}: not secrets.<kebab-case>",
                    rule.id
                );
                assert!(ids.insert(rule.id), "{} is defined twice", rule.id);
                assert!(rule.cwe.contains(&"CWE-798"), "{}", rule.id);
                assert_eq!(rule.owasp, ["A07:2021"], "{}", rule.id);
                assert_eq!(rule.controls, super::super::CREDENTIAL_CONTROLS);
                assert!(!rule.title.is_empty() && rule.description.len() > 80);
                assert!(rule.remediation.len() > 80, "{}", rule.id);
                assert!(rule.references.iter().all(|r| r.starts_with("https://")));
                assert!(
                    !detector.keywords.is_empty(),
                    "{} runs on every file",
                    rule.id
                );
            }
        }
        assert_eq!(ids.len(), detectors.len(), "one rule per detector");
        assert!(ids.len() >= 48, "only {} detectors", ids.len());
    }

    #[test]
    fn look_alikes_are_not_reported() {
        // Lockfile integrity strings, digests, UUIDs, public keys and identifiers that share a
        // prefix or an alphabet with the group's tokens.
        let benign = [
            concat!(
                "\"integrity\": \"sha512-",
                "Kq5sNclPz7QV2+lfQIPGfxRM0yNFfbRtEXVg3fE9uTw6wgbyTrL1UPwYBl9KfGNq9hUbRNl7sf1F4RW4PTwhPw==\""
            ),
            concat!(
                "checksum = \"",
                "4c2bd6e4e4de4a1b9b8f2b2f6a1d7d0b9b8c3a1e2f4d5c6b7a8e9f0a1b2c3d4e\""
            ),
            concat!("commit ", "9fceb02d0ae598e95dc970b74767f19372d61af8"),
            concat!("request_id = ", "3f2b8c1e-9d4a-4e6f-8b7c-2a1d0e9f8c7b"),
            concat!("DD_TRACE_ID = ", "5d3c7a1f9e2b4c8d6a0f1e3b5c7d9a2f"),
            concat!(
                "ssh-ed25519 ",
                "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@bastion"
            ),
            concat!(
                "pk.",
                "eyJ1IjoiZmluLW9wcyIsImEiOiJjbHg4azJtNHAwcTNyN3MifQ.qG7vZb2sKx9LmT4wRj8nHd"
            ),
            "hf_hub_download(repo_id, filename)",
            "let key_cache = format!(\"key-{hash}\");",
            "Authorization: Bearer ${OPENAI_API_KEY}",
            concat!(
                "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/",
                "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
            ),
            concat!(
                "SENTRY_DSN=https://",
                "9b5edfe9b97230cef36d598bdc4ba90b@o12345.ingest.sentry.io/4504"
            ),
            concat!(
                "NEXT_PUBLIC_ALGOLIA_API_KEY=",
                "45c1a9aea986f404ab4ee0f915f541f6"
            ),
            concat!(
                "twilio_account_sid = ",
                "AC3161fa09060e1ccc4056cddecd779f0e"
            ),
        ];
        for text in benign {
            assert!(group_ids(text).is_empty(), "{text}: {:?}", group_ids(text));
        }
    }

    #[test]
    fn recognises_hand_typed_values() {
        assert!(has_sequence(b"0123456789abcdef", 6));
        assert!(has_sequence(b"zyxwvu", 6));
        assert!(!has_sequence(b"9c2fe41b7a06d38f", 6));
        assert_eq!(generated(b"9c2fe41b7a06d38f"), Check::Keep);
        assert_eq!(generated_hex(b"12345678901234567"), Check::Reject);
        assert_eq!(generated_hex(b"deadbeefdeadbeef"), Check::Reject);
        assert_eq!(generated_hex(b"9c2fe41b7a06d38f"), Check::Keep);
        assert_eq!(generated_mixed_case(b"abcxyzklm"), Check::Reject);
        assert_eq!(generated_mixed_case(b"qWeRtYzX"), Check::Keep);
    }
}
