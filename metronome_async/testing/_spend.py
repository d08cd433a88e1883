"""The usage spend the invoices price, for what watches it (spend alerts)."""

from __future__ import annotations

from datetime import datetime

from ._ledger import USD_CENTS_ID
from ._state import State


def priced_spend(
    state: State, customer_id: str, since: datetime, until: datetime, credit_type_id: str = USD_CENTS_ID
) -> float:
    """The customer's usage spend priced in [since, until), before commits and credits: the pricing of its
    invoices' usage lines, on its live contracts' rate cards, in that credit type (USD cents by default).
    Pure; call it holding `state.lock`."""
    return state.invoices.priced_spend(customer_id, since, until, credit_type_id)
