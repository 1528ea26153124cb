# Kubernetes Services of type LoadBalancer get a cloud load balancer that is reachable from the
# internet unless annotated as internal. Public entry points go through the bank's ingress and
# WAF, never straight to a workload.
package main.loadbalancer

import rego.v1

__rego_metadata__ := {
	"id": "BANK-002",
	"title": "No internet-facing LoadBalancer Services",
	"severity": "HIGH",
	"description": "A `type: LoadBalancer` Service without an internal-load-balancer annotation makes the cloud provider create a public load balancer, exposing the workload to the internet and bypassing the ingress, WAF and network segmentation that protect the cardholder data environment.",
	"remediation": "Use an Ingress, or mark the load balancer internal, e.g. `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`.",
	"cwe": ["CWE-668"],
	"controls": ["pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:1.4.1", "soc2:CC6.6"],
}

# Annotations (and values) that make each cloud's load balancer internal.
internal := {
	"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
	"service.beta.kubernetes.io/aws-load-balancer-internal": "true",
	"service.beta.kubernetes.io/azure-load-balancer-internal": "true",
	"networking.gke.io/load-balancer-type": "Internal",
}

is_internal if {
	some key, value in internal
	lower(sprintf("%v", [input.metadata.annotations[key]])) == lower(value)
}

deny contains msg if {
	input.kind == "Service"
	input.spec.type == "LoadBalancer"
	not is_internal
	msg := sprintf("Service %s is an internet-facing LoadBalancer", [input.metadata.name])
}
