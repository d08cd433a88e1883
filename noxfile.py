"""Developer sessions: ``nox -s tests``, ``lint``, ``typing``; ``nox -s benchmarks`` on demand."""

import nox

nox.options.sessions = ["tests", "lint", "typing"]


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("-e", ".", "ruff", "import-linter")
    session.run("ruff", "check", "metronome_async", "tests")
    session.run("ruff", "format", "--check", "metronome_async", "tests")
    session.run("lint-imports")


@nox.session
def typing(session: nox.Session) -> None:
    session.install("-e", ".[test,speed]", "mypy")
    session.run("mypy", "--strict", "metronome_async")
    session.run("mypy", "--strict", "tests/typing")


@nox.session
def benchmarks(session: nox.Session) -> None:
    """``nox -s benchmarks``: the benchmark table of benchmarks/README.md (not run by default)."""
    session.install("-e", ".", "-r", "benchmarks/requirements.txt")
    session.run("python", "benchmarks/run.py", *session.posargs)
