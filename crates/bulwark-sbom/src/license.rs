//! Declared licenses as SPDX expressions. Both formats (and their consumers) reject free text
//! such as `Apache 2.0` or `BSD-style` where an expression is expected, so a declared license
//! is published as an expression only when it parses as one. The check is syntactic: license
//! identifiers are not looked up in the SPDX list.

/// Deeper nesting than this is not a license anyone declares; refusing it bounds the recursion.
const MAX_DEPTH: usize = 16;

/// One expression for a package's declared licenses: the single one, or several joined with
/// `OR` (a package that declares more than one license, as Composer and NuGet allow, offers a
/// choice). `None` when nothing is declared or any declaration is not an expression.
pub(crate) fn expression(declared: &[String]) -> Option<String> {
    let mut licenses: Vec<&str> = declared.iter().map(|l| l.trim()).collect();
    licenses.sort_unstable();
    licenses.dedup();
    if licenses.is_empty() || !licenses.iter().all(|l| is_expression(l)) {
        return None;
    }
    if let [single] = licenses.as_slice() {
        return Some((*single).to_string());
    }
    let parts: Vec<String> = licenses
        .iter()
        .map(|l| {
            if l.contains(' ') {
                format!("({l})")
            } else {
                (*l).to_string()
            }
        })
        .collect();
    Some(parts.join(" OR "))
}

/// Whether `text` follows the SPDX license expression grammar (SPDX 2.3, annex D).
pub(crate) fn is_expression(text: &str) -> bool {
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut parser = Parser { tokens, at: 0 };
    parser.compound(0) && parser.at == parser.tokens.len()
}

struct Parser<'a> {
    tokens: Vec<&'a str>,
    at: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<&str> {
        let token = self.tokens.get(self.at).copied();
        self.at += 1;
        token
    }

    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).copied()
    }

    /// `term ((AND | OR) term)*`
    fn compound(&mut self, depth: usize) -> bool {
        if !self.term(depth) {
            return false;
        }
        while matches!(self.peek(), Some("AND" | "OR")) {
            self.at += 1;
            if !self.term(depth) {
                return false;
            }
        }
        true
    }

    /// `( compound )` or `license [WITH exception]`
    fn term(&mut self, depth: usize) -> bool {
        match self.next() {
            Some("(") => depth < MAX_DEPTH && self.compound(depth + 1) && self.next() == Some(")"),
            Some(license) if is_license(license) => {
                if self.peek() == Some("WITH") {
                    self.at += 1;
                    return self.next().is_some_and(is_idstring);
                }
                true
            }
            _ => false,
        }
    }
}

/// `idstring[+]`, `LicenseRef-idstring` or `DocumentRef-idstring:LicenseRef-idstring`.
fn is_license(token: &str) -> bool {
    if let Some(rest) = token.strip_prefix("DocumentRef-") {
        return rest.split_once(':').is_some_and(|(document, license)| {
            is_idstring(document) && license.strip_prefix("LicenseRef-").is_some_and(is_idstring)
        });
    }
    is_idstring(token.strip_suffix('+').unwrap_or(token))
}

fn is_idstring(token: &str) -> bool {
    !token.is_empty()
        && !matches!(token, "AND" | "OR" | "WITH")
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_expressions() {
        for (text, valid) in [
            ("MIT", true),
            ("Apache-2.0 OR MIT", true),
            ("(MIT OR Apache-2.0) AND BSD-3-Clause", true),
            ("GPL-2.0-or-later WITH Classpath-exception-2.0", true),
            ("GPL-2.0+", true),
            ("LicenseRef-Proprietary", true),
            ("DocumentRef-other:LicenseRef-x", true),
            ("Apache 2.0", false),
            ("MIT/X11", false),
            ("BSD-style license", false),
            ("MIT OR", false),
            ("(MIT", false),
            ("MIT)", false),
            ("MIT WITH", false),
            ("", false),
            ("AND", false),
        ] {
            assert_eq!(is_expression(text), valid, "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}MIT{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(!is_expression(&deep));
        let shallow = format!("{}MIT{}", "(".repeat(3), ")".repeat(3));
        assert!(is_expression(&shallow));
    }

    #[test]
    fn combines_declarations() {
        let declared =
            |list: &[&str]| -> Vec<String> { list.iter().map(|s| s.to_string()).collect() };
        for (list, expected) in [
            (&["MIT"][..], Some("MIT")),
            (&["MIT", "Apache-2.0", "MIT"][..], Some("Apache-2.0 OR MIT")),
            (&["MIT AND ISC", "0BSD"][..], Some("0BSD OR (MIT AND ISC)")),
            (&["MIT", "Apache License"][..], None),
            (&[][..], None),
        ] {
            assert_eq!(expression(&declared(list)).as_deref(), expected, "{list:?}");
        }
    }
}
