//! Passwords passed on command lines in scripts, CI jobs and Dockerfiles.

use super::values::password_value;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A literal password on a command line: `curl -u user:pass`, `sshpass -p pass`,
/// `mysql -pPASS` (and `mysqldump`, `mysqladmin`, `mariadb`), `--password pass` / `--passwd`,
/// `docker login -p pass`, `keytool -storepass/-keypass`, OpenSSL `-passin/-passout pass:…`,
/// and PowerShell `ConvertTo-SecureString "…" -AsPlainText`. `--password=pass` is reported as
/// `secrets.generic-password`.
pub static COMMAND_LINE_PASSWORD: Rule = Rule {
    id: "secrets.command-line-password",
    title: "Password on a command line",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-214"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A script, CI job or Dockerfile passes a literal password as a command-line \
        argument. It is readable in the repository, and at run time it also shows up in process \
        listings, shell history and CI logs, for anyone to reuse against the target service.",
    remediation: "Change the password on the system it belongs to. Then pass credentials through \
        files or standard input fed from a secrets manager (`--password-stdin`, `MYSQL_PWD` from \
        an injected secret, `-passin env:VAR`, `sshpass -e`, `Get-Secret`) rather than as \
        arguments.",
    references: &["https://cwe.mitre.org/data/definitions/214.html"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    // One alternative per tool; each puts the password in its own capture group.
    const VALUE: &str = r#"["']?([^\s'"-][^\s'"]{2,})"#;
    let pattern = [
        r#"\bcurl\b[^\r\n]*?[ \t](?:-u|--user)[ \t=]*["']?[^\s:'"]+:([^\s'"@]{3,})"#
            .to_string(),
        format!(r"\bsshpass[ \t]+-p[ \t]*{VALUE}"),
        format!(
            r"\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mariadb)\b[^\r\n]*?[ \t]-p{VALUE}"
        ),
        format!(r"\B--?(?:password|passwd)[ \t]+{VALUE}"),
        format!(r"\bdocker[ \t]+login\b[^\r\n]*?[ \t]-p[ \t]+{VALUE}"),
        format!(r"\B-(?:src|dest)?(?:store|key)pass[ \t]+{VALUE}"),
        format!(r"\B-(?:passin|passout|pass)[ \t]+pass:{VALUE}"),
        r#"(?i:ConvertTo-SecureString)[ \t]+(?:-String[ \t]+)?["']([^"'\r\n]{3,})["'][ \t]+-AsPlainText"#
            .to_string(),
    ]
    .join("|");
    // ASCII-only classes keep the compiled program small.
    let pattern = format!("(?-u){pattern}");
    let mut detector = Detector::new(
        &COMMAND_LINE_PASSWORD,
        &[
            "curl",
            "sshpass",
            "mysql",
            "mariadb",
            "-password",
            "-passwd",
            "docker",
            "storepass",
            "keypass",
            "pass:",
            "ConvertTo-SecureString",
        ],
        &pattern,
        1,
    )?;
    for group in 2..=8 {
        detector = detector.alternative_group(group);
    }
    Ok(vec![
        detector.min_entropy(2.5).check(password_value).fallback(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_passwords_in_commands() {
        for text in [
            concat!("curl -s -u deploy:", "Zq8vT2mLw9 https://api.corp.net/v1"),
            concat!("curl --user 'deploy:", "Zq8vT2mLw9' https://api.corp.net"),
            concat!("sshpass -p '", "Zq8vT2mLw9' ssh ops@10.0.0.4"),
            concat!("mysqldump -h db -uroot -p", "Zq8vT2mLw9 ledger > dump.sql"),
            concat!("RUN mysql -u app -p'", "Zq8vT2mLw9' -e 'select 1'"),
            concat!("vault-cli login --password ", "Zq8vT2mLw9"),
            concat!("docker login -u ci -p ", "Zq8vT2mLw9 registry.corp.net"),
            concat!(
                "keytool -importkeystore -srcstorepass ",
                "Zq8vT2mLw9 -deststorepass x"
            ),
            concat!(
                "openssl pkcs12 -export -passout pass:",
                "Zq8vT2mLw9 -out a.p12"
            ),
            concat!(
                "$pw = ConvertTo-SecureString \"",
                "Zq8vT2mLw9\" -AsPlainText -Force"
            ),
        ] {
            assert_eq!(ids(text), ["secrets.command-line-password"], "{text}");
        }
    }

    #[test]
    fn ignores_prompts_variables_and_stdin() {
        for text in [
            "mysql -u root -p ledger",
            "mysql -u root -p$MYSQL_PASSWORD ledger",
            "curl -u \"$USER:$TOKEN\" https://api.corp.net",
            "curl -u deploy: https://api.corp.net",
            "echo $PW | docker login -u ci --password-stdin registry.corp.net",
            "sshpass -e ssh ops@10.0.0.4",
            "openssl pkcs12 -passout env:P12_PASSWORD",
            "$pw = Read-Host -AsSecureString",
            "cli login --password \"${PASSWORD}\"",
            "cli login --password <password>",
            "mysql -uroot -pchangeme",
            "git commit --author x -pass",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
