# Container images come from the bank's registry, where they are scanned, signed and mirrored;
# an image pulled straight from a public registry skips all of that.
package main.registry

import rego.v1

__rego_metadata__ := {
	"id": "BANK-003",
	"title": "Images come from the approved registry",
	"severity": "HIGH",
	"description": "Base images and workload images must be pulled from the bank's approved registry (`registry.bank.example`), which only holds images that passed vulnerability scanning and signature checks. Pulling from Docker Hub or another public registry brings in unvetted third-party code.",
	"remediation": "Mirror the image and refer to it there: `FROM registry.bank.example/base/python:3.12`.",
	"cwe": ["CWE-829"],
	"controls": ["pci-dss-4.0.1:6.3.2", "nist-ssdf:PW.4.1"],
}

approved := ["registry.bank.example/"]

approved_image(image) if {
	some prefix in approved
	startswith(image, prefix)
}

# Dockerfile: `input` is the list of instructions.
stages contains lower(cmd.Value[2]) if {
	some cmd in input
	cmd.Cmd == "from"
	count(cmd.Value) == 3
}

deny contains msg if {
	is_array(input)
	some cmd in input
	cmd.Cmd == "from"
	image := cmd.Value[0]
	image != "scratch"
	not lower(image) in stages
	not approved_image(image)
	msg := sprintf("base image %s is not from the approved registry", [image])
}

# Kubernetes: every container of a workload's pod template, or of a bare Pod.
pod_spec := input.spec.template.spec if input.spec.template.spec
pod_spec := input.spec.jobTemplate.spec.template.spec if input.spec.jobTemplate.spec.template.spec
pod_spec := input.spec if input.kind == "Pod"

deny contains msg if {
	some field in ["containers", "initContainers"]
	some container in pod_spec[field]
	not approved_image(container.image)
	msg := sprintf("%s %s: container %s uses image %s from an unapproved registry", [input.kind, input.metadata.name, container.name, container.image])
}
