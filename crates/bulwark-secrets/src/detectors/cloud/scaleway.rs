//! Scaleway API keys.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Scaleway API access key: `SCW` followed by 17 upper-case letters and digits.
pub static SCALEWAY_ACCESS_KEY: Rule = Rule {
    id: "secrets.scaleway-access-key",
    title: "Scaleway access key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Scaleway API access key is committed to the repository. It is the public half \
        of an API key and is nearly always stored next to its secret key; together they carry the \
        IAM permissions of the user or application that owns them.",
    remediation: "Delete the API key (console → IAM → API keys → Delete, or `scw iam api-key \
        delete`), create a replacement bound to an IAM application with a least-privilege policy, \
        and load it from Secret Manager or the CI platform's secret store.",
    references: &[],
};

/// ## What it finds
/// A Scaleway API secret key (a UUID) assigned to a `…secret_key` name shortly after a Scaleway
/// keyword (`SCW_SECRET_KEY`, a `provider "scaleway"` block, `secret_key` under an `SCW…` access
/// key), or right after an `SCW` access key on the same line.
pub static SCALEWAY_SECRET_KEY: Rule = Rule {
    id: "secrets.scaleway-secret-key",
    title: "Scaleway secret key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Scaleway API secret key is committed to the repository. It authenticates API \
        and S3-compatible Object Storage requests with the owner's IAM permissions: instances, \
        Kubernetes clusters, databases and buckets of the organisation.",
    remediation: "Delete the API key the secret belongs to (console → IAM → API keys → Delete), \
        review the audit trail, and issue a scoped replacement for an IAM application, stored in \
        Scaleway Secret Manager or the CI secret store.",
    references: &[],
};

const UUID: &str = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ASSIGN: &str = r#"["']?\s*(?::|=>|:=|=)\s*["']?"#;

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    // A `…secret_key` assignment in the window after a Scaleway keyword (`SCW_SECRET_KEY`,
    // `secret_key` in a `provider "scaleway"` block or under an `SCW…` access key in
    // `config.yaml`), or a secret following its access key on the same line (CSV).
    let secret = format!(
        r#"(?:(?i:[\w.-]{{0,30}}secret[_.-]?key){ASSIGN}({UUID})\b|\bSCW[A-Z0-9]{{17}}[\s,;:|"']{{1,5}}({UUID})\b)"#
    );
    Ok(vec![
        super::ascii_detector(&SCALEWAY_ACCESS_KEY, &["SCW"], r"\bSCW[A-Z0-9]{17}\b", 0)?
            .min_entropy(3.2)
            .check(super::plausible),
        super::ascii_detector(&SCALEWAY_SECRET_KEY, &["scw", "scaleway"], &secret, 1)?
            .alternative_group(2)
            .min_entropy(3.0)
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

    const ACCESS: &str = concat!("SCW", "RSVKQ5GU34HJ6DN94");
    const SECRET: &str = concat!("9386bd87-73c9-", "d519-40ea-4e095bd1d685");

    #[test]
    fn finds_access_keys() {
        assert_eq!(
            ids(&format!("SCW_ACCESS_KEY={ACCESS}")),
            ["secrets.scaleway-access-key"]
        );
    }

    #[test]
    fn ignores_malformed_access_keys() {
        assert!(ids(&format!("{ACCESS}9")).is_empty());
        assert!(ids(concat!("SCW", "RSVKQ5GU34HJ6")).is_empty());
        assert!(ids(concat!("SCW", "rsvkq5gu34hj6dn94")).is_empty());
        assert!(ids(concat!("SCW", "XXXXXXXXXXXXXXXXX")).is_empty());
    }

    #[test]
    fn finds_named_and_paired_secret_keys() {
        assert_eq!(
            ids(&format!("SCW_SECRET_KEY={SECRET}")),
            ["secrets.scaleway-secret-key"]
        );
        let terraform = format!(
            "provider \"scaleway\" {{\n  zone = \"fr-par-1\"\n  secret_key = \"{SECRET}\"\n}}"
        );
        assert_eq!(ids(&terraform), ["secrets.scaleway-secret-key"]);
        let mut config = ids(&format!("access_key: {ACCESS}\nsecret_key: {SECRET}\n"));
        config.sort();
        assert_eq!(
            config,
            ["secrets.scaleway-access-key", "secrets.scaleway-secret-key"]
        );
    }

    #[test]
    fn ignores_unnamed_uuids_and_other_ids() {
        assert!(ids(&format!("trace_id = {SECRET}")).is_empty());
        assert!(ids(&format!("SCW_DEFAULT_PROJECT_ID={SECRET}")).is_empty());
        assert!(ids("SCW_SECRET_KEY=00000000-0000-0000-0000-000000000000").is_empty());
        assert!(ids("SCW_SECRET_KEY=11111111-1111-1111-1111-111111111111").is_empty());
        // A UUID secret key with no Scaleway keyword around it belongs to something else.
        assert!(ids(&format!("[app]\nsecret_key = {SECRET}\n")).is_empty());
    }
}
