"""``client.contracts``: every contract operation is generated; here is ``list``, which pages by a body
``cursor`` (with a ``limit`` of 1 to 20) that the API takes and its spec leaves out."""

from __future__ import annotations

from datetime import datetime

from metronome_async._core import validate as check
from metronome_async.models import Contract
from metronome_async.pagination import AsyncPager
from metronome_async.resources._answers import follow, pages
from metronome_async.resources._generated import contracts as generated

__all__ = ["Contracts"]

MAX_CONTRACTS_PAGE = 20


class Contracts(generated.ContractsResource):
    def list(
        self,
        customer_id: str,
        *,
        include_archived: bool = False,
        covering_date: datetime | str | None = None,
        starting_at: datetime | str | None = None,
        limit: int | None = None,
        include_balance: bool = False,
        include_ledgers: bool = False,
    ) -> AsyncPager[Contract]:
        """The customer's contracts in chronological order, following ``cursor`` to the end; ``await`` it or
        ``.to_list()`` for a list. ``covering_date``: only those active then; ``starting_at``: only those
        starting then or later (not both). Archived contracts only with ``include_archived=True``.

        ``POST /v2/contracts/list``
        """
        path, _, body = generated._CONTRACTS_LIST.build(locals())
        if limit is not None:
            body = {**(body or {}), "limit": check.page_size("limit", limit, maximum=MAX_CONTRACTS_PAGE)}
        return follow(self._transport, "POST", path, _PAGE, body=body, cursor="cursor", in_body=True)


_PAGE = pages(Contract, cursor="cursor")
"""A page: ``data`` and the next page's ``cursor`` (null on the last), sent back in the body."""
