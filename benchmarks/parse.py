"""Parsing a large answer: CPU and memory per parsed contract, ours and the official SDK's, each in its own
process; the answer is ``big_contract.py``'s (a ``POST /v2/contracts/get`` answer with ledgers).

    python benchmarks/parse.py [--pairs 5] [--seconds 1.0]   # every parser, in pairs; prints the figures
    python benchmarks/parse.py PARSER [--seconds 1.0]        # one parser, in this process: one JSON line

The answer's bytes are in memory before the clock starts; each parse decodes them (``orjson.loads`` for every
parser, metronome_async's decoder: the official SDK's own, httpx's ``response.json()``, is the standard
library's ``json``; ``BENCHMARK_NO_ORJSON=1`` makes it ``json`` for all) and reads the result, as each client
does after the body has arrived. Parsers:

- ``metronome_async``: what ``client.contracts.retrieve`` does with the answer (the hand ``Contract``, whose
  pricing arrays stay dicts);
- ``metronome_async-generated``: the generator's ``ContractV2`` model (every field typed, down to the ledger
  entries), read as a generated operation reads ``{"data": ...}``. The committed models do not have it yet
  (``contracts.retrieve`` is still hand-written), so this process writes it with ``tools/generate``, as the
  generator will once that operation is generated;
- ``official``: what ``metronome.Metronome().v2.contracts.retrieve`` does by default:
  ``_process_response_data`` into ``ContractRetrieveResponse``, which constructs the pydantic models without
  validating them;
- ``official-strict``: the same with ``_strict_response_validation=True`` (pydantic validation; ours always
  checks types);
- ``decode``: ``loads`` alone, the floor.

Figures: CPU (``time.process_time``) per parse, over ``--seconds`` of parsing after a warm-up (our structure
hooks and pydantic's are built by then), and the memory the parsed answer keeps (``tracemalloc``, after a
garbage collection). The official SDK 4.12's strict validation requires a ``created_at`` on each subscription,
which the spec does not declare: its process adds one to each of the five.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

if os.environ.get("BENCHMARK_NO_ORJSON"):  # every parser decodes with json
    sys.modules["orjson"] = None  # type: ignore[assignment]

from _harness import PYTHON, Paired
from big_contract import ROOT, answer, describe

try:
    from orjson import loads
except ImportError:
    from json import loads  # type: ignore[assignment]


PARSERS = ("metronome_async", "metronome_async-generated", "official", "official-strict", "decode")
WARM_UP = 3


def ours_hand() -> Callable[[Any], Any]:
    from metronome_async.models import Contract
    from metronome_async.resources._base import _object_of

    return _object_of(Contract)  # client.contracts.retrieve's parse


def ours_generated() -> Callable[[Any], Any]:
    import types

    sys.path.insert(0, str(ROOT))
    from metronome_async.resources._answers import data
    from tools.generate.models import ModelWriter
    from tools.generate.spec import load_spec

    writer = ModelWriter(load_spec())
    annotation, _ = writer.answer_type({"$ref": "#/components/schemas/ContractV2"}, "ContractV2", "contracts")
    source = writer.write()["metronome_async/models/_contracts.py"]  # only this area's answer: all in one
    # In memory only, named as a generated module of metronome_async.models: the SDK writes its own hooks for
    # those (cattrs' are for other classes), and they look the annotations up there.
    module = types.ModuleType("metronome_async.models._contracts_v2")
    sys.modules[module.__name__] = module
    exec(compile(source, "<generated ContractV2 models>", "exec"), module.__dict__)
    return data(getattr(module, annotation))  # as a generated operation reads {"data": ContractV2}


def official(strict: bool) -> Callable[[], Callable[[Any], Any]]:
    def make() -> Callable[[Any], Any]:
        from metronome import Metronome
        from metronome.types.v2 import ContractRetrieveResponse

        client = Metronome(
            bearer_token="benchmark", base_url="http://127.0.0.1:9", _strict_response_validation=strict
        )

        def parse(data: Any) -> Any:  # what the client does with response.json()'s value
            return client._process_response_data(data=data, cast_to=ContractRetrieveResponse, response=None)  # type: ignore[arg-type]

        return parse

    return make


MAKERS: dict[str, Callable[[], Callable[[Any], Any]]] = {
    "metronome_async": ours_hand,
    "metronome_async-generated": ours_generated,
    "official": official(strict=False),
    "official-strict": official(strict=True),
    "decode": lambda: lambda data: data,
}


def measure(parser: str, seconds: float) -> dict[str, Any]:
    """Run in the parser's own process: CPU per parse (decoding included), the first parse, memory kept."""
    data = answer()
    if parser == "official-strict":
        for subscription in data["data"][
            "subscriptions"
        ]:  # the SDK requires it, the spec does not declare it
            subscription["created_at"] = data["data"]["created_at"]
    body = json.dumps(data, separators=(",", ":")).encode()
    read = MAKERS[parser]()

    def parse() -> Any:
        return read(loads(body))

    for _ in range(WARM_UP):
        parse()
    done, started = 0, time.process_time()
    while (cpu := time.process_time() - started) < seconds:
        parse()
        done += 1
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = parse()
    gc.collect()
    kept_bytes = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del kept
    return {"us_per_parse": cpu / done * 1e6, "kept_kib": kept_bytes / 1024}


def run_parser(parser: str, seconds: float) -> dict[str, Any]:
    """``measure`` in a fresh process."""
    command = [PYTHON, __file__, parser, "--seconds", str(seconds)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"parse {parser} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def paired_parsers(pairs: int, seconds: float) -> dict[str, Any]:
    """Every parser in a fresh process, in turn, ``pairs`` times; ours against the official SDK (and against
    decoding alone) pair by pair, as in ``_harness.Paired``."""
    runs: dict[str, list[dict[str, Any]]] = {parser: [] for parser in PARSERS}
    for _ in range(pairs):
        for parser in PARSERS:
            runs[parser].append(run_parser(parser, seconds))

    def figures(parser: str, field: str) -> list[float]:
        return [run[field] for run in runs[parser]]

    result: dict[str, Any] = {"answer": describe(answer()), "pairs": pairs, "runs": runs}
    result["medians"] = {
        parser: {field: statistics.median(figures(parser, field)) for field in runs[parser][0]}
        for parser in PARSERS
    }
    for mine in ("metronome_async", "metronome_async-generated"):
        for other in ("official", "official-strict", "decode"):
            result[f"{mine} vs {other}"] = Paired(
                figures(mine, "us_per_parse"), figures(other, "us_per_parse")
            ).summary()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parser", nargs="?", choices=PARSERS, help="one parser, in this process")
    parser.add_argument("--seconds", type=float, default=1.0, help="CPU seconds of parsing per run")
    parser.add_argument("--pairs", type=int, default=5, help="rounds of every parser (without PARSER)")
    args = parser.parse_args()
    if args.parser:
        print(json.dumps(measure(args.parser, args.seconds)))
        return
    result = paired_parsers(args.pairs, args.seconds)
    print(result["answer"])
    for name, figures in result["medians"].items():
        print(f"{name:26} {figures['us_per_parse']:10,.0f} µs a parse, {figures['kept_kib']:8,.0f} KiB kept")
    for key, paired in result.items():
        if " vs " in key:
            print(f"{key:45} {paired['ratio']:.2f}x ({paired['ratio_min']:.2f}-{paired['ratio_max']:.2f})")


if __name__ == "__main__":
    main()
