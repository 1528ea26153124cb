//! Password hashes in `.htpasswd` and shadow-style `user:hash` lines.

use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `user:hash` lines as written by `htpasswd` (`$apr1$` MD5, `{SHA}`, bcrypt `$2y$`) and
/// `/etc/shadow` (`$1$`, `$5$`, `$6$`, yescrypt `$y$`), also with the `$$` escaping of Docker
/// Compose and Traefik labels (`basicauth.users=admin:$$apr1$$…`).
pub static HTPASSWD_HASH: Rule = Rule {
    id: "secrets.htpasswd-hash",
    title: "Password hash in an htpasswd or shadow file",
    scanner: Scanner::Secrets,
    severity: Severity::Medium,
    cwe: &["CWE-798", "CWE-522"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A user's password hash is committed. MD5-crypt (`$apr1$`) and unsalted SHA-1 \
        (`{SHA}`) hashes fall to offline cracking in minutes to hours, and even bcrypt or \
        SHA-512-crypt hashes of weak passwords can be cracked, giving access to whatever the \
        file protects (basic-auth sites, dashboards, hosts).",
    remediation: "Change the password of every listed user on the server the file protects \
        (`htpasswd -B <file> <user>` or `passwd`), then keep the file out of the repository: \
        mount it from a secrets manager or a Kubernetes Secret at deploy time.",
    references: &["https://httpd.apache.org/docs/current/programs/htpasswd.html"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    // `$` or the `$$` escaping of Compose files.
    const D: &str = r"\$\$?";
    let salt = "[./0-9A-Za-z]";
    let pattern = format!(
        r"(?-u)\b[\w.@-]+:({D}apr1{D}{salt}{{1,8}}{D}{salt}{{22}}|{D}1{D}{salt}{{1,8}}{D}{salt}{{22}}|\{{SHA\}}[A-Za-z0-9+/]{{27}}=|{D}2[abxy]{D}\d\d{D}{salt}{{53}}|{D}[56]{D}(?:rounds=\d{{1,9}}{D})?{salt}{{1,16}}{D}(?:{salt}{{86}}|{salt}{{43}})|{D}y{D}{salt}+{D}{salt}{{1,86}}{D}{salt}{{43}})"
    );
    Ok(vec![Detector::new(
        &HTPASSWD_HASH,
        &[
            "$apr1$", "{SHA}", "$2y$", "$2a$", "$2b$", "$2x$", "$1$", "$5$", "$6$", "$y$",
        ],
        &pattern,
        1,
    )?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    const RULE: &str = "secrets.htpasswd-hash";

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    #[test]
    fn finds_htpasswd_and_shadow_hashes() {
        for text in [
            concat!("admin:$apr1$", "q8Zp2LmX$Tr4Kd7Vb3NhY5cR1uE6iO0\n"),
            concat!("ops:{SHA}", "q8Zp2LmXw9Tr4Kd7Vb3NhY5cR1u=\n"),
            concat!(
                "deploy:$2y$05$",
                "q8Zp2LmXw9Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG7hJ6kL5zX4cV3b\n"
            ),
            concat!(
                "root:$6$",
                "q8Zp2LmX$Tr4Kd7Vb3NhY5cR1uE6iO0pA9sD8fG7hJ6kL5zX4cV3bN2mQ1wE0rT9yU8iO7pA6sD5fG4hJ3kL2zX1cV0bN9mQ8wE7rT6y:19000:0:99999:7:::\n"
            ),
            concat!(
                "  - traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$",
                "q8Zp2LmX$$Tr4Kd7Vb3NhY5cR1uE6iO0"
            ),
        ] {
            assert_eq!(ids(text), [RULE], "{text}");
        }
    }

    #[test]
    fn ignores_locked_accounts_and_placeholders() {
        for text in [
            "root:*:19000:0:99999:7:::",
            "daemon:!:19000::::::",
            "admin:$apr1$xxxxxxxx$xxxxxxxxxxxxxxxxxxxxxx",
            "admin:$apr1$q8Zp2LmX$tooShort",
            "echo $6$ is the sha-512 crypt prefix",
            "user:{SHA}",
        ] {
            assert!(ids(text).is_empty(), "{text}");
        }
    }
}
