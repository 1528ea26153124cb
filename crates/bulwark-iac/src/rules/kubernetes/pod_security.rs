//! Pod Security Standards (baseline and restricted profiles) on every workload's pod template.

use super::{
    Container, Groups, Verdict, WORKLOADS, as_number, effective, is_false, is_true, is_windows,
    k8s_rule, origin, per_container, pod_template, strings,
};
use crate::model::{Node, Resource};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::Severity;

const PSS: &str = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
const SECURITY_CONTEXT: &str =
    "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/";

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &PRIVILEGED,
        &ALLOW_PRIVILEGE_ESCALATION,
        &CAPABILITIES_NOT_DROPPED,
        &DANGEROUS_CAPABILITIES,
        &RUN_AS_NON_ROOT,
        &RUN_AS_ROOT_USER,
        &HOST_NETWORK,
        &HOST_PID,
        &HOST_IPC,
        &HOST_PATH,
        &HOST_PORT,
        &SECCOMP,
        &APPARMOR_UNCONFINED,
        &PROC_MOUNT_UNMASKED,
        &UNSAFE_SYSCTLS,
        &READ_ONLY_ROOT_FILESYSTEM,
    ]
}

k8s_rule! {
    /// ## What it finds
    /// A container with `securityContext.privileged: true`, or a Windows HostProcess container
    /// (`windowsOptions.hostProcess: true`, container or pod level).
    PRIVILEGED, kinds: WORKLOADS, check: check_privileged,
    id: "iac.kubernetes.privileged-container",
    title: "Privileged container",
    severity: Severity::Critical,
    cwe: &["CWE-250"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.2", "cis-kubernetes-1.9:5.2.11", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "A container runs privileged: it gets every Linux capability, all host devices \
        and no seccomp/AppArmor confinement, so code running in it (or an attacker who \
        compromises it) is root on the node and can read every other pod's secrets and data. \
        The Pod Security Standards baseline profile forbids it; an auditor treats it as a broken \
        isolation boundary around cardholder or customer data.",
    remediation: "Remove `privileged: true` (and `windowsOptions.hostProcess: true`) and grant \
        only the specific capability the workload needs:\n\n```yaml\nsecurityContext:\n  \
        privileged: false\n  capabilities:\n    drop: [\"ALL\"]\n```",
    references: &[PSS, SECURITY_CONTEXT],
}

fn check_privileged(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let mut hits = per_container(r, Groups::All, "", |_, c| {
        match c.node.at(&["securityContext", "privileged"]) {
            Some(v) if is_true(v) => Verdict::Bad(
                v.span,
                format!(
                    "container `{}` runs privileged (`privileged: true`)",
                    c.name
                ),
            ),
            _ => Verdict::Ok,
        }
    });
    hits.extend(per_container(
        r,
        Groups::All,
        "",
        |spec, c| match effective(spec, c, &["windowsOptions", "hostProcess"]) {
            Some(v) if is_true(v) => Verdict::Bad(
                v.span,
                format!(
                    "{} makes `{}` a Windows HostProcess container",
                    origin(c, &["windowsOptions", "hostProcess"]),
                    c.name
                ),
            ),
            _ => Verdict::Ok,
        },
    ));
    hits
}

k8s_rule! {
    /// ## What it finds
    /// A container whose `securityContext.allowPrivilegeEscalation` is not `false`.
    ALLOW_PRIVILEGE_ESCALATION, kinds: WORKLOADS, check: check_allow_privilege_escalation,
    id: "iac.kubernetes.allow-privilege-escalation",
    title: "Container allows privilege escalation",
    severity: Severity::Medium,
    cwe: &["CWE-269"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.6", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "`allowPrivilegeEscalation` is unset (it defaults to `true`) or `true`, so the \
        kernel's `no_new_privs` flag is not set and a process in the container can gain more \
        privileges than its parent through setuid/setgid binaries or file capabilities. The \
        restricted Pod Security Standard requires it to be `false`.",
    remediation: "Set it explicitly on every container:\n\n```yaml\nsecurityContext:\n  \
        allowPrivilegeEscalation: false\n```",
    references: &[PSS, SECURITY_CONTEXT],
}

fn check_allow_privilege_escalation(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    if is_windows(r) {
        return Vec::new();
    }
    per_container(
        r,
        Groups::All,
        "`securityContext.allowPrivilegeEscalation: false` is not set",
        |_, c| match c.node.at(&["securityContext", "allowPrivilegeEscalation"]) {
            None => Verdict::Missing,
            Some(v) if is_true(v) => Verdict::Bad(
                v.span,
                format!(
                    "container `{}` sets `allowPrivilegeEscalation: true`",
                    c.name
                ),
            ),
            Some(_) => Verdict::Ok,
        },
    )
}

k8s_rule! {
    /// ## What it finds
    /// A container whose `securityContext.capabilities.drop` does not contain `ALL`.
    CAPABILITIES_NOT_DROPPED, kinds: WORKLOADS, check: check_capabilities_dropped,
    id: "iac.kubernetes.capabilities-not-dropped",
    title: "Container does not drop all capabilities",
    severity: Severity::Low,
    cwe: &["CWE-250"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.10", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "The container keeps the container runtime's default capability set \
        (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `NET_RAW`, …) because it does not drop \
        `ALL`. Those capabilities help an attacker who gains code execution (raw sockets for \
        spoofing, bypassing file permissions). The restricted Pod Security Standard requires \
        dropping `ALL` and adding back at most `NET_BIND_SERVICE`.",
    remediation: "Drop every capability and add back only what is needed:\n\n```yaml\n\
        securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]  \
        # only if it binds a port below 1024\n```",
    references: &[PSS, SECURITY_CONTEXT],
}

fn check_capabilities_dropped(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    if is_windows(r) {
        return Vec::new();
    }
    per_container(
        r,
        Groups::All,
        "`securityContext.capabilities.drop: [\"ALL\"]` is not set",
        |_, c| match c.node.at(&["securityContext", "capabilities", "drop"]) {
            None => Verdict::Missing,
            Some(drop) if drop.as_array().is_none() => Verdict::Ok,
            Some(drop) => {
                if strings(Some(drop))
                    .iter()
                    .any(|(s, _)| s.eq_ignore_ascii_case("ALL"))
                {
                    Verdict::Ok
                } else {
                    Verdict::Bad(
                        drop.span,
                        format!("container `{}` drops capabilities but not `ALL`", c.name),
                    )
                }
            }
        },
    )
}

/// Capabilities the baseline Pod Security Standard allows adding.
const BASELINE_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

k8s_rule! {
    /// ## What it finds
    /// `securityContext.capabilities.add` with a capability outside the baseline Pod Security
    /// Standard's allowed list (`SYS_ADMIN`, `NET_ADMIN`, `NET_RAW`, `SYS_PTRACE`, `ALL`, …).
    DANGEROUS_CAPABILITIES, kinds: WORKLOADS, check: check_dangerous_capabilities,
    id: "iac.kubernetes.dangerous-capabilities",
    title: "Container adds a dangerous capability",
    severity: Severity::High,
    cwe: &["CWE-250"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.8", "cis-kubernetes-1.9:5.2.9", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "The container adds a Linux capability that breaks container isolation: \
        `SYS_ADMIN` allows mounting filesystems and most container escapes, `NET_ADMIN` \
        reconfigures the pod network and firewall, `NET_RAW` allows packet spoofing and sniffing \
        of neighbours, `SYS_PTRACE` reads other processes' memory, `SYS_MODULE` loads kernel \
        modules. The baseline Pod Security Standard forbids every capability outside a short \
        default list.",
    remediation: "Remove the capability from `capabilities.add`; if a sidecar (service mesh, \
        VPN) truly needs it, run that component in a dedicated, separately reviewed namespace:\n\n\
        ```yaml\nsecurityContext:\n  capabilities:\n    drop: [\"ALL\"]\n```",
    references: &[PSS, "https://man7.org/linux/man-pages/man7/capabilities.7.html"],
}

fn check_dangerous_capabilities(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let Some(template) = pod_template(r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in super::containers(template.spec, Groups::All) {
        for (cap, span) in strings(c.node.at(&["securityContext", "capabilities", "add"])) {
            let upper = cap.to_ascii_uppercase();
            let name = upper.strip_prefix("CAP_").unwrap_or(&upper);
            if !BASELINE_CAPABILITIES.contains(&name) {
                hits.push(Hit::new(
                    span,
                    format!("container `{}` adds capability `{cap}`", c.name),
                ));
            }
        }
    }
    hits
}

k8s_rule! {
    /// ## What it finds
    /// A container for which neither it nor the pod sets `runAsNonRoot: true` (or sets it to
    /// `false`). A literal non-zero `runAsUser` is accepted as equivalent.
    RUN_AS_NON_ROOT, kinds: WORKLOADS, check: check_run_as_non_root,
    id: "iac.kubernetes.run-as-non-root",
    title: "Container may run as root",
    severity: Severity::Medium,
    cwe: &["CWE-250"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.7", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "Nothing stops the container from running as UID 0: most images default to \
        root, and root in a container is root on the node's kernel, one bug away from a \
        container escape. The restricted Pod Security Standard requires `runAsNonRoot: true` so \
        the kubelet refuses to start a container whose user is root.",
    remediation: "Set it on the pod (or every container) and build the image with a non-root \
        `USER`:\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n    \
        runAsUser: 10001\n```",
    references: &[PSS, SECURITY_CONTEXT],
}

fn check_run_as_non_root(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    per_container(
        r,
        Groups::All,
        "neither pod nor container sets `securityContext.runAsNonRoot: true`",
        |spec, c| {
            let non_root = effective(spec, c, &["runAsNonRoot"]);
            if let Some(v) = non_root
                && is_false(v)
            {
                return Verdict::Bad(
                    v.span,
                    format!(
                        "{} sets `runAsNonRoot: false`",
                        origin(c, &["runAsNonRoot"])
                    ),
                );
            }
            let user_set = effective(spec, c, &["runAsUser"])
                .is_some_and(|u| as_number(u).is_none_or(|n| n > 0.0));
            if non_root.is_none() && !user_set {
                Verdict::Missing
            } else {
                Verdict::Ok
            }
        },
    )
}

k8s_rule! {
    /// ## What it finds
    /// `runAsUser: 0` on a container or the pod (applied to at least one container).
    RUN_AS_ROOT_USER, kinds: WORKLOADS, check: check_run_as_root_user,
    id: "iac.kubernetes.run-as-root-user",
    title: "Container runs as UID 0",
    severity: Severity::High,
    cwe: &["CWE-250"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.7", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "The manifest explicitly runs the container as root (UID 0). A compromised \
        process then has root's file access inside the container and, with any kernel or \
        runtime flaw, on the node. The restricted Pod Security Standard forbids `runAsUser: 0`.",
    remediation: "Use a dedicated non-root UID and enforce it:\n\n```yaml\nsecurityContext:\n  \
        runAsUser: 10001\n  runAsNonRoot: true\n```",
    references: &[PSS, SECURITY_CONTEXT],
}

fn check_run_as_root_user(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    per_container(r, Groups::All, "", |spec, c| {
        match effective(spec, c, &["runAsUser"]) {
            Some(v) if as_number(v) == Some(0.0) => Verdict::Bad(
                v.span,
                format!("{} sets `runAsUser: 0` (root)", origin(c, &["runAsUser"])),
            ),
            _ => Verdict::Ok,
        }
    })
}

/// A pod-spec boolean that must not be `true`.
fn pod_flag(r: &Resource, key: &str, what: &str) -> Vec<Hit> {
    pod_template(r)
        .and_then(|t| t.spec.get(key))
        .filter(|v| is_true(v))
        .map(|v| vec![Hit::new(v.span, format!("`{key}: true`: {what}"))])
        .unwrap_or_default()
}

k8s_rule! {
    /// ## What it finds
    /// `hostNetwork: true` in a pod spec.
    HOST_NETWORK, kinds: WORKLOADS, check: check_host_network,
    id: "iac.kubernetes.host-network",
    title: "Pod uses the host network namespace",
    severity: Severity::High,
    cwe: &["CWE-653"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.5", "pci-dss-4.0.1:1.3.1", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "The pod shares the node's network stack: it can bind any node port, reach \
        services listening on the node's loopback (kubelet, cloud metadata proxies), sniff \
        traffic of other pods on the node and bypasses NetworkPolicy, defeating the network \
        segmentation an auditor relies on.",
    remediation: "Remove `hostNetwork: true` (or set it to `false`) and expose the workload \
        through a Service:\n\n```yaml\nspec:\n  hostNetwork: false\n```",
    references: &[PSS],
}

fn check_host_network(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    pod_flag(
        r,
        "hostNetwork",
        "the pod shares the node's network namespace",
    )
}

k8s_rule! {
    /// ## What it finds
    /// `hostPID: true` in a pod spec.
    HOST_PID, kinds: WORKLOADS, check: check_host_pid,
    id: "iac.kubernetes.host-pid",
    title: "Pod uses the host process namespace",
    severity: Severity::High,
    cwe: &["CWE-653"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.3", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "The pod sees every process on the node: it can read their command lines and \
        environment (often containing credentials), signal them, and with ptrace-like access \
        inspect their memory. The baseline Pod Security Standard forbids it.",
    remediation: "Remove `hostPID: true`:\n\n```yaml\nspec:\n  hostPID: false\n```",
    references: &[PSS],
}

fn check_host_pid(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    pod_flag(r, "hostPID", "the pod shares the node's process namespace")
}

k8s_rule! {
    /// ## What it finds
    /// `hostIPC: true` in a pod spec.
    HOST_IPC, kinds: WORKLOADS, check: check_host_ipc,
    id: "iac.kubernetes.host-ipc",
    title: "Pod uses the host IPC namespace",
    severity: Severity::High,
    cwe: &["CWE-653"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.4", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "The pod shares the node's System V IPC and POSIX shared memory, so it can \
        read or tamper with shared-memory segments of processes outside the pod. The baseline \
        Pod Security Standard forbids it.",
    remediation: "Remove `hostIPC: true`:\n\n```yaml\nspec:\n  hostIPC: false\n```",
    references: &[PSS],
}

fn check_host_ipc(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    pod_flag(r, "hostIPC", "the pod shares the node's IPC namespace")
}

k8s_rule! {
    /// ## What it finds
    /// A `hostPath` volume in a pod spec.
    HOST_PATH, kinds: WORKLOADS, check: check_host_path,
    id: "iac.kubernetes.host-path-volume",
    title: "Pod mounts a host path",
    severity: Severity::High,
    cwe: &["CWE-668"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.12", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "A `hostPath` volume exposes a directory of the node's filesystem to the pod. \
        Mounting `/`, `/etc`, `/var/lib/kubelet` or the container runtime socket gives a \
        container the node's credentials and other pods' secrets, and a writable mount lets it \
        plant files the node executes. The baseline Pod Security Standard forbids host paths.",
    remediation: "Replace the `hostPath` volume with an `emptyDir`, a `configMap`/`secret` \
        volume or a PersistentVolumeClaim:\n\n```yaml\nvolumes:\n- name: cache\n  emptyDir: {}\n```",
    references: &[PSS, "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
}

fn check_host_path(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let Some(template) = pod_template(r) else {
        return Vec::new();
    };
    template
        .spec
        .get("volumes")
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| {
            let host = v.get("hostPath")?;
            let path = host.get("path").and_then(Node::as_str).unwrap_or("?");
            let name = v.get("name").and_then(Node::as_str).unwrap_or("(unnamed)");
            let at = host.get("path").unwrap_or(host);
            Some(Hit::new(
                at.span,
                format!("volume `{name}` mounts host path `{path}`"),
            ))
        })
        .collect()
}

k8s_rule! {
    /// ## What it finds
    /// A container port with a non-zero `hostPort`.
    HOST_PORT, kinds: WORKLOADS, check: check_host_port,
    id: "iac.kubernetes.host-port",
    title: "Container binds a host port",
    severity: Severity::Medium,
    cwe: &["CWE-668"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.2.13", "pci-dss-4.0.1:1.3.1", "soc2:CC6.6"],
    description: "`hostPort` publishes the container port on the node's own IP address, \
        bypassing Services and often NetworkPolicy, and exposing the workload to whatever can \
        reach the node. The baseline Pod Security Standard forbids host ports.",
    remediation: "Remove `hostPort` and expose the port through a Service:\n\n```yaml\nports:\n\
        - containerPort: 8080\n```",
    references: &[PSS],
}

fn check_host_port(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let Some(template) = pod_template(r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in super::containers(template.spec, Groups::All) {
        for port in c
            .node
            .get("ports")
            .and_then(Node::as_array)
            .unwrap_or_default()
        {
            if let Some(v) = port.get("hostPort")
                && as_number(v).is_some_and(|n| n != 0.0)
            {
                hits.push(Hit::new(
                    v.span,
                    format!(
                        "container `{}` binds host port {}",
                        c.name,
                        as_number(v).unwrap_or(0.0)
                    ),
                ));
            }
        }
    }
    hits
}

/// A legacy seccomp/AppArmor annotation for `container` (or the whole pod).
fn annotation<'a>(
    metadata: Option<&'a Node>,
    pod_key: Option<&str>,
    container_prefix: &str,
    container: &str,
) -> Option<&'a Node> {
    let annotations = metadata?.get("annotations")?;
    annotations
        .get(&format!("{container_prefix}{container}"))
        .or_else(|| pod_key.and_then(|k| annotations.get(k)))
}

k8s_rule! {
    /// ## What it finds
    /// A container with no `seccompProfile` of type `RuntimeDefault` or `Localhost` (on the
    /// container or the pod), or with type `Unconfined`. The legacy
    /// `seccomp.security.alpha.kubernetes.io` annotations are honoured.
    SECCOMP, kinds: WORKLOADS, check: check_seccomp,
    id: "iac.kubernetes.seccomp-profile",
    title: "Container runs without a seccomp profile",
    severity: Severity::Medium,
    cwe: &["CWE-693"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.7.2", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "Without a seccomp profile the container may call every system call the \
        kernel offers, including the rarely needed ones (`unshare`, `keyctl`, `bpf`, …) most \
        kernel exploits and container escapes use. The restricted Pod Security Standard \
        requires `RuntimeDefault` or a `Localhost` profile; `Unconfined` is forbidden even by \
        baseline.",
    remediation: "Apply the runtime's default profile to the whole pod:\n\n```yaml\nspec:\n  \
        securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n```",
    references: &[PSS, "https://kubernetes.io/docs/tutorials/security/seccomp/"],
}

fn check_seccomp(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    if is_windows(r) {
        return Vec::new();
    }
    let metadata = pod_template(r).and_then(|t| t.metadata);
    per_container(
        r,
        Groups::All,
        "no `securityContext.seccompProfile` of type `RuntimeDefault` or `Localhost`",
        |spec, c: &Container<'_>| {
            if let Some(kind) = effective(spec, c, &["seccompProfile", "type"]) {
                return match kind.as_str() {
                    Some(t) if t.eq_ignore_ascii_case("Unconfined") => Verdict::Bad(
                        kind.span,
                        format!(
                            "{} sets seccomp profile `Unconfined`",
                            origin(c, &["seccompProfile", "type"])
                        ),
                    ),
                    _ => Verdict::Ok,
                };
            }
            match annotation(
                metadata,
                Some("seccomp.security.alpha.kubernetes.io/pod"),
                "container.seccomp.security.alpha.kubernetes.io/",
                c.name,
            ) {
                Some(v) if v.as_str() == Some("unconfined") => Verdict::Bad(
                    v.span,
                    format!(
                        "container `{}` runs with seccomp profile `unconfined`",
                        c.name
                    ),
                ),
                Some(_) => Verdict::Ok,
                None => Verdict::Missing,
            }
        },
    )
}

k8s_rule! {
    /// ## What it finds
    /// `appArmorProfile.type: Unconfined` (container or pod) or the legacy annotation
    /// `container.apparmor.security.beta.kubernetes.io/<container>: unconfined`.
    APPARMOR_UNCONFINED, kinds: WORKLOADS, check: check_apparmor,
    id: "iac.kubernetes.apparmor-unconfined",
    title: "Container runs AppArmor-unconfined",
    severity: Severity::Medium,
    cwe: &["CWE-693"],
    owasp: &["A05:2021"],
    controls: &["pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "The container opts out of the node's default AppArmor profile, which blocks \
        writes to `/proc` and `/sys`, mounts and other operations used to escape a container. \
        The baseline Pod Security Standard forbids overriding it with `Unconfined`.",
    remediation: "Remove the override or use the runtime default:\n\n```yaml\nsecurityContext:\n  \
        appArmorProfile:\n    type: RuntimeDefault\n```",
    references: &[PSS, "https://kubernetes.io/docs/tutorials/security/apparmor/"],
}

fn check_apparmor(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let metadata = pod_template(r).and_then(|t| t.metadata);
    per_container(r, Groups::All, "", |spec, c: &Container<'_>| {
        let field = effective(spec, c, &["appArmorProfile", "type"]).filter(|v| {
            v.as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case("Unconfined"))
        });
        let legacy = annotation(
            metadata,
            None,
            "container.apparmor.security.beta.kubernetes.io/",
            c.name,
        )
        .filter(|v| v.as_str() == Some("unconfined"));
        match field.or(legacy) {
            Some(v) => Verdict::Bad(
                v.span,
                format!("container `{}` runs AppArmor-unconfined", c.name),
            ),
            None => Verdict::Ok,
        }
    })
}

k8s_rule! {
    /// ## What it finds
    /// `securityContext.procMount: Unmasked`.
    PROC_MOUNT_UNMASKED, kinds: WORKLOADS, check: check_proc_mount,
    id: "iac.kubernetes.proc-mount-unmasked",
    title: "Container has an unmasked /proc",
    severity: Severity::High,
    cwe: &["CWE-653"],
    owasp: &["A05:2021"],
    controls: &["pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "`procMount: Unmasked` removes the masking of sensitive `/proc` paths \
        (`/proc/kcore`, `/proc/sysrq-trigger`, …) that keeps a container from reading kernel \
        memory or affecting the host. The baseline Pod Security Standard allows only `Default`.",
    remediation: "Remove `procMount` or set it to the default:\n\n```yaml\nsecurityContext:\n  \
        procMount: Default\n```",
    references: &[PSS],
}

fn check_proc_mount(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    per_container(r, Groups::All, "", |_, c| {
        match c.node.at(&["securityContext", "procMount"]) {
            Some(v) if v.as_str() == Some("Unmasked") => Verdict::Bad(
                v.span,
                format!("container `{}` sets `procMount: Unmasked`", c.name),
            ),
            _ => Verdict::Ok,
        }
    })
}

/// Sysctls the baseline Pod Security Standard allows (namespaced, isolated per pod).
const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

k8s_rule! {
    /// ## What it finds
    /// A `securityContext.sysctls` entry outside the baseline Pod Security Standard's safe set.
    UNSAFE_SYSCTLS, kinds: WORKLOADS, check: check_sysctls,
    id: "iac.kubernetes.unsafe-sysctl",
    title: "Pod sets an unsafe sysctl",
    severity: Severity::Medium,
    cwe: &["CWE-653"],
    owasp: &["A05:2021"],
    controls: &["pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "The pod sets a kernel parameter that is not isolated per pod: it can change \
        the behaviour of the node and every other pod on it (network stack, memory, IPC \
        limits), a denial-of-service or isolation risk. The baseline Pod Security Standard \
        allows only a short list of safe sysctls.",
    remediation: "Remove the sysctl from `spec.securityContext.sysctls`; if it is truly \
        required, tune it on dedicated, tainted nodes instead:\n\n```yaml\nsecurityContext:\n  \
        sysctls:\n  - name: net.ipv4.tcp_keepalive_time\n    value: \"600\"\n```",
    references: &[PSS, "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"],
}

fn check_sysctls(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    let Some(template) = pod_template(r) else {
        return Vec::new();
    };
    template
        .spec
        .at(&["securityContext", "sysctls"])
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| {
            let name = s.get("name")?;
            let text = name.as_str()?;
            (!SAFE_SYSCTLS.contains(&text))
                .then(|| Hit::new(name.span, format!("unsafe sysctl `{text}`")))
        })
        .collect()
}

k8s_rule! {
    /// ## What it finds
    /// A container without `securityContext.readOnlyRootFilesystem: true`.
    READ_ONLY_ROOT_FILESYSTEM, kinds: WORKLOADS, check: check_read_only_root,
    id: "iac.kubernetes.writable-root-filesystem",
    title: "Container root filesystem is writable",
    severity: Severity::Low,
    cwe: &["CWE-693"],
    owasp: &["A05:2021"],
    controls: &["cis-kubernetes-1.9:5.7.3", "pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    description: "The container can write to its image filesystem, so an attacker who gains \
        code execution can drop tools, modify binaries or persist changes for the container's \
        lifetime; a read-only root makes the running image match what was reviewed and scanned.",
    remediation: "Make the root filesystem read-only and mount writable `emptyDir` volumes \
        only where the application writes:\n\n```yaml\nsecurityContext:\n  \
        readOnlyRootFilesystem: true\nvolumeMounts:\n- name: tmp\n  mountPath: /tmp\n```",
    references: &[SECURITY_CONTEXT],
}

fn check_read_only_root(_: &Context<'_>, r: &Resource) -> Vec<Hit> {
    if is_windows(r) {
        return Vec::new();
    }
    per_container(
        r,
        Groups::All,
        "`securityContext.readOnlyRootFilesystem: true` is not set",
        |_, c| match c.node.at(&["securityContext", "readOnlyRootFilesystem"]) {
            None => Verdict::Missing,
            Some(v) if is_false(v) => Verdict::Bad(
                v.span,
                format!(
                    "container `{}` sets `readOnlyRootFilesystem: false`",
                    c.name
                ),
            ),
            Some(_) => Verdict::Ok,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kubernetes::testing::count_and_line;

    const HARDENED: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: api
        image: registry/api:1.0
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
";

    const LOOSE: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostNetwork: true
  hostPID: true
  hostIPC: true
  securityContext:
    runAsUser: 0
    sysctls:
    - {name: kernel.msgmax, value: '1'}
    - {name: net.ipv4.tcp_syncookies, value: '1'}
  volumes:
  - name: root
    hostPath: {path: /}
  containers:
  - name: a
    image: x
    ports: [{containerPort: 80, hostPort: 80}]
    securityContext:
      privileged: true
      allowPrivilegeEscalation: true
      procMount: Unmasked
      readOnlyRootFilesystem: false
      seccompProfile: {type: Unconfined}
      appArmorProfile: {type: Unconfined}
      capabilities: {drop: [NET_RAW], add: [SYS_ADMIN, CHOWN]}
  initContainers:
  - name: b
    image: y
";

    #[test]
    fn hardened_deployment_passes_every_rule() {
        for rule in rules() {
            assert_eq!(count_and_line(rule, HARDENED), (0, 0), "{}", rule.rule.id);
        }
    }

    #[test]
    fn loose_pod_table() {
        let table: &[(&IacRule, usize, u32)] = &[
            (&PRIVILEGED, 1, 21),
            (&ALLOW_PRIVILEGE_ESCALATION, 2, 22),
            (&CAPABILITIES_NOT_DROPPED, 2, 27),
            (&DANGEROUS_CAPABILITIES, 1, 27),
            (&RUN_AS_NON_ROOT, 1, 1),
            (&RUN_AS_ROOT_USER, 1, 9),
            (&HOST_NETWORK, 1, 5),
            (&HOST_PID, 1, 6),
            (&HOST_IPC, 1, 7),
            (&HOST_PATH, 1, 15),
            (&HOST_PORT, 1, 19),
            (&SECCOMP, 2, 25),
            (&APPARMOR_UNCONFINED, 1, 26),
            (&PROC_MOUNT_UNMASKED, 1, 23),
            (&UNSAFE_SYSCTLS, 1, 11),
            (&READ_ONLY_ROOT_FILESYSTEM, 2, 24),
        ];
        assert_eq!(table.len(), rules().len());
        for (rule, count, line) in table {
            assert_eq!(
                count_and_line(rule, LOOSE),
                (*count, *line),
                "{}",
                rule.rule.id
            );
        }
    }

    #[test]
    fn cronjob_pod_spec_and_pod_level_settings() {
        let text = "\
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: '@daily'
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {runAsNonRoot: false}
          containers:
          - {name: a, image: x, securityContext: {privileged: true}}
          - {name: b, image: y}
";
        assert_eq!(count_and_line(&PRIVILEGED, text), (1, 12));
        // One pod-level value shared by both containers is one finding.
        assert_eq!(count_and_line(&RUN_AS_NON_ROOT, text), (1, 10));
    }

    #[test]
    fn legacy_annotations_and_run_as_user() {
        let text = "\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    metadata:
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: runtime/default
        container.apparmor.security.beta.kubernetes.io/agent: unconfined
    spec:
      securityContext: {runAsUser: 1000}
      containers:
      - {name: agent, image: x}
";
        assert_eq!(count_and_line(&SECCOMP, text), (0, 0));
        assert_eq!(count_and_line(&APPARMOR_UNCONFINED, text), (1, 9));
        assert_eq!(count_and_line(&RUN_AS_NON_ROOT, text), (0, 0));
        assert_eq!(count_and_line(&RUN_AS_ROOT_USER, text), (0, 0));
    }

    #[test]
    fn windows_pods_skip_linux_only_settings() {
        let text = "\
apiVersion: v1
kind: Pod
metadata: {name: w}
spec:
  os: {name: windows}
  securityContext: {runAsNonRoot: true}
  containers:
  - {name: iis, image: 'mcr.microsoft.com/windows/servercore/iis:2022'}
";
        for rule in rules() {
            assert_eq!(count_and_line(rule, text), (0, 0), "{}", rule.rule.id);
        }
        let linux = text.replace("os: {name: windows}", "os: {name: linux}");
        assert_eq!(count_and_line(&SECCOMP, &linux), (1, 1));
        let host_process = text.replace(
            "runAsNonRoot: true}",
            "runAsNonRoot: true, windowsOptions: {hostProcess: true}}",
        );
        let hits = crate::rules::testing::hits(&PRIVILEGED, "k8s/app.yaml", &host_process);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].span.start.line, 6);
        assert!(hits[0].message.contains("the pod"), "{}", hits[0].message);
    }

    #[test]
    fn non_workloads_are_ignored() {
        let text =
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {hostNetwork: 'true'}\n";
        for rule in rules() {
            assert_eq!(count_and_line(rule, text), (0, 0), "{}", rule.rule.id);
        }
    }
}
