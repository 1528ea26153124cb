//! Attribution: one finding per secret across the whole history, credited to the oldest commit.

use bulwark_core::{Finding, Status};
use std::collections::{HashMap, HashSet};

/// What makes two history findings "the same": the rule and the analyzer's identity (e.g. the
/// digest of a secret), wherever it appears; without an identity, the rule, path and message.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Identity {
        rule: String,
        identity: String,
    },
    Place {
        rule: String,
        path: String,
        message: String,
    },
}

impl Key {
    fn of(finding: &Finding) -> Self {
        if finding.identity.is_empty() {
            Key::Place {
                rule: finding.rule_id.clone(),
                path: finding.location.path.clone(),
                message: finding.message.clone(),
            }
        } else {
            Key::Identity {
                rule: finding.rule_id.clone(),
                identity: finding.identity.clone(),
            }
        }
    }
}

struct Entry {
    /// The occurrence kept: from the oldest commit in walk order.
    finding: Finding,
    order: u32,
    /// Blobs containing it.
    occurrences: u64,
    present_at_head: bool,
    /// Whether any occurrence was open (not suppressed in source).
    any_open: bool,
}

/// Folds the findings of each scanned blob, batch after batch; memory grows with the number of
/// distinct findings, not with the number of blobs.
#[derive(Default)]
pub(crate) struct Attribution {
    entries: HashMap<Key, Entry>,
}

impl Attribution {
    /// Adds the findings of one blob, introduced by the commit at walk position `order`;
    /// `at_head`: the blob is in `HEAD`'s tree.
    pub(crate) fn add_blob(&mut self, order: u32, at_head: bool, findings: Vec<Finding>) {
        let mut in_this_blob: HashSet<Key> = HashSet::new();
        for finding in findings {
            let key = Key::of(&finding);
            let first_in_blob = in_this_blob.insert(key.clone());
            match self.entries.entry(key) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(Entry {
                        any_open: finding.is_open(),
                        finding,
                        order,
                        occurrences: 1,
                        present_at_head: at_head,
                    });
                }
                std::collections::hash_map::Entry::Occupied(mut slot) => {
                    let entry = slot.get_mut();
                    if first_in_blob {
                        entry.occurrences += 1;
                    }
                    entry.present_at_head |= at_head;
                    entry.any_open |= finding.is_open();
                    // Oldest commit first; within one commit, report order (deterministic
                    // whatever the order blobs were scanned in).
                    let older =
                        (order, finding.sort_key()) < (entry.order, entry.finding.sort_key());
                    if older {
                        entry.finding = finding;
                        entry.order = order;
                    }
                }
            }
        }
    }

    /// The kept findings with `occurrences` and `present_at_head` set. An in-source suppression
    /// only holds if every occurrence was suppressed: a later copy of a secret without its
    /// `bulwark:ignore` comment reopens it (attributed to the oldest commit all the same).
    pub(crate) fn into_findings(self) -> Vec<Finding> {
        self.entries
            .into_values()
            .map(|entry| {
                let mut finding = entry.finding;
                if entry.any_open && finding.status == Status::Suppressed {
                    finding.status = Status::Open;
                    finding.suppression = None;
                }
                finding
                    .properties
                    .insert("occurrences".into(), entry.occurrences.into());
                finding
                    .properties
                    .insert("present_at_head".into(), entry.present_at_head.into());
                finding
            })
            .collect()
    }
}
