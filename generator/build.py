"""Build stage: turn a loaded spec into the intermediate model (`ir.Api`).

This is the only module that reads raw OpenAPI keys (`paths`, `$ref`,
`nullable`, `allOf`, ...). It reports what it cannot generate as warnings and
continues with a typed fallback; it renders and writes nothing.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from . import ir
from .diagnostics import Diagnostic, Diagnostics, Severity, SpecError
from .load import Document
from .media import Encoding, choose_media_type
from .names import NameRegistry, class_name, module_name, python_name, split_words
from .refs import join_pointer, resolve_ref
from .select import Selector, parse_selector

__all__ = ["build_api"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Names the generated model and API modules use for themselves.
_RESERVED_CLASSES = frozenset(
    {"Any", "ClassVar", "Mapping", "Unset", "UNSET", "Client", "ApiError", "Self"}
)
# Field names evaluated in a generated class body or used by its methods.
_RESERVED_FIELDS = frozenset(
    {"additional_properties", "from_dict", "to_dict", "field", "classmethod", "self"}
)
# Locals and helpers of a generated operation function; builtins are avoided too
# because a parameter would shadow them inside the function.
_RESERVED_PARAMETERS = frozenset(
    {"client", "body", "params", "headers", "response", "decode_json", "dump"}
) | frozenset(dir(builtins))
# Locals of the generated `server_url` function.
_RESERVED_SERVER_VARIABLES = frozenset({"url", "values", "name", "value", "choices"})
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


def build_api(
    document: Document,
    *,
    package: str,
    diagnostics: Diagnostics,
    include: tuple[str, ...] = (),
    renames: tuple[tuple[str, str], ...] = (),
) -> ir.Api:
    """Return the intermediate model of `document`'s operations and schemas.

    `include` selects operations (see `generator.select`); `renames` maps
    generated operation names and schema names to the names to use instead.
    """
    builder = _ApiBuilder(document, package=package, diagnostics=diagnostics)
    builder.selectors = [parse_selector(text) for text in include]
    builder.renames = dict(renames)
    builder.unused_renames = set(builder.renames)
    api = builder.build()
    for name in sorted(builder.unused_renames):
        diagnostics.warning(
            "rename-no-match",
            f"rename {name!r} matches no generated operation or schema name",
            document.location(""),
        )
    return api


@dataclass
class _Site:
    """Where an operation is in the spec, before it is built."""

    path: str
    method: str
    operation: dict[str, Any]
    pointer: str
    shared_parameters: Any
    shared_pointer: str
    tags: list[str]
    name: str = ""


class _ApiBuilder:
    def __init__(self, document: Document, *, package: str, diagnostics: Diagnostics):
        self.document = document
        self.package = package
        self.diagnostics = diagnostics
        self.models: dict[str, ir.Model] = {}
        self.model_names: dict[str, str] = {}
        self.enums: dict[str, ir.Enum] = {}
        self.module_names_for_models = NameRegistry({"__init__"})
        self.selectors: list[Selector] = []
        self.used_selectors: set[Selector] = set()
        self.renames: dict[str, str] = {}
        self.unused_renames: set[str] = set()
        self.class_names = NameRegistry(_RESERVED_CLASSES)
        self.module_names = NameRegistry({"api", "models", "client", "errors", "types"})

    def build(self) -> ir.Api:
        spec = self.document.data
        self._check_version(spec)
        info = _mapping(spec.get("info"))
        operations = tuple(self._build_operations(spec))
        models = tuple(sorted(self.models.values(), key=lambda m: m.name))
        enums = tuple(sorted(self.enums.values(), key=lambda e: e.name))
        return ir.Api(
            title=_text(info.get("title")) or self.package,
            version=_text(info.get("version")),
            description=_text(info.get("description")),
            package=self.package,
            server=self._build_server(spec.get("servers")),
            operations=operations,
            models=models,
            enums=enums,
        )

    # -- document --------------------------------------------------------

    def _check_version(self, spec: Any) -> None:
        if not isinstance(spec, dict):
            self._fail(
                "",
                "not-openapi",
                "the document is not a mapping; expected an OpenAPI 3.x object",
            )
        if "swagger" in spec:
            self._fail(
                "/swagger",
                "unsupported-version",
                f"this is a Swagger {spec['swagger']} document; only OpenAPI 3.0 "
                "and 3.1 are supported (convert it first, for example with "
                "swagger2openapi)",
            )
        version = spec.get("openapi")
        if not isinstance(version, str) or not version.startswith("3."):
            self._fail(
                "/openapi" if "openapi" in spec else "",
                "unsupported-version",
                f"expected 'openapi: 3.0.x' or '3.1.x', found {version!r}",
            )
        if not isinstance(spec.get("paths", {}), dict):
            self._fail(
                "/paths", "bad-type", "'paths' must be a mapping of paths to operations"
            )

    def _fail(self, pointer: str, code: str, message: str) -> Any:
        location = self.document.location(pointer)
        raise SpecError(Diagnostic(Severity.ERROR, code, message, location))

    def _warn(self, pointer: str, code: str, message: str) -> None:
        self.diagnostics.warning(code, message, self.document.location(pointer))

    def _build_server(self, servers: Any) -> ir.Server | None:
        if (
            not isinstance(servers, list)
            or not servers
            or not isinstance(servers[0], dict)
        ):
            return None
        server = servers[0]
        names = NameRegistry()
        variables = tuple(
            ir.ServerVariable(
                json_name=name,
                python_name=names.claim(
                    _avoid(python_name(name), _RESERVED_SERVER_VARIABLES)
                ),
                default=_text(spec.get("default")),
                choices=tuple(_text(c) for c in spec.get("enum", ()) if c is not None),
                description=_text(spec.get("description")),
            )
            for name, spec in _mapping(server.get("variables")).items()
            if isinstance(spec, dict)
        )
        return ir.Server(
            _text(server.get("url")), _text(server.get("description")), variables
        )

    # -- operations ------------------------------------------------------

    def _build_operations(self, spec: dict[str, Any]) -> Iterator[ir.Operation]:
        sites = list(self._operation_sites(spec))
        # Names and modules come from the whole spec, so that a slice of it
        # generates the same names as the whole.
        function_names = NameRegistry()
        tag_modules: dict[str, str] = {}
        for site in sites:
            original = _operation_name(site.method, site.path, site.operation)
            site.name = function_names.claim(self._renamed(original))
            for tag in site.tags or ["default"]:
                if tag not in tag_modules:
                    tag_modules[tag] = self.module_names.claim(module_name(tag))
        selected = [site for site in sites if self._is_selected(site)]
        self._warn_unused_selectors(len(sites))
        for site in selected:
            module = tag_modules[(site.tags or ["default"])[0]]
            yield self._build_operation(site, module)

    def _operation_sites(self, spec: dict[str, Any]) -> Iterator[_Site]:
        for path, path_item in _mapping(spec.get("paths")).items():
            path_pointer = join_pointer("/paths", path)
            path_item, path_pointer = resolve_ref(
                self.document, path_item, path_pointer
            )
            if not isinstance(path_item, dict):
                continue
            for method in _METHODS:
                operation = path_item.get(method)
                if isinstance(operation, dict):
                    tags = operation.get("tags")
                    yield _Site(
                        path=str(path),
                        method=method,
                        operation=operation,
                        pointer=join_pointer(path_pointer, method),
                        shared_parameters=path_item.get("parameters"),
                        shared_pointer=join_pointer(path_pointer, "parameters"),
                        tags=[_text(t) for t in tags] if isinstance(tags, list) else [],
                    )

    def _renamed(self, name: str) -> str:
        self.unused_renames.discard(name)
        return self.renames.get(name, name)

    def _is_selected(self, site: _Site) -> bool:
        if not self.selectors:
            return True
        hits = [
            s
            for s in self.selectors
            if s.matches(tags=site.tags, name=site.name, path=site.path)
        ]
        self.used_selectors.update(hits)
        return bool(hits)

    def _warn_unused_selectors(self, operation_count: int) -> None:
        for selector in self.selectors:
            if selector not in self.used_selectors:
                self.diagnostics.warning(
                    "include-no-match",
                    f"include {str(selector)!r} matches none of the "
                    f"{operation_count} operations in the spec; check the spelling",
                    self.document.location(""),
                )

    def _build_operation(self, site: _Site, module: str) -> ir.Operation:
        name, pointer, operation = site.name, site.pointer, site.operation
        return ir.Operation(
            python_name=name,
            module=module,
            method=site.method.upper(),
            path=site.path,
            pointer=pointer,
            summary=_text(operation.get("summary")),
            description=_text(operation.get("description")),
            parameters=self._build_parameters(
                (site.shared_parameters, site.shared_pointer),
                (operation.get("parameters"), join_pointer(pointer, "parameters")),
            ),
            body=self._build_body(
                operation.get("requestBody"), join_pointer(pointer, "requestBody"), name
            ),
            responses=self._build_responses(
                operation.get("responses"), join_pointer(pointer, "responses"), name
            ),
        )

    def _build_parameters(self, *sources: tuple[Any, str]) -> tuple[ir.Parameter, ...]:
        # Operation-level parameters override path-level ones with the same name
        # and place.
        found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for parameters, list_pointer in sources:
            for index, raw in enumerate(
                parameters if isinstance(parameters, list) else ()
            ):
                param, pointer = resolve_ref(
                    self.document, raw, join_pointer(list_pointer, index)
                )
                if isinstance(param, dict) and isinstance(param.get("name"), str):
                    found[(param["name"], _text(param.get("in")))] = (param, pointer)

        names = NameRegistry()
        result = []
        for (json_name, location), (param, pointer) in found.items():
            if location not in ("path", "query", "header"):
                self._warn(
                    join_pointer(pointer, "in"),
                    "unsupported-parameter",
                    f"parameter {json_name!r} is in {location!r}; only path, query and "
                    "header parameters are generated, so the client does not send it",
                )
                continue
            type_ref, _ = self._type_of(
                param.get("schema", {}), join_pointer(pointer, "schema"), json_name
            )
            result.append(
                ir.Parameter(
                    json_name=json_name,
                    python_name=names.claim(
                        _avoid(
                            python_name(json_name, fallback="param"),
                            _RESERVED_PARAMETERS,
                        )
                    ),
                    location=location,
                    type=type_ref,
                    required=location == "path" or param.get("required") is True,
                    description=_text(param.get("description")),
                    explode=param.get("explode", param.get("style", "form") == "form")
                    is True,
                )
            )
        return tuple(result)

    def _build_body(
        self, raw: Any, pointer: str, operation_name: str
    ) -> ir.Body | None:
        if raw is None:
            return None
        body, pointer = resolve_ref(self.document, raw, pointer)
        content = _mapping(body.get("content") if isinstance(body, dict) else None)
        chosen = choose_media_type(content)
        if chosen is None:
            return None
        media_type, encoding = chosen
        type_ref = self._content_type(
            content, media_type, encoding, pointer, f"{operation_name} body"
        )
        if encoding in (Encoding.FORM, Encoding.MULTIPART) and type_ref.kind not in (
            ir.Kind.MODEL,
            ir.Kind.DICT,
        ):
            self._warn(
                join_pointer(pointer, "content", media_type, "schema"),
                "unsupported-body",
                f"a {media_type} body must be an object schema; the body is sent "
                "as a dict of fields",
            )
            type_ref = ir.TypeRef(ir.Kind.DICT, item=_ANY)
        return ir.Body(
            type=type_ref,
            media_type=media_type,
            encoding=encoding,
            required=body.get("required") is True,
            description=_text(body.get("description")),
        )

    def _build_responses(
        self, raw: Any, pointer: str, operation_name: str
    ) -> tuple[ir.Response, ...]:
        result = []
        for status, response in _mapping(raw).items():
            status_pointer = join_pointer(pointer, str(status))
            response, status_pointer = resolve_ref(
                self.document, response, status_pointer
            )
            response = _mapping(response)
            content = _mapping(response.get("content"))
            chosen = choose_media_type(content)
            type_ref, encoding = None, None
            if chosen is not None:
                media_type, encoding = chosen
                hint = f"{operation_name} response"
                type_ref = self._content_type(
                    content, media_type, encoding, status_pointer, hint
                )
            result.append(
                ir.Response(
                    status=str(status),
                    description=_text(response.get("description")),
                    media_types=tuple(content),
                    type=type_ref,
                    encoding=encoding,
                )
            )
        return tuple(result)

    def _content_type(
        self,
        content: dict[str, Any],
        media_type: str,
        encoding: Encoding,
        pointer: str,
        name_hint: str,
    ) -> ir.TypeRef:
        """Return the type of a body sent or read as `media_type`."""
        if encoding is Encoding.TEXT:
            return ir.TypeRef(ir.Kind.STR)
        if encoding is Encoding.BYTES:
            return ir.TypeRef(ir.Kind.BYTES)
        schema = _mapping(content[media_type]).get("schema", {})
        schema_pointer = join_pointer(pointer, "content", media_type, "schema")
        type_ref, _ = self._type_of(schema, schema_pointer, name_hint)
        return type_ref

    # -- schemas ---------------------------------------------------------

    def _type_of(
        self, schema: Any, pointer: str, name_hint: str
    ) -> tuple[ir.TypeRef, bool]:
        """Return the type of `schema` and whether it allows null."""
        if isinstance(schema, dict) and "$ref" in schema:
            target, target_pointer = resolve_ref(self.document, schema, pointer)
            if _is_model(target):
                return self._model_type(target, target_pointer), _nullable(target)
            return self._type_of(target, target_pointer, _last_token(target_pointer))
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
            inner, inner_nullable = self._type_of(
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
        for union in ("oneOf", "anyOf"):
            if union in schema:
                self._warn(
                    join_pointer(pointer, union),
                    "unsupported-union",
                    f"{union} is not generated yet; {name_hint!r} is typed as Any",
                )
                return _ANY, nullable
        return self._simple_type(schema, pointer, name_hint), nullable

    def _simple_type(
        self, schema: dict[str, Any], pointer: str, name_hint: str
    ) -> ir.TypeRef:
        schema_type = schema.get("type")
        if isinstance(schema_type, list):
            # OpenAPI 3.1: `type: [string, "null"]`.
            non_null = [t for t in schema_type if t != "null"]
            schema_type = non_null[0] if len(non_null) == 1 else None
        if schema_type == "array":
            item_pointer = join_pointer(pointer, "items")
            item = self._item_type(
                schema.get("items", {}), item_pointer, f"{name_hint} item"
            )
            return ir.TypeRef(ir.Kind.LIST, item=item)
        if schema_type == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties", True)
            if not isinstance(extra, dict):
                return ir.TypeRef(ir.Kind.DICT, item=_ANY)
            value_pointer = join_pointer(pointer, "additionalProperties")
            value = self._item_type(extra, value_pointer, f"{name_hint} value")
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
            hint = _last_token(pointer) if _is_component(pointer) else name_hint
            preferred = class_name(_text(schema.get("title")) or hint)
            name = self.class_names.claim(self._renamed_schema(hint, preferred))
            members = NameRegistry()
            self.enums[pointer] = ir.Enum(
                name=name,
                module=self.module_names_for_models.claim(module_name(name)),
                pointer=pointer,
                description=_text(schema.get("description")),
                members=tuple(
                    ir.EnumMember(members.claim(_member_name(value)), value)
                    for value in dict.fromkeys(values)
                ),
            )
        return ir.TypeRef(ir.Kind.ENUM, model=self.enums[pointer].name)

    def _renamed_schema(self, schema_name: str, preferred: str) -> str:
        """Return the class name for a schema, applying a rename by either name."""
        for key in (schema_name, preferred):
            if key in self.renames:
                self.unused_renames.discard(key)
                return class_name(self.renames[key])
        return preferred

    def _item_type(self, schema: Any, pointer: str, name_hint: str) -> ir.TypeRef:
        """Return the type of a list item or dict value, carrying its nullability."""
        item, nullable = self._type_of(schema, pointer, name_hint)
        return replace(item, nullable=nullable and item.kind is not ir.Kind.ANY)

    def _model_type(
        self, schema: dict[str, Any], pointer: str, name_hint: str = ""
    ) -> ir.TypeRef:
        if pointer not in self.model_names:
            hint = _last_token(pointer) if _is_component(pointer) else name_hint
            preferred = class_name(_text(schema.get("title")) or hint)
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
            type_ref, nullable = self._type_of(
                prop, prop_pointer, f"{name} {json_name}"
            )
            prop = _mapping(prop)
            field_name = _avoid(
                python_name(json_name, fallback="field"), _RESERVED_FIELDS
            )
            fields.append(
                ir.Field(
                    json_name=json_name,
                    python_name=names.claim(field_name),
                    type=type_ref,
                    required=json_name in required,
                    nullable=nullable,
                    description=_text(prop.get("description")),
                    read_only=prop.get("readOnly") is True,
                )
            )
        return ir.Model(
            name=name,
            module=self.module_names_for_models.claim(module_name(name)),
            pointer=pointer,
            description=_text(schema.get("description")),
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
        for json_name, prop in _mapping(schema.get("properties")).items():
            properties[str(json_name)] = (
                prop,
                join_pointer(pointer, "properties", str(json_name)),
            )
        required.update(r for r in schema.get("required") or () if isinstance(r, str))
        # Only the current chain counts: a base reached twice (a diamond) is fine.
        visiting.discard(pointer)


def _is_component(pointer: str) -> bool:
    """Tell whether `pointer` names a schema of its own under components/schemas."""
    return pointer.startswith("/components/schemas/") and pointer.count("/") == 3


def _member_name(value: str | int) -> str:
    if isinstance(value, int):
        return f"VALUE_{value}" if value >= 0 else f"VALUE_MINUS_{-value}"
    return python_name(value, fallback="value").rstrip("_").upper() or "VALUE"


def _avoid(name: str, reserved: frozenset[str]) -> str:
    return f"{name}_" if name in reserved else name


def _operation_name(method: str, path: str, operation: dict[str, Any]) -> str:
    for key in ("operationId", "summary"):
        text = _text(operation.get(key))
        if split_words(text):
            return python_name(text, fallback="call")
    return python_name(f"{method} {path}", fallback="call")


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


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _last_token(pointer: str) -> str:
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
