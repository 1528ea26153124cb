//! Shared judgement of assigned values for the generic (keyword = value) detectors: what a real
//! credential looks like, as opposed to a code reference, a template, a placeholder, a path,
//! prose or an identifier.
//!
//! A check only sees the value, never its key, so "the value repeats the key name" is
//! approximated by "the value is an identifier made of letters only" (`DB_PASSWORD`, `apiKey`).

use crate::placeholder::is_placeholder;
use crate::{Check, Detector};
use bulwark_core::Rule;
use regex::bytes::Regex;

/// Assignment keys, separators and value shapes shared by the generic detectors' regexes.
pub(super) mod pattern {
    /// Between a key and its value: `=`, `:`, `:=`, `=>`, optionally after a closing quote or
    /// bracket (`"password":`, `ENV['PASSWORD'] =`) or a type annotation (`password: str =`).
    /// Never across lines, never `==`/`!=` (the value pattern cannot start with `=`).
    pub(in crate::detectors::generic) const SEPARATOR: &str = r#"(?:["']?\])?["']?(?:[ \t]*:[ \t]*[A-Za-z_][\w.<>\[\]?|]{0,30}[ \t]*(?:=|:=)|[ \t]*(?:=>|:=|=|:))[ \t]*"#;

    /// `AWS::SecretsManager::Secret`, `Config::API_KEY`: a type or module path is a name, not a
    /// key being assigned; as the first alternative it swallows the path.
    pub(in crate::detectors::generic) const PATH_DECOY: &str = r"(?:\w+::)+\w+";

    /// A quoted value of at least `min` characters in capture groups 1 (double) and 2 (single).
    /// The maximum is the check's business: a counted repetition here would blow up the
    /// compiled regex.
    pub(in crate::detectors::generic) fn quoted(min: usize) -> String {
        format!(r#"(?:"((?:[^"\\\r\n]|\\.){{{min},}})"|'((?:[^'\\\r\n]|\\.){{{min},}})')"#)
    }

    /// An unquoted value (`.env`, YAML, properties, INI) of at least `min` characters in one
    /// capture group: it cannot start like a YAML tag, alias, block scalar or comment.
    pub(in crate::detectors::generic) fn unquoted(min: usize) -> String {
        let rest = min.saturating_sub(1);
        format!(r#"([^\s"'`,;()\[\]{{}}<>=:|&*!#\\][^\s"'`,;()\[\]{{}}<>]{{{rest},}})"#)
    }

    /// An unquoted value that a URL query goes on after (`password=…&user=…` in a log): the
    /// value stops at the `&`. One capture group.
    pub(in crate::detectors::generic) fn unquoted_in_query(min: usize) -> String {
        let rest = min.saturating_sub(1);
        format!(
            r#"([^\s"'`,;()\[\]{{}}<>=:|&*!#\\][^\s"'`,;()\[\]{{}}<>&]{{{rest},}})&[A-Za-z_][\w.-]*="#
        )
    }
}

/// Path of files where unquoted `key = value` / `key: value` lines are literal values rather than
/// code (where an unquoted right-hand side is a variable or a call).
pub(super) const CONFIG_FILES: &str = r"(?i-u)(?:^|[/\\])(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.(?:env|ya?ml|properties|ini|cfg|conf|config|cnf|sh|bash|zsh|ksh|bat|cmd|ps1|txt|log|list|pgpass|gitconfig)|(?:[\w.-]+\.)?dockerfile|dockerfile(?:\.[\w.-]+)?|makefile|credentials|secrets?)$";

/// Prefixes of tokens that a provider-specific detector reports (or that are test-mode or
/// publishable keys, hence not secret): the generic detectors stay silent on them so that one
/// secret yields one finding.
const PROVIDER_PREFIXES: [&str; 24] = [
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "xoxs-",
    "xapp-",
    "sk_live_",
    "rk_live_",
    "sk_test_",
    "rk_test_",
    "pk_live_",
    "pk_test_",
    "akia",
    "asia",
    "eyj",
    "-----begin",
    "age-secret-key-",
];

/// Substrings (lower case) of documentation and test stand-ins.
const STAND_IN_WORDS: [&str; 26] = [
    "example",
    "sample",
    "dummy",
    "fake",
    "mock",
    "test",
    "redact",
    "placeholder",
    "changeit",
    "changeme",
    "replace",
    "insert",
    "your",
    "todo",
    "fixme",
    "foobar",
    "lorem",
    "xxx",
    "hidden",
    "masked",
    "notset",
    "not_set",
    "secret",
    "password",
    "anonymous",
    "xyzzy",
];

/// Substrings of templates, interpolation, environment look-ups, masks and code.
const REFERENCE_MARKERS: [&str; 22] = [
    "{{",
    "}}",
    "${",
    "#{",
    "%(",
    "$(",
    "@{",
    "{0}",
    "{}",
    "::",
    "->",
    "arn:",
    "process.env",
    "environ",
    "getenv",
    "env[",
    "env(",
    "://",
    "...",
    "…",
    "***",
    "•",
];

/// Whether `value` is not a credential but a reference to one, a template, a mask, a path or
/// a URL. Shared by every generic detector.
pub(super) fn is_reference(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if REFERENCE_MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    let bytes = value.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    // printf verbs (`%s`, `%d`, `%v`) at a word end: `%s:%s`, `pre%s`; not `ab%vIO` in a password.
    if bytes.windows(2).enumerate().any(|(i, w)| {
        w[0] == b'%'
            && matches!(w[1], b's' | b'd' | b'v' | b'i' | b'f' | b'x' | b'q' | b'r')
            && bytes.get(i + 2).is_none_or(|b| !b.is_ascii_alphanumeric())
    }) {
        return true;
    }
    // `$VAR`, `$this`, `%VAR%`, `@var@`, `__VAR__`, `{name}`, `[NAME]`, `(value)`.
    if first == b'$'
        && bytes
            .get(1)
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'{' | b'('))
    {
        return true;
    }
    if matches!(
        (first, last),
        (b'%', b'%') | (b'@', b'@') | (b'{', b'}') | (b'[', b']') | (b'(', b')')
    ) || (value.starts_with("__") && value.ends_with("__"))
    {
        return true;
    }
    // Interpolation inside a string: `"$last_token"`, `"pre${x}"`.
    if bytes.windows(4).any(|w| {
        w[0] == b'$'
            && (matches!(w[1], b'{' | b'(')
                || w[1..].iter().all(|b| b.is_ascii_lowercase() || *b == b'_'))
    }) {
        return true;
    }
    // Optional-syntax notation in documentation: `[path/]file`, `[PASSWORD]`.
    if first == b'[' && value.contains(']') {
        return true;
    }
    // YAML tags, aliases and anchors: `!vault`, `*default_password`, `&pw`.
    if matches!(first, b'!' | b'*' | b'&')
        && bytes[1..]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
    {
        return true;
    }
    is_dotted_identifier(value) || is_constant_name(value) || is_host_port(value) || is_path(value)
}

/// `DB_PASSWORD`, `PKCS7_ISSUER`, `user_pass1`: an identifier in one case whose `_`-separated
/// segments are words, each with at most two trailing digits (a random `tok_a8f3k2…` is not).
fn is_constant_name(value: &str) -> bool {
    let single_case = value.bytes().all(|b| !b.is_ascii_lowercase())
        || value.bytes().all(|b| !b.is_ascii_uppercase());
    let word = |segment: &str| {
        let letters = segment.trim_end_matches(|c: char| c.is_ascii_digit());
        letters.len() >= 2
            && segment.len() - letters.len() <= 2
            && letters.bytes().all(|b| b.is_ascii_alphabetic())
    };
    single_case && value.contains('_') && value.split('_').all(word)
}

/// `localhost:5432`, `db.internal:3306`.
fn is_host_port(value: &str) -> bool {
    value.rsplit_once(':').is_some_and(|(host, port)| {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
            && host.bytes().any(|b| b.is_ascii_alphabetic())
            && (1..=5).contains(&port.len())
            && port.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The longest run of consecutive ascending or descending letters or digits (`abcdef`,
/// `123456`, `987654`): hand-typed fakes have long runs, random values almost never.
pub(super) fn longest_sequence(value: &str) -> usize {
    let bytes: Vec<u8> = value.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let mut longest = usize::from(!bytes.is_empty());
    let (mut up, mut down) = (1, 1);
    for pair in bytes.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same_class = (a.is_ascii_digit() && b.is_ascii_digit())
            || (a.is_ascii_lowercase() && b.is_ascii_lowercase());
        up = if same_class && b == a.wrapping_add(1) {
            up + 1
        } else {
            1
        };
        down = if same_class && b == a.wrapping_sub(1) {
            down + 1
        } else {
            1
        };
        longest = longest.max(up).max(down);
    }
    longest
}

/// [`longest_sequence`] over digit values (`0..=9`).
pub(super) fn longest_sequence_of_digits(digits: &[u8]) -> usize {
    let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    longest_sequence(&text)
}

/// `P@ssw0rd`, `Passw0rd!`: "password" in leetspeak, the textbook example password.
fn is_leet_password(value: &str) -> bool {
    let plain: String = value
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            '@' | '4' => 'a',
            '0' => 'o',
            '5' | '$' => 's',
            '1' | '!' => 'i',
            '3' => 'e',
            other => other,
        })
        .collect();
    plain.contains("password") || plain.contains("passwort")
}

/// `self.password`, `config.db.password`, `settings.SECRET_KEY`: an attribute chain.
fn is_dotted_identifier(value: &str) -> bool {
    let mut parts = value.split('.');
    let identifier = |part: &str| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    value.contains('.') && parts.all(identifier)
}

/// An absolute, relative or home path, or a relative path to a file with an extension.
fn is_path(value: &str) -> bool {
    let bytes = value.as_bytes();
    if value.starts_with('/')
        || value.starts_with("./")
        || value.starts_with("../")
        || value.starts_with("~/")
        || value.starts_with("\\\\")
        || value.to_ascii_lowercase().starts_with("file:")
    {
        return true;
    }
    if bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/')
    {
        return true;
    }
    if let Some((_, file)) = value.rsplit_once(['/', '\\']) {
        return file.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphabetic())
        });
    }
    false
}

/// Documentation and test stand-ins (`your_api_key`, `test1234`, `example-secret`, `<redacted>`),
/// also base64-encoded (`bm90IG15IHJlYWwgcGFzc3dvcmQ=`: "not my real password").
pub(super) fn is_stand_in(value: &str) -> bool {
    let plain_stand_in = |text: &str| {
        let lower = text.to_ascii_lowercase();
        is_placeholder(text.as_bytes()) || STAND_IN_WORDS.iter().any(|w| lower.contains(w))
    };
    plain_stand_in(value)
        || decoded_base64(value).is_some_and(|text| text.contains(' ') || plain_stand_in(&text))
}

/// `value` as standard base64 of printable text, if it is that.
fn decoded_base64(value: &str) -> Option<String> {
    use base64::Engine;
    if value.len() < 8 || !value.len().is_multiple_of(4) {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.chars()
        .all(|c| c == ' ' || c.is_ascii_graphic())
        .then_some(text)
}

/// Letters and word separators only: a word, a label or an identifier (`admin`, `Password`,
/// `DB_PASSWORD`, `secretValue`, `Mot-de-passe`), not a generated credential.
pub(super) fn is_word_like(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '_' | '-' | '.'))
}

/// A long letters-only value that is random rather than words (`hf_` tokens are letters only):
/// high entropy and several upper-case pairs, which camelCase identifiers lack.
fn is_random_letters(value: &str) -> bool {
    let upper_pairs = value
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
        .count();
    value.len() >= 24 && upper_pairs >= 3 && crate::shannon_entropy(value.as_bytes()) >= 4.2
}

/// Words and numbers joined by separators (`dev-secret-key-2024`, `my_app_token_1`).
fn is_compound_words(value: &str) -> bool {
    let mut parts = value
        .split(['-', '_', '.', ':', '/'])
        .filter(|p| !p.is_empty());
    value.contains(['-', '_', '.', ':', '/'])
        && parts.all(|p| {
            p.chars().all(|c| c.is_ascii_alphabetic()) || p.chars().all(|c| c.is_ascii_digit())
        })
}

/// A password hash (bcrypt, crypt, argon2, LDAP `{SSHA}`, Spring `{bcrypt}`): not the password.
fn is_password_hash(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    [
        "$2a$", "$2b$", "$2y$", "$2x$", "$1$", "$5$", "$6$", "$y$", "$apr1$", "$argon2", "$pbkdf2",
        "$scrypt",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        || (lower.starts_with('{')
            && [
                "{ssha", "{sha", "{md5", "{smd5", "{crypt", "{bcrypt", "{pbkdf2", "{scrypt",
                "{argon2",
            ]
            .iter()
            .any(|p| lower.starts_with(p)))
}

/// A token some provider-specific detector already reports, or a test/publishable key.
pub(super) fn has_provider_prefix(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    PROVIDER_PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// Verdict on a value assigned to a password-like key.
pub(super) fn password_value(value: &[u8]) -> Check {
    let Ok(value) = std::str::from_utf8(value) else {
        return Check::Reject;
    };
    let length = value.chars().count();
    if !(6..=128).contains(&length)
        || value.chars().any(char::is_whitespace)
        || is_reference(value)
        || is_stand_in(value)
        || (is_word_like(value) && !is_random_letters(value))
        || is_password_hash(value)
        || is_leet_password(value)
        || longest_sequence(value) >= 6
        || has_provider_prefix(value)
    {
        return Check::Reject;
    }
    Check::Keep
}

/// Verdict on a value assigned to a secret-, token- or key-like key (generated credentials).
pub(super) fn token_value(value: &[u8]) -> Check {
    let Ok(value) = std::str::from_utf8(value) else {
        return Check::Reject;
    };
    let length = value.chars().count();
    if !(16..=512).contains(&length)
        || value.chars().any(char::is_whitespace)
        || value.bytes().all(|b| b.is_ascii_digit())
        || longest_sequence(value) >= 5
        || is_reference(value)
        || is_stand_in(value)
        || (is_word_like(value) && !is_random_letters(value))
        || (is_compound_words(value) && !is_random_letters(value))
        || has_provider_prefix(value)
    {
        return Check::Reject;
    }
    Check::Keep
}

/// A generic `key = value` detector: which keys, how long a value, how it is judged.
pub(super) struct Assignment {
    pub rule: &'static Rule,
    pub keywords: &'static [&'static str],
    /// Regex of the key name; the credential word must end it (`db_password`, not
    /// `password_hint`).
    pub key: &'static str,
    /// Regex of key names that end like `key` but hold no credential (`csrf_token`).
    pub decoy_keys: Option<&'static str>,
    /// Shortest value considered (the check enforces the longest).
    pub min: usize,
    pub min_entropy: f64,
    pub check: fn(&[u8]) -> Check,
}

impl Assignment {
    /// Two detectors for the rule: quoted values in any file (code, JSON, XML, TOML, quoted
    /// YAML), and unquoted values only in configuration files, where they are literals.
    pub(super) fn detectors(&self) -> Result<Vec<Detector>, String> {
        use pattern::{PATH_DECOY, SEPARATOR as SEP, quoted, unquoted, unquoted_in_query};
        let (key, min) = (self.key, self.min);
        let q = quoted(min);
        // A decoy alternative matches first (leftmost-first) and captures nothing, so the
        // detector drops it.
        let decoy = self
            .decoy_keys
            .map(|d| format!(r"\b[\w.-]*(?:{d}){SEP}|"))
            .unwrap_or_default();
        let code = format!(
            r#"(?i-u){PATH_DECOY}|{decoy}\b(?:{key}){SEP}{q}|\([ \t]*["'](?:{key})["'][ \t]*,[ \t]*{q}|<(?:[\w-]+:)?(?:{key})>[ \t]*([^<>\s]{{{min},}})[ \t]*</|\bkey[ \t]*=[ \t]*["'](?:{key})["'][ \t]+value[ \t]*=[ \t]*{q}|\bname["']?[ \t]*[:=][ \t]*["']?(?:{key})["']?[ \t]*(?:,[ \t]*|\r?\n[ \t]*)["']?value["']?[ \t]*[:=][ \t]*{q}"#
        );
        let u = unquoted(min);
        let uq = unquoted_in_query(min);
        let config = format!(
            r#"(?i-u){PATH_DECOY}|{decoy}\bjdbc:[^\s"'<>]+|\b(?:server|data source|host|driver|dsn|address|initial catalog|database)[ \t]*=[^\r\n"']*?;[^\r\n"']*?(?:password|pwd)[ \t]*=[^;\r\n"']*|\b(?:{key}){SEP}(?:{uq}|{u})|\bname[ \t]*:[ \t]*["']?(?:{key})["']?[ \t]*\r?\n[ \t]*value[ \t]*:[ \t]*{u}"#
        );
        let config_files =
            Regex::new(CONFIG_FILES).map_err(|e| format!("{}: config paths: {e}", self.rule.id))?;
        let mut in_code = Detector::new(self.rule, self.keywords, &code, 1)?;
        for group in 2..=9 {
            in_code = in_code.alternative_group(group);
        }
        let in_config = Detector::new(self.rule, self.keywords, &config, 1)?
            .alternative_group(2)
            .alternative_group(3)
            .only_paths(config_files);
        Ok(vec![
            in_code
                .min_entropy(self.min_entropy)
                .check(self.check)
                .fallback(),
            in_config
                .min_entropy(self.min_entropy)
                .check(self.check)
                .fallback(),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(v: &str) -> bool {
        password_value(v.as_bytes()) == Check::Keep
    }

    fn token(v: &str) -> bool {
        token_value(v.as_bytes()) == Check::Keep
    }

    #[test]
    fn keeps_credentials() {
        assert!(password("S3cr3tP4ss!"));
        assert!(password("Tr0ub4dor&3"));
        assert!(password("{noop}Qw7rTz9p"));
        assert!(token("q8Zp2LmXw9Tr4Kd7Vb3N"));
        assert!(token("9f86d081884c7d659a2feaa0c55ad015"));
        assert!(token("Zm9vYmFyYmF6cXV4/+Kd7Vb3N=="));
        assert!(
            token("tok_a8f3k2q9z7x1m4p6w0"),
            "random lower-case token with a prefix"
        );
    }

    #[test]
    fn rejects_code_references_and_templates() {
        for v in [
            "os.environ[\"DB\"]",
            "process.env.DB_PASSWORD",
            "self.password",
            "config.db.password",
            "${DB_PASSWORD}",
            "{{ db_password }}",
            "{{.Values.password}}",
            "$DB_PASSWORD",
            "$this->password",
            "%DB_PASSWORD%",
            "@db.password@",
            "__DB_PASSWORD__",
            "{password}",
            "%(password)s",
            "Secret::new",
            "#{ENV['X']}",
            "$(cat /run/secrets/db)",
            "!vault",
            "*default_pw",
        ] {
            assert!(is_reference(v), "{v}");
            assert!(!password(v), "{v}");
        }
    }

    #[test]
    fn rejects_paths_urls_and_masks() {
        for v in [
            "/run/secrets/db_password",
            "./secrets/db.txt",
            "~/.ssh/id_ed25519",
            "C:\\secrets\\pw.txt",
            "secrets/db_password.txt",
            "https://vault.internal/v1/db",
            "********",
            "abc...xyz1",
            "••••••••",
        ] {
            assert!(!password(v), "{v}");
        }
    }

    #[test]
    fn rejects_words_identifiers_and_stand_ins() {
        for v in [
            "DB_PASSWORD",
            "userPassword",
            "Passwort",
            "Contraseña",
            "required",
            "undefined",
            "test1234",
            "your-password-1",
            "example123",
            "changeit",
            "<secret>",
            "Password is required",
        ] {
            assert!(!password(v), "{v}");
        }
        assert!(!password("abc1"), "too short");
        assert!(!password(
            "$2y$10$0123456789abcdefghijkuVWXYZabcdefghijklmnopqrstu"
        ));
        assert!(!password("{SSHA}k2Xp9Lm3Qw7rTz1vB8nC4dF6"));
    }

    #[test]
    fn token_rules() {
        assert!(!token("short1A"), "too short");
        assert!(!token("1234567890123456789"), "digits only");
        assert!(!token("dev-secret-key-2024"), "compound words");
        assert!(!token("abcdefghijklmnopqrstuvwxyz"), "letters only");
        assert!(
            !token("ThisIsMyVeryLongIdentifierName"),
            "camelCase identifier"
        );
        assert!(
            !token("HTTPSConnectionPoolManager"),
            "identifier with an acronym"
        );
        assert!(
            token("QGSBVBMWkYCNPQrLwJrAICMAUkgYLEBDBV"),
            "random letters"
        );
        assert!(!token("0123456789abcdef0123"), "sequence");
        assert!(!token(concat!("sk_", "test_4eC39HqLyjWDarjtT1zdp7dc")));
        assert!(!token(concat!(
            "ghp_",
            "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"
        )));
        assert!(!token("eyJhbGciOiJIUzI1NiJ9"));
    }
}
