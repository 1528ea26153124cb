//! Gitleaks patterns are Go RE2 regexes; Bulwark compiles them with the `regex` crate. The two
//! syntaxes agree almost everywhere. This module rewrites the few places where the same text
//! means something different, and names the features neither engine has (look-around,
//! backreferences, possessive quantifiers …) so that the user gets a precise warning instead of a
//! parser error.
//!
//! Rewrites (Go meaning → Rust spelling):
//! - `\d \w \s \b` and their negations are ASCII-only in Go, Unicode in Rust: spelt out as ASCII
//!   classes (`\s` is Go's `[\t\n\f\r ]`, without `\v`).
//! - `\Q…\E` quotes literal text in Go: escaped.
//! - `\0`, `\12`, `\123` are octal character codes in Go: written as `\x{…}`.
//! - `\<` and `\>` are escaped punctuation in Go, word boundaries in Rust: literal `<`, `>`.
//! - `{` that does not start a valid `{n}`, `{n,}`, `{n,m}` repetition is a literal in Go:
//!   escaped (`a{,3}`, `{x}`); a lone `}` likewise.
//! - Inside a class, `[` is a literal unless it opens a POSIX class such as `[:alpha:]`, and
//!   `&&`, `--`, `~~` are plain characters in Go (set operations in Rust): escaped.

/// A Go pattern in Rust `regex` syntax.
#[derive(Debug)]
pub(crate) struct Translation {
    pub pattern: String,
    /// The text of each capture group (group 1 first), in Rust syntax, parentheses included.
    pub groups: Vec<String>,
}

/// Rust `regex` syntax for a Go pattern, or the name of a feature no engine here supports.
pub(crate) fn translate(go: &str) -> Result<Translation, String> {
    let mut translator = Translator {
        chars: go.chars().collect(),
        pos: 0,
        out: String::with_capacity(go.len() + 16),
        open: Vec::new(),
        groups: Vec::new(),
    };
    translator.run()?;
    let Translator { out, groups, .. } = translator;
    let groups = groups
        .into_iter()
        .filter_map(|(start, end)| out.get(start..end?).map(str::to_string))
        .collect();
    Ok(Translation {
        pattern: out,
        groups,
    })
}

/// The one-line reason of a `regex` compile error (the crate's message spans several lines).
pub(crate) fn short_error(error: &regex::Error) -> String {
    match error {
        regex::Error::Syntax(text) => text
            .lines()
            .rev()
            .find_map(|line| line.trim().strip_prefix("error: "))
            .unwrap_or(text.as_str())
            .trim()
            .to_string(),
        regex::Error::CompiledTooBig(limit) => {
            format!("the compiled pattern exceeds the size limit of {limit} bytes")
        }
        other => other.to_string().replace('\n', " "),
    }
}

/// Go's POSIX class names (`[:alpha:]`), which Rust also knows, with the same ASCII meaning.
const POSIX_CLASSES: [&str; 14] = [
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];

struct Translator {
    chars: Vec<char>,
    pos: usize,
    out: String,
    /// Open groups, innermost last: the capture group's index in `groups`, `None` if not one.
    open: Vec<Option<usize>>,
    /// Byte range in `out` of each capture group, in opening order (the end once closed).
    groups: Vec<(usize, Option<usize>)>,
}

impl Translator {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn starts_with(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(ahead, expected)| self.peek(ahead) == Some(expected))
    }

    fn run(&mut self) -> Result<(), String> {
        while let Some(c) = self.peek(0) {
            match c {
                '\\' => self.escape(false)?,
                '[' => self.class()?,
                '(' => self.group()?,
                '*' | '+' | '?' => {
                    self.out.push(c);
                    self.pos += 1;
                    self.after_quantifier(&c.to_string())?;
                }
                '{' => match self.repetition() {
                    Some(length) => {
                        let text: String = self.chars[self.pos..self.pos + length].iter().collect();
                        self.out.push_str(&text);
                        self.pos += length;
                        self.after_quantifier(&text)?;
                    }
                    None => {
                        self.out.push_str("\\{");
                        self.pos += 1;
                    }
                },
                '}' => {
                    self.out.push_str("\\}");
                    self.pos += 1;
                }
                ')' => {
                    self.out.push(')');
                    self.pos += 1;
                    // An unbalanced `)` is left for the compiler to reject.
                    if let Some(Some(index)) = self.open.pop()
                        && let Some(group) = self.groups.get_mut(index)
                    {
                        group.1 = Some(self.out.len());
                    }
                }
                _ => {
                    self.out.push(c);
                    self.pos += 1;
                }
            }
        }
        Ok(())
    }

    /// After `*`, `+`, `?` or `{n,m}`: a lazy `?` is fine, a `+` makes it possessive.
    fn after_quantifier(&mut self, quantifier: &str) -> Result<(), String> {
        if self.peek(0) == Some('?') {
            self.out.push('?');
            self.pos += 1;
        } else if self.peek(0) == Some('+') {
            return Err(format!("possessive quantifier `{quantifier}+`"));
        }
        Ok(())
    }

    /// Length of a valid Go repetition `{n}`, `{n,}`, `{n,m}` at the cursor.
    fn repetition(&self) -> Option<usize> {
        let mut ahead = 1;
        let digits = |ahead: &mut usize| {
            let start = *ahead;
            while self.peek(*ahead).is_some_and(|c| c.is_ascii_digit()) {
                *ahead += 1;
            }
            *ahead > start
        };
        if !digits(&mut ahead) {
            return None;
        }
        if self.peek(ahead) == Some(',') {
            ahead += 1;
            digits(&mut ahead);
        }
        (self.peek(ahead) == Some('}')).then_some(ahead + 1)
    }

    fn group(&mut self) -> Result<(), String> {
        const UNSUPPORTED: [(&str, &str); 13] = [
            ("(?=", "look-ahead `(?=`"),
            ("(?!", "negative look-ahead `(?!`"),
            ("(?<=", "look-behind `(?<=`"),
            ("(?<!", "negative look-behind `(?<!`"),
            ("(?>", "atomic group `(?>`"),
            ("(?#", "comment group `(?#`"),
            ("(?(", "conditional `(?(`"),
            ("(?|", "branch reset `(?|`"),
            ("(?P=", "named backreference `(?P=`"),
            ("(?P>", "subroutine call `(?P>`"),
            ("(?&", "subroutine call `(?&`"),
            ("(?R", "recursion `(?R`"),
            ("(?+", "subroutine call `(?+`"),
        ];
        for (prefix, name) in UNSUPPORTED {
            if self.starts_with(prefix) {
                return Err(name.to_string());
            }
        }
        if self.starts_with("(?") {
            let next = self.peek(2);
            let after = self.peek(3);
            if next.is_some_and(|c| c.is_ascii_digit())
                || (next == Some('-') && after.is_some_and(|c| c.is_ascii_digit()))
            {
                return Err("subroutine call `(?N)`".to_string());
            }
            // Named groups capture (look-behind was rejected above); flags and `(?:` do not.
            let capturing = self.starts_with("(?P<") || self.starts_with("(?<");
            self.open_group(capturing);
            self.out.push_str("(?");
            self.pos += 2;
        } else {
            self.open_group(true);
            self.out.push('(');
            self.pos += 1;
        }
        Ok(())
    }

    fn open_group(&mut self, capturing: bool) {
        if capturing {
            self.open.push(Some(self.groups.len()));
            self.groups.push((self.out.len(), None));
        } else {
            self.open.push(None);
        }
    }

    /// A backslash escape at the cursor; `in_class` selects the spelling inside `[…]`.
    fn escape(&mut self, in_class: bool) -> Result<(), String> {
        let Some(next) = self.peek(1) else {
            // A trailing backslash: left for the compiler to reject.
            self.out.push('\\');
            self.pos += 1;
            return Ok(());
        };
        self.pos += 2;
        let ascii =
            |outside: &str, inside: &str| if in_class { inside } else { outside }.to_string();
        let replacement = match next {
            'd' => ascii("[0-9]", "0-9"),
            'D' => "[^0-9]".to_string(),
            'w' => ascii("[0-9A-Za-z_]", "0-9A-Za-z_"),
            'W' => "[^0-9A-Za-z_]".to_string(),
            's' => ascii(r"[\t\n\x0C\r ]", r"\t\n\x0C\r "),
            'S' => r"[^\t\n\x0C\r ]".to_string(),
            'b' if !in_class => r"(?-u:\b)".to_string(),
            'B' if !in_class => r"(?-u:\B)".to_string(),
            'Z' => return Err(r"`\Z` (end of text or before a final newline)".to_string()),
            'Q' => {
                let literal = self.quoted();
                if in_class {
                    literal
                        .chars()
                        .map(|c| {
                            if c.is_ascii_punctuation() {
                                format!("\\{c}")
                            } else {
                                c.to_string()
                            }
                        })
                        .collect()
                } else {
                    regex::escape(&literal)
                }
            }
            '0'..='7' => self.octal(next)?,
            '8' | '9' => return Err(format!(r"backreference `\{next}`")),
            'k' if matches!(self.peek(0), Some('<' | '{' | '\'')) => {
                return Err(r"named backreference `\k<…>`".to_string());
            }
            'g' => return Err(r"backreference `\g`".to_string()),
            '<' | '>' => next.to_string(),
            'p' | 'P' | 'x' => {
                // Keep `\p{Greek}`, `\x{1F600}` whole: their braces are not repetitions.
                let mut escape = format!("\\{next}");
                if self.peek(0) == Some('{') {
                    while let Some(c) = self.peek(0) {
                        escape.push(c);
                        self.pos += 1;
                        if c == '}' {
                            break;
                        }
                    }
                } else if next != 'x'
                    && let Some(c) = self.peek(0)
                {
                    escape.push(c);
                    self.pos += 1;
                }
                escape
            }
            _ => format!("\\{next}"),
        };
        self.out.push_str(&replacement);
        Ok(())
    }

    /// The text of `\Q…\E` (the cursor is after `\Q`); without `\E` the rest of the pattern.
    fn quoted(&mut self) -> String {
        let mut literal = String::new();
        while let Some(c) = self.peek(0) {
            if c == '\\' && self.peek(1) == Some('E') {
                self.pos += 2;
                return literal;
            }
            literal.push(c);
            self.pos += 1;
        }
        literal
    }

    /// Go octal escapes (the cursor is after `\d`): `\0`, `\0NN`, `\NN`, `\NNN`; a single
    /// non-zero digit is a backreference, which Go rejects too.
    fn octal(&mut self, first: char) -> Result<String, String> {
        let is_octal = |c: Option<char>| c.is_some_and(|c| ('0'..='7').contains(&c));
        if first != '0' && !is_octal(self.peek(0)) {
            return Err(format!(r"backreference `\{first}`"));
        }
        let mut value = first.to_digit(8).unwrap_or(0);
        for _ in 0..2 {
            match self.peek(0).and_then(|c| c.to_digit(8)) {
                Some(digit) => {
                    value = value * 8 + digit;
                    self.pos += 1;
                }
                None => break,
            }
        }
        Ok(format!(r"\x{{{value:X}}}"))
    }

    /// A bracketed class, from `[` to its closing `]`.
    fn class(&mut self) -> Result<(), String> {
        self.out.push('[');
        self.pos += 1;
        if self.peek(0) == Some('^') {
            self.out.push('^');
            self.pos += 1;
        }
        if self.peek(0) == Some(']') {
            self.out.push_str(r"\]");
            self.pos += 1;
        }
        while let Some(c) = self.peek(0) {
            match c {
                ']' => {
                    self.out.push(']');
                    self.pos += 1;
                    return Ok(());
                }
                '\\' => self.escape(true)?,
                '[' => match self.posix_class() {
                    Some(length) => {
                        let text: String = self.chars[self.pos..self.pos + length].iter().collect();
                        self.out.push_str(&text);
                        self.pos += length;
                    }
                    None => {
                        self.out.push_str(r"\[");
                        self.pos += 1;
                    }
                },
                '&' | '-' | '~' if self.peek(1) == Some(c) => {
                    self.out.push(c);
                    self.out.push('\\');
                    self.out.push(c);
                    self.pos += 2;
                }
                _ => {
                    self.out.push(c);
                    self.pos += 1;
                }
            }
        }
        // Unterminated: the compiler reports it.
        Ok(())
    }

    /// Length of a POSIX class such as `[:alpha:]` or `[:^digit:]` at the cursor.
    fn posix_class(&self) -> Option<usize> {
        if self.peek(1) != Some(':') {
            return None;
        }
        let mut ahead = 2;
        if self.peek(ahead) == Some('^') {
            ahead += 1;
        }
        let start = ahead;
        while self.peek(ahead).is_some_and(|c| c.is_ascii_lowercase()) {
            ahead += 1;
        }
        let name: String = self.chars[self.pos + start..self.pos + ahead]
            .iter()
            .collect();
        (POSIX_CLASSES.contains(&name.as_str())
            && self.peek(ahead) == Some(':')
            && self.peek(ahead + 1) == Some(']'))
        .then_some(ahead + 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rust(go: &str) -> String {
        translate(go)
            .unwrap_or_else(|e| panic!("{go}: {e}"))
            .pattern
    }

    fn compiles(go: &str) -> regex::bytes::Regex {
        regex::bytes::Regex::new(&rust(go)).unwrap_or_else(|e| panic!("{go}: {e}"))
    }

    #[test]
    fn perl_classes_are_ascii_like_go() {
        let re = compiles(r"^\w+\s\d$");
        assert!(re.is_match(b"abc_1 7"));
        assert!(!re.is_match("caf\u{e9} 7".as_bytes()));
        assert!(!re.is_match("abc \u{663}".as_bytes()), "Arabic-Indic digit");
        let class = compiles(r"^[\w.-]+$");
        assert!(class.is_match(b"a.b-c_9"));
        assert!(!class.is_match("\u{e9}".as_bytes()));
        let negated = compiles(r"^[^\s]+$");
        assert!(negated.is_match(b"abc"));
        assert!(!negated.is_match(b"a c"));
        let boundary = compiles(r"\bkey\b");
        assert!(boundary.is_match(b"a key."));
        assert!(!boundary.is_match(b"akey"));
    }

    #[test]
    fn go_only_spellings() {
        assert!(compiles(r"\Qa.b*\E+").is_match(b"a.b*a.b*"));
        assert!(!compiles(r"^\Qa.b\E$").is_match(b"axb"));
        assert!(compiles(r"^a\101$").is_match(b"aA"));
        assert!(compiles(r"^\0$").is_match(b"\0"));
        assert!(compiles(r"^\<x\>$").is_match(b"<x>"));
        assert!(compiles(r"^a{,3}$").is_match(b"a{,3}"));
        assert!(compiles(r"^a{2,}$").is_match(b"aaa"));
        assert!(compiles(r"^[[a]+$").is_match(b"[a["));
        assert!(compiles(r"^[a&&b]+$").is_match(b"a&b"));
        assert!(compiles(r"^[[:alpha:]_]+$").is_match(b"ab_"));
        assert!(compiles(r"^[]a]+$").is_match(b"]a"));
        assert!(compiles(r"(?i)^KEY\z").is_match(b"key"));
        assert!(compiles(r"(?P<secret>[a-f0-9]{8})").is_match(b"deadbeef"));
        assert!(compiles(r"(?:x|y)+?z").is_match(b"xyz"));
        assert!(compiles(r"^\p{Greek}\pL\x{41}\x42$").is_match("\u{3b1}bAB".as_bytes()));
    }

    #[test]
    fn names_unsupported_features() {
        for (pattern, feature) in [
            ("a(?=b)", "look-ahead `(?=`"),
            ("a(?!b)", "negative look-ahead"),
            ("(?<=a)b", "look-behind `(?<=`"),
            ("(?<!a)b", "negative look-behind"),
            (r"(a)\1", r"backreference `\1`"),
            (r"(a)\k<x>", "named backreference"),
            ("a++", "possessive quantifier `++`"),
            ("a{2}+", "possessive quantifier `{2}+`"),
            ("(?>a)", "atomic group"),
            (r"a\Z", r"`\Z`"),
            ("(?1)", "subroutine"),
        ] {
            let error = translate(pattern).expect_err(pattern);
            assert!(error.contains(feature), "{pattern}: {error}");
        }
        // Named groups and flags are not look-behind.
        assert!(translate("(?<name>a)(?i:b)(?-i)").is_ok());
        assert!(translate("a+?b*?").is_ok());
    }

    #[test]
    fn records_capture_groups() {
        let translation =
            translate(r"(?i)(a(\d)?)(?:x)(?P<n>[(]\))|(?<m>y)").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            translation.groups,
            ["(a([0-9])?)", "([0-9])", r"(?P<n>[(]\))", "(?<m>y)"]
        );
        let compiled = regex::Regex::new(&translation.pattern).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(compiled.captures_len(), translation.groups.len() + 1);
    }

    #[test]
    fn never_panics_on_fragments() {
        for pattern in [
            "\\", "[", "[^", "(?", "(", "{", "{1", "{1,", "\\Q", "[\\", "[[:", "[[:^", "\\0",
            "\\7", "\\k", "(?-", "(?P", "é\\é", "[\\Qab",
        ] {
            let _ = translate(pattern);
        }
    }
}
