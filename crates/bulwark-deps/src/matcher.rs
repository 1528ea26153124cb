//! Packages × advisories: which advisories apply to a package version, merged by alias, with the
//! smallest upgrade that closes all of them.

use crate::Package;
use crate::db::{AdvisoryKind, AffectedEntry, Database, DbError, Record};
use crate::osv::{self, Assessment, Range};
use bulwark_core::Severity;

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

/// Checks `package` against the database.
pub fn check(db: &Database, package: &Package) -> Result<Verdict, DbError> {
    let candidates = db.lookup(package.ecosystem, &package.name)?;
    if candidates.is_empty() {
        return Ok(Verdict::Clean);
    }
    let mut matched: Vec<(&Record, &AffectedEntry)> = Vec::new();
    for (record, entry) in candidates {
        match osv::affects(
            package.ecosystem,
            &package.version,
            &entry.ranges,
            &entry.versions,
        ) {
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
    let fix = osv::smallest_fix(package.ecosystem, &package.version, &ranges);
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
    let names = |r: &Record| -> Vec<String> {
        std::iter::once(r.id.clone())
            .chain(r.aliases.iter().cloned())
            .collect()
    };
    // Union-find over record indices; the record lists are short (a handful per package).
    let mut parent: Vec<usize> = (0..records.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, record) in records.iter().enumerate() {
        let mine = names(record);
        for (j, other) in records.iter().enumerate().skip(i + 1) {
            if names(other).iter().any(|n| mine.contains(n)) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[b.max(a)] = a.min(b);
            }
        }
    }
    let mut merged: Vec<MergedAdvisory> = Vec::new();
    let mut leaders: Vec<usize> = Vec::new();
    for (i, &record) in records.iter().enumerate() {
        let leader = root(&mut parent, i);
        let assessment = osv::assess(&record.severity, record.database_rating.as_deref());
        match leaders.iter().position(|&l| l == leader) {
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
                leaders.push(leader);
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
