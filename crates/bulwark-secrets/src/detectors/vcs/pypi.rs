//! Python Package Index credentials: PyPI API tokens (`pypi-` and a macaroon whose first caveat
//! names `pypi.org`, hence `pypi-AgEIcHlwaS5vcmc`) and passwords in `.pypirc` sections.

use super::{END, has_dedicated_rule, is_reference, plausible};
use crate::Check;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// PyPI API tokens for pypi.org. TestPyPI tokens (`pypi-AgENdGVzdC5weXBpLm9yZw…`) are not
/// reported by this rule.
pub static PYPI_UPLOAD_TOKEN: Rule = Rule {
    id: "secrets.pypi-upload-token",
    title: "PyPI API token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A PyPI API token is committed to the repository. It can upload new releases of \
        the projects it is scoped to (or of every project of its owner), so an attacker can ship \
        malicious code to everyone who installs them.",
    remediation: "Delete the token (pypi.org → Account settings → API tokens → Options → Remove), \
        review the projects' release history, and publish with PyPI trusted publishing from CI \
        instead of a stored token.",
    references: &["https://pypi.org/help/#apitoken"],
};

/// ## What it finds
/// A `password =` line inside a `[pypi]` or `[testpypi]` section of a `.pypirc` (also when the
/// file is written by a CI script). API tokens in it are reported by their own rule.
pub static PYPIRC_PASSWORD: Rule = Rule {
    id: "secrets.pypirc-password",
    title: "Password in .pypirc",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798", "CWE-522"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A `.pypirc` section carries a package index password or token in clear. It lets \
        anyone who reads it upload releases to that index under the configured account.",
    remediation: "Change the password or delete the token at the index (pypi.org, TestPyPI or the \
        private index), then let `twine` read `TWINE_PASSWORD` from the CI secret store, or use \
        trusted publishing, instead of a committed `.pypirc`.",
    references: &["https://packaging.python.org/en/latest/specifications/pypirc/"],
};

/// `.pypirc` passwords: not a reference (`%(…)s`, `$VAR`) and not a token with its own rule.
fn pypirc_password(value: &[u8]) -> Check {
    if is_reference(value) || has_dedicated_rule(value) {
        Check::Reject
    } else {
        plausible(value)
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &PYPI_UPLOAD_TOKEN,
            &["pypi-AgEIcHlwaS5vcmc"],
            &format!(r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{{50,}}){END}"),
            1,
        )?
        .min_entropy(4.0)
        .check(plausible)
        // Macaroons with several caveats run to a few hundred characters.
        .window(2048),
        Detector::new(
            &PYPIRC_PASSWORD,
            &["[pypi]", "[testpypi]"],
            r#"\[(?:pypi|testpypi)\][^\[]{0,400}?(?:\\[nr]|\b)password[ \t]*[:=][ \t]*([^\s\\"']{4,})"#,
            1,
        )?
        .check(pypirc_password),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    const MACAROON: &str = "qkwUONAIifEcLav_q5ZvQmLL8ZrF8w50SR2Qugs4lIFVRdxtDyKUOtfZUTqr8aFvnKbnHFbDfj3u_ypO09RnKw1zW9-ohP46PbmT1TOkzfR1wKbPXTXx8TTx";

    #[test]
    fn finds_pypi_tokens() {
        let token = format!("{}{MACAROON}", "pypi-AgEIcHlwaS5vcmc");
        assert_eq!(
            ids(&format!("TWINE_PASSWORD={token}")),
            ["secrets.pypi-upload-token"]
        );
    }

    #[test]
    fn ignores_testpypi_short_and_embedded_tokens() {
        let test_pypi = format!("{}{MACAROON}", "pypi-AgENdGVzdC5weXBpLm9yZw");
        assert!(ids(&test_pypi).is_empty());
        assert!(ids(concat!("pypi-AgEIcHlwaS5vcmc", "qkwUONAIif")).is_empty());
        assert!(ids(&format!("xpypi-AgEIcHlwaS5vcmc{MACAROON}")).is_empty());
    }

    /// A `.pypirc` section (built at run time so that this file holds no credential).
    fn section(name: &str, body: &str) -> String {
        format!("[{name}]\n{body}")
    }

    #[test]
    fn finds_passwords_in_pypirc_sections() {
        let pypirc = format!(
            "[distutils]\nindex-servers =\n    pypi\n\n{}",
            section(
                "pypi",
                "username = acme-release\npassword = gFKEOU0Ekm5h!Kt9sb\n"
            )
        );
        assert_eq!(ids(&pypirc), ["secrets.pypirc-password"]);
        let echoed = format!(
            "echo -e \"{}\" > ~/.pypirc",
            section(
                "testpypi",
                "\\nusername = ci\\npassword = gFKEOU0Ekm5h!Kt9sb"
            )
        );
        assert_eq!(ids(&echoed), ["secrets.pypirc-password"]);
    }

    #[test]
    fn pypirc_leaves_tokens_and_references_alone() {
        let token = format!("{}{MACAROON}", "pypi-AgEIcHlwaS5vcmc");
        let pypirc = section(
            "pypi",
            &format!("username = __token__\npassword = {token}\n"),
        );
        assert_eq!(ids(&pypirc), ["secrets.pypi-upload-token"]);
        for value in [
            "%(PYPI_PASSWORD)s",
            "$PYPI_PASSWORD",
            "<your-password>",
            "changeme",
        ] {
            let pypirc = section("pypi", &format!("username = acme\npassword = {value}\n"));
            assert!(ids(&pypirc).is_empty(), "{value}");
        }
        let other = section(
            "pypi",
            "username = acme\n[server-login]\npassword = gFKEOU0Ekm5h",
        );
        assert!(ids(&other).is_empty());
    }
}
