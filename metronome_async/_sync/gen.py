"""Writes ``sync.py``, the blocking facade, from the async client: ``python -m metronome_async._sync.gen``.

Each async resource gets a twin with the same methods and parameters: a coroutine becomes a blocking call on
the client's loop thread, an ``AsyncPager`` a ``SyncPager``, and a plain method is passed straight through.
A test regenerates the file and fails if the committed one differs.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import inspect
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

from metronome_async._client import AsyncMetronome, RawClient
from metronome_async.resources._base import Area, Resource, declared
from metronome_async.resources._raw import RawMethod, RawView

TARGET = Path(__file__).parent.parent / "sync.py"
_PACKAGE = "metronome_async."
_MODELS = "metronome_async.models"
_LOADED_LATER = (_MODELS, "metronome_async.resources._generated")
LINE_LENGTH = 110

# Names in signatures that are not classes, and so cannot say where they come from.
_HOMES = {
    "Any": "typing",
    "UNSET": "metronome_async._core.serde",
    "Unset": "metronome_async._core.serde",
    "Progress": "metronome_async.workflows.bulk",
    "ApplyProgress": "metronome_async.workflows.reconcile_apply",
}


def _home(name: str, modules: list[types.ModuleType]) -> str | None:
    """The module to import ``name`` from: a known alias, or where the async resources import the class from.

    A class of ours is named by its module. Any other is named as the source imports it, by its public module
    (``from pathlib import Path``): the module a class says it is from can be private and move between Python
    versions (``pathlib._local`` on 3.13), and the file must come out the same on each of them.
    """
    if name in _HOMES:
        return _HOMES[name]
    for module in modules:
        found = vars(module).get(name)
        if isinstance(found, type):
            if found.__module__.startswith(_PACKAGE):
                return found.__module__
            return _imported_names(module).get(name, found.__module__)
    for module in modules:  # a model imported for type checkers only (by the generated resources)
        if _imported_names(module).get(name) == _MODELS:
            return _MODELS
    return None


@functools.cache
def _imported_names(module: types.ModuleType) -> dict[str, str]:
    """Each name a module imports with ``from ... import``, by the module it names (relative ones resolved):
    at its top level, or under an ``if`` or ``try`` there (``if TYPE_CHECKING:``), not inside functions."""
    found: dict[str, str] = {}
    statements: list[ast.AST] = list(ast.parse(inspect.getsource(module)).body)
    while statements:
        node = statements.pop(0)
        if isinstance(node, ast.ImportFrom):
            source = importlib.util.resolve_name("." * node.level + (node.module or ""), module.__package__)
            found.update((alias.asname or alias.name, source) for alias in node.names)
        elif isinstance(node, ast.If | ast.Try | ast.ExceptHandler):
            children = ast.iter_child_nodes(node)
            statements += [n for n in children if isinstance(n, ast.stmt | ast.excepthandler)]
    return found


def _resources(owner: type) -> dict[str, type[Resource]]:
    """The resource attributes a class declares, in declaration order."""
    return declared(owner, Resource)


def _sync_name(cls: type) -> str:
    return f"Sync{cls.__name__}"


def _annotation(text: str) -> str:
    """The twin's spelling of an annotation (``builtins.list``: a twin may have a ``list`` method)."""
    return re.sub(r"(?<![\w.])list\[", "builtins.list[", re.sub(r"\bAsyncPager\[", "SyncPager[", text))


def _parameters(function: typing.Callable[..., object]) -> tuple[str, str]:
    """The parameter list as declared, and the arguments that pass each parameter on."""
    declared, passed = [], []
    star_done = False
    for parameter in list(inspect.signature(function).parameters.values())[1:]:
        if parameter.kind is parameter.KEYWORD_ONLY and not star_done:
            declared.append("*")
            star_done = True
        text = parameter.name
        if parameter.annotation is not parameter.empty:
            text += f": {_annotation(str(parameter.annotation))}"
        if parameter.default is not parameter.empty:
            text += f" = {parameter.default!r}"
        declared.append(text)
        keyword = parameter.kind is parameter.KEYWORD_ONLY
        passed.append(f"{parameter.name}={parameter.name}" if keyword else parameter.name)
    return ", ".join(["self", *declared]), ", ".join(passed)


def _wrapped(indent: str, opening: str, items: str, closing: str) -> list[str]:
    """One line if it fits, else one item per line with a trailing comma (as ruff format writes it)."""
    line = f"{indent}{opening}{items}{closing}"
    if len(line) <= LINE_LENGTH:
        return [line]
    return [f"{indent}{opening}", *(f"{indent}    {item}," for item in _split(items)), f"{indent}{closing}"]


def _split(items: str) -> list[str]:
    """Split at top-level commas only."""
    parts, depth, current = [], 0, ""
    for char in items:
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def _method(name: str, function: typing.Callable[..., object]) -> list[str]:
    declared, passed = _parameters(function)
    returns = _annotation(str(inspect.signature(function).return_annotation))
    target = f"self._async.{name}"
    pager = returns.startswith("SyncPager[")
    if inspect.iscoroutinefunction(function):
        call = ("return self._loop.call(", f"{target}{', ' if passed else ''}{passed}", ")")
    else:
        call = (f"{'pager = ' if pager else 'return '}{target}(", passed, ")")
    lines = [*_wrapped("    ", f"def {name}(", declared, f") -> {returns}:"), *_docstring(function)]
    tail = ["        return SyncPager(pager, self._loop)"] if pager else []
    return [*lines, *_wrapped("        ", *call), *tail, ""]


def _docstring(function: typing.Callable[..., object]) -> list[str]:
    if not function.__doc__:
        return []
    text = inspect.cleandoc(function.__doc__).replace("\n", "\n        ").replace("\n        \n", "\n\n")
    return [f'        """{text}"""'.replace("\n        \n", "\n\n")]


def _public_methods(cls: type) -> list[tuple[str, typing.Callable[..., object]]]:
    return [(n, f) for n, f in inspect.getmembers(cls, inspect.isfunction) if not n.startswith("_")]


def _resource_class(cls: type[Resource], out: list[str]) -> None:
    children = _resources(cls)
    for child in children.values():
        _resource_class(child, out)
    out += _twin_head(cls, "resource", children, f"The blocking twin of ``{cls.__name__}``.")
    for name, function in _public_methods(cls):
        out += _method(name, function)
    out.append("")


def _raw_view_class(view: type[RawView[Any]], out: list[str]) -> None:
    """The blocking twin of a ``with_raw_response`` view: each endpoint method, answering an APIResponse."""
    children = declared(view, RawView)
    for child in children.values():
        _raw_view_class(child, out)
    doc = f"The blocking twin of ``{view.__name__}``:\n    each call answers an ``APIResponse``."
    out += _twin_head(view, "raw", children, doc, base="SyncRawView")
    for name, method in inspect.getmembers(view, lambda m: isinstance(m, RawMethod)):
        out += _raw_method(name, method.method)
    out.append("")


def _twin_head(
    cls: type, argument: str, children: typing.Mapping[str, type], doc: str, base: str = ""
) -> list[str]:
    """A twin's class line, docstring, child attributes and ``__init__``, which makes its child twins (an
    area's twin on first use, as the async client makes the area)."""
    eager, lazy = _by_making(cls, children)
    bases = ", ".join(filter(None, ["LazyAreas" if lazy else "", base]))
    out = [f"class {_sync_name(cls)}{f'({bases})' if bases else ''}:", f'    """{doc}"""', ""]
    if children:
        out += [*(f"    {a}: {_sync_name(c)}" for a, c in children.items()), ""]
    return [
        *out,
        *_areas(lazy),
        f"    def __init__(self, {argument}: {cls.__name__}, loop: LoopThread) -> None:",
        f"        self._async = {argument}",
        "        self._loop = loop",
        *(f"        self.{a} = {_sync_name(c)}({argument}.{a}, loop)" for a, c in eager.items()),
        "",
    ]


def _by_making(owner: type, children: typing.Mapping[str, type]) -> tuple[dict[str, type], dict[str, type]]:
    """The children made with their owner, and the areas made on first use."""
    lazy = {a: c for a, c in children.items() if isinstance(inspect.getattr_static(owner, a, None), Area)}
    return {a: c for a, c in children.items() if a not in lazy}, lazy


def _areas(lazy: typing.Mapping[str, type]) -> list[str]:
    if not lazy:
        return []
    return ["    _areas = {", *(f'        "{a}": {_sync_name(c)},' for a, c in lazy.items()), "    }", ""]


def _raw_method(name: str, function: typing.Callable[..., object]) -> list[str]:
    """A raw endpoint call: the endpoint's parameters, answering what the raw view's call answers."""
    declared, passed = _parameters(function)
    returns = str(inspect.signature(function).return_annotation)
    parsed = _annotation(re.sub(r"^AsyncPager\[(.*)\]$", r"Page[\1]", returns))  # a listing: its first page
    call = ("return self._loop.call(", f"self._async.{name}{', ' if passed else ''}{passed}", ")")
    return [
        *_wrapped("    ", f"def {name}(", declared, f") -> APIResponse[{parsed}]:"),
        *_wrapped("        ", *call),
        "",
    ]


def _shared(owner: type) -> dict[str, type]:
    """Attributes that need no loop (webhook verification): the blocking client shares the same object."""
    return {
        name: tp
        for name, tp in declared(owner, object).items()
        if not issubclass(tp, Resource) and not name.startswith("_")
    }


def _client_class(out: list[str]) -> None:
    children = _resources(AsyncMetronome)
    eager, lazy = _by_making(AsyncMetronome, children)
    shared = _shared(AsyncMetronome)
    declared, passed = _parameters(AsyncMetronome.__init__)
    out += [
        "class Metronome(LazyAreas, SyncClientBase):",
        '    """The blocking client: the arguments and methods of ``AsyncMetronome``, without ``await``.',
        "",
        "    It keeps one event loop, run by the threads that call it; it is safe to share between",
        '    threads. Close it with ``close()`` or a ``with`` block."""',
        "",
        *(f"    {a}: {_sync_name(c)}" for a, c in children.items()),
        *(f"    {a}: {c.__name__}" for a, c in shared.items()),
        "",
        *_areas(lazy),
        *_wrapped("    ", "def __init__(", declared, ") -> None:"),
        *_wrapped("        ", "client = AsyncMetronome(", passed, ")"),
        "        self._bind(client, LoopThread(client.close))",
        "",
        "    def _bind(self, client: AsyncMetronome, loop: LoopThread) -> None:",
        "        self._async = client",
        "        self._loop = loop",
        *(f"        self.{a} = {_sync_name(c)}(client.{a}, loop)" for a, c in eager.items()),
        *(f"        self.{a} = client.{a}" for a in shared),
        "",
    ]
    for name, function in _public_methods(AsyncMetronome):
        if name == "close":
            continue  # SyncClientBase closes the loop thread too
        if inspect.signature(function).return_annotation == AsyncMetronome.__name__:
            out += _client_method(name, function)
        else:
            out += _method(name, function)
    raw = inspect.getattr_static(AsyncMetronome, "with_raw_response")
    out += [
        "    @functools.cached_property",
        f"    def with_raw_response(self) -> {_sync_name(RawClient)}:",
        *_docstring(raw.func),
        f"        return {_sync_name(RawClient)}(self._async.with_raw_response, self._loop)",
        "",
    ]
    for name, member in inspect.getmembers(AsyncMetronome, lambda m: isinstance(m, property)):
        if not name.startswith("_"):
            returns = str(inspect.signature(member.fget).return_annotation)
            out += ["    @property", f"    def {name}(self) -> {returns}:", *_docstring(member.fget)]
            out += [f"        return self._async.{name}", ""]
    out += [
        "",
        "class _SharedMetronome(SharedLoop, Metronome):",
        '    """A blocking client made by ``with_options``, on the loop thread of the one it came from."""',
        "",
    ]


def _client_method(name: str, function: typing.Callable[..., object]) -> list[str]:
    """A method that makes another async client (``with_options``): the blocking twin on the same loop."""
    declared, passed = _parameters(function)
    return [
        *_wrapped("    ", f"def {name}(", declared, ") -> Metronome:"),
        *_docstring(function),
        *_wrapped("        ", f"client = self._async.{name}(", passed, ")"),
        "        shared = _SharedMetronome.__new__(_SharedMetronome)",
        "        shared._bind(client, self._loop)",
        "        return shared",
        "",
    ]


def _all_resource_classes(owner: type) -> list[type[Resource]]:
    found = []
    for child in _resources(owner).values():
        found += [*_all_resource_classes(child), child]
    return found


def _all_raw_views(owner: type[RawView[Any]]) -> list[type[RawView[Any]]]:
    found = []
    for child in declared(owner, RawView).values():
        found += [*_all_raw_views(child), child]
    return found


def _import(module: str, names: list[str], indent: str = "") -> str:
    by_type = sorted(set(names), key=lambda n: (not n.isupper(), not n[0].isupper(), n.lower()))  # as isort
    listed = ", ".join(by_type)
    line = f"{indent}from {module} import {listed}"
    if len(line) <= LINE_LENGTH:
        return line
    return "\n".join(_wrapped(indent, f"from {module} import (", listed, ")"))


def render() -> str:
    body: list[str] = []
    classes = _all_resource_classes(AsyncMetronome)
    for cls in _resources(AsyncMetronome).values():
        _resource_class(cls, body)  # children first, within
    _raw_view_class(RawClient, body)  # its views first, within
    _client_class(body)
    text = "\n".join(body)
    used = set(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", text))
    imports: dict[str, list[str]] = {
        "metronome_async._client": ["AsyncMetronome", "RawClient"],
        "metronome_async._sync.options": ["LazyAreas", "SharedLoop", "SyncRawView"],
        "metronome_async._sync.runtime": ["LoopThread", "SyncClientBase", "SyncPager"],
    }
    views = _all_raw_views(RawClient)
    owners: list[type] = [AsyncMetronome, *classes, *views]
    ours = [base.__module__ for cls in owners for base in cls.__mro__ if base.__module__.startswith(_PACKAGE)]
    modules = [sys.modules[name] for name in dict.fromkeys(ours)]
    shared_names = {cls.__name__ for cls in _shared(AsyncMetronome).values()}
    for name in sorted(used - shared_names):
        home = _home(name, modules)
        if home is not None and home != "builtins":
            imports.setdefault(home, []).append(name)
    for cls in classes:
        imports.setdefault(cls.__module__, []).append(cls.__name__)
    for view in views:
        imports.setdefault(view.__module__, []).append(view.__name__)
    for cls in _shared(AsyncMetronome).values():
        imports.setdefault(cls.__module__.rsplit("._", 1)[0], []).append(cls.__name__)
    imports.setdefault("typing", []).append("TYPE_CHECKING")  # for the models' imports
    stdlib = sorted(m for m in imports if not m.startswith("metronome_async"))
    ours = sorted((m for m in imports if m.startswith("metronome_async")), key=str.lower)
    header = [
        '"""The blocking client, generated from the async one by ``python -m metronome_async._sync.gen``.',
        "",
        'Do not edit by hand: change the async resources and regenerate."""',
        "",
        "from __future__ import annotations",
        "",
        *(["import builtins"] if "builtins" in used else []),
        "import functools",
        *(_import(module, imports[module]) for module in stdlib),
        "",
        *(_import(module, imports[module]) for module in ours if not module.startswith(_LOADED_LATER)),
        "",
        "if TYPE_CHECKING:  # each area, and its models, load when first used",
        *(_import(module, imports[module], "    ") for module in ours if module.startswith(_LOADED_LATER)),
        "",
        '__all__ = ["Metronome"]',
        "",
        "",
        "",
    ]
    return "\n".join(header) + text.rstrip() + "\n"


if __name__ == "__main__":
    TARGET.write_text(render())
    sys.stdout.write(f"wrote {TARGET}\n")
