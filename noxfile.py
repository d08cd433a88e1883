"""Developer and CI sessions, each in a fresh venv.

``nox`` runs ``tests`` (on each of CI's Pythons that is installed), ``lint`` and ``typing``. CI
(``.ci/run``) runs ``package``, ``tests-3.10``, ``tests-3.11``, ``tests-3.13`` and ``lowest``.
``nox -s benchmarks`` on demand.
"""

import re
import tarfile
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typing"]

PYTHONS = ["3.10", "3.11", "3.13"]
ALL_EXTRAS = "test,cli,speed"
PYPROJECT = nox.project.load_toml("pyproject.toml")
# A requirement as the pyproject writes it: name, [extras], specifiers, ; marker.
REQUIREMENT = re.compile(r"\s*(?P<name>[\w.-]+)\s*(\[[^]]*\])?(?P<specifiers>[^;]*)(?P<marker>;.*)?")


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole suite, newest dependencies.

    On the oldest Python without the optional extras, so that their fallbacks (the standard json module,
    progress lines instead of a bar) are tested too.
    """
    extras = "test" if session.python == PYTHONS[0] else ALL_EXTRAS
    session.install("-e", f".[{extras}]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHONS[0])
def lowest(session: nox.Session) -> None:
    """The whole suite, each dependency at the lowest version the pyproject allows.

    First the run-time dependencies alone, at theirs: the package imports and the demo runs.
    """
    project = PYPROJECT["project"]
    extras = ALL_EXTRAS.split(",")
    declared = project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]
    constraints = Path(session.create_tmp()) / "lowest.txt"
    constraints.write_text("".join(f"{pin}\n" for pin in lowest_pins(declared)))
    session.install("-c", str(constraints), "-e", ".")
    session.run("python", "-m", "pip", "freeze")
    session.run("metronome-async", "demo", silent=True)
    session.install("-c", str(constraints), "-e", f".[{ALL_EXTRAS}]")
    session.run("python", "-m", "pip", "freeze")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def package(session: nox.Session) -> None:
    """The wheel and sdist, built with the lowest build backend allowed, pass ``twine check --strict``."""
    session.install("build", "twine", *lowest_pins(PYPROJECT["build-system"]["requires"]))
    dist = Path(session.create_tmp()) / "dist"
    session.run("python", "-m", "build", "--no-isolation", "--outdir", str(dist))
    session.run("twine", "check", "--strict", *map(str, sorted(dist.iterdir())))
    [sdist] = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        ci_files = [name for name in archive.getnames() if "/.ci/" in name or "/.github/" in name]
    if ci_files:
        session.error(f"the sdist carries CI files: {ci_files}")


DOCUMENTED = [
    "metronome_async",
    *(
        f"metronome_async.{name}"
        for name in ("errors", "models", "pagination", "sync", "testing", "webhooks", "workflows")
    ),
]


@nox.session
def docs(session: nox.Session) -> None:
    """The API reference, rendered from the docstrings by pdoc into ``build/docs`` (``index.html``); a warning
    (an annotation or a docstring pdoc cannot read) fails the session."""
    session.install("-e", ".", "pdoc>=14")
    session.run(
        "python",
        "-W",
        "error::UserWarning",
        "-W",
        "error::RuntimeWarning",
        "-m",
        "pdoc",
        *DOCUMENTED,
        "--output-directory",
        "build/docs",
    )


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


def lowest_pins(requirements: list[str]) -> list[str]:
    """Each requirement pinned to the lowest version it allows (``aiohttp>=3.11,<4`` -> ``aiohttp==3.11``),
    its environment marker kept. One without a ``>=`` bound is an error: every dependency says its lowest."""
    pins = []
    for requirement in requirements:
        match = REQUIREMENT.fullmatch(requirement)
        floors = re.findall(r">=\s*([^,\s]+)", match["specifiers"]) if match else []
        if not match or len(floors) != 1:
            raise ValueError(f"pyproject.toml: {requirement!r} needs one lower bound (>=)")
        pins.append(f"{match['name']}=={floors[0]}{match['marker'] or ''}")
    return pins
