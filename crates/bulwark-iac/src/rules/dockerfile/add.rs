//! `ADD` where it fetches remote content or where `COPY` would do.

use crate::dockerfile::{flag_values, instructions, keyword};
use crate::model::{Format, Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `ADD https://…` / `ADD git@…` sources, unless the download is checked with `--checksum`.
pub static ADD_REMOTE_URL_RULE: Rule = Rule {
    id: "iac.dockerfile.add-remote-url",
    title: "`ADD` downloads a remote file without integrity check",
    scanner: Scanner::Iac,
    severity: Severity::Medium,
    cwe: &["CWE-494"],
    owasp: &["A08:2021"],
    controls: &["cis-docker-1.6:4.9", "nist-ssdf:PW.4.1"],
    description: "An `ADD` instruction fetches a URL or Git repository at build time with no \
        checksum. Whatever the server returns on that day (a new release, a tampered file after \
        a compromise, or a man-in-the-middle response for plain `http://`) goes into the image \
        unverified, so the build is neither reproducible nor tamper-evident.",
    remediation: "Pin the content: give `ADD` a checksum (BuildKit, Dockerfile 1.6+), or download \
        with `curl` and verify it yourself:\n\n```dockerfile\nADD --checksum=sha256:<sha256> \
        https://example.com/tool.tar.gz /tmp/\n# or\nRUN curl -fsSLo /tmp/tool.tgz \
        https://example.com/tool.tgz \\\n && echo \"<sha256>  /tmp/tool.tgz\" | sha256sum -c -\n```\n\n\
        For Git sources, pin a commit: `ADD https://github.com/o/r.git#<commit-sha> /src`.",
    references: &["https://docs.docker.com/reference/dockerfile/#add"],
};

pub static ADD_REMOTE_URL: IacRule = IacRule {
    rule: &ADD_REMOTE_URL_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: add_remote_url,
};

/// ## What it finds
/// `ADD` of local files or directories that are not tar archives: `COPY` does the same without
/// `ADD`'s implicit extraction and URL fetching.
pub static ADD_INSTEAD_OF_COPY_RULE: Rule = Rule {
    id: "iac.dockerfile.add-instead-of-copy",
    title: "`ADD` used where `COPY` suffices",
    scanner: Scanner::Iac,
    severity: Severity::Low,
    cwe: &["CWE-710"],
    owasp: &["A05:2021"],
    controls: &["cis-docker-1.6:4.9"],
    description: "`ADD` copies local files like `COPY`, but also unpacks any local tar archive it \
        is given and fetches URLs. Using it for plain files means a later change of the source \
        (a file that happens to be an archive, a path turned into a URL) changes what lands in \
        the image without anyone noticing in review. `COPY` does exactly one thing.",
    remediation: "Replace `ADD` with `COPY` for local files and directories:\n\n```dockerfile\n\
        COPY --chown=app:app ./config/ /etc/app/\n```\n\nKeep `ADD` only to unpack a local archive \
        (`ADD rootfs.tar.gz /`) or for a remote source with `--checksum`.",
    references: &["https://docs.docker.com/build/building/best-practices/#add-or-copy"],
};

pub static ADD_INSTEAD_OF_COPY: IacRule = IacRule {
    rule: &ADD_INSTEAD_OF_COPY_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: add_instead_of_copy,
};

fn is_remote(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("git@")
        || l.starts_with("git://")
}

fn is_git(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    l.starts_with("git@") || l.starts_with("git://") || l.contains(".git#") || l.ends_with(".git")
}

fn is_archive(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
        ".gz", ".bz2", ".xz",
    ]
    .iter()
    .any(|ext| l.ends_with(ext))
}

/// Each ADD instruction with its source nodes.
fn adds(stage: &Resource) -> impl Iterator<Item = (&Node, &[Node])> {
    instructions(stage)
        .iter()
        .filter(|i| keyword(i) == Some("ADD"))
        .map(|i| (i, i.get("sources").and_then(Node::as_array).unwrap_or(&[])))
}

fn add_remote_url(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    for (ins, sources) in adds(stage) {
        let checksum = !flag_values(ins, "--checksum").is_empty();
        for src in sources {
            let Some(s) = src.as_str() else { continue };
            if !is_remote(s) || s.contains('$') {
                continue;
            }
            // A Git source pinned to a 40-hex commit is reproducible.
            let pinned_git = is_git(s)
                && s.rsplit_once('#').is_some_and(|(_, r)| {
                    r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit())
                });
            if (checksum && !is_git(s)) || pinned_git {
                continue;
            }
            out.push(Hit::new(
                src.span,
                format!("`ADD {s}` fetches remote content without a checksum"),
            ));
        }
    }
    out
}

fn add_instead_of_copy(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    let mut out = Vec::new();
    for (_, sources) in adds(stage) {
        let local: Vec<&Node> = sources.iter().filter(|n| n.as_str().is_some()).collect();
        if local.is_empty() {
            continue;
        }
        if local.iter().any(|n| {
            n.as_str()
                .is_some_and(|s| is_remote(s) || is_archive(s) || s.contains('$'))
        }) {
            continue;
        }
        let names: Vec<&str> = local.iter().filter_map(|n| n.as_str()).collect();
        out.push(Hit::new(
            local[0].span,
            format!("`ADD {}` copies local files; use `COPY`", names.join(" ")),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    #[test]
    fn remote_url_fires() {
        let text = "FROM alpine:3.20\nRUN true\nADD https://example.com/app.tar.gz /opt/\nADD git@github.com:o/r.git /src\n";
        let h = hits(&ADD_REMOTE_URL, "Dockerfile", text);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].span.start.line, 3);
    }

    #[test]
    fn remote_url_negative() {
        let text = "FROM alpine:3.20\nADD --checksum=sha256:abc https://example.com/a.tgz /opt/\n\
            ADD https://github.com/o/r.git#0123456789abcdef0123456789abcdef01234567 /src\nADD app.tgz /opt/\n";
        assert!(hits(&ADD_REMOTE_URL, "Dockerfile", text).is_empty());
    }

    #[test]
    fn add_local_fires() {
        let h = hits(
            &ADD_INSTEAD_OF_COPY,
            "Dockerfile",
            "FROM alpine:3.20\nADD ./conf /etc/app\n",
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 2);
    }

    #[test]
    fn add_local_negative() {
        let text = "FROM scratch\nADD rootfs.tar.xz /\nADD https://x/y /y\nCOPY a b\n";
        assert!(hits(&ADD_INSTEAD_OF_COPY, "Dockerfile", text).is_empty());
    }
}
