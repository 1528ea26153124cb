//! Database and message-broker URLs with an embedded password.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `postgres://user:password@host`, and the same for MySQL, MongoDB, Redis and AMQP: a
/// connection string whose password is written into the code or configuration.
pub static DATABASE_URL_PASSWORD: Rule = Rule {
    id: "secrets.database-url-password",
    title: "Password in a database or broker URL",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-259"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A connection URL carries its password in clear. Anyone with read access to the \
        repository, a build log or a crash report that prints the URL can connect to the database \
        or broker with the application's privileges.",
    remediation: "Change the database user's password, then build the URL at run time from a \
        secret injected by the platform (e.g. `DATABASE_URL` from a secrets manager) or use IAM / \
        certificate authentication.",
    references: &["https://cwe.mitre.org/data/definitions/259.html"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![Detector::new(
        &DATABASE_URL_PASSWORD,
        &["postgres", "mysql", "mongodb", "redis", "amqp", "mariadb"],
        r#"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?)://[^:@/\s'"]*:([^@/\s'"]{3,})@[A-Za-z0-9.\-\[\]]"#,
        1,
    )?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    #[test]
    fn finds_passwords_in_urls() {
        let url = concat!(
            "postgresql://payments:",
            "S3cr3tP4ss!",
            "@db.internal:5432/payments"
        );
        assert_eq!(
            rule_ids(detectors().expect("compiles"), url),
            ["secrets.database-url-password"]
        );
        let redis = concat!("REDIS_URL=redis://:", "q8Zp2LmX", "@cache:6379/0");
        assert_eq!(rule_ids(detectors().expect("compiles"), redis).len(), 1);
    }

    #[test]
    fn ignores_urls_without_or_with_templated_passwords() {
        assert!(
            rule_ids(
                detectors().expect("compiles"),
                "postgres://db.internal:5432/payments"
            )
            .is_empty()
        );
        assert!(
            rule_ids(
                detectors().expect("compiles"),
                "postgres://app:${DB_PASSWORD}@db/payments"
            )
            .is_empty()
        );
        assert!(
            rule_ids(
                detectors().expect("compiles"),
                "mysql://user:<password>@localhost/db"
            )
            .is_empty()
        );
    }
}
