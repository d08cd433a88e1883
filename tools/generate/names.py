"""The names table, ``tools/names.tsv``: one line per operation of the spec, ``name<TAB>METHOD<TAB>path``,
and a fourth column ``hand`` for an operation whose method is still written by hand. ``#`` starts a
comment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

NAMES = Path(__file__).resolve().parent.parent / "names.tsv"


@dataclass(frozen=True)
class Name:
    """One operation: ``name`` is its attribute path on the client (``customers.invoices.list``)."""

    name: str
    method: str
    path: str
    hand: bool = False


def read_names(path: Path | str = NAMES) -> list[Name]:
    """Every operation of the table, in its order; a malformed line is an error naming it."""
    names = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) not in (3, 4) or (len(cells) == 4 and cells[3] != "hand"):
            raise ValueError(f"{path}:{number}: expected name, METHOD, path and an optional 'hand': {line!r}")
        names.append(Name(cells[0], cells[1], cells[2], hand=len(cells) == 4))
    return names
