//! Hugging Face access tokens.

use super::{any_of, generated_mixed_case};
use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A Hugging Face user access token (`hf_` and 34 letters) or a legacy organization API token
/// (`api_org_` and 34 letters).
pub static HUGGINGFACE_ACCESS_TOKEN: Rule = Rule {
    id: "secrets.huggingface-access-token",
    title: "Hugging Face access token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Hugging Face access token is committed to the repository. Depending on its \
        role it downloads the user's and organisations' private models and datasets, pushes \
        changed model weights (a supply-chain risk for everyone loading them), and runs paid \
        inference endpoints.",
    remediation: "Invalidate the token on Hugging Face (Settings → Access Tokens → the token → \
        Invalidate and refresh, or delete it), review recent commits to your repositories, and \
        use a fine-grained token loaded from a secrets manager.",
    references: &["https://huggingface.co/docs/hub/security-tokens"],
};

/// Random letters are about half upper-case; a CamelCase class name after `hf_` is mostly
/// lower-case.
fn random_letters(secret: &[u8]) -> Check {
    let body = secret.rsplit(|&b| b == b'_').next().unwrap_or_default();
    let upper = body.iter().filter(|b| b.is_ascii_uppercase()).count();
    let lower = body.iter().filter(|b| b.is_ascii_lowercase()).count();
    if upper * 5 < body.len() || lower * 5 < body.len() {
        Check::Reject
    } else {
        generated_mixed_case(body)
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &HUGGINGFACE_ACCESS_TOKEN,
            &["hf_", "api_org_"],
            &any_of(&[r"\b((?:hf|api_org)_[A-Za-z0-9]{34})\b"]),
            1,
        )?
        .min_entropy(3.8)
        .check(random_letters),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    #[test]
    fn finds_access_tokens() {
        let token = concat!("hf_", "DjKsVMSgChVNjAyBasiNfjJPdDSJqwzsTn");
        assert_eq!(
            ids(&format!("HF_TOKEN={token}")),
            ["secrets.huggingface-access-token"]
        );
        let org = concat!("api_org_", "DjKsVMSgChVNjAyBasiNfjJPdDSJqwzsTn");
        assert_eq!(ids(org), ["secrets.huggingface-access-token"]);
    }

    #[test]
    fn ignores_identifiers_and_wrong_lengths() {
        assert!(ids("hf_hub_download(repo_id=repo)").is_empty());
        assert!(ids(concat!("hf_", "tokenizerconfigurationfromtheloads")).is_empty());
        assert!(ids(concat!("hf_", "AutoModelForSequenceClassification")).is_empty());
        assert!(ids(concat!("hf_", "DjKsVMSgChVNjAyBasiNfjJPdDSJqwzsTnQ")).is_empty());
        assert!(ids(concat!("my_hf_", "DjKsVMSgChVNjAyBasiNfjJPdDSJqwzsTn")).is_empty());
        assert!(ids(concat!("hf_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
    }
}
