//! Payment providers, fintech and crypto exchanges.
//!
//! One file per provider family; list each in [`detectors`]. `context` holds the regex builders
//! for secrets that need the provider's name nearby.

mod adyen;
mod alpaca;
mod authorize_net;
mod braintree;
mod checkout_com;
mod coinbase;
mod context;
mod dwolla;
mod exchanges;
mod flutterwave;
mod gocardless;
mod marqeta;
mod mercadopago;
mod mollie;
mod paypal;
mod paystack;
mod plaid;
mod razorpay;
mod shopify;
mod square;
mod stripe;
mod sumup;
mod wise;

use crate::Detector;

/// Every detector of this group.
pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let families: [super::Family; 22] = [
        adyen::detectors,
        alpaca::detectors,
        authorize_net::detectors,
        braintree::detectors,
        checkout_com::detectors,
        coinbase::detectors,
        dwolla::detectors,
        exchanges::detectors,
        flutterwave::detectors,
        gocardless::detectors,
        marqeta::detectors,
        mercadopago::detectors,
        mollie::detectors,
        paypal::detectors,
        paystack::detectors,
        plaid::detectors,
        razorpay::detectors,
        shopify::detectors,
        square::detectors,
        stripe::detectors,
        sumup::detectors,
        wise::detectors,
    ];
    super::collect(&families)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;
    use bulwark_core::Severity;
    use std::collections::BTreeSet;

    /// Every family's true positives.
    fn positives() -> Vec<(&'static str, &'static str)> {
        [
            adyen::POSITIVES,
            alpaca::POSITIVES,
            authorize_net::POSITIVES,
            braintree::POSITIVES,
            checkout_com::POSITIVES,
            coinbase::POSITIVES,
            dwolla::POSITIVES,
            exchanges::POSITIVES,
            flutterwave::POSITIVES,
            gocardless::POSITIVES,
            marqeta::POSITIVES,
            mercadopago::POSITIVES,
            mollie::POSITIVES,
            paypal::POSITIVES,
            paystack::POSITIVES,
            plaid::POSITIVES,
            razorpay::POSITIVES,
            shopify::POSITIVES,
            square::POSITIVES,
            stripe::POSITIVES,
            sumup::POSITIVES,
            wise::POSITIVES,
        ]
        .concat()
    }

    #[test]
    fn rules_are_unique_well_formed_and_documented() {
        let detectors = detectors().expect("compiles");
        assert!(detectors.len() >= 32, "{} detectors", detectors.len());
        let mut ids = BTreeSet::new();
        for detector in &detectors {
            let rule = detector.rule;
            assert!(ids.insert(rule.id), "duplicate rule id {}", rule.id);
            let topic = rule.id.strip_prefix("secrets.").unwrap_or_default();
            assert!(
                !topic.is_empty()
                    && topic.split('-').all(|w| !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{} is not secrets.<kebab-case>",
                rule.id
            );
            assert_eq!(rule.cwe.first(), Some(&"CWE-798"), "{}", rule.id);
            assert_eq!(rule.owasp, ["A07:2021"], "{}", rule.id);
            assert!(!rule.title.is_empty() && !rule.description.is_empty());
            assert!(!rule.remediation.is_empty(), "{}", rule.id);
            assert!(rule.references.iter().all(|r| r.starts_with("https://")));
            assert!(!detector.keywords.is_empty(), "{} has no keyword", rule.id);
            assert_ne!(rule.severity, Severity::Info, "{}", rule.id);
        }
    }

    #[test]
    fn every_rule_has_a_positive_reported_by_that_rule_alone() {
        let positives = positives();
        let covered: BTreeSet<&str> = positives.iter().map(|(id, _)| *id).collect();
        for detector in detectors().expect("compiles") {
            assert!(
                covered.contains(detector.rule.id),
                "{} has no positive vector",
                detector.rule.id
            );
        }
        // Run each vector through the whole group: no other payments rule may claim it.
        for (id, text) in positives {
            assert_eq!(
                rule_ids(detectors().expect("compiles"), text),
                [id],
                "{text}"
            );
        }
    }

    #[test]
    fn stripe_and_paystack_never_share_a_key() {
        let stripe = concat!("sk_live_", "51H8sKq2eZvKYlo2C9aBcDeF");
        let paystack = concat!("sk_live_", "851b15d8a45d6835737299c5f05626f90bcba7fa");
        let both = format!("STRIPE_KEY={stripe}\nPAYSTACK_KEY={paystack}\n");
        assert_eq!(
            rule_ids(detectors().expect("compiles"), &both),
            ["secrets.stripe-secret-key", "secrets.paystack-secret-key"]
        );
    }

    #[test]
    fn test_mode_credentials_are_not_reported() {
        let text = concat!(
            "STRIPE=sk_test_51H8sKq2eZvKYlo2C9aBcDeF\n",
            "PAYSTACK=sk_test_851b15d8a45d6835737299c5f05626f90bcba7fa\n",
            "FLW=FLWSECK_TEST-ca92728d2e593869ab72a767e99ba98d-X\n",
            "PLAID=access-sandbox-8acc59be-bddc-4c57-8374-07101e0b78d6\n",
            "RAZORPAY_KEY_ID=rzp_test_eT0QgkQG7Ochv8\n",
            "BT=access_token$sandbox$wnvyi9b0nphij78r$bab4d218020916d28fcbf04b762e2ddb\n",
            "CKO_SECRET_KEY=sk_sbox_iadyomkbby6ixipbhbjbp3ir26t\n",
            "MOLLIE_API_KEY=test_2bd4T8LEI4WEwexTSrHhNHwobOuJ8w\n",
            "GC_ACCESS_TOKEN=sandbox_ppJ_8iVUUTY2R3L4IpE7p5PS2jcR1guq_ypQRB6E\n",
            "MP=TEST-0482010854281259-160207-4f82d8a9149fff48d54a5c04517546c6-886636464\n",
        );
        assert!(rule_ids(detectors().expect("compiles"), text).is_empty());
    }

    #[test]
    fn ignores_uuids_hashes_and_integrity_strings() {
        let text = concat!(
            "\"integrity\": \"sha512-9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08==\",\n",
            "request_id = 8acc59be-bddc-4c57-8374-07101e0b78d6\n",
            "commit 851b15d8a45d6835737299c5f05626f90bcba7fa\n",
            "checksum: E029EBF1278665C344FA714A2F5F17AFE029EBF1278665C344FA714A2F5F17AF\n",
            "payment_intent: pi_3Ln3fO2eZvKYlo2C1kqP3AMr\n",
        );
        assert!(rule_ids(detectors().expect("compiles"), text).is_empty());
    }
}
