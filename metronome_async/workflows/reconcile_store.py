"""Where a reconciliation keeps what it reads: a temporary SQLite file, so memory stays flat however many
customers there are.

The desired customers and the current ones are written as rows, a page at a time, with no index to keep up;
the indexes are built once both sides are in. The customers that are already as asked are then told apart
by one query, inside SQLite: only the others (a change, a conflict, or billing to read) come back to Python
as objects. Finally the table holds the plan's changes.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar, cast

import attrs

from metronome_async._core import serde
from metronome_async._core.streams import chunks
from metronome_async.models import Customer
from metronome_async.workflows.provision import ProvisionSpec

__all__ = ["Seen", "Store", "seen", "spec_from_json", "spec_to_json"]

_SCHEMA = """
-- the desired customers as checked (a key given twice: the first keeps it)
CREATE TABLE desired (
    position INTEGER PRIMARY KEY,  -- the item's place in the source
    key TEXT NOT NULL,             -- its first ingest alias
    name TEXT NOT NULL,
    external_id TEXT,
    aliases INTEGER NOT NULL,      -- how many ingest aliases it asks
    look INTEGER NOT NULL,         -- 1: planned whatever the current customer holds
    contract_key TEXT,             -- the uniqueness key of the contract it asks
    spec TEXT NOT NULL             -- the spec as JSON
);
CREATE TABLE desired_aliases (position INTEGER NOT NULL, alias TEXT NOT NULL);
CREATE TABLE desired_fields (position INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE clashes (key TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE registered (field TEXT PRIMARY KEY, is_unique INTEGER NOT NULL) WITHOUT ROWID;
-- the current customers as listed (n counts them; a customer listed twice keeps what was seen last)
CREATE TABLE current (
    n INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    name TEXT NOT NULL,
    external_id TEXT,
    aliases INTEGER NOT NULL,
    archived INTEGER NOT NULL,
    owned INTEGER NOT NULL
);
CREATE TABLE current_aliases (n INTEGER NOT NULL, alias TEXT NOT NULL);  -- in the customer's order
CREATE TABLE current_fields (n INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
-- which current customer holds aliases of which desired one (shared: how many)
CREATE TABLE holders (position INTEGER NOT NULL, n INTEGER NOT NULL, shared INTEGER NOT NULL);
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY,
    rank INTEGER NOT NULL,       -- the action's place in the plan: create, update, archive, conflict
    key TEXT NOT NULL,           -- '' for a customer without aliases
    record TEXT NOT NULL         -- the change as JSON, with what apply needs (the spec, what was seen)
);
CREATE INDEX changes_in_order ON changes (rank, key);
"""

_PLANNING = (
    "desired",
    "desired_aliases",
    "desired_fields",
    "clashes",
    "registered",
    "current",
    "current_aliases",
    "current_fields",
    "holders",
)

_AS_ASKED = """
    d.look = 0
    AND NOT EXISTS (SELECT 1 FROM clashes WHERE clashes.key = d.key)
    AND (SELECT count(*) FROM holders WHERE holders.position = d.position) = 1
    AND EXISTS (
        SELECT 1 FROM holders h JOIN current c USING (n)
        WHERE h.position = d.position AND c.owned
            AND h.shared = d.aliases AND h.shared = c.aliases AND c.name = d.name
            AND (d.external_id IS NULL OR d.external_id = c.external_id)
            AND NOT EXISTS (
                SELECT 1 FROM desired_fields f
                WHERE f.position = d.position AND (
                    f.field NOT IN (SELECT field FROM registered)
                    OR f.value IS NOT (
                        SELECT value FROM current_fields cf WHERE cf.n = c.n AND cf.field = f.field
                    )
                )
            )
    )
"""
"""Whether the desired customer ``d`` is as asked already: one owned customer holds exactly its aliases (so
no other desired customer's: that would be a clash), with its name, its external id and its custom fields
(each key registered), nothing clashes, and nothing needs a look beyond the listing (billing, a contract, a
name too long). Planning in full decides the same (``tests/test_reconcile_fast_path.py``)."""

_MISSING = "NOT EXISTS (SELECT 1 FROM holders WHERE holders.n = current.n)"
"""Whether the current customer holds no alias of a desired one."""

_SPEC_FIELDS = tuple(field.name for field in attrs.fields(ProvisionSpec))


def spec_to_json(spec: ProvisionSpec) -> str:
    """The fields given, as JSON (their values are JSON already: checked and wire-ready)."""
    given = {
        name: value for name in _SPEC_FIELDS if (value := getattr(spec, name)) is not None and value != ()
    }
    return serde.dumps(given).decode()


def spec_from_json(text: str) -> ProvisionSpec:
    """The spec as it was stored (its fingerprint, hence its keys, unchanged)."""
    values = serde.loads(text)
    for name in ("ingest_aliases", "credits", "commits"):
        if name in values:
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


def seen(customer: Customer) -> Seen:
    return Seen(
        id=customer.id,
        name=customer.name,
        ingest_aliases=tuple(customer.ingest_aliases),
        external_id=customer.external_id,
        custom_fields=dict(customer.custom_fields),
        archived=customer.archived,
    )


Holders = list[tuple[Seen, int]]
"""The current customers holding aliases of a desired one, each with how many desired customers it holds
aliases of."""


_Write = TypeVar("_Write", bound=Callable[..., None])


def _loading(method: _Write) -> _Write:
    """A write of the thread that loads the desired items, during which the store may be closed from another
    thread: closing waits for it."""

    @functools.wraps(method)
    def held(store: Store, *args: Any) -> None:
        with store._writing:
            method(store, *args)

    return cast(_Write, held)


class Store:
    """The temporary tables of one reconciliation (deleted when closed). Blocking; one user at a time, but
    it may be closed from another thread while the desired items are loaded."""

    PAGE = 500

    def __init__(self, mark: tuple[str, str]) -> None:
        """``mark``: the custom field, and its value, that mark a customer as owned."""
        self._mark = mark
        self.closed = False
        self._writing = threading.Lock()
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.executescript(_SCHEMA)
        self._db.execute("BEGIN")  # one transaction while it is filled: no commit per row
        self._listed = 0

    # --- the desired customers --------------------------------------------------------------------------

    @_loading
    def add_desired(self, items: Sequence[tuple[int, ProvisionSpec, bool]]) -> None:
        """A page of checked items, each with its position and whether it needs a look whatever the current
        customer holds."""
        db = self._db
        db.executemany(
            "INSERT INTO desired VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    position,
                    spec.key,
                    spec.name,
                    spec.external_id,
                    len(spec.held_aliases),
                    look,
                    None if spec.contract is None else spec.contract["uniqueness_key"],
                    spec_to_json(spec),
                )
                for position, spec, look in items
            ],
        )
        db.executemany(
            "INSERT INTO desired_aliases VALUES (?, ?)",
            [(position, alias) for position, spec, _ in items for alias in spec.held_aliases],
        )
        fields = [
            (position, *field)
            for position, spec, _ in items
            if spec.custom_fields
            for field in spec.custom_fields.items()
        ]
        if fields:
            db.executemany("INSERT INTO desired_fields VALUES (?, ?, ?)", fields)

    @_loading
    def loaded(self) -> None:
        """Every desired item is in: index them, and record as clashes a key given twice (the first item
        keeps it), and an alias or a contract uniqueness key in two desired customers."""
        db = self._db
        db.execute("CREATE INDEX desired_by_key ON desired (key)")
        twice = db.execute(
            "SELECT d.key, first, d.position FROM desired d JOIN "
            "(SELECT key, min(position) AS first FROM desired GROUP BY key HAVING count(*) > 1) USING (key) "
            "WHERE d.position > first ORDER BY d.position"
        ).fetchall()
        for key, first, later in twice:
            self._clash(key, f"desired[{first}] and desired[{later}] are both keyed {key!r}")
        if twice:
            db.execute(
                "DELETE FROM desired WHERE position NOT IN (SELECT min(position) FROM desired GROUP BY key)"
            )
            for table in ("desired_aliases", "desired_fields"):
                db.execute(f"DELETE FROM {table} WHERE position NOT IN (SELECT position FROM desired)")
        db.execute("CREATE INDEX desired_aliases_by_alias ON desired_aliases (alias, position)")
        db.execute("CREATE INDEX desired_fields_by_position ON desired_fields (position)")
        shared = db.execute(
            "SELECT alias, key FROM desired_aliases JOIN desired USING (position) WHERE alias IN "
            "(SELECT alias FROM desired_aliases GROUP BY alias HAVING count(DISTINCT position) > 1) "
            "GROUP BY alias, position ORDER BY alias, position"
        )
        self._clash_shared(shared, lambda alias: f"ingest alias {alias!r}")
        shared = db.execute(
            "SELECT contract_key, key FROM desired WHERE contract_key IN "
            "(SELECT contract_key FROM desired GROUP BY contract_key HAVING count(*) > 1) "
            "ORDER BY contract_key, position"
        )
        self._clash_shared(shared, lambda contract_key: f"contract uniqueness_key {contract_key!r}")
        db.execute("CREATE INDEX clashes_by_key ON clashes (key)")

    def _clash_shared(self, rows: Iterable[tuple[Any, ...]], what: Callable[..., str]) -> None:
        """Record as clashes what several desired customers ask of what must be theirs alone: ``rows`` give
        it (the columns ``what`` names it from), then the key of a desired customer asking it, sorted."""
        for asked, group in itertools.groupby(rows, key=lambda row: row[:-1]):
            keys = [row[-1] for row in group]
            reason = f"{what(*asked)} is in {len(keys)} desired customers: {', '.join(map(repr, keys))}"
            for key in keys:
                self._clash(key, reason)

    def _clash(self, key: str, reason: str) -> None:
        self._db.execute("INSERT INTO clashes VALUES (?, ?)", (key, reason))

    def clashes(self, key: str) -> list[str]:
        return [reason for (reason,) in self._db.execute("SELECT reason FROM clashes WHERE key = ?", (key,))]

    def register(self, fields: Iterable[tuple[str, bool]]) -> None:
        """The custom field keys registered for customers, each with whether Metronome keeps its values
        unique."""
        self._db.executemany("INSERT OR IGNORE INTO registered VALUES (?, ?)", fields)

    # --- the current customers --------------------------------------------------------------------------

    def add_current(self, customers: Sequence[Customer]) -> None:
        """A page of the listing. A customer is owned when it is active and marked; an owned customer's
        mark is not stored as a custom field (the ``owned`` column says it)."""
        db, first, (field, owner) = self._db, self._listed, self._mark
        self._listed += len(customers)
        owned = [
            customer.archived_at is None and customer.custom_fields.get(field) == owner
            for customer in customers
        ]
        db.executemany(
            "INSERT INTO current VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    n,
                    customer.id,
                    customer.name,
                    customer.external_id,
                    len(customer.ingest_aliases),
                    customer.archived_at is not None,
                    mine,
                )
                for n, customer, mine in zip(itertools.count(first), customers, owned)
            ],
        )
        db.executemany(
            "INSERT INTO current_aliases VALUES (?, ?)",
            [(n, alias) for n, customer in enumerate(customers, first) for alias in customer.ingest_aliases],
        )
        db.executemany(
            "INSERT INTO current_fields VALUES (?, ?, ?)",
            [
                (n, key, value)
                for n, customer, mine in zip(itertools.count(first), customers, owned)
                for key, value in customer.custom_fields.items()
                if not (mine and key == field)
            ],
        )

    def link(self) -> None:
        """Once every customer is listed (and the keys registered): which customers hold an alias of which
        desired customer, how many desired customers each such customer holds aliases of, and which values
        of unique custom field keys clash."""
        db = self._db
        db.execute("CREATE INDEX current_by_id ON current (customer_id)")
        if db.execute("SELECT 1 FROM current GROUP BY customer_id HAVING count(*) > 1 LIMIT 1").fetchone():
            # listed twice (archived between the two listings): what was seen last holds
            db.execute("DELETE FROM current WHERE n NOT IN (SELECT max(n) FROM current GROUP BY customer_id)")
            for table in ("current_aliases", "current_fields"):
                db.execute(f"DELETE FROM {table} WHERE n NOT IN (SELECT n FROM current)")
        db.execute(
            "INSERT INTO holders SELECT da.position, ca.n, count(DISTINCT ca.alias) FROM current_aliases ca "
            "JOIN desired_aliases da ON da.alias = ca.alias GROUP BY da.position, ca.n"
        )
        db.execute("CREATE INDEX holders_by_position ON holders (position)")
        db.execute("CREATE INDEX holders_by_n ON holders (n)")
        db.execute("CREATE INDEX current_aliases_by_n ON current_aliases (n)")
        db.execute("CREATE INDEX current_fields_by_n ON current_fields (n)")
        self._clash_unique_values()

    def _clash_unique_values(self) -> None:
        """Record as clashes a value of a unique custom field key (once the keys are registered) that two
        desired customers ask, or that a customer holds (archived ones too, as Metronome counts them) other
        than the one holding the desired customer's aliases: Metronome would refuse setting it."""
        db = self._db
        if not db.execute("SELECT 1 FROM registered WHERE is_unique").fetchone():
            return
        unique = "field IN (SELECT field FROM registered WHERE is_unique)"
        shared = db.execute(
            "SELECT field, value, key FROM desired_fields JOIN desired USING (position) JOIN "
            f"(SELECT field, value FROM desired_fields WHERE {unique} GROUP BY field, value "
            "HAVING count(*) > 1) USING (field, value) "
            "ORDER BY field, value, position"
        )
        self._clash_shared(shared, lambda field, value: f"custom field {field!r} is unique, and {value!r}")
        db.execute("CREATE INDEX current_fields_by_value ON current_fields (field, value)")
        held = db.execute(
            "SELECT d.key, f.field, f.value, c.customer_id, c.name, c.archived "
            "FROM desired_fields f JOIN desired d USING (position) "
            "JOIN current_fields cf ON cf.field = f.field AND cf.value = f.value "
            "JOIN current c ON c.n = cf.n "
            f"WHERE f.{unique} AND NOT EXISTS "
            "(SELECT 1 FROM holders h WHERE h.position = f.position AND h.n = c.n) "
            "ORDER BY f.position, f.field, c.customer_id"
        )
        for key, field, value, customer_id, name, archived in held:
            whom = f"{'archived ' if archived else ''}customer {customer_id} ({name!r})"
            self._clash(key, f"custom field {field!r} is unique, and {value!r} is held by {whom}")

    def owned_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM current WHERE owned").fetchone()[0])

    def desired_pages(self) -> Iterator[list[tuple[ProvisionSpec, Holders]]]:
        """The desired customers that are not as asked already, in the source's order (the plan sorts its
        changes), a page at a time, each with the customers that hold one of its aliases."""
        after = -1
        while True:
            rows = self._db.execute(
                f"SELECT position, key, spec FROM desired d WHERE position > ? AND NOT ({_AS_ASKED}) "
                "ORDER BY position LIMIT ?",
                (after, self.PAGE),
            ).fetchall()
            if not rows:
                return
            marks = ",".join("?" * len(rows))
            links = self._db.execute(
                f"SELECT position, n, (SELECT count(*) FROM holders AS other WHERE other.n = holders.n) "
                f"FROM holders WHERE position IN ({marks})",
                [position for position, _, _ in rows],
            ).fetchall()
            customers = self._seen({n for _, n, _ in links})
            held: dict[int, Holders] = {}
            for position, n, items in links:
                held.setdefault(position, []).append((customers[n], items))
            yield [
                (spec_from_json(spec), sorted(held.get(position, []), key=lambda holder: holder[0].id))
                for position, _, spec in rows
            ]
            after = rows[-1][0]

    def missing_count(self) -> int:
        return int(self._db.execute(f"SELECT count(*) FROM current WHERE owned AND {_MISSING}").fetchone()[0])

    def missing_pages(self) -> Iterator[list[Seen]]:
        """The owned customers that hold no desired alias, a page at a time."""
        after = -1
        while True:
            ns = [
                n
                for (n,) in self._db.execute(
                    f"SELECT n FROM current WHERE owned AND n > ? AND {_MISSING} ORDER BY n LIMIT ?",
                    (after, self.PAGE),
                )
            ]
            if not ns:
                return
            customers = self._seen(ns)
            yield [customers[n] for n in ns]
            after = ns[-1]

    def _seen(self, ns: Iterable[int]) -> dict[int, Seen]:
        """The listed customers numbered ``ns``, as the listing saw them, read a page at a time (SQLite binds
        999 values in a statement where it is older than 3.32)."""
        found: dict[int, Seen] = {}
        for page in chunks(ns, self.PAGE):
            found.update(self._seen_page(page))
        return found

    def _seen_page(self, ns: list[int]) -> dict[int, Seen]:
        marks = ",".join("?" * len(ns))
        aliases: dict[int, list[str]] = {}
        for n, alias in self._db.execute(
            f"SELECT n, alias FROM current_aliases WHERE n IN ({marks}) ORDER BY n, rowid", ns
        ):
            aliases.setdefault(n, []).append(alias)
        fields: dict[int, dict[str, str]] = {}
        for n, field, value in self._db.execute(
            f"SELECT n, field, value FROM current_fields WHERE n IN ({marks})", ns
        ):
            fields.setdefault(n, {})[field] = value
        field, owner = self._mark
        return {
            n: Seen(
                id=customer_id,
                name=name,
                ingest_aliases=tuple(aliases.get(n, ())),
                external_id=external_id,
                custom_fields={**fields.get(n, {}), field: owner} if owned else fields.get(n, {}),
                archived=bool(archived),
            )
            for n, customer_id, name, external_id, archived, owned in self._db.execute(
                "SELECT n, customer_id, name, external_id, archived, owned FROM current "
                f"WHERE n IN ({marks})",
                ns,
            )
        }

    # --- the plan's changes -----------------------------------------------------------------------------

    def add_change(self, rank: int, key: str | None, record: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO changes (rank, key, record) VALUES (?, ?, ?)",
            (rank, key or "", serde.dumps(record).decode()),
        )

    def finish(self) -> None:
        """Done filling: drop what only planning needed, and commit."""
        for table in _PLANNING:
            self._db.execute(f"DROP TABLE {table}")
        self._db.execute("COMMIT")

    def change_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM changes").fetchone()[0])

    def change_at(self, index: int) -> dict[str, Any]:
        row = self._db.execute(
            "SELECT record FROM changes ORDER BY rank, key, seq LIMIT 1 OFFSET ?", (index,)
        ).fetchone()
        if row is None:
            raise IndexError(index)
        record: dict[str, Any] = serde.loads(row[0])
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
                yield serde.loads(record)
            after = (rows[-1][0], rows[-1][1], rows[-1][2])

    def close(self) -> None:
        """Delete the file. From another thread, while the desired items are written, the statement running
        is interrupted, and the file closed once it stopped (never under it)."""
        if not self.closed:
            self.closed = True
            self._db.interrupt()
        with self._writing:
            self._db.close()
