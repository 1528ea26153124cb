#!/usr/bin/env python3
"""Labelled corpus for secrets-detection accuracy: planted secrets and decoys.

    python3 bench/secrets/corpus.py OUT_DIR [--seed N] [--copies N]

Writes OUT_DIR/tree/ (files in many formats) and OUT_DIR/labels.json: one entry per planted
value with its file, line, kind and whether it is a real secret (true) or a decoy (false).

Secrets are generated from each provider's *documented* token format (prefix, alphabet, length),
independently of Bulwark's regexes, so the corpus measures the detectors rather than mirrors them.
Decoys are the values that make peer tools noisy: placeholders, templated references, UUIDs,
hashes, lockfile integrity strings, public keys, certificates and published test card numbers.
Every value is random and fake.
"""
import argparse
import base64
import hashlib
import json
import os
import random
import string
import uuid

UP, LO, DI = string.ascii_uppercase, string.ascii_lowercase, string.digits
ALNUM, HEX = UP + LO + DI, "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"


def rnd(alphabet, n, rng):
    return "".join(rng.choice(alphabet) for _ in range(n))


def luhn_complete(prefix, length, rng):
    digits = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(length - len(prefix) - 1)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


# (kind, variable name, generator): formats from provider documentation.
SECRETS = [
    ("aws-access-key-id", "AWS_ACCESS_KEY_ID", lambda r: "AKIA" + rnd("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, r)),
    ("aws-secret-access-key", "aws_secret_access_key", lambda r: rnd(B64, 40, r)),
    ("gcp-api-key", "GOOGLE_API_KEY", lambda r: "AIza" + rnd(URLSAFE, 35, r)),
    ("gcp-oauth-client-secret", "GOOGLE_CLIENT_SECRET", lambda r: "GOCSPX-" + rnd(URLSAFE, 28, r)),
    ("azure-storage-connection-string", "AZURE_STORAGE_CONNECTION_STRING",
     lambda r: f"DefaultEndpointsProtocol=https;AccountName=payst{rnd(LO + DI, 8, r)};AccountKey={base64.b64encode(r.randbytes(64)).decode()};EndpointSuffix=core.windows.net"),
    ("azure-client-secret", "AZURE_CLIENT_SECRET", lambda r: rnd(ALNUM, 3, r) + "8Q~" + rnd(ALNUM + "_-", 34, r)),
    ("digitalocean-token", "DIGITALOCEAN_TOKEN", lambda r: "dop_v1_" + rnd(HEX, 64, r)),
    ("alibaba-access-key-id", "ALIBABA_ACCESS_KEY_ID", lambda r: "LTAI" + rnd(ALNUM, 20, r)),
    ("github-pat", "GITHUB_TOKEN", lambda r: "ghp_" + rnd(ALNUM, 36, r)),
    ("github-oauth", "GH_OAUTH_TOKEN", lambda r: "gho_" + rnd(ALNUM, 36, r)),
    ("github-fine-grained", "GITHUB_PAT", lambda r: "github_pat_" + rnd(ALNUM, 22, r) + "_" + rnd(ALNUM, 59, r)),
    ("gitlab-pat", "GITLAB_TOKEN", lambda r: "glpat-" + rnd(URLSAFE, 20, r)),
    ("npm-token", "NPM_TOKEN", lambda r: "npm_" + rnd(ALNUM, 36, r)),
    ("pypi-token", "PYPI_TOKEN", lambda r: "pypi-AgEIcHlwaS5vcmc" + rnd(URLSAFE, 70, r)),
    ("dockerhub-pat", "DOCKERHUB_TOKEN", lambda r: "dckr_pat_" + rnd(URLSAFE, 27, r)),
    ("slack-bot-token", "SLACK_BOT_TOKEN", lambda r: f"xoxb-{rnd(DI, 11, r)}-{rnd(DI, 13, r)}-{rnd(ALNUM, 24, r)}"),
    ("slack-webhook", "SLACK_WEBHOOK_URL", lambda r: f"https://hooks.slack.com/services/T{rnd(UP + DI, 10, r)}/B{rnd(UP + DI, 10, r)}/{rnd(ALNUM, 24, r)}"),
    ("stripe-live-secret", "STRIPE_SECRET_KEY", lambda r: "sk_live_" + rnd(ALNUM, 99, r)[: r.choice([24, 99])]),
    ("stripe-restricted", "STRIPE_RESTRICTED_KEY", lambda r: "rk_live_" + rnd(ALNUM, 24, r)),
    ("stripe-webhook-secret", "STRIPE_WEBHOOK_SECRET", lambda r: "whsec_" + rnd(ALNUM, 32, r)),
    ("square-access-token", "SQUARE_ACCESS_TOKEN", lambda r: "sq0atp-" + rnd(URLSAFE, 22, r)),
    ("shopify-access-token", "SHOPIFY_TOKEN", lambda r: "shpat_" + rnd(HEX, 32, r)),
    ("razorpay-key-id", "RAZORPAY_KEY_ID", lambda r: "rzp_live_" + rnd(ALNUM, 14, r)),
    ("sendgrid-api-key", "SENDGRID_API_KEY", lambda r: "SG." + rnd(URLSAFE, 22, r) + "." + rnd(URLSAFE, 43, r)),
    ("mailchimp-api-key", "MAILCHIMP_API_KEY", lambda r: rnd(HEX, 32, r) + "-us" + str(r.randrange(1, 20))),
    ("twilio-api-key", "TWILIO_API_KEY", lambda r: "SK" + rnd(HEX, 32, r)),
    ("openai-api-key", "OPENAI_API_KEY", lambda r: "sk-proj-" + rnd(URLSAFE, 74, r) + "T3BlbkFJ" + rnd(URLSAFE, 74, r)),
    ("anthropic-api-key", "ANTHROPIC_API_KEY", lambda r: "sk-ant-api03-" + rnd(URLSAFE, 93, r) + "AA"),
    ("huggingface-token", "HF_TOKEN", lambda r: "hf_" + rnd(UP + LO, 34, r)),
    ("newrelic-user-key", "NEW_RELIC_API_KEY", lambda r: "NRAK-" + rnd(UP + DI, 27, r)),
    # Organization auth tokens: base64 of a JSON claim set, then `_` and the secret.
    ("sentry-auth-token", "SENTRY_AUTH_TOKEN", lambda r: "sntrys_" + base64.b64encode(json.dumps(
        {"iat": r.randrange(1_600_000_000, 1_800_000_000), "url": "https://sentry.io", "region_url": "https://us.sentry.io",
         "org": "payments"}).encode()).decode().rstrip("=") + "_" + rnd(ALNUM + "/+", 43, r)),
    ("telegram-bot-token", "TELEGRAM_BOT_TOKEN", lambda r: f"{r.randrange(10**8, 10**10)}:AA{rnd(URLSAFE, 33, r)}"),
    ("private-key", None, None),  # written as its own file below
    ("postgres-url", "DATABASE_URL", lambda r: f"postgresql://payments:{rnd(ALNUM, 14, r)}@db.internal:5432/payments"),
    ("mongodb-url", "MONGO_URI", lambda r: f"mongodb+srv://svc:{rnd(ALNUM, 16, r)}@cluster0.mongodb.net/app"),
    ("generic-password", "db_password", lambda r: rnd(ALNUM, 6, r) + r.choice("!#%&*") + rnd(ALNUM, 7, r)),
    ("jwt", "SESSION_JWT", lambda r: ".".join([
        base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("="),
        base64.urlsafe_b64encode(json.dumps({"sub": rnd(DI, 8, r), "role": "admin"}).encode()).decode().rstrip("="),
        rnd(URLSAFE, 43, r)])),
    ("payment-card-number", "card_number", lambda r: luhn_complete(r.choice(["4", "51", "52", "53", "54", "55"]), 16, r)),
]

DECOYS = [
    ("placeholder-aws", "AWS_ACCESS_KEY_ID", lambda r: "AKIAIOSFODNN7EXAMPLE"),
    ("placeholder-stripe", "STRIPE_SECRET_KEY", lambda r: "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"),
    ("placeholder-word", "API_KEY", lambda r: r.choice(["changeme", "your-api-key-here", "<YOUR_TOKEN>", "TODO"])),
    ("template-reference", "db_password", lambda r: r.choice(["${DB_PASSWORD}", "{{ .Values.password }}", "%(password)s"])),
    ("env-reference", "password", lambda r: None),  # code form: os.environ[...]
    ("uuid", "REQUEST_ID", lambda r: str(uuid.UUID(int=r.getrandbits(128)))),
    ("git-sha", "COMMIT", lambda r: rnd(HEX, 40, r)),
    ("sha256", "CHECKSUM", lambda r: hashlib.sha256(rnd(ALNUM, 20, r).encode()).hexdigest()),
    ("npm-integrity", "integrity", lambda r: "sha512-" + base64.b64encode(hashlib.sha512(rnd(ALNUM, 20, r).encode()).digest()).decode()),
    ("stripe-test-key", "STRIPE_TEST_KEY", lambda r: "sk_test_" + rnd(ALNUM, 24, r)),
    # bulwark:ignore secrets.payment-card-test-number -- published test card numbers, used as decoys
    ("test-card", "card_number", lambda r: r.choice(["4111111111111111", "4242424242424242", "5555555555554444", "378282246310005"])),
    ("ssh-public-key", "DEPLOY_PUBLIC_KEY", lambda r: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + rnd(B64, 300, r) + " deploy@ci"),
    ("css-color-hash", "THEME", lambda r: "#" + rnd(HEX, 6, r)),
    ("base64-image", "LOGO_PNG", lambda r: "iVBORw0KGgoAAAANSUhEUgAA" + rnd(B64, 120, r)),
]

# How a `name = value` pair is written in each file format.
FORMATS = {
    "settings.py": lambda k, v: f'{k} = "{v}"',
    ".env": lambda k, v: f"{k}={v}",
    "config.yaml": lambda k, v: f"  {k.lower()}: \"{v}\"",
    "config.json": lambda k, v: f'  "{k.lower()}": "{v}",',
    "app.properties": lambda k, v: f"{k.lower().replace('_', '.')}={v}",
    "client.js": lambda k, v: f"const {k} = '{v}';",
    "Main.java": lambda k, v: f'    private static final String {k} = "{v}";',
    "deploy.sh": lambda k, v: f'export {k}="{v}"',
    "main.tf": lambda k, v: f'  {k.lower()} = "{v}"',
}

FILLER = [
    "import os", "", "def handler(event, context):", "    return {'status': 200}",
    "# payments service configuration", "timeout = 30", "retries = 3", "LOG_LEVEL = 'info'",
]


def write_tree(out, seed, copies):
    rng = random.Random(seed)
    tree = os.path.join(out, "tree")
    labels = []
    for copy in range(copies):
        for filename, fmt in FORMATS.items():
            directory = os.path.join(tree, f"service{copy:03d}")
            os.makedirs(directory, exist_ok=True)
            rel = f"service{copy:03d}/{filename}"
            lines = []
            entries = [(k, n, g, True) for k, n, g in SECRETS if g] + [(k, n, g, False) for k, n, g in DECOYS]
            rng.shuffle(entries)
            for kind, name, gen, is_secret in entries:
                for _ in range(rng.randrange(0, 3)):
                    lines.append(rng.choice(FILLER))
                if kind == "env-reference":
                    line = f"PASSWORD = os.environ['DB_PASSWORD']" if filename == "settings.py" else fmt(name, "${DB_PASSWORD}")
                else:
                    line = fmt(name, gen(rng))
                lines.append(line)
                labels.append({"path": rel, "line": len(lines), "kind": kind, "secret": is_secret})
            with open(os.path.join(tree, rel), "w") as f:
                f.write("\n".join(lines) + "\n")
        # A private key file and a public certificate (decoy) per copy.
        key_rel = f"service{copy:03d}/deploy_key.pem"
        body = "\n".join(rnd(B64, 64, rng) for _ in range(25))
        with open(os.path.join(tree, key_rel), "w") as f:
            f.write(f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\n")
        labels.append({"path": key_rel, "line": 1, "kind": "private-key", "secret": True})
        cert_rel = f"service{copy:03d}/ca.crt"
        with open(os.path.join(tree, cert_rel), "w") as f:
            f.write(f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n")
        labels.append({"path": cert_rel, "line": 1, "kind": "certificate", "secret": False})
    with open(os.path.join(out, "labels.json"), "w") as f:
        json.dump(labels, f, indent=1)
    return labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    labels = write_tree(args.out, args.seed, args.copies)
    secrets = sum(1 for l in labels if l["secret"])
    print(f"{len(labels)} labelled values ({secrets} secrets, {len(labels) - secrets} decoys) in {args.out}/tree")


if __name__ == "__main__":
    main()
