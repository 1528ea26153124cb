//! Encoded segments (base64, hex, percent-encoding) whose decoded text may hide a secret.
//!
//! Bounded on purpose: every file gets a decode budget, segments above a size are ignored, and
//! only decodings that yield mostly printable text are kept, so random blobs (images, hashes,
//! lockfile integrity strings) cost one decode attempt and nothing more.

use base64::Engine;
use regex::bytes::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Longest encoded segment decoded.
const MAX_SEGMENT: usize = 64 * 1024;
/// Shortest decoded text worth scanning.
const MIN_DECODED: usize = 12;

/// One decoded segment: where it was, and what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub span: Range<usize>,
    pub decoded: Vec<u8>,
    pub encoding: &'static str,
}

static BASE64: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?-u)[A-Za-z0-9+/_-]{24,}={0,2}").ok());
static HEX: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?-u)\b(?:[0-9a-fA-F]{2}){12,}\b").ok());
static PERCENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?-u)[^\s"'<>`]*%[0-9A-Fa-f]{2}[^\s"'<>`]*%[0-9A-Fa-f]{2}[^\s"'<>`]*"#).ok()
});

/// One encoding: how to find its segments and how to decode one.
struct Decoder {
    pattern: &'static LazyLock<Option<Regex>>,
    encoding: &'static str,
    decode: fn(&[u8]) -> Option<Vec<u8>>,
}

/// Decodable segments of `bytes`, spending at most `budget` decoded bytes (decremented).
pub fn segments(bytes: &[u8], budget: &mut usize) -> Vec<Segment> {
    let mut found = Vec::new();
    let decoders: [Decoder; 3] = [
        Decoder {
            pattern: &BASE64,
            encoding: "base64",
            decode: decode_base64,
        },
        Decoder {
            pattern: &HEX,
            encoding: "hex",
            decode: decode_hex,
        },
        Decoder {
            pattern: &PERCENT,
            encoding: "percent",
            decode: decode_percent,
        },
    ];
    for Decoder {
        pattern,
        encoding,
        decode,
    } in decoders
    {
        let Some(pattern) = pattern.as_ref() else {
            continue;
        };
        // Most files have no `%` at all: skip the percent pass with one memchr.
        if encoding == "percent" && memchr::memchr(b'%', bytes).is_none() {
            continue;
        }
        for m in pattern.find_iter(bytes) {
            if *budget == 0 {
                return found;
            }
            if m.len() > MAX_SEGMENT || (encoding == "base64" && !looks_like_base64(m.as_bytes())) {
                continue;
            }
            let Some(decoded) = decode(m.as_bytes()) else {
                continue;
            };
            if decoded.len() < MIN_DECODED || !is_mostly_text(&decoded) {
                continue;
            }
            *budget = budget.saturating_sub(decoded.len());
            found.push(Segment {
                span: m.range(),
                decoded,
                encoding,
            });
        }
    }
    found
}

/// Encoded text of 24+ characters mixes upper case, lower case and digits; identifiers such as
/// `parse_config_from_environment` or `AbstractSingletonProxyFactory` do not, and skipping them
/// avoids most decode attempts in source code.
fn looks_like_base64(segment: &[u8]) -> bool {
    segment.iter().any(u8::is_ascii_uppercase)
        && segment.iter().any(u8::is_ascii_lowercase)
        && segment.iter().any(u8::is_ascii_digit)
}

fn decode_base64(segment: &[u8]) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let trimmed = segment
        .strip_suffix(b"==")
        .or_else(|| segment.strip_suffix(b"="))
        .unwrap_or(segment);
    let url_safe = trimmed.iter().any(|&b| b == b'-' || b == b'_');
    let engine = if url_safe {
        URL_SAFE_NO_PAD
    } else {
        STANDARD_NO_PAD
    };
    engine.decode(trimmed).ok()
}

fn decode_hex(segment: &[u8]) -> Option<Vec<u8>> {
    hex::decode(segment).ok()
}

fn decode_percent(segment: &[u8]) -> Option<Vec<u8>> {
    let decoded: Vec<u8> = percent_encoding::percent_decode(segment).collect();
    (decoded != segment).then_some(decoded)
}

/// At least 95% printable ASCII or whitespace, and valid UTF-8: text, not a binary blob.
fn is_mostly_text(bytes: &[u8]) -> bool {
    if std::str::from_utf8(bytes).is_err() {
        return false;
    }
    let printable = bytes
        .iter()
        .filter(|&&b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\r' || b == b'\t')
        .count();
    printable * 100 >= bytes.len() * 95
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};

    fn decoded(text: &str) -> Vec<(String, &'static str)> {
        let mut budget = 1 << 20;
        segments(text.as_bytes(), &mut budget)
            .into_iter()
            .map(|s| (String::from_utf8_lossy(&s.decoded).into_owned(), s.encoding))
            .collect()
    }

    #[test]
    fn decodes_text_in_base64_hex_and_percent() {
        let plain = "aws_secret_access_key=wJalr";
        let b64 = STANDARD.encode(plain);
        assert_eq!(
            decoded(&format!("x = \"{b64}\"")),
            [(plain.to_string(), "base64")]
        );
        let url = URL_SAFE.encode("token>>>??? value for the test");
        assert_eq!(decoded(&url)[0].1, "base64");
        let hexed = hex::encode("password=hunter22!");
        assert_eq!(decoded(&hexed), [("password=hunter22!".to_string(), "hex")]);
        // Split so that this source line holds no decodable URL with a password.
        let percent = concat!("u=postgres%3A%2F%2Fapp%3A", "s3cret%40db");
        let plain = concat!("u=postgres://app:", "s3cret@db");
        assert_eq!(decoded(percent)[0], (plain.to_string(), "percent"));
    }

    #[test]
    fn ignores_binary_and_respects_the_budget() {
        // A sha512 integrity string decodes to binary.
        assert!(decoded("sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==").is_empty());
        let mut budget = 10;
        let text = STANDARD.encode("a long enough plain text value");
        assert!(segments(text.as_bytes(), &mut budget).len() <= 1);
        assert_eq!(budget, 0);
    }
}
