"""What every command shares: exit codes, the connection options, the client, output files, and messages
that say what to do without ever showing a secret."""

from __future__ import annotations

import argparse
import contextvars
import enum
import json
import math
import os
import re
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import IO, Any

from metronome_async import AsyncMetronome
from metronome_async.models import Model

__all__ = [
    "SECRET_VARIABLES",
    "CommandError",
    "Exit",
    "Handler",
    "Parser",
    "accepted_by",
    "add_connection_options",
    "add_json_option",
    "dumps_line",
    "emit_json",
    "in_cli_words",
    "make_client",
    "open_output",
    "reachable_client",
    "redact",
    "summary_stream",
    "whole_number",
]

SECRET_VARIABLES = ("METRONOME_API_KEY", "METRONOME_BEARER_TOKEN", "METRONOME_WEBHOOK_SECRET")

command_line: contextvars.ContextVar[Sequence[str] | None] = contextvars.ContextVar(
    "command_line", default=None
)
"""The arguments ``main`` was given (``sys.argv[1:]`` when it was given none): where typed secrets are."""


class Exit(enum.IntEnum):
    """The exit codes scripts can rely on."""

    OK = 0
    FAILED = 1
    """Metronome answered with an error, an item failed, an archive was refused, a webhook did not verify."""
    USAGE = 2
    """The command line, the configuration or an input file is wrong; nothing was sent."""
    UNREACHABLE = 3
    """Metronome could not be reached (connection refused, DNS, timeout) even after retries."""
    CHANGES = 4
    """reconcile: changes are planned and not applied."""
    CONFLICTS = 5
    """reconcile: changes that cannot be applied without touching what is not ours."""
    INTERRUPTED = 130


class CommandError(Exception):
    """A failure the command explains itself: the message for stderr and the exit code."""

    def __init__(self, message: str, code: Exit = Exit.FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


Handler = Callable[[argparse.Namespace], Coroutine[Any, Any, int]]


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors that never echo a secret typed on the command line, and ``--debug``
    wherever it is typed (before the command or after it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument(  # set only where typed: a command's parser leaves the one before it alone
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="log every request, and show the traceback of an unexpected error",
        )

    def error(self, message: str) -> Any:  # argparse types it NoReturn; it exits
        self.print_usage(sys.stderr)
        self.exit(Exit.USAGE, f"{self.prog}: error: {redact(message)}\n")


# --- secrets ------------------------------------------------------------------------------------------------

_SECRET_OPTION = re.compile(r"^--?[\w-]*(key|token|secret|password)[\w-]*$", re.IGNORECASE)


def _secret_values(argv: Sequence[str]) -> set[str]:
    """Values that must never be shown: the secret variables, and what follows any option that looks like
    it takes a secret (``--api-key X``, ``--secret=X``, and mistyped ones like ``--apikey X``)."""
    values = {os.environ[name] for name in SECRET_VARIABLES if os.environ.get(name)}
    for index, token in enumerate(argv):
        name, equals, value = token.partition("=")
        if not _SECRET_OPTION.match(name):
            continue
        if equals:
            values.add(value)
        elif index + 1 < len(argv):
            values.add(argv[index + 1])
    return {value for value in values if len(value) >= 4}


def redact(text: str) -> str:
    """``text`` with every secret value replaced by ``<redacted>``."""
    argv = command_line.get()
    for value in sorted(_secret_values(sys.argv[1:] if argv is None else argv), key=len, reverse=True):
        text = text.replace(value, "<redacted>")
    return text


# --- options and the client ---------------------------------------------------------------------------------


def accepted_by(check_value: Callable[[str, Any], Any]) -> Callable[[str], str]:
    """An argparse type: the text as typed, once the SDK's ``check_value`` accepts it; else the SDK's reason,
    which argparse shows under the argument's name as the user wrote it."""

    def parse(text: str) -> str:
        try:
            check_value("it", text)
        except (TypeError, ValueError) as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix("it ")) from None
        return text

    return parse


def whole_number(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from ``minimum`` (to ``maximum``); its errors state that range."""
    wanted = f"from {minimum} to {maximum}" if maximum is not None else f"of {minimum} or more"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"expected a whole number {wanted}, got {text!r}")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:  # the SDK takes a finite timeout
        raise argparse.ArgumentTypeError(f"expected a finite number of seconds more than 0, got {text!r}")
    return value


def add_connection_options(parser: argparse.ArgumentParser, *, base_url_help: str | None = None) -> None:
    group = parser.add_argument_group("connecting to Metronome")
    group.add_argument(
        "--base-url",
        metavar="URL",
        help=base_url_help
        or "Metronome's address (default: $METRONOME_BASE_URL, else https://api.metronome.com)",
    )
    group.add_argument(
        "--api-key",
        metavar="KEY",
        help="the API key (default: $METRONOME_API_KEY, else $METRONOME_BEARER_TOKEN); prefer the "
        "variable: a key on the command line is visible in `ps` and stays in your shell history",
    )
    group.add_argument(
        "--timeout",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="per attempt (default: %(default)g)",
    )
    group.add_argument(
        "--max-retries",
        type=whole_number(0),
        default=3,
        metavar="N",
        help="retries of a connection error, timeout, 429 or 5xx (default: %(default)s)",
    )
    group.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow plain http:// to a host that is not loopback (the API key would travel in clear)",
    )


_SDK_ARGUMENT = re.compile(r"(?<![\w./:-])(api_key|base_url|allow_insecure_http)(=\S*)?(?![\w./-])")
"""The client's arguments the connection options set, as the SDK's messages name them (``api_key=...``)."""


def in_cli_words(message: str, args: argparse.Namespace) -> str:
    """An SDK message with the client's arguments named as the user set them: the option, or the variable
    the value came from."""
    options = {
        "api_key": "--api-key",
        "base_url": "--base-url" if getattr(args, "base_url", None) else "METRONOME_BASE_URL",
        "allow_insecure_http": "--allow-insecure-http",
    }
    return _SDK_ARGUMENT.sub(lambda match: options[match[1]], message)


def make_client(args: argparse.Namespace, *, max_concurrency: int | None = None) -> AsyncMetronome:
    """The client the connection options describe; a missing key or a bad URL is a usage error."""
    extra: dict[str, Any] = {} if max_concurrency is None else {"max_concurrency": max_concurrency}
    try:
        client = AsyncMetronome(
            api_key=args.api_key,
            base_url=args.base_url,
            timeout=args.timeout,
            max_retries=args.max_retries,
            allow_insecure_http=args.allow_insecure_http,
            **extra,
        )
    except ValueError as exc:
        message = str(exc).replace("api_key is missing", "no API key")
        raise CommandError(in_cli_words(message, args), Exit.USAGE) from None
    args.resolved_base_url = client.base_url  # for messages about reaching it
    return client


@asynccontextmanager
async def reachable_client(
    args: argparse.Namespace, *, max_concurrency: int
) -> AsyncIterator[AsyncMetronome]:
    """``make_client``'s client once Metronome has answered it, so a wrong URL or key fails before a job."""
    async with make_client(args, max_concurrency=max_concurrency) as client:
        async for _ in client.customers.list(limit=1):
            break
        yield client


# --- output -------------------------------------------------------------------------------------------------


def dumps_line(data: Any) -> str:
    """``data`` as JSON on one line; a model as its ``to_dict()``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, Model):
        return value.to_dict()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def add_json_option(parser: argparse._ActionsContainer, keys: str) -> None:
    """``--json``: the command's result as one JSON object on stdout, with the ``keys`` described."""
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the result as one JSON object, on one line of stdout, for scripts (the summary, "
        f"progress and warnings go to stderr; the exit code is the same); its keys: {keys}",
    )


def emit_json(data: dict[str, Any], *, redacted: bool = True) -> None:
    """A ``--json`` result: one line on stdout, flushed at once (a script may read it while the command
    runs on, as it does the emulator's). Any secret in it is ``<redacted>``, as in an error message, unless
    not ``redacted`` (the emulator's own key, which it exists to tell)."""
    line = dumps_line(data)
    print(redact(line) if redacted else line, flush=True)


def summary_stream(args: argparse.Namespace) -> IO[str]:
    """Where a command's words for a person go: stdout, or stderr when ``--json`` has stdout."""
    return sys.stderr if getattr(args, "json", False) else sys.stdout


@contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """stdout for ``None`` or ``-``; otherwise a file written under a temporary name and renamed into place
    only when the command succeeds, so a failed run never leaves a file that looks complete."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed only on success
            "w",
            encoding="utf-8",
            newline="",
            dir=target.parent if str(target.parent) else ".",
            prefix=f".{target.name}.",
            suffix=".part",
            delete=False,
        )
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}", Exit.USAGE) from None
    try:
        with handle:
            yield handle
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)  # as an ordinary new file, not the temporary file's 0600
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
