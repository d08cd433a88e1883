"""``client.plans``: the account's plans."""

from __future__ import annotations

from metronome_async._core import validate as check
from metronome_async.models import Plan
from metronome_async.pagination import AsyncPager
from metronome_async.resources._generated import plans as generated


class Plans(generated.PlansResource):
    def list(self, *, limit: int = 100) -> AsyncPager[Plan]:
        """Every plan of the account, following ``next_page`` to the end; ``limit`` is the page size.

        Deprecated by Metronome (a Plans endpoint): use contracts instead.

        ``GET /v1/plans``
        """
        return self._pager("GET", "/v1/plans", Plan, {"limit": str(check.page_size("limit", limit))})
