//! The dependency and license rules: the single source of their documentation.

use bulwark_core::{Rule, Scanner, Severity};

/// Third-party component inventory and vulnerability management.
const COMPONENT_CONTROLS: &[&str] = &[
    "pci-dss-4.0.1:6.3.1",
    "pci-dss-4.0.1:6.3.3",
    "soc2:CC7.1",
    "nist-ssdf:PW.4.4",
    "nist-ssdf:RV.1.1",
    "dora:art-10",
];

/// Software inventory (what is in the build must be known exactly).
const INVENTORY_CONTROLS: &[&str] = &["pci-dss-4.0.1:6.3.2", "nist-ssdf:PS.3.2", "dora:art-10"];

/// Licence compliance of third-party components.
const LICENSE_CONTROLS: &[&str] = &["nist-ssdf:PW.4.1", "soc2:CC2.1"];

/// ## What it finds
/// A package pinned at a version that a published advisory (OSV: RustSec, GitHub, PyPA, Go, …)
/// lists as vulnerable. All advisories on the same package version, and all their aliases
/// (CVE, GHSA, PYSEC, RUSTSEC, GO), are one finding.
pub static VULNERABLE_PACKAGE: Rule = Rule {
    id: "deps.vulnerable-package",
    title: "Dependency with a known vulnerability",
    scanner: Scanner::Deps,
    severity: Severity::High,
    cwe: &["CWE-1395"],
    owasp: &["A06:2021"],
    controls: COMPONENT_CONTROLS,
    description: "A lockfile pins a package version that a published security advisory lists as \
        affected. The finding's severity is the highest of its advisories: the CVSS v4 or v3 base \
        score computed from the advisory's vector, else the database's own rating. Every advisory \
        id and alias is listed in the finding's `advisories` property.",
    remediation: "Upgrade to the version named in the finding: the smallest release that closes \
        every advisory on this package. If the vulnerable code is provably unreachable, record a \
        waiver with the reasoning and an expiry instead of ignoring the finding.",
    references: &[
        "https://ossf.github.io/osv-schema/",
        "https://cwe.mitre.org/data/definitions/1395.html",
    ],
};

/// ## What it finds
/// A package its advisory database flags as no longer maintained (RustSec `unmaintained`).
pub static UNMAINTAINED_PACKAGE: Rule = Rule {
    id: "deps.unmaintained-package",
    title: "Unmaintained dependency",
    scanner: Scanner::Deps,
    severity: Severity::Low,
    cwe: &["CWE-1104"],
    owasp: &["A06:2021"],
    controls: COMPONENT_CONTROLS,
    description: "The advisory database records that this package is no longer maintained: future \
        vulnerabilities in it will not be fixed.",
    remediation: "Move to the maintained alternative the advisory suggests, or take ownership of a \
        fork and record that decision.",
    references: &["https://rustsec.org/categories/unmaintained.html"],
};

/// ## What it finds
/// A package version with an informational advisory: unsound APIs (memory-safety holes reachable
/// from safe code) or a notice.
pub static UNSOUND_PACKAGE: Rule = Rule {
    id: "deps.unsound-package",
    title: "Dependency with an unsoundness or notice advisory",
    scanner: Scanner::Deps,
    severity: Severity::Medium,
    cwe: &["CWE-1395"],
    owasp: &["A06:2021"],
    controls: COMPONENT_CONTROLS,
    description: "An informational advisory (RustSec `unsound` or `notice`) applies to this \
        package version: for unsoundness, safe code can trigger undefined behaviour through the \
        package's API.",
    remediation: "Upgrade to the version the finding names, or check that the unsound API is not \
        used and record a waiver.",
    references: &["https://rustsec.org/categories/"],
};

/// ## What it finds
/// A dependency declared without an exact version (`requests>=2`, a Maven range, an unresolved
/// `${property}`), which no lockfile pins.
pub static UNPINNED_DEPENDENCY: Rule = Rule {
    id: "deps.unpinned-dependency",
    title: "Dependency without an exact version",
    scanner: Scanner::Deps,
    severity: Severity::Low,
    cwe: &["CWE-1357"],
    owasp: &["A08:2021"],
    controls: INVENTORY_CONTROLS,
    description: "The version installed for this dependency is decided at install time, so the \
        build is not reproducible and the scan cannot say whether the installed version is \
        vulnerable.",
    remediation: "Pin the version (`==` in requirements, a lockfile such as `poetry.lock` or \
        `uv.lock`, an explicit `<version>` in Maven) and let an update bot raise it.",
    references: &["https://pip.pypa.io/en/stable/topics/repeatable-installs/"],
};

/// ## What it finds
/// A pinned version that does not parse in its ecosystem's version scheme.
pub static UNMATCHABLE_VERSION: Rule = Rule {
    id: "deps.unmatchable-version",
    title: "Dependency version cannot be checked",
    scanner: Scanner::Deps,
    severity: Severity::Info,
    cwe: &["CWE-1357"],
    owasp: &["A06:2021"],
    controls: INVENTORY_CONTROLS,
    description: "The version string is not valid in its ecosystem (for instance a legacy PyPI \
        version that PEP 440 rejects), so it is never compared against advisories rather than \
        matched by accident. This is a gap in coverage, not a vulnerability.",
    remediation: "Pin a version the ecosystem's tools can order (for PyPI, a PEP 440 version).",
    references: &["https://peps.python.org/pep-0440/"],
};

/// ## What it finds
/// A package whose declared license is on the `deny` list of `[licenses]` in `bulwark.toml`.
pub static LICENSE_DENIED: Rule = Rule {
    id: "license.denied",
    title: "Dependency under a denied license",
    scanner: Scanner::License,
    severity: Severity::High,
    cwe: &[],
    owasp: &[],
    controls: LICENSE_CONTROLS,
    description: "The package declares a license that the repository's policy denies (for example \
        a network copyleft license in a proprietary service). An SPDX expression is denied when \
        every way of satisfying it needs a denied license.",
    remediation: "Replace the package, obtain a commercial license, or ask legal to change the \
        policy in `bulwark.toml`.",
    references: &["https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/"],
};

/// ## What it finds
/// A package whose declared license is not on the `allow` list of `[licenses]`.
pub static LICENSE_NOT_ALLOWED: Rule = Rule {
    id: "license.not-allowed",
    title: "Dependency under a license not on the allow list",
    scanner: Scanner::License,
    severity: Severity::Medium,
    cwe: &[],
    owasp: &[],
    controls: LICENSE_CONTROLS,
    description: "An allow list is configured and the package's SPDX expression cannot be \
        satisfied by allowed licenses alone, or the declared license is not an SPDX expression.",
    remediation: "Have the license reviewed and add it to `allow`, or replace the package.",
    references: &["https://spdx.org/licenses/"],
};

/// Every dependency rule.
pub fn deps_rules() -> Vec<&'static Rule> {
    vec![
        &VULNERABLE_PACKAGE,
        &UNMAINTAINED_PACKAGE,
        &UNSOUND_PACKAGE,
        &UNPINNED_DEPENDENCY,
        &UNMATCHABLE_VERSION,
    ]
}

/// Every license rule.
pub fn license_rules() -> Vec<&'static Rule> {
    vec![&LICENSE_DENIED, &LICENSE_NOT_ALLOWED]
}
