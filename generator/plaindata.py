"""Caches as plain data: JSON with a few tagged types, read back into a fixed list of classes.

Nothing in a cache file can run code when it is read (unlike pickle): a tag names one of the
dataclasses registered here and its fields; anything else is refused and the cache is ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

_CLASSES: dict[str, type] = {}
_FIELDS: dict[type, frozenset[str]] = {}


class NotPlain(ValueError):
    """The file is not a cache this code wrote."""


def register(cls: type) -> type:
    """Allow dataclass `cls` in caches (by its name)."""
    _CLASSES[cls.__name__] = cls
    _FIELDS[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return cls


def dumps(value: Any) -> str:
    return json.dumps(_to_plain(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    try:
        # One decoder for every call: json.loads makes a new one per text when given a hook (10,000 records
        # of the check cache at every rebuild).
        return _DECODER.decode(text)
    except (ValueError, TypeError, KeyError, RecursionError, InvalidOperation) as exc:
        raise NotPlain(str(exc)) from None


def _to_plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}  # exact: "150.50" stays 150.50
    if isinstance(value, (list, tuple)):
        items = [_to_plain(v) for v in value]
        return items if isinstance(value, list) else {"$tuple": items}
    if isinstance(value, (set, frozenset)):
        return {"$set": [_to_plain(v) for v in sorted(value, key=repr)]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _to_plain(v) for k, v in value.items()}
        return {"$dict": [[_to_plain(k), _to_plain(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _CLASSES:
        fields = {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$class": type(value).__name__, "fields": fields}
    raise TypeError(f"not plain data: {type(value).__name__}")


def _tagged(value: dict[str, Any]) -> Any:
    """json's object_hook: called on every object, innermost first, so its fields are already converted."""
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if "$decimal" in value:
        if not isinstance(value["$decimal"], str):
            raise TypeError("a decimal is written as a string")
        return Decimal(value["$decimal"])
    if "$datetime" in value:
        return dt.datetime.fromisoformat(value["$datetime"])
    if "$tuple" in value:
        return tuple(value["$tuple"])
    if "$set" in value:
        return frozenset(value["$set"])
    if "$dict" in value:
        return {_hashable(k): v for k, v in value["$dict"]}
    if "$class" in value:
        cls = _CLASSES[value["$class"]]  # KeyError: not a class this code allows
        fields = value["fields"]
        if not isinstance(fields, dict) or fields.keys() != _FIELDS[cls]:
            raise ValueError(f"fields of {cls.__name__} differ")
        return cls(**fields)
    return value


_DECODER = json.JSONDecoder(object_hook=_tagged)


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key
