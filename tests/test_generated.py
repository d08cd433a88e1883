"""The surface generated from the official spec (``python -m tools.generate``): the committed files are what
the generator writes, and every operation of the spec is a typed method on both clients, taking its fields and
answering its model."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest

from metronome_async import AsyncMetronome, Metronome
from tools.generate.__main__ import ROOT, generate
from tools.generate.names import read_names
from tools.generate.requests import argument_name
from tools.generate.spec import load_spec, merged, operations

SPEC = load_spec()
OPERATIONS = list(operations(SPEC))
GENERATED_FOLDERS = ("metronome_async/resources/_generated", "metronome_async/models")


def test_the_committed_files_are_what_the_generator_writes() -> None:
    files = generate()
    stale = [path for path, text in files.items() if (ROOT / path).read_text(encoding="utf-8") != text]
    assert stale == [], "stale generated files: run python -m tools.generate"
    written = {
        str(path.relative_to(ROOT))
        for folder in GENERATED_FOLDERS
        for path in (ROOT / folder).glob("*.py")
        if folder.endswith("_generated") or (path.name.startswith("_") and path.name != "__init__.py")
    }
    assert written - set(files) == set(), "generated files the generator no longer writes: delete them"


def test_the_names_table_names_every_operation_of_the_spec_once() -> None:
    spec_operations = {
        (method.upper(), path)
        for path, item in SPEC["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    names = read_names()
    assert {(name.method, name.path) for name in names} == spec_operations
    assert len({name.name for name in names}) == len(names) == len(spec_operations) == 158


def test_a_names_table_out_of_step_with_the_spec_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "names.tsv"
    table.write_text("invoices.void\tPOST\t/v1/invoices/void\n")
    with pytest.raises(ValueError, match="unnamed"):
        list(operations(SPEC, read_names(table)))


def _method(owner: Any, name: str) -> Any:
    for part in name.split("."):
        owner = getattr(owner, part)
    return owner


def _fields(operation: Any, *, cursor: bool = True) -> set[str]:
    """The Python names of an operation's fields (path, query, body), as the generator names them; the
    cursor of a listing's next page (``next_page``, or ``cursor``) left out unless ``cursor``."""
    fields = {p.name for p in operation.parameters}
    if operation.body is not None:
        fields |= set(merged(SPEC, operation.body).get("properties", {}))
    if not cursor:
        fields -= {"next_page", "cursor"}
    return {argument_name(field) for field in fields}


def _answer_cursor(operation: Any) -> str | None:
    """Where an answer that is a page gives the next page's cursor (a ``data`` array beside it)."""
    properties = merged(SPEC, operation.answer or {}).get("properties", {})
    if merged(SPEC, properties.get("data", {})).get("type") != "array":
        return None
    pagination = merged(SPEC, properties.get("pagination", {})).get("properties", {})
    return next((name for name in ("next_page", "cursor") if name in properties), None) or (
        "pagination.next_page" if "next_page" in pagination else None
    )


@pytest.fixture(scope="module")
def clients() -> Any:
    async_client = AsyncMetronome(api_key="test", base_url="http://127.0.0.1:9", allow_insecure_http=True)
    with Metronome(api_key="test", base_url="http://127.0.0.1:9", allow_insecure_http=True) as sync_client:
        yield async_client, sync_client


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.name.name)
def test_every_operation_is_a_method_of_both_clients_with_its_fields(operation: Any, clients: Any) -> None:
    async_client, sync_client = clients
    method = _method(async_client, operation.name.name)
    twin = _method(sync_client, operation.name.name)
    parameters = inspect.signature(method).parameters
    assert list(parameters) == list(inspect.signature(twin).parameters)
    own_id = {name for name in parameters if name.endswith("_id")}
    pages = _answer_cursor(operation) is not None and bool(_fields(operation) & {"next_page", "cursor"})
    missing = _fields(operation, cursor=not pages) - set(parameters) - {"id"}
    assert missing == set()
    if "id" in _fields(operation):
        assert "id" in parameters or own_id, "the API's id is an argument under its resource's name"
    assert f"``{operation.name.method} {operation.name.path}``" in (method.__doc__ or "")  # where it goes
    if operation.name.hand:
        return  # written by hand over its generated operation (batches; a cursor the spec leaves out)
    returns = inspect.signature(method).return_annotation
    if operation.binary:
        assert returns == "bytes"
    elif operation.answer is None:
        assert returns == "None"
    elif pages:  # a listing: the pager follows the cursor the answer gives
        assert returns.startswith("AsyncPager[")
        assert inspect.signature(twin).return_annotation.startswith("SyncPager[")
    else:
        assert not returns.startswith("AsyncPager[")
        assert returns != "Any" or _untyped(operation)


def _untyped(operation: Any) -> bool:
    """An answer the spec itself leaves untyped (``{}`` or no properties)."""
    answer = merged(SPEC, operation.answer)
    data = answer.get("properties", {}).get("data", answer)
    return not merged(SPEC, data).get("properties")


def test_the_readme_table_lists_every_area_with_its_number_of_operations() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Every operation of the API", 1)[1].split("\n## ", 1)[0]
    rows = {}  # the areas of a row -> its number of operations
    for row in section.splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[2].isdigit():
            rows[tuple(area.strip("` ") for area in cells[0].split(","))] = int(cells[2])
    counts: dict[str, int] = {}
    for name in read_names():
        counts[name.area] = counts.get(name.area, 0) + 1
    assert sorted(area for areas in rows for area in areas) == sorted(counts)
    assert {areas: sum(counts[area] for area in areas) for areas in rows} == rows
