"""Settings for the payments API.

DELIBERATELY INSECURE: this module is a fixture for Bulwark's secrets scanner. Every credential
below is fake, was generated for this demo and was never valid anywhere. Never copy this pattern.
"""

import os

# --- Planted secrets (must be reported) -------------------------------------------------------

# DELIBERATELY INSECURE: hard-coded Flask session signing key.
SECRET_KEY = "pay-api-7f3c9e1a2b4d6f8091a3c5e7"

# DELIBERATELY INSECURE: long-term IAM user key for the statements bucket, committed to git.
aws_access_key_id = "AKIALRCQDBZ5SRZPLRHU"
aws_secret_access_key = "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"
AWS_REGION = "eu-west-1"
STATEMENTS_BUCKET = "acme-payments-statements"

# DELIBERATELY INSECURE: Stripe live-mode secret key.
STRIPE_SECRET_KEY = "sk_live_A6MipSeJviDFg23rfy9uFBrB"
STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300

# DELIBERATELY INSECURE: database password embedded in the connection URL.
DATABASE_URL = "postgresql://payments:S3cr3tP4ss!@db.internal:5432/payments"

# --- Decoys (must NOT be reported) ------------------------------------------------------------

# Placeholder: the real key is injected by the deployment.
API_KEY = "changeme"

# Read from the environment at start-up: nothing is committed.
password = os.environ["DB_PASSWORD"]
REPORTING_DATABASE_URL = os.environ.get("REPORTING_DATABASE_URL", "postgresql://localhost/reporting")

# Identifiers and digests, not credentials.
MERCHANT_ID = "1aeb8d15-6110-4bdb-bbfd-4f3c4505cae1"
RELEASE_SHA256 = "66b13dcb554d3a087db9688db814ba96d93649fd4e76dddfbab1cab6638aa42a"

EXPORT_DIR = "/var/lib/payments/exports"
FX_RATES_URL = "https://fx.internal/rates/latest"
