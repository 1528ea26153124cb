package main.tags

import rego.v1

test_untagged_bucket_is_denied if {
	results := deny with input as {"resource": {"aws_s3_bucket": {"logs": {"bucket": "bank-logs"}}}}
	count(results) == 1
	some result in results
	result.resource == "aws_s3_bucket.logs"
}

test_unknown_level_is_denied if {
	cfg := {"resource": {"aws_db_instance": {"core": {"tags": {"data-classification": "secret"}}}}}
	count(deny) == 1 with input as cfg
}

test_classified_store_passes if {
	cfg := {"resource": {"aws_dynamodb_table": {"ledger": {"tags": {"data-classification": "restricted"}}}}}
	count(deny) == 0 with input as cfg
}

test_unresolved_tag_is_not_judged if {
	cfg := {"resource": {"aws_s3_bucket": {"b": {"tags": {"data-classification": "${var.level}"}}}}}
	count(deny) == 0 with input as cfg
}

test_other_resources_are_ignored if {
	count(deny) == 0 with input as {"resource": {"aws_iam_role": {"r": {}}}}
}
