//! docker-compose rules (`iac.compose.*`): the container isolation settings of each service —
//! the same CIS Docker Benchmark section 5 controls the Kubernetes rules apply to pods — and
//! credentials written into the file.

use super::{Context, Hit, IacRule};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::kubernetes::credentials::names_a_secret;
use crate::rules::terraform::doc;
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &PRIVILEGED,
        &DOCKER_SOCKET,
        &HOST_NAMESPACE,
        &DANGEROUS_CAPABILITIES,
        &UNCONFINED,
        &SECRET_IN_ENVIRONMENT,
    ]
}

/// The strings of a list-valued key (`cap_add: [SYS_ADMIN]`), each with its node.
fn strings<'a>(service: &'a Resource, key: &str) -> Vec<(&'a Node, &'a str)> {
    service
        .body
        .get(key)
        .and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| Some((n, n.as_str()?)))
        .collect()
}

static PRIVILEGED_RULE: Rule = doc(
    "iac.compose.privileged",
    "Compose service runs privileged",
    Severity::High,
    &["CWE-250"],
    &["A05:2021"],
    &["cis-docker-1.6:5.4", "pci-dss-4.0.1:2.2.1", "soc2:CC6.8"],
    "A service sets `privileged: true`: its container gets every Linux capability, every host \
     device and no seccomp or AppArmor confinement, so code running in it can take over the \
     host and every other container on it. A compromised payment service in such a container \
     is a compromised host.",
    "Remove `privileged: true`; grant only the capability the service needs, e.g. \
     `cap_add: [NET_BIND_SERVICE]` with `cap_drop: [ALL]`.",
    &["https://docs.docker.com/reference/compose-file/services/#privileged"],
);
pub static PRIVILEGED: IacRule = IacRule {
    rule: &PRIVILEGED_RULE,
    format: Format::DockerCompose,
    kinds: &["service"],
    check: check_privileged,
};

fn check_privileged(_: &Context<'_>, service: &Resource) -> Vec<Hit> {
    match service.body.get("privileged") {
        Some(node) if node.as_bool() == Some(true) => vec![Hit::new(
            node.span,
            format!("{}: `privileged: true`", service.address),
        )],
        _ => Vec::new(),
    }
}

static DOCKER_SOCKET_RULE: Rule = doc(
    "iac.compose.docker-socket",
    "Compose service mounts the Docker socket",
    Severity::Critical,
    &["CWE-250"],
    &["A05:2021"],
    &["cis-docker-1.6:5.31", "pci-dss-4.0.1:2.2.1", "soc2:CC6.8"],
    "A service mounts `/var/run/docker.sock` (or `/run/docker.sock`). Whoever reaches that socket \
     controls the Docker daemon, which runs as root: it can start a privileged container that \
     mounts the host's root file system. Mounting it hands host root to the service and to \
     anyone who compromises it.",
    "Remove the socket mount. If the service must manage containers, put a socket proxy that \
     allows only the needed API calls in between (e.g. `tecnativa/docker-socket-proxy` with \
     `CONTAINERS=1`), or use rootless Docker.",
    &["https://docs.docker.com/engine/security/#docker-daemon-attack-surface"],
);
pub static DOCKER_SOCKET: IacRule = IacRule {
    rule: &DOCKER_SOCKET_RULE,
    format: Format::DockerCompose,
    kinds: &["service"],
    check: check_docker_socket,
};

fn check_docker_socket(_: &Context<'_>, service: &Resource) -> Vec<Hit> {
    let volumes = service.body.get("volumes").and_then(Node::as_array);
    volumes
        .unwrap_or(&[])
        .iter()
        .filter(|volume| {
            // Short form `host:container[:mode]`, or long form `{type: bind, source: …}`.
            let source = match &volume.value {
                Value::String(s) => s.split(':').next(),
                _ => volume.get("source").and_then(Node::as_str),
            };
            source.is_some_and(|s| {
                matches!(
                    s.trim_end_matches('/'),
                    "/var/run/docker.sock" | "/run/docker.sock"
                )
            })
        })
        .map(|volume| {
            Hit::new(
                volume.span,
                format!("{}: mounts the Docker socket", service.address),
            )
        })
        .collect()
}

static HOST_NAMESPACE_RULE: Rule = doc(
    "iac.compose.host-namespace",
    "Compose service shares a host namespace",
    Severity::High,
    &["CWE-653"],
    &["A05:2021"],
    &[
        "cis-docker-1.6:5.9",
        "cis-docker-1.6:5.15",
        "cis-docker-1.6:5.16",
        "pci-dss-4.0.1:1.3.1",
        "soc2:CC6.8",
    ],
    "A service sets `network_mode: host`, `pid: host` or `ipc: host`. With the host network it \
     can bind any host port and reach services listening on localhost (metadata endpoints, \
     databases meant to be private); with the host PID namespace it sees and can signal every \
     host process; with host IPC it reads other processes' shared memory. Network segmentation \
     that PCI DSS 1.3 relies on stops at such a container.",
    "Remove `network_mode: host` and publish only the ports the service needs (`ports: \
     [\"127.0.0.1:8080:8080\"]`); remove `pid: host` and `ipc: host`.",
    &["https://docs.docker.com/reference/compose-file/services/#network_mode"],
);
pub static HOST_NAMESPACE: IacRule = IacRule {
    rule: &HOST_NAMESPACE_RULE,
    format: Format::DockerCompose,
    kinds: &["service"],
    check: check_host_namespace,
};

fn check_host_namespace(_: &Context<'_>, service: &Resource) -> Vec<Hit> {
    ["network_mode", "pid", "ipc"]
        .into_iter()
        .filter_map(|key| {
            let node = service.body.get(key)?;
            (node.as_str() == Some("host"))
                .then(|| Hit::new(node.span, format!("{}: `{key}: host`", service.address)))
        })
        .collect()
}

/// Capabilities that each amount to host control (mounts, kernel modules, raw devices, other
/// processes' memory, the network stack).
const DANGEROUS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "SYS_MODULE",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "DAC_READ_SEARCH",
    "NET_ADMIN",
    "BPF",
];

static DANGEROUS_CAPABILITIES_RULE: Rule = doc(
    "iac.compose.dangerous-capabilities",
    "Compose service adds a dangerous Linux capability",
    Severity::High,
    &["CWE-250"],
    &["A05:2021"],
    &["cis-docker-1.6:5.3", "pci-dss-4.0.1:2.2.1", "soc2:CC6.8"],
    "A service's `cap_add` lists `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `SYS_RAWIO`, \
     `DAC_READ_SEARCH`, `NET_ADMIN` or `BPF`. Each of these is enough to escape the container or \
     to read other workloads' memory or traffic; `SYS_ADMIN` alone is nearly `privileged`.",
    "Drop the capability; start from `cap_drop: [ALL]` and add back only narrow ones such as \
     `NET_BIND_SERVICE`.",
    &["https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities"],
);
pub static DANGEROUS_CAPABILITIES: IacRule = IacRule {
    rule: &DANGEROUS_CAPABILITIES_RULE,
    format: Format::DockerCompose,
    kinds: &["service"],
    check: check_capabilities,
};

fn check_capabilities(_: &Context<'_>, service: &Resource) -> Vec<Hit> {
    strings(service, "cap_add")
        .into_iter()
        .filter(|(_, cap)| {
            let cap = cap.to_ascii_uppercase();
            DANGEROUS.contains(&cap.strip_prefix("CAP_").unwrap_or(&cap))
        })
        .map(|(node, cap)| Hit::new(node.span, format!("{}: `cap_add: {cap}`", service.address)))
        .collect()
}

static UNCONFINED_RULE: Rule = doc(
    "iac.compose.unconfined",
    "Compose service turns off seccomp or AppArmor",
    Severity::Medium,
    &["CWE-693"],
    &["A05:2021"],
    &[
        "cis-docker-1.6:5.21",
        "cis-docker-1.6:5.1",
        "pci-dss-4.0.1:2.2.1",
    ],
    "A service's `security_opt` holds `seccomp:unconfined` or `apparmor:unconfined`. Docker's \
     default seccomp profile blocks about 44 system calls used in container escapes and kernel \
     exploits, and its AppArmor profile keeps the container off sensitive host paths; \
     `unconfined` removes that layer.",
    "Remove the option, or give a tailored profile: `security_opt: \
     [\"seccomp:./seccomp-payments.json\"]`.",
    &["https://docs.docker.com/engine/security/seccomp/"],
);
pub static UNCONFINED: IacRule = IacRule {
    rule: &UNCONFINED_RULE,
    format: Format::DockerCompose,
    kinds: &["service"],
    check: check_unconfined,
};

fn check_unconfined(_: &Context<'_>, service: &Resource) -> Vec<Hit> {
    strings(service, "security_opt")
        .into_iter()
        .filter(|(_, opt)| {
            let opt = opt.replace('=', ":").to_ascii_lowercase();
            opt == "seccomp:unconfined" || opt == "apparmor:unconfined"
        })
        .map(|(node, opt)| {
            Hit::new(
                node.span,
                format!("{}: `security_opt: {opt}`", service.address),
            )
        })
        .collect()
}

static SECRET_IN_ENVIRONMENT_RULE: Rule = doc(
    "iac.compose.secret-in-environment",
    "Compose service has a credential written in its environment",
    Severity::High,
    &["CWE-798"],
    &["A07:2021"],
    &["pci-dss-4.0.1:8.6.2", "pci-dss-4.0.1:8.3.1", "soc2:CC6.1"],
    "A service's `environment` gives a variable whose name says it holds a credential \
     (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, …) a literal value. The credential is \
     then in the repository and its history, in every clone and in `docker inspect` output; PCI \
     DSS 8.6.2 forbids hard-coding passwords of application and system accounts in \
     configuration files. Interpolated values (`${DB_PASSWORD}`) are not reported.",
    "Take the value from the environment or a secrets file at deploy time: `DB_PASSWORD: \
     ${DB_PASSWORD:?}` with the value from a vault, or compose `secrets:` mounted as files \
     (`DB_PASSWORD_FILE: /run/secrets/db_password`).",
    &["https://docs.docker.com/compose/how-tos/use-secrets/"],
);
pub static SECRET_IN_ENVIRONMENT: IacRule = IacRule {
    rule: &SECRET_IN_ENVIRONMENT_RULE,
    format: Format::DockerCompose,
    kinds: &["service"],
    check: check_environment,
};

/// A literal credential value: not empty, not interpolated from the environment.
fn literal_secret(value: &str) -> bool {
    let value = value.trim();
    !value.is_empty() && !value.contains("${") && !value.starts_with('$')
}

fn check_environment(_: &Context<'_>, service: &Resource) -> Vec<Hit> {
    let Some(environment) = service.body.get("environment") else {
        return Vec::new();
    };
    // Map form `NAME: value`, or list form `- NAME=value`.
    let entries: Vec<(&Node, String, String)> = match &environment.value {
        Value::Object(entries) => entries
            .iter()
            .filter_map(|(name, _, node)| {
                let value = match &node.value {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return None,
                };
                Some((node, name.clone(), value))
            })
            .collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(|node| {
                let (name, value) = node.as_str()?.split_once('=')?;
                Some((node, name.to_string(), value.to_string()))
            })
            .collect(),
        _ => Vec::new(),
    };
    entries
        .into_iter()
        .filter(|(_, name, value)| names_a_secret(name) && literal_secret(value))
        .map(|(node, name, _)| {
            Hit::new(
                node.span,
                format!("{}: `{name}` has a literal value", service.address),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::hits;

    fn run(rule: &IacRule, services: &str) -> Vec<u32> {
        let text = format!("services:\n{services}");
        hits(rule, "docker-compose.yml", &text)
            .iter()
            .map(|h| h.span.start.line)
            .collect()
    }

    const HARDENED: &str = "  api:\n    image: registry.example/api:1.4\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n    security_opt: [\"no-new-privileges:true\"]\n    environment:\n      DB_HOST: db\n      DB_PASSWORD: ${DB_PASSWORD:?}\n    volumes: [\"./data:/data:ro\"]\n";

    #[test]
    fn a_hardened_service_is_clean() {
        for rule in rules() {
            assert!(run(rule, HARDENED).is_empty(), "{}", rule.rule.id);
        }
    }

    #[test]
    fn privileged() {
        assert_eq!(
            run(&PRIVILEGED, "  a:\n    image: x\n    privileged: true\n"),
            [4]
        );
        assert!(run(&PRIVILEGED, "  a:\n    privileged: false\n").is_empty());
    }

    #[test]
    fn docker_socket_in_short_and_long_form() {
        let text = "  a:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - type: bind\n        source: /run/docker.sock\n        target: /s\n      - ./app:/app\n";
        assert_eq!(run(&DOCKER_SOCKET, text), [4, 5]);
    }

    #[test]
    fn host_namespaces() {
        let text = "  a:\n    network_mode: host\n    pid: host\n    ipc: shareable\n";
        assert_eq!(run(&HOST_NAMESPACE, text), [3, 4]);
        assert!(run(&HOST_NAMESPACE, "  a:\n    network_mode: bridge\n").is_empty());
    }

    #[test]
    fn dangerous_capabilities() {
        let text =
            "  a:\n    cap_add:\n      - NET_BIND_SERVICE\n      - CAP_SYS_ADMIN\n      - all\n";
        assert_eq!(run(&DANGEROUS_CAPABILITIES, text), [5, 6]);
    }

    #[test]
    fn unconfined_profiles() {
        let text = "  a:\n    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - no-new-privileges:true\n";
        assert_eq!(run(&UNCONFINED, text), [4, 5]);
    }

    #[test]
    fn literal_credentials_in_either_environment_form() {
        // Fake values built at run time, so this file holds nothing credential-shaped.
        let value = "x".repeat(12);
        let map = format!(
            "  a:\n    environment:\n      POSTGRES_PASSWORD: {value}\n      API_TOKEN: ${{API_TOKEN}}\n      LOG_LEVEL: debug\n"
        );
        assert_eq!(run(&SECRET_IN_ENVIRONMENT, &map), [4]);
        let list = format!(
            "  a:\n    environment:\n      - STRIPE_API_KEY={value}\n      - DB_PASSWORD_FILE=/run/secrets/db\n"
        );
        assert_eq!(run(&SECRET_IN_ENVIRONMENT, &list), [4]);
    }
}
