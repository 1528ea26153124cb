//! Compute resources and health probes.

use super::{Groups, LONG_RUNNING, Verdict, WORKLOADS, k8s_rule, per_container};
use crate::model::Resource;
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::Severity;

const RESOURCES: &str =
    "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/";
const PROBES: &str = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/";

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &MEMORY_LIMIT,
        &CPU_LIMIT,
        &REQUESTS,
        &LIVENESS_PROBE,
        &READINESS_PROBE,
    ]
}

/// Containers (and init containers) lacking `resources.<section>.<key>`.
fn require(r: &Resource, section: &str, keys: &[&str], missing: &str) -> Vec<Hit> {
    per_container(r, Groups::Regular, missing, |_, c| {
        let ok = keys
            .iter()
            .all(|key| c.node.at(&["resources", section, key]).is_some());
        if ok { Verdict::Ok } else { Verdict::Missing }
    })
}

k8s_rule! {
    /// ## What it finds
    /// A container or init container without `resources.limits.memory`.
    MEMORY_LIMIT, kinds: WORKLOADS, check: check_memory_limit,
    id: "iac.kubernetes.memory-limit-missing",
    title: "Container has no memory limit",
    severity: Severity::Medium,
    cwe: &["CWE-770"],
    owasp: &["A05:2021"],
    controls: &["soc2:A1.1", "pci-dss-4.0.1:2.2.1"],
    description: "Without a memory limit one container (a leak, a crafted request, a \
        compromised process) can consume the node's memory until the kernel kills other pods, \
        taking down unrelated, possibly critical workloads on the same node: an availability \
        risk and a noisy-neighbour channel between tenants.",
    remediation: "Set a memory limit sized from observed usage (and a matching request):\n\n\
        ```yaml\nresources:\n  requests:\n    memory: 256Mi\n  limits:\n    memory: 512Mi\n```\n\n\
        A namespace `LimitRange` can supply defaults.",
    references: &[RESOURCES],
}

fn check_memory_limit(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    require(r, "limits", &["memory"], "no `resources.limits.memory`")
}

k8s_rule! {
    /// ## What it finds
    /// A container or init container without `resources.limits.cpu`.
    CPU_LIMIT, kinds: WORKLOADS, check: check_cpu_limit,
    id: "iac.kubernetes.cpu-limit-missing",
    title: "Container has no CPU limit",
    severity: Severity::Low,
    cwe: &["CWE-770"],
    owasp: &["A05:2021"],
    controls: &["soc2:A1.1"],
    description: "Without a CPU limit a busy or compromised container (crypto-mining is the \
        usual payload) can use every core its node has spare, slowing other workloads. Some \
        teams deliberately omit CPU limits to avoid throttling; then set a namespace \
        `ResourceQuota` and suppress this finding with the reason.",
    remediation: "Set a CPU limit:\n\n```yaml\nresources:\n  requests:\n    cpu: 250m\n  \
        limits:\n    cpu: \"1\"\n```",
    references: &[RESOURCES],
}

fn check_cpu_limit(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    require(r, "limits", &["cpu"], "no `resources.limits.cpu`")
}

k8s_rule! {
    /// ## What it finds
    /// A container or init container without both `resources.requests.cpu` and
    /// `resources.requests.memory`.
    REQUESTS, kinds: WORKLOADS, check: check_requests,
    id: "iac.kubernetes.resource-requests-missing",
    title: "Container has no CPU/memory requests",
    severity: Severity::Low,
    cwe: &["CWE-770"],
    owasp: &["A05:2021"],
    controls: &["soc2:A1.1"],
    description: "Without requests the scheduler cannot reserve capacity for the container: \
        it may be packed onto an overcommitted node and is among the first evicted under \
        pressure (`BestEffort` QoS), which makes the service's availability unpredictable and \
        capacity planning impossible.",
    remediation: "Declare what the container needs:\n\n```yaml\nresources:\n  requests:\n    \
        cpu: 250m\n    memory: 256Mi\n```",
    references: &[RESOURCES],
}

fn check_requests(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    require(
        r,
        "requests",
        &["cpu", "memory"],
        "no `resources.requests.cpu` and `resources.requests.memory`",
    )
}

k8s_rule! {
    /// ## What it finds
    /// A container of a long-running workload (not Job/CronJob) without `livenessProbe`.
    LIVENESS_PROBE, kinds: LONG_RUNNING, check: check_liveness,
    id: "iac.kubernetes.liveness-probe-missing",
    title: "Container has no liveness probe",
    severity: Severity::Low,
    cwe: &["CWE-754"],
    owasp: &["A05:2021"],
    controls: &["soc2:A1.2"],
    description: "Without a liveness probe the kubelet only restarts the container when its \
        process exits; a deadlocked or hung service stays up and unhealthy until someone \
        notices, an availability gap for customer-facing services.",
    remediation: "Add a cheap health endpoint and probe it:\n\n```yaml\nlivenessProbe:\n  \
        httpGet:\n    path: /healthz\n    port: 8080\n  periodSeconds: 10\n```",
    references: &[PROBES],
}

fn check_liveness(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    probe(r, "livenessProbe")
}

k8s_rule! {
    /// ## What it finds
    /// A container of a long-running workload (not Job/CronJob) without `readinessProbe`.
    READINESS_PROBE, kinds: LONG_RUNNING, check: check_readiness,
    id: "iac.kubernetes.readiness-probe-missing",
    title: "Container has no readiness probe",
    severity: Severity::Low,
    cwe: &["CWE-754"],
    owasp: &["A05:2021"],
    controls: &["soc2:A1.2"],
    description: "Without a readiness probe a Service sends traffic to the pod as soon as its \
        process starts, before it can serve, and keeps sending it while the pod is overloaded \
        or its dependencies are down, so rollouts and incidents surface as client errors.",
    remediation: "Probe the endpoint that says the pod can serve:\n\n```yaml\nreadinessProbe:\n  \
        httpGet:\n    path: /ready\n    port: 8080\n  periodSeconds: 5\n```",
    references: &[PROBES],
}

fn check_readiness(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    probe(r, "readinessProbe")
}

fn probe(r: &Resource, key: &str) -> Vec<Hit> {
    per_container(r, Groups::Main, &format!("no `{key}`"), |_, c| {
        if c.node.get(key).is_some() {
            Verdict::Ok
        } else {
            Verdict::Missing
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kubernetes::testing::count_and_line;

    const GOOD: &str = "\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      containers:
      - name: db
        image: x
        resources:
          requests: {cpu: 100m, memory: 1Gi}
          limits: {cpu: 1, memory: 1Gi}
        livenessProbe: {tcpSocket: {port: 5432}}
        readinessProbe: {tcpSocket: {port: 5432}}
";

    const BARE: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
      - {name: init, image: x}
      containers:
      - {name: web, image: x, resources: {requests: {cpu: 1}}}
";

    #[test]
    fn complete_container_passes() {
        for rule in rules() {
            assert_eq!(count_and_line(rule, GOOD), (0, 0), "{}", rule.rule.id);
        }
    }

    #[test]
    fn bare_containers_fire_once_per_workload() {
        for rule in rules() {
            assert_eq!(count_and_line(rule, BARE), (1, 1), "{}", rule.rule.id);
        }
        let hits = crate::rules::testing::hits(&REQUESTS, "k8s/app.yaml", BARE);
        assert!(
            hits[0].message.contains("`web`, `init`"),
            "{}",
            hits[0].message
        );
    }

    #[test]
    fn jobs_need_no_probes() {
        let text = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: j, image: x}]\n";
        assert_eq!(count_and_line(&LIVENESS_PROBE, text), (0, 0));
        assert_eq!(count_and_line(&READINESS_PROBE, text), (0, 0));
        assert_eq!(count_and_line(&MEMORY_LIMIT, text), (1, 1));
    }
}
