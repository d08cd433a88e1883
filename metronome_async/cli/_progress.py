"""The bulk commands' progress display: a tqdm bar on a terminal when tqdm is installed, else a plain line
every few seconds and a last one at the end."""

from __future__ import annotations

import importlib
import time
from typing import IO, Any

__all__ = ["MODES", "Progress", "duration"]

MODES = ("auto", "bar", "lines", "none")


class Progress:
    """Counts what is done (and failed) of ``total`` ``unit``s and shows it as ``mode`` asks."""

    def __init__(self, total: int, mode: str, stream: IO[str], unit: str, interval: float = 2.0) -> None:
        self.total = total
        self.stream = stream
        self.interval = interval
        self.done = 0
        self.failed = 0
        self.started = self.last = time.monotonic()
        self.bar: Any = None
        self.enabled = mode != "none"
        if mode in ("auto", "bar"):
            tqdm = _tqdm()
            if tqdm is not None and (mode == "bar" or stream.isatty()):
                self.bar = tqdm(total=total, unit=unit, file=stream, dynamic_ncols=True, smoothing=0.1)
            elif mode == "bar":
                print(
                    "note: no progress bar: tqdm is not installed (pip install tqdm, the 'cli' extra); "
                    "printing progress lines instead",
                    file=stream,
                )

    def advance(self, count: int, failed: int = 0) -> None:
        """``count`` more are done, ``failed`` of them failed."""
        self.done += count
        self.failed += failed
        if self.bar is not None:
            if failed:
                self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(count)
            return
        now = time.monotonic()
        if self.enabled and (now - self.last >= self.interval or self.done >= self.total):
            self.last = now
            self._line(now)

    def _line(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        percent = 100 * self.done // max(self.total, 1)
        eta = duration(left)
        print(
            f"  {self.done}/{self.total} ({percent}%)  {rate:.1f}/s  ETA {eta}  failed {self.failed}",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _tqdm() -> Any:
    try:
        return importlib.import_module("tqdm").tqdm
    except ImportError:
        return None


def duration(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.1f}s"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
