"""The command line, run as a user runs it: through ``main(argv)`` with a clean environment, its own
stdin, stdout and stderr, against an embedded Metronome served from a thread of the test process (so a test
can look at what it stored). A call whose environment sets more than Metronome's variables (``PYTHONPATH``,
say) runs in a real subprocess, as do the tests of the console script and of the emulator's signals.

The helpers here are shared by tests/test_cli_*.py."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from aiohttp import web
from hostile import serve

from metronome_async.cli import main
from metronome_async.testing import FakeMetronome
from metronome_async.webhooks import sign

CLI = [sys.executable, "-m", "metronome_async"]
TIMEOUT = 60
SECRET_VARIABLES = ("METRONOME_API_KEY", "METRONOME_WEBHOOK_SECRET")


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test's environment without any METRONOME_* variable (a developer's own key must not leak in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("METRONOME_")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err

    def __repr__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


@dataclass
class Call:
    args: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict)
    stdin: str | None = None

    @property
    def needs_a_process(self) -> bool:
        return any(not name.startswith("METRONOME_") for name in self.env)


def _check(call: Call, result: Result) -> Result:
    """Fail the test if the command printed a traceback or a secret it was given in the environment."""
    for name in SECRET_VARIABLES:
        if call.env.get(name):
            assert call.env[name] not in result.output, f"a secret was printed:\n{result!r}"
    assert "Traceback" not in result.err, result
    return result


@contextlib.contextmanager
def _environment(env: Mapping[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(clean_env(env))
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _logging_restored() -> Iterator[None]:
    """``--debug`` configures logging for the process: undo it, so one command's log stays out of the next."""
    root, ours = logging.getLogger(), logging.getLogger("metronome_async")
    handlers, level = list(root.handlers), ours.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        ours.setLevel(level)


def _stream(data: str = "") -> io.TextIOWrapper:
    """A text stream with a ``buffer`` beneath, as the real ones have (the CLI reads and writes raw bytes)."""
    return io.TextIOWrapper(io.BytesIO(data.encode()), encoding="utf-8", newline="")


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode()


def _in_process(call: Call) -> Result:
    out, err = _stream(), _stream()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = _stream(call.stdin or ""), out, err
    try:
        with _environment(call.env), _logging_restored():
            try:
                code = main(list(call.args))
            except SystemExit as exit:  # argparse's usage errors and --help
                code = exit.code if isinstance(exit.code, int) else 2
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Result(code, _text(out), _text(err))


def _in_subprocess(call: Call) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, *call.args],
        stdin=subprocess.DEVNULL if call.stdin is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(call.env),
    )


def run_all(*calls: Call) -> list[Result]:
    """Run the commands (those that need a process of their own start together) and check each result."""
    processes = {index: _in_subprocess(call) for index, call in enumerate(calls) if call.needs_a_process}
    results = []
    for index, call in enumerate(calls):
        if index in processes:
            out, err = processes[index].communicate(call.stdin, timeout=TIMEOUT)
            result = Result(processes[index].returncode, out, err)
        else:
            result = _in_process(call)
        results.append(_check(call, result))
    return results


def cli(*args: str, env: Mapping[str, str] | None = None, stdin: str | None = None) -> Result:
    return run_all(Call(args, env or {}, stdin))[0]


def fake_env(fake: FakeMetronome) -> dict[str, str]:
    return {"METRONOME_BASE_URL": fake.url, "METRONOME_API_KEY": fake.api_key}


def against(fake: FakeMetronome, *args: str, env: Mapping[str, str] | None = None) -> Result:
    """Run a command against ``fake`` (its key in the environment, where it must stay: it must never show)."""
    return cli(*args, env={**fake_env(fake), **(env or {})})


def in_parallel(fake: FakeMetronome, *commands: Sequence[str]) -> list[Result]:
    """Several commands against ``fake`` at once."""
    return run_all(*(Call(command, fake_env(fake)) for command in commands))


# --- the tests ----------------------------------------------------------------------------------------------

COMMANDS = [
    "",
    "demo",
    "emulator",
    "customers",
    "customers list",
    "customers get",
    "customers export",
    "provision",
    "reconcile",
    "ingest",
    "offboard",
    "invoices",
    "invoices list",
    "archive",
    "webhooks",
    "webhooks verify",
]

HELP_SCRIPT = """
import contextlib, io, sys
from metronome_async.cli import main
for command in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main([*command.split(), "--help"])
            code = "returned"
        except SystemExit as exit:
            code = exit.code
    print(repr(command), code, "usage: metronome-async" in out.getvalue())
"""


def test_every_command_has_help_that_exits_0() -> None:
    key = "sk_live_never_in_help_0042"
    process = subprocess.run(
        [sys.executable, "-c", HELP_SCRIPT, *COMMANDS],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=clean_env({"METRONOME_API_KEY": key}),
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.splitlines() == [f"{command!r} 0 True" for command in COMMANDS]
    assert key not in process.stdout + process.stderr


def test_the_console_script_shows_the_commands_and_the_exit_codes() -> None:
    script = shutil.which("metronome-async", path=str(Path(sys.executable).parent))
    process = subprocess.run(
        [script, "--help"] if script else [*CLI, "--help"], capture_output=True, text=True, timeout=TIMEOUT
    )
    result = Result(process.returncode, process.stdout, process.stderr)
    assert result.code == 0, result
    for word in ("demo", "emulator", "customers", "provision", "archive", "webhooks", "exit codes:"):
        assert word in result.out


def test_demo_runs_the_whole_lifecycle_on_the_embedded_metronome() -> None:
    # METRONOME_BASE_URL is ignored on purpose: the demo touches a real account only when given --base-url.
    result = cli(
        "demo", env={"METRONOME_BASE_URL": "http://127.0.0.1:1", "METRONOME_API_KEY": "sk_live_demo_0042"}
    )
    assert result.code == 0, result
    for line in (
        "1. Provision a customer on a contract",
        "2. Page through all customers",
        "3. A price list: API calls at 2 cents each",
        "4. A customer on the package, with a trial credit",
        "5. Usage: 1,500 API calls, priced on the month's draft invoice",
        "6. A contract edit",
        "7. The customer leaves: offboard",
        "8. The clock passes the period's end",
        "9. Archive? Archiving voids every invoice",
        "10. Archive a customer made by mistake",
        "11. The legacy path: Plans",
    ):
        assert line in result.out
    assert "gave it a Stripe billing provider configuration" in result.out
    assert "found the same customer and contract, made nothing" in result.out
    assert "5 customers in 3 pages" in result.out
    # the money side, priced: 1,500 calls at 2 cents, a $10 credit, then a $15 commit
    assert "API calls x 1500: $30.00" in result.out and "Trial credit: $-10.00" in result.out
    assert "total $20.00 (DRAFT)" in result.out and "total $5.00 (DRAFT)" in result.out
    assert "still to come: invoice" in result.out and "total $5.00 (FINALIZED)" in result.out
    assert result.out.count("(signature verified)") == 1
    assert "refused: OpenInvoicesError, 1 invoice(s) would be voided." in result.out
    assert "still running" in result.out and "end_contracts=True, void_invoices=True)" in result.out
    assert "ended contract" in result.out and "ended plan Pro" in result.out
    assert result.out.count("gone from the active list") == 2
    assert "Demo finished." in result.out


@pytest.fixture
def emulator() -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """``metronome-async emulator --port 0 --plan Pro`` in its own process, and what its first lines say."""
    process = subprocess.Popen(
        [*CLI, "emulator", "--port", "0", "--plan", "Pro"], stdout=subprocess.PIPE, text=True, env=clean_env()
    )
    assert process.stdout is not None
    try:
        said: dict[str, str] = {}
        for line in process.stdout:
            if line.startswith("Metronome emulator at "):
                said["url"] = line.removeprefix("Metronome emulator at ").strip()
            elif line.startswith("API key: "):
                said["key"] = line.removeprefix("API key: ").strip()
            elif line.startswith("Plan Pro: "):
                said["plan"] = line.removeprefix("Plan Pro: ").strip()
            elif line.startswith("Press Ctrl+C"):
                break
        assert said.keys() == {"url", "key", "plan"}, said
        yield process, said
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_the_emulator_serves_the_commands_and_stops_cleanly_on_sigterm(
    emulator: tuple[subprocess.Popen[str], dict[str, str]], tmp_path: Path
) -> None:
    process, said = emulator
    rows = tmp_path / "rows.csv"
    rows.write_text(
        f"name,ingest_aliases,plan_id,starting_on\nAcme,acme@example.com,{said['plan']},2025-01-01\n"
    )
    env = {"METRONOME_BASE_URL": said["url"], "METRONOME_API_KEY": said["key"]}
    assert cli("provision", str(rows), env=env).code == 0
    listed = cli("customers", "list", env=env)
    assert listed.code == 0, listed
    assert "Acme" in listed.out and "acme@example.com" in listed.out
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_server_is_exit_3_with_a_clear_message() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    env = {"METRONOME_API_KEY": "sk_live_unreachable_0123"}
    result = cli("customers", "list", "--base-url", url, "--max-retries", "0", env=env)
    assert result.code == 3, result
    assert result.err.startswith(f"error: cannot reach Metronome at {url}: ")
    assert "--base-url" in result.err


def test_configuration_mistakes_are_usage_errors_that_say_what_to_do() -> None:
    no_key, bad_url, clear_text = run_all(
        Call(["customers", "list", "--base-url", "http://127.0.0.1:1"]),
        Call(["demo", "--base-url", "ftp://nowhere", "--api-key", "sk_live_do_not_print"]),
        Call(["customers", "get", "x", "--base-url", "http://10.0.0.1"], {"METRONOME_API_KEY": "sk_1234"}),
    )
    assert no_key.code == 2, no_key
    assert "no API key: pass --api-key or set METRONOME_API_KEY" in no_key.err
    assert bad_url.code == 2, bad_url
    assert "--base-url must be an http(s) URL" in bad_url.err
    assert "sk_live_do_not_print" not in bad_url.output
    assert clear_text.code == 2 and "--allow-insecure-http" in clear_text.err, clear_text


def test_base_url_mistakes_name_the_option_or_variable_they_came_from(thread_fake: FakeMetronome) -> None:
    key = {"METRONOME_API_KEY": thread_fake.api_key}
    with_credentials, from_variable, versioned, versioned_variable = run_all(
        Call(["customers", "list", "--base-url", "http://admin:hunter22@127.0.0.1:1"], key),
        Call(["customers", "list"], {**key, "METRONOME_BASE_URL": "http://admin:hunter22@127.0.0.1:1"}),
        Call(["customers", "list", "--base-url", f"{thread_fake.url}/v1"], key),
        Call(["customers", "list"], {**key, "METRONOME_BASE_URL": f"{thread_fake.url}/v1/"}),
    )
    assert with_credentials.code == 2, with_credentials
    assert with_credentials.err == (
        "error: --base-url must not carry credentials (user:password@); "
        "pass the API key as --api-key instead\n"
    )
    assert from_variable.code == 2, from_variable
    assert from_variable.err.startswith("error: METRONOME_BASE_URL must not carry credentials")
    assert "hunter22" not in with_credentials.output + from_variable.output
    fixed = f"use {thread_fake.url!r}"
    assert versioned.code == 2, versioned
    assert (
        versioned.err
        == f"error: --base-url must not end with /v1, which each request's path starts with: {fixed}\n"
    )
    assert versioned_variable.code == 2, versioned_variable
    assert versioned_variable.err.startswith("error: METRONOME_BASE_URL must not end with /v1")
    assert thread_fake.exchanges == []


def test_https_to_the_embedded_metronome_says_to_use_http(thread_fake: FakeMetronome) -> None:
    url = thread_fake.url.replace("http://", "https://")
    result = against(thread_fake, "customers", "list", "--base-url", url, "--max-retries", "0")
    assert result.code == 3, result
    assert result.err.startswith(f"error: cannot reach Metronome at {url}: TLS with ")
    assert "if the server speaks plain HTTP, as the embedded Metronome does, use an http:// URL" in result.err


async def test_a_redirect_says_to_check_the_base_url_option() -> None:
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound("https://elsewhere.example.com/v1/customers")

    async with serve(redirect) as url:
        result = await asyncio.to_thread(
            cli, "customers", "list", "--base-url", url, env={"METRONOME_API_KEY": "sk_test_redirect_0042"}
        )
    assert result.code == 1, result
    assert "not followed; check --base-url" in result.err and "base_url" not in result.err


def test_blank_ids_and_names_are_usage_errors_naming_the_argument(thread_fake: FakeMetronome) -> None:
    results = run_all(
        Call(["customers", "get", " "], fake_env(thread_fake)),
        Call(["archive", ".."], fake_env(thread_fake)),
        Call(["customers", "list", "--ingest-alias", ""], fake_env(thread_fake)),
        Call(["demo", "--base-url", thread_fake.url, "--rate-card-id", " "], fake_env(thread_fake)),
        Call(["emulator", "--port", "0", "--rate-card", ""]),
    )
    said = [result.err.splitlines()[-1] for result in results]
    assert [result.code for result in results] == [2] * 5, results
    assert said == [
        "metronome-async customers get: error: argument ID: must not be empty",
        "metronome-async archive: error: argument ID: must not be '..'",
        "metronome-async customers list: error: argument --ingest-alias: must not be empty",
        "metronome-async demo: error: argument --rate-card-id: must not be empty",
        "metronome-async emulator: error: argument --rate-card: must not be empty",
    ]
    assert thread_fake.exchanges == []


def _broken(*args: object) -> None:
    raise ValueError("a state the code\ndid not expect")


def test_a_bug_after_requests_were_sent_is_exit_1_with_one_line_and_a_hint(
    thread_fake: FakeMetronome, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A ValueError from the command's own code (here, writing the table) is a bug, not a usage error.
    thread_fake.seed_customers(3)
    monkeypatch.setattr("metronome_async.cli._customers._Table.write", _broken)
    result = against(thread_fake, "customers", "list")
    assert result.code == 1, result
    assert result.err == (
        "error: unexpected ValueError: a state the code did not expect (a bug: please report it; "
        "rerun with --debug for the traceback)\n"
    )
    assert thread_fake.count("GET") == 1  # a request was sent: this was never a usage error

    debug = _in_process(Call(["customers", "list", "--debug"], fake_env(thread_fake)))  # --debug anywhere
    assert debug.code == 1, debug
    assert "Traceback (most recent call last)" in debug.err and "in _broken" in debug.err
    assert debug.err.endswith(
        "error: unexpected ValueError: a state the code did not expect (a bug: please report it with the "
        "traceback)\n"
    )
    assert thread_fake.api_key not in debug.output


def test_a_rejected_key_is_exit_1_and_never_printed(thread_fake: FakeMetronome) -> None:
    wrong = "sk_live_wrong_key_5678"
    rejected, typo = run_all(
        Call(["customers", "list", "--base-url", thread_fake.url, "--api-key", wrong]),
        Call(["customers", "list", "--apikey", wrong]),  # argparse would echo a mistyped option's value
    )
    assert rejected.code == 1, rejected
    assert "refused the API key (401" in rejected.err and "METRONOME_API_KEY" in rejected.err
    assert typo.code == 2 and "unrecognized arguments: --apikey <redacted>" in typo.err, typo
    assert wrong not in rejected.output + typo.output


# --- webhooks verify ---------------------------------------------------------------------------------------

SECRET = "whsec_test_0123456789"
BODY = '{"id":"evt_123","type":"invoice.finalized","properties":{"invoice_id":"inv_1","customer_id":"c_1"}}'


def _header_args(headers: dict[str, str]) -> list[str]:
    return [arg for name, value in headers.items() for arg in ("--header", f"{name}: {value}")]


def test_webhooks_verify_accepts_a_good_signature_and_refuses_a_bad_one(tmp_path: Path) -> None:
    body, tampered_body = tmp_path / "body.json", tmp_path / "tampered.json"
    body.write_text(BODY)
    tampered_body.write_text(BODY.replace("inv_1", "inv_2"))  # not the body that was signed
    headers = _header_args(sign(BODY, SECRET))
    secret = {"METRONOME_WEBHOOK_SECRET": SECRET}
    from_file, from_stdin, tampered, no_secret = run_all(
        Call(["webhooks", "verify", "--body", str(body), *headers], secret),
        Call(["webhooks", "verify", *headers, "--print-body"], secret, stdin=BODY),
        Call(["webhooks", "verify", "--body", str(tampered_body), *headers], secret),
        Call(["webhooks", "verify", "--body", str(body), *headers]),
    )
    assert from_file.code == 0, from_file
    assert from_file.out == "Verified: invoice.finalized event evt_123\n"

    assert from_stdin.code == 0, from_stdin
    assert json.loads(from_stdin.out)["id"] == "evt_123"
    assert "Verified: invoice.finalized event evt_123" in from_stdin.err

    assert tampered.code == 1, tampered
    assert "the webhook did not verify: signature mismatch" in tampered.err

    assert no_secret.code == 2, no_secret
    assert "pass --secret or set METRONOME_WEBHOOK_SECRET" in no_secret.err


def test_webhooks_verify_checks_an_old_delivery_with_tolerance_inf(tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_text(BODY)
    a_year_ago = datetime.now(timezone.utc) - timedelta(days=365)
    headers = _header_args(sign(BODY, SECRET, date=a_year_ago))
    secret = {"METRONOME_WEBHOOK_SECRET": SECRET}
    old, accepted, negative, nan = run_all(
        Call(["webhooks", "verify", "--body", str(body), *headers], secret),
        Call(["webhooks", "verify", "--body", str(body), *headers, "--tolerance", "inf"], secret),
        Call(["webhooks", "verify", "--body", str(body), *headers, "--tolerance", "-1"], secret),
        Call(["webhooks", "verify", "--body", str(body), *headers, "--tolerance", "nan"], secret),
    )
    assert old.code == 1 and "date too old" in old.err, old
    assert accepted.code == 0, accepted
    assert accepted.out == "Verified: invoice.finalized event evt_123\n"
    for refused in (negative, nan):
        assert refused.code == 2 and "argument --tolerance: expected 0 or more seconds" in refused.err, (
            refused
        )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["emulator", "--record-limit", "-1"],
            "argument --record-limit: expected a whole number of 0 or more",
        ),
        (["provision", "f.csv", "--concurrency", "0"], "expected a whole number from 1 to 1000, got '0'"),
        (
            ["provision", "f.csv", "--concurrency", "1001"],
            "expected a whole number from 1 to 1000, got '1001'",
        ),
        (["ingest", "f.jsonl", "--concurrency", "0"], "expected a whole number from 1 to 100, got '0'"),
        (["customers", "list", "--max-items", "0"], "expected a whole number of 1 or more, got '0'"),
        (["customers", "list", "--max-retries", "-1"], "expected a whole number of 0 or more, got '-1'"),
        (
            ["customers", "list", "--timeout", "inf"],
            "--timeout: expected a finite number of seconds more than 0",
        ),
    ],
)
def test_a_number_out_of_range_is_refused_stating_the_range(args: list[str], said: str) -> None:
    result = cli(*args)
    assert result.code == 2, result
    assert said in result.err.splitlines()[-1]
