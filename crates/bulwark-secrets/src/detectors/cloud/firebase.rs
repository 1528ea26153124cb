//! Firebase Cloud Messaging server keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A legacy Firebase Cloud Messaging server key: `AAAA`, 7 characters, `:APA91b`, then the key
/// body. Device registration tokens (which share the `:APA91b` part but not the `AAAA` id) are
/// not reported.
pub static FIREBASE_FCM_SERVER_KEY: Rule = Rule {
    id: "secrets.firebase-cloud-messaging-server-key",
    title: "Firebase Cloud Messaging server key",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A legacy Firebase Cloud Messaging server key is committed to the repository. \
        Where the legacy API still accepts it, anyone can send push notifications to every \
        installation of the app — a ready-made phishing channel to your customers.",
    remediation: "Delete the server key (Firebase console → Project settings → Cloud Messaging, or \
        the matching API key in the Google Cloud console), and migrate to the HTTP v1 API, which \
        authenticates with short-lived OAuth tokens from a service account.",
    references: &["https://firebase.google.com/docs/cloud-messaging/migrate-v1"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        super::ascii_detector(
            &FIREBASE_FCM_SERVER_KEY,
            &["APA91b"],
            r"\b(AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{120,160})(?:[^A-Za-z0-9_-]|$)",
            1,
        )?
        .min_entropy(4.0)
        .check(super::plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const BODY: &str = concat!(
        "Ty5c4oc-ojHxtLWsGI4bdRt-9eejxY8u5YDjUQBNqfBvU7Q7XTOaQ9QDcF6fssIXIiHTremz2mU",
        "KEsjMRUFSZQhRP9VFEStrAa6Z5YMvisMNGRjykwMT7T2i-OwJGcvIEcBgZ5"
    );

    #[test]
    fn finds_server_keys() {
        let key = format!("AAAAmTPoeFG{}{BODY}", ":APA91b");
        assert_eq!(
            ids(&format!("Authorization: key={key}")),
            ["secrets.firebase-cloud-messaging-server-key"]
        );
    }

    #[test]
    fn ignores_registration_tokens_and_truncated_keys() {
        let registration = format!("zKmzEhqgkjRrayIbPdBPPd{}{BODY}", ":APA91b");
        assert!(ids(&registration).is_empty());
        let truncated = format!("AAAAmTPoeFG{}{}", ":APA91b", &BODY[..80]);
        assert!(ids(&truncated).is_empty());
    }
}
