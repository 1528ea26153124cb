"""Payment helpers: password hashing, tokens, FX rates and the fee schedule."""

import hashlib
import hmac
import random
import secrets

import jwt
import requests
import yaml

import config


def hash_password(password):
    # DELIBERATELY INSECURE: unsalted MD5 for passwords (CWE-327/CWE-916); use argon2 or bcrypt.
    return hashlib.md5(password.encode("utf-8")).hexdigest()


def check_password(password, stored_hash):
    return hmac.compare_digest(hash_password(password), stored_hash)


def make_reset_token():
    # DELIBERATELY INSECURE: predictable token from a non-cryptographic PRNG (CWE-338).
    return str(random.random())[2:]


def make_idempotency_key():
    # SAFE: cryptographically secure token.
    return secrets.token_urlsafe(32)


def issue_session(user_id, role):
    token = jwt.encode({"sub": user_id, "role": role}, config.SECRET_KEY, algorithm="HS256")
    return token.decode("ascii") if isinstance(token, bytes) else token  # PyJWT 1.x returns bytes


def read_session(token):
    # DELIBERATELY INSECURE: the signature is not checked, so anyone can forge `role: admin`.
    return jwt.decode(token, options={"verify_signature": False})


def fetch_fx_rates():
    # DELIBERATELY INSECURE: TLS certificate verification disabled (CWE-295).
    response = requests.get(config.FX_RATES_URL, verify=False, timeout=5)
    return response.json()


def load_fee_schedule(path="fees.yaml"):
    # SAFE: safe_load only builds plain data (dicts, lists, strings, numbers).
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def fee_cents(amount_cents, schedule):
    rate = schedule.get("percentage", 1.4) / 100
    return int(amount_cents * rate) + schedule.get("fixed_cents", 25)
