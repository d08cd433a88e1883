"""Where a reconciliation keeps what it reads: a temporary SQLite file, so memory stays flat however many
customers there are.

It holds the desired customers (by key, the first ingest alias), which desired customer claims each alias,
the current customers that hold a desired alias (what the listing saw of them), the owned customers missing
from the source, and finally the plan's changes. Nothing is ever kept as a list of objects in memory: the
desired items and the current customers meet in indexed tables, one row at a time.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import attrs

from metronome_async.models import Customer
from metronome_async.workflows.provision import ProvisionSpec

__all__ = ["Seen", "Store", "seen", "spec_from_json", "spec_to_json"]

_SCHEMA = """
CREATE TABLE desired (key TEXT PRIMARY KEY, position INTEGER NOT NULL, spec TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE claims (alias TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE clashes (key TEXT NOT NULL, reason TEXT NOT NULL);
CREATE INDEX clashes_by_key ON clashes (key);
CREATE TABLE current (customer_id TEXT PRIMARY KEY, record TEXT NOT NULL, owned INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE current_aliases (alias TEXT NOT NULL, customer_id TEXT NOT NULL);
CREATE TABLE holders (key TEXT NOT NULL, customer_id TEXT NOT NULL);
CREATE INDEX holders_by_key ON holders (key);
CREATE TABLE touched (customer_id TEXT PRIMARY KEY, items INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY,
    rank INTEGER NOT NULL,       -- the action's place in the plan: create, update, archive, conflict
    key TEXT NOT NULL,           -- '' for a customer without aliases
    record TEXT NOT NULL         -- the change as JSON, with what apply needs (the spec, what was seen)
);
CREATE INDEX changes_in_order ON changes (rank, key);
"""


_SPEC_FIELDS = tuple(field.name for field in attrs.fields(ProvisionSpec))


def spec_to_json(spec: ProvisionSpec) -> str:
    """The spec's fields as JSON (its values are JSON already: checked and wire-ready)."""
    return json.dumps({name: getattr(spec, name) for name in _SPEC_FIELDS}, separators=(",", ":"))


def spec_from_json(text: str) -> ProvisionSpec:
    """The spec as it was stored (its fingerprint, hence its keys, unchanged)."""
    values = json.loads(text)
    for name in ("ingest_aliases", "credits", "commits"):
        values[name] = tuple(values[name])
    return ProvisionSpec(**values)


@attrs.frozen(kw_only=True)
class Seen:
    """What the plan saw of a current customer: the fields it compares, and their fingerprint."""

    id: str
    name: str
    ingest_aliases: tuple[str, ...]
    external_id: str | None
    custom_fields: dict[str, str]
    archived: bool

    @property
    def key(self) -> str | None:
        return self.ingest_aliases[0] if self.ingest_aliases else None

    @property
    def fingerprint(self) -> str:
        """A digest of the fields reconciliation reads: another one later means the customer changed."""
        record = attrs.asdict(self)
        record["ingest_aliases"] = sorted(record["ingest_aliases"])
        canonical = json.dumps(record, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:32]

    def to_json(self) -> str:
        fields = [
            self.id,
            self.name,
            self.ingest_aliases,
            self.external_id,
            self.custom_fields,
            self.archived,
        ]
        return json.dumps(fields, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Seen:
        id, name, aliases, external_id, custom_fields, archived = json.loads(text)
        return cls(
            id=id,
            name=name,
            ingest_aliases=tuple(aliases),
            external_id=external_id,
            custom_fields=custom_fields,
            archived=archived,
        )


def seen(customer: Customer) -> Seen:
    return Seen(
        id=customer.id,
        name=customer.name,
        ingest_aliases=tuple(customer.ingest_aliases),
        external_id=customer.external_id,
        custom_fields=dict(customer.custom_fields),
        archived=customer.archived,
    )


class Store:
    """The temporary tables of one reconciliation (deleted when closed). Blocking; one user at a time."""

    PAGE = 500

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.executescript(_SCHEMA)
        self._db.execute("BEGIN")  # one transaction while it is filled: no commit per row
        self._clashed = False

    # --- the desired customers --------------------------------------------------------------------------

    def add_desired(self, spec: ProvisionSpec, position: int, label: str) -> None:
        """Record a checked item; an alias another item claims already is a clash for both."""
        added = self._db.execute(
            "INSERT OR IGNORE INTO desired VALUES (?, ?, ?)", (spec.key, position, spec_to_json(spec))
        )
        if added.rowcount == 0:
            [first] = self._db.execute("SELECT position FROM desired WHERE key = ?", (spec.key,)).fetchone()
            self.clash(spec.key, f"desired[{first}] and {label} are both keyed {spec.key!r}")
            return
        for alias in spec.ingest_aliases:
            claimed = self._db.execute("INSERT OR IGNORE INTO claims VALUES (?, ?)", (alias, spec.key))
            if claimed.rowcount == 0:
                [other] = self._db.execute("SELECT key FROM claims WHERE alias = ?", (alias,)).fetchone()
                if other != spec.key:
                    reason = f"ingest alias {alias!r} is in two desired customers: {other!r} and {spec.key!r}"
                    self.clash(other, reason)
                    self.clash(spec.key, reason)

    def clash(self, key: str, reason: str) -> None:
        self._db.execute("INSERT INTO clashes VALUES (?, ?)", (key, reason))
        self._clashed = True

    def clashes(self, key: str) -> list[str]:
        if not self._clashed:  # the usual case: no query at all
            return []
        return [reason for (reason,) in self._db.execute("SELECT reason FROM clashes WHERE key = ?", (key,))]

    # --- the current customers --------------------------------------------------------------------------

    def add_current(self, customers: list[tuple[Seen, bool]]) -> None:
        """A page of the listing, each customer with whether it is owned (active and marked)."""
        self._db.executemany(
            "INSERT OR REPLACE INTO current VALUES (?, ?, ?)",
            [(customer.id, customer.to_json(), owned) for customer, owned in customers],
        )
        self._db.executemany(
            "INSERT INTO current_aliases VALUES (?, ?)",
            [(alias, customer.id) for customer, _ in customers for alias in customer.ingest_aliases],
        )

    def link(self) -> None:
        """Once every customer is listed: which customers hold an alias of which desired customer, and how
        many desired customers each such customer holds aliases of."""
        self._db.execute(
            "INSERT INTO holders SELECT DISTINCT claims.key, current_aliases.customer_id "
            "FROM current_aliases JOIN claims ON claims.alias = current_aliases.alias"
        )
        self._db.execute("INSERT INTO touched SELECT customer_id, count(*) FROM holders GROUP BY customer_id")
        self._db.execute("DELETE FROM current_aliases")

    def owned_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM current WHERE owned").fetchone()[0])

    def desired_pages(self) -> Iterator[list[tuple[ProvisionSpec, list[tuple[Seen, int]]]]]:
        """Every desired customer, by key, a page at a time, each with the customers that hold one of its
        aliases (and how many desired customers each of those holds aliases of)."""
        after = ""
        while True:
            rows = self._db.execute(
                "SELECT key, spec FROM desired WHERE key > ? ORDER BY key LIMIT ?", (after, self.PAGE)
            ).fetchall()
            if not rows:
                return
            held: dict[str, list[tuple[Seen, int]]] = {}
            for key, record, items in self._db.execute(
                "SELECT holders.key, current.record, touched.items FROM holders "
                "JOIN current USING (customer_id) JOIN touched USING (customer_id) "
                "WHERE holders.key >= ? AND holders.key <= ? ORDER BY holders.key, holders.customer_id",
                (rows[0][0], rows[-1][0]),
            ):
                held.setdefault(key, []).append((Seen.from_json(record), items))
            yield [(spec_from_json(text), held.get(key, [])) for key, text in rows]
            after = rows[-1][0]

    def missing_count(self) -> int:
        return int(
            self._db.execute(
                "SELECT count(*) FROM current "
                "WHERE owned AND customer_id NOT IN (SELECT customer_id FROM touched)"
            ).fetchone()[0]
        )

    def missing_pages(self) -> Iterator[list[Seen]]:
        """The owned customers that hold no desired alias, a page at a time."""
        after = ""
        while True:
            rows = self._db.execute(
                "SELECT customer_id, record FROM current WHERE owned AND customer_id > ? "
                "AND customer_id NOT IN (SELECT customer_id FROM touched) ORDER BY customer_id LIMIT ?",
                (after, self.PAGE),
            ).fetchall()
            if not rows:
                return
            yield [Seen.from_json(record) for _, record in rows]
            after = rows[-1][0]

    # --- the plan's changes -----------------------------------------------------------------------------

    def add_change(self, rank: int, key: str | None, record: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO changes (rank, key, record) VALUES (?, ?, ?)",
            (rank, key or "", json.dumps(record, separators=(",", ":"))),
        )

    def finish(self) -> None:
        """Done filling: drop what only planning needed, and commit."""
        for table in ("desired", "claims", "clashes", "current", "holders", "touched"):
            self._db.execute(f"DELETE FROM {table}")
        self._db.execute("COMMIT")

    def change_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM changes").fetchone()[0])

    def change_at(self, index: int) -> dict[str, Any]:
        row = self._db.execute(
            "SELECT record FROM changes ORDER BY rank, key, seq LIMIT 1 OFFSET ?", (index,)
        ).fetchone()
        if row is None:
            raise IndexError(index)
        record: dict[str, Any] = json.loads(row[0])
        return record

    def changes(self) -> Iterator[dict[str, Any]]:
        """Every change in plan order (by action, then key), read a page at a time."""
        after: tuple[int, str, int] = (-1, "", -1)
        while True:
            rows = self._db.execute(
                "SELECT rank, key, seq, record FROM changes "
                "WHERE (rank, key, seq) > (?, ?, ?) ORDER BY rank, key, seq "
                "LIMIT ?",
                (*after, self.PAGE),
            ).fetchall()
            if not rows:
                return
            for *_, record in rows:
                yield json.loads(record)
            after = (rows[-1][0], rows[-1][1], rows[-1][2])

    def close(self) -> None:
        self._db.close()
