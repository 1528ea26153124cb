"""Unit tests for payments.py (run from app/: python -m pytest tests)."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DB_PASSWORD", "test-only")

import payments  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def load_cards():
    with open(os.path.join(FIXTURES, "cards.json"), encoding="utf-8") as handle:
        return json.load(handle)["cards"]


def test_fixture_cards_are_luhn_valid():
    for card in load_cards():
        digits = [int(c) for c in card["number"] if c.isdigit()]
        total = 0
        for index, digit in enumerate(reversed(digits)):
            if index % 2 == 1:
                digit = digit * 2 - 9 if digit > 4 else digit * 2
            total += digit
        assert total % 10 == 0, card["number"]


def test_fee_is_percentage_plus_fixed():
    assert payments.fee_cents(10_000, {"percentage": 1.5, "fixed_cents": 20}) == 170


def test_idempotency_keys_differ():
    assert payments.make_idempotency_key() != payments.make_idempotency_key()
