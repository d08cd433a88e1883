"""Public names imported on first use (PEP 562), so that importing a package costs nothing until one is used.

pytest imports the package's plugin, and so the package itself, in every test run of any project that has it
installed: ``import metronome_async`` must not load the HTTP client, the models and the embedded Metronome.
A package lists its public names as imports under ``if TYPE_CHECKING:``, which type checkers read, and
``__getattr__, __dir__ = first_use(__name__)`` imports each of them from the same place when it is first used.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from collections.abc import Callable


def first_use(module_name: str) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__``, serving the names its ``if TYPE_CHECKING:`` imports."""
    module = sys.modules[module_name]
    with open(str(module.__file__), encoding="utf-8") as source:
        homes = _type_checking_imports(source.read(), module_name)

    def __getattr__(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(module, name, value)  # from now on a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(module), *homes})

    return __getattr__, __dir__


def _type_checking_imports(source: str, package: str) -> dict[str, str]:
    """Each name imported by a top-level ``if TYPE_CHECKING:`` block, by the absolute module it comes from."""
    homes: dict[str, str] = {}
    for block in ast.parse(source).body:
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING":
            for node in block.body:
                if isinstance(node, ast.ImportFrom):
                    home = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
                    homes.update((alias.asname or alias.name, home) for alias in node.names)
    return homes
