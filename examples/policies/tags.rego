# Every AWS resource that stores data declares how sensitive that data is, so the bank's asset
# inventory (and the PCI DSS scope built from it) comes from the code itself.
package main.tags

import rego.v1

__rego_metadata__ := {
	"id": "BANK-001",
	"title": "Data stores carry a valid data-classification tag",
	"severity": "MEDIUM",
	"description": "Storage resources must say how sensitive their data is (`data-classification` = public, internal, confidential or restricted). The tag drives backup, retention, encryption and access reviews; an untagged store is invisible to the data inventory that PCI DSS scoping relies on.",
	"remediation": "Add the tag: `tags = { data-classification = \"confidential\" }`.",
	"controls": ["pci-dss-4.0.1:12.5.1"],
}

# Terraform resource types that hold data.
data_stores := {
	"aws_s3_bucket",
	"aws_db_instance",
	"aws_rds_cluster",
	"aws_dynamodb_table",
	"aws_ebs_volume",
	"aws_efs_file_system",
	"aws_elasticache_replication_group",
	"aws_redshift_cluster",
}

levels := {"public", "internal", "confidential", "restricted"}

deny contains result if {
	some kind in data_stores
	some name
	resource := input.resource[kind][name]
	not resource.tags["data-classification"]
	result := {
		"msg": sprintf("%s.%s has no data-classification tag", [kind, name]),
		"resource": sprintf("%s.%s", [kind, name]),
	}
}

deny contains result if {
	some kind in data_stores
	some name
	value := input.resource[kind][name].tags["data-classification"]
	is_string(value)
	not startswith(value, "${") # an unresolved expression is not judged
	not value in levels
	result := {
		"msg": sprintf("%s.%s: data-classification %q is not one of %v", [kind, name, value, sort(levels)]),
		"resource": sprintf("%s.%s", [kind, name]),
	}
}
