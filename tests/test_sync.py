"""The blocking facade: the same calls without await, one loop thread per client, clear misuse errors."""

from __future__ import annotations

import asyncio
import gc
import inspect
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from ssl import SSLContext
from typing import Any

import pytest
from held_server import GATE, HELD, HeldServer

import metronome_async
from metronome_async import AsyncMetronome, Metronome, NotFoundError
from metronome_async._sync.gen import render
from metronome_async._sync.runtime import HELPER
from metronome_async.resources._base import Resource, declared
from metronome_async.testing import FakeMetronome

UNKNOWN = "00000000-0000-4000-8000-000000000000"
OTHER = "33333333-3333-4333-8333-333333333333"
TESTS = Path(__file__).parent


def test_the_lifecycle_without_await(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    created = [sync_client.customers.create(name=f"C{i}", ingest_aliases=[f"c{i}"]) for i in range(5)]
    assert sync_client.customers.retrieve(created[0].id).name == "C0"
    listed = sync_client.customers.list(limit=2)
    assert [c.id for c in listed] == [c.id for c in created]
    assert [len(page.data) for page in sync_client.customers.list(limit=2).pages()] == [2, 2, 1]
    sync_client.customers.archive(created[0].id)
    assert [c.id for c in sync_client.customers.list(only_archived=True)] == [created[0].id]
    with pytest.raises(NotFoundError):
        sync_client.customers.retrieve(UNKNOWN)


def test_bad_arguments_fail_in_the_callers_thread(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    with pytest.raises(ValueError, match="limit"):
        list(sync_client.customers.list(limit=500))
    with pytest.raises(ValueError, match="name"):
        sync_client.customers.create(name="")
    assert thread_fake.exchanges == []


def test_one_client_serves_many_threads(sync_client: Metronome, thread_fake: FakeMetronome) -> None:
    errors: list[BaseException] = []
    threads_before = set(threading.enumerate())

    def work(worker: int) -> None:
        try:
            for i in range(5):
                sync_client.customers.create(name=f"w{worker}-{i}", ingest_aliases=[f"w{worker}-{i}"])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(thread_fake.customers()) == 40
    assert sync_client.customers.retrieve(thread_fake.customers()[0]["id"]).name.startswith("w")
    helpers = [t for t in set(threading.enumerate()) - threads_before if t.name == HELPER]
    assert len(helpers) <= 1
    sync_client.close()
    for helper in helpers:  # the helper that ran the loop for waiting threads ends with the client
        helper.join(timeout=10)
        assert not helper.is_alive()


class Call(threading.Thread):
    """A blocking call in a thread of its own; ``join()`` re-raises what it raised."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self._call = lambda: function(*args)
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._call()
        except BaseException as exc:
            self.error = exc

    def join(self, timeout: float | None = 10) -> None:
        super().join(timeout)
        assert not self.is_alive(), "the call never came back"
        if self.error is not None:
            raise self.error


def test_a_slow_call_in_flight_holds_up_no_other_thread() -> None:
    with HeldServer() as server, Metronome(api_key="k", base_url=server.url) as client:
        watchdog = threading.Timer(30, server.release)  # so a regression fails instead of hanging
        watchdog.start()
        try:
            # A thread runs the loop for its held call; this thread's call is handed over and comes back.
            held = Call(client.customers.retrieve, HELD)
            held.start()
            assert server.arrived.wait(10)
            assert client.customers.retrieve(OTHER).id == OTHER
            assert not server.released
            server.release()
            held.join()
            assert held.result.id == HELD
        finally:
            watchdog.cancel()


def test_the_thread_running_the_loop_returns_as_soon_as_its_own_call_is_done() -> None:
    with HeldServer() as server, Metronome(api_key="k", base_url=server.url) as client:
        watchdog = threading.Timer(30, server.release)
        watchdog.start()
        try:
            # This thread runs the loop for GATE; HELD is handed to it from another thread meanwhile, then
            # GATE is answered: this call returns while HELD is still held, and a helper serves HELD.
            held = Call(lambda: (server.gate_arrived.wait(10), client.customers.retrieve(HELD))[1])
            held.start()
            assert client.customers.retrieve(GATE).id == GATE
            assert not server.released
            server.release()
            held.join()
            assert held.result.id == HELD
            assert client.customers.retrieve(OTHER).id == OTHER
        finally:
            watchdog.cancel()


@pytest.fixture
def ctrl_c_raises() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt, even in a run started with it ignored (``cmd &`` in a script)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("ctrl_c_raises")
def test_ctrl_c_during_a_call_cancels_it_and_leaves_the_client_usable() -> None:
    with HeldServer() as server, Metronome(api_key="k", base_url=server.url) as client:
        main = threading.get_ident()
        interrupter = threading.Thread(
            target=lambda: server.arrived.wait(10) and signal.pthread_kill(main, signal.SIGINT)
        )
        interrupter.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                client.customers.retrieve(HELD)
        finally:
            interrupter.join()
            server.release()
        assert client.customers.retrieve(OTHER).id == OTHER


def test_an_idle_connection_the_server_closed_is_not_reused() -> None:
    # The server closes an idle keep-alive connection after 50 ms. Nothing runs the loop between two blocking
    # calls, so the next call must first read what came in meanwhile, or it sends its POST (which aiohttp does
    # not resend by itself) on the dead connection and fails.
    with (
        HeldServer(keepalive_timeout=0.05) as server,
        Metronome(api_key="k", base_url=server.url, max_retries=0) as client,
    ):
        for i in range(4):
            assert client.customers.create(name=f"after a pause {i}").name == f"after a pause {i}"
            time.sleep(0.3)


def test_calls_after_close_are_refused(thread_fake: FakeMetronome) -> None:
    client = Metronome(api_key=thread_fake.api_key, base_url=thread_fake.url)
    client.customers.create(name="Before")
    client.close()
    client.close()
    with pytest.raises(RuntimeError, match="closed"):
        client.customers.create(name="After")


def test_closing_a_client_that_never_ran_is_harmless() -> None:
    Metronome(api_key="k").close()


def test_a_call_from_its_own_loop_thread_is_refused(sync_client: Metronome) -> None:
    async def inside_the_loop() -> None:
        sync_client.customers.retrieve(UNKNOWN)

    sync_client.customers.list(limit=1).to_list()  # start the loop thread
    with pytest.raises(RuntimeError, match="inside its own event loop"):
        sync_client._loop.call(inside_the_loop)


def test_a_blocking_call_inside_a_running_event_loop_warns_and_still_answers(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    customer = sync_client.customers.create(name="Looped")

    async def handler() -> str:
        return sync_client.customers.retrieve(customer.id).name

    with pytest.warns(RuntimeWarning, match="inside a running event loop, which is frozen") as record:
        assert asyncio.run(handler()) == "Looped"
    assert record[0].filename == __file__  # the warning points at the blocking call


def test_a_blocking_listing_inside_a_running_event_loop_warns_at_the_listing(
    sync_client: Metronome, thread_fake: FakeMetronome
) -> None:
    async def handler() -> list[Any]:
        return sync_client.customers.list(limit=1).to_list()

    with pytest.warns(RuntimeWarning, match="inside a running event loop") as record:
        asyncio.run(handler())
    places = {warning.filename for warning in record}
    assert __file__ in places  # the listing's line, not the pager's own code
    assert not any("metronome_async" in place for place in places)  # (3.10 warns again as asyncio.run ends)


# --- no hangs at exit or after fork(): each in a fresh interpreter with a timeout -------------------------


EXIT_SCRIPT = """
import sys
from metronome_async import Metronome

client = Metronome()  # METRONOME_API_KEY and METRONOME_BASE_URL, as a cron job would set them
client.customers.create(name="Nightly")
listing = iter(client.customers.list(limit=1))
next(listing)  # a listing left half-read, too
print("done", flush=True)
if sys.argv[1] == "exception":
    raise ValueError("the script failed")
if sys.argv[1] == "exit":
    raise SystemExit(3)
"""


@pytest.mark.parametrize("dev_mode", [False, True], ids=["plain", "dev"])
@pytest.mark.parametrize(("ending", "code"), [("end", 0), ("exception", 1), ("exit", 3)])
def test_a_script_that_never_closes_its_client_exits(
    thread_fake: FakeMetronome, ending: str, code: int, dev_mode: bool
) -> None:
    env = {**os.environ, "METRONOME_API_KEY": thread_fake.api_key, "METRONOME_BASE_URL": thread_fake.url}
    flags = ["-X", "dev"] if dev_mode else []
    done = subprocess.run(
        [sys.executable, *flags, "-c", EXIT_SCRIPT, ending],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (code, "done\n"), done.stderr
    assert ("ValueError: the script failed" in done.stderr) == (ending == "exception")
    assert thread_fake.api_key not in done.stderr


FORK_SCRIPT = """
import gc, os, sys, threading
from held_server import HELD, HeldServer
from metronome_async import Metronome

server = HeldServer().__enter__()
client = Metronome(api_key="k", base_url=server.url)
customer = client.customers.create(name="Parent")
pid = os.fork()
if pid == 0:  # the child: it must be able to close or drop the parent's client at once, and exit
    how = sys.argv[1]
    if how == "use":
        try:
            client.customers.retrieve(customer.id)
        except RuntimeError as error:
            assert "fork()" in str(error), error
        else:
            raise AssertionError("no error in the child")
    if how in ("close", "use"):
        client.close()
    elif how == "with":
        with client:
            pass
    del client
    gc.collect()
    sys.exit(0)  # a normal exit: atexit, finalisation
_, status = os.waitpid(pid, 0)
assert os.waitstatus_to_exitcode(status) == 0, status
# The parent's client is untouched: its pooled connection still answers, and a call handed over from
# another thread still wakes the loop (the child shared the parent's epoll and sockets).
assert client.customers.retrieve(customer.id).id == customer.id
held = threading.Thread(target=client.customers.retrieve, args=(HELD,))
held.start()
assert server.arrived.wait(10)
assert client.customers.retrieve(customer.id).id == customer.id
server.release()
held.join()
client.close()
print("parent done", flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
@pytest.mark.parametrize("how", ["close", "with", "drop", "use"])
def test_a_forked_child_closes_or_drops_an_inherited_client_at_once(how: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    # About a second when it works. A parent whose epoll lost the loop's wake-up socket to the child would
    # wake only at aiohttp's 15-second cleanup timer, so the bound stays below that.
    done = subprocess.run(
        [sys.executable, "-c", FORK_SCRIPT, how], env=env, capture_output=True, text=True, timeout=12
    )
    assert (done.returncode, done.stdout) == (0, "parent done\n"), done.stderr


def test_an_unclosed_client_warns(thread_fake: FakeMetronome) -> None:
    client = Metronome(api_key=thread_fake.api_key, base_url=thread_fake.url)
    client.customers.create(name="Leaky")
    loop = client._loop
    with pytest.warns(ResourceWarning, match="not closed"):
        del client
        gc.collect()
    loop.stop()


def test_the_repr_hides_the_key() -> None:
    assert "sk_secret" not in repr(Metronome(api_key="sk_secret"))


# --- the mirror ------------------------------------------------------------------------------------------


def _resource_tree(owner: type, prefix: str = "") -> dict[str, type]:
    tree = {}
    for name, tp in declared(owner, object).items():
        if not name.startswith("_"):
            tree[prefix + name] = tp
            tree.update(_resource_tree(tp, f"{prefix}{name}."))
    return tree


def _methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(function)
        for name, function in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


def _shape(signature: inspect.Signature) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


def test_every_async_method_has_a_sync_twin_with_the_same_parameters() -> None:
    async_tree = _resource_tree(AsyncMetronome)
    sync_tree = _resource_tree(Metronome)
    assert set(async_tree) == set(sync_tree)
    shared = {path for path, cls in async_tree.items() if not issubclass(cls, Resource)}
    assert shared == {"webhooks"} and sync_tree["webhooks"] is async_tree["webhooks"], (
        "no loop needed: shared"
    )
    for path, async_cls in async_tree.items():
        async_methods, sync_methods = _methods(async_cls), _methods(sync_tree[path])
        assert set(async_methods) == set(sync_methods), path
        for name, signature in async_methods.items():
            assert _shape(signature) == _shape(sync_methods[name]), f"{path}.{name}"
    assert _shape(inspect.signature(AsyncMetronome.__init__)) == _shape(inspect.signature(Metronome.__init__))
    async_properties = {n for n, m in inspect.getmembers(AsyncMetronome) if isinstance(m, property)}
    assert async_properties <= {n for n, m in inspect.getmembers(Metronome) if isinstance(m, property)}


def test_the_generated_facade_is_up_to_date() -> None:
    committed = Path(metronome_async.__file__).with_name("sync.py").read_text()
    assert committed == render(), "run: python -m metronome_async._sync.gen"


@pytest.mark.parametrize(("cls", "public"), [(Path, "pathlib"), (SSLContext, "ssl")])
def test_the_facade_imports_a_class_from_its_public_module_on_every_python(
    monkeypatch: pytest.MonkeyPatch, cls: type, public: str
) -> None:
    # Python 3.13 says Path is from pathlib._local, which 3.10-3.12 do not have: the facade generated there
    # must be the same file as anywhere else, and import on every Python the package supports.
    monkeypatch.setattr(cls, "__module__", f"{public}._moved")
    committed = Path(metronome_async.__file__).with_name("sync.py").read_text()
    assert f"from {public} import {cls.__name__}\n" in committed
    assert render() == committed
