//! Payment card numbers (PANs).

use crate::{Check, Detector};
use bulwark_core::{Rule, Scanner, Severity};

/// Controls a stored card number violates: PCI DSS 3.5.1 (PAN unreadable wherever stored),
/// 3.4.1 (PAN masked when displayed), SOC 2 CC6.1 (logical access).
const CARD_CONTROLS: &[&str] = &["pci-dss-4.0.1:3.5.1", "pci-dss-4.0.1:3.4.1", "soc2:CC6.1"];

/// ## What it finds
/// A 13–19 digit number, contiguous or grouped by consistent spaces or dashes (4-4-4-4[-n],
/// Amex 4-6-5, Diners 4-6-4), with a valid Luhn check digit and the IIN and issued length of Visa,
/// Mastercard (incl. 2221–2720), American Express, Discover, JCB, Diners Club, UnionPay or
/// Maestro. Numbers inside longer numbers, decimals, version strings, phone numbers (`+…`) and
/// hex runs are skipped; the networks' and processors' published test numbers are reported as
/// `secrets.payment-card-test-number` instead.
pub static PAYMENT_CARD_NUMBER: Rule = Rule {
    id: "secrets.payment-card-number",
    title: "Payment card number",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-311", "CWE-359"],
    owasp: &["A02:2021"],
    controls: CARD_CONTROLS,
    description: "A primary account number (PAN) of a payment card is stored in clear in the \
        repository: in a fixture, a log, a data dump or a configuration file. Cardholder data in \
        source control is copied to every clone and CI runner, puts the repository in PCI DSS \
        scope and can be used for card-not-present fraud.",
    remediation: "Remove the number from the file and from git history (`git filter-repo`), \
        find out how real card data reached the repository and stop that flow (mask or tokenise \
        PANs before logging or exporting), and notify the card owner or acquirer as your \
        incident process requires. Use the card networks' published test numbers in fixtures.",
    references: &["https://www.pcisecuritystandards.org/document_library/"],
};

/// ## What it finds
/// A published test card number (Visa `4111…1111`, Stripe's `4242…4242`, Mastercard
/// `5555…4444`, …). These are test data, not a leak; they are reported at `info` so that real
/// numbers next to them stand out.
pub static PAYMENT_CARD_TEST_NUMBER: Rule = Rule {
    id: "secrets.payment-card-test-number",
    title: "Test payment card number",
    scanner: Scanner::Secrets,
    severity: Severity::Info,
    cwe: &["CWE-311", "CWE-359"],
    owasp: &["A02:2021"],
    controls: CARD_CONTROLS,
    description: "A well-known test card number published by a card network or payment \
        processor. It cannot be charged and is not cardholder data; it is reported for \
        information, to show where card numbers flow through tests and fixtures.",
    remediation: "Nothing to rotate. Make sure the code path that handles this fixture masks or \
        tokenises real card numbers the same way.",
    references: &["https://docs.stripe.com/testing"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    // Leftmost-first: the decoys (a number after `.`, `-`, `+`, `*` or `^`; a number followed
    // by a decimal, a dash continuation, `*` or another long number; five or more groups of
    // four digits or hex characters, or four groups after another number, as in numeric and
    // code-point tables) start at or before a real candidate and capture nothing, so the
    // detector drops them.
    let pattern = concat!(
        r"(?-u)[.+\-*^]\d+",
        r"|\b(?:\d{13,19}(?:[.\-]\d|\*|[ \t]+\d{10,})|[0-9A-Fa-f]{4}(?: [0-9A-Fa-f]{4}){4,}|\d{4}(?:-\d{4}){4,}|\d+ \d{4} \d{4} \d{4} \d{4}|\d+-\d{4}-\d{4}-\d{4}-\d{4})",
        r"|\b(\d{13,19}|\d{4} \d{4} \d{4} \d{4}(?: \d{1,3})?|\d{4}-\d{4}-\d{4}-\d{4}(?:-\d{1,3})?",
        r"|\d{4} \d{6} \d{4,5}|\d{4}-\d{6}-\d{4,5})\b",
    );
    Ok(vec![
        Detector::new(&PAYMENT_CARD_NUMBER, &[], pattern, 1)?
            .keep_placeholders()
            .check(check)
            .also_reports(&[&PAYMENT_CARD_TEST_NUMBER]),
    ])
}

/// A card number, a test card number, or neither. A grouped 4-4-4-4 number followed by a short
/// group (a CVV, a 19-digit tail) is judged on its first 16 digits if the whole is not a PAN.
fn check(candidate: &[u8]) -> Check {
    let digits: Vec<u8> = candidate
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|b| b - b'0')
        .collect();
    if let Some(verdict) = classify(&digits) {
        return verdict;
    }
    let groups = candidate
        .split(|&b| b == b' ' || b == b'-')
        .filter(|g| !g.is_empty())
        .count();
    if groups == 5 && digits.len() > 16 {
        return classify(&digits[..16]).unwrap_or(Check::Reject);
    }
    Check::Reject
}

fn classify(digits: &[u8]) -> Option<Check> {
    if !(13..=19).contains(&digits.len()) || !luhn(digits) {
        return None;
    }
    if is_published_test_number(digits) {
        return Some(Check::Reclassify(&PAYMENT_CARD_TEST_NUMBER));
    }
    // Digits 1–5 only: CJK stroke-order and similar ordinal encodings, not card numbers.
    if !is_issued_range(digits) || digits.iter().all(|d| (1..=5).contains(d)) {
        return None;
    }
    Some(
        if is_repetitive(digits) || super::values::longest_sequence_of_digits(digits) >= 6 {
            Check::Reclassify(&PAYMENT_CARD_TEST_NUMBER)
        } else {
            Check::Keep
        },
    )
}

/// Luhn (mod 10) check digit.
fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The first `n` digits as a number.
fn prefix(digits: &[u8], n: usize) -> u32 {
    digits
        .iter()
        .take(n)
        .fold(0, |acc, &d| acc * 10 + u32::from(d))
}

/// IIN ranges and the lengths the networks actually issue. Lengths issued only rarely (19-digit
/// Visa, Discover and JCB, 16-digit `300`–`305` Diners) are left out: among contiguous 17–19
/// digit numbers, integer constants in code vastly outnumber such cards.
fn is_issued_range(digits: &[u8]) -> bool {
    let len = digits.len();
    let (p1, p2, p3, p4, p6) = (
        prefix(digits, 1),
        prefix(digits, 2),
        prefix(digits, 3),
        prefix(digits, 4),
        prefix(digits, 6),
    );
    // Visa (13-digit Visa numbers are no longer issued; 13 digits are mostly EAN barcodes).
    let visa = p1 == 4 && len == 16;
    let mastercard = ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16;
    let amex = (p2 == 34 || p2 == 37) && len == 15;
    let discover =
        (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 || (622_126..=622_925).contains(&p6))
            && len == 16;
    let jcb = (3528..=3589).contains(&p4) && len == 16;
    let diners = (((300..=305).contains(&p3) || p2 == 36) && len == 14)
        || ((p4 == 3095 || p2 == 38 || p2 == 39) && (len == 14 || len == 16));
    let unionpay = p2 == 62 && (16..=19).contains(&len);
    let maestro = matches!(
        p4,
        5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761 | 6762 | 6763
    ) && (13..=19).contains(&len);
    visa || mastercard || amex || discover || jcb || diners || unionpay || maestro
}

/// Test card numbers published by the card networks and by payment processors (Stripe, Adyen,
/// Braintree, PayPal, Worldpay, Authorize.net) in their testing documentation. Written as
/// grouped integers so this file does not look like card data to the scanner itself.
const TEST_NUMBERS: &[u64] = &[
    4_111_111_111_111_111,
    4_242_424_242_424_242,
    4_012_888_888_881_881,
    4_222_222_222_222,
    4_000_056_655_665_556,
    4_005_519_200_000_004,
    4_009_348_888_881_881,
    4_012_000_033_330_026,
    4_012_000_077_777_777,
    4_217_651_111_111_119,
    4_500_600_000_000_061,
    4_444_333_322_221_111,
    4_917_610_000_000_000,
    4_988_438_843_884_305,
    4_035_501_000_000_008,
    4_007_000_000_027,
    4_012_888_818_888,
    4_000_000_000_000_002,
    4_001_919_257_537_193,
    5_555_555_555_554_444,
    5_105_105_105_105_100,
    2_223_003_122_003_222,
    5_200_828_282_828_210,
    5_454_545_454_545_454,
    2_222_400_010_000_008,
    2_223_000_048_400_011,
    5_425_233_430_109_903,
    5_500_000_000_000_004,
    5_431_111_111_111_111,
    2_221_000_000_000_009,
    5_555_341_244_441_115,
    378_282_246_310_005,
    371_449_635_398_431,
    378_734_493_671_000,
    340_000_000_000_009,
    370_000_000_000_002,
    341_111_111_111_111,
    370_000_000_100_018,
    6_011_111_111_111_117,
    6_011_000_990_139_424,
    6_011_000_400_000_000,
    6_011_601_160_116_611,
    6_445_644_564_456_445,
    6_011_981_111_111_113,
    30_569_309_025_904,
    38_520_000_023_237,
    36_227_206_271_667,
    3_056_930_009_020_004,
    36_700_102_000_000,
    36_148_900_647_913,
    30_000_000_000_004,
    3_530_111_333_300_000,
    3_566_002_020_360_505,
    3_566_111_111_111_113,
    3_569_990_010_095_841,
    3_528_000_700_000_000,
    6_200_000_000_000_005,
    6_205_500_000_000_000_004,
    6_200_000_000_000_047,
    6_212_345_678_901_232,
    6_250_941_006_528_599,
    6_759_649_826_438_453,
    6_799_990_100_000_000_019,
    6_771_798_021_000_008,
    6_304_000_000_000_000,
    5_018_000_000_000_009,
    6_759_000_000_000_000_005,
    // Braintree's SDK test numbers (card types, AmEx rewards, disputes).
    4_229_989_800_000_003,
    4_229_989_700_000_004,
    4_229_989_900_000_002,
    4_229_989_500_000_006,
    4_229_989_100_000_000,
    4_023_898_493_988_028,
    4_000_111_111_111_115,
    371_260_714_673_002,
    378_267_515_471_109,
    371_544_868_764_018,
    5_066_991_111_111_118,
    6_370_950_000_000_005,
    6_062_820_524_845_321,
];

/// One of the published test numbers.
fn is_published_test_number(digits: &[u8]) -> bool {
    let value = digits.iter().fold(0u64, |acc, &d| {
        acc.saturating_mul(10).saturating_add(u64::from(d))
    });
    TEST_NUMBERS.contains(&value)
}

/// Mostly one repeated digit (processors' test ranges such as `4000 00…`): real issuers do
/// not hand such numbers out. Long runs (`…123456…`, `…654321…`) mark synthetic numbers too.
fn is_repetitive(digits: &[u8]) -> bool {
    let mut counts = [0usize; 10];
    for &d in digits {
        counts[usize::from(d)] += 1;
    }
    // Nine of sixteen or more: about one random number in 100,000 comes that close.
    counts
        .iter()
        .max()
        .is_some_and(|&most| most * 16 >= digits.len() * 9)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    const REAL: &str = "secrets.payment-card-number";
    const TEST: &str = "secrets.payment-card-test-number";

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    /// A valid PAN for `body` (all digits but the check digit).
    fn with_check_digit(body: &str) -> String {
        (0..10)
            .map(|d| format!("{body}{d}"))
            .find(|n| luhn(&n.bytes().map(|b| b - b'0').collect::<Vec<_>>()))
            .unwrap_or_default()
    }

    #[test]
    fn published_test_numbers_are_valid() {
        for &n in TEST_NUMBERS {
            let digits: Vec<u8> = n.to_string().bytes().map(|b| b - b'0').collect();
            assert!(luhn(&digits), "{n}");
        }
    }

    #[test]
    fn finds_card_numbers_in_every_network_and_layout() {
        let visa = with_check_digit(concat!("4539", "14880372614"));
        let mastercard = with_check_digit(concat!("5168", "44172391057"));
        let mastercard_2 = with_check_digit(concat!("2720", "99138472615"));
        let amex = with_check_digit(concat!("3714", "9682375016"));
        let discover = with_check_digit(concat!("6011", "53829174630"));
        let jcb = with_check_digit(concat!("3569", "01827364519"));
        let diners = with_check_digit(concat!("3612", "764891023"));
        let unionpay = with_check_digit(concat!("6212", "83746159280"));
        let maestro = with_check_digit(concat!("6759", "81726354910"));
        for pan in [
            &visa,
            &mastercard,
            &mastercard_2,
            &amex,
            &discover,
            &jcb,
            &diners,
            &unionpay,
            &maestro,
        ] {
            assert_eq!(ids(&format!("card: {pan}\n")), [REAL], "{pan}");
        }
        let spaced = format!(
            "{} {} {} {}",
            &visa[..4],
            &visa[4..8],
            &visa[8..12],
            &visa[12..]
        );
        assert_eq!(ids(&format!("\"pan\": \"{spaced}\"")), [REAL]);
        assert_eq!(ids(&spaced.replace(' ', "-")), [REAL]);
        let amex_grouped = format!("{} {} {}", &amex[..4], &amex[4..10], &amex[10..]);
        assert_eq!(ids(&amex_grouped), [REAL]);
        assert_eq!(ids(&format!("{spaced} 123 12/27")), [REAL], "with a CVV");
        assert_eq!(ids(&format!("id,{visa},2027-01")), [REAL], "CSV field");
    }

    #[test]
    fn reclassifies_published_test_numbers() {
        for text in [
            concat!("4111", "111111111111"),
            concat!("4242 4242 ", "4242 4242"),
            concat!("5555-5555-", "5555-4444"),
            concat!("3782 822463 ", "10005"),
            concat!("4000 0000 ", "0000 0077"),
        ] {
            assert_eq!(ids(text), [TEST], "{text}");
        }
    }

    #[test]
    fn ignores_look_alikes() {
        let visa = with_check_digit(concat!("4539", "14880372614"));
        let mut bad_luhn = visa.clone();
        let last = bad_luhn.pop().map_or(0, |c| (c as u8 - b'0' + 1) % 10);
        bad_luhn.push(char::from(b'0' + last));
        for text in [
            bad_luhn,
            format!("{visa}7"),
            format!("9{visa}"),
            format!("0.{visa}"),
            format!("{visa}.25"),
            format!("v1.{visa}"),
            format!("+{visa}"),
            format!("-{visa}"),
            format!("a{visa}"),
            format!("{visa}f"),
            format!("order_{visa}"),
            format!(
                "{} {} {} {}",
                &visa[..4],
                &visa[4..8],
                &visa[8..12],
                &visa[12..]
            )
            .replacen(' ', "-", 1),
            format!(
                "1234 {} {} {} {}",
                &visa[..4],
                &visa[4..8],
                &visa[8..12],
                &visa[12..]
            ),
            with_check_digit(concat!("1700", "00000001")),
            with_check_digit(concat!("9780", "30640615")),
            with_check_digit(concat!("4006", "38123456")),
        ] {
            assert!(ids(&text).is_empty(), "{text}");
        }
    }
}
