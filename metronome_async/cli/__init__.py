"""The ``metronome-async`` command (also ``python -m metronome_async``).

Exit codes: 0 success; 1 Metronome answered with an error, an item failed, an archive was refused, a webhook
did not verify, or an unexpected error (a bug: ``--debug`` shows its traceback); 2 the command line, the
configuration or an input file is wrong (nothing was sent); 3 Metronome could not be reached; 4 (reconcile)
changes are planned, not applied; 5 (reconcile) conflicts; 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from metronome_async._version import __version__
from metronome_async.cli import (
    _archive,
    _customers,
    _demo,
    _emulator,
    _ingest,
    _offboard,
    _provision,
    _reconcile,
    _webhooks,
)
from metronome_async.cli._common import (
    CommandError,
    Exit,
    Handler,
    Parser,
    command_line,
    in_cli_words,
    redact,
)
from metronome_async.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    InternalServerError,
    MetronomeError,
    PermissionDeniedError,
    RateLimitError,
    SourceError,
)

__all__ = ["main"]

EPILOG = """\
exit codes:
  0    success
  1    Metronome answered with an error, a customer failed to provision, an archive was refused,
       a webhook did not verify, or an unexpected error (a bug: --debug shows its traceback)
  2    usage: a bad command line, missing API key, bad --base-url, or a bad input file (nothing was sent)
  3    Metronome could not be reached (connection refused, DNS, timeout), even after retries
  4    reconcile: changes are planned, not applied
  5    reconcile: conflicts (changes that cannot be applied without touching what is not ours)
  130  interrupted (Ctrl+C)

environment:
  METRONOME_API_KEY (or METRONOME_BEARER_TOKEN), METRONOME_BASE_URL, METRONOME_WEBHOOK_SECRET

Run `metronome-async COMMAND --help` for a command's options."""


class _TopFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps each command's help on its own line (argparse measures subcommands at the wrong indent)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=28)
        self._action_max_length = max(self._action_max_length, 14)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="metronome-async",
        description="Metronome from the command line: the guide's demo, an emulator, customers, bulk\n"
        "provisioning, archiving, webhook verification.",
        epilog=EPILOG,
        formatter_class=_TopFormatter,
    )
    parser.add_argument("--version", action="version", version=f"metronome-async {__version__}")
    parser.set_defaults(debug=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    for module in (
        _demo,
        _emulator,
        _customers,
        _provision,
        _reconcile,
        _ingest,
        _offboard,
        _archive,
        _webhooks,
    ):
        module.register(commands)
    return parser


def _explain(error: BaseException, args: argparse.Namespace) -> tuple[str, Exit]:
    """What to tell the user about an error, and the exit code."""
    base_url = getattr(args, "resolved_base_url", None) or getattr(args, "base_url", None) or "?"
    where = f" on {error.method} {error.path}" if isinstance(error, APIStatusError) and error.method else ""
    if isinstance(error, CommandError):
        return error.message, error.code
    if isinstance(error, SourceError) and isinstance(error.__cause__, CommandError):
        # the command's reading of its file stopped it part-way: what was read before was done
        return (
            f"{error.__cause__.message}; the {error.read} read before that were finished",
            error.__cause__.code,
        )
    if isinstance(error, APITimeoutError):
        return (
            f"Metronome at {base_url} did not answer in time, even after retries; "
            "try again, or raise --timeout",
            Exit.UNREACHABLE,
        )
    if isinstance(error, APIConnectionError):
        cause = error.__cause__ or error.message
        return (
            f"cannot reach Metronome at {base_url}: {cause}\n"
            "Check --base-url (or METRONOME_BASE_URL) and your network, then try again.",
            Exit.UNREACHABLE,
        )
    if isinstance(error, AuthenticationError):
        return (
            f"Metronome at {base_url} refused the API key (401: {error.message}); "
            "check --api-key or METRONOME_API_KEY",
            Exit.FAILED,
        )
    if isinstance(error, PermissionDeniedError):
        return f"the API key may not do this (403: {error.message}){where}", Exit.FAILED
    if isinstance(error, RateLimitError):
        return (
            f"Metronome is still rate limiting (429) after retries{where}; wait, then try again",
            Exit.FAILED,
        )
    if isinstance(error, InternalServerError):
        return (
            f"Metronome failed ({error.status_code}: {error.message}){where}, even after retries; "
            "try again later",
            Exit.FAILED,
        )
    if isinstance(error, APIStatusError):
        said = in_cli_words(error.message, args)
        return f"Metronome refused the request ({error.status_code}: {said}){where}", Exit.FAILED
    if isinstance(error, MetronomeError):
        return in_cli_words(str(error), args), Exit.FAILED
    return "", Exit.FAILED  # a bug: the command checks its arguments itself, before anything is sent


def _run(handler: Handler, args: argparse.Namespace) -> int:
    try:
        return asyncio.run(handler(args))
    except KeyboardInterrupt:
        hint = getattr(args, "interrupt_hint", None)
        print(f"\ninterrupted{'; ' + hint if hint else ''}", file=sys.stderr)
        return Exit.INTERRUPTED
    except BrokenPipeError:  # `... | head`: the reader has what it wanted
        _silence_stdout()
        return Exit.OK
    except Exception as error:
        message, code = _explain(error, args)
        if not message or (args.debug and not isinstance(error, CommandError)):
            if not message:
                said = " ".join(str(error).split())  # on one line
                message = f"unexpected {type(error).__name__}: {said} (a bug: please report it"
                message += " with the traceback)" if args.debug else "; rerun with --debug for the traceback)"
            if args.debug:
                traceback.print_exc()
        print(f"error: {redact(message)}", file=sys.stderr)
        return code


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    command_line.set(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    if args.debug:
        logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
        logging.getLogger("metronome_async").setLevel(logging.DEBUG)
    code = _run(args.handler, args)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    return int(code)
