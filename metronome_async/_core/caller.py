"""Warnings that point at the caller's line: the first frame outside the SDK and asyncio, whichever client
made the call and however deep in the SDK (a blocking twin, a pager, a coroutine run by a task) it is."""

from __future__ import annotations

import sys
import warnings
from types import FrameType

__all__ = ["warn_at_caller"]

_NOT_THE_CALLER = frozenset({"metronome_async", "asyncio", "backports"})  # backports.asyncio.runner: 3.10


def warn_at_caller(message: str, category: type[Warning], *, unless_from: tuple[str, ...] = ()) -> None:
    """``warnings.warn(message, category)`` attributed to the caller's code, so that the warning names the
    line to change (and the default filters, which show a ``DeprecationWarning`` raised by ``__main__``'s
    code, show it). Nothing is said when the SDK's own modules ``unless_from`` made the call on the caller's
    behalf (a workflow that reads a customer's plans, so as to end them)."""
    frame: FrameType | None = sys._getframe()
    level = 1
    while (
        frame is not None
        and (module := frame.f_globals.get("__name__", "")).partition(".")[0] in _NOT_THE_CALLER
    ):
        if unless_from and module.startswith(unless_from):
            return
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
