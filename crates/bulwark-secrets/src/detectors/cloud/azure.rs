//! Microsoft Azure credentials.

use crate::detectors::CREDENTIAL_CONTROLS;
use crate::{Check, Detector};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bulwark_core::{Rule, Scanner, Severity};

/// ## What it finds
/// A storage account key (88 base64 characters, 64 bytes) in a connection string
/// (`AccountName=…;AccountKey=…`), a storage-key variable, `ARM_ACCESS_KEY` or `--account-key`.
/// The public Azurite emulator key is not reported.
pub static AZURE_STORAGE_ACCOUNT_KEY: Rule = Rule {
    id: "secrets.azure-storage-account-key",
    title: "Azure storage account key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Azure storage account key is committed to the repository. It is the account's \
        root credential: it reads, overwrites and deletes every blob, file share, queue and table, \
        and signs SAS tokens for anyone else.",
    remediation: "Rotate the key (storage account → Security + networking → Access keys → Rotate \
        key, or `az storage account keys renew --key key1`), which also invalidates SAS tokens it \
        signed; review the storage logs. Prefer Microsoft Entra ID authorisation with managed \
        identities, disallow shared-key access, and keep any remaining key in Key Vault.",
    references: &[
        "https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage",
    ],
};

/// ## What it finds
/// A shared access signature: `sig=` with a 32-byte HMAC next to `sv=` (storage SAS URLs and
/// tokens) or after `SharedAccessSignature` (Service Bus, Event Hubs, IoT Hub).
pub static AZURE_SAS_TOKEN: Rule = Rule {
    id: "secrets.azure-sas-token",
    title: "Azure shared access signature",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A signed Azure SAS token is committed to the repository. Until it expires it \
        grants the permissions in its `sp=` field (often read, write, delete and list) on the \
        storage account, container or messaging entity it was issued for, to anyone holding it.",
    remediation: "Revoke it: rotate the account or policy key that signed it, delete or change the \
        stored access policy it references, or for a user delegation SAS run `az storage account \
        revoke-delegation-keys`. Issue short-lived user delegation SAS tokens at run time instead \
        of committing long-lived ones.",
    references: &["https://learn.microsoft.com/en-us/azure/storage/common/storage-sas-overview"],
};

/// ## What it finds
/// A Microsoft Entra ID (Azure AD) application client secret in the current format: three
/// characters, a digit, `Q~`, then 31 to 34 characters.
pub static AZURE_ENTRA_CLIENT_SECRET: Rule = Rule {
    id: "secrets.azure-entra-client-secret",
    title: "Microsoft Entra ID client secret",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Microsoft Entra ID application client secret is committed to the repository. \
        With the tenant and client ids it signs in as the service principal, with every Azure RBAC \
        role and Microsoft Graph permission granted to the app — frequently subscription \
        contributor or directory-wide read.",
    remediation: "Delete the secret (Entra admin center → App registrations → the app → \
        Certificates & secrets, or `az ad app credential delete --id APP_ID --key-id KEY_ID`) and \
        review the service principal sign-in logs. Replace client secrets with managed identities \
        or workload identity federation; otherwise keep them in Key Vault.",
    references: &[
        "https://learn.microsoft.com/en-us/entra/identity-platform/quickstart-register-app",
    ],
};

/// ## What it finds
/// A Service Bus or Event Hubs connection string (`Endpoint=sb://….servicebus.windows.net/;…;
/// SharedAccessKey=…`) with its 256-bit key.
pub static AZURE_SERVICE_BUS_KEY: Rule = Rule {
    id: "secrets.azure-service-bus-shared-access-key",
    title: "Azure Service Bus / Event Hubs shared access key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "A Service Bus or Event Hubs connection string with its shared access key is \
        committed to the repository. Depending on the policy's claims it lets an attacker read the \
        messages or events flowing through the namespace, inject forged ones, or (with \
        `RootManageSharedAccessKey`) manage every entity.",
    remediation: "Regenerate the key (namespace → Settings → Shared access policies → the policy → \
        Regenerate primary/secondary key, or `az servicebus namespace authorization-rule keys \
        renew`; `az eventhubs …` for Event Hubs). Use managed identities with Entra ID RBAC, or \
        least-privilege policies stored in Key Vault.",
    references: &["https://learn.microsoft.com/en-us/azure/service-bus-messaging/service-bus-sas"],
};

/// ## What it finds
/// An IoT Hub connection string (`HostName=….azure-devices.net;…;SharedAccessKey=…`), for the
/// hub's policies or a single device.
pub static AZURE_IOT_HUB_KEY: Rule = Rule {
    id: "secrets.azure-iot-hub-shared-access-key",
    title: "Azure IoT Hub shared access key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Azure IoT Hub connection string with its shared access key is committed to \
        the repository. A hub policy key lets an attacker register devices, read telemetry and \
        send commands to devices; a device key lets them impersonate that device.",
    remediation: "Regenerate the key (IoT hub → Security settings → Shared access policies, or the \
        device's keys under Devices), or `az iot hub policy renew-key`; update legitimate clients. \
        Prefer X.509 device authentication and Entra ID for service access.",
    references: &[],
};

/// ## What it finds
/// A Cosmos DB account key (88 base64 characters) in an `AccountEndpoint=https://…documents.
/// azure.com…;AccountKey=…` connection string or a Cosmos key variable. The public emulator key
/// is not reported.
pub static AZURE_COSMOS_DB_KEY: Rule = Rule {
    id: "secrets.azure-cosmos-db-key",
    title: "Azure Cosmos DB account key",
    scanner: Scanner::Secrets,
    severity: Severity::Critical,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Azure Cosmos DB account key is committed to the repository. A primary key \
        gives full read and write access to every database, container and document of the account, \
        including deleting them.",
    remediation: "Regenerate the key (Cosmos DB account → Settings → Keys → Regenerate, or `az \
        cosmosdb keys regenerate --key-kind primary`) after moving clients to the secondary key, \
        and review diagnostic logs. Prefer Entra ID data-plane RBAC with managed identities and \
        disable key-based auth where possible.",
    references: &[],
};

/// ## What it finds
/// An 84-character Azure AI services (Cognitive Services, Azure OpenAI, Speech…) key carrying
/// the `ACOG` signature.
pub static AZURE_AI_SERVICES_KEY: Rule = Rule {
    id: "secrets.azure-ai-services-key",
    title: "Azure AI services key",
    scanner: Scanner::Secrets,
    severity: Severity::High,
    cwe: &["CWE-798"],
    owasp: &["A07:2021"],
    controls: CREDENTIAL_CONTROLS,
    description: "An Azure AI services (Cognitive Services / Azure OpenAI) resource key is \
        committed to the repository. It lets anyone call the resource's models on your bill, and \
        read data stored in the resource such as fine-tuning files or custom models.",
    remediation: "Regenerate the key (the resource → Resource Management → Keys and Endpoint → \
        Regenerate Key, or `az cognitiveservices account keys regenerate`) and check the \
        resource's usage metrics. Prefer Entra ID authentication with managed identities and keep \
        any key in Key Vault.",
    references: &["https://learn.microsoft.com/en-us/azure/ai-services/authentication"],
};

/// Azurite's and the Cosmos DB emulator's published account keys: not secrets.
const EMULATOR_KEYS: [&str; 2] = [
    concat!(
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6",
        "IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
    ),
    concat!(
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2n",
        "Q9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
    ),
];

/// Whether `value` is canonical base64 of exactly `bytes` bytes.
fn decodes_to(value: &[u8], bytes: usize) -> bool {
    STANDARD
        .decode(value)
        .is_ok_and(|decoded| decoded.len() == bytes)
}

/// Storage and Cosmos DB account keys: 64 bytes, not an emulator's published key.
fn account_key(value: &[u8]) -> Check {
    if EMULATOR_KEYS.iter().any(|key| key.as_bytes() == value) || !decodes_to(value, 64) {
        Check::Reject
    } else {
        Check::Keep
    }
}

/// Shared access keys: 256 bits.
fn shared_access_key(value: &[u8]) -> Check {
    if decodes_to(value, 32) {
        Check::Keep
    } else {
        Check::Reject
    }
}

/// SAS signatures: a percent-encoded base64 HMAC-SHA256 (32 bytes).
fn sas_signature(value: &[u8]) -> Check {
    let decoded: Vec<u8> = percent_encoding::percent_decode(value).collect();
    shared_access_key(&decoded)
}

/// The 88-character base64 form of a 64-byte account key.
const ACCOUNT_KEY: &str = r"([A-Za-z0-9+/]{86}==)";
/// An assignment between a name and its value: `=`, `:`, `=>`, `:=`, with optional quotes.
const ASSIGN: &str = r#"["']?\s*(?::|=>|:=|=)\s*["']?"#;
/// A CASK-format (84-character, `JQQJ9` marker) Azure key carrying `signature`.
macro_rules! cask {
    ($signature:literal) => {
        concat!(
            "[A-Za-z0-9]{52}JQQJ9[0-9A-Za-z][A-Za-z0-9]{18}",
            $signature,
            "[A-Za-z0-9]{4}"
        )
    };
}

pub(crate) fn detectors() -> Result<Vec<Detector>, String> {
    let storage = format!(
        r#"(?:(?:AccountName|DefaultEndpointsProtocol)=[^;\s"'<>]*;(?:[^;\s"'<>]*;){{0,6}}?AccountKey={ACCOUNT_KEY}|(?i:(?:storage[\w.-]{{0,25}}?key\d?|arm[_.-]access[_.-]key)){ASSIGN}{ACCOUNT_KEY}|--account-key(?:\s+|=)["']?{ACCOUNT_KEY})(?:[^A-Za-z0-9+/=]|$)"#
    );
    let cosmos = format!(
        r#"(?:AccountEndpoint=https://[A-Za-z0-9-]+\.documents\.azure\.(?:com|us|cn)(?::\d+)?/?;(?:[^;\s"'<>]*;){{0,4}}?AccountKey={ACCOUNT_KEY}|(?i:cosmos[\w.-]{{0,25}}?key\d?){ASSIGN}{ACCOUNT_KEY})(?:[^A-Za-z0-9+/=]|$)"#
    );
    const SIG: &str = r"([A-Za-z0-9%+/=]{43,90})";
    const PARAM: &str = r#"[A-Za-z]{2,6}=[^&\s"'<>]*&"#;
    let sas = format!(
        r#"(?:\bsv=\d{{4}}-\d{{2}}-\d{{2}}&(?:{PARAM}){{0,12}}?sig={SIG}|\bsig={SIG}&(?:{PARAM}){{0,12}}?sv=\d{{4}}-\d{{2}}-\d{{2}}|SharedAccessSignature\s+(?:{PARAM}){{0,6}}?sig={SIG})(?:[^A-Za-z0-9%+/=]|$)"#
    );
    Ok(vec![
        super::ascii_detector(
            &AZURE_STORAGE_ACCOUNT_KEY,
            &["AccountKey", "storage", "arm_access_key", "--account-key"],
            &storage,
            1,
        )?
        .alternative_group(2)
        .alternative_group(3)
        .check(account_key),
        super::ascii_detector(&AZURE_SAS_TOKEN, &["sig="], &sas, 1)?
            .alternative_group(2)
            .alternative_group(3)
            .check(sas_signature),
        super::ascii_detector(
            &AZURE_ENTRA_CLIENT_SECRET,
            &["Q~"],
            r"(?m)(?:^|[^0-9A-Za-z_~.-])([0-9A-Za-z_~.-]{3}[0-9]Q~[0-9A-Za-z_~.-]{31,34})(?:[^0-9A-Za-z_~.-]|$)",
            1,
        )?
        .min_entropy(3.8)
        .check(super::mixed_case),
        super::ascii_detector(
            &AZURE_SERVICE_BUS_KEY,
            &["servicebus.", "SharedAccessKey="],
            r#"(?i:endpoint)=sb://[A-Za-z0-9-]+\.servicebus\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de)/?;(?:[^;\s"'<>]*;){0,4}?SharedAccessKey=([A-Za-z0-9+/]{43}=)(?:[^A-Za-z0-9+/=]|$)"#,
            1,
        )?
        .check(shared_access_key),
        super::ascii_detector(
            &AZURE_IOT_HUB_KEY,
            &["azure-devices.", "SharedAccessKey="],
            r#"(?i:hostname)=[A-Za-z0-9-]+\.azure-devices\.(?:net|cn|us|de)/?;(?:[^;\s"'<>]*;){0,4}?SharedAccessKey=([A-Za-z0-9+/]{43}=)(?:[^A-Za-z0-9+/=]|$)"#,
            1,
        )?
        .check(shared_access_key),
        super::ascii_detector(
            &AZURE_COSMOS_DB_KEY,
            &["documents.azure.", "cosmos"],
            &cosmos,
            1,
        )?
        .alternative_group(2)
        .check(account_key),
        super::ascii_detector(
            &AZURE_AI_SERVICES_KEY,
            &["JQQJ9"],
            concat!(
                "(?m)(?:^|[^A-Za-z0-9])(",
                cask!("ACOG"),
                ")(?:[^A-Za-z0-9]|$)"
            ),
            1,
        )?
        .min_entropy(4.0)
        .check(super::plausible),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing::rule_ids;

    fn ids(text: &str) -> Vec<String> {
        rule_ids(detectors().expect("compiles"), text)
    }

    /// Percent-encoded text is also scanned decoded, which reports a SAS a second time.
    fn distinct(mut ids: Vec<String>) -> Vec<String> {
        ids.dedup();
        ids
    }

    const STORAGE_KEY: &str = concat!(
        "GUFX8dSvkJiChc96mvfJPVVSJmr+cOeq5tpHYnwuWa8uo3q8",
        "hGcK08TTa8CKrR//jrhAbi+Kf8TM5N2fC0EQ2Q=="
    );

    #[test]
    fn finds_storage_account_keys() {
        let connection = format!(
            "DefaultEndpointsProtocol=https;AccountName=payprod;AccountKey={STORAGE_KEY};\
             EndpointSuffix=core.windows.net"
        );
        assert_eq!(ids(&connection), ["secrets.azure-storage-account-key"]);
        for line in [
            format!("AZURE_STORAGE_KEY={STORAGE_KEY}"),
            format!("  \"storageAccountKey\": \"{STORAGE_KEY}\","),
            format!("export ARM_ACCESS_KEY='{STORAGE_KEY}'"),
            format!("az storage blob list --account-name payprod --account-key {STORAGE_KEY}"),
        ] {
            assert_eq!(ids(&line), ["secrets.azure-storage-account-key"], "{line}");
        }
    }

    #[test]
    fn ignores_emulator_non_canonical_and_unnamed_storage_keys() {
        let azurite = format!(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={};",
            EMULATOR_KEYS[0]
        );
        assert!(ids(&azurite).is_empty());
        // Not the base64 encoding of 64 bytes (non-zero padding bits).
        let bad = STORAGE_KEY.replace("Q==", "R==");
        assert!(ids(&format!("AccountName=a;AccountKey={bad}")).is_empty());
        assert!(ids(&format!("hash = \"{STORAGE_KEY}\"")).is_empty());
        assert!(ids("AccountName=a;AccountKey=<storage-key>;").is_empty());
        let longer = format!("AccountName=a;AccountKey=QQ{STORAGE_KEY}");
        assert!(ids(&longer).is_empty());
    }

    const SIG: &str = concat!("lSJp%2FWafY3bucYeXN%2F1fcvjVHErJG20M", "SNQaHl7J5qA%3D");

    #[test]
    fn finds_sas_tokens() {
        let url = format!(
            "https://payprod.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&\
             sp=rwdlac&se=2026-01-01T00:00:00Z&spr=https&{}={SIG}",
            "sig"
        );
        assert_eq!(distinct(ids(&url)), ["secrets.azure-sas-token"]);
        let reordered = format!("?{}={SIG}&se=2026-01-01&sp=r&sv=2021-08-06&sr=b", "sig");
        assert_eq!(distinct(ids(&reordered)), ["secrets.azure-sas-token"]);
        let bus = format!(
            "SharedAccessSignature sr=https%3A%2F%2Fpay.servicebus.windows.net%2Fq&{}={SIG}&\
             se=1767225600&skn=send",
            "sig"
        );
        assert_eq!(distinct(ids(&bus)), ["secrets.azure-sas-token"]);
    }

    #[test]
    fn ignores_unsigned_or_malformed_sas() {
        let no_version = format!("https://cdn.example.net/a.png?{}={SIG}&exp=1", "sig");
        assert!(ids(&no_version).is_empty());
        let short = "?sv=2022-11-02&sp=r&sig=abc123";
        assert!(ids(short).is_empty());
        // 44 characters that do not decode to 32 bytes.
        let bad = "?sv=2022-11-02&sp=r&sig=lSJp%2FWafY3bucYeXN%2F1fcvjVHErJG20MSNQaHl7J5q%3D";
        assert!(ids(bad).is_empty());
        assert!(ids("?sv=2022-11-02&sp=r&sig=${SAS_SIGNATURE}").is_empty());
    }

    const ENTRA: &str = concat!("ET98", "Q~", "7XG3.q.xbMtEPO6Uk-zYuF0ie9Pu2njHkA");

    #[test]
    fn finds_entra_client_secrets() {
        assert_eq!(
            ids(&format!("AZURE_CLIENT_SECRET={ENTRA}")),
            ["secrets.azure-entra-client-secret"]
        );
        assert_eq!(
            ids(&format!("\"clientSecret\": \"{ENTRA}\"")),
            ["secrets.azure-entra-client-secret"]
        );
    }

    #[test]
    fn ignores_malformed_entra_secrets() {
        // No digit before `Q~`, too short, too long, embedded in a longer token.
        assert!(ids(&ENTRA.replacen('8', "x", 1)).is_empty());
        assert!(ids(concat!("ET98", "Q~", "7XG3.q.xbMtEPO6Uk")).is_empty());
        assert!(ids(&format!("{ENTRA}abcd")).is_empty());
        assert!(ids(&format!("abc{ENTRA}")).is_empty());
        assert!(ids(concat!("abc8", "Q~", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).is_empty());
    }

    const BUS_KEY: &str = concat!("OShUqGFe7xCfwb+p4lY3ASiPK", "bPXP2rCtp7dLBnyZL4=");

    #[test]
    fn finds_service_bus_and_event_hubs_keys() {
        let connection = format!(
            "Endpoint=sb://payments.servicebus.windows.net/;SharedAccessKeyName=\
             RootManageSharedAccessKey;{}={BUS_KEY}",
            "SharedAccessKey"
        );
        assert_eq!(
            ids(&connection),
            ["secrets.azure-service-bus-shared-access-key"]
        );
        let hub = format!(
            "Endpoint=sb://ev.servicebus.windows.net/;SharedAccessKeyName=send;{}={BUS_KEY};\
             EntityPath=ledger",
            "SharedAccessKey"
        );
        assert_eq!(ids(&hub).len(), 1);
    }

    #[test]
    fn ignores_bus_keys_without_endpoint_or_wrong_size() {
        assert!(ids(&format!("{}={BUS_KEY}", "SharedAccessKey")).is_empty());
        let short = "Endpoint=sb://p.servicebus.windows.net/;SharedAccessKeyName=a;\
                     SharedAccessKey=OShUqGFe7xCfwb+p4lY3=";
        assert!(ids(short).is_empty());
    }

    const IOT_KEY: &str = concat!("5GKluvIP0n7PFMAR7SAfg2Mgr", "bmLqxaGoo2YASEMdzY=");

    #[test]
    fn finds_iot_hub_keys() {
        let device = format!(
            "HostName=plant.azure-devices.net;DeviceId=meter-7;{}={IOT_KEY}",
            "SharedAccessKey"
        );
        assert_eq!(ids(&device), ["secrets.azure-iot-hub-shared-access-key"]);
    }

    #[test]
    fn ignores_iot_placeholders() {
        let placeholder = "HostName=plant.azure-devices.net;DeviceId=m;SharedAccessKey=<key>";
        assert!(ids(placeholder).is_empty());
    }

    const COSMOS_KEY: &str = concat!(
        "8voAJcjv5X83ck9NN+orFABAdxObQYDfOTIkmWLGhXIABZrr",
        "jqF883h+DtKdHAtj/9cpg3TZvXT8Ea3XucplAw=="
    );

    #[test]
    fn finds_cosmos_db_keys() {
        let connection = format!(
            "AccountEndpoint=https://ledger.documents.azure.com:443/;AccountKey={COSMOS_KEY};"
        );
        assert_eq!(ids(&connection), ["secrets.azure-cosmos-db-key"]);
        assert_eq!(
            ids(&format!("COSMOS_PRIMARY_KEY=\"{COSMOS_KEY}\"")),
            ["secrets.azure-cosmos-db-key"]
        );
    }

    #[test]
    fn ignores_the_cosmos_emulator_key() {
        let emulator = format!("CosmosKey = \"{}\"", EMULATOR_KEYS[1]);
        assert!(ids(&emulator).is_empty());
        let local = format!("AccountEndpoint=https://localhost:8081/;AccountKey={COSMOS_KEY};");
        assert!(ids(&local).is_empty());
    }

    const AI_KEY: &str = concat!(
        "Ab3XZxPmzUzn8aB5kBh0fzK4xDXkiadJjPZ6zfKN7xVGkjwskHk7",
        "JQQJ99",
        "egyFWZY9Zmti18c6Eu",
        "ACOG",
        "dM7O"
    );

    #[test]
    fn finds_ai_services_keys() {
        assert_eq!(
            ids(&format!("AZURE_OPENAI_API_KEY=\"{AI_KEY}\"")),
            ["secrets.azure-ai-services-key"]
        );
    }

    #[test]
    fn ignores_truncated_ai_services_keys() {
        assert!(ids(&AI_KEY[1..]).is_empty());
        assert!(ids(&format!("Q{AI_KEY}")).is_empty());
    }
}
