"""The bulk job's journal: a SQLite file recording how far each customer got, written after every step.

A rerun reads it and resumes each customer where it stopped, so a crash (``kill -9`` included) loses no work
and repeats no completed step. SQLite in WAL mode keeps each committed write through a crash of the process.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import attrs

from metronome_async.workflows.provision import ProvisionState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS provisioning (
    key TEXT PRIMARY KEY,          -- the customer's first ingest alias
    fingerprint TEXT NOT NULL,     -- what was asked for; a changed item is not resumed blindly
    state TEXT NOT NULL,           -- ProvisionState as JSON
    finished INTEGER NOT NULL      -- 1 once every step is done
)
"""


@attrs.frozen
class Entry:
    fingerprint: str
    state: ProvisionState
    finished: bool


class Journal:
    """Blocking and thread-safe; the bulk job calls it from a worker thread, off the event loop."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def load(self) -> dict[str, Entry]:
        with self._lock:
            rows = self._db.execute("SELECT key, fingerprint, state, finished FROM provisioning").fetchall()
        return {
            key: Entry(fp, ProvisionState(**json.loads(state)), bool(done)) for key, fp, state, done in rows
        }

    def save(self, key: str, fingerprint: str, state: ProvisionState, finished: bool) -> None:
        record = json.dumps(attrs.asdict(state))
        with self._lock:
            self._db.execute(
                "INSERT INTO provisioning (key, fingerprint, state, finished) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET fingerprint = excluded.fingerprint, state = excluded.state, "
                "finished = excluded.finished",
                (key, fingerprint, record, int(finished)),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
