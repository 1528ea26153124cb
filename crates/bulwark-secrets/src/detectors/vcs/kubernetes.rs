//! Kubernetes credentials: service account tokens (JWTs whose claims name a service account,
//! as found in kubeconfig `token:` fields and `service-account-token` secrets) and kubeadm
//! bootstrap tokens (`[a-z0-9]{6}.[a-z0-9]{16}` after `--token` or `token:`).

use super::{END, plausible};
use crate::Check;
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use base64::Engine;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A JWT whose payload says it is a Kubernetes service account token (`sub` of
/// `system:serviceaccount:<namespace>:<name>`, or the legacy `kubernetes/serviceaccount` issuer).
/// Other JWTs are not reported by this rule.
pub static KUBERNETES_SERVICE_ACCOUNT_TOKEN: Rule = Rule {
    id: "secrets.kubernetes-service-account-token",
    title: "Kubernetes service account token",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Kubernetes service account token is committed to the repository, typically in \
        a kubeconfig. It authenticates to the cluster's API server with the service account's \
        RBAC permissions; CI and deployment accounts can usually create workloads and read \
        secrets, which amounts to control of the cluster.",
    remediation: "Invalidate the token: delete the service account's token Secret (legacy \
        tokens), or delete and recreate the service account (bound tokens), then review audit \
        logs for its use. Give CI short-lived tokens (`kubectl create token`, OIDC workload \
        identity) instead of a committed kubeconfig.",
    references: &["https://kubernetes.io/docs/concepts/security/service-accounts/"],
};

/// ## What it finds
/// A kubeadm bootstrap token (`abcdef.0123456789abcdef` shape) passed with `--token` (or
/// `--discovery-token`, `--tls-bootstrap-token`) or set as `token:`.
pub static KUBERNETES_BOOTSTRAP_TOKEN: Rule = Rule {
    id: "secrets.kubernetes-bootstrap-token",
    title: "Kubernetes bootstrap token",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A kubeadm bootstrap token is committed to the repository. Until it expires it \
        lets a machine join the cluster as a node, which then runs workloads and receives the \
        secrets mounted into them.",
    remediation: "Delete the token (`kubeadm token delete <id>`), check `kubectl get nodes` for \
        machines you do not know, and create join tokens with a short TTL at provisioning time \
        instead of storing them.",
    references: &["https://kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens/"],
};

/// The payload of a JWT names a Kubernetes service account.
fn service_account_jwt(value: &[u8]) -> Check {
    let Some(payload) = value.split(|&b| b == b'.').nth(1) else {
        return Check::Reject;
    };
    let Ok(claims) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload) else {
        return Check::Reject;
    };
    let has = |needle: &[u8]| claims.windows(needle.len()).any(|w| w == needle);
    if has(b"system:serviceaccount:") || has(b"kubernetes/serviceaccount") {
        Check::Keep
    } else {
        Check::Reject
    }
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    Ok(vec![
        Detector::new(
            &KUBERNETES_SERVICE_ACCOUNT_TOKEN,
            &["eyJ"],
            &format!(
                r"\b(eyJ[A-Za-z0-9_-]{{10,}}\.eyJ[A-Za-z0-9_-]{{20,}}\.[A-Za-z0-9_-]{{20,}}){END}"
            ),
            1,
        )?
        .check(service_account_jwt)
        // Tokens with many claims exceed the default window.
        .window(4096),
        Detector::new(
            &KUBERNETES_BOOTSTRAP_TOKEN,
            &["token"],
            &format!(
                r#"(?i:--(?:[a-z-]+-)?token(?:[ \t]+|=)|token["']?[ \t]*[:=][ \t]*)["']?([a-z0-9]{{6}}\.[a-z0-9]{{16}}){END}"#
            ),
            1,
        )?
        .min_entropy(3.0)
        .check(plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    /// A signed-looking JWT with these claims, built at run time so that this file holds none.
    fn jwt(claims: &str) -> String {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"q8Zp2LmXv4"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims);
        let signature = URL_SAFE_NO_PAD.encode("M9cMeGuPr0bwFqPqYiJh8bpKkxp3IAcF-signature-bytes");
        format!("{header}.{payload}.{signature}")
    }

    const BOUND: &str = r#"{"aud":["https://kubernetes.default.svc"],"exp":1893456000,"iss":"https://kubernetes.default.svc","kubernetes.io":{"namespace":"ci","serviceaccount":{"name":"deployer"}},"sub":"system:serviceaccount:ci:deployer"}"#;

    #[test]
    fn finds_service_account_tokens_in_kubeconfig() {
        let kubeconfig = format!(
            "users:\n- name: deployer\n  user:\n    token: {}\n",
            jwt(BOUND)
        );
        assert_eq!(
            ids(&kubeconfig),
            ["secrets.kubernetes-service-account-token"]
        );
        let legacy = jwt(
            r#"{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"default"}"#,
        );
        assert_eq!(ids(&legacy), ["secrets.kubernetes-service-account-token"]);
    }

    #[test]
    fn finds_service_account_tokens_in_secrets() {
        let secret = format!(
            "kind: Secret\ntype: kubernetes.io/service-account-token\ndata:\n  token: {}\n",
            base64::engine::general_purpose::STANDARD.encode(jwt(BOUND))
        );
        assert_eq!(ids(&secret), ["secrets.kubernetes-service-account-token"]);
    }

    #[test]
    fn ignores_other_jwts() {
        let oidc = jwt(r#"{"iss":"https://login.acme.test","sub":"alice","aud":"web"}"#);
        assert!(ids(&format!("    token: {oidc}")).is_empty());
        assert!(ids(&format!("{}.not-a-jwt", "eyJhbGciOiJIUzI1NiJ9")).is_empty());
    }

    #[test]
    fn finds_bootstrap_tokens() {
        let join = format!(
            "kubeadm join 10.0.0.1:6443 {} d4anej.aox1r3z24i2mpa0f",
            "--token"
        );
        assert_eq!(ids(&join), ["secrets.kubernetes-bootstrap-token"]);
        let config = format!("  - {}: \"d4anej.aox1r3z24i2mpa0f\"", "token");
        assert_eq!(ids(&config), ["secrets.kubernetes-bootstrap-token"]);
        let discovery = format!("{} d4anej.aox1r3z24i2mpa0f", "--discovery-token");
        assert_eq!(ids(&discovery), ["secrets.kubernetes-bootstrap-token"]);
    }

    #[test]
    fn ignores_documentation_and_malformed_bootstrap_tokens() {
        assert!(ids("kubeadm join --token abcdef.0123456789abcdef").is_empty());
        assert!(ids(&format!("{} d4anej.aox1r3z24i2mpa0", "--token")).is_empty());
        assert!(ids(&format!("{} d4anej.aox1r3z24i2mpa0fQ", "--token")).is_empty());
        assert!(ids("version: v1.2.3456789012345678").is_empty());
    }
}
