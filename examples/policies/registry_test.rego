package main.registry

import rego.v1

test_public_base_image_is_denied if {
	deny["base image python:3.12 is not from the approved registry"] with input as [{"Cmd": "from", "Value": ["python:3.12"]}]
}

test_approved_base_image_and_stage_reference_pass if {
	cfg := [
		{"Cmd": "from", "Value": ["registry.bank.example/base/golang:1.23", "AS", "build"]},
		{"Cmd": "from", "Value": ["build"]},
		{"Cmd": "from", "Value": ["scratch"]},
	]
	count(deny) == 0 with input as cfg
}

test_deployment_with_public_image_is_denied if {
	cfg := {
		"kind": "Deployment",
		"metadata": {"name": "api"},
		"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}},
	}
	count(deny) == 1 with input as cfg
}

test_pod_with_approved_image_passes if {
	cfg := {
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {"containers": [{"name": "app", "image": "registry.bank.example/payments/api:1.4.2"}]},
	}
	count(deny) == 0 with input as cfg
}
