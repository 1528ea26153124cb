//! yarn classic (v1): `"a@^1.0.0", a@~1.1:` headers, two-space fields (`version "1.2.3"`),
//! and four-space items under `dependencies:` / `optionalDependencies:`.

use super::{Entry, is_local};
use crate::lockfiles::npm::shared::{split_descriptor, sri};
use crate::package::Checksum;
use bulwark_core::Problem;

pub(super) fn entries(text: &str, problems: &mut Vec<Problem>) -> Result<Vec<Entry>, Problem> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    let mut block: Option<bool> = None; // Some(true) inside a dependencies block.
    for (number, raw) in text.lines().enumerate() {
        let line = u32::try_from(number + 1).unwrap_or(u32::MAX);
        let content = raw.trim_end();
        let body = content.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let malformed = |message: &str| Problem {
            line: Some(line),
            message: format!("malformed yarn.lock: {message}"),
        };
        match content.len() - body.len() {
            0 => {
                let header = body
                    .strip_suffix(':')
                    .ok_or_else(|| malformed("an entry header must end with `:`"))?;
                finish(current.take(), &mut entries, problems);
                current = Some(Entry {
                    descriptors: split_header(header),
                    line,
                    ..Entry::default()
                });
                block = None;
            }
            2 => {
                let entry = current
                    .as_mut()
                    .ok_or_else(|| malformed("a field outside any entry"))?;
                if let Some(name) = body.strip_suffix(':') {
                    block = Some(matches!(name, "dependencies" | "optionalDependencies"));
                    continue;
                }
                block = None;
                let (key, value) = split_pair(body);
                match key {
                    "version" => entry.version = value.to_string(),
                    "integrity" => entry.checksums.extend(sri(value)),
                    "resolved" => entry.checksums.extend(sha1_fragment(value)),
                    _ => {}
                }
            }
            4 => {
                let entry = current
                    .as_mut()
                    .ok_or_else(|| malformed("a dependency outside any entry"))?;
                match block {
                    Some(true) => {
                        let (name, range) = split_pair(body);
                        entry.requires.push(format!("{name}@{range}"));
                    }
                    Some(false) => {}
                    None => return Err(malformed("a dependency outside any block")),
                }
            }
            _ => return Err(malformed("unexpected indentation")),
        }
    }
    finish(current, &mut entries, problems);
    Ok(entries)
}

/// Names the entry after its first descriptor (the real package for `alias@npm:real@…`),
/// and drops it when it is local code or lacks a version.
fn finish(entry: Option<Entry>, entries: &mut Vec<Entry>, problems: &mut Vec<Problem>) {
    let Some(mut entry) = entry else { return };
    let Some((name, range)) = entry.descriptors.first().and_then(|d| split_descriptor(d)) else {
        problems.push(Problem {
            line: Some(entry.line),
            message: "entry header has no `name@range` descriptor".into(),
        });
        return;
    };
    if is_local(range) {
        return;
    }
    if entry.version.is_empty() {
        problems.push(Problem {
            line: Some(entry.line),
            message: format!("`{name}` has no version"),
        });
        return;
    }
    let real = range.strip_prefix("npm:").and_then(split_descriptor);
    entry.name = real.map_or(name, |(real, _)| real).to_string();
    entries.push(entry);
}

/// `"a@^1", a@~1.1` → descriptors, unquoted.
fn split_header(header: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    out.push(current.trim().to_string());
    out.retain(|d| !d.is_empty());
    out
}

/// `key "value"` or `"key" value` → both unquoted.
fn split_pair(body: &str) -> (&str, &str) {
    let (key, rest) = match body.strip_prefix('"').and_then(|b| b.split_once('"')) {
        Some((key, rest)) => (key, rest),
        None => body.split_once(' ').unwrap_or((body, "")),
    };
    let value = rest.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    (key, value)
}

/// `https://…/a-1.0.0.tgz#<sha1 hex>` → the sha1 yarn classic records in the URL.
fn sha1_fragment(resolved: &str) -> Option<Checksum> {
    let (_, hash) = resolved.rsplit_once('#')?;
    (hash.len() == 40 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm: "sha1".into(),
        value: hash.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_pairs_unquote() {
        assert_eq!(
            split_header(r#""@babel/core@^7.0.0", "@babel/core@^7.1.0""#),
            ["@babel/core@^7.0.0", "@babel/core@^7.1.0"]
        );
        assert_eq!(split_header("a@^1, a@~1.1"), ["a@^1", "a@~1.1"]);
        assert_eq!(
            split_pair(r#""@babel/highlight" "^7.12.13""#),
            ("@babel/highlight", "^7.12.13")
        );
        assert_eq!(split_pair(r#"ms ">= 2.0.0 < 3""#), ("ms", ">= 2.0.0 < 3"));
        assert_eq!(split_pair("version"), ("version", ""));
    }

    #[test]
    fn sha1_fragments_need_forty_hex_digits() {
        let sum = sha1_fragment("https://r/a.tgz#dcfc826beef65e75c50e21d3837d7d95798dd658");
        assert_eq!(sum.map(|c| c.algorithm), Some("sha1".to_string()));
        assert!(sha1_fragment("https://r/a.tgz#main").is_none());
        assert!(sha1_fragment("https://r/a.tgz").is_none());
    }
}
