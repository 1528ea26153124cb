//! PEP 508 requirement strings (`name[extra]>=1,<2; marker`), shared by every Python format that
//! records requirements as text (requirements files, pdm.lock, `pyproject.toml`).

use pep440_rs::Version;
use std::str::FromStr;

/// One requirement, as far as a scanner needs it: which package, and whether one exact release
/// is pinned.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Requirement<'a> {
    pub name: &'a str,
    /// Version specifiers as written (`>=1,<2`), empty when there are none.
    pub specifiers: &'a str,
    /// `(operator, version)` clauses of [`Requirement::specifiers`].
    clauses: Vec<(&'a str, &'a str)>,
    /// `name @ https://…`: a direct reference, not a registry release.
    pub url: Option<&'a str>,
}

impl<'a> Requirement<'a> {
    /// The exact version when the specifiers pin exactly one (`==1.2.3`, `===1.2.3`).
    pub fn pinned(&self) -> Option<&'a str> {
        let mut exact = self
            .clauses
            .iter()
            .filter(|(op, version)| *op == "===" || (*op == "==" && !version.ends_with(".*")));
        match (exact.next(), exact.next()) {
            (Some((_, version)), None) => Some(version),
            _ => None,
        }
    }
}

/// Longest first, so that `===` is not read as `==` followed by `=`.
const OPERATORS: [&str; 8] = ["===", "==", "!=", "<=", ">=", "~=", "<", ">"];

/// Parses one requirement; the error says what is wrong with it.
pub(crate) fn parse(text: &str) -> Result<Requirement<'_>, String> {
    let text = text.trim();
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    let name = &text[..name_end];
    let alphanumeric_ends = name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if !alphanumeric_ends {
        return Err(format!("`{text}` does not start with a package name"));
    }
    let mut rest = text[name_end..].trim_start();
    if let Some(after) = rest.strip_prefix('[') {
        let (extras, after) = after
            .split_once(']')
            .ok_or_else(|| format!("unclosed extras in `{text}`"))?;
        if extras.contains(['[', '(', '=', '<', '>', ';']) {
            return Err(format!("invalid extras in `{text}`"));
        }
        rest = after.trim_start();
    }
    if let Some(url) = rest.strip_prefix('@') {
        // PEP 508: a marker after a URL must be preceded by whitespace.
        let url = url.split(" ;").next().unwrap_or_default().trim();
        if url.is_empty() {
            return Err(format!("missing URL after `@` in `{text}`"));
        }
        return Ok(Requirement {
            name,
            specifiers: "",
            clauses: Vec::new(),
            url: Some(url),
        });
    }
    let (specifiers, marker) = match rest.split_once(';') {
        Some((specifiers, marker)) => (specifiers.trim(), Some(marker.trim())),
        None => (rest.trim(), None),
    };
    if marker.is_some_and(str::is_empty) {
        return Err(format!("empty environment marker in `{text}`"));
    }
    let specifiers = match specifiers.strip_prefix('(') {
        Some(inner) => inner
            .strip_suffix(')')
            .ok_or_else(|| format!("unclosed `(` in `{text}`"))?
            .trim(),
        None => specifiers,
    };
    let clauses = if specifiers.is_empty() {
        Vec::new()
    } else {
        specifiers
            .split(',')
            .map(clause)
            .collect::<Result<Vec<_>, _>>()?
    };
    Ok(Requirement {
        name,
        specifiers,
        clauses,
        url: None,
    })
}

/// One `operator version` clause, with the version checked against PEP 440.
fn clause(text: &str) -> Result<(&str, &str), String> {
    let text = text.trim();
    let op = OPERATORS
        .into_iter()
        .find(|op| text.starts_with(op))
        .ok_or_else(|| format!("`{text}` is not a version specifier"))?;
    let version = text[op.len()..].trim();
    if version.is_empty() || version.contains(char::is_whitespace) {
        return Err(format!("`{text}` is not a version specifier"));
    }
    // `===` compares strings and admits any version text; the others need PEP 440.
    if op != "===" {
        let base = match op {
            "==" | "!=" => version.strip_suffix(".*").unwrap_or(version),
            _ => version,
        };
        Version::from_str(base).map_err(|e| format!("invalid version `{version}`: {e}"))?;
    }
    Ok((op, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_pins_and_urls() {
        for (text, name, specifiers, pinned, url) in [
            (
                "requests==2.31.0",
                "requests",
                "==2.31.0",
                Some("2.31.0"),
                None,
            ),
            (
                "Django == 4.2.7 ; python_version >= '3.8'",
                "Django",
                "== 4.2.7",
                Some("4.2.7"),
                None,
            ),
            (
                "uvicorn[standard]==0.24.0",
                "uvicorn",
                "==0.24.0",
                Some("0.24.0"),
                None,
            ),
            (
                "legacy===1.0-custom",
                "legacy",
                "===1.0-custom",
                Some("1.0-custom"),
                None,
            ),
            ("flask>=2,<3", "flask", ">=2,<3", None, None),
            ("attrs~=23.1", "attrs", "~=23.1", None, None),
            ("numpy==1.26.*", "numpy", "==1.26.*", None, None),
            ("six", "six", "", None, None),
            (
                "zope.interface (==6.1)",
                "zope.interface",
                "==6.1",
                Some("6.1"),
                None,
            ),
            (
                "pip @ https://example.org/pip.whl ; python_version > '3'",
                "pip",
                "",
                None,
                Some("https://example.org/pip.whl"),
            ),
        ] {
            let requirement = parse(text).expect(text);
            assert_eq!(requirement.name, name, "{text}");
            assert_eq!(requirement.specifiers, specifiers, "{text}");
            assert_eq!(requirement.pinned(), pinned, "{text}");
            assert_eq!(requirement.url, url, "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_requirement() {
        for text in [
            "",
            "==1.0",
            "-bad==1",
            "name[extra==1",
            "name==",
            "name==not a version",
            "name=1.0",
            "name==1.0;",
            "name @ ",
            "name (==1.0",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }
}
