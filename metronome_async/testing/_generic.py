"""The operations without rules of their own: checked against the spec, answered as the spec declares.

What an operation does is read from its shape. A create (`.../create`, or a POST to a path that is also
listed by a GET) stores the object it was given, with an id and created_at, in its collection (the path
without the verb); a get (`.../get`, or a GET of `<collection>/{id}`) returns it; a list (`.../list`, or a GET
of the collection) pages through them; an archive (`.../archive`) stamps archived_at; an update
(`.../update`, `.../edit`, or a PUT/PATCH/POST of `<collection>/{id}`) merges the given fields. A few
operations name their verb or collection otherwise (`_IRREGULAR`). A collection is kept only when every
create of it is generic: the objects of hand-written operations (customers, contracts, rate cards) live in
their own state, so a generic operation on them answers made-up data.

Every answer is built to fit the operation's answer schema (`Schemas.conform`): stored fields where they
fit, made-up values for what the schema requires beyond them. An operation with nothing to keep answers the
request's own fields where the answer has a place for them, and made-up values for the rest.

To give an operation real rules, add a hand-written route for it (`_routes.ROUTES`): it wins over the
generic one. `check_request` (in _spec) checks a request against the spec, for a route that wants that too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import attrs

from ._cursors import PageRequest
from ._records import Record
from ._schema import Schemas
from ._spec import SpecOperation, check_request, spec
from ._state import State
from ._validate import MAX_PAGE_SIZE
from ._wire import ApiError, Reply, Wire, format_rfc3339, new_id

CREATE, GET, LIST, ARCHIVE, UPDATE = "create", "get", "list", "archive", "update"
_VERBS = {"create": CREATE, "get": GET, "list": LIST, "archive": ARCHIVE, "update": UPDATE, "edit": UPDATE}
# Operations whose path does not say their verb or their collection: path -> (verb, collection).
_COMMITS, _CREDITS = "/v1/contracts/customerCommits", "/v1/contracts/customerCredits"
_IRREGULAR = {
    "/v1/credits/createGrant": (CREATE, "/v1/credits"),
    "/v1/credits/createPrepaidGrant": (CREATE, "/v1/credits"),
    "/v1/credits/editGrant": (UPDATE, "/v1/credits"),
    "/v1/credits/voidGrant": (ARCHIVE, "/v1/credits"),
    "/v1/credits/listGrants": (LIST, "/v1/credits"),
    "/v1/contract-pricing/rate-cards/addRate": (CREATE, "/v1/contract-pricing/rate-cards/rates"),
    "/v1/contract-pricing/rate-cards/getRates": (LIST, "/v1/contract-pricing/rate-cards/rates"),
    "/v1/contracts/customerCommits/updateEndDate": (UPDATE, _COMMITS),
    "/v2/contracts/commits/edit": (UPDATE, _COMMITS),
    "/v2/contracts/commits/archive": (ARCHIVE, _COMMITS),
    "/v1/contracts/customerCredits/updateEndDate": (UPDATE, _CREDITS),
    "/v2/contracts/credits/edit": (UPDATE, _CREDITS),
    "/v2/contracts/credits/archive": (ARCHIVE, _CREDITS),
    "/v2/notifications/offset/list": (LIST, "/v2/notifications"),
}
_TOKENS = ("next_page", "cursor")  # what listings call their page token, in the request and the answer
PDF = b"%PDF-1.4\n%FakeMetronome\n%%EOF\n"

Operation = Callable[[State, Any], Reply]  # (state, _routes.Call) -> Reply


@attrs.frozen
class Role:
    """What a generic operation does to its collection's objects."""

    verb: str
    collection: str
    stored: bool  # the collection is kept (every create of it is generic)
    id_field: str | None  # the request field naming the object, for get, update and archive
    scope: frozenset[str]  # id fields a create stores, that the other operations select by
    own_ids: frozenset[str]  # other names of the object's id (`commit_id`), that a listing filters by
    archive_filter: str | None  # "include_archived" or "archive_filter", when a listing takes one


def operations(hand: Collection[tuple[str, str]]) -> dict[tuple[str, str], Operation]:
    """(method, path template) -> the generic operation, for every operation of the spec not in `hand`."""
    found = spec()
    roles = _roles(found.operations, found.schemas, hand)
    return {
        (op.method, op.path): functools.partial(_run, op, roles.get((op.method, op.path)))
        for op in found.operations
        if (op.method, op.path) not in hand
    }


# ---------------------------------------------------------------------- what each operation does


def _roles(
    ops: Sequence[SpecOperation], schemas: Schemas, hand: Collection[tuple[str, str]]
) -> dict[tuple[str, str], Role]:
    verbs = {(op.method, op.path): found for op in ops if (found := _verb(op, ops)) is not None}
    creates: dict[str, list[SpecOperation]] = {}
    for op in ops:
        verb_and_collection = verbs.get((op.method, op.path))
        if verb_and_collection is not None and verb_and_collection[0] == CREATE:
            creates.setdefault(verb_and_collection[1], []).append(op)
    stored = {c for c, made_by in creates.items() if all((op.method, op.path) not in hand for op in made_by)}
    create_fields = {
        c: set().union(*(_fields(op, schemas) for op in made_by)) for c, made_by in creates.items()
    }
    roles: dict[tuple[str, str], Role] = {}
    for op in ops:
        if (op.method, op.path) not in verbs:
            continue
        verb, collection = verbs[(op.method, op.path)]
        made = create_fields.get(collection, set())
        roles[(op.method, op.path)] = Role(
            verb=verb,
            collection=collection,
            stored=collection in stored,
            id_field=None if verb in (CREATE, LIST) else _id_field(op, schemas, collection, made),
            scope=frozenset(name for name in made if name.endswith("_id")),
            own_ids=frozenset(),
            archive_filter=next(
                (n for n in ("include_archived", "archive_filter") if n in _fields(op, schemas)), None
            ),
        )
    for key, role in roles.items():  # the other names of a collection's ids, for its listings
        if role.verb == LIST:
            names = {r.id_field for r in roles.values() if r.collection == role.collection and r.id_field}
            roles[key] = attrs.evolve(role, own_ids=frozenset(names - {"id"}))
    return roles


def _verb(op: SpecOperation, ops: Sequence[SpecOperation]) -> tuple[str, str] | None:
    """(verb, collection) of an operation whose shape says it, else None."""
    if op.path in _IRREGULAR:
        return _IRREGULAR[op.path]
    parent, _, last = op.path.rpartition("/")
    if op.method == "POST" and last in _VERBS:
        return _VERBS[last], parent
    if op.method in ("GET", "POST") and {"GET", "POST"} <= {o.method for o in ops if o.path == op.path}:
        return (CREATE if op.method == "POST" else LIST), op.path  # a collection: POST creates, GET lists
    if last.startswith("{") and {"GET", "POST"} <= {o.method for o in ops if o.path == parent}:
        return (GET if op.method == "GET" else UPDATE), parent  # <collection>/{id}
    return None


def _noun(collection: str) -> str:
    """What a collection holds, roughly: `notification` for /v2/notifications."""
    return collection.rpartition("/")[2].lower().rstrip("s")


def _fields(op: SpecOperation, schemas: Schemas) -> set[str]:
    """The names of an operation's parameters and top-level body fields."""
    names = {p.name for p in op.parameters}
    if op.body is not None:
        names |= set(_properties(schemas, op.body))
    return names


def _properties(schemas: Schemas, schema: Mapping[str, Any]) -> dict[str, Any]:
    schema = schemas.resolve(schema)
    found: dict[str, Any] = {}
    for branch in schema.get("allOf", ()):
        found.update(_properties(schemas, branch))
    found.update(schema.get("properties", {}))
    return found


def _id_field(op: SpecOperation, schemas: Schemas, collection: str, create_fields: set[str]) -> str | None:
    """The path's last parameter; else the body's `id`; else its one required `*_id` field that a create
    does not take (`product_id` of products/update: the other ids select the scope, `customer_id`), or of
    several, the one named after the collection."""
    last = op.path.rpartition("/")[2]
    if last.startswith("{"):
        return last[1:-1]
    body = {} if op.body is None else schemas.resolve(op.body)
    if "id" in _properties(schemas, body):
        return "id"
    candidates = [
        name for name in body.get("required", ()) if name.endswith("_id") and name not in create_fields
    ]
    if len(candidates) > 1:  # the one named after the collection: contract_id for .../contracts/edit
        candidates = [name for name in candidates if name == f"{_noun(collection)}_id"]
    return candidates[0] if len(candidates) == 1 else None


# ---------------------------------------------------------------------- running one


def _run(op: SpecOperation, role: Role | None, state: State, call: Any) -> Reply:
    fields = check_request(op, call.params, call.query.raw, call.body, call.has_body)
    if role is None or not role.stored or (role.id_field is not None and role.id_field not in fields):
        return _answer(op, {"data": _echo(op, role, fields)})
    if role.verb == CREATE:
        return _answer(op, {"data": _create(state, op, role, fields).fields})
    if role.verb == LIST:
        return _list(state, op, role, fields)
    record = _find(state, op, role, fields)
    if role.verb == ARCHIVE and "archived_at" not in record.fields:
        record.fields["archived_at"] = format_rfc3339(state.clock.now())
    elif role.verb == UPDATE:
        selectors = {role.id_field, *(p.name for p in op.parameters if p.where == "path")}
        record.fields.update({k: v for k, v in fields.items() if k not in selectors})
    return _answer(op, {"data": record.fields})


def _echo(op: SpecOperation, role: Role | None, fields: Wire) -> Wire:
    """What a made-up answer can take from the request: its fields, and the id it names."""
    id_field = role.id_field if role is not None else None
    last = op.path.rpartition("/")[2]
    if id_field is None and last.startswith("{"):
        id_field = last[1:-1]
    return {**fields, "id": fields[id_field]} if id_field in fields else dict(fields)


def _create(state: State, op: SpecOperation, role: Role, fields: Wire) -> Record:
    key = fields.get("uniqueness_key")
    if key is not None and any(
        r.fields.get("uniqueness_key") == key and "archived_at" not in r.fields
        for r in state.records.all(role.collection)
    ):
        raise ApiError(409, f"uniqueness_key: {key!r} is already used")
    now = format_rfc3339(state.clock.now())
    return state.records.add(role.collection, {**fields, "id": new_id(), "created_at": now})


def _find(state: State, op: SpecOperation, role: Role, fields: Wire) -> Record:
    """The object the request names, within its scope (`customer_id`, ...); else the operation's not-found
    error: the coded one it declares for its object (`NotificationConfigNotFound`), else a 404, or a 400
    where it declares a 400 and no 404."""
    assert role.id_field is not None  # a role without one is never stored: see _id_field
    wanted = fields[role.id_field]
    record = state.records.get(role.collection, wanted)
    required = _required(op)
    selectors = [k for k in role.scope & fields.keys() if role.verb != UPDATE or k in required]
    if record is not None and all(record.fields.get(k) == fields[k] for k in selectors):
        return record
    message = f"{role.id_field} {wanted} not found"
    noun = _noun(role.collection)
    for status in ("404", "400"):
        code = next((c for c in op.errors.get(status) or () if c.lower().startswith(noun)), None)
        if code is not None:
            raise ApiError(int(status), message, code=code)
    plain_400 = "400" in op.errors and op.errors["400"] is None
    raise ApiError(400 if plain_400 and "404" not in op.errors else 404, message)


def _required(op: SpecOperation) -> set[str]:
    names = {p.name for p in op.parameters if p.required}
    if op.body is not None:
        names |= set(spec().schemas.resolve(op.body).get("required", ()))
    return names


def _list(state: State, op: SpecOperation, role: Role, fields: Wire) -> Reply:
    asked = next((t for t in _TOKENS if t in {p.name for p in op.parameters} | _body_names(op)), "next_page")
    answered = next((t for t in _TOKENS if t in _answer_names(op)), None)
    limit = fields.get("limit", MAX_PAGE_SIZE)
    if limit < 1:
        raise op.bad_request("limit: must be at least 1")
    token = fields.get(asked) or None
    filters = {k: v for k, v in fields.items() if k not in ("limit", asked)}
    records = state.records.all(role.collection)
    request = PageRequest(int(limit) if answered else max(len(records), 1), token)
    try:
        found, next_token = state.cursors.page(
            role.collection,
            filters,
            records,
            lambda r: (r.seq,),
            request,
            _keep(role, fields),
            token_name=asked,
        )
    except ApiError as error:
        raise op.bad_request(error.message) from None
    page: Wire = {"data": [r.fields for r in found]}
    if answered:
        page[answered] = next_token
    return _answer(op, page)


def _keep(role: Role, fields: Wire) -> Callable[[Record], bool]:
    """Which objects a listing shows: those of its scope (`customer_id`, `customer_ids`), of the ids it
    asks for (`commit_id`), archived or not as it asks (live only, when it takes a filter)."""
    wanted: list[tuple[str, set[str]]] = []
    for name, value in fields.items():
        many = name.endswith("_ids") and isinstance(value, list) and all(isinstance(v, str) for v in value)
        single = name[:-1] if many else name
        if single in role.scope | role.own_ids and (many or isinstance(value, str)):
            wanted.append((single if single in role.scope else "id", set(value) if many else {value}))
    archived = {"ARCHIVED": True, "ALL": None}.get(fields.get("archive_filter", ""), False)
    if role.archive_filter is None or fields.get("include_archived") is True:
        archived = None

    def keep(record: Record) -> bool:
        if archived is not None and ("archived_at" in record.fields) != archived:
            return False
        return all(record.fields.get(name) in values for name, values in wanted)

    return keep


def _body_names(op: SpecOperation) -> set[str]:
    return set() if op.body is None else set(_properties(spec().schemas, op.body))


def _answer_names(op: SpecOperation) -> set[str]:
    return set() if op.answer is None else set(_properties(spec().schemas, op.answer))


def _answer(op: SpecOperation, value: Any) -> Reply:
    """The success answer of `op`, built from `value` to fit its schema."""
    if op.content_type is None:
        return Reply(op.status)
    if op.answer is None:
        return Reply(op.status, PDF, content_type=op.content_type)
    return Reply(op.status, spec().schemas.conform(op.answer, value))
