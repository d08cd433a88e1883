"""Custom fields: the keys registered per entity type, and the values set on entity instances."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping

import attrs

from ._wire import ApiError

MAX_VALUE_LENGTH = 200


@attrs.frozen
class FieldKey:
    seq: int  # registration order, for pagination
    entity: str
    key: str
    enforce_uniqueness: bool

    def wire(self) -> dict[str, object]:
        return {"entity": self.entity, "key": self.key, "enforce_uniqueness": self.enforce_uniqueness}


class CustomFields:
    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], FieldKey] = {}  # registration order
        self._seq = itertools.count(1)
        self._values: dict[tuple[str, str], dict[str, str]] = {}  # (entity, entity id) -> values

    def add_key(self, entity: str, key: str, enforce_uniqueness: bool) -> None:
        """Registering the same key again is a no-op; changing its uniqueness is a conflict."""
        existing = self._keys.get((entity, key))
        if existing is None:
            self._keys[entity, key] = FieldKey(next(self._seq), entity, key, enforce_uniqueness)
        elif existing.enforce_uniqueness != enforce_uniqueness:
            raise ApiError(409, f"custom field key {key!r} already exists for {entity} with other settings")

    def remove_key(self, entity: str, key: str) -> None:
        """Values of a removed key are no longer accessible."""
        if self._keys.pop((entity, key), None) is None:
            raise ApiError(404, f"custom field key {key!r} not found for {entity}")
        for (owner, _), values in self._values.items():
            if owner == entity:
                values.pop(key, None)

    def keys(self, entities: Collection[str] | None) -> list[FieldKey]:
        return [k for k in self._keys.values() if entities is None or k.entity in entities]

    def check(self, entity: str, entity_id: str, fields: Mapping[str, str]) -> None:
        """Raise for the first value that may not be set; call before changing anything."""
        for key, value in fields.items():
            spec = self._keys.get((entity, key))
            if spec is None:
                raise ApiError(400, f"custom_fields: key {key!r} is not registered for entity {entity!r}")
            if len(value) > MAX_VALUE_LENGTH:
                raise ApiError(400, f"custom_fields.{key}: longer than {MAX_VALUE_LENGTH} characters")
            if spec.enforce_uniqueness and self._owner_of(entity, key, value) not in (None, entity_id):
                raise ApiError(409, f"custom_fields.{key}: value {value!r} is already in use (unique key)")

    def set(self, entity: str, entity_id: str, fields: Mapping[str, str], *, checked: bool = True) -> None:
        """All or nothing; only the given keys change. `checked=False` is for seeding helpers."""
        if checked:
            self.check(entity, entity_id, fields)
        self._values.setdefault((entity, entity_id), {}).update(fields)

    def delete(self, entity: str, entity_id: str, keys: Collection[str]) -> None:
        values = self._values.get((entity, entity_id), {})
        for key in keys:
            values.pop(key, None)

    def get(self, entity: str, entity_id: str) -> dict[str, str]:
        return dict(self._values.get((entity, entity_id), {}))

    def _owner_of(self, entity: str, key: str, value: str) -> str | None:
        for (owner, owner_id), values in self._values.items():
            if owner == entity and values.get(key) == value:
                return owner_id
        return None
