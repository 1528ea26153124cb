package main.loadbalancer

import rego.v1

service(annotations) := {
	"apiVersion": "v1",
	"kind": "Service",
	"metadata": {"name": "api", "annotations": annotations},
	"spec": {"type": "LoadBalancer"},
}

test_public_load_balancer_is_denied if {
	deny["Service api is an internet-facing LoadBalancer"] with input as service({})
}

test_internal_aws_load_balancer_passes if {
	count(deny) == 0 with input as service({"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"})
}

test_internal_gke_load_balancer_passes if {
	count(deny) == 0 with input as service({"networking.gke.io/load-balancer-type": "Internal"})
}

test_cluster_ip_passes if {
	count(deny) == 0 with input as {"kind": "Service", "metadata": {"name": "api"}, "spec": {"type": "ClusterIP"}}
}
