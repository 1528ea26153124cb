//! Package-manager hygiene in the final stage: recommended packages, caches left in layers,
//! unpinned versions.

use super::shell::{Command, commands};
use super::{mounts_at, runs};
use crate::dockerfile::is_final_stage;
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// `apt-get install` / `apt install` without `--no-install-recommends` in the final stage.
pub static APT_NO_INSTALL_RECOMMENDS_RULE: Rule = Rule {
    id: "iac.dockerfile.apt-no-install-recommends",
    title: "`apt-get install` without `--no-install-recommends`",
    scanner: Scanner::Iac,
    severity: Severity::Info,
    cwe: &["CWE-1104"],
    owasp: &["A06:2021"],
    controls: &["cis-docker-1.6:4.3", "pci-dss-4.0.1:2.2.4"],
    description: "Debian/Ubuntu's `apt-get install` also installs every *recommended* package \
        unless told not to. The final image then carries software nobody asked for, each with \
        its own vulnerabilities to patch and scanner findings to triage; PCI DSS 2.2.4 asks for \
        unnecessary functionality to be removed.",
    remediation: "Add the flag (or set `APT::Install-Recommends \"false\";` in \
        `/etc/apt/apt.conf.d/`):\n\n```dockerfile\nRUN apt-get update \\\n && apt-get install -y \
        --no-install-recommends ca-certificates=<version> \\\n && rm -rf /var/lib/apt/lists/*\n```",
    references: &["https://docs.docker.com/build/building/best-practices/#apt-get"],
};

pub static APT_NO_INSTALL_RECOMMENDS: IacRule = IacRule {
    rule: &APT_NO_INSTALL_RECOMMENDS_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: apt_no_install_recommends,
};

/// ## What it finds
/// A final-stage `RUN` that runs `apt-get update`/`install` but does not remove
/// `/var/lib/apt/lists` in the same instruction (nor mounts a cache there).
pub static APT_LISTS_NOT_CLEANED_RULE: Rule = Rule {
    id: "iac.dockerfile.apt-lists-not-cleaned",
    title: "APT package lists left in the image",
    scanner: Scanner::Iac,
    severity: Severity::Low,
    cwe: &["CWE-1104"],
    owasp: &["A05:2021"],
    controls: &["cis-docker-1.6:4.7"],
    description: "The package index downloaded by `apt-get update` stays in the layer because it \
        is not removed in the same `RUN`. Besides bloating the image, a stale index baked into \
        a layer gets reused by later `apt-get install` steps (in this or derived images), which \
        then install outdated, unpatched package versions.",
    remediation: "Update, install and clean in one `RUN`, or use a cache mount:\n\n```dockerfile\n\
        RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf \
        /var/lib/apt/lists/*\n# or\nRUN --mount=type=cache,target=/var/lib/apt/lists \\\n    \
        apt-get update && apt-get install -y --no-install-recommends curl\n```",
    references: &["https://docs.docker.com/build/building/best-practices/#apt-get"],
};

pub static APT_LISTS_NOT_CLEANED: IacRule = IacRule {
    rule: &APT_LISTS_NOT_CLEANED_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: apt_lists_not_cleaned,
};

/// ## What it finds
/// `apt-get install`, `apk add`, `yum`/`dnf`/`microdnf install` of packages without a version
/// (`pkg=1.2-3`, `pkg=~1.2`, `pkg-1.2.3`) in the final stage.
pub static UNPINNED_PACKAGES_RULE: Rule = Rule {
    id: "iac.dockerfile.unpinned-packages",
    title: "OS packages installed without version pinning",
    scanner: Scanner::Iac,
    severity: Severity::Low,
    cwe: &["CWE-1357"],
    owasp: &["A06:2021"],
    controls: &["nist-ssdf:PW.4.1", "pci-dss-4.0.1:6.3.2"],
    description: "Packages in the final image are installed at whatever version the repository \
        serves on the day of the build. Rebuilding the same commit can ship different software, \
        which breaks the reproducibility and component inventory (PCI DSS 6.3.2) an auditor \
        relies on to say what is running in production.",
    remediation: "Pin versions (and update them deliberately, e.g. with Renovate):\n\n\
        ```dockerfile\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u7\n\
        RUN apk add --no-cache --virtual .deps curl=8.9.1-r0\nRUN dnf install -y curl-8.6.0-1.fc40\n```",
    references: &["https://docs.docker.com/build/building/best-practices/#apt-get"],
};

pub static UNPINNED_PACKAGES: IacRule = IacRule {
    rule: &UNPINNED_PACKAGES_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: unpinned_packages,
};

/// ## What it finds
/// `apk add` without `--no-cache` in the final stage (and no cache removal or cache mount).
pub static APK_NO_CACHE_RULE: Rule = Rule {
    id: "iac.dockerfile.apk-no-cache",
    title: "`apk add` without `--no-cache`",
    scanner: Scanner::Iac,
    severity: Severity::Info,
    cwe: &["CWE-1104"],
    owasp: &["A05:2021"],
    controls: &["cis-docker-1.6:4.3"],
    description: "Alpine's `apk add` keeps the downloaded index in `/var/cache/apk` unless told \
        otherwise, so it is baked into the layer. The image grows and later installs may use a \
        stale index that points at outdated packages.",
    remediation: "Use `--no-cache`, which fetches a fresh index and leaves nothing behind:\n\n\
        ```dockerfile\nRUN apk add --no-cache ca-certificates=20240705-r0\n```",
    references: &["https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper"],
};

pub static APK_NO_CACHE: IacRule = IacRule {
    rule: &APK_NO_CACHE_RULE,
    format: Format::Dockerfile,
    kinds: &["stage"],
    check: apk_no_cache,
};

fn is_apt(c: &Command) -> bool {
    matches!(c.program(), Some("apt-get" | "apt"))
}

fn apt_no_install_recommends(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    if !is_final_stage(stage) {
        return Vec::new();
    }
    runs(stage)
        .into_iter()
        .filter(|(_, script, _)| {
            commands(script).iter().any(|c| {
                is_apt(c)
                    && c.subcommand() == Some("install")
                    && !c.has_flag("--no-install-recommends")
                    && !c
                        .args()
                        .iter()
                        .any(|a| a.contains("Install-Recommends=false"))
            })
        })
        .map(|(_, _, span)| Hit::new(span, "`apt-get install` without `--no-install-recommends`"))
        .collect()
}

fn apt_lists_not_cleaned(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    if !is_final_stage(stage) {
        return Vec::new();
    }
    runs(stage)
        .into_iter()
        .filter(|(ins, script, _)| {
            let cmds = commands(script);
            let updates = cmds
                .iter()
                .any(|c| is_apt(c) && matches!(c.subcommand(), Some("update")));
            let cleaned = cmds.iter().any(|c| {
                c.program() == Some("rm")
                    && c.args().iter().any(|a| a.starts_with("/var/lib/apt/lists"))
            });
            updates
                && !cleaned
                && !mounts_at(ins, "/var/lib/apt/lists")
                && !mounts_at(ins, "/var/lib/apt")
        })
        .map(|(_, _, span)| {
            Hit::new(
                span,
                "`apt-get update` without `rm -rf /var/lib/apt/lists/*` in the same RUN",
            )
        })
        .collect()
}

/// Flags of apt/apk/yum/dnf that take a separate value (not a package name).
const VALUE_FLAGS: &[&str] = &[
    "-t",
    "--target-release",
    "--default-release",
    "-o",
    "--option",
    "-c",
    "--config-file",
    "--virtual",
    "-X",
    "--repository",
    "--root",
    "-p",
    "--arch",
    "--setopt",
    "--releasever",
    "--installroot",
    "--enablerepo",
    "--disablerepo",
    "--exclude",
    "-x",
];

/// Package operands of an install command: non-flag words after the sub-command, skipping the
/// values of flags that take one (`-t bookworm-backports`, `--virtual .build-deps`).
fn packages(c: &Command) -> Vec<&str> {
    let mut out = Vec::new();
    let mut seen_sub = false;
    let mut skip = false;
    for a in c.args() {
        if skip {
            skip = false;
            continue;
        }
        if a.starts_with('-') {
            skip = VALUE_FLAGS.contains(&a.as_str());
            continue;
        }
        if seen_sub {
            out.push(a.as_str());
        } else {
            seen_sub = true;
        }
    }
    out
}

/// Unpinned package names of one install command, if it is one.
fn unpinned(c: &Command) -> Vec<String> {
    let (pinned, packages): (fn(&str) -> bool, Vec<&str>) = match (c.program(), c.subcommand()) {
        (Some("apt-get" | "apt"), Some("install")) => (|p| p.contains('='), packages(c)),
        (Some("apk"), Some("add")) => (|p| p.contains(['=', '~', '<', '>']), packages(c)),
        (Some("yum" | "dnf" | "microdnf" | "tdnf"), Some("install")) => (
            |p| {
                p.contains('=')
                    || p.split('-')
                        .skip(1)
                        .any(|part| part.starts_with(|ch: char| ch.is_ascii_digit()))
            },
            packages(c),
        ),
        _ => return Vec::new(),
    };
    packages
        .into_iter()
        .filter(|p| {
            !p.contains(['$', '/', '*', '`', '(', ')'])
                && !p.ends_with(".deb")
                && !p.ends_with(".rpm")
                && !p.starts_with('@')
                && !pinned(p)
        })
        .map(str::to_string)
        .collect()
}

fn unpinned_packages(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    if !is_final_stage(stage) {
        return Vec::new();
    }
    runs(stage)
        .into_iter()
        .filter_map(|(_, script, span)| {
            let names: Vec<String> = commands(&script).iter().flat_map(unpinned).collect();
            (!names.is_empty()).then(|| {
                Hit::new(
                    span,
                    format!("packages installed without a version: {}", names.join(", ")),
                )
            })
        })
        .collect()
}

fn apk_no_cache(_: &Context<'_>, stage: &Resource) -> Vec<Hit> {
    if !is_final_stage(stage) {
        return Vec::new();
    }
    runs(stage)
        .into_iter()
        .filter(|(ins, script, _)| {
            let cmds = commands(script);
            let adds = cmds.iter().any(|c| {
                c.program() == Some("apk")
                    && c.subcommand() == Some("add")
                    && !c.has_flag("--no-cache")
            });
            let cleaned = cmds.iter().any(|c| {
                c.program() == Some("rm")
                    && c.args().iter().any(|a| a.starts_with("/var/cache/apk"))
            });
            adds && !cleaned
                && !mounts_at(ins, "/var/cache/apk")
                && !mounts_at(ins, "/etc/apk/cache")
        })
        .map(|(_, _, span)| {
            Hit::new(
                span,
                "`apk add` without `--no-cache` leaves the index in the layer",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    const APT: &str = "FROM debian:12 AS b\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12\n\
        RUN apt-get update \\\n && apt-get install -y curl=7.88.1-10 git\nRUN apt-get update && apt-get install -y --no-install-recommends curl=1 && rm -rf /var/lib/apt/lists/*\n";

    #[test]
    fn recommends_fires_in_final_stage_only() {
        let h = hits(&APT_NO_INSTALL_RECOMMENDS, "Dockerfile", APT);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 4);
    }

    #[test]
    fn recommends_negative() {
        let text = "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=1\n";
        assert!(hits(&APT_NO_INSTALL_RECOMMENDS, "Dockerfile", text).is_empty());
    }

    #[test]
    fn lists_fires() {
        let h = hits(&APT_LISTS_NOT_CLEANED, "Dockerfile", APT);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 4);
    }

    #[test]
    fn lists_negative() {
        let text = "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends x=1\n";
        assert!(hits(&APT_LISTS_NOT_CLEANED, "Dockerfile", text).is_empty());
    }

    #[test]
    fn unpinned_fires() {
        let h = hits(&UNPINNED_PACKAGES, "Dockerfile", APT);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 4);
        assert!(h[0].message.ends_with(": git"), "{}", h[0].message);
        let text = "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN dnf install -y nginx\n";
        assert_eq!(hits(&UNPINNED_PACKAGES, "Dockerfile", text).len(), 2);
    }

    #[test]
    fn unpinned_negative() {
        let text = "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps curl=8.9.1-r0 && dnf install -y nginx-1.24.0 ./local.rpm\nRUN apt-get install -y -t bookworm-backports git=1:2.45\n";
        assert!(hits(&UNPINNED_PACKAGES, "Dockerfile", text).is_empty());
    }

    #[test]
    fn apk_cache_fires() {
        let h = hits(
            &APK_NO_CACHE,
            "Dockerfile",
            "FROM alpine:3.20\nUSER root\nRUN apk update && apk add curl=1\n",
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.start.line, 3);
    }

    #[test]
    fn apk_cache_negative() {
        let text = "FROM alpine:3.20\nRUN apk add --no-cache curl=1\nRUN apk add curl=1 && rm -rf /var/cache/apk/*\n";
        assert!(hits(&APK_NO_CACHE, "Dockerfile", text).is_empty());
    }
}
