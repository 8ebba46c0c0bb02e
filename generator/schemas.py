"""Build stage, schemas: turn JSON Schema nodes into types, models and enums.

Part of the build stage, used by `build.py`; like it, it reads raw spec keys
(`$ref`, `allOf`, `nullable`, `enum`, ...) and nothing outside the document.
A schema that breaks the rules (a keyword of the wrong JSON type, an unknown
type name, a `$ref` that leads nowhere or back to itself without passing a
model) is an error; what is valid but cannot be typed exactly is a warning.
Either way it carries on with `Any`, so one run reports every problem. The
work is bounded: each `$ref` target is typed once and nesting has a limit.
"""

from __future__ import annotations

import posixpath
from typing import Any

from . import ir
from .checks import TEXT_TYPES, Reporter, kind_of
from .load import Document
from .names import NameRegistry, class_name, module_name, python_name
from .records import replace
from .refs import join_pointer, pointer_of

__all__ = [
    "DEFAULT_SECRET_NAMES",
    "MAX_SCHEMA_DEPTH",
    "Renames",
    "SchemaBuilder",
    "avoid",
    "last_token",
    "mapping",
    "text",
]

# How deep schemas may nest, counting each property, item, union option,
# allOf part and $ref step: far beyond real specs (Kibo's reach 12), and low
# enough that typing them never exhausts Python's stack.
MAX_SCHEMA_DEPTH = 100

# Names the generated model and API modules import or use for themselves.
_RESERVED_CLASSES = frozenset(
    {"Any", "ClassVar", "Mapping", "Unset", "UNSET", "Client", "ApiError", "Self"}
    | {"OpenEnum", "UnexpectedStatus", "DecodeError", "DataError", "Discriminator"}
    | {"Model", "Call"}
)
# Field names evaluated in a generated class body or used by its base: a
# field `from_json` would hide the method of `Model`, one named `str` every
# `dict[str, Any]` after it.
_RESERVED_FIELDS = frozenset(
    {"additional_properties", "from_dict", "to_dict", "field", "classmethod", "self"}
    | {"from_json", "to_json", "str", "dict", "bool", "frozenset"}
)
# Property names of credentials, compared without case, `_` or `-`: a field
# of one of these names is left out of its model's repr, as is a field with
# `format: password` or `writeOnly: true`.
DEFAULT_SECRET_NAMES = (
    "accessToken",
    "apiKey",
    "authorization",
    "bearerToken",
    "clientSecret",
    "idToken",
    "jwt",
    "jwtAccessToken",
    "passwd",
    "password",
    "privateKey",
    "refreshToken",
    "secret",
    "sessionToken",
    "token",
)
# The names the annotation of a value of each kind mentions.
_KIND_NAMES = {
    ir.Kind.STR: "str",
    ir.Kind.INT: "int",
    ir.Kind.FLOAT: "float",
    ir.Kind.BOOL: "bool",
    ir.Kind.DATETIME: "datetime",
    ir.Kind.DATE: "date",
    ir.Kind.BYTES: "bytes",
    ir.Kind.LIST: "list",
    ir.Kind.DICT: "dict",
}
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
_TYPE_NAMES = ("array", "boolean", "integer", "null", "number", "object", "string")
# The JSON type each schema keyword must have, and how a message names it.
_KEYWORD_TYPES: dict[str, tuple[type | tuple[type, ...], str]] = {
    "type": ((str, list), "a type name such as 'string'"),
    "properties": (dict, "a mapping of property names to schemas"),
    "required": (list, "a list of property names"),
    "items": ((dict, bool), "a schema"),
    "additionalProperties": ((dict, bool), "a schema or a boolean"),
    "allOf": (list, "a list of schemas"),
    "oneOf": (list, "a list of schemas"),
    "anyOf": (list, "a list of schemas"),
    "enum": (list, "a list of values"),
    "discriminator": (dict, "a mapping with a propertyName"),
    "nullable": (bool, "true or false"),
    "readOnly": (bool, "true or false"),
    "writeOnly": (bool, "true or false"),
    "title": (TEXT_TYPES, "text"),
    "description": (TEXT_TYPES, "text"),
    "format": (str, "a format name such as 'date-time'"),
}
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
        self,
        document: Document,
        *,
        report: Reporter,
        renames: Renames,
        secret_names: tuple[str, ...] = DEFAULT_SECRET_NAMES,
    ) -> None:
        self.document = document
        self.report = report
        self.renames = renames
        self.secret_names = {_secret_key(name) for name in secret_names}
        self.models: dict[str, ir.Model] = {}
        self.model_names: dict[str, str] = {}
        self.enums: dict[str, ir.Enum] = {}
        self.class_names = NameRegistry(_RESERVED_CLASSES)
        self.module_names = NameRegistry({"__init__"})
        # Types of `$ref` targets that are not models, and the targets being
        # typed right now: a target met again while it is typed is a cycle.
        self._ref_types: dict[str, tuple[ir.TypeRef, bool]] = {}
        self._typing: set[str] = set()
        self._depth = 0
        # The flattened properties of each allOf part, so that a base shared
        # by many schemas (or reached along many paths) is flattened once.
        self._flattened: dict[str, tuple[dict[str, tuple[Any, str]], set[str]]] = {}
        self._allof_cycles = 0
        # A YAML alias is the same object in several places: like a $ref, it
        # makes one model, named after its component if it is one.
        schemas = mapping(
            mapping(mapping(document.data).get("components")).get("schemas")
        )
        self._places = {
            id(schema): join_pointer("/components/schemas", str(name))
            for name, schema in schemas.items()
        }

    def _canonical(self, schema: dict[str, Any], pointer: str) -> str:
        """Return the key under which `schema`'s model or enum is built."""
        return self._places.setdefault(id(schema), pointer)

    def _warn(self, pointer: str, code: str, message: str) -> None:
        self.report.warning(pointer, code, message)

    def type_of(
        self, schema: Any, pointer: str, name_hint: str
    ) -> tuple[ir.TypeRef, bool]:
        """Return the type of `schema` and whether it allows null."""
        if self._depth >= MAX_SCHEMA_DEPTH:
            self.report.error(
                pointer,
                "too-deep",
                f"schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here "
                "(counting properties, items, allOf parts and $ref steps); "
                "give the inner schemas names under components/schemas",
            )
            return _ANY, False
        self._depth += 1
        try:
            return self._type_of(schema, pointer, name_hint)
        finally:
            self._depth -= 1

    def _type_of(
        self, schema: Any, pointer: str, name_hint: str
    ) -> tuple[ir.TypeRef, bool]:
        if isinstance(schema, dict) and "$ref" in schema:
            return self._ref_type(schema, pointer)
        if isinstance(schema, bool):
            # JSON Schema's `true` allows anything; `false` nothing at all.
            return _ANY, False
        if not isinstance(schema, dict):
            self.report.error(
                pointer,
                "bad-type",
                f"a schema must be a mapping, found {kind_of(schema)}; write "
                "{} for any value",
            )
            return _ANY, False

        self.check_keywords(schema, pointer)
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

    def _ref_type(
        self, schema: dict[str, Any], pointer: str
    ) -> tuple[ir.TypeRef, bool]:
        """Return the type a `$ref` leads to, typing each target once."""
        resolved = self.report.resolve(schema, pointer)
        if resolved is None:
            return _ANY, False
        target, target_pointer = resolved
        if _is_model(target):
            return self._model_type(target, target_pointer), _nullable(target)
        if target_pointer in self._ref_types:
            return self._ref_types[target_pointer]
        if target_pointer in self._typing:
            self.report.error(
                join_pointer(pointer, "$ref"),
                "ref-cycle",
                f"schema {last_token(target_pointer)!r} contains itself through "
                "this $ref without passing an object with properties, so it has "
                "no Python type; make the repeated part an object schema with "
                "properties",
            )
            return _ANY, False
        self._typing.add(target_pointer)
        found = self.type_of(target, target_pointer, last_token(target_pointer))
        self._typing.discard(target_pointer)
        self._ref_types[target_pointer] = found
        return found

    def check_keywords(self, schema: dict[str, Any], pointer: str) -> None:
        """Record an error for each keyword of `schema` with a wrong JSON type."""
        for key, (expected, wanted) in _KEYWORD_TYPES.items():
            self.report.check_type(schema, key, pointer, expected, wanted)
        required = schema.get("required")
        for index, name in enumerate(required if isinstance(required, list) else ()):
            if not isinstance(name, str):
                self.report.error(
                    join_pointer(pointer, "required", index),
                    "bad-type",
                    f"'required' lists property names, found {kind_of(name)}",
                )
        type_names = schema.get("type")
        if isinstance(type_names, str):
            type_names = [type_names]
        for index, name in enumerate(
            type_names if isinstance(type_names, list) else ()
        ):
            if name not in _TYPE_NAMES:
                where = join_pointer(pointer, "type")
                if isinstance(schema["type"], list):
                    where = join_pointer(where, index)
                self.report.error(where, "unknown-type", _unknown_type(name))

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
        if not isinstance(schema_type, str):
            schema_type = None
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
        string_format = _STRING_FORMATS.get(text(schema.get("format")))
        if schema_type == "string" and string_format is not None:
            return ir.TypeRef(string_format)
        # Unknown type names were reported by `check_keywords`.
        if schema_type in _SCALAR_KINDS:
            return ir.TypeRef(_SCALAR_KINDS[schema_type])
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
        pointer = self._canonical(schema, pointer)
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
        pointer = self._canonical(schema, pointer)
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

        typed = [
            (json_name, prop, at, *self.type_of(prop, at, f"{name} {json_name}"))
            for json_name, (prop, at) in properties.items()
        ]
        # A field named like a type the class body mentions would shadow it.
        reserved = _RESERVED_FIELDS.union(*(_type_names(t[3]) for t in typed))
        names = NameRegistry()
        fields = []
        for json_name, prop, prop_pointer, type_ref, nullable in typed:
            prop = mapping(prop)
            field_name = avoid(python_name(json_name, fallback="field"), reserved)
            fields.append(
                ir.Field(
                    json_name=json_name,
                    python_name=names.claim(field_name),
                    type=type_ref,
                    required=json_name in required,
                    nullable=nullable,
                    description=text(prop.get("description")),
                    read_only=prop.get("readOnly") is True,
                    secret=self._is_secret(json_name, prop, prop_pointer),
                )
            )
        return ir.Model(
            name=name,
            module=self.module_names.claim(module_name(name)),
            pointer=pointer,
            description=text(schema.get("description")),
            fields=tuple(fields),
        )

    def _is_secret(self, json_name: str, prop: dict[str, Any], pointer: str) -> bool:
        """Tell whether a property carries a credential, by its name or schema."""
        if _secret_key(json_name) in self.secret_names:
            return True
        schemas = [prop]
        # An error of the $ref was recorded when the field was typed.
        resolved = self.report.resolve(prop, pointer) if "$ref" in prop else None
        if resolved is not None:
            schemas.append(mapping(resolved[0]))
        return any(
            s.get("format") == "password" or s.get("writeOnly") is True for s in schemas
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
        self.check_keywords(schema, pointer)
        visiting.add(pointer)
        all_of = schema.get("allOf")
        for index, part in enumerate(all_of if isinstance(all_of, list) else ()):
            resolved = self.report.resolve(part, join_pointer(pointer, "allOf", index))
            if resolved is None:
                continue
            part, part_pointer = resolved
            if part_pointer in visiting:
                self._allof_cycles += 1
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
                part_properties, part_required = self._flatten_part(
                    part, part_pointer, visiting
                )
                properties.update(part_properties)
                required.update(part_required)
            else:
                self.report.error(
                    part_pointer,
                    "bad-type",
                    f"an allOf part must be a schema, found {kind_of(part)}",
                )
        for json_name, prop in mapping(schema.get("properties")).items():
            properties[str(json_name)] = (
                prop,
                join_pointer(pointer, "properties", str(json_name)),
            )
        names = schema.get("required")
        required.update(r for r in _list(names) if isinstance(r, str))
        # Only the current chain counts: a base reached twice (a diamond) is fine.
        visiting.discard(pointer)

    def _flatten_part(
        self, part: dict[str, Any], pointer: str, visiting: set[str]
    ) -> tuple[dict[str, tuple[Any, str]], set[str]]:
        """Return the properties and required names of one allOf part, once."""
        if pointer in self._flattened:
            return self._flattened[pointer]
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        if self._depth >= MAX_SCHEMA_DEPTH:
            self.type_of(part, pointer, "")
            return properties, required
        cycles, self._depth = self._allof_cycles, self._depth + 1
        try:
            self._collect_properties(
                part, pointer, properties, required, visiting=visiting
            )
        finally:
            self._depth -= 1
        # A part that met a cycle lacks what the cycle skipped; only a whole
        # result may be reused.
        if cycles == self._allof_cycles:
            self._flattened[pointer] = (properties, required)
        return properties, required


def _is_component(key: str) -> bool:
    """Tell whether `key` names a schema of its own, whose name it carries.

    That is a schema under components/schemas, or in another file a whole
    file or a top-level entry (`common.yaml#/Pet`).
    """
    pointer = pointer_of(key)
    if pointer.startswith("/components/schemas/") and pointer.count("/") == 3:
        return True
    return pointer != key and pointer.count("/") <= 1


def _secret_key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _type_names(type_ref: ir.TypeRef) -> set[str]:
    """Return the builtin and datetime names the annotation of `type_ref` uses."""
    found = {_KIND_NAMES[type_ref.kind]} if type_ref.kind in _KIND_NAMES else set()
    parts = [type_ref.item] if type_ref.item is not None else []
    for part in [*parts, *type_ref.options]:
        found |= _type_names(part)
    return found


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


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _unknown_type(name: Any) -> str:
    known = ", ".join(t for t in _TYPE_NAMES if t != "null")
    if not isinstance(name, str):
        return (
            f"a type name must be a string, found {kind_of(name)}; use one of {known}"
        )
    import difflib

    close = difflib.get_close_matches(name.lower(), _TYPE_NAMES, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown schema type {name!r}{hint}; use one of {known}"


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
