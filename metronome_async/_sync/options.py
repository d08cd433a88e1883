"""What the blocking client's ``with_options`` and ``with_raw_response`` are made of."""

from __future__ import annotations

import functools
from typing import Any

from metronome_async._sync.runtime import LoopThread
from metronome_async.resources._raw import RawResource

__all__ = ["SharedLoop", "SyncRawResource"]


class SharedLoop:
    """Mixed into a blocking client made by ``with_options``: it runs on the loop thread and the pool of the
    client it came from, which that client closes, so closing this one does nothing and it never warns."""

    def close(self) -> None:
        """Nothing to close: the loop thread and the pool belong to the client this one was made from."""

    def __del__(self) -> None:
        pass


class SyncRawResource:
    """``with_raw_response`` for blocking code: the same names, each call returning an ``APIResponse``."""

    def __init__(self, raw: RawResource, loop: LoopThread) -> None:
        self._raw = raw
        self._loop = loop

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        target = getattr(self._raw, name)
        if isinstance(target, RawResource):
            return SyncRawResource(target, self._loop)
        return functools.partial(self._loop.call, target)
