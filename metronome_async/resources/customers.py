"""``client.customers``: every customer operation is generated; here is ``update``, which changes several
fields through the single-purpose operations the API has."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from metronome_async._core.serde import UNSET, Unset
from metronome_async.models import Customer
from metronome_async.resources._generated import custom_fields
from metronome_async.resources._generated import customers as generated
from metronome_async.resources._operation import Operation, send

__all__ = ["Customers"]


class Customers(generated.CustomersResource):
    async def update(
        self,
        customer_id: str,
        *,
        name: str | Unset = UNSET,
        ingest_aliases: Sequence[str] | Unset = UNSET,
        custom_fields: Mapping[str, str] | Unset = UNSET,
        salesforce_account_id: str | None | Unset = UNSET,
    ) -> Customer:
        """Change only the given fields, through the single-purpose endpoints the API has, then return the
        customer as it now is. Every argument is checked before the first request."""
        steps: list[tuple[Operation[Any], dict[str, Any]]] = []
        if name is not UNSET:
            steps.append((generated._CUSTOMERS_SET_NAME, {"name": name}))
        if ingest_aliases is not UNSET:
            steps.append((generated._CUSTOMERS_SET_INGEST_ALIASES, {"ingest_aliases": ingest_aliases}))
        if custom_fields is not UNSET:
            values = {"entity": "customer", "entity_id": customer_id, "custom_fields": custom_fields}
            steps.append((_SET_VALUES, values))
        if salesforce_account_id is not UNSET:
            config = {"salesforce_account_id": salesforce_account_id, "leave_stripe_invoices_in_draft": UNSET}
            steps.append((generated._CUSTOMERS_UPDATE_CONFIG, config))
        if not steps:
            raise ValueError(
                "update needs at least one of name, ingest_aliases, custom_fields, salesforce_account_id"
            )
        requests = [
            (operation, operation.build({**_unset(operation), "customer_id": customer_id, **values}))
            for operation, values in steps
        ]
        for operation, request in requests:
            await send(self, operation, request)
        return await self.retrieve(customer_id)


_SET_VALUES = custom_fields._CUSTOM_FIELDS_SET_VALUES


def _unset(operation: Operation[Any]) -> dict[str, Any]:
    """Every argument of ``operation`` not given."""
    return dict.fromkeys((field.name for field in operation.fields), UNSET)
