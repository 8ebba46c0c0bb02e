"""Helpers shared by the generated models and operations.

Every model derives from `Model`. Its class body declares only the fields;
the work of reading and writing JSON is done here, by a codec that `Model`
derives once per class, at first use, from the resolved type hints and three
optional class tables: `_json_names` (field -> JSON name, where they
differ), `_read_only` (fields left out of request bodies) and
`_discriminators` (field -> the `Discriminator` of its oneOf/anyOf).

`UNSET` marks a field that was absent from a JSON object, as distinct from
null (`None`).

Reading (`Model.from_dict`, `Model.from_json`) checks each value against the
type of its field and raises `DataError`, whose `path` names the value with
JSON names (`customerAccount.contacts[3].id`). The rules:

- null is accepted wherever the spec allows it (`| None` in the type). In an
  optional field that the spec does not mark nullable, null reads as absent:
  the field stays `UNSET` and is not written back, because servers send null
  for "no value" whatever their spec says. In a required field, a list item
  or a map value that is not nullable, null is an error.
- A JSON integer is accepted for a number field and becomes a float; true
  and false are not numbers, and 1.0 is no integer.
- A date-time is read as a `WireDatetime`, written back exactly as received.
- An enum keeps values it does not list (see `OpenEnum`) but checks their
  JSON type.
- A oneOf/anyOf value goes by its discriminator when the mapping names the
  model, else to the first option that accepts it, objects first to the
  model that knows most of their keys; a value that no option accepts is an
  error.
- Keys of an object that the model does not describe are kept in
  `additional_properties` and written back after the known fields.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import keyword
import operator
import re
import sys
import types
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal, SupportsIndex, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Self

T = TypeVar("T")


class Unset(enum.Enum):
    """The type of `UNSET`, the value of every field absent from a JSON object."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


class DataError(ValueError):
    """A decoded JSON value that does not have the type the spec gives it.

    `path` locates the value with JSON names and indexes, such as
    `customerAccount.contacts[3].id` (empty for the value itself); `location`
    holds the same steps as a tuple; `reason` says what was expected and
    found.
    """

    def __init__(self, reason: str, *, location: Sequence[str | int] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        # Innermost step first: each enclosing value adds its own as the
        # error passes through it.
        self._steps = list(reversed(location))

    @property
    def location(self) -> tuple[str | int, ...]:
        """Return the steps from the decoded value down to the wrong one."""
        return tuple(reversed(self._steps))

    @property
    def path(self) -> str:
        """Return the location as text: `contacts[3].id`."""
        text = ""
        for step in self.location:
            if isinstance(step, int):
                text += f"[{step}]"
            else:
                text += f".{step}" if text else step
        return text

    def within(self, step: str | int) -> DataError:
        """Return this error after prefixing its location with `step`."""
        self._steps.append(step)
        return self

    def __str__(self) -> str:
        path = self.path
        return f"{path}: {self.reason}" if path else self.reason


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


@dataclasses.dataclass(frozen=True, slots=True)
class Discriminator:
    """The property that names the option of a oneOf/anyOf, and its values.

    `mapping` goes from a value of the property to the class name of the
    option; a value that it does not list is matched by the option's shape.
    """

    property_name: str
    mapping: Mapping[str, str]


class Model:
    """The base of every generated model: JSON in and out, checked on the way in."""

    __slots__ = ()

    additional_properties: dict[str, Any]
    _json_names: ClassVar[Mapping[str, str]] = {}
    _read_only: ClassVar[Collection[str]] = ()
    _discriminators: ClassVar[Mapping[str, Discriminator]] = {}
    # Set on each model class once its reader and writer are derived.
    _codec: ClassVar[_Codec]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build a model from decoded JSON; raise `DataError` if it does not fit."""
        result: Self = _codec(cls).decode(data)
        return result

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        """Build a model from JSON text, as `from_dict`; bad JSON raises `DataError`."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:  # nested beyond the parser
            raise DataError(f"not valid JSON ({exc})") from exc
        return cls.from_dict(data)

    def to_dict(self, *, omit_read_only: bool = False) -> dict[str, Any]:
        """Return the JSON object of this model; unset fields are left out.

        Args:
            omit_read_only: Leave out the fields the spec marks read-only, here
                and in nested models, as a request body must.
        """
        result: dict[str, Any] = _codec(type(self)).encode(self, omit_read_only)
        return result

    def to_json(self) -> str:
        """Return the JSON text of this model (see `to_dict`)."""
        return json.dumps(self.to_dict(), separators=(",", ":"))


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
        if type(values) is not list:
            raise _mismatch("an array", values)
        return _read_items(parse, values)

    return parse_list


def dict_of(parse: Callable[[Any], T]) -> Callable[[Any], dict[str, T]]:
    """Return a parser of JSON objects that converts each value."""

    def parse_dict(values: Any) -> dict[str, T]:
        if not isinstance(values, Mapping):
            raise _mismatch("an object", values)
        return _read_values(parse, values)

    return parse_dict


def _read_values(read: Callable[[Any], T], values: Mapping[str, Any]) -> dict[str, T]:
    """Read each value of a JSON object; an error names the key of its value."""
    result: dict[str, T] = {}
    try:
        for key, value in values.items():
            result[key] = read(value)
    except DataError as exc:
        raise exc.within(key) from None
    return result


JsonType = type | tuple[type, ...]


def union_of(
    *options: tuple[JsonType, Any],
    discriminator: str | None = None,
    mapping: Mapping[str, Any] | None = None,
) -> Callable[[Any], Any]:
    """Return a parser of a oneOf/anyOf value outside a model (a response body).

    Each option pairs the JSON type it accepts with a model class or a parser
    (None keeps the value); the rules are those of model fields.
    """
    readers = [
        _Option(kinds, _option_reader(target), _option_keys(target))
        for kinds, target in options
    ]
    by_value = {key: _option_reader(target) for key, target in (mapping or {}).items()}
    expected = " or ".join(_option_label(kinds, target) for kinds, target in options)
    return _union_reader(readers, discriminator, by_value, expected=expected)


def _option_keys(target: Any) -> frozenset[str]:
    """Return the JSON names a model option knows, to find the closest option."""
    if isinstance(target, type) and issubclass(target, Model):
        names = target._json_names
        return frozenset(names.get(f.name, f.name) for f in _fields(target))
    return frozenset()


def _option_label(kinds: JsonType, target: Any) -> str:
    """Return how a union option is named in an error: `Cat (an object)`."""
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    label = " or ".join(
        dict.fromkeys(_KINDS.get(kind, kind.__name__) for kind in kinds)
    )
    if isinstance(target, type) and issubclass(target, Model):
        return f"{target.__name__} ({label})"
    return label


def _option_reader(target: Any) -> Callable[[Any], Any]:
    if target is None:
        return _keep
    if isinstance(target, type) and issubclass(target, Model):
        return _model_reader(_codec(target))
    parse: Callable[[Any], Any] = target
    return lambda value: _checked(parse, value)


def _checked(parse: Callable[[Any], Any], value: Any) -> Any:
    try:
        return parse(value)
    except DataError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise DataError(f"cannot read {_describe(value)} ({exc})") from None


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


# ASCII digits only; offsets up to 23:59.
_DATETIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?"
    r"(?:([Zz])|([+-])([01]\d|2[0-3]):?([0-5]\d))?",
    re.ASCII,
)
_DATE = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)
# Python 3.11 reads `Z` offsets and any number of fraction digits.
_FROMISOFORMAT_READS_RFC3339 = sys.version_info >= (3, 11)
# Bound once: looking the class method up on `datetime` adds half to its cost.
_fromisoformat = datetime.fromisoformat
_UTC_OFFSETS: dict[tuple[str, str, str], timezone] = {}


def parse_datetime(text: str) -> datetime:
    """Read an RFC 3339 date-time as a timezone-aware datetime.

    A value without an offset is taken as UTC. Fractions finer than a
    microsecond are cut to microseconds.
    """
    try:
        return _read_datetime(text)
    except DataError:
        raise ValueError(f"not an ISO 8601 date-time: {text!r}") from None


def _parse_rfc3339(text: str) -> datetime:
    """Read a date-time after checking it against the pattern of RFC 3339."""
    match = _DATETIME.fullmatch(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 date-time: {text!r}")
    if _FROMISOFORMAT_READS_RFC3339:
        # Much faster, and the same result for every text the pattern accepts
        # that has an offset and an upper-case T or space.
        try:
            parsed = _fromisoformat(text)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:
                fast = WireDatetime(*parsed.__reduce__()[1])
                fast.wire_text = text
                return fast
    year, month, day, hour, minute, second, fraction, _, sign, off_h, off_m = (
        match.groups()
    )
    tz = timezone.utc
    if sign is not None:
        tz = _UTC_OFFSETS.get((sign, off_h, off_m)) or _offset(sign, off_h, off_m)
    value = WireDatetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second),
        int(fraction[:6].ljust(6, "0")) if fraction else 0,
        tzinfo=tz,
    )
    value.wire_text = text
    return value


def _offset(sign: str, hours: str, minutes: str) -> timezone:
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    tz = timezone(-offset if sign == "-" else offset)
    # Few distinct offsets occur: keep them, bounded against hostile input.
    if len(_UTC_OFFSETS) < 256:
        _UTC_OFFSETS[sign, hours, minutes] = tz
    return tz


def parse_date(text: str) -> date:
    """Read an RFC 3339 full-date such as `2024-02-29`."""
    # fromisoformat also reads ISO 8601 forms that RFC 3339 lacks.
    if _DATE.fullmatch(text) is None:
        raise ValueError(f"not an RFC 3339 full-date: {text!r}")
    return date.fromisoformat(text)


def dump(value: Any, *, omit_read_only: bool = False) -> Any:
    """Return the JSON form of a value: models, dates and containers converted.

    With `omit_read_only`, models leave out the fields the spec marks
    read-only, as request bodies must.
    """
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, Model):
        return value.to_dict(omit_read_only=omit_read_only)
    if isinstance(value, datetime):
        return _dump_datetime(value, omit_read_only)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [dump(item, omit_read_only=omit_read_only) for item in value]
    if isinstance(value, dict):
        return {k: dump(v, omit_read_only=omit_read_only) for k, v in value.items()}
    return value.to_dict()


# -- the codec of a model class ----------------------------------------------
#
# A reader turns one decoded JSON value into the Python value of a type, or
# raises DataError; a writer turns the Python value back (None where the
# value is JSON already). Both are plain closures chosen by the type hint.

Reader = Callable[[Any], Any]
Writer = Callable[[Any, bool], Any]


class _Never:
    """A type no JSON value has: the fast path of a field that always converts."""


@dataclasses.dataclass(slots=True)
class _Field:
    """How one field of a model is read and written."""

    python_name: str
    json_name: str
    expected: str
    required: bool
    nullable: bool
    # A value of exactly this type is taken as it is; any other goes to `read`.
    plain: type
    read: Reader
    write: Writer | None
    read_only: bool
    # A value of exactly this type goes straight to `read_direct` (else
    # `read`), or to the decoder of `codec` (of each item, with `many`),
    # without the field's null checks.
    direct: type = dataclasses.field(default=_Never)
    codec: _Codec | None = None
    many: bool = False
    read_direct: Reader | None = None


class _Codec:
    """The reader and writer of one model class, derived from its type hints.

    `decode` and `encode` are compiled per class, as `dataclasses` compiles
    `__init__`: straight-line code over the fields. JSON names and
    converters are passed in as values, so no text from a spec is ever
    compiled; the only names in the source are numbered locals and, as in
    `dataclasses`, the class's own field names, which are checked to be
    identifiers first.

    `decode` builds the instance without calling `__init__`, as `copy` and
    `pickle` do: it sets every field, which is all the generated `__init__`
    does, at a quarter of the cost of keyword arguments. A class that
    defines `__post_init__` or `__setattr__` is built through `__init__`.
    """

    __slots__ = ("decode", "encode", "model")

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.decode: Callable[[Any], Any] = _not_ready
        self.encode: Callable[[Any, bool], dict[str, Any]] = _not_ready

    def install(self, fields: list[_Field]) -> None:
        direct = _builds_directly(self.model)
        names = [spec.python_name for spec in fields] + ["additional_properties"]
        self.decode = _compile(
            _decoder_source(fields, names, direct=direct),
            _decoder_values(self, fields),
        )
        self.encode = _compile(_encoder_source(fields), _encoder_values(fields))


def _builds_directly(model: type[Model]) -> bool:
    """Tell whether instances may be built by setting their fields alone."""
    return (
        model.__new__ is object.__new__
        and model.__setattr__ is object.__setattr__
        and not hasattr(model, "__post_init__")
    )


def _not_ready(*args: Any) -> Any:
    raise RuntimeError("the codec is not complete yet")


def _compile(source: str, values: dict[str, Any]) -> Callable[..., Any]:
    """Compile the function `compiled` of `source` over `values`."""
    namespace = dict(values)
    # The source holds numbered names only; see `_Codec`.
    exec(compile(source, "<model codec>", "exec"), namespace)  # noqa: S102
    function: Callable[..., Any] = namespace["compiled"]
    return function


def _attribute(name: str) -> str:
    """Return a field name fit to write into compiled source, or raise."""
    if not name.isidentifier() or keyword.iskeyword(name):
        raise TypeError(f"field name {name!r} is not a Python identifier")
    return name


def _decoder_source(fields: list[_Field], names: list[str], *, direct: bool) -> str:
    lines = [
        "def compiled(data):",
        "    if type(data) is not dict:",
        "        data = as_object(data)",
        # The keys of `data`; each field it lacks adds one below.
        "    size = len(data)",
    ]
    lines += _lookup_source(fields)
    for i, spec in enumerate(fields):
        lines += _field_decoder_source(i, spec)
    lines += [
        # Every key present is either known or extra: count, don't compare.
        "    if size == count:",
        "        extra = {}",
        "    else:",
        "        extra = {k: v for k, v in data.items() if k not in known}",
    ]
    if direct:
        lines.append("    obj = new(cls)")
        values = [f"v{i}" for i in range(len(fields))] + ["extra"]
        pairs = zip(names, values, strict=True)
        lines += [f"    obj.{_attribute(n)} = {v}" for n, v in pairs]
        lines += ["    return obj", ""]
        return "\n".join(lines)
    lines.append("    return cls(**{")
    lines += [f"        n{i}: v{i}," for i in range(len(fields))]
    lines += ["        'additional_properties': extra,", "    })", ""]
    return "\n".join(lines)


def _lookup_source(fields: list[_Field]) -> list[str]:
    """Return the lines that look the value of field `i` up into `v{i}`.

    An object with a key for every field, the usual shape of a response,
    has them all taken in one call of `operator.itemgetter`. One with fewer
    keys is looked up key by key, as is one whose extra keys hide a missing
    field (the getter's KeyError).
    """
    if not fields:
        return []
    one_by_one = ["    get = data.get"]
    for i, spec in enumerate(fields):
        default = "ABSENT" if spec.required else "UNSET"
        one_by_one.append(f"    v{i} = get(k{i}, {default})")
    every = ", ".join(f"v{i}" for i in range(len(fields)))
    return [
        "    if size >= count:",
        "        try:",
        f"            {every}, = get_all(data)",
        "        except KeyError:",
        *["        " + line for line in one_by_one],
        "    else:",
        *["    " + line for line in one_by_one],
    ]


def _field_decoder_source(i: int, spec: _Field) -> list[str]:
    """Return the lines that check field `i` in `v{i}`; the common cases inline.

    A value of the field's plain type is kept; one of its direct type is
    converted here, its errors located under the field's key; absent and
    null values are settled here; anything else goes to the field reader
    `r{i}`, which converts or raises the located error.
    """
    lines = []
    if spec.direct is _Never:
        lines.append(f"    if type(v{i}) is not t{i}:")
    elif spec.read_direct is _read_datetime_text and _FROMISOFORMAT_READS_RFC3339:
        lines += [f"    if type(v{i}) is t{i}:", *_datetime_source(i), "    else:"]
    else:
        if spec.codec is None:
            convert = [f"v{i} = c{i}(v{i})"]
        elif spec.many:
            convert = [f"v{i} = read_models(c{i}.decode, v{i})"]
        else:
            # Not `c{i}.decode(v{i})`: CPython 3.11 cannot specialise a method
            # call on an attribute of the instance, and looks it up slowly.
            convert = [f"decode = c{i}.decode", f"v{i} = decode(v{i})"]
        lines += [
            f"    if type(v{i}) is t{i}:",
            "        try:",
            *["            " + line for line in convert],
            "        except DataError as exc:",
            f"            raise exc.within(k{i}) from None",
            "    else:",
        ]
    if spec.required:
        return [*lines, f"        v{i} = r{i}(v{i})"]
    lines += [f"        if v{i} is UNSET:", "            size += 1"]
    lines += [f"        elif v{i} is None:", f"            v{i} = z{i}"]
    return [*lines, "        else:", f"            v{i} = r{i}(v{i})"]


def _datetime_source(i: int) -> list[str]:
    """Return the lines that read the string `v{i}` of a date-time field.

    The usual spelling, `Z` after one to seven fraction digits
    (`2024-03-01T10:00:07.1234567Z`), is read here without a call. The
    condition checks what fromisoformat lets pass (see `_read_datetime_text`):
    the separators, a digit before the `Z` and no eighth fraction digit,
    as fromisoformat leaves unread all after the sixth; fromisoformat checks
    the rest. Other spellings go to `c{i}`. A text that either refuses (a
    `DataError` is a `ValueError`) goes to the field reader `r{i}`, which
    raises the error located under the field's key.
    """
    return [
        "        try:",
        # The length first: most other spellings, with an offset, are longer.
        (
            f'            if len(v{i}) < 29 and v{i}[4:20:3] == "--T::."'
            f' and v{i}[-1] == "Z" and v{i}[-2] in "0123456789":'
        ),
        f"                parsed = wire(*fromisoformat(v{i}).__reduce__()[1])",
        f"                parsed.wire_text = v{i}",
        f"                v{i} = parsed",
        "            else:",
        f"                v{i} = c{i}(v{i})",
        "        except ValueError:",
        f"            v{i} = r{i}(v{i})",
    ]


def _decoder_values(codec: _Codec, fields: list[_Field]) -> dict[str, Any]:
    model = codec.model
    values: dict[str, Any] = {
        "UNSET": UNSET,
        "ABSENT": _ABSENT,
        "DataError": DataError,
        "as_object": _as_object,
        "read_models": _read_items,
        "known": frozenset(spec.json_name for spec in fields),
        "count": len(fields),
        "cls": model,
        "new": object.__new__,
        "wire": WireDatetime,
        "fromisoformat": _fromisoformat,
    }
    if fields:
        values["get_all"] = _get_all([spec.json_name for spec in fields])
    for i, spec in enumerate(fields):
        values[f"k{i}"] = spec.json_name
        values[f"t{i}"] = spec.plain if spec.direct is _Never else spec.direct
        values[f"c{i}"] = spec.codec or spec.read_direct or spec.read
        values[f"r{i}"] = _field_reader(spec)
        # An optional field reads null as None where the spec allows it, else
        # as absent.
        values[f"z{i}"] = None if spec.nullable else UNSET
        values[f"n{i}"] = spec.python_name
    return values


def _get_all(keys: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """Return a function giving the values of `keys` as a tuple, even for one key."""
    if len(keys) == 1:
        (key,) = keys
        return lambda data: (data[key],)
    return operator.itemgetter(*keys)


def _read_items(read: Callable[[Any], T], values: list[Any]) -> list[T]:
    """Read each item of a JSON array; an error names the index of its item."""
    result: list[T] = []
    try:
        for value in values:
            result.append(read(value))
    except DataError as exc:
        raise exc.within(len(result)) from None
    return result


def _as_object(data: Any) -> dict[str, Any]:
    if isinstance(data, Mapping):
        return dict(data)
    raise _mismatch("an object", data)


def _field_reader(spec: _Field) -> Reader:
    """Return the reader of a field's values that are not of its plain type."""
    read, key, expected = spec.read, spec.json_name, spec.expected
    null = None if spec.nullable else UNSET
    null_is_wrong = spec.required and not spec.nullable

    def read_field(value: Any) -> Any:
        try:
            if value is None:
                if null_is_wrong:
                    raise DataError(f"expected {expected}, found null")
                return null
            if value is _ABSENT:
                raise DataError("a required property is missing")
            return read(value)
        except DataError as exc:
            raise exc.within(key) from None

    return read_field


def _encoder_source(fields: list[_Field]) -> str:
    names = "".join(f"v{i}, " for i in range(len(fields)))
    lines = ["def compiled(model, omit):", f"    {names}extra = get_values(model)"]
    if not fields:
        lines[-1] = "    extra = get_values(model)"
    lines.append("    data = {}")
    for i, spec in enumerate(fields):
        value = f"v{i}"
        if spec.write is not None:
            value = f"v{i} if v{i} is None else w{i}(v{i}, omit)"
        guards = [] if spec.required else [f"v{i} is not UNSET"]
        if spec.read_only:
            guards.append("not omit")
        if guards:
            lines.append(f"    if {' and '.join(guards)}:")
            lines.append(f"        data[k{i}] = {value}")
        else:
            lines.append(f"    data[k{i}] = {value}")
    lines += ["    if extra:", "        data.update(extra)", "    return data", ""]
    return "\n".join(lines)


def _encoder_values(fields: list[_Field]) -> dict[str, Any]:
    names = [spec.python_name for spec in fields] + ["additional_properties"]
    values: dict[str, Any] = {
        "UNSET": UNSET,
        "get_values": operator.attrgetter(*names),
    }
    for i, spec in enumerate(fields):
        values[f"k{i}"] = spec.json_name
        values[f"w{i}"] = spec.write
    return values


class _Absent:
    """The value of a required field that the JSON object leaves out."""


_ABSENT = _Absent()


def _codec(model: type[Model]) -> _Codec:
    """Return the codec of a model class, deriving it at first use."""
    codec = model.__dict__.get("_codec")
    if codec is None:
        codec = _derive_codecs(model, {})
    return typing.cast(_Codec, codec)


def _derive_codecs(model: type[Model], pending: dict[type[Model], _Codec]) -> _Codec:
    """Derive the codec of `model` and of the models it refers to.

    Models that refer to each other see each other's codecs in `pending`;
    the codecs are published on their classes only once all are complete,
    so another thread never sees half of one.
    """
    if model in pending:
        return pending[model]
    codec = _Codec(model)
    pending[model] = codec
    hints = typing.get_type_hints(model)
    fields = []
    for declared in dataclasses.fields(model):  # type: ignore[arg-type]
        if declared.name != "additional_properties":
            fields.append(_derive_field(model, declared, hints, pending))
    codec.install(fields)
    if next(iter(pending)) is model:
        for done, its_codec in pending.items():
            done._codec = its_codec
    return codec


def _derive_field(
    model: type[Model],
    declared: dataclasses.Field[Any],
    hints: dict[str, Any],
    pending: dict[type[Model], _Codec],
) -> _Field:
    name = declared.name
    options, nullable = _split_optional(hints[name])
    shape = _shape(options, model._discriminators.get(name), pending)
    required = (
        declared.default is dataclasses.MISSING
        and declared.default_factory is dataclasses.MISSING
    )
    return _Field(
        python_name=name,
        json_name=model._json_names.get(name, name),
        expected=shape.expected,
        required=required,
        nullable=nullable or shape.nullable,
        plain=shape.plain,
        read=shape.read,
        write=shape.write,
        read_only=name in model._read_only,
        direct=shape.direct,
        codec=shape.codec,
        many=shape.many,
        read_direct=shape.read_direct,
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Shape:
    """How values of one type are checked, read and written."""

    expected: str
    plain: type
    read: Reader
    write: Writer | None
    nullable: bool = False
    # The JSON types the value may have, to choose among union options.
    json_types: tuple[type, ...] = ()
    keys: frozenset[str] = frozenset()
    # See `_Field`: the route of the compiled decoder around the field reader.
    direct: type = _Never
    codec: _Codec | None = None
    many: bool = False
    # The reader of values of type `direct`, spared the type check of `read`.
    read_direct: Reader | None = None


def _split_optional(hint: Any) -> tuple[tuple[Any, ...], bool]:
    """Return the options of a hint without `Unset` and `None`, and if None was one."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
    else:
        options = (hint,)
    kept = tuple(o for o in options if o is not Unset and o is not type(None))
    return kept, type(None) in options


def _shape(
    options: tuple[Any, ...],
    discriminator: Discriminator | None,
    pending: dict[type[Model], _Codec],
) -> _Shape:
    if len(options) == 1:
        return _single_shape(options[0], discriminator, pending)
    shapes = [_single_shape(option, None, pending) for option in options]
    by_value = {}
    if discriminator is not None:
        classes = {option.__name__: option for option in options}
        for value, class_name in discriminator.mapping.items():
            codec = _derive_or_get(classes[class_name], pending)
            by_value[value] = _model_reader(codec)
    # Models are named, so that the options of a union can be told apart.
    expected = " or ".join(
        f"{s.codec.model.__name__} ({s.expected})" if s.codec else s.expected
        for s in shapes
    )
    read = _union_reader(
        [_Option(s.json_types, _shape_reader(s), s.keys) for s in shapes],
        discriminator.property_name if discriminator else None,
        by_value,
        expected=expected,
    )
    return _Shape(
        expected=expected,
        plain=_Never,
        read=read,
        write=_write_any,
        json_types=tuple(t for s in shapes for t in s.json_types),
    )


def _shape_reader(shape: _Shape) -> Reader:
    plain, read = shape.plain, shape.read

    def read_option(value: Any) -> Any:
        return value if type(value) is plain else read(value)

    return read_option


def _single_shape(
    hint: Any, discriminator: Discriminator | None, pending: dict[type[Model], _Codec]
) -> _Shape:
    origin = typing.get_origin(hint)
    if origin is list:
        return _list_shape(typing.get_args(hint)[0], discriminator, pending)
    if origin is dict:
        return _dict_shape(typing.get_args(hint)[1], discriminator, pending)
    if origin is not None:
        # A union nested in a list or dict: its options, with null if allowed.
        options, nullable = _split_optional(hint)
        shape = _shape(options, discriminator, pending)
        return dataclasses.replace(shape, nullable=nullable)
    if isinstance(hint, type) and issubclass(hint, Model):
        codec = _derive_or_get(hint, pending)
        keys = frozenset(hint._json_names.get(f.name, f.name) for f in _fields(hint))
        read, write = _model_reader(codec), _model_writer(codec)
        return _Shape(
            "an object", _Never, read, write, False, (dict,), keys, dict, codec
        )
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_shape(hint)
    return _SCALARS.get(hint, _ANY)


def _fields(model: type[Model]) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(model)  # type: ignore[arg-type]


def _derive_or_get(model: type[Model], pending: dict[type[Model], _Codec]) -> _Codec:
    codec = model.__dict__.get("_codec")
    if codec is None:
        codec = _derive_codecs(model, pending)
    return typing.cast(_Codec, codec)


def _list_shape(
    item_hint: Any,
    discriminator: Discriminator | None,
    pending: dict[type[Model], _Codec],
) -> _Shape:
    item = _item_shape(item_hint, discriminator, pending)
    read_item = _item_reader(item)

    plain, keep_all = item.plain, item.read is _keep

    def read_list(values: Any) -> list[Any]:
        if type(values) is not list:
            raise _mismatch("an array", values)
        if keep_all:
            return list(values)
        # Items of the plain type are copied as they are, without a call each.
        for value in values:
            if type(value) is not plain:
                return _read_items(read_item, values)
        return list(values)

    write = _item_writer(item_hint, pending)
    write_list = None if write is None else _list_writer(write)
    # Items that are models and never null go straight to their decoder.
    codec = None if item.nullable else item.codec
    return _Shape(
        "an array",
        _Never,
        read_list,
        write_list,
        json_types=(list,),
        direct=list,
        codec=codec,
        many=codec is not None,
    )


def _dict_shape(
    value_hint: Any,
    discriminator: Discriminator | None,
    pending: dict[type[Model], _Codec],
) -> _Shape:
    read_item = _item_reader(_item_shape(value_hint, discriminator, pending))

    def read_dict(values: Any) -> dict[str, Any]:
        if type(values) is not dict:
            raise _mismatch("an object", values)
        return _read_values(read_item, values)

    write = _item_writer(value_hint, pending)
    write_dict = None if write is None else _dict_writer(write)
    return _Shape(
        "an object", _Never, read_dict, write_dict, json_types=(dict,), direct=dict
    )


def _item_shape(
    hint: Any, discriminator: Discriminator | None, pending: dict[type[Model], _Codec]
) -> _Shape:
    """Return the shape of a list item or dict value, nullable if null is allowed."""
    options, nullable = _split_optional(hint)
    shape = _shape(options, discriminator, pending)
    return dataclasses.replace(shape, nullable=True) if nullable else shape


def _item_reader(shape: _Shape) -> Reader:
    """Return the reader of a list item or dict value, null included."""
    nullable = shape.nullable
    plain, read, expected = shape.plain, shape.read, shape.expected

    def read_item(value: Any) -> Any:
        if type(value) is plain:
            return value
        if value is not None:
            return read(value)
        if nullable:
            return None
        raise DataError(f"expected {expected}, found null")

    return read_item


def _item_writer(hint: Any, pending: dict[type[Model], _Codec]) -> Writer | None:
    options, _ = _split_optional(hint)
    write = _shape(options, None, pending).write
    if write is None:
        return None

    def write_item(value: Any, omit_read_only: bool) -> Any:
        return None if value is None else write(value, omit_read_only)

    return write_item


def _list_writer(write: Writer) -> Writer:
    def write_list(values: list[Any], omit_read_only: bool) -> list[Any]:
        return [write(value, omit_read_only) for value in values]

    return write_list


def _dict_writer(write: Writer) -> Writer:
    def write_dict(values: dict[str, Any], omit_read_only: bool) -> dict[str, Any]:
        return {key: write(value, omit_read_only) for key, value in values.items()}

    return write_dict


def _enum_shape(enum_class: type[enum.Enum]) -> _Shape:
    json_types = tuple(sorted({type(m.value) for m in enum_class}, key=str)) or (str,)
    expected = " or ".join(_SCALARS[t].expected for t in json_types)

    def read_enum(value: Any) -> Any:
        if type(value) not in json_types:
            raise _mismatch(expected, value)
        return enum_class(value)

    direct = json_types[0] if len(json_types) == 1 else _Never
    return _Shape(
        expected, _Never, read_enum, _write_enum, json_types=json_types, direct=direct
    )


# -- unions --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Option:
    """One option of a oneOf/anyOf: the JSON types it accepts and its reader."""

    json_types: JsonType
    read: Reader
    keys: frozenset[str] = frozenset()


def _union_reader(
    options: list[_Option],
    discriminator: str | None,
    by_value: Mapping[str, Reader],
    *,
    expected: str = "",
) -> Reader:
    expected = expected or "one of the options"

    def read_union(value: Any) -> Any:
        if discriminator is not None and type(value) is dict:
            read = by_value.get(value.get(discriminator))  # type: ignore[arg-type]
            if read is not None:
                return read(value)
        fitting = [option for option in options if _accepts(option.json_types, value)]
        if len(fitting) > 1 and type(value) is dict:
            fitting.sort(key=lambda option: -len(option.keys & value.keys()))
        problems = []
        for option in fitting:
            try:
                return option.read(value)
            except DataError as exc:
                problems.append(exc)
        if problems:
            # The value has the JSON type of an option but not its content:
            # the closest option's own error says what is wrong, and where.
            raise problems[0]
        raise _mismatch(expected, value)

    return read_union


def _accepts(kinds: JsonType, value: Any) -> bool:
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    # bool is an int in Python, but true is no number in JSON.
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


# -- scalars, writers and messages ----------------------------------------------


def _keep(value: Any) -> Any:
    return value


def _expect(expected: str) -> Reader:
    def read_wrong(value: Any) -> Any:
        raise _mismatch(expected, value)

    return read_wrong


def _read_float(value: Any) -> float:
    if type(value) is int:
        return float(value)
    raise _mismatch("a number", value)


def _read_datetime(value: Any) -> datetime:
    if type(value) is not str:
        raise _mismatch("a date-time", value)
    return _read_datetime_text(value)


def _read_datetime_text(value: str) -> datetime:
    """Read a JSON string as a date-time: `_read_datetime` once the type is known.

    The compiled decoder checks that a value is a string before it calls
    this directly.
    """
    # The usual spelling, `2024-03-01T10:00:07[.digits](Z|+01:00)`, goes to
    # fromisoformat alone, which checks the digits of the date, the time, the
    # fraction and the offset. The rest cannot: fromisoformat also reads ISO
    # 8601 forms that RFC 3339 lacks (basic format, week dates, hours alone)
    # and is lax after the seconds (`07.Z`, `07:5Z`, `07 Z`, and anything
    # after six fraction digits: `07.123456:7Z`), so the separators, those
    # digits and the offset's shape are checked here.
    # tests/test_model_runtime.py compares this path with the pattern.
    if _FROMISOFORMAT_READS_RFC3339 and value[4:17:3] == "--T::":
        if value[-1] == "Z":
            end = len(value) - 1
        elif value[-6] in "+-" and value[-3] == ":" and value[-2] < "6":
            # fromisoformat takes minutes of 60 or more; RFC 3339 does not.
            end = len(value) - 6
        else:
            end = 0
        fraction_ok = end > 20 and value[19] in ".,"
        if fraction_ok and end > 26:
            # fromisoformat skips the digits after the sixth: check them here
            # (isdecimal alone takes digits beyond ASCII).
            fraction_ok = value[26:end].isdecimal() and value.isascii()
        if end == 19 or fraction_ok:
            try:
                parsed = _fromisoformat(value)
            except ValueError:
                pass
            else:
                # Built from the pickle state: a third cheaper than
                # WireDatetime.fromisoformat, which calls the subclass with
                # eight arguments.
                fast = WireDatetime(*parsed.__reduce__()[1])
                fast.wire_text = value
                return fast
    try:
        return _parse_rfc3339(value)
    except ValueError:
        raise _mismatch("a date-time", value) from None


def _read_date(value: Any) -> date:
    if type(value) is str:
        with contextlib.suppress(ValueError):
            return parse_date(value)
    raise _mismatch("a date", value)


def _dump_datetime(value: datetime, omit_read_only: bool = False) -> str:
    text = getattr(value, "wire_text", None)
    if text is not None:
        return typing.cast(str, text)
    if value.tzinfo is None:
        # RFC 3339 needs an offset; a naive value is taken as UTC, as on input.
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


def _write_date(value: date, omit_read_only: bool) -> str:
    return value.isoformat()


def _write_enum(value: enum.Enum, omit_read_only: bool) -> Any:
    return value.value


def _model_reader(codec: _Codec) -> Reader:
    # The codec may be incomplete yet (models that refer to each other): its
    # decode is looked up at each call.
    def read_model(value: Any) -> Any:
        return codec.decode(value)

    return read_model


def _model_writer(codec: _Codec) -> Writer:
    model = codec.model

    def write_model(value: Any, omit_read_only: bool) -> Any:
        if type(value) is model:
            return codec.encode(value, omit_read_only)
        return _write_any(value, omit_read_only)

    return write_model


def _write_any(value: Any, omit_read_only: bool) -> Any:
    return dump(value, omit_read_only=omit_read_only)


_SCALARS: dict[Any, _Shape] = {
    str: _Shape("a string", str, _expect("a string"), None, json_types=(str,)),
    int: _Shape("an integer", int, _expect("an integer"), None, json_types=(int,)),
    float: _Shape("a number", float, _read_float, None, json_types=(int, float)),
    bool: _Shape("a boolean", bool, _expect("a boolean"), None, json_types=(bool,)),
    # Binary content travels as text in JSON (base64 or raw): kept as received.
    bytes: _Shape("a string", str, _expect("a string"), None, json_types=(str,)),
    datetime: _Shape(
        "a date-time",
        _Never,
        _read_datetime,
        _dump_datetime,
        json_types=(str,),
        direct=str,
        read_direct=_read_datetime_text,
    ),
    date: _Shape(
        "a date", _Never, _read_date, _write_date, json_types=(str,), direct=str
    ),
}
_ANY = _Shape(
    "any value",
    _Never,
    _keep,
    None,
    nullable=True,
    json_types=(str, int, float, bool, list, dict),
)

_KINDS = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    list: "an array",
    dict: "an object",
}


def _mismatch(expected: str, value: Any) -> DataError:
    return DataError(f"expected {expected}, found {_describe(value)}")


def _describe(value: Any) -> str:
    """Name the JSON type of a value, with the value itself when it is short."""
    if value is None:
        return "null"
    kind = _KINDS.get(type(value), type(value).__name__)
    if isinstance(value, (list, dict)):
        return kind
    if isinstance(value, bool):
        return f"{kind} ({json.dumps(value)})"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{kind} ({text})"
