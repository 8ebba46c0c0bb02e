"""Records: the generator's own value classes, declared as with dataclasses.

`@record` turns a class with annotated fields into a value class, the way
`@dataclass` does: an `__init__` taking the fields by position or keyword,
defaults and `field(default_factory=...)`, a repr, equality, and with
`frozen=True` hashing and no assignment after construction; `slots=True`
gives it `__slots__`. `replace`, `fields` and `as_dict` stand in for their
`dataclasses` namesakes.

Why not dataclasses: a regeneration is mostly imports, and `@dataclass`
compiles half a dozen methods per class with `exec` while the module is
imported, about 12 ms for the generator's classes. A record shares one
`__repr__`, `__eq__` and `__hash__` among all classes, reading the fields
through a per-class `operator.attrgetter`, and compiles only its `__init__`,
when the class is first instantiated: a class a run does not use costs little
more than its class statement. (A class with slots is still made twice, as
with dataclasses: slots cannot be added to a class that exists.)

What it leaves out, since nothing here needs it: inheritance between
records, ordering, `init=False`, keyword-only fields, and `__post_init__`.
Type checkers learn the rest from `dataclass_transform` (PEP 681): they
check constructor calls and refuse assignments to a frozen record's fields.
"""

from __future__ import annotations

from _thread import get_ident
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from collections.abc import Callable

    # In `typing` from Python 3.11; needed by the type checker only.
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**kwargs: Any) -> Callable[[T], T]:
        """Do nothing at run time; `dataclass_transform` speaks to type checkers."""
        return lambda decorated: decorated


__all__ = [
    "Field",
    "FrozenRecordError",
    "as_dict",
    "field",
    "fields",
    "record",
    "replace",
]

T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


# No default (or no default factory) was given.
_MISSING: Any = _Missing()
# The default of a parameter whose field has a default factory.
_FACTORY: Any = _Missing()


class FrozenRecordError(AttributeError):
    """An attribute of a frozen record was assigned or deleted."""


class Field:
    """One field of a record: its name, its default or default factory, its repr.

    `fields` returns these; in a class body, `field(...)` makes one.
    """

    __slots__ = ("default", "default_factory", "name", "repr")

    def __init__(self, default: Any, default_factory: Any, repr: bool) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr

    def __repr__(self) -> str:
        return (
            f"Field(name={self.name!r}, default={self.default!r}, "
            f"default_factory={self.default_factory!r}, repr={self.repr!r})"
        )


@overload
def field(*, default: T, repr: bool = True) -> T: ...
@overload
def field(*, default_factory: Callable[[], T], repr: bool = True) -> T: ...
@overload
def field(*, repr: bool = True) -> Any: ...
def field(
    *, default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True
) -> Any:
    """Declare a field with a `default_factory` or one left out of the repr."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, repr)


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(
    *, frozen: bool = False, slots: bool = False
) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(field_specifiers=(field,))
def record(
    cls: type[T] | None = None, /, *, frozen: bool = False, slots: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """Make `cls` a record; use as `@record` or `@record(frozen=True, slots=True)`."""

    def wrap(cls: type[T]) -> type[T]:
        return _make_record(cls, frozen=frozen, slots=slots)

    return wrap if cls is None else wrap(cls)


def fields(record: Any) -> tuple[Field, ...]:
    """Return the fields of a record or record class, in declaration order."""
    try:
        found: tuple[Field, ...] = record.__record_fields__
    except AttributeError:
        raise TypeError(f"{record!r} is not a record or record class") from None
    return found


def replace(record: T, /, **changes: Any) -> T:
    """Return a copy of `record` with the fields named in `changes` changed."""
    for spec in fields(record):
        if spec.name not in changes:
            changes[spec.name] = getattr(record, spec.name)
    return record.__class__(**changes)


def as_dict(record: Any) -> dict[str, Any]:
    """Return {field name: value} of `record`, records in it turned into dicts too.

    Lists, tuples and dicts are copied with their items converted; other
    values are used as they are (`dataclasses.asdict` deep-copies them).
    """
    return {spec.name: _plain(getattr(record, spec.name)) for spec in fields(record)}


def _plain(value: Any) -> Any:
    kind = type(value)
    if hasattr(kind, "__record_fields__"):
        return as_dict(value)
    if kind is list or kind is tuple:
        return kind(_plain(item) for item in value)
    if kind is dict:
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


def _make_record(cls: type[T], *, frozen: bool, slots: bool) -> type[T]:
    if any(hasattr(base, "__record_fields__") for base in cls.__mro__[1:]):
        raise TypeError(f"record {cls.__name__} cannot inherit from a record")
    own = cls.__dict__
    specs = _fields_of(cls)
    names = tuple(spec.name for spec in specs)
    methods: dict[str, Any] = {
        "__record_fields__": specs,
        "__record_values__": staticmethod(_values_getter(names)),
        "__match_args__": names,
        "__repr__": _repr,
        "__eq__": _eq,
    }
    if "__eq__" not in own and own.get("__hash__") is None:
        # As with dataclasses: equal values hash alike only if they cannot change.
        methods["__hash__"] = _hash if frozen else None
    if frozen:
        if "__setattr__" in own or "__delattr__" in own:
            raise TypeError(f"frozen record {cls.__name__} defines __setattr__")
        methods["__setattr__"] = _frozen_setattr
        methods["__delattr__"] = _frozen_delattr
        if slots:
            methods["__getstate__"] = _getstate
            methods["__setstate__"] = _setstate
    # Methods the class defines itself are kept.
    methods = {name: value for name, value in methods.items() if name not in own}

    if slots:
        if "__slots__" in own:
            raise TypeError(f"record {cls.__name__} already defines __slots__")
        body = {
            name: value
            for name, value in own.items()
            if name not in names and name not in ("__dict__", "__weakref__")
        }
        body.update(methods, __slots__=names)
        qualname = cls.__qualname__
        metaclass: Any = type(cls)
        cls = metaclass(cls.__name__, cls.__bases__, body)
        cls.__qualname__ = qualname
    else:
        for spec in specs:
            if isinstance(own.get(spec.name), Field):
                if spec.default is _MISSING:
                    delattr(cls, spec.name)
                else:
                    setattr(cls, spec.name, spec.default)
        for name, value in methods.items():
            setattr(cls, name, value)
    if "__init__" not in own:
        cls.__init__ = _lazy_init(  # type: ignore[method-assign]
            cls, frozen=frozen, slots=slots
        )
    return cls


def _fields_of(cls: type) -> tuple[Field, ...]:
    """Return the fields `cls` declares, checking their defaults."""
    specs = []
    after_default = ""
    for name, annotation in cls.__annotations__.items():
        if isinstance(annotation, str) and annotation.startswith(
            ("ClassVar", "typing.ClassVar")
        ):
            continue
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(value, _MISSING, True)
        spec.name = name
        if spec.default is _MISSING and spec.default_factory is _MISSING:
            if after_default:
                raise TypeError(
                    f"non-default field {name!r} follows default field "
                    f"{after_default!r} in {cls.__name__}"
                )
        else:
            after_default = after_default or name
        if spec.default is not _MISSING and type(spec.default).__hash__ is None:
            raise ValueError(
                f"mutable default {type(spec.default).__name__} for field {name!r}"
                f" of {cls.__name__}: use field(default_factory=...)"
            )
        specs.append(spec)
    return tuple(specs)


def _values_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """Return a function giving a record's field values as a tuple."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda record: (get(record),)
    return lambda record: ()


def _lazy_init(cls: type, *, frozen: bool, slots: bool) -> Callable[..., None]:
    """Return an `__init__` that compiles the real one on first use."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _compile_init(cls, frozen=frozen, slots=slots)
        cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__module__ = cls.__module__
    return __init__


def _compile_init(cls: type, *, frozen: bool, slots: bool) -> Callable[..., None]:
    """Compile the `__init__` of `cls`, which sets each field in turn.

    A slot is set through its descriptor, which skips a frozen record's
    `__setattr__` and is quicker than `object.__setattr__`. The helpers the
    code uses have names no field is expected to have.
    """
    namespace: dict[str, Any] = {
        "__record_factory__": _FACTORY,
        "__record_setattr__": object.__setattr__,
    }
    parameters = ["self"]
    lines = []
    for index, spec in enumerate(cls.__dict__["__record_fields__"]):
        name = spec.name
        value = name
        if spec.default_factory is not _MISSING:
            namespace[f"__record_factory_{index}__"] = spec.default_factory
            parameters.append(f"{name}=__record_factory__")
            value = (
                f"__record_factory_{index}__() "
                f"if {name} is __record_factory__ else {name}"
            )
        elif spec.default is not _MISSING:
            namespace[f"__record_default_{index}__"] = spec.default
            parameters.append(f"{name}=__record_default_{index}__")
        else:
            parameters.append(name)
        if slots:
            namespace[f"__record_set_{index}__"] = cls.__dict__[name].__set__
            lines.append(f"__record_set_{index}__(self, {value})")
        elif frozen:
            lines.append(f"__record_setattr__(self, {name!r}, {value})")
        else:
            lines.append(f"self.{name} = {value}")
    source = f"def __init__({', '.join(parameters)}):\n"
    source += "".join(f"    {line}\n" for line in lines or ["pass"])
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


# The records whose repr is being made, per thread, to show a cycle as `...`.
_IN_REPR: set[tuple[int, int]] = set()


def _repr(self: Any) -> str:
    key = (id(self), get_ident())
    if key in _IN_REPR:
        return "..."
    _IN_REPR.add(key)
    try:
        shown = ", ".join(
            f"{spec.name}={getattr(self, spec.name)!r}"
            for spec in self.__record_fields__
            if spec.repr
        )
    finally:
        _IN_REPR.discard(key)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        values = self.__record_values__
        return values(self) == values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_values__(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> tuple[Any, ...]:
    # A frozen record with slots cannot be restored by `setattr`; copy and
    # pickle use these two instead.
    values: tuple[Any, ...] = self.__record_values__(self)
    return values


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for spec, value in zip(self.__record_fields__, state, strict=True):
        object.__setattr__(self, spec.name, value)
