//! Database and message-broker connection strings with an embedded password.

use super::values::{is_reference, is_stand_in};
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A connection string whose password is written into the code or configuration:
/// `postgres://user:password@host` and the same for MySQL, MariaDB, MSSQL/SQL Server, Oracle,
/// MongoDB, Redis, AMQP, CockroachDB, ClickHouse, CouchDB and Neo4j URLs (including SQLAlchemy
/// `+driver` schemes); JDBC URLs with `password=` properties or Oracle `user/password@`; and
/// ADO.NET / ODBC connection strings (`Server=…;User ID=…;Password=…` or `Pwd=…`).
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
    Ok(vec![
        // URL userinfo: scheme://user:password@host.
        Detector::new(
            &DATABASE_URL_PASSWORD,
            &[
                "postgres", "mysql", "mongodb", "redis", "amqp", "mariadb", "sqlserver", "mssql",
                "oracle", "cockroach", "clickhouse", "couchdb", "neo4j", "bolt://",
            ],
            r#"(?i-u)\b(?:postgres(?:ql)?|mysql[x]?|mariadb|sqlserver|mssql|oracle|cockroachdb|clickhouse|couchdbs?|neo4j(?:\+s)?|bolt|mongodb(?:\+srv)?|rediss?|amqps?)(?:\+[a-z0-9]+)?://[^:@/\s'"]*:([^@/\s'"]{3,})@[A-Za-z0-9.\-\[\]]"#,
            1,
        )?
        .check(password)
        .fallback(),
        // JDBC: `;password=…`, `?password=…`/`&password=…`, Oracle thin `user/password@`.
        Detector::new(
            &DATABASE_URL_PASSWORD,
            &["jdbc:"],
            r#"(?i-u)\bjdbc:(?:oracle:thin:[^/\s@:'"]+/([^@\s'"]{3,128})@|[a-z0-9:]+:[^\s'"]*?[;?&](?:password|pwd)=([^;&\s'"]{3,128}))"#,
            1,
        )?
        .alternative_group(2)
        .check(password)
        .fallback(),
        // ADO.NET / ODBC: a server key, then the password within the same string (or the other
        // way round).
        Detector::new(
            &DATABASE_URL_PASSWORD,
            &[
                "server=",
                "data source",
                "driver=",
                "dsn=",
                "host=",
                "initial catalog",
                "password=",
                "pwd=",
            ],
            r#"(?i-u)\b(?:server|data source|host|driver|dsn|address|addr|initial catalog|database)[ \t]*=[^;\r\n'"]+;(?:[^;\r\n'"]*;)*?[ \t]*(?:password|pwd)[ \t]*=[ \t]*(?:\{([^{}\r\n]{3,128})\}|([^;\r\n'"]{3,128}))|\b(?:password|pwd)[ \t]*=[ \t]*([^;\r\n'"]{3,128});(?:[^;\r\n'"]*;)*?[ \t]*(?:server|data source|host|address|addr)[ \t]*="#,
            1,
        )?
        .alternative_group(2)
        .alternative_group(3)
        .check(password)
        .fallback(),
    ])
}

/// The password itself: not a template, environment reference, mask or stand-in.
fn password(value: &[u8]) -> Check {
    let Ok(value) = std::str::from_utf8(value) else {
        return Check::Reject;
    };
    let value = value.trim();
    let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
    if [value, &decoded]
        .iter()
        .any(|v| is_reference(v) || is_stand_in(v))
    {
        return Check::Reject;
    }
    Check::Keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    const RULE: &str = "secrets.database-url-password";

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_passwords_in_urls() {
        let url = concat!(
            "postgresql://payments:",
            "S3cr3tP4ss!",
            "@db.internal:5432/payments"
        );
        assert_eq!(ids(url), [RULE]);
        let redis = concat!("REDIS_URL=redis://:", "q8Zp2LmX", "@cache:6379/0");
        assert_eq!(ids(redis).len(), 1);
        for url in [
            concat!("mssql://sa:", "Zq8vT2mLw9@sql01:1433/ledger"),
            concat!("sqlserver://sa:", "Zq8vT2mLw9@sql01:1433?database=ledger"),
            concat!("postgresql+psycopg2://app:", "Zq8vT2mLw9@db/app"),
            concat!("mssql+pyodbc://sa:", "Zq8vT2mLw9@ledger-dsn"),
            concat!("mongodb+srv://app:", "Zq8vT2mLw9@cluster0.mongodb.net/app"),
        ] {
            assert_eq!(ids(url), [RULE], "{url}");
        }
    }

    #[test]
    fn finds_jdbc_odbc_and_ado_net_passwords() {
        for text in [
            concat!(
                "jdbc:sqlserver://sql01:1433;databaseName=ledger;user=sa;password=",
                "Zq8vT2mLw9;"
            ),
            concat!(
                "jdbc:mysql://db:3306/app?user=app&password=",
                "Zq8vT2mLw9&useSSL=true"
            ),
            concat!("jdbc:oracle:thin:scott/", "Zq8vT2mLw9@db01:1521:ORCL"),
            concat!(
                "\"Default\": \"Server=tcp:sql01.database.windows.net,1433;Initial Catalog=ledger;User ID=app;Password=",
                "Zq8vT2mLw9;Encrypt=True;\""
            ),
            concat!(
                "Data Source=sql01;Initial Catalog=ledger;User Id=sa;Password=",
                "Zq8vT2mLw9"
            ),
            concat!(
                "Driver={ODBC Driver 18 for SQL Server};Server=sql01;Uid=sa;Pwd={",
                "Zq8v;T2mLw9};"
            ),
            concat!(
                "Password=",
                "Zq8vT2mLw9;User ID=sa;Server=sql01;Database=ledger"
            ),
        ] {
            assert_eq!(ids(text), [RULE], "{text}");
        }
    }

    #[test]
    fn ignores_urls_without_or_with_templated_passwords() {
        for text in [
            "postgres://db.internal:5432/payments",
            "postgres://app:${DB_PASSWORD}@db/payments",
            "mysql://user:<password>@localhost/db",
            "mongodb://app:****@cluster0/app",
            "jdbc:postgresql://db:5432/app?user=app",
            "jdbc:mysql://db/app?user=app&password=${DB_PASSWORD}",
            "jdbc:sqlserver://sql01;databaseName=ledger;integratedSecurity=true;",
            "Server=sql01;Database=ledger;Trusted_Connection=True;",
            "Server=sql01;Database=ledger;User Id=sa;Password={{ db_password }};",
            "Server=sql01;Database=ledger;User Id=sa;Password=%DB_PASSWORD%;",
            "Server=sql01;Database=ledger;User Id=sa;Password=$(DbPassword);",
            "Password is required; Server returned an error",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
