"""``metronome-async webhooks verify``: check a delivery's signature, as your endpoint would."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from metronome_async.cli._common import CommandError, Exit, add_json_option, emit_json, summary_stream
from metronome_async.errors import WebhookVerificationError
from metronome_async.webhooks import DATE_HEADER, SIGNATURE_HEADER, unwrap
from metronome_async.webhooks._signature import SECRET_VARIABLE, resolve_secret

__all__ = ["register"]


def _header(text: str) -> tuple[str, str]:
    name, colon, value = text.partition(":")
    if not colon or not name.strip():
        raise argparse.ArgumentTypeError(f"expected 'Name: value', got {text[:40]!r}")
    return name.strip(), value.strip()


def _read_body(path: str | None) -> bytes:
    if path is None or path == "-":
        if path is None and sys.stdin.isatty():
            raise CommandError("no body: pass --body FILE, or pipe the raw body on stdin", Exit.USAGE)
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise CommandError(f"cannot read --body {path}: {exc.strerror or exc}", Exit.USAGE) from None


def _read_headers(path: str) -> list[tuple[str, str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            lines = [line.strip() for line in handle]
    except OSError as exc:
        raise CommandError(f"cannot read --headers-file {path}: {exc.strerror or exc}", Exit.USAGE) from None
    try:
        return [_header(line) for line in lines if line and not line.upper().startswith(("POST ", "HTTP/"))]
    except argparse.ArgumentTypeError as exc:
        raise CommandError(f"--headers-file {path}: {exc}", Exit.USAGE) from None


async def _verify(args: argparse.Namespace) -> int:
    try:
        secret = resolve_secret(args.secret)  # the argument, else the environment, as the SDK resolves it
    except WebhookVerificationError:
        raise CommandError(f"no webhook secret: pass --secret or set {SECRET_VARIABLE}", Exit.USAGE) from None
    headers = list(args.header) + (_read_headers(args.headers_file) if args.headers_file else [])
    if not headers:
        raise CommandError(
            f"no headers: pass the delivery's --header '{SIGNATURE_HEADER}: ...' and "
            f"--header '{DATE_HEADER}: ...' (or Date), or --headers-file FILE",
            Exit.USAGE,
        )
    body = _read_body(args.body)
    try:
        event = unwrap(body, headers, secret, tolerance=args.tolerance)
    except WebhookVerificationError as exc:
        if args.json:
            emit_json({"verified": False, "type": None, "id": None, "error": str(exc)})
        raise CommandError(f"the webhook did not verify: {exc}") from None
    if args.json:
        emit_json({"verified": True, "type": event.type, "id": event.id, "error": None})
    if args.print_body:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    verdict = sys.stderr if args.print_body else summary_stream(args)
    print(f"Verified: {event.type} event {event.id}", file=verdict)
    return Exit.OK


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more seconds, got {text}")
    return value


def register(commands: Any) -> None:
    webhooks = commands.add_parser(
        "webhooks", help="check webhook deliveries", description="Work with Metronome's webhooks."
    )
    actions = webhooks.add_subparsers(dest="action", required=True, metavar="{verify}")
    verify = actions.add_parser(
        "verify",
        help="verify a delivery's signature and print its event",
        description=f"Check that Metronome signed this exact body (the {SIGNATURE_HEADER} HMAC over the "
        f"{DATE_HEADER} date and the raw body) and that it is recent; print the event's type and id. Exit "
        "code 0 if it verifies, 1 if it does not.",
    )
    verify.add_argument(
        "--body", metavar="FILE", help="the raw body as received, byte for byte (default: stdin; - for stdin)"
    )
    verify.add_argument(
        "--header",
        "-H",
        type=_header,
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help=f"a request header, repeatable: {SIGNATURE_HEADER} and {DATE_HEADER} (or Date)",
    )
    verify.add_argument(
        "--headers-file", metavar="FILE", help="the request's headers, one 'Name: value' per line"
    )
    verify.add_argument(
        "--secret",
        help="the webhook secret (default: $METRONOME_WEBHOOK_SECRET; prefer it: arguments show in `ps`)",
    )
    verify.add_argument(
        "--tolerance",
        type=_tolerance,
        default=300.0,
        metavar="SECONDS",
        help="how old (or early) the date may be (default: %(default)g; 'inf' to check an old delivery)",
    )
    output = verify.add_mutually_exclusive_group()
    output.add_argument(
        "--print-body", action="store_true", help="print the verified body to stdout (the verdict to stderr)"
    )
    add_json_option(
        output,
        "verified (true or false), type and id (the event's; null when it did not verify), error (why it did "
        "not verify, else null)",
    )
    verify.set_defaults(handler=_verify)
