//! Packages × advisories: which advisories apply to a package version, merged by alias, with the
//! smallest upgrade that closes all of them.

use crate::db::{AdvisoryKind, AffectedEntry, Database, DbError, Record};
use crate::osv::{self, Assessment, Range};
use crate::{Ecosystem, Package};
use bulwark_core::Severity;
use std::collections::HashMap;

/// One vulnerability, possibly known under several ids (CVE, GHSA, RUSTSEC, …) whose records
/// were merged because they name each other.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedAdvisory {
    /// The first record's id; the one reports lead with.
    pub id: String,
    /// Every other id and alias of the merged records, sorted.
    pub aliases: Vec<String>,
    pub summary: String,
    pub url: String,
    pub kind: AdvisoryKind,
    /// The highest assessment of the merged records, if any rates it.
    pub assessment: Option<Assessment>,
}

impl MergedAdvisory {
    /// Severity from the advisory, or the default for its kind when no database rates it
    /// (an unrated vulnerability counts as high: a bank's gate must not pass it silently).
    pub fn severity(&self) -> Severity {
        self.assessment.as_ref().map_or_else(
            || match self.kind {
                AdvisoryKind::Vulnerability => Severity::High,
                AdvisoryKind::Unsound => Severity::Medium,
                AdvisoryKind::Unmaintained => Severity::Low,
                AdvisoryKind::Notice => Severity::Info,
            },
            |a| a.severity,
        )
    }
}

/// What the database says about one package version.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// No advisory applies.
    Clean,
    /// The version does not parse in its ecosystem: not compared, never matched by accident.
    Unmatchable(String),
    /// Advisories apply; `fix` is the smallest version closing all of them, if one exists.
    Affected {
        advisories: Vec<MergedAdvisory>,
        fix: Option<String>,
    },
}

/// Checks packages against the database, keeping parsed advisory versions between packages: a
/// lockfile often pins several versions of one package, each checked against the same
/// advisories. One per thread (one per lockfile).
#[derive(Debug)]
pub struct Matcher<'a> {
    db: &'a Database,
    caches: HashMap<Ecosystem, osv::VersionCache>,
}

impl<'a> Matcher<'a> {
    pub fn new(db: &'a Database) -> Self {
        Matcher {
            db,
            caches: HashMap::new(),
        }
    }

    /// Checks `package` against the database.
    pub fn check(&mut self, package: &Package) -> Result<Verdict, DbError> {
        let cache = self
            .caches
            .entry(package.ecosystem)
            .or_insert_with(|| osv::VersionCache::new(package.ecosystem));
        check(self.db, package, cache)
    }
}

fn check(db: &Database, package: &Package, cache: &osv::VersionCache) -> Result<Verdict, DbError> {
    let candidates = db.lookup(package.ecosystem, &package.name)?;
    if candidates.is_empty() {
        return Ok(Verdict::Clean);
    }
    let mut matched: Vec<(&Record, &AffectedEntry)> = Vec::new();
    for (record, entry) in candidates {
        match osv::affects_in(cache, &package.version, &entry.ranges, &entry.versions) {
            Ok(true) => matched.push((record, entry)),
            Ok(false) => {}
            Err(error) => return Ok(Verdict::Unmatchable(error.to_string())),
        }
    }
    if matched.is_empty() {
        return Ok(Verdict::Clean);
    }
    let ranges: Vec<(&[Range], &[String])> = matched
        .iter()
        .map(|(_, entry)| (entry.ranges.as_slice(), entry.versions.as_slice()))
        .collect();
    let fix = osv::smallest_fix_in(cache, &package.version, &ranges);
    let mut records: Vec<&Record> = matched.iter().map(|(record, _)| *record).collect();
    records.sort_by(|a, b| a.id.cmp(&b.id));
    records.dedup_by(|a, b| a.id == b.id);
    Ok(Verdict::Affected {
        advisories: merge_aliases(&records),
        fix,
    })
}

/// Groups records that share an id or alias (transitively) into one advisory each.
pub fn merge_aliases(records: &[&Record]) -> Vec<MergedAdvisory> {
    fn names(r: &Record) -> impl Iterator<Item = String> + '_ {
        std::iter::once(r.id.clone()).chain(r.aliases.iter().cloned())
    }
    // Union-find over record indices, joined through a map from each name to the first record
    // that carries it: linear in the number of names (some packages have hundreds of records).
    let mut parent: Vec<usize> = (0..records.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        for name in
            std::iter::once(record.id.as_str()).chain(record.aliases.iter().map(String::as_str))
        {
            match owner.get(name) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    owner.insert(name, i);
                }
            }
        }
    }
    let mut merged: Vec<MergedAdvisory> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for (i, &record) in records.iter().enumerate() {
        let leader = root(&mut parent, i);
        let assessment = osv::assess(&record.severity, record.database_rating.as_deref());
        match group_of.get(&leader).copied() {
            Some(at) => {
                let group = &mut merged[at];
                for name in names(record) {
                    if name != group.id && !group.aliases.contains(&name) {
                        group.aliases.push(name);
                    }
                }
                if group.summary.is_empty() {
                    group.summary = record.summary.clone();
                }
                if rank(&assessment) > rank(&group.assessment) {
                    group.assessment = assessment;
                }
                group.kind = worse_kind(group.kind, record.kind);
            }
            None => {
                group_of.insert(leader, merged.len());
                let mut aliases = record.aliases.clone();
                aliases.retain(|a| *a != record.id);
                merged.push(MergedAdvisory {
                    id: record.id.clone(),
                    aliases,
                    summary: record.summary.clone(),
                    url: record.url.clone(),
                    kind: record.kind,
                    assessment,
                });
            }
        }
    }
    for group in &mut merged {
        group.aliases.sort();
        group.aliases.dedup();
    }
    merged
}

fn rank(assessment: &Option<Assessment>) -> (Option<Severity>, u64) {
    match assessment {
        Some(a) => (Some(a.severity), a.score.map_or(0, |s| (s * 10.0) as u64)),
        None => (None, 0),
    }
}

/// A real vulnerability outranks an informational notice about the same issue.
fn worse_kind(a: AdvisoryKind, b: AdvisoryKind) -> AdvisoryKind {
    if a == AdvisoryKind::Vulnerability || b == AdvisoryKind::Vulnerability {
        AdvisoryKind::Vulnerability
    } else {
        a
    }
}
