//! Allowlists in the gitleaks sense: matches that are known not to be secrets.

use regex::bytes::Regex;

/// What an allowlist's regexes are matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// The extracted secret (gitleaks' default).
    #[default]
    Secret,
    /// The whole regex match.
    Match,
    /// The whole line the match is on.
    Line,
}

/// How an allowlist's criteria combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Condition {
    /// Any criterion allows (gitleaks' default).
    #[default]
    Or,
    /// Every criterion given must allow.
    And,
}

/// Criteria under which a match is not reported. Empty criteria are ignored.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    pub description: String,
    pub regexes: Vec<Regex>,
    pub target: Target,
    /// Case-insensitive substrings of the secret.
    pub stopwords: Vec<String>,
    pub paths: Vec<Regex>,
    pub condition: Condition,
}

impl Allowlist {
    /// Whether this allowlist accepts a match in `path`.
    pub fn allows(&self, path: &str, secret: &[u8], whole: &[u8], line: &[u8]) -> bool {
        let target = match self.target {
            Target::Secret => secret,
            Target::Match => whole,
            Target::Line => line,
        };
        let lower_secret = String::from_utf8_lossy(secret).to_lowercase();
        let criteria = [
            (!self.regexes.is_empty()).then(|| self.regexes.iter().any(|re| re.is_match(target))),
            (!self.stopwords.is_empty()).then(|| {
                self.stopwords
                    .iter()
                    .any(|word| lower_secret.contains(&word.to_lowercase()))
            }),
            (!self.paths.is_empty()).then(|| self.allows_path(path)),
        ];
        let mut given = criteria.iter().flatten().peekable();
        if given.peek().is_none() {
            return false;
        }
        match self.condition {
            Condition::Or => given.any(|&ok| ok),
            Condition::And => given.all(|&ok| ok),
        }
    }

    /// Whether the path criterion alone accepts `path` (used to skip whole files).
    pub fn allows_path(&self, path: &str) -> bool {
        self.paths.iter().any(|re| re.is_match(path.as_bytes()))
    }

    /// An allowlist with only path criteria: it exempts whole files.
    pub fn is_path_only(&self) -> bool {
        !self.paths.is_empty() && self.regexes.is_empty() && self.stopwords.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(pattern: &str) -> Regex {
        Regex::new(pattern).expect("valid regex")
    }

    #[test]
    fn or_and_conditions() {
        let mut allow = Allowlist {
            regexes: vec![re("^test")],
            paths: vec![re(r"_test\.go$")],
            ..Allowlist::default()
        };
        assert!(allow.allows("a_test.go", b"real", b"", b""));
        assert!(allow.allows("main.go", b"test123", b"", b""));
        assert!(!allow.allows("main.go", b"real", b"", b""));
        allow.condition = Condition::And;
        assert!(!allow.allows("main.go", b"test123", b"", b""));
        assert!(allow.allows("a_test.go", b"test123", b"", b""));
    }

    #[test]
    fn stopwords_and_targets() {
        let allow = Allowlist {
            stopwords: vec!["Sample".into()],
            ..Allowlist::default()
        };
        assert!(allow.allows("f", b"mysamplekey", b"", b""));
        let line = Allowlist {
            regexes: vec![re("nosec")],
            target: Target::Line,
            ..Allowlist::default()
        };
        assert!(line.allows("f", b"k", b"k", b"key = k # nosec"));
        assert!(!Allowlist::default().allows("f", b"k", b"k", b"k"));
    }
}
