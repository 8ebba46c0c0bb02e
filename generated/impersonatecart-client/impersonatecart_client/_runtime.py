"""Helpers shared by the generated models and operations.

`UNSET` marks a field that was absent from a JSON object, as distinct from
null (`None`); the converters turn decoded JSON into Python values and back.
"""

from __future__ import annotations

import contextlib
import enum
import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any, Final, Literal, SupportsIndex, TypeVar
from urllib.parse import quote

import httpx

from .errors import DecodeError

T = TypeVar("T")


class Unset(enum.Enum):
    """The type of `UNSET`, the value of every field absent from a JSON object."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


class OpenEnum(enum.Enum):
    """An Enum that also accepts values the spec does not list (yet).

    Servers add values before specs catch up: an unknown value becomes a
    member named `UNKNOWN` that holds it and is written back unchanged.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        member = object.__new__(cls)
        member._name_ = "UNKNOWN"
        member._value_ = value
        # Later lookups of the same value find this member, so equality holds.
        with contextlib.suppress(TypeError):
            cls._value2member_map_[value] = member
        return member


def convert(value: Any, parse: Callable[[Any], T]) -> Any:
    """Return `parse(value)`, or `value` itself when it is `UNSET` or `None`."""
    if value is UNSET or value is None:
        return value
    return parse(value)


def optional(parse: Callable[[Any], T]) -> Callable[[Any], T | None]:
    """Return a parser that passes null through and converts anything else."""

    def parse_optional(value: Any) -> T | None:
        return None if value is None else parse(value)

    return parse_optional


def list_of(parse: Callable[[Any], T]) -> Callable[[Any], list[T]]:
    """Return a parser of JSON arrays that converts each item."""

    def parse_list(values: Any) -> list[T]:
        return [parse(item) for item in values]

    return parse_list


def dict_of(parse: Callable[[Any], T]) -> Callable[[Any], dict[str, T]]:
    """Return a parser of JSON objects that converts each value."""

    def parse_dict(values: Any) -> dict[str, T]:
        return {key: parse(value) for key, value in values.items()}

    return parse_dict


JsonType = type | tuple[type, ...]


def union_of(
    *options: tuple[JsonType, Any],
    discriminator: str | None = None,
    mapping: Mapping[str, Any] | None = None,
) -> Callable[[Any], Any]:
    """Return a parser of a oneOf/anyOf value.

    Each option pairs the JSON type it accepts with a model class or a parser
    (None keeps the value). An object goes by its discriminator when there is
    one, else to the model that knows most of its keys; a value no option
    accepts is kept as it came.
    """

    def parse_union(value: Any) -> Any:
        if discriminator is not None and mapping and isinstance(value, dict):
            target = mapping.get(str(value.get(discriminator)))
            if target is not None:
                return _apply(target, value)
        fitting = [target for kinds, target in options if _accepts(kinds, value)]
        if isinstance(value, dict):
            fitting.sort(key=lambda target: -len(_known_keys(target) & value.keys()))
        for target in fitting:
            try:
                return _apply(target, value)
            except (TypeError, ValueError, KeyError, AttributeError):
                continue
        return value

    return parse_union


def _accepts(kinds: JsonType, value: Any) -> bool:
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    # bool is an int in Python, but true is no number in JSON.
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def _known_keys(target: Any) -> frozenset[str]:
    return frozenset(getattr(target, "_JSON_NAMES", ()))


def _apply(target: Any, value: Any) -> Any:
    if target is None:
        return value
    if hasattr(target, "from_dict"):
        return target.from_dict(value)
    return target(value)


class WireDatetime(datetime):
    """A datetime read from JSON that remembers the exact text it was read from.

    `dump` writes that text back, so reading and writing a value keeps its
    spelling (`Z` or `+00:00`, three or seven fraction digits) byte for byte.
    """

    __slots__ = ("wire_text",)
    wire_text: str

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # Copies and pickles are parsed again from the text, so they keep it.
        text = getattr(self, "wire_text", None)
        if text is None:
            return datetime.fromisoformat, (self.isoformat(),)
        return parse_datetime, (text,)


_DATETIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?"
    r"(?:([Zz])|([+-])(\d\d):?(\d\d))?"
)


def parse_datetime(text: str) -> datetime:
    """Read an RFC 3339 date-time as a timezone-aware datetime.

    A value without an offset is taken as UTC. Fractions finer than a
    microsecond are cut to microseconds.
    """
    match = _DATETIME.fullmatch(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 date-time: {text!r}")
    year, month, day, hour, minute, second, fraction, _, sign, off_h, off_m = (
        match.groups()
    )
    tz = timezone.utc
    if sign is not None:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        tz = timezone(-offset if sign == "-" else offset)
    value = WireDatetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second),
        int((fraction or "0")[:6].ljust(6, "0")),
        tzinfo=tz,
    )
    value.wire_text = text
    return value


def parse_date(text: str) -> date:
    """Read an RFC 3339 full-date such as `2024-02-29`."""
    return date.fromisoformat(text)


def dump(value: Any, *, omit_read_only: bool = False) -> Any:
    """Return the JSON form of a value: models, dates and containers converted.

    With `omit_read_only`, models leave out the fields the spec marks
    read-only, as request bodies must.
    """
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, datetime):
        text = getattr(value, "wire_text", None)
        if text is not None:
            return text
        if value.tzinfo is None:
            # RFC 3339 needs an offset; a naive value is taken as UTC, as on input.
            value = value.replace(tzinfo=timezone.utc)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [dump(item, omit_read_only=omit_read_only) for item in value]
    if isinstance(value, dict):
        return {k: dump(v, omit_read_only=omit_read_only) for k, v in value.items()}
    if omit_read_only:
        return value.to_dict(omit_read_only=True)
    return value.to_dict()


class DataError(ValueError):
    """A JSON value does not have the type its schema declares.

    `path` names where it is (`contacts[0].id`, empty for the value itself);
    `problem` says what was wrong with it.
    """

    def __init__(self, problem: str, path: str = "") -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.problem = problem
        self.path = path
