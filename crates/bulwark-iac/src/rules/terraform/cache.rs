//! ElastiCache (Redis OSS / Valkey) replication groups: encryption in transit and at rest.

use super::{Attr, doc, lookup, require_true};
use crate::model::{Format, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &ELASTICACHE_TRANSIT,
        &ELASTICACHE_TRANSIT_PLAN,
        &ELASTICACHE_AT_REST,
        &ELASTICACHE_AT_REST_PLAN,
    ]
}

const REPLICATION_GROUP: &[&str] = &["aws_elasticache_replication_group"];

/// Members of a global datastore take their encryption settings from the primary group.
fn in_global_datastore(resource: &Resource) -> bool {
    match lookup(&resource.body, &["global_replication_group_id"]) {
        Attr::Missing => false,
        Attr::Known(id) => id.as_str() != Some(""),
        Attr::Unknown => true,
    }
}

static ELASTICACHE_TRANSIT_RULE: Rule = doc(
    "iac.aws.elasticache-transit-encryption",
    "ElastiCache replication group without encryption in transit",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `aws_elasticache_replication_group` leaves `transit_encryption_enabled` unset or false \
     (the default), so clients talk to Redis/Valkey — and nodes replicate to each other — in \
     clear. Caches hold session tokens, one-time passwords and copies of account records; \
     without TLS, anyone able to capture VPC traffic reads them, and `auth_token` cannot be \
     used at all.",
    "Set `transit_encryption_enabled = true` (with `transit_encryption_mode = \"required\"` once \
     clients use TLS) and `auth_token` or RBAC user groups.",
    &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html"],
);

pub static ELASTICACHE_TRANSIT: IacRule = IacRule {
    rule: &ELASTICACHE_TRANSIT_RULE,
    format: Format::Terraform,
    kinds: REPLICATION_GROUP,
    check: |_, r| {
        if in_global_datastore(r) {
            return Vec::new();
        }
        require_true(r, &["transit_encryption_enabled"], "encryption in transit")
    },
};

pub static ELASTICACHE_TRANSIT_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ELASTICACHE_TRANSIT
};

static ELASTICACHE_AT_REST_RULE: Rule = doc(
    "iac.aws.elasticache-at-rest-encryption",
    "ElastiCache replication group not encrypted at rest",
    Severity::High,
    &["CWE-311"],
    &["A02:2021"],
    &["pci-dss-4.0.1:3.5.1", "soc2:CC6.1"],
    "An `aws_elasticache_replication_group` sets `at_rest_encryption_enabled = false`, or leaves \
     it unset with the Redis OSS engine (the provider default is off for `redis` and on only for \
     `valkey`). Swap files, backups and snapshots exported to S3 then hold cached customer data \
     unencrypted; the setting cannot be changed after creation.",
    "Set `at_rest_encryption_enabled = true` and `kms_key_id = aws_kms_key.cache.arn` when \
     creating the group (existing groups must be rebuilt from a backup).",
    &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html"],
);

pub static ELASTICACHE_AT_REST: IacRule = IacRule {
    rule: &ELASTICACHE_AT_REST_RULE,
    format: Format::Terraform,
    kinds: REPLICATION_GROUP,
    check: check_at_rest,
};

pub static ELASTICACHE_AT_REST_PLAN: IacRule = IacRule {
    format: Format::TerraformPlan,
    ..ELASTICACHE_AT_REST
};

fn check_at_rest(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    if in_global_datastore(resource) {
        return Vec::new();
    }
    let default_on = match lookup(&resource.body, &["engine"]) {
        Attr::Known(engine) => engine.as_str() == Some("valkey"),
        Attr::Unknown => true,
        Attr::Missing => false,
    };
    if default_on
        && matches!(
            lookup(&resource.body, &["at_rest_encryption_enabled"]),
            Attr::Missing
        )
    {
        return Vec::new();
    }
    require_true(
        resource,
        &["at_rest_encryption_enabled"],
        "encryption at rest",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::terraform::testing::run;

    #[test]
    fn replication_groups() {
        let bare =
            "resource \"aws_elasticache_replication_group\" \"r\" {\n  engine = \"redis\"\n}\n";
        assert_eq!(run(&ELASTICACHE_TRANSIT, bare), (1, Some(1)));
        assert_eq!(run(&ELASTICACHE_AT_REST, bare), (1, Some(1)));
        let ok = r#"resource "aws_elasticache_replication_group" "r" {
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
}
"#;
        assert_eq!(run(&ELASTICACHE_TRANSIT, ok), (0, None));
        assert_eq!(run(&ELASTICACHE_AT_REST, ok), (0, None));
        let valkey =
            "resource \"aws_elasticache_replication_group\" \"r\" {\n  engine = \"valkey\"\n}\n";
        assert_eq!(run(&ELASTICACHE_AT_REST, valkey), (0, None));
        let off = "resource \"aws_elasticache_replication_group\" \"r\" {\n  engine = \"valkey\"\n  at_rest_encryption_enabled = false\n}\n";
        assert_eq!(run(&ELASTICACHE_AT_REST, off), (1, Some(3)));
        let member = "resource \"aws_elasticache_replication_group\" \"r\" {\n  global_replication_group_id = aws_elasticache_global_replication_group.g.global_replication_group_id\n}\n";
        assert_eq!(run(&ELASTICACHE_TRANSIT, member), (0, None));
    }
}
