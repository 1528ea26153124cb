//! Passwords set by SQL statements (`CREATE USER … IDENTIFIED BY`, `WITH PASSWORD`).

use super::values::password_value;
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A literal password in a migration, seed or provisioning script: `IDENTIFIED BY '…'` (MySQL,
/// MariaDB, Oracle, also in `GRANT` and with `IDENTIFIED WITH <plugin> BY`),
/// `CREATE/ALTER USER|ROLE … PASSWORD '…'` (PostgreSQL) and `SET PASSWORD … = '…'`. Password
/// hashes (`*<40 hex>`, `md5…`, `SCRAM-SHA-256$…`), bind parameters and variables are not
/// reported. MSSQL `WITH PASSWORD = '…'` is `secrets.generic-password`.
pub static SQL_USER_PASSWORD: Rule = Rule {
    id: "secrets.sql-user-password",
    title: "Database user password in a SQL script",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-259"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A SQL script creates or alters a database account with a literal password. \
        Everyone who can read the migration history knows the account's password and can log in \
        to every environment the script ran against with that account's grants.",
    remediation: "Change the account's password on every database the script ran on (`ALTER \
        USER … IDENTIFIED BY` / `ALTER ROLE … PASSWORD` with a new secret), and have the \
        provisioning step read the password from a secrets manager (or use IAM / certificate \
        authentication) instead of a literal in the script.",
    references: &["https://cwe.mitre.org/data/definitions/259.html"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    const VALUE: &str = r#"(?:'([^'\r\n]{3,})'|"([^"\r\n]{3,})"|([^\s;'"(),`]{3,}))"#;
    // The rest of the statement: no `;`, bounded so that prose far apart does not pair up.
    const REST: &str = r"[^;]{0,300}?";
    let pattern = format!(
        r"(?i-u)\b(?:(?:create|alter)[ \t]+(?:user|role|login)|grant)\b{REST}\bidentified[ \t]+(?:with[ \t]+\w+[ \t]+)?by[ \t]+{VALUE}|\b(?:create|alter)[ \t]+(?:user|role)\b{REST}\bpassword[ \t]+{VALUE}|\bset[ \t]+password\b[^;=\r\n]{{0,200}}=[ \t]*(?:password[ \t]*\([ \t]*)?{VALUE}"
    );
    let mut detector = Detector::new(
        &SQL_USER_PASSWORD,
        &[
            "grant ",
            "create user",
            "alter user",
            "create role",
            "alter role",
            "set password",
        ],
        &pattern,
        1,
    )?;
    for group in 2..=9 {
        detector = detector.alternative_group(group);
    }
    Ok(vec![detector.min_entropy(2.5).check(check).fallback()])
}

/// A literal password: not a hash, bind parameter or variable.
fn check(value: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(value) else {
        return Check::Reject;
    };
    let lower = text.to_ascii_lowercase();
    let md5_hash = lower.len() == 35
        && lower.starts_with("md5")
        && lower[3..].bytes().all(|b| b.is_ascii_hexdigit());
    let parameter = matches!(text.as_bytes()[0], b':' | b'?' | b'@' | b'$' | b'&');
    if md5_hash || lower.starts_with("scram-sha-256$") || parameter {
        return Check::Reject;
    }
    password_value(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_passwords_in_sql() {
        for text in [
            concat!("CREATE USER 'ledger'@'%' IDENTIFIED BY '", "Zq8vT2mLw9!';"),
            concat!(
                "ALTER USER app IDENTIFIED WITH mysql_native_password BY '",
                "Zq8vT2mLw9!';"
            ),
            concat!(
                "GRANT ALL ON ledger.* TO 'app'@'%' identified by \"",
                "Zq8vT2mLw9\";"
            ),
            concat!("CREATE USER scott IDENTIFIED BY ", "Zq8vT2mLw9;"),
            concat!("CREATE ROLE app WITH LOGIN PASSWORD '", "Zq8vT2mLw9';"),
            concat!(
                "ALTER ROLE app\n  WITH ENCRYPTED PASSWORD '",
                "Zq8vT2mLw9';"
            ),
            concat!("SET PASSWORD FOR 'app'@'%' = PASSWORD('", "Zq8vT2mLw9');"),
        ] {
            assert_eq!(ids(text), ["secrets.sql-user-password"], "{text}");
        }
    }

    #[test]
    fn ignores_hashes_parameters_and_prose() {
        for text in [
            "CREATE USER 'app'@'%' IDENTIFIED BY PASSWORD '*0123456789ABCDEF0123456789ABCDEF01234567';",
            "CREATE USER app IDENTIFIED BY :app_password;",
            "ALTER ROLE app PASSWORD 'md5c4ca4238a0b923820dcc509a6f75849b';",
            "ALTER ROLE app PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy';",
            "ALTER ROLE app PASSWORD NULL;",
            "CREATE USER app IDENTIFIED BY '${APP_DB_PASSWORD}';",
            "CREATE USER app IDENTIFIED BY 'changeme';",
            "CREATE USER app IDENTIFIED EXTERNALLY;",
            "cursor.execute(\"CREATE USER %s IDENTIFIED BY %s\", (user, pw))",
            "the user is identified by their email address",
            "/// Removes the directory identified by `path_name_x`.",
            "Create a user (identified by `user_id_1`) and grant it access",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
