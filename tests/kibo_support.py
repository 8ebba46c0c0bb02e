"""Spec reading, JSON instance synthesis and a loopback server for test_kibo.py.

Everything here reads the raw OpenAPI JSON of Kibo's documents on its own,
without the generator's help, so the tests compare the generated client with
what the spec says rather than with what the generator thinks it says:

- `Spec` follows `$ref`s, flattens `allOf` and tells object, array, map,
  enum and scalar schemas apart, and strips read-only properties from an
  instance (at any depth) the way a request body must leave them out.
- `InstanceBuilder` makes a realistic JSON instance of a schema: every
  property filled, formats respected (int32, int64 beyond 2**53, double,
  date-time in several spellings, date), some nullable values null, enum
  values cycled, maps and arrays with entries; recursion is cut off.
- `select_operations` picks, deterministically, the few operations of a
  document that are called end to end.
The loopback server the calls go to is tests/loopback.py's.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_MEDIA_TYPES = ("application/json", "text/json")

# Object nesting deeper than this is left out unless required, which keeps
# instances of Kibo's largest models (Cart, Subscription) under 30 KB of JSON.
MAX_DEPTH = 6
# Beyond this, even required properties cannot be filled: a schema bug.
HARD_DEPTH = 16


class Omit:
    """The type of `OMIT`: a property the builder decided to leave out."""


OMIT = Omit()


# ---------------------------------------------------------------------------
# Reading the spec
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectShape:
    """The flattened view of an object schema: allOf parts merged in."""

    properties: dict[str, Any]
    required: frozenset[str]
    additional: Any
    """The additionalProperties schema: a dict, True, or False."""


class Spec:
    """One OpenAPI document, read as plain JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.stem
        self.data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        self._reaches_read_only: dict[str, bool] = {}

    def resolve(self, node: Any) -> tuple[Any, tuple[str, ...]]:
        """Follow `$ref`s from `node`; return the target and the refs crossed."""
        refs: list[str] = []
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert isinstance(ref, str) and ref.startswith("#/"), ref
            assert ref not in refs, f"$ref cycle through {ref}"
            refs.append(ref)
            node = self.data
            for token in ref[2:].split("/"):
                node = node[token.replace("~1", "/").replace("~0", "~")]
        return node, tuple(refs)

    def is_read_only(self, schema: Any) -> bool:
        """Tell whether a property schema (or what it refers to) is read-only."""
        if isinstance(schema, dict) and schema.get("readOnly") is True:
            return True
        target, _ = self.resolve(schema)
        return isinstance(target, dict) and target.get("readOnly") is True

    def object_shape(self, schema: dict[str, Any]) -> ObjectShape | None:
        """Return the merged properties of an object schema, or None if not one."""
        properties: dict[str, Any] = {}
        required: set[str] = set()
        additional: Any = schema.get("additionalProperties", True)
        is_object = schema.get("type") == "object" or "properties" in schema
        for part in schema.get("allOf") or ():
            target, _ = self.resolve(part)
            shape = self.object_shape(target) if isinstance(target, dict) else None
            if shape is None:
                continue
            is_object = True
            properties.update(shape.properties)
            required.update(shape.required)
        properties.update(schema.get("properties") or {})
        required.update(schema.get("required") or ())
        if not is_object:
            return None
        return ObjectShape(properties, frozenset(required), additional)

    def kind(self, schema: Any) -> str:
        """Return how a JSON value of `schema` looks.

        One of: any, enum, model (an object with properties), map (an object
        with additionalProperties only), array, string, integer, number,
        boolean, union.
        """
        schema, _ = self.resolve(schema)
        if not isinstance(schema, dict):
            return "any"
        all_of = schema.get("allOf")
        if all_of and len(all_of) == 1 and not schema.get("properties"):
            return self.kind(all_of[0])
        if isinstance(schema.get("enum"), list):
            return "enum"
        if "oneOf" in schema or "anyOf" in schema:
            return "union"
        shape = self.object_shape(schema)
        if shape is not None:
            return "model" if shape.properties or all_of else "map"
        schema_type = schema.get("type")
        if schema_type in ("array", "string", "integer", "number", "boolean"):
            return str(schema_type)
        if "additionalProperties" in schema:
            return "map"
        return "any"

    def without_read_only(self, schema: Any, value: Any) -> Any:
        """Return `value` minus the properties its schema marks read-only."""
        schema, _ = self.resolve(schema)
        if value is None or not isinstance(schema, dict):
            return value
        all_of = schema.get("allOf")
        if all_of and len(all_of) == 1 and not schema.get("properties"):
            return self.without_read_only(all_of[0], value)
        for union in ("oneOf", "anyOf"):
            if union in schema:
                # The builder fills a union from its first option.
                return self.without_read_only(schema[union][0], value)
        if isinstance(value, list):
            return [self.without_read_only(schema.get("items"), v) for v in value]
        shape = self.object_shape(schema)
        if not isinstance(value, dict) or shape is None:
            return value
        result = {}
        for key, item in value.items():
            if key in shape.properties:
                prop = shape.properties[key]
                if not self.is_read_only(prop):
                    result[key] = self.without_read_only(prop, item)
            elif isinstance(shape.additional, dict):
                result[key] = self.without_read_only(shape.additional, item)
            else:
                result[key] = item
        return result

    def has_read_only(self, schema: Any) -> bool:
        """Tell whether any property reachable from `schema` is read-only."""
        target, refs = self.resolve(schema)
        if not isinstance(target, dict):
            return False
        key = refs[-1] if refs else None
        if key is not None:
            if key in self._reaches_read_only:
                return self._reaches_read_only[key]
            # Recursion: a schema being looked at counts as having none.
            self._reaches_read_only[key] = False
        shape = self.object_shape(target)
        children: list[Any] = [target.get("items")]
        children += list(target.get("oneOf") or ()) + list(target.get("anyOf") or ())
        found = False
        if shape is not None:
            found = any(self.is_read_only(p) for p in shape.properties.values())
            children += list(shape.properties.values())
            children.append(shape.additional)
        found = found or any(
            self.has_read_only(child) for child in children if isinstance(child, dict)
        )
        if key is not None:
            self._reaches_read_only[key] = found
        return found


# ---------------------------------------------------------------------------
# Realistic instances
# ---------------------------------------------------------------------------

# Spellings a .NET or Java server really sends: Z, offsets, 1 to 7 fraction
# digits, and no offset at all (Kibo's own habit).
DATETIMES = (
    "2024-03-15T14:30:00Z",
    "2024-04-14T14:30:00.1234567+02:00",
    "2023-11-30T23:59:59.5-05:00",
    "2019-07-04T12:00:00+05:30",
    "2024-02-29T08:00:00.000+00:00",
    "2024-01-10T09:15:30.123Z",
    "2022-06-01T10:00:00",
)

# Property-name fragments (lower case, first match wins) and text templates;
# {n} keeps values distinct, so a field read into the wrong attribute shows.
TEXT_BY_NAME = (
    ("email", "jane.doe+{n}@example.com"),
    ("phone", "+1-541-555-{n:04d}"),
    ("fax", "+1-541-555-{n:04d}"),
    ("url", "https://cdn.example.com/assets/{n}/shirt-blue.png"),
    ("firstname", "Jane {n}"),
    ("lastname", "Müller-{n}"),
    ("currency", "USD"),
    ("country", "US"),
    ("locale", "en-US"),
    ("postal", "974{n:02d}"),
    ("city", "Springfield {n}"),
    ("address", "{n} Evergreen Terrace"),
    ("description", "Lightweight cotton shirt, pre-washed ({n}) — 100 % organic."),
    ("fqn", "tenant~gift-wrap-{n}"),
    ("sku", "SHIRT-BLUE-XL-{n}"),
    ("code", "SUMMER-24-{n}"),
    ("name", "Summer Collection {n}"),
    ("token", "7d1f6c2e9b8a4c37a5e0f3b2d1c4{n:04d}"),
    ("id", "c2f0a8e6b1d9-{n}"),
)


@dataclass
class InstanceBuilder:
    """Make realistic JSON instances of schemas of one spec, deterministically.

    `seed` shifts every counter, so a request and a response instance of the
    same schema differ.
    """

    spec: Spec
    seed: int = 0
    _counter: Iterator[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._counter = itertools.count(self.seed * 1000 + 1)

    def _next(self) -> int:
        return next(self._counter)

    def build(self, schema: Any) -> Any:
        """Return an instance of `schema` with every property filled once."""
        value = self._value(schema, name="", depth=0, refs=(), minimal=False)
        assert value is not OMIT
        return value

    def _value(
        self,
        schema: Any,
        *,
        name: str,
        depth: int,
        refs: tuple[str, ...],
        minimal: bool,
    ) -> Any:
        target, crossed = self.spec.resolve(schema)
        if depth > HARD_DEPTH:
            raise AssertionError(f"cannot fill {name!r}: required properties recurse")
        if set(crossed) & set(refs) and not minimal:
            return OMIT
        refs += crossed
        if not isinstance(target, dict):
            return self._free_form()
        nullable = target.get("nullable") is True or (
            isinstance(schema, dict) and schema.get("nullable") is True
        )
        if nullable and self._next() % 6 == 0:
            return None
        kind = self.spec.kind(target)
        if kind in ("model", "map"):
            if depth >= MAX_DEPTH and not minimal:
                return OMIT
            return self._object(target, kind, depth=depth, refs=refs, minimal=minimal)
        if kind == "array":
            if depth >= MAX_DEPTH and not minimal:
                return OMIT
            items = target.get("items", {})
            count = 1 if minimal or depth > 1 else 2
            values = [
                self._value(
                    items, name=name, depth=depth + 1, refs=refs, minimal=minimal
                )
                for _ in range(count)
            ]
            return [v for v in values if v is not OMIT]
        if kind == "union":
            options = target.get("oneOf") or target.get("anyOf")
            return self._value(
                options[0], name=name, depth=depth, refs=refs, minimal=minimal
            )
        if kind == "enum":
            return self._enum(target)
        all_of = target.get("allOf")
        if all_of and len(all_of) == 1:
            return self._value(
                all_of[0], name=name, depth=depth, refs=refs, minimal=minimal
            )
        return self._scalar(target, kind, name)

    def _object(
        self,
        schema: dict[str, Any],
        kind: str,
        *,
        depth: int,
        refs: tuple[str, ...],
        minimal: bool,
    ) -> dict[str, Any]:
        shape = self.spec.object_shape(schema)
        assert shape is not None
        result: dict[str, Any] = {}
        for key, prop in shape.properties.items():
            required = key in shape.required
            if minimal and not required:
                continue
            value = self._value(
                prop, name=key, depth=depth + 1, refs=refs, minimal=minimal
            )
            if value is OMIT and required:
                value = self._value(
                    prop, name=key, depth=depth + 1, refs=refs, minimal=True
                )
            if value is not OMIT:
                result[key] = value
        extra = shape.additional
        if extra is False or minimal:
            return result
        if kind == "model" and not isinstance(extra, dict):
            # A key the spec does not describe: kept and sent back as it came.
            result["x-merchant-note"] = f"Leave at the back door ({self._next()})"
            return result
        # The entries of a map, or a model's extra keys of a declared schema.
        value_schema = extra if isinstance(extra, dict) else {}
        keys = ("color", "size") if kind == "map" else ("x-merchant-note",)
        for key in keys:
            value = self._value(
                value_schema, name=key, depth=depth + 1, refs=refs, minimal=False
            )
            if value is not OMIT:
                result[key] = value
        return result

    def _enum(self, schema: dict[str, Any]) -> Any:
        values = [v for v in schema["enum"] if v is not None]
        return values[self._next() % len(values)]

    def _free_form(self) -> Any:
        return {"source": "pos", "lane": self._next()}

    def _scalar(self, schema: dict[str, Any], kind: str, name: str) -> Any:
        n = self._next()
        schema_format = schema.get("format")
        if kind == "boolean":
            return n % 2 == 0
        if kind == "integer":
            if schema_format == "int64":
                return 9_007_199_254_740_993 + n  # Beyond a double's precision.
            lowered = name.lower()
            if "quantity" in lowered or "count" in lowered:
                return n % 50 + 1
            return 1000 + n
        if kind == "number":
            return round(n * 7.25 + 0.99, 2)  # Never integral: a real double.
        if kind != "string":
            return self._free_form()
        if schema_format == "date-time":
            return DATETIMES[n % len(DATETIMES)]
        if schema_format == "date":
            return f"2024-02-{n % 28 + 1:02d}"
        if schema_format == "date-span":
            return f"1.02:03:{n % 60:02d}"
        if schema_format == "byte":
            return "aGVsbG8gS2libw=="
        if schema_format == "uri":
            return f"https://cdn.example.com/assets/{n}/shirt-blue.png"
        return text_for(name, n)


def text_for(name: str, n: int) -> str:
    """Return a realistic, distinct text value for a property named `name`."""
    lowered = name.lower()
    for fragment, template in TEXT_BY_NAME:
        if fragment in lowered:
            return template.format(n=n)
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).strip() or "value"
    return f"{words.capitalize()} {n}"


# ---------------------------------------------------------------------------
# Choosing the operations to call
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """One operation of a spec, with what the test needs to call it."""

    document: str
    method: str
    path: str
    parameters: tuple[dict[str, Any], ...]
    body_schema: Any
    """The JSON request body's schema, or None when there is none."""
    status: int
    response_content: dict[str, Any]
    """The success response's declared media types and their schemas."""
    response_media_type: str | None
    """The first declared media type of the success response that carries JSON."""
    response_schema: Any

    @property
    def label(self) -> str:
        return f"{self.document}:{self.method} {self.path}"

    def parameters_in(self, location: str) -> list[dict[str, Any]]:
        return [p for p in self.parameters if p["in"] == location]


def carries_json(media_type: str, schema: Any) -> bool:
    """Tell whether a body of `media_type` is JSON (Kibo labels some text/plain)."""
    base = media_type.split(";")[0].strip().lower()
    if base in JSON_MEDIA_TYPES or base.endswith("+json"):
        return True
    if not isinstance(schema, dict) or schema.get("format") == "binary":
        return False
    return base in ("text/plain", "*/*") and (
        "$ref" in schema
        or "allOf" in schema
        or schema.get("type") in ("object", "array", "integer", "number", "boolean")
    )


def iter_operations(spec: Spec) -> Iterator[Operation]:
    """Yield every operation of `spec` in document order."""
    for path, raw_item in spec.data.get("paths", {}).items():
        item, _ = spec.resolve(raw_item)
        shared = [spec.resolve(p)[0] for p in item.get("parameters", ())]
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            own = [spec.resolve(p)[0] for p in operation.get("parameters", ())]
            by_key = {(p["name"], p["in"]): p for p in shared + own}
            yield Operation(
                document=spec.name,
                method=method.upper(),
                path=path,
                parameters=tuple(by_key.values()),
                body_schema=_request_schema(spec, operation),
                **_success(spec, operation),
            )


def _request_schema(spec: Spec, operation: dict[str, Any]) -> Any:
    body, _ = spec.resolve(operation.get("requestBody"))
    if not isinstance(body, dict):
        return None
    for media_type, entry in body.get("content", {}).items():
        if media_type.split(";")[0].strip().lower() in JSON_MEDIA_TYPES:
            return entry.get("schema", {})
    return None


def _success(spec: Spec, operation: dict[str, Any]) -> dict[str, Any]:
    """Return the first success status, its media types and the JSON one's schema."""
    responses = operation.get("responses", {})
    statuses = [s for s in responses if str(s).startswith("2")] or [
        s for s in responses if s == "default"
    ]
    status = statuses[0] if statuses else "200"
    response, _ = spec.resolve(responses.get(status, {}))
    content = {
        str(media_type): (entry or {}).get("schema")
        for media_type, entry in response.get("content", {}).items()
    }
    json_types = [m for m, schema in content.items() if carries_json(m, schema)]
    return {
        "status": int(status) if str(status).isdigit() else 200,
        "response_content": content,
        "response_media_type": json_types[0] if json_types else None,
        "response_schema": content[json_types[0]] if json_types else None,
    }


SIMPLE_PARAMETER_KINDS = frozenset({"string", "integer", "number", "boolean", "enum"})


def parameter_is_simple(spec: Spec, parameter: dict[str, Any]) -> bool:
    """Tell whether a parameter is a scalar, an enum or an array of those."""
    if parameter["in"] not in ("path", "query", "header"):
        return False
    kind = spec.kind(parameter.get("schema", {}))
    if kind == "array":
        schema, _ = spec.resolve(parameter.get("schema", {}))
        return spec.kind(schema.get("items", {})) in SIMPLE_PARAMETER_KINDS
    return kind in SIMPLE_PARAMETER_KINDS


def parameter_type(spec: Spec, parameter: dict[str, Any]) -> str:
    """Return a parameter's kind, with a format: `string/date-time`, `array`."""
    schema, _ = spec.resolve(parameter.get("schema", {}))
    kind = spec.kind(schema)
    schema_format = schema.get("format") if isinstance(schema, dict) else None
    return f"{kind}/{schema_format}" if schema_format else kind


def select_operations(spec: Spec, limit: int = 3) -> list[Operation]:
    """Pick up to `limit` operations of `spec` to call, always the same ones.

    First up to two that send a JSON model and get a JSON model back (those
    whose body holds read-only properties first, else in document order);
    then the one with path or query parameters of the most kinds (headers,
    date-times, arrays, enums, where a document has them); then others with
    a JSON response, to fill up. Operations with parameters other than
    scalars, enums and arrays of those (no standard way to send them) are
    left out.
    """
    operations = [
        op
        for op in iter_operations(spec)
        if all(parameter_is_simple(spec, p) for p in op.parameters)
    ]

    def model_response(op: Operation) -> bool:
        schema = op.response_schema
        return schema is not None and spec.kind(schema) == "model"

    with_bodies = [
        op
        for op in operations
        if op.body_schema is not None
        and spec.kind(op.body_schema) == "model"
        and model_response(op)
    ]
    with_bodies.sort(key=lambda op: not spec.has_read_only(op.body_schema))
    chosen = with_bodies[:2]
    with_parameters = [
        op
        for op in operations
        if op not in chosen and (op.parameters_in("path") or op.parameters_in("query"))
    ]

    def variety(op: Operation) -> int:
        """Count the distinct (location, type) pairs of the parameters."""
        return len({(p["in"], parameter_type(spec, p)) for p in op.parameters})

    # The most varied parameters first, then a model response.
    with_parameters.sort(key=lambda op: (-variety(op), not model_response(op)))
    chosen += with_parameters[:1]
    rest = [
        op for op in operations if op not in chosen and op.response_schema is not None
    ]
    rest.sort(key=lambda op: not model_response(op))
    chosen += rest[: max(0, limit - len(chosen))]
    return chosen[:limit]


# ---------------------------------------------------------------------------
# Parameter values
# ---------------------------------------------------------------------------

QUERY_TEXT = {
    "responsefields": "id,name,auditInfo(createDate,updateBy)",
    "filter": "name sw 'Summer & Sun' and price gt 10.5",
    "sortby": "createDate desc",
    "q": "blue shirt 100%",
}


def parameter_text(name: str, n: int, *, in_path: bool) -> str:
    """Return a string parameter value; path values need percent-encoding."""
    lowered = name.lower()
    if in_path:
        # Slashes, spaces, '?', '#' and '%' must all be escaped in a segment.
        return f"{text_for(name, n)}/Größe L?#50%"
    return QUERY_TEXT.get(lowered, text_for(name, n))


def normalized(name: str) -> str:
    """Return a name without case, separators or a trailing underscore.

    `responseFields`, `response_fields`, `x-vol-tenant`, `filter_` and
    `x_vol_tenant` compare equal to what a Python keyword argument is called.
    """
    return re.sub(r"[^a-z0-9]", "", name.lower())


def path_pattern(template: str) -> tuple[re.Pattern[str], list[str]]:
    """Return a regex matching a raw path of `template`, and its parameter names."""
    names: list[str] = []
    parts: list[str] = []
    for piece in re.split(r"(\{[^{}]*\})", template):
        if piece.startswith("{") and piece.endswith("}"):
            names.append(piece[1:-1])
            parts.append("([^/]*)")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts)), names


# Characters allowed unescaped in a path segment (RFC 3986, section 3.3).
SEGMENT = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*")


def decode_path(raw_path: str, template: str) -> dict[str, str]:
    """Return the decoded path parameters of `raw_path`, checking its encoding."""
    pattern, names = path_pattern(template)
    match = pattern.fullmatch(raw_path)
    assert match is not None, f"{raw_path!r} does not match {template!r}"
    for raw in match.groups():
        assert SEGMENT.fullmatch(raw), f"{raw!r} is not a percent-encoded segment"
    return {name: unquote(raw) for name, raw in zip(names, match.groups(), strict=True)}


def preferred_media_type(accept: str) -> str:
    """Return the media type an Accept header prefers: highest q, then first."""
    ranked = []
    for position, entry in enumerate(accept.split(",")):
        media_type, *parameters = (part.strip() for part in entry.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                quality = float(value)
        ranked.append((-quality, position, media_type))
    return min(ranked)[2]


def json_difference(actual: Any, expected: Any, where: str = "") -> str | None:
    """Return where two JSON values first differ, or None if they are the same.

    Stricter than ==: 1, 1.0 and true differ, as they do in JSON text.
    """
    if type(actual) is not type(expected):
        return f"at {where or '/'}: got {actual!r}, expected {expected!r}"
    if isinstance(expected, dict):
        for key in sorted(set(actual) | set(expected)):
            if key not in actual:
                return f"at {where}/{key}: missing, expected {expected[key]!r}"
            if key not in expected:
                return f"at {where}/{key}: got {actual[key]!r}, expected no such key"
            found = json_difference(actual[key], expected[key], f"{where}/{key}")
            if found is not None:
                return found
        return None
    if isinstance(expected, list):
        if len(actual) != len(expected):
            return f"at {where or '/'}: {len(actual)} items, expected {len(expected)}"
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            found = json_difference(got, want, f"{where}/{index}")
            if found is not None:
                return found
        return None
    if actual != expected:
        return f"at {where or '/'}: got {actual!r}, expected {expected!r}"
    return None


def same_instant(text: str, expected: datetime) -> bool:
    """Tell whether an ISO 8601 text names the same moment as `expected`."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed == expected
