"""How the user's shell can run ``metronome-async`` again, for the commands the CLI suggests next.

Installed in a virtual environment that is not activated (``.venv/bin/metronome-async demo``), the command
is not on the shell's PATH: a hint that says plain ``metronome-async`` would fail there. The hints name the
activation first in that case, or the interpreter itself when there is no virtual environment to activate."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import attrs

__all__ = ["Invocation", "invocation"]

NAME = "metronome-async"


@attrs.frozen
class Invocation:
    """``setup``: a command to run first in the shell (activating the virtual environment), or None;
    ``command``: how to call the CLI after it."""

    setup: str | None
    command: str


def invocation(*, new_shell: bool = False) -> Invocation:
    """How a shell runs the CLI: by name when PATH finds it, else after activating its virtual environment,
    else through the interpreter that runs it now. ``new_shell``: for another shell the user opens, where a
    virtual environment activated in this one is not active."""
    windows = os.name == "nt"
    scripts = Path(sys.prefix, "Scripts" if windows else "bin")
    found = shutil.which(NAME)
    activated = found is not None and "VIRTUAL_ENV" in os.environ and Path(found).parent == scripts
    if found is not None and not (new_shell and activated):
        return Invocation(None, NAME)
    activate = scripts / "activate"
    if sys.prefix != sys.base_prefix and activate.exists():  # a virtual environment
        shown = _shown(activate)
        return Invocation(shown if windows else f"source {shlex.quote(shown)}", NAME)
    return Invocation(None, f"{shlex.quote(_shown(Path(sys.executable)))} -m metronome_async")


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it (``.venv/bin/activate``), else
    absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
