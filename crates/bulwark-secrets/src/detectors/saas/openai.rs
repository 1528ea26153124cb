//! OpenAI API keys: project, service-account, admin and legacy user keys.

use super::{END, any_of, generated};
use crate::Detector;
use crate::detectors::CREDENTIAL_CONTROLS;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// An OpenAI project API key (`sk-proj-…`).
pub static OPENAI_PROJECT_API_KEY: Rule = Rule {
    id: "secrets.openai-project-api-key",
    title: "OpenAI project API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An OpenAI project API key is committed to the repository. It runs requests \
        billed to the organisation and, with its permissions, reads the project's files, \
        assistants, vector stores, batches and fine-tuning data, which may contain internal or \
        customer documents.",
    remediation: "Revoke the key on the OpenAI platform (Settings → Project → API keys → Revoke), \
        check usage for requests you did not make, and load a new key from a secrets manager.",
    references: &["https://platform.openai.com/docs/api-reference/authentication"],
};

/// ## What it finds
/// An OpenAI service-account key (`sk-svcacct-…`).
pub static OPENAI_SERVICE_ACCOUNT_KEY: Rule = Rule {
    id: "secrets.openai-service-account-key",
    title: "OpenAI service account key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An OpenAI service-account key is committed to the repository. It is not tied to \
        a person, so it survives staff changes: it runs billed requests and reads the project's \
        stored files and data with the service account's permissions.",
    remediation: "Delete the service account's key on the OpenAI platform (Settings → Project → \
        Service accounts), review usage, and inject a new key from a secrets manager.",
    references: &["https://platform.openai.com/docs/api-reference/authentication"],
};

/// ## What it finds
/// An OpenAI organization admin key (`sk-admin-…`).
pub static OPENAI_ADMIN_KEY: Rule = Rule {
    id: "secrets.openai-admin-key",
    title: "OpenAI admin key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An OpenAI admin key is committed to the repository. It administers the \
        organisation through the Admin API: it invites and removes users, creates projects and \
        service accounts, issues new API keys and reads audit logs.",
    remediation: "Delete the admin key on the OpenAI platform (Settings → Organization → Admin \
        keys), review the audit log for users, projects and keys created with it, and keep admin \
        keys in a secrets manager reachable only by provisioning jobs.",
    references: &["https://platform.openai.com/docs/api-reference/admin-api-keys"],
};

/// ## What it finds
/// A legacy OpenAI user API key: `sk-`, then characters around the `T3BlbkFJ` marker that every
/// OpenAI secret key carries.
pub static OPENAI_API_KEY: Rule = Rule {
    id: "secrets.openai-api-key",
    title: "OpenAI API key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An OpenAI user API key is committed to the repository. It has its user's access \
        to every project of the organisation: requests billed to the organisation and the files, \
        assistants and fine-tuning data stored there.",
    remediation: "Revoke the key on the OpenAI platform (API keys → Revoke), check usage, and \
        replace it with a project key loaded from a secrets manager.",
    references: &["https://platform.openai.com/docs/api-reference/authentication"],
};

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let prefixed = |prefix: &str| format!(r"\b({prefix}[A-Za-z0-9_-]{{40,250}}){END}");
    Ok(vec![
        Detector::new(
            &OPENAI_PROJECT_API_KEY,
            &["sk-proj-"],
            &any_of(&[&prefixed("sk-proj-")]),
            1,
        )?
        .min_entropy(4.0)
        .check(generated),
        Detector::new(
            &OPENAI_SERVICE_ACCOUNT_KEY,
            &["sk-svcacct-"],
            &any_of(&[&prefixed("sk-svcacct-")]),
            1,
        )?
        .min_entropy(4.0)
        .check(generated),
        Detector::new(
            &OPENAI_ADMIN_KEY,
            &["sk-admin-"],
            &any_of(&[&prefixed("sk-admin-")]),
            1,
        )?
        .min_entropy(4.0)
        .check(generated),
        Detector::new(
            &OPENAI_API_KEY,
            &["T3BlbkFJ"],
            // Alphanumerics only after `sk-`: the prefixed kinds above contain `-` and are left
            // to their own rules.
            &any_of(&[r"\b(sk-(?:None-)?[A-Za-z0-9]{16,80}T3BlbkFJ[A-Za-z0-9]{16,80})\b"]),
            1,
        )?
        .min_entropy(4.0)
        .check(generated),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::saas::testing::found;

    fn ids(text: &str) -> Vec<String> {
        found(detectors, text)
    }

    const BODY: &str = concat!(
        "EoCEcpzELQ28msOf8S05sUwK_NOz7fxMwLmqxgIyIBimrRUV70amkarjm9XVq4wBdwXMrkKQMZ",
        "T3BlbkFJ",
        "AhWxDGWcjRf-JU-XfrC_uwsExTNNB0PxBGIg1cOW_CDprDh6Nrr4Gy3V1Ja6aOApBQJazEmZ_0"
    );

    #[test]
    fn finds_project_keys() {
        let key = format!("{}{BODY}", concat!("sk-", "proj-"));
        assert_eq!(
            ids(&format!("OPENAI_API_KEY={key}")),
            ["secrets.openai-project-api-key"]
        );
    }

    #[test]
    fn finds_service_account_and_admin_keys() {
        let service = format!("{}{BODY}", concat!("sk-", "svcacct-"));
        assert_eq!(ids(&service), ["secrets.openai-service-account-key"]);
        let admin = format!("{}{BODY}", concat!("sk-", "admin-"));
        assert_eq!(
            ids(&format!("Authorization: Bearer {admin}")),
            ["secrets.openai-admin-key"]
        );
    }

    #[test]
    fn finds_legacy_keys() {
        let key = concat!(
            "sk-",
            "rCVZVC2yQc0RBjyjmtIT",
            "T3BlbkFJ",
            "sLEpqTbtd9Q0wOmvnYws"
        );
        assert_eq!(
            ids(&format!("openai.api_key = \"{key}\"")),
            ["secrets.openai-api-key"]
        );
    }

    #[test]
    fn ignores_placeholders_and_short_keys() {
        assert!(ids(concat!("sk-", "proj-", "abc123")).is_empty());
        assert!(
            ids(concat!(
                "sk-",
                "proj-",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!(
                "sk-",
                "proj-",
                "YOUR_OPENAI_API_KEY_GOES_HERE_PLEASE_REPLACE_IT"
            ))
            .is_empty()
        );
        assert!(
            ids(concat!("sk-", "rCVZVC2yQc0RBjyjmtITsLEpqTbtd9Q0wOmvnYws")).is_empty(),
            "no marker"
        );
        assert!(
            ids(concat!(
                "task-",
                "admin-",
                "rCVZVC2yQc0RBjyjmtITsLEpqTbtd9Q0wOmvnYws"
            ))
            .is_empty()
        );
    }
}
