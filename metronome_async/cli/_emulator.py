"""``metronome-async emulator``: serve the embedded Metronome until Ctrl+C (or SIGTERM).

Its first lines are a contract that scripts and tests parse: ``Metronome emulator at URL``, ``API key: KEY``,
then ``Plan NAME: ID`` for each ``--plan``, ``Rate card NAME: ID`` for each ``--rate-card`` and
``Custom field key ENTITY:KEY`` for each ``--custom-field``. With ``--json``, those lines go to stderr and
stdout has one JSON object saying the same, once everything is seeded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import signal
import socket
from typing import TYPE_CHECKING, Any

from metronome_async._core import validate as check
from metronome_async.cli._common import (
    CommandError,
    Exit,
    accepted_by,
    add_json_option,
    emit_json,
    summary_stream,
    whole_number,
)
from metronome_async.cli._invocation import invocation
from metronome_async.models import CustomFieldEntity

if TYPE_CHECKING:  # the emulator is imported only when the command runs
    from metronome_async.testing import FakeMetronome

__all__ = ["register"]

RECORD_LIMIT = 1000  # exchanges kept in memory by default: a long-running emulator must not grow forever


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535 (0 picks a free one), got {value}")
    return value


def _custom_field_key(text: str) -> tuple[str, str]:
    """``ENTITY:KEY`` (``customer:tier``) as (entity, key)."""
    entity, colon, key = text.partition(":")
    entities = [member.value for member in CustomFieldEntity]
    if not colon or not entity or not key:
        raise argparse.ArgumentTypeError(f"expected ENTITY:KEY, such as customer:tier, got {text!r}")
    if entity not in entities:
        known = ", ".join(entities)
        raise argparse.ArgumentTypeError(f"unknown entity {entity!r} in {text!r}; one of: {known}")
    return entity, key


def _host_at_fault(error: OSError, host: str) -> bool:
    """Whether listening failed for the host (not an address of this machine) rather than for the port."""
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return True
    if error.errno is not None:
        return False
    try:  # Python 3.13 drops the errno ("could not bind on any address"): bind the host alone to tell
        for family, kind, proto, _, address in socket.getaddrinfo(host, 0, type=socket.SOCK_STREAM):
            with socket.socket(family, kind, proto) as probe:
                probe.bind(address)
    except OSError:
        return True
    return False


def configured_fake(args: argparse.Namespace) -> FakeMetronome:
    """The embedded Metronome the command line asks for, not started."""
    from metronome_async.testing import FakeMetronome

    return FakeMetronome(host=args.host, port=args.port, api_key=args.api_key, record_limit=args.record_limit)


async def _emulator(args: argparse.Namespace) -> int:
    fake = configured_fake(args)
    try:
        await fake.start()
    except OSError as exc:
        fix = (
            "check --host" if _host_at_fault(exc, args.host) else "choose another --port (0 picks a free one)"
        )
        raise CommandError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}; {fix}", Exit.USAGE
        ) from None
    out = summary_stream(args)
    try:
        print(f"Metronome emulator at {fake.url}", file=out)
        print(f"API key: {fake.api_key}", file=out)
        plans = [{"name": name, "id": fake.create_plan(name=name)} for name in args.plan]
        rate_cards = [{"name": name, "id": fake.create_rate_card(name=name)} for name in args.rate_card]
        for kind, made in (("Plan", plans), ("Rate card", rate_cards)):
            for item in made:
                print(f"{kind} {item['name']}: {item['id']}", file=out)
        for entity, key in args.custom_field:
            fake.add_custom_field_key(entity, key)
            print(f"Custom field key {entity}:{key}", file=out)
        if args.seed_customers:
            fake.seed_customers(args.seed_customers)
            print(f"Seeded {args.seed_customers} customers", file=out)
        if args.json:
            started = {
                "url": fake.url,
                "api_key": fake.api_key,
                "plans": plans,
                "rate_cards": rate_cards,
                "custom_field_keys": [f"{entity}:{key}" for entity, key in args.custom_field],
                "seeded_customers": args.seed_customers or 0,
            }
            emit_json(started, redacted=False)
        environment = f"METRONOME_BASE_URL={fake.url} METRONOME_API_KEY={fake.api_key}"
        run = invocation(new_shell=True)
        setup = "" if run.setup is None else f"{run.setup} && "
        print(f"Try, in another shell: {setup}{environment} {run.command} customers list", file=out)
        print("Press Ctrl+C to stop.", file=out, flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            # Windows has no signal handlers in asyncio: Ctrl+C raises KeyboardInterrupt there instead.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        print("Stopped.", file=out)
    finally:
        await fake.stop()
    return Exit.OK


def register(commands: Any) -> None:
    emulator = commands.add_parser(
        "emulator",
        help="serve the embedded Metronome until interrupted",
        description="Serve the embedded Metronome over HTTP (the official API, its rules, in memory) until "
        "Ctrl+C. It prints its URL and API key: point METRONOME_BASE_URL and METRONOME_API_KEY at them.",
    )
    emulator.add_argument("--port", type=_port, default=0, help="port to listen on (default: any free port)")
    emulator.add_argument(
        "--host",
        type=accepted_by(check.text),
        default="127.0.0.1",
        help="address to listen on (default: %(default)s)",
    )
    emulator.add_argument(
        "--api-key",
        type=accepted_by(check.text),
        metavar="KEY",
        help="the key the emulator accepts, printed at start (default: a random one); never a real key",
    )
    emulator.add_argument(
        "--plan",
        type=accepted_by(check.text),
        action="append",
        default=[],
        metavar="NAME",
        help="create a plan at start (repeatable)",
    )
    emulator.add_argument(
        "--rate-card",
        type=accepted_by(check.text),
        action="append",
        default=[],
        metavar="NAME",
        help="create a rate card at start, for contracts (repeatable)",
    )
    emulator.add_argument(
        "--custom-field",  # not --custom-field-key: the command line hides the value of any --...-key
        action="append",
        default=[],
        type=_custom_field_key,
        metavar="ENTITY:KEY",
        help="register a custom-field key at start, as client.custom_fields.add_key does: customer:tier "
        "lets customers (and a CSV column custom_fields.tier) carry a tier (repeatable)",
    )
    emulator.add_argument(
        "--seed-customers", type=whole_number(1), metavar="N", help="start with N customers already there"
    )
    emulator.add_argument(
        "--record-limit",
        type=whole_number(0),
        default=RECORD_LIMIT,
        metavar="N",
        help="keep only the last N exchanges in memory (0: none; default: %(default)s)",
    )
    add_json_option(
        emulator,
        "url, api_key, plans and rate_cards (each a name and its id, in the order given), custom_field_keys "
        "(ENTITY:KEY), seeded_customers (how many); printed once all of them exist",
    )
    emulator.set_defaults(handler=_emulator)
