//! Kubernetes `Secret` manifests with literal values.

use super::values::{is_reference, is_stand_in, is_word_like};
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A `kind: Secret` manifest (YAML or JSON, in authoring order or `kubectl get -o yaml/json`
/// order) whose `data` or `stringData` block holds at least one real value. Empty values,
/// templates (`{{ .Values.x | b64enc }}`), placeholders, certificates and public keys are not
/// reported, nor are `SealedSecret` and `ExternalSecret` resources (their values are encrypted
/// or references).
pub static KUBERNETES_SECRET: Rule = Rule {
    id: "secrets.kubernetes-secret-manifest",
    title: "Kubernetes Secret manifest with values",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Kubernetes Secret is committed with its values. `data` is only base64, not \
        encryption, so every reader of the repository gets the database passwords, API tokens or \
        TLS keys the workload uses.",
    remediation: "Rotate every value in the Secret at the system it belongs to, delete the \
        manifest from the repository, and deliver secrets through an encrypted or referencing \
        mechanism (Sealed Secrets, SOPS, External Secrets Operator, or the cloud secrets store \
        CSI driver).",
    references: &["https://kubernetes.io/docs/concepts/configuration/secret/"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    // Lines of the same YAML document (not a `---` separator).
    const LINES: &str = r"(?:(?:[^-\r\n][^\r\n]*|-{1,2}(?:[^-\r\n][^\r\n]*)?)?\r?\n)*?";
    // A `data:`/`stringData:` block: the key line and its indented lines.
    const BLOCK: &str = r"((?:data|stringData):[ \t]*\r?\n(?:[ \t]+[^\r\n]*(?:\r?\n|\z))+)";
    let kind = r#"kind:[ \t]*["']?Secret["']?[ \t]*\r?\n"#;
    let yaml = format!(
        r#"(?m-u)^{kind}{LINES}{BLOCK}|^apiVersion:[ \t]*["']?v1["']?[ \t]*\r?\n{LINES}{BLOCK}{LINES}kind:[ \t]*["']?Secret["']?[ \t]*$"#
    );
    // JSON: the block's object must not nest; between the keys, one level of nesting
    // (`"metadata": {…}`) is allowed.
    let json_block = r#"("(?:data|stringData)"[ \t\r\n]*:[ \t\r\n]*\{[^{}]*\})"#;
    let between = r"(?:[^{}]|\{[^{}]*\})*?";
    let json_kind = r#""kind"[ \t\r\n]*:[ \t\r\n]*"Secret""#;
    let json = format!(
        r#"(?-u){json_kind}{between}{json_block}|"apiVersion"[ \t\r\n]*:[ \t\r\n]*"v1"[ \t\r\n]*,{between}{json_block}{between}{json_kind}"#
    );
    Ok(vec![
        Detector::new(
            &KUBERNETES_SECRET,
            &[
                "kind: secret",
                "kind: \"secret\"",
                "kind: 'secret'",
                "apiversion: v1",
            ],
            &yaml,
            1,
        )?
        .alternative_group(2)
        .window(16 * 1024)
        .keep_placeholders()
        .check(check_block),
        Detector::new(
            &KUBERNETES_SECRET,
            &["\"kind\"", "\"apiversion\""],
            &json,
            1,
        )?
        .alternative_group(2)
        .window(16 * 1024)
        .keep_placeholders()
        .check(check_block),
    ])
}

/// Keep when at least one entry of the block is a real value. `data` values are base64.
fn check_block(block: &[u8]) -> Check {
    let Ok(block) = std::str::from_utf8(block) else {
        return Check::Reject;
    };
    let base64 = block.trim_start_matches('"').starts_with("data");
    let body = block.split_once(['\n', '{']).map_or("", |(_, rest)| rest);
    let real = entries(body).any(|value| {
        if base64 {
            STANDARD
                .decode(value)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .is_some_and(|text| is_real(text.trim()))
        } else {
            is_real(value)
        }
    });
    if real { Check::Keep } else { Check::Reject }
}

/// The values of `key: value` lines (YAML) or `"key": "value"` pairs (JSON).
fn entries(body: &str) -> impl Iterator<Item = &str> {
    body.split(['\n', ','])
        .filter_map(|line| line.split_once(':').map(|(_, value)| value))
        .map(|value| {
            value
                .trim()
                .trim_end_matches('}')
                .trim()
                .trim_matches(['"', '\''])
        })
}

/// Credential-like: not empty, a word (`default`, `admin`), a short number (a port), a
/// template, a placeholder, a certificate or a public key.
fn is_real(value: &str) -> bool {
    let short_number = value.len() <= 6 && value.bytes().all(|b| b.is_ascii_digit());
    let not_credential = value.len() < 4
        || short_number
        || is_word_like(value)
        || value.starts_with(['|', '>'])
        || value.contains("-----BEGIN CERTIFICATE")
        || value.contains("PUBLIC KEY")
        || is_reference(value)
        || is_stand_in(value);
    !not_credential
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    const RULE: &str = "secrets.kubernetes-secret-manifest";

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    fn b64(text: &str) -> String {
        STANDARD.encode(text)
    }

    #[test]
    fn finds_secret_manifests() {
        let authored = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: {}\n  password: {}\n",
            b64("ledger"),
            b64("Zq8vT2mLw9")
        );
        assert_eq!(ids(&authored), [RULE]);
        let string_data = concat!(
            "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  token: ",
            "c7Hq2Lp9Vx3Zt8Wk1Rm5\n"
        );
        assert_eq!(ids(string_data), [RULE]);
        let kubectl = format!(
            "apiVersion: v1\ndata:\n  password: {}\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\n",
            b64("Zq8vT2mLw9")
        );
        assert_eq!(ids(&kubectl), [RULE]);
        let json = format!(
            "{{\n  \"apiVersion\": \"v1\",\n  \"data\": {{\n    \"password\": \"{}\"\n  }},\n  \"kind\": \"Secret\"\n}}",
            b64("Zq8vT2mLw9")
        );
        assert_eq!(ids(&json), [RULE]);
        let authored_json = format!(
            "{{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{{\"name\":\"db\"}},\"data\":{{\"password\":\"{}\"}}}}",
            b64("Zq8vT2mLw9")
        );
        assert_eq!(ids(&authored_json), [RULE]);
        let service_account = format!(
            "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\ndata:\n  ca.crt: {}\n  namespace: {}\n  token: {}\n",
            b64("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
            b64("default"),
            b64("c7Hq2Lp9Vx3Zt8Wk1Rm5")
        );
        assert_eq!(ids(&service_account), [RULE], "a later entry is real");
    }

    #[test]
    fn ignores_templates_empty_values_and_other_kinds() {
        for text in [
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: {{ .Values.password | b64enc }}\n".to_string(),
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: \"\"\n  token: ${API_TOKEN}\n".to_string(),
            format!(
                "apiVersion: v1\nkind: Secret\ndata:\n  password: {}\n",
                b64("changeme")
            ),
            format!(
                "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  ca.crt: {}\n",
                b64("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
            ),
            format!(
                "apiVersion: v1\nkind: Secret\ndata:\n  namespace: {}\n  port: {}\n",
                b64("default"),
                b64("5432")
            ),
            format!(
                "apiVersion: v1\nkind: ConfigMap\ndata:\n  password: {}\n",
                b64("Zq8vT2mLw9")
            ),
            format!(
                "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    password: {}\n",
                b64("Zq8vT2mLw9")
            ),
            format!(
                "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n---\ndata:\n  password: {}\n",
                b64("Zq8vT2mLw9")
            ),
        ] {
            assert!(ids(&text).is_empty(), "{text}");
        }
    }
}
