"""provision_many streams: items read lazily with a bounded number in flight, checked first when they can be
read twice and one by one when they cannot, and a report that keeps totals and failures only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from metronome_async import AsyncMetronome, ItemOutcome, ProvisionReport
from metronome_async.testing import FakeMetronome


def _item(n: int, prefix: str = "s") -> dict[str, Any]:
    return {"name": f"Stream customer {n}", "ingest_aliases": [f"{prefix}-{n}@example.com"]}


class Rereadable:
    """An iterable that starts over on every ``iter()``, as one that reopens a file does."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        self.passes = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.passes += 1
        return iter(self.items)


async def test_a_generator_is_read_lazily_with_at_most_concurrency_items_in_flight(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    read = done = ahead = 0

    def items() -> Iterator[dict[str, Any]]:
        nonlocal read, ahead
        for n in range(300):
            read += 1
            ahead = max(ahead, read - done)
            yield _item(n)

    def progress(outcome: ItemOutcome, finished: int, total: int | None) -> None:
        nonlocal done
        done = finished
        assert total is None, "a generator's length is not known"

    report = await client.customers.provision_many(items(), on_progress=progress, concurrency=5)
    assert report.ok and report.count("created") == 300 and report.total == 300
    assert ahead <= 5, f"{ahead} items were read before their predecessors finished"
    assert len(fake.customers()) == 300


async def test_an_iterator_is_checked_item_by_item_and_a_bad_item_fails_alone(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    items = [_item(n) for n in range(6)]
    items[2]["name"] = ""
    items[4]["ingest_aliases"] = items[1]["ingest_aliases"]
    report = await client.customers.provision_many(iter(items))
    assert report.count("created") == 4 and report.count("failed") == 2, str(report)
    bad_name, clash = report.failures
    assert (bad_name.index, bad_name.key, bad_name.customer_id) == (2, "s-2@example.com", None)
    assert isinstance(bad_name.error, ValueError) and "items[2]: name must not be empty" in str(
        bad_name.error
    )
    assert clash.index == 4 and "items[4]: ingest alias 's-1@example.com' is also claimed by items[1]" in str(
        clash.error
    )
    assert len(fake.customers()) == 4


async def test_an_iterable_read_twice_is_checked_before_anything_is_sent(
    client: AsyncMetronome, fake: FakeMetronome
) -> None:
    items = Rereadable([_item(n) for n in range(250)])
    items.items[240]["ingest_aliases"] = items.items[3]["ingest_aliases"]
    with pytest.raises(
        ValueError, match=r"items\[240\]: ingest alias 's-3@example.com' is also claimed by items\[3\]"
    ):
        await client.customers.provision_many(items)
    assert fake.exchanges == [] and items.passes == 1

    items.items[240] = _item(240)
    seen: list[int | None] = []
    report = await client.customers.provision_many(items, on_progress=lambda o, d, total: seen.append(total))
    assert report.ok and report.total == 250 and items.passes == 3, "checked in one pass, sent in another"
    assert set(seen) == {250}, "the first pass counted the items"


async def test_every_problem_is_counted_and_the_first_hundred_listed() -> None:
    async with FakeMetronome() as fake, AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
        with pytest.raises(ValueError) as caught:
            await client.customers.provision_many(
                [{"name": "", "ingest_aliases": [f"a{n}"]} for n in range(150)]
            )
        assert fake.exchanges == []
    message = str(caught.value)
    assert message.startswith("150 problem(s) in the items; nothing was sent:")
    assert (
        "items[99]: name" in message and "items[100]" not in message and message.endswith("... and 50 more")
    )


async def test_the_report_keeps_totals_and_failures_only(client: AsyncMetronome) -> None:
    await client.customers.create(name="Squatter", ingest_aliases=["s-7@example.com"])
    report = await client.customers.provision_many(_item(n) for n in range(20))
    assert isinstance(report, ProvisionReport)
    assert report.counts == {
        "created": 19,
        "resumed": 0,
        "existed": 0,
        "differs": 0,
        "done_earlier": 0,
        "failed": 1,
    }
    assert [failure.index for failure in report.failures] == [7]
    assert str(report) == "20 items: 19 created, 1 failed"
    assert not hasattr(report, "outcomes")


async def test_a_single_item_not_in_a_list_is_refused(client: AsyncMetronome, fake: FakeMetronome) -> None:
    with pytest.raises(TypeError, match="items"):
        await client.customers.provision_many(_item(0))  # type: ignore[arg-type]
    assert fake.exchanges == []


async def test_a_generator_with_a_journal_resumes_item_by_item(
    client: AsyncMetronome, fake: FakeMetronome, tmp_path: Path
) -> None:
    journal = tmp_path / "job.sqlite"
    first = await client.customers.provision_many((_item(n) for n in range(40)), journal=journal)
    assert first.count("created") == 40
    fake.reset_exchanges()
    again = await client.customers.provision_many((_item(n) for n in range(45)), journal=journal)
    assert again.count("done_earlier") == 40 and again.count("created") == 5, str(again)
    assert {ex.path for ex in fake.exchanges} == {"/v1/customers"} and len(fake.exchanges) == 5
