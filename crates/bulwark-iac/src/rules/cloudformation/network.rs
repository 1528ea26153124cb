//! Network exposure: security group ingress, load balancer listeners, instance metadata.

use super::{Attr, doc, hit, items, lookup, number, property, text};
use crate::model::{Format, Node, Resource, Value};
use crate::rules::terraform::network::{SENSITIVE_PORTS, weak_policy};
use crate::rules::{Context, Hit, IacRule};
use bulwark_core::{Rule, Severity};

pub fn rules() -> Vec<&'static IacRule> {
    vec![
        &OPEN_INGRESS,
        &LB_HTTP_LISTENER,
        &LB_TLS_POLICY,
        &EC2_IMDSV2,
    ]
}

static OPEN_INGRESS_RULE: Rule = doc(
    "iac.cloudformation.security-group-open-ingress",
    "Security group open to the internet on an administrative or database port",
    Severity::Critical,
    &["CWE-284"],
    &["A05:2021"],
    &[
        "pci-dss-4.0.1:1.3.1",
        "pci-dss-4.0.1:1.4.1",
        "soc2:CC6.6",
        "cis-aws-3.0:5.2",
    ],
    "An ingress rule (an item of an `AWS::EC2::SecurityGroup`'s `SecurityGroupIngress`, or an \
     `AWS::EC2::SecurityGroupIngress` resource) allows `CidrIp: 0.0.0.0/0` or `CidrIpv6: ::/0` \
     to SSH (22), RDP (3389), a database port (3306, 5432, 1433, 1521, 27017, 6379, 9200) or all \
     ports (`IpProtocol: -1`). These services are scanned and brute-forced from the whole \
     internet within minutes; PCI DSS 1.3.1 restricts inbound traffic to the cardholder data \
     environment to what is necessary.",
    "Restrict the source to known ranges or to another security group, and use SSM Session \
     Manager instead of opening SSH/RDP:\n\n```yaml\nSecurityGroupIngress:\n  - IpProtocol: tcp\n    \
     FromPort: 5432\n    ToPort: 5432\n    SourceSecurityGroupId: !Ref AppSecurityGroup\n```",
    &["https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"],
);

pub static OPEN_INGRESS: IacRule = IacRule {
    rule: &OPEN_INGRESS_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"],
    check: check_open_ingress,
};

/// What an ingress rule exposes, if it is one we report: `None` when ports are unknown or benign.
fn exposed(rule: &Node) -> Option<String> {
    if let Attr::Known(p) = lookup(rule, &["IpProtocol"]) {
        let protocol = match &p.value {
            Value::String(s) => s.to_ascii_lowercase(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        if protocol == "-1" {
            return Some("all ports".into());
        }
        if ["icmp", "icmpv6", "1", "58"].contains(&protocol.as_str()) {
            return None;
        }
    }
    let port = |key| match lookup(rule, &[key]) {
        Attr::Known(n) => number(n),
        _ => None,
    };
    let (from, to) = (port("FromPort")?, port("ToPort")?);
    if from <= 0.0 && to >= 65535.0 {
        return Some("all ports".into());
    }
    let names: Vec<String> = SENSITIVE_PORTS
        .iter()
        .filter(|(p, _)| f64::from(*p) >= from && f64::from(*p) <= to)
        .map(|(p, name)| format!("{name} ({p})"))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn check_open_ingress(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let rules: Vec<&Node> = if resource.kind == "AWS::EC2::SecurityGroup" {
        items(property(resource, &["SecurityGroupIngress"])).unwrap_or_default()
    } else {
        resource.body.get("Properties").into_iter().collect()
    };
    let mut out = Vec::new();
    for rule in rules {
        let open = ["CidrIp", "CidrIpv6"].iter().find_map(|key| {
            text(lookup(rule, &[key])).filter(|(cidr, _)| matches!(*cidr, "0.0.0.0/0" | "::/0"))
        });
        let Some((cidr, node)) = open else {
            continue;
        };
        if let Some(what) = exposed(rule) {
            out.extend(hit(
                node.span,
                format!("{}: {what} open to {cidr}", resource.address),
            ));
        }
    }
    out
}

static LB_HTTP_LISTENER_RULE: Rule = doc(
    "iac.cloudformation.lb-http-listener",
    "Load balancer listener serves plain HTTP",
    Severity::High,
    &["CWE-319"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An `AWS::ElasticLoadBalancingV2::Listener` uses `Protocol: HTTP` and none of its \
     `DefaultActions` is a `redirect` whose `RedirectConfig.Protocol` is `HTTPS` (a redirect \
     without it keeps `#{protocol}`, i.e. HTTP), or a classic \
     `AWS::ElasticLoadBalancing::LoadBalancer` has a listener with `Protocol: HTTP`. Traffic — \
     session cookies, credentials, account data — crosses the network in clear; PCI DSS 4.2.1 \
     requires strong cryptography for data in transit over open networks.",
    "Serve HTTPS (`Protocol: HTTPS`, `Certificates`, a TLS 1.2+ `SslPolicy`), and make the port \
     80 listener only redirect:\n\n```yaml\nDefaultActions:\n  - Type: redirect\n    \
     RedirectConfig:\n      Protocol: HTTPS\n      Port: '443'\n      StatusCode: HTTP_301\n```",
    &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html",
    ],
);

pub static LB_HTTP_LISTENER: IacRule = IacRule {
    rule: &LB_HTTP_LISTENER_RULE,
    format: Format::CloudFormation,
    kinds: &[
        "AWS::ElasticLoadBalancingV2::Listener",
        "AWS::ElasticLoadBalancing::LoadBalancer",
    ],
    check: check_http_listener,
};

fn check_http_listener(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let is_http = |n: &Node| n.as_str().is_some_and(|s| s.eq_ignore_ascii_case("http"));
    if resource.kind == "AWS::ElasticLoadBalancing::LoadBalancer" {
        return items(property(resource, &["Listeners"]))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|l| match lookup(l, &["Protocol"]) {
                Attr::Known(p) if is_http(p) => Some(p),
                _ => None,
            })
            .flat_map(|p| {
                hit(
                    p.span,
                    format!("{}: classic ELB listener on plain HTTP", resource.address),
                )
            })
            .collect();
    }
    let Attr::Known(protocol) = property(resource, &["Protocol"]) else {
        return Vec::new();
    };
    if !is_http(protocol) {
        return Vec::new();
    }
    let Some(actions) = items(property(resource, &["DefaultActions"])) else {
        return Vec::new();
    };
    let redirects = actions.iter().any(|a| {
        matches!(text(lookup(a, &["Type"])), Some(("redirect", _)))
            && match lookup(a, &["RedirectConfig", "Protocol"]) {
                Attr::Known(p) => p.as_str() == Some("HTTPS"),
                Attr::Unknown => true,
                Attr::Missing => false,
            }
    });
    let unknown = actions
        .iter()
        .any(|a| matches!(lookup(a, &["Type"]), Attr::Unknown));
    if redirects || unknown {
        return Vec::new();
    }
    hit(
        protocol.span,
        format!(
            "{}: HTTP listener does not redirect to HTTPS",
            resource.address
        ),
    )
}

static LB_TLS_POLICY_RULE: Rule = doc(
    "iac.cloudformation.lb-tls-policy",
    "Load balancer TLS policy allows TLS older than 1.2",
    Severity::High,
    &["CWE-326"],
    &["A02:2021"],
    &["pci-dss-4.0.1:4.2.1", "soc2:CC6.7"],
    "An HTTPS/TLS `AWS::ElasticLoadBalancingV2::Listener` names an `SslPolicy` that still \
     negotiates TLS 1.0 or 1.1 (`ELBSecurityPolicy-2016-08`, `ELBSecurityPolicy-TLS-1-0-2015-04`, \
     `ELBSecurityPolicy-TLS-1-1-2017-01`, `ELBSecurityPolicy-FS-1-1-2019-08`, \
     `ELBSecurityPolicy-TLS13-1-0-2021-06`, …). Those protocol versions are deprecated and PCI \
     DSS does not accept them as strong cryptography.",
    "Use a TLS 1.2+ policy:\n\n```yaml\nProtocol: HTTPS\nSslPolicy: \
     ELBSecurityPolicy-TLS13-1-2-2021-06\n```",
    &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
    ],
);

pub static LB_TLS_POLICY: IacRule = IacRule {
    rule: &LB_TLS_POLICY_RULE,
    format: Format::CloudFormation,
    kinds: &["AWS::ElasticLoadBalancingV2::Listener"],
    check: |_, r| match text(property(r, &["SslPolicy"])) {
        Some((policy, node)) if weak_policy(policy) => hit(
            node.span,
            format!("{}: `{policy}` allows TLS 1.0/1.1", r.address),
        ),
        _ => Vec::new(),
    },
};

static EC2_IMDSV2_RULE: Rule = doc(
    "iac.cloudformation.ec2-imdsv2",
    "EC2 instance metadata service does not require IMDSv2",
    Severity::High,
    &["CWE-918"],
    &["A10:2021"],
    &["pci-dss-4.0.1:2.2.1", "soc2:CC6.1"],
    "An `AWS::EC2::Instance`, an `AWS::EC2::LaunchTemplate` (`LaunchTemplateData`) or an \
     `AWS::AutoScaling::LaunchConfiguration` does not set `MetadataOptions.HttpTokens: \
     required`, so IMDSv1 stays available. Any server-side request forgery in an application on \
     the host can then read the instance role's temporary credentials from `169.254.169.254` \
     with a plain GET — the path of several well-known bank breaches. (An instance launched from \
     a `LaunchTemplate` takes its metadata options from the template.)",
    "```yaml\nMetadataOptions:\n  HttpEndpoint: enabled\n  HttpTokens: required\n  \
     HttpPutResponseHopLimit: 1\n```",
    &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
    ],
);

pub static EC2_IMDSV2: IacRule = IacRule {
    rule: &EC2_IMDSV2_RULE,
    format: Format::CloudFormation,
    kinds: &[
        "AWS::EC2::Instance",
        "AWS::EC2::LaunchTemplate",
        "AWS::AutoScaling::LaunchConfiguration",
    ],
    check: check_imdsv2,
};

fn check_imdsv2(_: &Context<'_>, resource: &Resource) -> Vec<Hit> {
    let options: &[&str] = if resource.kind == "AWS::EC2::LaunchTemplate" {
        &["LaunchTemplateData", "MetadataOptions"]
    } else {
        &["MetadataOptions"]
    };
    let at = |key: &'static str| {
        let mut path = options.to_vec();
        path.push(key);
        path
    };
    if let Some(("disabled", _)) = text(property(resource, &at("HttpEndpoint"))) {
        return Vec::new();
    }
    match property(resource, &at("HttpTokens")) {
        Attr::Missing => {
            let from_template = resource.kind == "AWS::EC2::Instance"
                && !matches!(property(resource, &["LaunchTemplate"]), Attr::Missing)
                && matches!(property(resource, options), Attr::Missing);
            if from_template {
                return Vec::new();
            }
            hit(
                resource.span,
                format!(
                    "{}: `{}.HttpTokens` is not set to required (IMDSv1 allowed)",
                    resource.address,
                    options.join(".")
                ),
            )
        }
        Attr::Known(node) if node.as_str() != Some("required") => hit(
            node.span,
            format!(
                "{}: IMDSv1 allowed (`HttpTokens` is not required)",
                resource.address
            ),
        ),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cloudformation::testing::{run, template};

    #[test]
    fn open_ingress() {
        let sg = template(
            "  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      \
             SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 443\n          \
             ToPort: 443\n          CidrIp: 0.0.0.0/0\n        - IpProtocol: tcp\n          \
             FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n",
        );
        assert_eq!(run(&OPEN_INGRESS, &sg), (1, Some(15)));
        let all = template(
            "  In:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !Ref Sg\n      \
             IpProtocol: '-1'\n      CidrIpv6: ::/0\n",
        );
        assert_eq!(run(&OPEN_INGRESS, &all), (1, Some(8)));
        let ok = template(
            "  In:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      IpProtocol: tcp\n      \
             FromPort: 22\n      ToPort: 22\n      CidrIp: 10.0.0.0/8\n  \
             Unknown:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      IpProtocol: tcp\n      \
             FromPort: !Ref Port\n      ToPort: !Ref Port\n      CidrIp: 0.0.0.0/0\n",
        );
        assert_eq!(run(&OPEN_INGRESS, &ok), (0, None));
    }

    #[test]
    fn listeners() {
        let http = template(
            "  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      Port: 80\n      \
             Protocol: HTTP\n      DefaultActions:\n        - Type: forward\n          \
             TargetGroupArn: !Ref Tg\n",
        );
        assert_eq!(run(&LB_HTTP_LISTENER, &http), (1, Some(7)));
        let redirect = template(
            "  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      \
             Protocol: HTTP\n      DefaultActions:\n        - Type: redirect\n          \
             RedirectConfig:\n            Protocol: HTTPS\n            Port: '443'\n            \
             StatusCode: HTTP_301\n",
        );
        assert_eq!(run(&LB_HTTP_LISTENER, &redirect), (0, None));
        let same_protocol = redirect.replace("Protocol: HTTPS\n", "Host: example.com\n");
        assert_eq!(run(&LB_HTTP_LISTENER, &same_protocol), (1, Some(6)));
        let classic = template(
            "  Elb:\n    Type: AWS::ElasticLoadBalancing::LoadBalancer\n    Properties:\n      \
             Listeners:\n        - LoadBalancerPort: '80'\n          InstancePort: '80'\n          \
             Protocol: HTTP\n",
        );
        assert_eq!(run(&LB_HTTP_LISTENER, &classic), (1, Some(9)));
    }

    #[test]
    fn tls_policy() {
        let weak = template(
            "  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      \
             Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-TLS-1-1-2017-01\n",
        );
        assert_eq!(run(&LB_TLS_POLICY, &weak), (1, Some(7)));
        let strong = weak.replace("TLS-1-1-2017-01", "TLS13-1-2-2021-06");
        assert_eq!(run(&LB_TLS_POLICY, &strong), (0, None));
        assert_eq!(run(&LB_HTTP_LISTENER, &strong), (0, None));
    }

    #[test]
    fn imdsv2() {
        let bare =
            template("  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n");
        assert_eq!(run(&EC2_IMDSV2, &bare), (1, Some(4)));
        let optional = template(
            "  Lt:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        \
             MetadataOptions:\n          HttpTokens: optional\n",
        );
        assert_eq!(run(&EC2_IMDSV2, &optional), (1, Some(8)));
        let ok = optional.replace("optional", "required");
        assert_eq!(run(&EC2_IMDSV2, &ok), (0, None));
        let from_template = template(
            "  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      LaunchTemplate:\n        \
             LaunchTemplateId: !Ref Lt\n        Version: !GetAtt Lt.LatestVersionNumber\n",
        );
        assert_eq!(run(&EC2_IMDSV2, &from_template), (0, None));
    }
}
