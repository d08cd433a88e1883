"""The bulk job's journal: a SQLite file recording how far each customer got, written after every step.

A rerun looks each customer up by its key (an indexed read, never the whole file) and resumes it where it
stopped, so a crash (``kill -9`` included) loses no work and repeats no completed step. SQLite in WAL mode
keeps each committed write through a crash of the process.

A file that is not a journal (garbage, a truncated copy, another SQLite database, a directory) is refused
with a ``JournalError`` naming it, before anything is sent and without writing to it. So is a journal that
another running job holds (each job locks its journal while it runs, where the system has ``flock``). A
journal that cannot be written part-way (a full disk) stops the job with a ``JournalError``: what was sent
but not recorded is found again in Metronome by a rerun, never made twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import attrs

from metronome_async.errors import MetronomeError
from metronome_async.workflows.provision import ProvisionState

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock
    fcntl = None  # type: ignore[assignment]

__all__ = ["Entry", "Journal", "JournalError", "check_journal"]

APPLICATION_ID = int.from_bytes(b"MAJ1", "big")
"""Stamped into the SQLite header of every journal (``PRAGMA application_id``)."""

_TABLE = "provisioning"
_COLUMNS = ("key", "fingerprint", "state", "finished")
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {_TABLE} (
    key TEXT PRIMARY KEY,          -- the customer's first ingest alias
    fingerprint TEXT NOT NULL,     -- what was asked for; a changed item is checked against Metronome again
    state TEXT NOT NULL,           -- ProvisionState as JSON
    finished INTEGER NOT NULL      -- 1 once every step is done
)
"""
_SQLITE_MAGIC = b"SQLite format 3\x00"
_STATE_FIELDS = frozenset(attrs.fields_dict(ProvisionState))


class JournalError(MetronomeError, ValueError):
    """The journal file cannot be used: refused before anything is sent (the file left as it was), or, when
    it cannot be written part-way, the job stopped at once (``started`` is then true)."""

    def __init__(self, path: str | Path, problem: str, *, started: bool = False) -> None:
        self.path = str(path)
        self.problem = problem
        self.started = started
        advice = (
            "the job stopped; fix the file (free some disk space) and run the job again with this journal: "
            "what was done but not recorded is found in Metronome, never made twice"
            if started
            else "nothing was sent and the file was not changed (give another journal path, or move this "
            "file away to start a new journal)"
        )
        super().__init__(f"journal {self.path}: {problem}; {advice}")

    def __reduce__(self) -> tuple[object, ...]:
        return _journal_error, (self.path, self.problem, self.started)


def _journal_error(path: str, problem: str, started: bool) -> JournalError:
    return JournalError(path, problem, started=started)


@attrs.frozen
class Entry:
    fingerprint: str
    state: ProvisionState
    finished: bool


def check_journal(path: str | Path) -> bool:
    """Whether ``path`` holds a journal already (``False``: no file, or an empty one, to be started), or a
    ``JournalError`` if it holds something else. Reads only."""
    where = Path(path)
    if where.is_dir():
        raise JournalError(path, "is a directory, not a journal file")
    try:
        size = where.stat().st_size
        with where.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise JournalError(path, f"cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        return False
    if not header.startswith(_SQLITE_MAGIC):
        raise JournalError(path, "is not a journal (not a SQLite database)")
    raw_page_size = int.from_bytes(header[16:18], "big")
    expected = (65536 if raw_page_size == 1 else raw_page_size) * int.from_bytes(header[28:32], "big")
    if len(header) < 100 or size < expected:
        raise JournalError(path, f"is truncated ({size} bytes where its header announces {expected})")
    return _check_contents(where)


def _check_contents(path: Path) -> bool:
    """Whether the database holds the journal's table (``False``: none at all), checking its schema and its
    pages, read-only. Without a write-ahead log beside it the file is opened as
    immutable, so SQLite creates no side files next to something that may not be a journal."""
    wal = path.with_name(path.name + "-wal").exists()
    uri = f"{path.resolve().as_uri()}?{'mode=ro' if wal else 'immutable=1'}"
    try:
        db = sqlite3.connect(uri, uri=True)
        try:
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            columns = tuple(row[1] for row in db.execute(f"PRAGMA table_info({_TABLE})"))
            problems = [row[0] for row in db.execute("PRAGMA quick_check(1)")]
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise JournalError(path, f"is not a readable journal ({exc})") from None
    if application_id in (0, APPLICATION_ID) and not tables:
        return False  # a journal that was being started: nothing recorded yet
    if application_id not in (0, APPLICATION_ID) or tables != {_TABLE} or columns != _COLUMNS:
        found = ", ".join(sorted(tables)) or "none"
        raise JournalError(path, f"is another SQLite database, not a journal (its tables: {found})")
    if problems != ["ok"]:
        raise JournalError(path, f"is damaged ({problems[0]})")
    return True


class Journal:
    """Blocking and thread-safe; the bulk job calls it from a worker thread, off the event loop."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        exists = check_journal(self.path)
        self._lock = _lock(self.path)
        try:
            self._writer = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._writer.execute("PRAGMA journal_mode=WAL")
            self._writer.execute("PRAGMA synchronous=NORMAL")
            if not exists:
                self._writer.execute(f"PRAGMA application_id={APPLICATION_ID}")
                self._writer.execute(_SCHEMA)
            # WAL lets reads run beside the writes: a second connection, so a lookup never waits on a commit
            self._reader = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            os.close(self._lock)
            raise JournalError(path, f"cannot be opened for writing ({exc})") from None
        self._write_lock = threading.Lock()
        self._read_lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        """What the journal holds for one customer (by its primary key: one indexed read)."""
        with self._read_lock, self._failing("cannot be read"):
            row = self._reader.execute(
                f"SELECT fingerprint, state, finished FROM {_TABLE} WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        fingerprint, state, finished = row
        recorded = {name: value for name, value in json.loads(state).items() if name in _STATE_FIELDS}
        return Entry(fingerprint, ProvisionState(**recorded), bool(finished))

    def save(self, key: str, fingerprint: str, state: ProvisionState, finished: bool) -> None:
        record = json.dumps(attrs.asdict(state))
        with self._write_lock, self._failing("cannot be written"):
            self._writer.execute(
                f"INSERT INTO {_TABLE} (key, fingerprint, state, finished) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET fingerprint = excluded.fingerprint, state = excluded.state, "
                "finished = excluded.finished",
                (key, fingerprint, record, int(finished)),
            )

    @contextlib.contextmanager
    def _failing(self, what: str) -> Iterator[None]:
        """A SQLite error (a full disk, an I/O error) as a JournalError naming the file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise JournalError(self.path, f"{what} ({exc})", started=True) from None

    def close(self) -> None:
        with self._read_lock:
            self._reader.close()
        with self._write_lock:
            self._writer.close()
        os.close(self._lock)  # last: closing a descriptor of the file drops SQLite's own locks on it


def _lock(path: Path) -> int:
    """A descriptor of the journal file holding an exclusive ``flock``, so that no two running jobs share a
    journal; a JournalError if it cannot be opened or another job holds it."""
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # a missing directory, a dangling symlink, no permission
        raise JournalError(path, f"cannot be created or opened ({exc.strerror or exc})") from None
    if fcntl is None:  # pragma: no cover
        return descriptor
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        raise JournalError(
            path, "is in use by another running job; wait for it to end, or give each job its own journal"
        ) from None
    return descriptor
