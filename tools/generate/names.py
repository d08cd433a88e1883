"""The names table, ``tools/names.tsv``: each operation of the spec and its name on the client."""

from __future__ import annotations

from pathlib import Path

import attrs

NAMES = Path(__file__).parent.parent / "names.tsv"


@attrs.frozen
class Name:
    name: str
    """The method's place on the client: ``customers.invoices.list`` is ``client.customers.invoices.list``."""
    method: str
    path: str
    hand: bool = False
    """Its method is written by hand in ``metronome_async/resources`` over the generated operation (one that
    is more than one request, such as ``usage.ingest``'s batches)."""
    positional: tuple[str, ...] | None = None
    """The identifiers that come first, positionally, when the usual rule picks the wrong ones."""
    model: str | None = None
    """The name of the answer's model where the spec gives it none (an inline schema), or the hand-written
    model of ``metronome_async.models`` that reads it."""
    tail: bool = False
    """A listing whose cursor never ends (the audit log, to read what comes later): it ends at an empty
    page."""
    returns_id: bool = False
    """The answer is read for its ``data``'s ``id`` alone (a create whose answer carries more)."""
    defaults: tuple[tuple[str, str], ...] = ()
    """Arguments with a default other than "not sent": ``(name, Python literal)``."""

    @property
    def resource(self) -> str:
        return self.name.rpartition(".")[0]

    @property
    def method_name(self) -> str:
        return self.name.rpartition(".")[2]

    @property
    def area(self) -> str:
        return self.name.partition(".")[0]


def read_names(path: Path | str = NAMES) -> list[Name]:
    names = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, method, api_path, *marks = line.split("\t")
        options: dict[str, object] = {}
        for mark in marks:
            if mark in ("hand", "returns_id", "tail"):
                options[mark] = True
            elif mark.startswith("model="):
                options["model"] = mark.partition("=")[2]
            elif mark.startswith("default="):
                pairs = filter(None, mark.partition("=")[2].split(","))
                options["defaults"] = tuple(tuple(pair.split(":", 1)) for pair in pairs)
            elif mark.startswith("positional="):
                options["positional"] = tuple(filter(None, mark.partition("=")[2].split(",")))
            else:
                raise ValueError(f"{path}:{number}: unknown mark {mark!r}")
        names.append(Name(name, method, api_path, **options))  # type: ignore[arg-type]
    return names
