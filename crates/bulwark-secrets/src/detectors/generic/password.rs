//! Hard-coded passwords: `password = "…"` in code, YAML, `.env`, properties, INI and XML.

use super::values::{Assignment, password_value};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A literal assigned to a password-like key (`password`, `passwd`, `pwd`, `passphrase`,
/// `DB_PASSWORD`, `smtp.pass`, `dbPass`): `password = "…"` in code, `password: …` in YAML,
/// `DB_PASSWORD=…` in `.env`, `db.password=…` in properties, `password="…"` XML attributes,
/// `<password>…</password>`, `define('DB_PASSWORD', '…')`, and Kubernetes/ECS `name`/`value`
/// pairs. Unquoted values count only in configuration files. Templates, environment look-ups,
/// code references, file paths, words, identifiers, hashes and stand-ins are not reported.
pub static GENERIC_PASSWORD: Rule = Rule {
    id: "secrets.generic-password",
    title: "Hard-coded password",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-259"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A password is written into source code or configuration. Anyone who can read \
        the repository, an artifact built from it or its history can log in to the database, \
        mailbox, service or account it protects, usually with the application's privileges.",
    remediation: "Change the password on the system it belongs to (database `ALTER USER`, the \
        service's admin console or its API) and check that system's logs for logins you do not \
        recognise. Then read the password at run time from a secrets manager or an injected \
        environment variable, and keep only a reference (`${DB_PASSWORD}`) in the file.",
    references: &["https://cwe.mitre.org/data/definitions/259.html"],
};

/// Keys ending in a password word; `pass` only as its own segment (`db_pass`, `dbPass`, not
/// `bypass` or `compass`).
const KEY: &str = r"(?:[\w.-]*(?:password|passwd|passphrase|passwort|pwd|pswd)|(?:[\w.-]*[_.-])?pass|[\w.-]*[a-z0-9](?-i:Pass))\d?";

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Assignment {
        rule: &GENERIC_PASSWORD,
        keywords: &["pass", "pwd", "pswd"],
        key: KEY,
        decoy_keys: None,
        min: 6,
        min_entropy: 2.5,
        check: password_value,
    }
    .detectors()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::generic::testing::ids_at;

    fn ids(path: &str, text: &str) -> Vec<String> {
        ids_at(detectors().expect("compiles"), path, text)
    }

    const RULE: &str = "secrets.generic-password";

    #[test]
    fn finds_passwords_in_code() {
        for text in [
            concat!("db_password = \"", "Zq8vT2mLw!\""),
            concat!("    String password = \"", "Tr0ub4dor&3\";"),
            concat!("const dbPass = '", "k9Xw2Lq7p'"),
            concat!("{\"password\": \"", "S3cr3tP4ss!\"}"),
            concat!("conn = connect(user=\"app\", password=", "\"h7Gk2pQ9z\")"),
            concat!("'DB_PASSWORD' => '", "Wq3eR5tY7u',"),
            concat!("define('DB_PASSWORD', '", "Wq3eR5tY7u');"),
            concat!("props.setProperty(\"mail.smtp.pass\", \"", "Mx8Kd2Lp0q\");"),
            concat!("password: str = \"", "Lp0q8Mx2Kd\""),
            concat!("Password := \"", "Lp0q8Mx2Kd\""),
            concat!("<property name=\"x\" password=\"", "Vb7Nm3Kq1z\"/>"),
            concat!("<password>", "Vb7Nm3Kq1z</password>"),
            concat!("<add key=\"DbPassword\" value=\"", "Vb7Nm3Kq1z\" />"),
            concat!("{\"name\": \"DB_PASSWORD\", \"value\": \"", "Vb7Nm3Kq1z\"}"),
            concat!("- name: DB_PASSWORD\n  value: \"", "Vb7Nm3Kq1z\""),
            concat!("ENV['ADMIN_PWD'] = '", "123987456'"),
            concat!("const db_password = '", "xHoea8%VymbwRN';"),
        ] {
            assert_eq!(ids("src/app.py", text), [RULE], "{text}");
        }
    }

    #[test]
    fn finds_unquoted_passwords_in_config_files() {
        let env = concat!("DB_PASSWORD=", "Zq8vT2mLw9\n");
        assert_eq!(ids(".env", env), [RULE]);
        assert_eq!(ids("deploy/.env.production", env), [RULE]);
        let yaml = concat!("database:\n  password: ", "Zq8vT2mLw9 # prod\n");
        assert_eq!(ids("config/app.yaml", yaml), [RULE]);
        let properties = concat!("spring.datasource.password=", "Zq8vT2mLw9\n");
        assert_eq!(ids("application.properties", properties), [RULE]);
        let k8s = concat!("- name: DB_PASSWORD\n  value: ", "Zq8vT2mLw9\n");
        assert_eq!(ids("k8s/deploy.yml", k8s), [RULE]);
        let shell = concat!("export SMTP_PASS=", "Zq8vT2mLw9\n");
        assert_eq!(ids("scripts/run.sh", shell), [RULE]);
        let symbols = concat!("db_password=", "0wrrJO&587zb%vfb\n");
        assert_eq!(ids(".env", symbols), [RULE]);
        let log = concat!(
            "GET /login?user=ops&password=",
            "Zq8vT2mLw9&next=/home 200\n"
        );
        assert_eq!(ids("logs/access.log", log), [RULE]);
    }

    #[test]
    fn unquoted_values_in_code_are_references() {
        for text in [
            "password = os.environ[\"DB_PASSWORD\"]",
            "password = get_password()",
            "password: process.env.DB_PASSWORD,",
            "self.password = password",
            "password = hashed2",
            "let password: String = read_secret(path)?;",
        ] {
            assert!(ids("src/app.py", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn ignores_templates_placeholders_and_references() {
        for text in [
            "password = \"${DB_PASSWORD}\"",
            "password: \"{{ .Values.db.password }}\"",
            "password = \"%(password)s\"",
            "password = \"$DB_PASSWORD\"",
            "password = \"<your password>\"",
            "password = \"changeme\"",
            "password = \"********\"",
            "password = \"test1234\"",
            "password = \"example-pass-1\"",
            "password = \"\"",
            "password = None",
            "password: null",
            "password: true",
            "DB_PASSWORD=${DB_PASSWORD}",
            "password: !vault |",
            "password: *default_password",
            "password = \"DB_PASSWORD\"",
            "password = \"password\"",
            "password = \"%s\"",
            "password: \"sunshine\"",
            "DB_PASSWORD=letmeinplease",
            "password = \"P@ssw0rd!\"",
            "password = \"abc123456789\"",
            "password = \"bm90IG15IHJlYWwgcGFzc3dvcmQ=\"",
            "PWD=/home/runner/work",
            "smtp_password = smtp.internal:2525",
        ] {
            assert!(ids("app/config.yaml", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn ignores_paths_hashes_words_and_other_keys() {
        for text in [
            "password_file = \"/run/secrets/db_password\"",
            "password = \"/run/secrets/db_password\"",
            "PWD=/home/runner/work",
            "password_min_length = \"12\"",
            "password_hint: \"Your first pet\"",
            "\"password\": \"Mot de passe\"",
            "\"password\": \"Passwort\"",
            "\"passwordRequired\": \"Password is required\"",
            "bypass = \"Zq8vT2mLw9\"",
            "compass_heading = \"N35E12x9\"",
            "admin_password_hash = \"$2y$10$abcdefghijABCDEFGHIJ0123456789abcdefghiJKLMNOPQRSTU\"",
            "password = \"$2y$10$abcdefghijABCDEFGHIJ0123456789abcdefghiJKLMNOPQRSTU\"",
            "if password == \"Zq8vT2mLw9\":",
            "if password != \"Zq8vT2mLw9\":",
            "password: string;",
            "password = \"aaa111\"",
        ] {
            assert!(ids("app/settings.py", text).is_empty(), "{text}");
        }
    }
}
