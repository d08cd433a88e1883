"""What every benchmark shares: the server process, client subprocesses, meters, medians and the table."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


# ---------------------------------------------------------------------------------------------- the server


@dataclass(frozen=True)
class ServerInfo:
    url: str
    api_key: str
    customer_id: str
    customers: int

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServerInfo:
        return cls(**json.loads(text))


@contextmanager
def server_process(
    customers: int, rate_limit: float | None = None, statuses: dict[str, int] | None = None
) -> Iterator[ServerInfo]:
    """``benchmarks/server.py`` in its own process, seeded with ``customers``; stopped on exit. With
    ``rate_limit`` it answers 429 beyond that many requests a second, and on exit fills ``statuses`` (if
    given) with how many requests it answered with each status."""
    command = [PYTHON, str(HERE / "server.py"), "--customers", str(customers)]
    command += [] if rate_limit is None else ["--rate-limit", str(rate_limit)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdin is not None and process.stdout is not None
    try:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the benchmark server exited with {process.wait()}")
        yield ServerInfo.from_json(line)
    finally:
        process.stdin.close()  # the server stops when its standard input closes
        if rate_limit is not None and statuses is not None:
            statuses.update(json.loads(process.stdout.readline() or "{}"))
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ------------------------------------------------------------------------------------- client subprocesses


def run_client(case: str, library: str, server: ServerInfo, **options: Any) -> dict[str, Any]:
    """Run ``benchmarks/cases.py CASE LIBRARY`` in a fresh process and return the JSON it prints last."""
    command = [PYTHON, str(HERE / "cases.py"), case, library, "--server", server.to_json()]
    for name, value in options.items():
        command += [f"--{name.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=client_env(options))
    if done.returncode != 0:
        raise RuntimeError(f"{case} {library} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def client_env(options: dict[str, Any]) -> dict[str, str]:
    """The environment of a client process; ``json="stdlib"`` hides orjson from it (and from the SDK)."""
    env = dict(os.environ)
    if options.get("json") == "stdlib":
        env["BENCHMARK_NO_ORJSON"] = "1"
    return env


@dataclass
class Paired:
    """One figure measured in pairs of runs, ours then the baseline's, pair after pair: on a machine whose
    load comes and goes, the two runs of a pair see about the same load, so the ratio of each pair is
    trustworthy where the figures alone are not. The ratio reported is the median of the pairs' ratios."""

    mine: list[float]
    other: list[float]

    @property
    def ratios(self) -> list[float]:
        """Each pair's ratio (a pair whose baseline figure is 0, such as no memory growth, has none)."""
        return [m / o for m, o in zip(self.mine, self.other, strict=True) if o]

    def summary(self) -> dict[str, Any]:
        ratios = self.ratios or [float("nan")]
        return {
            "mine": median(self.mine),
            "other": median(self.other),
            "ratio": median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
            "pairs": len(self.mine),
            "mine_runs": self.mine,
            "other_runs": self.other,
        }


def paired_clients(
    case: str, mine: str, other: str, server: ServerInfo, pairs: int, **options: Any
) -> dict[str, dict[str, Any]]:
    """``pairs`` pairs of fresh ``run_client`` processes (``mine``, then ``other``); per result field, the
    ``Paired.summary``."""
    runs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for _ in range(pairs):
        ours = run_client(case, mine, server, **options)
        runs.append((ours, run_client(case, other, server, **options)))
    fields = [f for f, v in runs[0][0].items() if isinstance(v, (int, float))]
    return {f: Paired([a[f] for a, _ in runs], [b[f] for _, b in runs]).summary() for f in fields}


def paired_workers(
    case: str, mine: str, other: str, server: ServerInfo, pairs: int, requests: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """A worker each for ``mine`` and ``other``, asked each of ``requests`` (result field -> request) in
    pairs, ``mine`` then ``other``, ``pairs`` times; per field, the ``Paired.summary`` of ``us_per_call``."""
    workers = Worker(case, mine, server), Worker(case, other, server)
    try:
        paired = {field: Paired([], []) for field in requests}
        for _ in range(pairs):
            for field, request in requests.items():
                paired[field].mine.append(workers[0].ask(request)["us_per_call"])
                paired[field].other.append(workers[1].ask(request)["us_per_call"])
        return {field: p.summary() for field, p in paired.items()}
    finally:
        for worker in workers:
            worker.close()


class Worker:
    """A ``cases.py calls|sync LIBRARY`` process: one JSON request line in, one JSON answer line out."""

    def __init__(self, case: str, library: str, server: ServerInfo) -> None:
        self.name = f"{case} {library}"
        command = [PYTHON, str(HERE / "cases.py"), case, library, "--server", server.to_json()]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name} exited with {self._process.wait()} (its error is above)")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()  # the worker stops at the end of its input
        self._process.wait(timeout=30)


def interleaved_workers(
    case: str, libraries: Sequence[str], server: ServerInfo, rounds: int, requests: dict[str, dict[str, Any]]
) -> dict[str, dict[str, float]]:
    """One worker per library, asked each of ``requests`` (result field -> request) in turn for ``rounds``
    rounds; each figure is the median ``us_per_call`` over the rounds."""
    workers = [Worker(case, library, server) for library in libraries]
    try:
        runs: dict[str, list[dict[str, float]]] = {library: [] for library in libraries}
        for _ in range(rounds):
            for library, worker in zip(libraries, workers, strict=True):
                runs[library].append({f: worker.ask(r)["us_per_call"] for f, r in requests.items()})
        return {library: medians(results) for library, results in runs.items()}
    finally:
        for worker in workers:
            worker.close()


def medians(results: Sequence[dict[str, float]]) -> dict[str, float]:
    """Field by field, the median over several runs' results."""
    return {field: median([result[field] for result in results]) for field in results[0]}


# ------------------------------------------------------------------------------------------------ meters


def max_rss_bytes() -> int:
    """This process's peak resident set so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class Meter:
    """CPU (all threads of this process), wall time and peak-RSS growth between ``start`` and ``stop``."""

    cpu: float = 0.0
    wall: float = 0.0
    rss_growth: int = 0

    def start(self) -> Meter:
        self._cpu, self._wall, self._rss = time.process_time(), time.perf_counter(), max_rss_bytes()
        return self

    def stop(self) -> Meter:
        self.cpu = time.process_time() - self._cpu
        self.wall = time.perf_counter() - self._wall
        self.rss_growth = max_rss_bytes() - self._rss
        return self


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# ------------------------------------------------------------------------------------------------- table


def ratio(mine: float | None, other: float | None) -> str:
    if mine is None or other is None or other == 0:
        return "-"
    return f"{mine / other:.2f}x"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table, readable as plain text too."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def machine() -> str:
    model = "unknown CPU"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                model = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.platform()}"


def revision(checkout: str | Path = HERE.parent) -> str:
    """The commit measured (of this checkout, or another), and whether metronome_async/ had uncommitted
    changes."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(checkout), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    return commit + (" + uncommitted changes" if git("status", "--porcelain", "metronome_async") else "")


def load_average() -> str:
    """The 1-minute load average: on 2 cores, above ~0.5 before a run means someone else is busy."""
    return f"{os.getloadavg()[0]:.2f}"
