"""What the blocking client's ``with_options`` and ``with_raw_response`` are made of."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

__all__ = ["LazyAreas", "SharedLoop", "SyncRawView"]


class SharedLoop:
    """Mixed into a blocking client made by ``with_options``: it runs on the loop thread and the pool of the
    client it came from, which that client closes, so closing this one does nothing and it never warns."""

    def close(self) -> None:
        """Nothing to close: the loop thread and the pool belong to the client this one was made from."""

    def __del__(self) -> None:
        pass


class SyncRawView:
    """What the generated blocking raw views share: a name a view lacks raises its async twin's error, which
    says why (a workflow, say, has no raw form)."""

    if not TYPE_CHECKING:  # hidden from type checkers, which must reject a name the view lacks

        def __getattr__(self, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(name)
            getattr(self._async, name)  # raises: each method of the async view has its blocking twin here
            raise AttributeError(name)


class LazyAreas:
    """Mixed into the blocking client and its raw view: the twin of an area that the async client makes on
    first use (``client.invoices``) is made on first use too, so a blocking client loads no area it does not
    use."""

    _areas: ClassVar[dict[str, Any]] = {}

    if not TYPE_CHECKING:  # type checkers see each area's annotation on the twin class

        def __getattr__(self, name: str) -> Any:
            twin = type(self)._areas.get(name)
            if twin is None:
                return super().__getattr__(name) if hasattr(super(), "__getattr__") else _missing(self, name)
            made = twin(getattr(self._async, name), self._loop)
            self.__dict__[name] = made  # found directly from now on
            return made


def _missing(owner: object, name: str) -> Any:
    raise AttributeError(f"{type(owner).__name__!r} object has no attribute {name!r}")
