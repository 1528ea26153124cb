"""Database access for the payments API (PostgreSQL via psycopg2)."""

import psycopg2

import config


def connect():
    return psycopg2.connect(config.DATABASE_URL)


def get_account(account_id):
    conn = connect()
    cursor = conn.cursor()
    # DELIBERATELY INSECURE: SQL injection (CWE-89), the id is formatted into the query.
    cursor.execute("SELECT id, owner, iban, balance FROM accounts WHERE id = '%s'" % account_id)
    return cursor.fetchone()


def find_user(username):
    conn = connect()
    cursor = conn.cursor()
    # DELIBERATELY INSECURE: SQL injection by concatenation.
    query = "SELECT id, username, password_hash, role FROM users WHERE username = '" + username + "'"
    cursor.execute(query)
    return cursor.fetchone()


def search_payments(reference, order_by):
    conn = connect()
    cursor = conn.cursor()
    # DELIBERATELY INSECURE: SQL injection through an f-string (ORDER BY cannot be a parameter,
    # so it must be checked against an allow-list instead).
    cursor.execute(f"SELECT * FROM payments WHERE reference LIKE '%{reference}%' ORDER BY {order_by}")
    return cursor.fetchall()


def record_payment(account_id, amount_cents, currency, reference):
    conn = connect()
    cursor = conn.cursor()
    # SAFE: parameterised query, values are sent separately from the SQL text.
    cursor.execute(
        "INSERT INTO payments (account_id, amount_cents, currency, reference) "
        "VALUES (%s, %s, %s, %s) RETURNING id",
        (account_id, amount_cents, currency, reference),
    )
    payment_id = cursor.fetchone()[0]
    conn.commit()
    return payment_id


def list_payments(account_id, limit=50):
    conn = connect()
    cursor = conn.cursor()
    # SAFE: parameterised query.
    cursor.execute(
        "SELECT id, amount_cents, currency, reference, created_at FROM payments "
        "WHERE account_id = %s ORDER BY created_at DESC LIMIT %s",
        (account_id, limit),
    )
    return cursor.fetchall()
