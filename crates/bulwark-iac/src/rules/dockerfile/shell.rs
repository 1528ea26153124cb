//! A small, forgiving reading of shell scripts (Dockerfile `RUN`, workflow `run:`): enough to
//! find simple commands, their words and the pipes between them. Not a shell parser: quotes are
//! honoured and removed, expansions are left as written.

/// One simple command of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Command {
    /// Words with quotes removed.
    pub words: Vec<String>,
    /// Whether this command reads the previous one's output (`a | b`).
    pub piped: bool,
}

/// Wrappers that run the command after them.
const WRAPPERS: &[&str] = &[
    "sudo", "env", "exec", "command", "time", "nohup", "then", "do", "else", "if", "!", "doas",
];

/// Shells that execute what they read on stdin.
const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ash", "ksh"];

impl Command {
    /// Index of the program word, after variable assignments and wrappers (`sudo -E`, `env X=1`).
    pub fn program_index(&self) -> Option<usize> {
        let mut i = 0;
        let mut after_wrapper = false;
        while i < self.words.len() {
            let w = self.words[i].trim_start_matches(['(', '{']);
            if w.is_empty() || is_assignment(w) || (after_wrapper && w.starts_with('-')) {
                i += 1;
                continue;
            }
            if WRAPPERS.contains(&w) {
                after_wrapper = true;
                i += 1;
                continue;
            }
            return Some(i);
        }
        None
    }

    /// The program run, as its base name (`/usr/bin/curl` → `curl`).
    pub fn program(&self) -> Option<&str> {
        let w = self.words.get(self.program_index()?)?;
        let w = w.trim_start_matches(['(', '{']);
        Some(w.rsplit('/').next().unwrap_or(w))
    }

    /// The words after the program.
    pub fn args(&self) -> &[String] {
        match self.program_index() {
            Some(i) => &self.words[i + 1..],
            None => &[],
        }
    }

    /// Whether the first word (before any wrapper is skipped) is `sudo`.
    pub fn uses_sudo(&self) -> bool {
        self.words
            .iter()
            .map(|w| w.trim_start_matches(['(', '{']))
            .find(|w| !is_assignment(w))
            .is_some_and(|w| w == "sudo" || w.ends_with("/sudo"))
    }

    pub fn is_shell(&self) -> bool {
        self.program().is_some_and(|p| SHELLS.contains(&p))
    }

    pub fn is_download(&self) -> bool {
        self.program().is_some_and(|p| p == "curl" || p == "wget")
    }

    /// `install`-like sub-command of a package manager: `apt-get install`, `apk add`.
    pub fn subcommand(&self) -> Option<&str> {
        self.args()
            .iter()
            .find(|a| !a.starts_with('-'))
            .map(String::as_str)
    }

    pub fn has_flag(&self, flag: &str) -> bool {
        self.args()
            .iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    }
}

fn is_assignment(w: &str) -> bool {
    match w.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

/// Splits a script into simple commands at `;`, `&&`, `||`, `|`, `&` and newlines outside quotes.
pub(crate) fn commands(script: &str) -> Vec<Command> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut piped = false;
    let mut chars = script.chars().peekable();
    let mut quote: Option<char> = None;
    let flush_word = |words: &mut Vec<String>, word: &mut String, in_word: &mut bool| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if c == '\\' && q == '"' {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
            } else {
                word.push(c);
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                in_word = true;
            }
            '\\' => match chars.next() {
                Some('\n') | None => flush_word(&mut words, &mut word, &mut in_word),
                Some(n) => {
                    word.push(n);
                    in_word = true;
                }
            },
            '#' if !in_word => {
                // Comment to end of line.
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                flush_word(&mut words, &mut word, &mut in_word);
                if !words.is_empty() {
                    out.push(Command {
                        words: std::mem::take(&mut words),
                        piped,
                    });
                }
                piped = false;
            }
            ';' | '\n' | '&' | '|' => {
                flush_word(&mut words, &mut word, &mut in_word);
                let mut next_piped = false;
                if c == '|' {
                    if chars.peek() == Some(&'|') {
                        chars.next();
                    } else {
                        next_piped = true;
                    }
                } else if c == '&' && chars.peek() == Some(&'&') {
                    chars.next();
                }
                if !words.is_empty() {
                    out.push(Command {
                        words: std::mem::take(&mut words),
                        piped,
                    });
                }
                piped = next_piped;
            }
            c if c.is_whitespace() => flush_word(&mut words, &mut word, &mut in_word),
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    flush_word(&mut words, &mut word, &mut in_word);
    if !words.is_empty() {
        out.push(Command { words, piped });
    }
    out
}

/// Whether the script pipes a download into a shell (`curl … | sh`, `wget -O- … | sudo bash`)
/// or runs one through process/command substitution (`bash <(curl …)`, `sh -c "$(curl …)"`).
pub(crate) fn pipes_download_to_shell(script: &str) -> bool {
    let cmds = commands(script);
    let mut chain_downloads = false;
    for c in &cmds {
        if !c.piped {
            chain_downloads = false;
        }
        if c.piped && chain_downloads && c.is_shell() {
            return true;
        }
        if c.is_download() {
            chain_downloads = true;
        }
        if c.is_shell()
            && c.args().iter().any(|a| {
                ["<(curl", "<(wget", "$(curl", "$(wget", "`curl", "`wget"]
                    .iter()
                    .any(|p| a.contains(p))
            })
        {
            return true;
        }
    }
    false
}

/// The first way the script turns off TLS certificate verification, described.
pub(crate) fn tls_verification_off(script: &str) -> Option<String> {
    for c in commands(script) {
        let Some(p) = c.program() else { continue };
        let args = c.args();
        let found = match p {
            "curl" => args.iter().find(|a| {
                *a == "--insecure"
                    || (a.starts_with('-')
                        && !a.starts_with("--")
                        && a.len() > 1
                        && a[1..].chars().all(|ch| ch.is_ascii_alphabetic())
                        && a.contains('k'))
            }),
            "wget" => args.iter().find(|a| *a == "--no-check-certificate"),
            "pip" | "pip3" | "pipx" | "uv" => args
                .iter()
                .find(|a| *a == "--trusted-host" || a.starts_with("--trusted-host=")),
            "apk" => args.iter().find(|a| *a == "--allow-untrusted"),
            "git" => args.iter().find(|a| {
                let l = a.to_ascii_lowercase();
                l == "http.sslverify=false" || l == "http.sslverify=0"
            }),
            "npm" | "yarn" | "pnpm" => {
                let joined = args.join(" ");
                if joined.contains("strict-ssl false") || joined.contains("strict-ssl=false") {
                    args.iter().find(|a| a.contains("strict-ssl"))
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(a) = found {
            return Some(format!("`{p} {a}`"));
        }
        if p.starts_with("python")
            && args.windows(3).any(|w| w[0] == "-m" && w[1] == "pip")
            && args
                .iter()
                .any(|a| a == "--trusted-host" || a.starts_with("--trusted-host="))
        {
            return Some("`pip --trusted-host`".to_string());
        }
    }
    for (needle, what) in [
        ("GIT_SSL_NO_VERIFY=1", "GIT_SSL_NO_VERIFY"),
        ("GIT_SSL_NO_VERIFY=true", "GIT_SSL_NO_VERIFY"),
        (
            "NODE_TLS_REJECT_UNAUTHORIZED=0",
            "NODE_TLS_REJECT_UNAUTHORIZED=0",
        ),
    ] {
        if script.contains(needle) {
            return Some(format!("`{what}`"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_commands_and_pipes() {
        let cmds = commands(
            "apt-get update && curl -fsSL 'https://x/y z' | sudo -E bash - ; echo \"a|b\"",
        );
        let words: Vec<_> = cmds.iter().map(|c| c.words.join(" ")).collect();
        assert_eq!(
            words,
            [
                "apt-get update",
                "curl -fsSL https://x/y z",
                "sudo -E bash -",
                "echo a|b"
            ]
        );
        assert!(cmds[2].piped);
        assert_eq!(cmds[2].program(), Some("bash"));
        assert!(cmds[2].uses_sudo());
        assert!(!cmds[3].piped);
    }

    #[test]
    fn download_to_shell() {
        for (s, want) in [
            ("curl -sSL https://get.example.com | sh", true),
            ("wget -qO- https://x | tee log | bash -s -- --yes", true),
            ("bash <(curl -s https://x)", true),
            ("sh -c \"$(curl -fsSL https://x)\"", true),
            (
                "curl -o x.sh https://x && sha256sum -c x.sum && sh x.sh",
                false,
            ),
            ("curl https://x | jq .", false),
            ("curl https://x || sh fallback.sh", false),
        ] {
            assert_eq!(pipes_download_to_shell(s), want, "{s}");
        }
    }

    #[test]
    fn tls_off() {
        assert!(tls_verification_off("curl -fsSLk https://x -o y").is_some());
        assert!(tls_verification_off("wget --no-check-certificate https://x").is_some());
        assert!(tls_verification_off("pip install --trusted-host pypi.org x").is_some());
        assert!(tls_verification_off("curl -fsSL https://x -o k").is_none());
        assert!(tls_verification_off("tar -xkf a.tar").is_none());
    }
}
