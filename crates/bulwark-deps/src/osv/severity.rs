//! An advisory's severity: the CVSS base score when the record carries a vector (CVSS v4
//! preferred over v3, as the newer assessment), else the database's own rating.

use super::SeverityScore;
use bulwark_core::Severity;
use std::str::FromStr;

/// How severe an advisory is, and the score and vector it was derived from (none when it
/// comes from the database's rating).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub severity: Severity,
    pub score: Option<f64>,
    pub vector: Option<String>,
}

/// Assesses an advisory from its `severity[]` entries and, as a fallback, the database's
/// rating (GitHub's `CRITICAL`, `HIGH`, `MODERATE`, `LOW`). Vectors that do not parse are
/// skipped; among several valid vectors of the preferred version, the highest score wins,
/// so that a disagreement between sources never understates the risk. `None` when nothing
/// usable is present.
pub fn assess(scores: &[SeverityScore], database_rating: Option<&str>) -> Option<Assessment> {
    from_vectors(scores, "CVSS_V4", v4_score)
        .or_else(|| from_vectors(scores, "CVSS_V3", v3_score))
        .or_else(|| database_rating.and_then(from_rating))
}

fn from_vectors(
    scores: &[SeverityScore],
    kind: &str,
    score_of: fn(&str) -> Option<f64>,
) -> Option<Assessment> {
    scores
        .iter()
        .filter(|s| s.kind == kind)
        .filter_map(|s| {
            let vector = s.score.trim();
            score_of(vector).map(|score| (score, vector))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(score, vector)| Assessment {
            severity: band(score),
            score: Some(score),
            vector: Some(vector.to_string()),
        })
}

/// The v3 parser accepts a vector missing base metrics (and would score it as if they were
/// zero), so their presence is checked first.
fn v3_score(vector: &str) -> Option<f64> {
    const BASE: [&str; 8] = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];
    let present: Vec<&str> = vector
        .split('/')
        .filter_map(|part| part.split_once(':').map(|(key, _)| key))
        .collect();
    if !BASE.iter().all(|metric| present.contains(metric)) {
        return None;
    }
    let parsed = cvss::v3::Vector::from_str(vector).ok()?;
    Some(parsed.base_score().value())
}

/// The v4 parser itself requires every base metric.
fn v4_score(vector: &str) -> Option<f64> {
    let parsed = cvss::v4::Vector::from_str(vector).ok()?;
    Some(parsed.score().value())
}

/// The qualitative bands of the CVSS specification (v3.1 §5, v4.0 §6).
fn band(score: f64) -> Severity {
    if score >= 9.0 {
        Severity::Critical
    } else if score >= 7.0 {
        Severity::High
    } else if score >= 4.0 {
        Severity::Medium
    } else if score > 0.0 {
        Severity::Low
    } else {
        Severity::Info
    }
}

fn from_rating(rating: &str) -> Option<Assessment> {
    let severity = match rating.trim().to_ascii_uppercase().as_str() {
        "CRITICAL" => Severity::Critical,
        "HIGH" => Severity::High,
        "MODERATE" | "MEDIUM" => Severity::Medium,
        "LOW" => Severity::Low,
        _ => return None,
    };
    Some(Assessment {
        severity,
        score: None,
        vector: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(kind: &str, vector: &str) -> SeverityScore {
        SeverityScore {
            kind: kind.into(),
            score: vector.into(),
        }
    }

    fn assessed(kind: &str, vector: &str) -> Assessment {
        assess(&[score(kind, vector)], None).expect("valid vector")
    }

    #[test]
    fn cvss_v3_base_scores_match_the_specification() {
        // Scores worked out with the v3.1 base equations (and the calculator's examples).
        for (vector, expected, severity) in [
            (
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                9.8,
                Severity::Critical,
            ),
            (
                "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                9.8,
                Severity::Critical,
            ),
            (
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
                10.0,
                Severity::Critical,
            ),
            (
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
                6.1,
                Severity::Medium,
            ),
            (
                "CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H",
                5.1,
                Severity::Medium,
            ),
            (
                "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H",
                8.1,
                Severity::High,
            ),
            (
                "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N",
                1.6,
                Severity::Low,
            ),
            (
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N",
                0.0,
                Severity::Info,
            ),
        ] {
            let a = assessed("CVSS_V3", vector);
            assert_eq!(a.score, Some(expected), "{vector}");
            assert_eq!(a.severity, severity, "{vector}");
            assert_eq!(a.vector.as_deref(), Some(vector));
        }
    }

    #[test]
    fn cvss_v4_is_scored_and_preferred() {
        let v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
        let a = assessed("CVSS_V4", v4);
        assert_eq!(a.score, Some(9.3));
        assert_eq!(a.severity, Severity::Critical);
        let both = [
            score("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"),
            score("CVSS_V4", v4),
        ];
        assert_eq!(
            assess(&both, Some("LOW"))
                .expect("scored")
                .vector
                .as_deref(),
            Some(v4)
        );
    }

    #[test]
    fn bad_vectors_are_skipped() {
        let scores = [
            score("CVSS_V4", "CVSS:4.0/AV:N"),
            score("CVSS_V3", "CVSS:3.1/AV:N/AC:L"),
            score("CVSS_V3", "not a vector"),
            score("CVSS_V3", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            score("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
        ];
        let a = assess(&scores, None).expect("one valid vector");
        assert_eq!(a.score, Some(9.8));
        assert_eq!(assess(&scores[..4], None), None);
    }

    #[test]
    fn highest_of_several_vectors_wins() {
        let scores = [
            score("CVSS_V3", "CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H"),
            score("CVSS_V3", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"),
        ];
        assert_eq!(assess(&scores, None).expect("scored").score, Some(8.1));
    }

    #[test]
    fn falls_back_to_the_database_rating() {
        let only_v2 = [score("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P")];
        for (rating, severity) in [
            ("CRITICAL", Severity::Critical),
            ("HIGH", Severity::High),
            ("MODERATE", Severity::Medium),
            ("low", Severity::Low),
        ] {
            let a = assess(&only_v2, Some(rating)).expect("rating");
            assert_eq!(a.severity, severity);
            assert_eq!((a.score, a.vector), (None, None));
        }
        assert_eq!(assess(&[], Some("UNKNOWN")), None);
        assert_eq!(assess(&[], None), None);
    }

    #[test]
    fn bands_follow_the_specification() {
        for (score, severity) in [
            (0.0, Severity::Info),
            (0.1, Severity::Low),
            (3.9, Severity::Low),
            (4.0, Severity::Medium),
            (6.9, Severity::Medium),
            (7.0, Severity::High),
            (8.9, Severity::High),
            (9.0, Severity::Critical),
            (10.0, Severity::Critical),
        ] {
            assert_eq!(band(score), severity, "{score}");
        }
    }
}
