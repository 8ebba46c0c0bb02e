"""Build stage, schemas: turn JSON Schema nodes into types, models and enums.

Part of the build stage, used by `build.py`; like it, it reads raw spec keys
(`$ref`, `allOf`, `nullable`, `enum`, ...) and nothing outside the document.
It reports what it cannot type as a warning and falls back to `Any`.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace
from typing import Any

from . import ir
from .diagnostics import Diagnostics
from .load import Document
from .names import NameRegistry, class_name, module_name, python_name
from .refs import join_pointer, pointer_of, resolve_ref

__all__ = ["Renames", "SchemaBuilder", "avoid", "last_token", "mapping", "text"]

# Names the generated model and API modules use for themselves.
_RESERVED_CLASSES = frozenset(
    {"Any", "ClassVar", "Mapping", "Unset", "UNSET", "Client", "ApiError", "Self"}
)
# Field names evaluated in a generated class body or used by its methods.
_RESERVED_FIELDS = frozenset(
    {"additional_properties", "from_dict", "to_dict", "field", "classmethod", "self"}
)
_SCALAR_KINDS = {
    "integer": ir.Kind.INT,
    "number": ir.Kind.FLOAT,
    "boolean": ir.Kind.BOOL,
    "string": ir.Kind.STR,
}
_STRING_FORMATS = {
    "date-time": ir.Kind.DATETIME,
    "date": ir.Kind.DATE,
    "binary": ir.Kind.BYTES,
}
_ANY = ir.TypeRef(ir.Kind.ANY)
_CONST_TYPES = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    list: "array",
    dict: "object",
}


class Renames:
    """The user's renames, remembering which were used so unused ones are reported."""

    def __init__(self, renames: tuple[tuple[str, str], ...] = ()) -> None:
        self.mapping = dict(renames)
        self.unused = set(self.mapping)

    def get(self, *names: str) -> str | None:
        """Return the new name for the first of `names` that is renamed."""
        for name in names:
            if name in self.mapping:
                self.unused.discard(name)
                return self.mapping[name]
        return None


class SchemaBuilder:
    """Type schemas of one document, building each model and enum once."""

    def __init__(
        self, document: Document, *, diagnostics: Diagnostics, renames: Renames
    ) -> None:
        self.document = document
        self.diagnostics = diagnostics
        self.renames = renames
        self.models: dict[str, ir.Model] = {}
        self.model_names: dict[str, str] = {}
        self.enums: dict[str, ir.Enum] = {}
        self.class_names = NameRegistry(_RESERVED_CLASSES)
        self.module_names = NameRegistry({"__init__"})

    def _warn(self, pointer: str, code: str, message: str) -> None:
        self.diagnostics.warning(code, message, self.document.location(pointer))

    def type_of(
        self, schema: Any, pointer: str, name_hint: str
    ) -> tuple[ir.TypeRef, bool]:
        """Return the type of `schema` and whether it allows null."""
        if isinstance(schema, dict) and "$ref" in schema:
            target, target_pointer = resolve_ref(self.document, schema, pointer)
            if _is_model(target):
                return self._model_type(target, target_pointer), _nullable(target)
            return self.type_of(target, target_pointer, last_token(target_pointer))
        if not isinstance(schema, dict):
            self._warn(
                pointer, "bad-schema", "a schema must be a mapping; typed as Any"
            )
            return _ANY, True

        nullable = _nullable(schema)
        all_of = schema.get("allOf")
        if (
            isinstance(all_of, list)
            and len(all_of) == 1
            and not schema.get("properties")
        ):
            # `allOf: [$ref]` is the usual way to add nullable or a description
            # to a ref.
            inner, inner_nullable = self.type_of(
                all_of[0], join_pointer(pointer, "allOf", 0), name_hint
            )
            return inner, nullable or inner_nullable
        if isinstance(schema.get("enum"), list):
            return (
                self._enum_type(schema, pointer, name_hint),
                nullable or None in schema["enum"],
            )
        if _is_model(schema):
            return self._model_type(schema, pointer, name_hint), nullable
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list):
                union, union_nullable = self._union_type(
                    schema, keyword, pointer, name_hint
                )
                return union, nullable or union_nullable
        return self._simple_type(schema, pointer, name_hint), nullable

    def _union_type(
        self, schema: dict[str, Any], keyword: str, pointer: str, name_hint: str
    ) -> tuple[ir.TypeRef, bool]:
        """Return the union of a oneOf/anyOf and whether one of its options is null."""
        options: list[ir.TypeRef] = []
        nullable = False
        for index, part in enumerate(schema[keyword]):
            if isinstance(part, dict) and part.get("type") == "null":
                nullable = True
                continue
            part_pointer = join_pointer(pointer, keyword, index)
            hint = f"{name_hint} option {index + 1}"
            option, option_nullable = self.type_of(part, part_pointer, hint)
            nullable = nullable or option_nullable
            if option not in options:
                options.append(option)
        if len(options) == 1:
            return options[0], nullable
        if not options or any(o.kind is ir.Kind.ANY for o in options):
            return _ANY, nullable
        return (
            ir.TypeRef(
                ir.Kind.UNION,
                options=tuple(options),
                **self._discriminator(schema, pointer, options),
            ),
            nullable,
        )

    def _discriminator(
        self, schema: dict[str, Any], pointer: str, options: list[ir.TypeRef]
    ) -> dict[str, Any]:
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, dict):
            return {}
        prop = discriminator.get("propertyName")
        if not isinstance(prop, str):
            return {}
        known = {m for o in options if o.kind is ir.Kind.MODEL for m in o.models()}
        table: dict[str, str] = {}
        for value, ref in mapping(discriminator.get("mapping")).items():
            target_pointer = str(ref)[1:] if str(ref).startswith("#") else ""
            name = self.model_names.get(target_pointer)
            if name in known:
                table[str(value)] = name
        # Without a mapping entry, the value is the schema's own name.
        for target_pointer, name in self.model_names.items():
            if name in known and name not in table.values():
                table[last_token(target_pointer)] = name
        return {"discriminator": prop, "mapping": tuple(sorted(table.items()))}

    def _simple_type(
        self, schema: dict[str, Any], pointer: str, name_hint: str
    ) -> ir.TypeRef:
        schema_type = schema.get("type")
        if isinstance(schema_type, list):
            # OpenAPI 3.1: `type: [string, "null"]`.
            non_null = [t for t in schema_type if t != "null"]
            schema_type = non_null[0] if len(non_null) == 1 else None
        if schema_type is None and "const" in schema:
            # OpenAPI 3.1: `const: x` without a type is typed by its value.
            schema_type = _CONST_TYPES.get(type(schema["const"]))
        if schema_type == "array":
            item_pointer = join_pointer(pointer, "items")
            item = self.item_type(
                schema.get("items", {}), item_pointer, f"{name_hint} item"
            )
            return ir.TypeRef(ir.Kind.LIST, item=item)
        if schema_type == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties", True)
            if not isinstance(extra, dict):
                return ir.TypeRef(ir.Kind.DICT, item=_ANY)
            value_pointer = join_pointer(pointer, "additionalProperties")
            value = self.item_type(extra, value_pointer, f"{name_hint} value")
            return ir.TypeRef(ir.Kind.DICT, item=value)
        if schema_type == "string" and schema.get("format") in _STRING_FORMATS:
            return ir.TypeRef(_STRING_FORMATS[schema["format"]])
        if schema_type in _SCALAR_KINDS:
            return ir.TypeRef(_SCALAR_KINDS[schema_type])
        if schema_type is not None:
            self._warn(
                join_pointer(pointer, "type"),
                "unknown-type",
                f"unknown schema type {schema_type!r}; {name_hint!r} is typed as Any",
            )
        return _ANY

    def _enum_type(
        self, schema: dict[str, Any], pointer: str, name_hint: str
    ) -> ir.TypeRef:
        values = [v for v in schema["enum"] if v is not None]
        kinds = {type(v) for v in values}
        if not values or not (kinds == {str} or kinds == {int}):
            self._warn(
                join_pointer(pointer, "enum"),
                "unsupported-enum",
                f"enum values must be all strings or all integers; {name_hint!r} is "
                "typed by its schema type instead",
            )
            return self._simple_type(
                {k: v for k, v in schema.items() if k != "enum"}, pointer, name_hint
            )
        if pointer not in self.enums:
            hint = last_token(pointer) if _is_component(pointer) else name_hint
            preferred = class_name(text(schema.get("title")) or hint)
            name = self.class_names.claim(self._renamed_schema(hint, preferred))
            members = NameRegistry()
            self.enums[pointer] = ir.Enum(
                name=name,
                module=self.module_names.claim(module_name(name)),
                pointer=pointer,
                description=text(schema.get("description")),
                members=tuple(
                    ir.EnumMember(members.claim(_member_name(value)), value)
                    for value in dict.fromkeys(values)
                ),
            )
        return ir.TypeRef(ir.Kind.ENUM, model=self.enums[pointer].name)

    def _renamed_schema(self, schema_name: str, preferred: str) -> str:
        """Return the class name for a schema, applying a rename by either name."""
        renamed = self.renames.get(schema_name, preferred)
        return preferred if renamed is None else class_name(renamed)

    def item_type(self, schema: Any, pointer: str, name_hint: str) -> ir.TypeRef:
        """Return the type of a list item or dict value, carrying its nullability."""
        item, nullable = self.type_of(schema, pointer, name_hint)
        return replace(item, nullable=nullable and item.kind is not ir.Kind.ANY)

    def _model_type(
        self, schema: dict[str, Any], pointer: str, name_hint: str = ""
    ) -> ir.TypeRef:
        if pointer not in self.model_names:
            hint = last_token(pointer) if _is_component(pointer) else name_hint
            preferred = class_name(text(schema.get("title")) or hint)
            name = self.class_names.claim(self._renamed_schema(hint, preferred))
            self.model_names[pointer] = name
            self.models[pointer] = self._build_model(schema, pointer, name)
        return ir.TypeRef(ir.Kind.MODEL, model=self.model_names[pointer])

    def _build_model(self, schema: dict[str, Any], pointer: str, name: str) -> ir.Model:
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        self._collect_properties(schema, pointer, properties, required, visiting=set())

        names = NameRegistry()
        fields = []
        for json_name, (prop, prop_pointer) in properties.items():
            type_ref, nullable = self.type_of(prop, prop_pointer, f"{name} {json_name}")
            prop = mapping(prop)
            field_name = avoid(
                python_name(json_name, fallback="field"), _RESERVED_FIELDS
            )
            fields.append(
                ir.Field(
                    json_name=json_name,
                    python_name=names.claim(field_name),
                    type=type_ref,
                    required=json_name in required,
                    nullable=nullable,
                    description=text(prop.get("description")),
                    read_only=prop.get("readOnly") is True,
                )
            )
        return ir.Model(
            name=name,
            module=self.module_names.claim(module_name(name)),
            pointer=pointer,
            description=text(schema.get("description")),
            fields=tuple(fields),
        )

    def _collect_properties(
        self,
        schema: dict[str, Any],
        pointer: str,
        properties: dict[str, tuple[Any, str]],
        required: set[str],
        *,
        visiting: set[str],
    ) -> None:
        """Flatten allOf parts, then own properties, into `properties` (later wins)."""
        visiting.add(pointer)
        for index, part in enumerate(schema.get("allOf") or ()):
            part, part_pointer = resolve_ref(
                self.document, part, join_pointer(pointer, "allOf", index)
            )
            if part_pointer in visiting:
                self._warn(
                    part_pointer,
                    "allof-cycle",
                    "allOf includes itself; the repeated part is skipped",
                )
            elif isinstance(part, dict):
                if _is_model(part) and _is_component(part_pointer):
                    # A named base schema is a model of its own too, besides
                    # lending its fields to this one.
                    self._model_type(part, part_pointer)
                self._collect_properties(
                    part, part_pointer, properties, required, visiting=visiting
                )
        for json_name, prop in mapping(schema.get("properties")).items():
            properties[str(json_name)] = (
                prop,
                join_pointer(pointer, "properties", str(json_name)),
            )
        required.update(r for r in schema.get("required") or () if isinstance(r, str))
        # Only the current chain counts: a base reached twice (a diamond) is fine.
        visiting.discard(pointer)


def _is_component(key: str) -> bool:
    """Tell whether `key` names a schema of its own, whose name it carries.

    That is a schema under components/schemas, or in another file a whole
    file or a top-level entry (`common.yaml#/Pet`).
    """
    pointer = pointer_of(key)
    if pointer.startswith("/components/schemas/") and pointer.count("/") == 3:
        return True
    return pointer != key and pointer.count("/") <= 1


def _member_name(value: str | int) -> str:
    if isinstance(value, int):
        return f"VALUE_{value}" if value >= 0 else f"VALUE_MINUS_{-value}"
    return python_name(value, fallback="value").rstrip("_").upper() or "VALUE"


def avoid(name: str, reserved: frozenset[str]) -> str:
    return f"{name}_" if name in reserved else name


def _is_model(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    return (
        bool(schema.get("properties"))
        or bool(schema.get("allOf") and len(schema["allOf"]) > 1)
        or (bool(schema.get("allOf")) and schema.get("type") == "object")
    )


def _nullable(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    schema_type = schema.get("type")
    return schema.get("nullable") is True or (
        isinstance(schema_type, list) and "null" in schema_type
    )


def mapping(value: Any) -> dict[str, Any]:
    """Return `value` if it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str:
    return "" if value is None else str(value)


def last_token(key: str) -> str:
    """Return the last name in a key: `Pet` for `.../Pet`, `pet` for `pet.yaml#`."""
    if key.endswith("#"):
        return posixpath.splitext(posixpath.basename(key[:-1]))[0]
    return key.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
