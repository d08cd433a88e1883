"""A large ``POST /v2/contracts/get`` answer (a ``ContractV2``, as ``include_ledgers`` returns it), for the
parse benchmark: the spec's example answer, scaled.

    python benchmarks/big_contract.py [--check] [--write FILE]

Every item follows the spec's example of that answer (ids, the ``.000Z`` timestamps, products, credit types)
and its schemas: 50 commits (four quarterly access segments, four invoices and a ledger of eight entries
each), 50 credits (four segments, a ledger of eight), 100 overrides (a third each multiplier, overwrite and
tiered with three tiers), 20 scheduled charges (twelve invoices each), 5 subscriptions and 2 usage filters.
The same answer in every process (ids are derived from counters). ``--check`` validates it against the spec
(``tests/conformance.py``: the schema, and no field the spec does not declare).
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = {
    "commits": 50,
    "credits": 50,
    "overrides": 100,
    "scheduled_charges": 20,
    "subscriptions": 5,
    "usage_filter": 2,
}
SEGMENTS = 4  # access schedule items of a commit or credit (quarters), and invoices of a commit
MONTHLY_INVOICES = 12  # invoices of a scheduled charge
TIERS = 3
START = datetime(2025, 1, 1, tzinfo=timezone.utc)
USD = {"id": "2714e483-4ff1-48e4-9e25-ac732e8f24f2", "name": "USD (cents)"}  # the example's credit type
_NAMESPACE = uuid.UUID("6f1b3a52-2a8e-4f65-9a39-0c8f8f0f1d11")


def uid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(map(str, parts))))


def at(days: float) -> str:
    """A timestamp ``days`` after the contract's start, spelled as the API does (``...T00:00:00.000Z``)."""
    return (START + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.") + "000Z"


def product(n: int) -> dict[str, Any]:
    return {"id": uid("product", n % 40), "name": f"Product {n % 40}"}


def access_schedule(kind: str, n: int, amount: float) -> dict[str, Any]:
    items = [
        {
            "id": uid(kind, n, "segment", s),
            "amount": amount,
            "starting_at": at(91 * s),
            "ending_before": at(91 * s + 91),
        }
        for s in range(SEGMENTS)
    ]
    return {"credit_type": USD, "schedule_items": items}


def ledger(kind: str, n: int, amount: float, start: str, deduction: str) -> list[dict[str, Any]]:
    """A segment start and an invoice deduction for each segment."""
    entries = []
    for s in range(SEGMENTS):
        segment = uid(kind, n, "segment", s)
        entries.append({"type": start, "timestamp": at(91 * s), "amount": amount, "segment_id": segment})
        entries.append(
            {
                "type": deduction,
                "timestamp": at(91 * s + 30),
                "amount": -amount / 3,
                "segment_id": segment,
                "invoice_id": uid(kind, n, "invoice", s),
            }
        )
    return entries


def commit(n: int) -> dict[str, Any]:
    amount = 1_000_000 + 10_000 * n
    invoices = [
        {
            "id": uid("commit", n, "invoice-item", s),
            "invoice_id": uid("commit", n, "invoice", s),
            "amount": amount,
            "unit_price": amount,
            "quantity": 1,
            "timestamp": at(91 * s),
        }
        for s in range(SEGMENTS)
    ]
    return {
        "id": uid("commit", n),
        "type": "PREPAID",
        "rate_type": "COMMIT_RATE",
        "name": f"Commit {n}",
        "priority": n % 5,
        "product": product(n),
        "access_schedule": access_schedule("commit", n, amount),
        "invoice_schedule": {"credit_type": USD, "schedule_items": invoices, "do_not_invoice": False},
        "rollover_fraction": 0.1,
        "applicable_product_ids": [uid("product", n % 40), uid("product", (n + 1) % 40)],
        "applicable_product_tags": ["compute"],
        "specifiers": [
            {"product_id": uid("product", n % 40), "pricing_group_values": {"region": "us-east-1"}}
        ],
        "ledger": ledger(
            "commit", n, amount, "PREPAID_COMMIT_SEGMENT_START", "PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION"
        ),
        "balance": amount * 2.5,
        "custom_fields": {"x_commit_ref": f"C-{n}"},
        "created_at": at(-1),
        "created_by": "Alice",
    }


def credit(n: int) -> dict[str, Any]:
    amount = 50_000 + 1_000 * n
    return {
        "id": uid("credit", n),
        "type": "CREDIT",
        "name": f"Credit {n}",
        "priority": n % 3,
        "product": product(n + 7),
        "access_schedule": access_schedule("credit", n, amount),
        "applicable_product_tags": ["storage"],
        "ledger": ledger("credit", n, amount, "CREDIT_SEGMENT_START", "CREDIT_AUTOMATED_INVOICE_DEDUCTION"),
        "balance": amount * 2.5,
        "created_at": at(-1),
        "created_by": "Alice",
    }


def override(n: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": uid("override", n),
        "created_at": at(-1),
        "product": product(n),
        "override_specifiers": [
            {"product_id": uid("product", n % 40), "pricing_group_values": {"tier": "gold"}}
        ],
        "starting_at": at(0),
        "ending_before": at(365),
        "entitled": True,
        "priority": n % 10,
        "is_commit_specific": False,
        "target": "LIST_RATE",
    }
    kind = ("MULTIPLIER", "OVERWRITE", "TIERED")[n % 3]
    item["type"] = kind
    if kind == "MULTIPLIER":
        item["multiplier"] = 0.9
    elif kind == "OVERWRITE":
        item["overwrite_rate"] = {
            "rate_type": "FLAT",
            "price": 250 + n,
            "is_prorated": False,
            "credit_type": USD,
        }
    else:
        item["override_tiers"] = [
            {"size": 1000 * (t + 1), "multiplier": 1 - 0.1 * t} for t in range(TIERS - 1)
        ]
        item["override_tiers"].append({"multiplier": 1 - 0.1 * (TIERS - 1)})
    return item


def scheduled_charge(n: int) -> dict[str, Any]:
    items = [
        {
            "id": uid("charge", n, "item", m),
            "invoice_id": uid("charge", n, "invoice", m),
            "amount": 100_000,
            "unit_price": 100_000,
            "quantity": 1,
            "timestamp": at(30 * m + 14),
        }
        for m in range(MONTHLY_INVOICES)
    ]
    return {
        "id": uid("charge", n),
        "name": f"Scheduled charge {n}",
        "product": product(n),
        "schedule": {"credit_type": USD, "schedule_items": items},
    }


def subscription(n: int) -> dict[str, Any]:
    return {
        "id": uid("subscription", n),
        "name": f"Seats {n}",
        "subscription_rate": {"billing_frequency": "MONTHLY", "product": product(n + 20)},
        "collection_schedule": "ADVANCE",
        "proration": {"is_prorated": True, "invoice_behavior": "BILL_IMMEDIATELY"},
        "quantity_schedule": [
            {"quantity": 10, "starting_at": at(0), "ending_before": at(180)},
            {"quantity": 25, "starting_at": at(180)},
        ],
        "billing_periods": {
            "previous": {"starting_at": at(30), "ending_before": at(61)},
            "current": {"starting_at": at(61), "ending_before": at(89)},
            "next": {"starting_at": at(89), "ending_before": at(120)},
        },
        "quantity_management_mode": "QUANTITY_ONLY",
        "starting_at": at(0),
        "fiat_credit_type_id": USD["id"],
    }


def answer() -> dict[str, Any]:
    """The whole answer, ``{"data": {...}}``."""
    contract_id = "d7abd0cd-4ae9-4db7-8676-e986a4ebd8dc"  # the example's
    return {
        "data": {
            "id": contract_id,
            "customer_id": "13117714-3f05-48e5-a6e9-a66093f13b4d",
            "name": "Enterprise agreement",
            "rate_card_id": "92f3080d-27ca-4306-a23f-2430de61851e",
            "starting_at": at(0),
            "ending_before": at(365 * 2),
            "net_payment_terms_days": 30,
            "commits": [commit(n) for n in range(SIZES["commits"])],
            "credits": [credit(n) for n in range(SIZES["credits"])],
            "overrides": [override(n) for n in range(SIZES["overrides"])],
            "scheduled_charges": [scheduled_charge(n) for n in range(SIZES["scheduled_charges"])],
            "scheduled_charges_on_usage_invoices": "ALL",
            "transitions": [
                {
                    "type": "RENEWAL",
                    "from_contract_id": uid("contract", "previous"),
                    "to_contract_id": contract_id,
                }
            ],
            "usage_statement_schedule": {"frequency": "MONTHLY", "billing_anchor_date": at(0)},
            "usage_filter": [
                {
                    "group_key": "region",
                    "group_values": [f"region-{n}", f"region-{n + 1}"],
                    "starting_at": at(n),
                }
                for n in range(SIZES["usage_filter"])
            ],
            "subscriptions": [subscription(n) for n in range(SIZES["subscriptions"])],
            "custom_fields": {"x_account_id": "KyVnHhSBWl7eY2bl"},
            "created_at": at(-1),
            "created_by": "Alice",
        }
    }


def objects(value: Any) -> int:
    """How many JSON objects ``value`` holds, itself included."""
    if isinstance(value, dict):
        return 1 + sum(objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(objects(v) for v in value)
    return 0


def problems(body: dict[str, Any]) -> list[str]:
    """What the spec says is wrong with ``body`` as the answer of ``POST /v2/contracts/get`` (needs the
    test extra: jsonschema, openapi-schema-validator)."""
    sys.path.insert(0, str(ROOT))
    from tests.conformance import Exchange, check_exchange

    data = body["data"]
    request = {"customer_id": data["customer_id"], "contract_id": data["id"], "include_ledgers": True}
    exchange = Exchange("POST", "/v2/contracts/get", 200, request_body=request, response_body=body)
    result: list[str] = check_exchange(exchange)
    return result


def describe(body: dict[str, Any]) -> str:
    sizes = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in SIZES.items())
    size = len(json.dumps(body, separators=(",", ":")))
    return f"{sizes}; {objects(body):,} JSON objects, {size / 1024:,.0f} KiB"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate it against the spec")
    parser.add_argument("--write", help="write the answer's JSON to this file")
    args = parser.parse_args()
    body = answer()
    print(describe(body))
    if args.write:
        Path(args.write).write_text(json.dumps(body))
    if args.check:
        found = problems(body)
        print("\n".join(found) if found else "conforms to the spec")
        sys.exit(1 if found else 0)
