"""The official Python SDK (metronome-sdk 4.12, strict response validation) reads the embedded Metronome's
pricing catalog: billable metrics, products with updates, rates, packages with their terms, contracts made
from a package, and the audit log. The `thread_fake` fixture also checks every exchange against the
official spec."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import metronome

from metronome_async.testing import FakeMetronome

START = datetime(2025, 1, 1, tzinfo=timezone.utc)
LATER = datetime(2025, 6, 1, tzinfo=timezone.utc)


def test_the_catalog_parses_in_the_official_sdk(
    thread_fake: FakeMetronome, official: metronome.Metronome
) -> None:
    v1 = official.v1
    metric_id = v1.billable_metrics.create(
        name="Tokens",
        aggregation_type="SUM",
        aggregation_key="tokens",
        event_type_filter={"in_values": ["completion"], "not_in_values": ["test"]},
        property_filters=[{"name": "tokens", "exists": True}, {"name": "region", "in_values": ["EU"]}],
        group_keys=[["region"]],
    ).data.id
    metric = v1.billable_metrics.retrieve(billable_metric_id=metric_id).data
    assert (metric.aggregation_type, metric.aggregation_key, metric.group_keys) == (
        "SUM",
        "tokens",
        [["region"]],
    )
    assert [f.name for f in metric.property_filters or []] == ["tokens", "region"]
    assert [m.id for m in v1.billable_metrics.list()] == [metric_id]

    usage = v1.contracts.products.create(
        name="Tokens",
        type="USAGE",
        billable_metric_id=metric_id,
        pricing_group_key=["region"],
        quantity_conversion={"conversion_factor": 1000, "operation": "DIVIDE"},
        tags=["llm"],
    ).data.id
    soon = (thread_fake.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    v1.contracts.products.update(product_id=usage, starting_at=soon, name="Kilotokens")
    fixed = v1.contracts.products.create(name="Prepaid", type="FIXED").data.id
    product = v1.contracts.products.retrieve(id=usage).data
    assert (product.type, product.current.name, product.current.billable_metric_id) == (
        "USAGE",
        "Tokens",
        metric_id,
    )
    assert [u.name for u in product.updates] == ["Kilotokens"] and product.updates[0].starting_at == soon
    assert product.current.quantity_conversion is not None
    assert [p.id for p in v1.contracts.products.list()] == [usage, fixed]

    card = v1.contracts.rate_cards.create(name="Standard").data.id
    added = v1.contracts.rate_cards.rates.add(
        rate_card_id=card,
        product_id=usage,
        starting_at=START,
        entitled=True,
        rate_type="TIERED",
        tiers=[{"size": 1000, "price": 2}, {"price": 1}],
        pricing_group_values={"region": "EU"},
    ).data
    assert added.rate_type == "TIERED" and added.tiers is not None and added.tiers[1].price == 1
    v1.contracts.rate_cards.rates.add_many(
        rate_card_id=card,
        rates=[
            {"product_id": fixed, "starting_at": START, "entitled": False, "rate_type": "FLAT", "price": 100},
            {"product_id": fixed, "starting_at": LATER, "entitled": True, "rate_type": "FLAT", "price": 90},
        ],
    )
    rates = list(v1.contracts.rate_cards.rates.list(rate_card_id=card, at=START))
    assert [(r.product_name, r.rate.rate_type, r.ending_before) for r in rates] == [
        ("Tokens", "TIERED", None),
        ("Prepaid", "FLAT", LATER),
    ]
    v1.contracts.rate_cards.update(rate_card_id=card, name="Standard 2025", aliases=[{"name": "standard"}])
    assert v1.contracts.rate_cards.retrieve(id=card).data.name == "Standard 2025"

    package_id = v1.packages.create(
        name="Starter",
        rate_card_alias="standard",
        duration={"value": 12, "unit": "MONTHS"},
        aliases=[{"name": "starter"}],
        commits=[
            {
                "type": "PREPAID",
                "product_id": fixed,
                "access_schedule": {
                    "schedule_items": [
                        {
                            "amount": 1000,
                            "starting_at_offset": {"value": 0, "unit": "DAYS"},
                            "duration": {"value": 12, "unit": "MONTHS"},
                        }
                    ]
                },
            }
        ],
        usage_statement_schedule={"frequency": "MONTHLY", "day": "CONTRACT_START"},
    ).data.id
    package = v1.packages.retrieve(package_id=package_id).data
    assert (package.name, package.duration.value if package.duration else None) == ("Starter", 12)
    assert [c.product.id for c in package.commits] == [fixed]
    assert [p.id for p in v1.packages.list()] == [package_id]

    plain = v1.packages.create(name="Plain", rate_card_id=card, aliases=[{"name": "plain"}]).data.id
    customer_id = v1.customers.create(name="Acme").data.id
    contract_id = v1.contracts.create(
        customer_id=customer_id, starting_at=START, package_alias="plain"
    ).data.id
    contract = official.v2.contracts.retrieve(customer_id=customer_id, contract_id=contract_id).data
    assert (contract.package_id, contract.rate_card_id) == (plain, card)
    [summary] = v1.packages.list_contracts_on_package(package_id=plain)
    assert (summary.contract_id, summary.customer_id, summary.starting_at) == (
        contract_id,
        customer_id,
        START,
    )

    entries = list(v1.audit_logs.list(starting_on=thread_fake.now() - timedelta(hours=1)))
    assert {"billable_metric", "product", "rate_card", "package", "customer", "contract"} <= {
        e.resource_type for e in entries
    }
    assert all(e.request.id and e.timestamp for e in entries)
