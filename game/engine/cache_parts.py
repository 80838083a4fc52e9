"""Rebuilding the scenario model's parts from a cache entry, as pydantic leaves them.

Kept apart from `cache.py` so that turning the cache on imports no pydantic: this module is
loaded when an entry is first written or read back.
"""

from __future__ import annotations

import io
import pickle
from _collections_abc import dict_items, dict_values
from typing import Any

from pydantic import BaseModel


def _slot_setter(name: str) -> Any:
    """Writes one of pydantic's slots straight, without looking the name up each time."""
    return BaseModel.__dict__[name].__set__


_GIVEN_IS = _slot_setter("__pydantic_fields_set__")
_EXTRA_IS = _slot_setter("__pydantic_extra__")
_PRIVATE_IS = _slot_setter("__pydantic_private__")


def model_part(
    cls: type,
    values: dict[str, Any],
    given: set[str],
    new: Any = object.__new__,
    put: Any = object.__setattr__,
    given_is: Any = _GIVEN_IS,
    extra_is: Any = _EXTRA_IS,
    private_is: Any = _PRIVATE_IS,
) -> Any:
    """One part of the model, as pydantic itself leaves it after validating. The parts are
    frozen, so those given the same fields share one set of their names."""
    obj = new(cls)
    put(obj, "__dict__", values)
    given_is(obj, given)
    extra_is(obj, None)
    private_is(obj, None)
    return obj


class _Unread:
    __slots__ = ()


_UNREAD = _Unread()


class LazyNodes(dict[str, Any]):
    """A scenario's nodes read back from a cache entry, each made the first time it is used.

    A live seat or the title screen reopening a long scenario touches a few of its nodes, not
    all of them. The entry's signature was checked before any of it was read, so each node's
    bytes are as trusted as the rest. Whatever reads every node (`values()`, `items()`, a copy,
    a comparison) makes them all first, so it sees a plain mapping of nodes."""

    __slots__ = ("_table", "_unread")

    def __init__(self, unread: dict[str, bytes], table: list[object]):
        super().__init__(dict.fromkeys(unread, _UNREAD))
        self._unread = unread
        self._table = table  # what every node's pickle refers to by number

    def _made(self, key: str, value: Any) -> Any:
        if value is _UNREAD:
            # Its bytes go only once it is in place: another thread asking for it meanwhile
            # makes it again (an equal node) instead of finding nothing.
            value = _NodeReader(io.BytesIO(self._unread[key]), self._table).load()
            dict.__setitem__(self, key, value)
            self._unread.pop(key, None)
        return value

    def _all_made(self) -> None:
        for key in list(self._unread):
            self._made(key, dict.__getitem__(self, key))

    def __getitem__(self, key: str) -> Any:
        return self._made(key, dict.__getitem__(self, key))

    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self, key, _UNREAD)
        if value is _UNREAD and key not in self._unread:
            return default
        return self._made(key, value)

    # Defined so that `dict(nodes)` and `{**nodes}` go through `__getitem__` too.
    def __iter__(self) -> Any:
        return dict.__iter__(self)

    def values(self) -> dict_values[str, Any]:
        self._all_made()
        return dict.values(self)

    def items(self) -> dict_items[str, Any]:
        self._all_made()
        return dict.items(self)

    def copy(self) -> dict[str, Any]:
        return dict(self.items())

    def __eq__(self, other: object) -> bool:
        self._all_made()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __repr__(self) -> str:
        self._all_made()
        return dict.__repr__(self)

    def __reduce__(self) -> Any:
        return dict, (self.copy(),)  # copied or pickled again as a plain mapping


class _NodeReader(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, table: list[object]):
        super().__init__(file)
        self.table = table

    def persistent_load(self, pid: Any) -> object:
        return self.table[pid]


def lazy_nodes(unread: dict[str, bytes], table: list[object]) -> LazyNodes:
    return LazyNodes(unread, table)
