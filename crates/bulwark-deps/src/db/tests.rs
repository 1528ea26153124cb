use super::*;
use crate::matcher::{self, Verdict};
use crate::{Ecosystem, Package};
use std::io::Write;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/osv")
}

fn imported() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().expect("temp dir");
    import(dir.path(), &[fixtures()]).expect("fixtures import");
    let db = Database::open(dir.path()).expect("opens");
    (dir, db)
}

fn verdict(db: &Database, ecosystem: Ecosystem, name: &str, version: &str) -> Verdict {
    let package = Package::new(ecosystem, name, version, "lock", 1);
    matcher::Matcher::new(db)
        .check(&package)
        .expect("lookup works")
}

fn ids(verdict: &Verdict) -> Vec<Vec<String>> {
    match verdict {
        Verdict::Affected { advisories, .. } => advisories
            .iter()
            .map(|a| {
                let mut all = vec![a.id.clone()];
                all.extend(a.aliases.iter().cloned());
                all
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn imports_a_directory_and_skips_withdrawn_records() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = import(dir.path(), &[fixtures()]).expect("import");
    assert_eq!(report.withdrawn, 1, "GO-2022-0617 is withdrawn");
    let ecosystems: Vec<Ecosystem> = report.ecosystems.iter().map(|e| e.0).collect();
    assert_eq!(
        ecosystems,
        [
            Ecosystem::CratesIo,
            Ecosystem::Go,
            Ecosystem::Npm,
            Ecosystem::PyPI,
            Ecosystem::Maven
        ]
    );
    let db = Database::open(dir.path()).expect("opens");
    db.verify().expect("all sections decode");
    assert!(
        db.lookup(Ecosystem::Go, "k8s.io/kubernetes")
            .expect("ok")
            .is_empty()
    );
    assert!(db.data_as_of().is_some());
}

#[test]
fn merges_aliases_into_one_advisory() {
    let (_dir, db) = imported();
    // PYSEC-2023-74 and GHSA-j8r2-6x86-q33q are the same CVE.
    let requests = verdict(&db, Ecosystem::PyPI, "Requests", "2.19.1");
    assert_eq!(
        ids(&requests),
        [vec![
            "GHSA-j8r2-6x86-q33q",
            "CVE-2023-32681",
            "PYSEC-2023-74"
        ]]
    );
    // GO-2023-1571 names GHSA-vvpx-j8f3-3w6h.
    let net = verdict(&db, Ecosystem::Go, "golang.org/x/net", "v0.6.0");
    assert_eq!(ids(&net).len(), 1);
    assert!(ids(&net)[0].contains(&"GO-2023-1571".to_string()));
    // RUSTSEC-2023-0034 and GHSA-f8vr-r385-rh5r both cover h2 (CVE-2023-26964).
    let h2 = verdict(&db, Ecosystem::CratesIo, "h2", "0.3.15");
    assert_eq!(ids(&h2).len(), 1, "{h2:?}");
}

#[test]
fn distinct_vulnerabilities_stay_distinct_and_share_one_fix() {
    let (_dir, db) = imported();
    let Verdict::Affected { advisories, fix } = verdict(&db, Ecosystem::Npm, "lodash", "4.17.15")
    else {
        panic!("lodash 4.17.15 is vulnerable");
    };
    assert_eq!(advisories.len(), 2);
    assert_eq!(fix.as_deref(), Some("4.17.21"), "closes both advisories");
    assert_eq!(
        verdict(&db, Ecosystem::Npm, "lodash", "4.17.21"),
        Verdict::Clean
    );
}

#[test]
fn fixed_versions_and_informational_kinds() {
    let (_dir, db) = imported();
    let Verdict::Affected { advisories, fix } = verdict(&db, Ecosystem::CratesIo, "time", "0.1.45")
    else {
        panic!("time 0.1.45 is vulnerable");
    };
    assert_eq!(advisories[0].id, "RUSTSEC-2020-0071");
    // RustSec lists 0.2.0–0.2.6 as unaffected (they predate the bug) and 0.2.23 as the fix:
    // the smallest release outside every affected range is 0.2.0.
    assert_eq!(fix.as_deref(), Some("0.2.0"));
    assert_eq!(
        verdict(&db, Ecosystem::CratesIo, "time", "0.2.0"),
        Verdict::Clean
    );
    assert!(matches!(
        verdict(&db, Ecosystem::CratesIo, "time", "0.2.7"),
        Verdict::Affected { .. }
    ));
    assert_eq!(
        verdict(&db, Ecosystem::CratesIo, "time", "0.3.36"),
        Verdict::Clean
    );
    let Verdict::Affected { advisories, .. } =
        verdict(&db, Ecosystem::CratesIo, "smallvec", "0.6.10")
    else {
        panic!("smallvec 0.6.10 has an unsoundness advisory");
    };
    assert_eq!(advisories[0].kind, AdvisoryKind::Unsound);
}

#[test]
fn unparsable_versions_are_never_matched() {
    let (_dir, db) = imported();
    assert!(matches!(
        verdict(&db, Ecosystem::Npm, "lodash", "not-a-version"),
        Verdict::Unmatchable(_)
    ));
}

#[test]
fn reimport_replaces_only_the_imported_ecosystems() {
    let (dir, _) = imported();
    let npm_only = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        fixtures().join("GHSA-35jh-r3h4-6jhm.json"),
        npm_only.path().join("GHSA-35jh-r3h4-6jhm.json"),
    )
    .expect("copy");
    import(dir.path(), &[npm_only.path().to_path_buf()]).expect("import");
    let db = Database::open(dir.path()).expect("opens");
    assert_eq!(db.lookup(Ecosystem::Npm, "lodash").expect("ok").len(), 1);
    assert!(
        !db.lookup(Ecosystem::CratesIo, "time")
            .expect("ok")
            .is_empty()
    );
}

#[test]
fn imports_osv_zip_archives_and_reports_bad_records() {
    let work = tempfile::tempdir().expect("temp dir");
    let archive = work.path().join("all.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&archive).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for name in ["RUSTSEC-2020-0071.json", "RUSTSEC-2023-0034.json"] {
        zip.start_file(name, options).expect("entry");
        zip.write_all(&std::fs::read(fixtures().join(name)).expect("read"))
            .expect("write");
    }
    zip.start_file("broken.json", options).expect("entry");
    zip.write_all(b"{\"id\": ").expect("write");
    zip.finish().expect("finish");

    let db_dir = work.path().join("db");
    let report = import(&db_dir, &[archive]).expect("import");
    assert_eq!(report.ecosystems, [(Ecosystem::CratesIo, 2, 2)]);
    assert_eq!(report.warnings.len(), 1);
    assert!(
        report.warnings[0].contains("broken.json"),
        "{:?}",
        report.warnings
    );
}

#[test]
fn damaged_indexes_are_errors_that_say_how_to_fix_them() {
    let (dir, _) = imported();
    let path = dir.path().join(INDEX_FILE);
    let good = std::fs::read(&path).expect("read");

    let mut flipped = good.clone();
    let last = flipped.len() - 10;
    flipped[last] ^= 0xff;
    std::fs::write(&path, &flipped).expect("write");
    let db = Database::open(dir.path()).expect("header is intact");
    let error = db.verify().expect_err("a section is corrupt").to_string();
    assert!(error.contains("bulwark db update"), "{error}");

    std::fs::write(&path, &good[..good.len() / 2]).expect("write");
    let error = Database::open(dir.path())
        .expect_err("truncated")
        .to_string();
    assert!(
        error.contains("truncated") && error.contains("db import"),
        "{error}"
    );

    std::fs::write(&path, b"garbage").expect("write");
    assert!(matches!(
        Database::open(dir.path()),
        Err(DbError::Corrupt { .. })
    ));

    let empty = tempfile::tempdir().expect("temp dir");
    let error = Database::open(empty.path())
        .expect_err("missing")
        .to_string();
    assert!(error.contains("bulwark db update"), "{error}");
}

#[test]
fn an_import_with_nothing_usable_fails_and_keeps_the_old_index() {
    let (dir, _) = imported();
    let junk = tempfile::tempdir().expect("temp dir");
    std::fs::write(junk.path().join("x.json"), b"[1, 2").expect("write");
    let error = import(dir.path(), &[junk.path().to_path_buf()]).expect_err("nothing to import");
    assert!(error.to_string().contains("no OSV records"), "{error}");
    let db = Database::open(dir.path()).expect("old index intact");
    assert!(
        !db.lookup(Ecosystem::CratesIo, "time")
            .expect("ok")
            .is_empty()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any single damaged byte is an error when the index is opened or used, never a panic.
    #[test]
    fn flipped_bytes_never_panic(at in 0usize..100_000, flip in 1u8..=255) {
        let good = FIXTURE_INDEX.get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            import(dir.path(), &[fixtures()]).expect("import");
            std::fs::read(dir.path().join(INDEX_FILE)).expect("read")
        });
        let mut bytes = good.clone();
        let at = at % bytes.len();
        bytes[at] ^= flip;
        if let Ok(db) = Database::from_bytes(PathBuf::from("x"), bytes) {
            let _ = db.verify();
            for ecosystem in Ecosystem::ALL {
                let _ = db.lookup(ecosystem, "lodash");
            }
        }
    }
}

static FIXTURE_INDEX: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
