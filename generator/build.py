"""Build stage: turn a loaded spec into the intermediate model (`ir.Api`).

This is the only module that reads raw OpenAPI keys (`paths`, `$ref`,
`nullable`, `allOf`, ...). It reports what it cannot generate as warnings and
continues with a typed fallback; it renders and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import ir
from .diagnostics import Diagnostic, Diagnostics, Severity, SpecError
from .load import Document
from .media import Encoding, choose_media_type
from .names import NameRegistry, module_name, python_name, split_words
from .refs import join_pointer, resolve_ref
from .schemas import Renames, SchemaBuilder, avoid, mapping, text
from .select import Selector, parse_selector

__all__ = ["build_api"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Names a generated operation function uses in its body: its locals, the
# runtime helpers it calls and the builtin types its annotations and parsers
# mention. A parameter of the same name would shadow them.
_RESERVED_PARAMETERS = frozenset(
    {"client", "body", "params", "headers", "response", "result"}
    | {"decode_json", "decode_json_or_text", "dump", "flatten_query", "form_fields"}
    | {"format_path_value", "format_text", "multipart_files", "convert", "optional"}
    | {"list_of", "dict_of", "union_of", "parse_date", "parse_datetime"}
    | {"dict", "list", "str", "int", "float", "bool", "bytes", "tuple", "object"}
)
# Locals of the generated `server_url` function.
_RESERVED_SERVER_VARIABLES = frozenset({"url", "values", "name", "value", "choices"})


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
    names = Renames(renames)
    builder = _ApiBuilder(
        document,
        package=package,
        diagnostics=diagnostics,
        selectors=[parse_selector(entry) for entry in include],
        renames=names,
    )
    api = builder.build()
    for name in sorted(names.unused):
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
    def __init__(
        self,
        document: Document,
        *,
        package: str,
        diagnostics: Diagnostics,
        selectors: list[Selector],
        renames: Renames,
    ) -> None:
        self.document = document
        self.package = package
        self.diagnostics = diagnostics
        self.selectors = selectors
        self.used_selectors: set[Selector] = set()
        self.renames = renames
        self.schemas = SchemaBuilder(document, diagnostics=diagnostics, renames=renames)
        self.module_names = NameRegistry({"api", "models", "client", "errors", "types"})

    def build(self) -> ir.Api:
        spec = self.document.data
        self._check_version(spec)
        info = mapping(spec.get("info"))
        operations = tuple(self._build_operations(spec))
        models = tuple(sorted(self.schemas.models.values(), key=lambda m: m.name))
        enums = tuple(sorted(self.schemas.enums.values(), key=lambda e: e.name))
        return ir.Api(
            title=text(info.get("title")) or self.package,
            version=text(info.get("version")),
            description=text(info.get("description")),
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
                    avoid(python_name(name), _RESERVED_SERVER_VARIABLES)
                ),
                default=text(spec.get("default")),
                choices=tuple(text(c) for c in spec.get("enum", ()) if c is not None),
                description=text(spec.get("description")),
            )
            for name, spec in mapping(server.get("variables")).items()
            if isinstance(spec, dict)
        )
        return ir.Server(
            text(server.get("url")), text(server.get("description")), variables
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
        for path, path_item in mapping(spec.get("paths")).items():
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
                        tags=[text(t) for t in tags] if isinstance(tags, list) else [],
                    )

    def _renamed(self, name: str) -> str:
        return self.renames.get(name) or name

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
            summary=text(operation.get("summary")),
            description=text(operation.get("description")),
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
                    found[(param["name"], text(param.get("in")))] = (param, pointer)

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
            type_ref, _ = self.schemas.type_of(
                param.get("schema", {}), join_pointer(pointer, "schema"), json_name
            )
            result.append(
                ir.Parameter(
                    json_name=json_name,
                    python_name=names.claim(
                        avoid(
                            python_name(json_name, fallback="param"),
                            _RESERVED_PARAMETERS,
                        )
                    ),
                    location=location,
                    type=type_ref,
                    required=location == "path" or param.get("required") is True,
                    description=text(param.get("description")),
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
        content = mapping(body.get("content") if isinstance(body, dict) else None)
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
            type_ref = ir.TypeRef(ir.Kind.DICT, item=ir.TypeRef(ir.Kind.ANY))
        return ir.Body(
            type=type_ref,
            media_type=media_type,
            encoding=encoding,
            required=body.get("required") is True,
            description=text(body.get("description")),
        )

    def _build_responses(
        self, raw: Any, pointer: str, operation_name: str
    ) -> tuple[ir.Response, ...]:
        result = []
        for status, response in mapping(raw).items():
            status_pointer = join_pointer(pointer, str(status))
            response, status_pointer = resolve_ref(
                self.document, response, status_pointer
            )
            response = mapping(response)
            content = mapping(response.get("content"))
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
                    description=text(response.get("description")),
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
        schema = mapping(content[media_type]).get("schema", {})
        schema_pointer = join_pointer(pointer, "content", media_type, "schema")
        type_ref, _ = self.schemas.type_of(schema, schema_pointer, name_hint)
        return type_ref

    # -- schemas ---------------------------------------------------------


def _operation_name(method: str, path: str, operation: dict[str, Any]) -> str:
    for key in ("operationId", "summary"):
        name = text(operation.get(key))
        if split_words(name):
            return python_name(name, fallback="call")
    return python_name(f"{method} {path}", fallback="call")
