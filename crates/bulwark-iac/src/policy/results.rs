//! What a `deny`/`warn`/`violation` rule produced, read the way conftest reads it: a set (or
//! array) of messages or `{"msg": …}` objects, a single message, or `true`.

use super::metadata::{KEYS, Metadata};
use serde_json::{Map, Value as Json};

/// One result of one rule.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyResult {
    /// Empty when the rule gave only `true`.
    pub message: String,
    /// Documentation carried by a result object (`id`, `severity`, …).
    pub metadata: Metadata,
    /// The resource address the result names (`resource` or `address`).
    pub resource: Option<String>,
    /// Any other fields of a result object, kept as finding properties.
    pub details: Map<String, Json>,
}

/// Results larger than this many are cut: a policy that yields millions of results is broken,
/// and the report must stay readable.
const MAX_RESULTS: usize = 10_000;

/// The results of one evaluation (`Undefined`, `false` and empty sets give none).
pub fn parse(value: &regorus::Value) -> Vec<PolicyResult> {
    if *value == regorus::Value::Undefined {
        return Vec::new();
    }
    let Ok(json) = serde_json::to_value(value) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect(json, 0, &mut out);
    out.truncate(MAX_RESULTS);
    out
}

fn collect(json: Json, depth: usize, out: &mut Vec<PolicyResult>) {
    match json {
        Json::Null | Json::Bool(false) => {}
        Json::Bool(true) => out.push(PolicyResult::default()),
        Json::String(message) => out.push(PolicyResult {
            message,
            ..PolicyResult::default()
        }),
        Json::Number(n) => out.push(PolicyResult {
            message: n.to_string(),
            ..PolicyResult::default()
        }),
        Json::Array(items) => {
            for item in items.into_iter().take(MAX_RESULTS) {
                collect(item, depth + 1, out);
            }
        }
        Json::Object(object) if object.contains_key("msg") || depth > 0 => {
            out.push(from_object(object));
        }
        // A multi-value rule (`deny[name] := msg`): every value is a result.
        Json::Object(object) => {
            for (_, value) in object.into_iter().take(MAX_RESULTS) {
                collect(value, depth + 1, out);
            }
        }
    }
}

fn from_object(mut object: Map<String, Json>) -> PolicyResult {
    let message = match object.remove("msg") {
        Some(Json::String(s)) => s,
        Some(Json::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let resource = ["resource", "address"]
        .iter()
        .find_map(|key| object.get(*key).and_then(Json::as_str).map(str::to_string));
    // A result's own severity that Bulwark does not know is ignored, not fatal: results come at
    // scan time, when a policy error can no longer be a usage error.
    let metadata = Metadata::from_json(&object).unwrap_or_else(|_| {
        let mut without = object.clone();
        without.remove("severity");
        Metadata::from_json(&without).unwrap_or_default()
    });
    let details = object
        .into_iter()
        .filter(|(k, _)| !KEYS.contains(&k.as_str()) && k != "resource" && k != "address")
        .collect();
    PolicyResult {
        message,
        metadata,
        resource,
        details,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulwark_core::Severity;
    use serde_json::json;

    fn parse_json(json: Json) -> Vec<PolicyResult> {
        parse(&regorus::Value::from(json))
    }

    #[test]
    fn messages_objects_and_booleans() {
        assert!(parse(&regorus::Value::Undefined).is_empty());
        assert!(parse_json(json!(false)).is_empty());
        assert!(parse_json(json!([])).is_empty());
        assert_eq!(parse_json(json!(true)).len(), 1);
        let got = parse_json(json!(["plain", {"msg": "object", "severity": "critical",
            "id": "BANK-9", "resource": "aws_s3_bucket.a", "owner": "team-x"}]));
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].message, "plain");
        assert_eq!(got[1].message, "object");
        assert_eq!(got[1].metadata.severity, Some(Severity::Critical));
        assert_eq!(got[1].metadata.id.as_deref(), Some("BANK-9"));
        assert_eq!(got[1].resource.as_deref(), Some("aws_s3_bucket.a"));
        assert_eq!(got[1].details.get("owner"), Some(&json!("team-x")));
    }

    #[test]
    fn multi_value_rules_and_bad_severity() {
        let got = parse_json(json!({"a": "first", "b": {"msg": "second", "severity": "urgent"}}));
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].message, "second");
        assert_eq!(got[1].metadata.severity, None);
        let got = parse_json(json!({"msg": "single object"}));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].message, "single object");
    }
}
