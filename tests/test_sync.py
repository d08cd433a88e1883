"""The blocking facade: the same calls without await, one loop thread per client, clear misuse errors."""

from __future__ import annotations

import gc
import inspect
import os
import signal
import threading
import typing
from pathlib import Path

import pytest

import metronome_async
from metronome_async import AsyncMetronome, Metronome, NotFoundError
from metronome_async._sync.gen import render
from metronome_async.resources._base import Resource
from metronome_async.testing import FakeMetronome

UNKNOWN = "00000000-0000-4000-8000-000000000000"


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
    with pytest.raises(RuntimeError, match="own event-loop thread"):
        sync_client._loop.call(inside_the_loop)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_a_forked_child_gets_a_clear_error(sync_client: Metronome) -> None:
    sync_client.customers.list(limit=1).to_list()
    pid = os.fork()
    if pid == 0:  # the child: must fail fast instead of hanging on the parent's loop thread
        signal.alarm(10)  # a hang would otherwise outlive the test run
        try:
            sync_client.customers.retrieve(UNKNOWN)
        except RuntimeError as exc:
            os._exit(0 if "fork" in str(exc) else 2)
        except BaseException:
            os._exit(3)
        os._exit(4)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_an_unclosed_client_warns(thread_fake: FakeMetronome) -> None:
    client = Metronome(api_key=thread_fake.api_key, base_url=thread_fake.url)
    client.customers.create(name="Leaky")
    loop = client._loop
    with pytest.warns(ResourceWarning, match="not closed"):
        del client
        gc.collect()
    loop.stop(lambda: _noop())


async def _noop() -> None:
    return None


def test_the_repr_hides_the_key() -> None:
    assert "sk_secret" not in repr(Metronome(api_key="sk_secret"))


# --- the mirror ------------------------------------------------------------------------------------------


def _resource_tree(owner: type, prefix: str = "") -> dict[str, type]:
    tree = {}
    for name, tp in typing.get_type_hints(owner).items():
        if isinstance(tp, type) and not name.startswith("_"):
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
