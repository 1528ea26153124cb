//! `.netrc` entries (`machine <host> login <user> password <secret>`), used by git, curl, pip
//! and Go to authenticate to source and package hosts; found in `.netrc` files and in CI scripts
//! that write one.

use super::{has_dedicated_rule, is_reference, plausible};
use crate::Check;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// The password of a `machine` entry in `.netrc` syntax. Tokens that have their own rule
/// (GitHub, GitLab, …) are reported under that rule instead.
pub static NETRC_PASSWORD: Rule = Rule {
    id: "secrets.netrc-password",
    title: "Password in .netrc",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-522"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A `.netrc` entry stores a password or token for a host in clear. git, curl, pip \
        and Go send it automatically, so whoever reads it gets the same access to that source \
        or package host as the configured user.",
    remediation: "Change the password or revoke the token at the host named in the entry, remove \
        the file from the repository, and have CI write `~/.netrc` at run time from its secret \
        store (or use a git credential helper).",
    references: &[
        "https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html",
    ],
};

/// `.netrc` passwords: not a reference and not a token with its own rule.
fn netrc_password(value: &[u8]) -> Check {
    if is_reference(value) || has_dedicated_rule(value) {
        Check::Reject
    } else {
        plausible(value)
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &NETRC_PASSWORD,
            &["machine"],
            // `machine <host> [account|port …] login <user> [account|port …] password <secret>`;
            // `\n` also as an escape, for entries written with `echo -e` / `printf`.
            r#"\bmachine(?:\s|\\n)+[^\s"'\\]+(?:(?:\s|\\n)+(?:account|port)(?:\s|\\n)+[^\s"'\\]+)*(?:\s|\\n)+login(?:\s|\\n)+[^\s"'\\]+(?:(?:\s|\\n)+(?:account|port)(?:\s|\\n)+[^\s"'\\]+)*(?:\s|\\n)+password(?:\s|\\n)+"?([^\s"'\\]{3,})"#,
            1,
        )?
        .check(netrc_password),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    /// A `.netrc` entry, built at run time so that this file holds none.
    fn entry(separator: &str, password: &str) -> String {
        [
            "machine",
            "git.acme.test",
            "login",
            "ci-bot",
            "password",
            password,
        ]
        .join(separator)
    }

    #[test]
    fn finds_passwords_in_one_line_and_multi_line_entries() {
        assert_eq!(
            ids(&entry(" ", "UzpWcP1mLMwT3zWLA825")),
            ["secrets.netrc-password"]
        );
        assert_eq!(
            ids(&entry("\n  ", "UzpWcP1mLMwT3zWLA825")),
            ["secrets.netrc-password"]
        );
        let script = format!("echo \"{}\" > ~/.netrc", entry(" ", "UzpWcP1mLMwT3zWLA825"));
        assert_eq!(ids(&script), ["secrets.netrc-password"]);
        let printf = format!(
            "printf '{}\\n' > ~/.netrc",
            entry("\\n", "UzpWcP1mLMwT3zWLA825")
        );
        assert_eq!(ids(&printf), ["secrets.netrc-password"]);
    }

    #[test]
    fn ignores_references_placeholders_prose_and_dedicated_tokens() {
        assert!(ids(&entry(" ", "$GIT_PASSWORD")).is_empty());
        assert!(ids(&entry(" ", "${GIT_PASSWORD}")).is_empty());
        assert!(ids(&entry(" ", "<password>")).is_empty());
        assert!(ids(&entry(" ", "password")).is_empty());
        assert!(
            ids(&entry(
                " ",
                concat!("ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A")
            ))
            .is_empty()
        );
        assert!(ids("the machine learning model needs a password reset").is_empty());
        assert!(ids("The machine learning password reset flow.").is_empty());
    }
}
