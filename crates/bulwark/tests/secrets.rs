//! The secrets scanner through the real binary: hostile inputs, decoding, redaction.

mod common;

use common::{Repo, aws_key, findings, github_token};

/// A minified-JS-like single line of `megabytes` MiB with a token near the end.
fn minified_line(megabytes: usize, token: &str) -> Vec<u8> {
    let chunk =
        b"function a(b){return b.map(function(c){return c*2+Math.random()})};var x=[1,2,3];";
    let mut text = Vec::with_capacity(megabytes << 20);
    while text.len() < megabytes << 20 {
        text.extend_from_slice(chunk);
    }
    text.extend_from_slice(format!("var t=\"{token}\";").as_bytes());
    text
}

#[test]
fn huge_single_line_file_is_scanned_without_blowing_up() {
    let repo = Repo::new();
    repo.write("bundle.min.js", minified_line(100, &github_token()));
    let (code, report) = repo.scan_json(&["--max-file-size", "200MiB"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [("secrets.github-token".to_string(), "open".to_string())]
    );
    // Above the default limit the file is skipped and said so, not silently dropped.
    let (_, report) = repo.scan_json(&[]);
    assert_eq!(report["skipped"][0]["path"], "bundle.min.js");
}

#[test]
fn crlf_invalid_utf8_and_late_nul_bytes() {
    let repo = Repo::new();
    repo.write("crlf.env", format!("A=1\r\nKEY={}\r\nB=2\r\n", aws_key()));
    repo.write(
        "latin1.cfg",
        [b"mot de passe \xe9t\xe9\n".as_slice(), aws_key().as_bytes()].concat(),
    );
    // A NUL after the first 8 KiB: still text (binary sniffing looks at the start only).
    let mut late_nul = vec![b'a'; 9000];
    late_nul.extend_from_slice(b"\0\n");
    late_nul.extend_from_slice(github_token().as_bytes());
    repo.write("late-nul.txt", late_nul);
    let (_, report) = repo.scan_json(&[]);
    let places: Vec<(String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                f["location"]["start_line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("crlf.env".to_string(), 2),
            ("late-nul.txt".to_string(), 2),
            ("latin1.cfg".to_string(), 2)
        ]
    );
}

#[test]
fn base64_encoded_secrets_are_found_and_located_at_the_encoded_text() {
    use base64::Engine;
    let repo = Repo::new();
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("token: {}", github_token()));
    repo.write("k8s-secret.yaml", format!("data:\n  token: {encoded}\n"));
    let (code, report) = repo.scan_json(&[]);
    assert_eq!(code, 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule_id"], "secrets.github-token");
    assert_eq!(finding["location"]["start_line"], 2);
    assert_eq!(finding["properties"]["encoding"], "base64");
    let text = report.to_string();
    assert!(
        !text.contains(&encoded),
        "the encoded secret is not echoed either"
    );
    repo.write("bulwark.toml", "[secrets]\ndecode_depth = 0\n");
    let (code, _) = repo.scan_json(&[]);
    assert_eq!(code, 0, "decoding can be switched off");
}
