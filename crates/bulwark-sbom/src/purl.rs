//! Package URLs: the identity both SBOM formats give a package, and the key Bulwark matches
//! advisories by. Names split into purl namespace and name per ecosystem, as `Package::purl` does.

use bulwark_deps::Ecosystem;

/// `(namespace, name)` of a normalised package name: Maven `group:artifact`, npm `@scope/name`,
/// Go `host/path/name` and Composer `vendor/name` carry a namespace; other ecosystems do not.
pub(crate) fn split(ecosystem: Ecosystem, name: &str) -> (Option<&str>, &str) {
    let parts = match ecosystem {
        Ecosystem::Maven => name.split_once(':'),
        Ecosystem::Npm | Ecosystem::Go | Ecosystem::Packagist => name.rsplit_once('/'),
        _ => None,
    };
    match parts {
        Some((namespace, name)) => (Some(namespace), name),
        None => (None, name),
    }
}

/// The inverse of [`split`]: the package name Bulwark uses for a purl's namespace and name.
fn join(ecosystem: Ecosystem, namespace: Option<&str>, name: &str) -> String {
    match (ecosystem, namespace.filter(|n| !n.is_empty())) {
        (Ecosystem::Maven, Some(group)) => format!("{group}:{name}"),
        (Ecosystem::Npm | Ecosystem::Go | Ecosystem::Packagist, Some(namespace)) => {
            format!("{namespace}/{name}")
        }
        _ => name.to_string(),
    }
}

/// A purl of an ecosystem Bulwark knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub ecosystem: Ecosystem,
    pub name: String,
    /// Absent when the purl pins no version.
    pub version: Option<String>,
}

/// Parses `text`. `Ok(None)` for purl types outside Bulwark's ecosystems (`pkg:deb/…`,
/// `pkg:github/…`): they are valid, just not matchable against OSV's package databases.
pub(crate) fn parse(text: &str) -> Result<Option<Parsed>, String> {
    let purl: packageurl::PackageUrl<'_> = text
        .parse()
        .map_err(|e| format!("invalid package URL {text:?}: {e}"))?;
    let Some(ecosystem) = Ecosystem::from_purl_type(purl.ty()) else {
        return Ok(None);
    };
    Ok(Some(Parsed {
        ecosystem,
        name: join(ecosystem, purl.namespace(), purl.name()),
        version: purl.version().map(str::to_string).filter(|v| !v.is_empty()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_per_ecosystem() {
        for (purl, ecosystem, name, version) in [
            (
                "pkg:npm/%40babel/core@7.24.0",
                Ecosystem::Npm,
                "@babel/core",
                Some("7.24.0"),
            ),
            (
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar",
                Ecosystem::Maven,
                "org.apache.logging.log4j:log4j-core",
                Some("2.14.1"),
            ),
            (
                "pkg:golang/golang.org/x/text@v0.3.7",
                Ecosystem::Go,
                "golang.org/x/text",
                Some("v0.3.7"),
            ),
            (
                "pkg:composer/laravel/framework@10.0.0",
                Ecosystem::Packagist,
                "laravel/framework",
                Some("10.0.0"),
            ),
            (
                "pkg:cargo/time@0.1.45",
                Ecosystem::CratesIo,
                "time",
                Some("0.1.45"),
            ),
            ("pkg:pypi/django", Ecosystem::PyPI, "django", None),
        ] {
            let parsed = parse(purl).expect("valid").expect("known type");
            assert_eq!(parsed.ecosystem, ecosystem, "{purl}");
            assert_eq!(parsed.name, name, "{purl}");
            assert_eq!(parsed.version.as_deref(), version, "{purl}");
        }
    }

    #[test]
    fn foreign_types_are_skipped_and_garbage_is_an_error() {
        assert_eq!(parse("pkg:deb/debian/curl@7.50.3-1"), Ok(None));
        assert!(parse("not a purl").is_err());
        assert!(parse("pkg:npm/").is_err());
    }

    #[test]
    fn split_is_the_inverse_of_join() {
        for (ecosystem, name) in [
            (Ecosystem::Maven, "org.slf4j:slf4j-api"),
            (Ecosystem::Npm, "@types/node"),
            (Ecosystem::Npm, "lodash"),
            (Ecosystem::Go, "github.com/pkg/errors"),
            (Ecosystem::PyPI, "requests"),
        ] {
            let (namespace, short) = split(ecosystem, name);
            assert_eq!(join(ecosystem, namespace, short), name);
        }
    }
}
