"""``client.custom_fields``: register keys and set values on customers, plans and other entities."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from metronome_async._core import validate as check
from metronome_async.models import CustomFieldEntity, CustomFieldKey
from metronome_async.pagination import AsyncPager
from metronome_async.resources._base import Resource

ENTITIES = tuple(member.value for member in CustomFieldEntity)


def entity_name(value: CustomFieldEntity | str, name: str = "entity") -> str:
    return check.one_of(name, value, ENTITIES)


def set_values_body(entity: CustomFieldEntity | str, entity_id: str, custom_fields: Any) -> dict[str, Any]:
    return {
        "entity": entity_name(entity),
        "entity_id": check.text("entity_id", entity_id),
        "custom_fields": check.custom_field_values("custom_fields", custom_fields),
    }


class CustomFields(Resource):
    async def add_key(self, *, entity: CustomFieldEntity | str, key: str, enforce_uniqueness: bool) -> None:
        """Register a key; values can only be set for registered keys.

        ``POST /v1/customFields/addKey``
        """
        body = {
            "entity": entity_name(entity),
            "key": check.text("key", key),
            "enforce_uniqueness": check.flag("enforce_uniqueness", enforce_uniqueness),
        }
        await self._transport.request("POST", "/v1/customFields/addKey", body=body)

    def list_keys(
        self, *, entities: Iterable[CustomFieldEntity | str] | None = None
    ) -> AsyncPager[CustomFieldKey]:
        """Every registered key, optionally only those of some entities (at least one, if given).

        ``POST /v1/customFields/listKeys``
        """
        body: dict[str, Any] = {}
        if entities is not None:
            body["entities"] = [
                entity_name(e, f"entities[{i}]")
                for i, e in enumerate(check.filter_strings("entities", entities))
            ]
        return self._pager("POST", "/v1/customFields/listKeys", CustomFieldKey, {}, body=body)

    async def set_values(
        self, *, entity: CustomFieldEntity | str, entity_id: str, custom_fields: Mapping[str, str]
    ) -> None:
        """Set values for registered keys, all or none; keys not named keep their values.

        ``POST /v1/customFields/setValues``
        """
        await self._transport.request(
            "POST", "/v1/customFields/setValues", body=set_values_body(entity, entity_id, custom_fields)
        )

    async def delete_values(
        self, *, entity: CustomFieldEntity | str, entity_id: str, keys: Iterable[str]
    ) -> None:
        """Remove the values of these keys from one entity; the keys stay registered.

        ``POST /v1/customFields/deleteValues``
        """
        body = {
            "entity": entity_name(entity),
            "entity_id": check.text("entity_id", entity_id),
            "keys": check.strings("keys", keys),
        }
        await self._transport.request("POST", "/v1/customFields/deleteValues", body=body)

    async def remove_key(self, *, entity: CustomFieldEntity | str, key: str) -> None:
        """Unregister a key for an entity type; the values set for it are no longer readable.

        ``POST /v1/customFields/removeKey``
        """
        body = {"entity": entity_name(entity), "key": check.text("key", key)}
        await self._transport.request("POST", "/v1/customFields/removeKey", body=body)
