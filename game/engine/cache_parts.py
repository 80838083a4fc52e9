"""Rebuilding the scenario model's parts from a cache entry, as pydantic leaves them.

Kept apart from `cache.py` so that turning the cache on imports no pydantic: this module is
loaded when an entry is first written or read back.
"""

from __future__ import annotations

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
