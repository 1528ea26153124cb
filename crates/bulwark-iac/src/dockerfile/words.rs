//! Word-level helpers: shell-like word splitting with offsets, JSON exec arrays, `$VAR`
//! substitution and image references.

/// Longest value one substitution may produce (a chain of `ARG B=$A$A` doubles each line).
pub(crate) const MAX_EXPANSION: usize = 64 * 1024;
/// Deepest `${A:-${B:-…}}` nesting followed.
const MAX_DEPTH: usize = 16;

/// One whitespace-separated word with quotes removed, and where it sits in the text.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    /// The word with quotes and escapes removed.
    pub value: String,
    /// First unquoted `=`: byte index in `value` and offset in the text.
    pub eq: Option<(usize, usize)>,
}

/// Splits `text[from..]` into words like BuildKit does for ENV/ARG/LABEL and flags: whitespace
/// separates words except inside quotes; the escape character takes the next character
/// literally. At most `max` words are returned (the bool says whether more were dropped).
pub(crate) fn split_words(text: &str, from: usize, escape: char, max: usize) -> (Vec<Word>, bool) {
    let mut words = Vec::new();
    let mut cur: Option<Word> = None;
    let mut quote: Option<char> = None;
    let mut iter = text.get(from..).unwrap_or("").char_indices().peekable();
    while let Some((rel, c)) = iter.next() {
        let off = from + rel;
        if quote.is_none() && c.is_whitespace() {
            if let Some(w) = cur.take() {
                if words.len() >= max {
                    return (words, true);
                }
                words.push(w);
            }
            continue;
        }
        let w = cur.get_or_insert_with(|| Word {
            start: off,
            end: off,
            value: String::new(),
            eq: None,
        });
        w.end = off + c.len_utf8();
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == escape => {
                if let Some(&(r2, n)) = iter.peek() {
                    if n == '"' || n == escape || n == '$' {
                        w.value.push(n);
                    } else {
                        w.value.push(c);
                        w.value.push(n);
                    }
                    w.end = from + r2 + n.len_utf8();
                    iter.next();
                } else {
                    w.value.push(c);
                }
            }
            Some(_) => w.value.push(c),
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == escape => {
                if let Some(&(r2, n)) = iter.peek() {
                    w.value.push(n);
                    w.end = from + r2 + n.len_utf8();
                    iter.next();
                } else {
                    w.value.push(c);
                }
            }
            None => {
                if c == '=' && w.eq.is_none() {
                    w.eq = Some((w.value.len(), off));
                }
                w.value.push(c);
            }
        }
    }
    if let Some(w) = cur {
        if words.len() >= max {
            return (words, true);
        }
        words.push(w);
    }
    (words, false)
}

/// The outcome of reading text as a JSON exec-form array.
#[derive(Debug)]
pub(crate) enum JsonArray {
    /// Does not start with `[`.
    NotJson,
    /// Starts like JSON but is not a valid array of strings (Docker then uses shell form).
    Invalid,
    /// Starts with `["` but the array never closes.
    Unterminated,
    /// `(start, end, decoded)` of each element.
    Items(Vec<(usize, usize, String)>),
}

/// Reads `text[from..]` as a JSON array of strings, keeping each element's offsets.
pub(crate) fn json_array(text: &str, from: usize, max: usize) -> JsonArray {
    let bytes = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut i = skip_ws(from);
    if bytes.get(i) != Some(&b'[') {
        return JsonArray::NotJson;
    }
    i = skip_ws(i + 1);
    let mut items = Vec::new();
    if bytes.get(i) == Some(&b']') {
        return if skip_ws(i + 1) == bytes.len() {
            JsonArray::Items(items)
        } else {
            JsonArray::Invalid
        };
    }
    loop {
        match bytes.get(i) {
            None => return JsonArray::Unterminated,
            Some(b'"') => {}
            Some(_) => return JsonArray::Invalid,
        }
        let start = i;
        i += 1;
        loop {
            match bytes.get(i) {
                None => return JsonArray::Unterminated,
                Some(b'\\') => i += 2,
                Some(b'"') => break,
                Some(_) => i += 1,
            }
        }
        let end = i + 1;
        let Some(decoded) = text
            .get(start..end)
            .and_then(|raw| serde_json::from_str::<String>(raw).ok())
        else {
            return JsonArray::Invalid;
        };
        if items.len() < max {
            items.push((start, end, decoded));
        }
        i = skip_ws(end);
        match bytes.get(i) {
            None => return JsonArray::Unterminated,
            Some(b',') => i = skip_ws(i + 1),
            Some(b']') => {
                return if skip_ws(i + 1) == bytes.len() {
                    JsonArray::Items(items)
                } else {
                    JsonArray::Invalid
                };
            }
            Some(_) => return JsonArray::Invalid,
        }
    }
}

/// Build arguments in scope: name → value (`None`: declared without a default).
pub(crate) type Vars = Vec<(String, Option<String>)>;

fn lookup<'a>(vars: &'a Vars, name: &str) -> Option<&'a Option<String>> {
    vars.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// The result of substituting build arguments into a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expanded {
    pub text: String,
    /// Every variable had a known value (otherwise unresolved ones are left as written).
    pub resolved: bool,
    /// Output hit [`MAX_EXPANSION`] and was cut.
    pub truncated: bool,
}

/// Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
/// `${VAR+alt}` and `${VAR:?msg}` as BuildKit does in FROM; `<escape>$` is a literal `$`.
pub(crate) fn substitute(s: &str, vars: &Vars, escape: char) -> Expanded {
    let mut out = Expanded {
        text: String::new(),
        resolved: true,
        truncated: false,
    };
    expand_into(s, vars, escape, 0, &mut out);
    out
}

fn push_capped(out: &mut Expanded, s: &str) {
    if out.text.len() + s.len() > MAX_EXPANSION {
        out.truncated = true;
        let room = MAX_EXPANSION.saturating_sub(out.text.len());
        let mut cut = room.min(s.len());
        while cut > 0 && !s.is_char_boundary(cut) {
            cut -= 1;
        }
        out.text.push_str(s.get(..cut).unwrap_or(""));
    } else {
        out.text.push_str(s);
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn expand_into(s: &str, vars: &Vars, escape: char, depth: usize, out: &mut Expanded) {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if out.truncated {
            return;
        }
        let after = rest.get(c.len_utf8()..).unwrap_or("");
        if c == escape && after.starts_with('$') {
            push_capped(out, "$");
            rest = after.get(1..).unwrap_or("");
            continue;
        }
        if c != '$' {
            let mut buf = [0u8; 4];
            push_capped(out, c.encode_utf8(&mut buf));
            rest = after;
            continue;
        }
        if let Some(inner_start) = after.strip_prefix('{') {
            // Find the matching `}`.
            let mut level = 1usize;
            let mut close = None;
            for (i, ch) in inner_start.char_indices() {
                match ch {
                    '{' => level += 1,
                    '}' => {
                        level -= 1;
                        if level == 0 {
                            close = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(close) = close else {
                out.resolved = false;
                push_capped(out, rest);
                return;
            };
            let inner = inner_start.get(..close).unwrap_or("");
            let whole = rest.get(..close + 3).unwrap_or(rest);
            rest = inner_start.get(close + 1..).unwrap_or("");
            braced(inner, whole, vars, escape, depth, out);
            continue;
        }
        let name_len = after
            .char_indices()
            .find(|&(_, ch)| !is_name_char(ch))
            .map_or(after.len(), |(i, _)| i);
        let name = after.get(..name_len).unwrap_or("");
        if name.is_empty() || name.starts_with(|ch: char| ch.is_ascii_digit()) {
            push_capped(out, "$");
            rest = after;
            continue;
        }
        match lookup(vars, name) {
            Some(Some(v)) => push_capped(out, v),
            _ => {
                out.resolved = false;
                push_capped(out, rest.get(..name_len + 1).unwrap_or(""));
            }
        }
        rest = after.get(name_len..).unwrap_or("");
    }
}

fn braced(inner: &str, whole: &str, vars: &Vars, escape: char, depth: usize, out: &mut Expanded) {
    let name_len = inner
        .char_indices()
        .find(|&(_, ch)| !is_name_char(ch))
        .map_or(inner.len(), |(i, _)| i);
    let name = inner.get(..name_len).unwrap_or("");
    let modifier = inner.get(name_len..).unwrap_or("");
    let value = lookup(vars, name);
    let set = matches!(value, Some(Some(_)));
    let val = match value {
        Some(Some(v)) => v.as_str(),
        _ => "",
    };
    let word = |skip: usize| modifier.get(skip..).unwrap_or("");
    let nested = |w: &str, out: &mut Expanded| {
        if depth >= MAX_DEPTH {
            out.resolved = false;
            push_capped(out, w);
        } else {
            expand_into(w, vars, escape, depth + 1, out);
        }
    };
    if name.is_empty() {
        out.resolved = false;
        push_capped(out, whole);
    } else if modifier.is_empty() || modifier.starts_with(":?") || modifier.starts_with('?') {
        if set {
            push_capped(out, val);
        } else {
            out.resolved = false;
            push_capped(out, whole);
        }
    } else if modifier.starts_with(":-") {
        if set && !val.is_empty() {
            push_capped(out, val);
        } else {
            nested(word(2), out);
        }
    } else if modifier.starts_with('-') {
        if set {
            push_capped(out, val);
        } else {
            nested(word(1), out);
        }
    } else if modifier.starts_with(":+") {
        if set && !val.is_empty() {
            nested(word(2), out);
        }
    } else if modifier.starts_with('+') {
        if set {
            nested(word(1), out);
        }
    } else {
        // Pattern operators (`#`, `%`, `/`) are left to the build.
        out.resolved = false;
        push_capped(out, whole);
    }
}

/// A container image reference split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageRef {
    /// Repository as written (`python`, `ghcr.io/acme/app`, `localhost:5000/app`).
    pub name: String,
    /// Tag after the last `:` of the final path part (`None`: untagged, i.e. `latest`).
    pub tag: Option<String>,
    /// `sha256:…` after `@`.
    pub digest: Option<String>,
    /// The earlier build stage this names (`FROM builder`), so image rules can skip it.
    pub stage: Option<String>,
}

impl ImageRef {
    /// Splits `name[:tag][@digest]`; a `:` before the last `/` is a registry port, not a tag.
    pub fn parse(image: &str) -> ImageRef {
        let (rest, digest) = match image.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (image, None),
        };
        let slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest.get(slash..).and_then(|last| last.rfind(':')) {
            Some(colon) => (
                rest.get(..slash + colon).unwrap_or(rest).to_string(),
                rest.get(slash + colon + 1..).map(str::to_string),
            ),
            None => (rest.to_string(), None),
        };
        ImageRef {
            name,
            tag,
            digest,
            stage: None,
        }
    }
}
