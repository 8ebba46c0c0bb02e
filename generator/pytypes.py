"""Python spelling of intermediate-model types, used by the render stage.

Each `ir.TypeRef` becomes an annotation, a parser (the callable that turns a
decoded JSON value into the Python value) and the knowledge of whether the
value needs `dump` on the way back. Templates call none of this directly;
`render.py` puts the resulting strings into the template context.
"""

from __future__ import annotations

from collections.abc import Callable

from .ir import Kind, TypeRef
from .literals import literal

__all__ = ["annotation", "needs_dump", "parser"]

_SIMPLE_ANNOTATIONS = {
    Kind.ANY: "Any",
    Kind.STR: "str",
    Kind.INT: "int",
    Kind.FLOAT: "float",
    Kind.BOOL: "bool",
    Kind.DATETIME: "datetime",
    Kind.DATE: "date",
    Kind.BYTES: "bytes",
}
# Parsers of kinds that need converting; str, int, bool and Any pass through.
_SIMPLE_PARSERS = {
    Kind.FLOAT: "float",
    Kind.DATETIME: "parse_datetime",
    Kind.DATE: "parse_date",
}


def annotation(type_ref: TypeRef) -> str:
    """Return the annotation of a value of `type_ref`, such as `list[Note]`."""
    text = _ANNOTATIONS.get(type_ref.kind, _simple_annotation)(type_ref)
    return f"{text} | None" if type_ref.nullable else text


def _simple_annotation(type_ref: TypeRef) -> str:
    return _SIMPLE_ANNOTATIONS[type_ref.kind]


def _named_annotation(type_ref: TypeRef) -> str:
    assert type_ref.model is not None
    return type_ref.model


def _list_annotation(type_ref: TypeRef) -> str:
    assert type_ref.item is not None
    return f"list[{annotation(type_ref.item)}]"


def _dict_annotation(type_ref: TypeRef) -> str:
    assert type_ref.item is not None
    return f"dict[str, {annotation(type_ref.item)}]"


def _union_annotation(type_ref: TypeRef) -> str:
    return " | ".join(annotation(option) for option in type_ref.options)


_ANNOTATIONS: dict[Kind, Callable[[TypeRef], str]] = {
    Kind.MODEL: _named_annotation,
    Kind.ENUM: _named_annotation,
    Kind.UNION: _union_annotation,
    Kind.LIST: _list_annotation,
    Kind.DICT: _dict_annotation,
}


# How a union tells its options apart: the JSON type each one accepts.
_JSON_TYPES = {
    Kind.MODEL: "dict",
    Kind.DICT: "dict",
    Kind.LIST: "list",
    Kind.ENUM: "(str, int)",
    Kind.STR: "str",
    Kind.DATETIME: "str",
    Kind.DATE: "str",
    Kind.BYTES: "str",
    Kind.INT: "int",
    Kind.FLOAT: "(int, float)",
    Kind.BOOL: "bool",
}


def _union_parser(type_ref: TypeRef) -> str:
    options = [
        f"({_JSON_TYPES[o.kind]}, {o.model if o.kind is Kind.MODEL else parser(o)})"
        for o in type_ref.options
    ]
    if type_ref.discriminator is not None:
        table = ", ".join(
            f"{literal(value)}: {name}" for value, name in type_ref.mapping
        )
        options.append(f"discriminator={literal(type_ref.discriminator)}")
        options.append(f"mapping={{{table}}}")
    return f"union_of({', '.join(options)})"


def parser(type_ref: TypeRef) -> str | None:
    """Return the callable that converts a JSON value, or None if none is needed."""
    if type_ref.kind is Kind.UNION:
        return _union_parser(type_ref)
    if type_ref.kind is Kind.MODEL:
        return f"{type_ref.model}.from_dict"
    if type_ref.kind is Kind.ENUM:
        return type_ref.model
    if type_ref.kind in (Kind.LIST, Kind.DICT):
        assert type_ref.item is not None
        item = parser(type_ref.item)
        if item is None:
            return None
        if type_ref.item.nullable:
            item = f"optional({item})"
        wrapper = "list_of" if type_ref.kind is Kind.LIST else "dict_of"
        return f"{wrapper}({item})"
    return _SIMPLE_PARSERS.get(type_ref.kind)


def needs_dump(type_ref: TypeRef) -> bool:
    """Tell whether a value of `type_ref` must go through `dump` to become JSON."""
    if type_ref.kind in (Kind.MODEL, Kind.ENUM, Kind.DATETIME, Kind.DATE):
        return True
    if type_ref.kind is Kind.UNION:
        return any(needs_dump(option) for option in type_ref.options)
    return type_ref.item is not None and needs_dump(type_ref.item)
