"""Build stage: turn a loaded spec into the intermediate model (`ir.Api`).

This is the only module that reads raw OpenAPI keys (`paths`, `$ref`,
`nullable`, `allOf`, ...). What breaks the OpenAPI rules (a missing required
field, a value of the wrong JSON type, a `$ref` to nothing) is an error and
what is valid but not generated is a warning; either way it goes on with a
fallback, so one run reports every problem, and raises `SpecError` at the end
if there were errors. It renders and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from . import ir
from .checks import (
    BODY_RULES,
    OPERATION_RULES,
    PARAMETER_RULES,
    RESPONSE_RULES,
    SERVER_RULES,
    SERVER_VARIABLE_RULES,
    Reporter,
    check_document,
    kind_of,
)
from .diagnostics import Diagnostics, SpecError
from .load import Document
from .media import Encoding, choose_media_type, decodable_media_types
from .names import NameRegistry, module_name, python_name, split_words
from .records import record
from .refs import join_pointer
from .schemas import (
    DEFAULT_SECRET_NAMES,
    Renames,
    SchemaBuilder,
    avoid,
    mapping,
    text,
)
from .security import build_requirements, build_security_schemes
from .select import Selector, parse_selector

__all__ = ["DEFAULT_SECRET_NAMES", "build_api"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Names a generated API module uses at module level: the runtime helpers its
# functions call and the types their annotations and parsers mention. An
# operation function of the same name would shadow them.
_RESERVED_FUNCTIONS = frozenset(
    {"decode_json", "decode_json_or_text", "dump", "flatten_query", "form_fields"}
    | {"format_path_value", "format_text", "multipart_files", "convert", "optional"}
    | {"list_of", "dict_of", "union_of", "parse_date", "parse_datetime"}
    | {"dict", "list", "str", "int", "float", "bool", "bytes", "tuple", "object"}
    | {"date", "datetime"}
    | {"operation", "read_json", "read_json_or_text", "read_text", "read_bytes"}
    | {"read_nothing", "comma_separated"}
)
# A parameter must not shadow those in its function's body, nor its locals,
# nor take the name of a module it would seem to import (`field`).
_RESERVED_PARAMETERS = _RESERVED_FUNCTIONS | frozenset(
    {"client", "body", "params", "headers", "response", "result"}
    | {"dataclass", "field"}
)
# Locals of the generated `server_url` function.
_RESERVED_SERVER_VARIABLES = frozenset({"url", "values", "name", "value", "choices"})
_PARAMETER_PLACES = ("path", "query", "header", "cookie")
# A status code, a range such as 2XX, or `default`.
_STATUS = re.compile(r"^(default|[1-5]([0-9][0-9]|XX))$", re.IGNORECASE)


def build_api(
    document: Document,
    *,
    package: str,
    diagnostics: Diagnostics,
    include: tuple[str, ...] = (),
    renames: tuple[tuple[str, str], ...] = (),
    secret_names: tuple[str, ...] = DEFAULT_SECRET_NAMES,
    partial: bool = False,
) -> ir.Api:
    """Return the intermediate model of `document`'s operations and schemas.

    `include` selects operations (see `generator.select`); `renames` maps
    generated operation names and schema names to the names to use instead.
    `secret_names` are the property names of credentials, which generated
    reprs leave out (compared without case, `_` or `-`); to add names, pass
    `DEFAULT_SECRET_NAMES + (...)`. Errors raise `SpecError` once everything
    is built, unless `partial`: then the model is returned as far as it goes.
    """
    names = Renames(renames)
    builder = _ApiBuilder(
        document,
        package=package,
        diagnostics=diagnostics,
        selectors=[parse_selector(entry) for entry in include],
        renames=names,
        secret_names=secret_names,
    )
    api = builder.build()
    for name in sorted(names.unused):
        diagnostics.warning(
            "rename-no-match",
            f"rename {name!r} matches no generated operation or schema name",
            document.location(""),
        )
    if diagnostics.errors and not partial:
        raise SpecError()
    return api


@record
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
        secret_names: tuple[str, ...],
    ) -> None:
        self.document = document
        self.package = package
        self.diagnostics = diagnostics
        self.selectors = selectors
        self.used_selectors: set[Selector] = set()
        self.renames = renames
        self.report = Reporter(document, diagnostics)
        self.schemas = SchemaBuilder(
            document, report=self.report, renames=renames, secret_names=secret_names
        )
        self.module_names = NameRegistry({"api", "models", "client", "errors", "types"})
        # OpenAPI 3.0 requires `responses`; 3.1 made them optional.
        self.is_openapi_30 = True
        self.security_schemes: tuple[ir.SecurityScheme, ...] = ()
        self.security: ir.Security = ()

    def build(self) -> ir.Api:
        spec = self.document.data
        self.is_openapi_30 = check_document(self.report, spec)
        info = mapping(spec.get("info"))
        self.security_schemes = build_security_schemes(spec)
        self.security = build_requirements(spec.get("security"), self.security_schemes)
        operations = tuple(self._build_operations(spec))
        if not self.selectors:
            self._build_other_schemas(spec)
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
            security_schemes=self.security_schemes,
            security=self.security,
        )

    def _build_other_schemas(self, spec: dict[str, Any]) -> None:
        """Type the component schemas no operation reached, in document order.

        Every schema of the document becomes its model or enum (and has its
        faults reported), as a reader of the spec expects; names already
        given to the ones operations use do not change. A selection
        (`--include`) keeps only what the selected operations need.
        """
        components = mapping(spec.get("components"))
        for name in mapping(components.get("schemas")):
            pointer = join_pointer("/components/schemas", name)
            # Typed as a $ref to it, so each schema is typed once however
            # it is reached.
            self.schemas.type_of({"$ref": "#" + pointer}, pointer, str(name))

    # -- document --------------------------------------------------------

    def _warn(self, pointer: str, code: str, message: str) -> None:
        self.report.warning(pointer, code, message)

    def _build_server(self, servers: Any) -> ir.Server | None:
        """Return the first server, whose URL becomes the default base URL."""
        if not isinstance(servers, list) or not servers:
            return None
        server = servers[0]
        if not self.report.expect_mapping(server, "/servers/0", "a server"):
            return None
        self.report.check_object(server, "/servers/0", SERVER_RULES, "the server")
        names = NameRegistry()
        variables = []
        for name, spec in mapping(server.get("variables")).items():
            pointer = join_pointer("/servers/0/variables", name)
            if not self.report.expect_mapping(
                spec, pointer, f"server variable {name!r}"
            ):
                continue
            self.report.check_object(
                spec, pointer, SERVER_VARIABLE_RULES, "the server variable"
            )
            variables.append(
                ir.ServerVariable(
                    json_name=str(name),
                    python_name=names.claim(
                        avoid(python_name(str(name)), _RESERVED_SERVER_VARIABLES)
                    ),
                    default=text(spec.get("default")),
                    choices=tuple(text(c) for c in _list(spec.get("enum"))),
                    description=text(spec.get("description")),
                )
            )
        return ir.Server(
            text(server.get("url")), text(server.get("description")), tuple(variables)
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
            site.name = function_names.claim(
                avoid(self._renamed(original), _RESERVED_FUNCTIONS)
            )
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
            if str(path).startswith("x-"):
                continue
            if not str(path).startswith("/"):
                self.report.error(
                    path_pointer,
                    "bad-value",
                    f"path {str(path)!r} does not start with '/'; write "
                    f"'/{path}', the path relative to the server URL",
                    at_key=True,
                )
                continue
            resolved = self.report.resolve(path_item, path_pointer)
            if resolved is None:
                continue
            path_item, path_pointer = resolved
            if not self.report.expect_mapping(
                path_item, path_pointer, f"path {str(path)!r}"
            ):
                continue
            yield from self._path_sites(str(path), path_item, path_pointer)

    def _path_sites(
        self, path: str, path_item: dict[str, Any], path_pointer: str
    ) -> Iterator[_Site]:
        wanted = "a list of parameters"
        self.report.check_type(path_item, "parameters", path_pointer, list, wanted)
        for method in _METHODS:
            if method not in path_item:
                continue
            operation = path_item[method]
            pointer = join_pointer(path_pointer, method)
            if not self.report.expect_mapping(
                operation, pointer, f"the {method.upper()} operation of {path!r}"
            ):
                continue
            self.report.check_object(
                operation, pointer, OPERATION_RULES, "the operation"
            )
            if self.is_openapi_30 and "responses" not in operation:
                self.report.error(
                    pointer,
                    "missing-field",
                    f"the {method.upper()} operation of {path!r} has no "
                    "'responses', which OpenAPI 3.0 requires; add at least one, "
                    "for example '200': {description: OK}",
                )
            yield _Site(
                path=path,
                method=method,
                operation=operation,
                pointer=pointer,
                shared_parameters=path_item.get("parameters"),
                shared_pointer=join_pointer(path_pointer, "parameters"),
                tags=self._tags(operation.get("tags"), join_pointer(pointer, "tags")),
            )

    def _tags(self, tags: Any, pointer: str) -> list[str]:
        result = []
        for index, tag in enumerate(_list(tags)):
            if isinstance(tag, str):
                result.append(tag)
            else:
                self.report.error(
                    join_pointer(pointer, index),
                    "bad-type",
                    f"a tag must be a string, found {kind_of(tag)}",
                )
        return result

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
        if self.selectors and not self.used_selectors:
            # A slice of nothing would delete the whole generated API: a typo
            # must not do that, so it fails before anything is written.
            wanted = ", ".join(repr(str(s)) for s in self.selectors)
            self.diagnostics.error(
                "include-no-match",
                f"include {wanted} selects none of the {operation_count} "
                "operations in the spec, so nothing would be generated; check "
                "the spelling of the tags, operation names and paths",
                self.document.location(""),
            )
            return
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
            security=self._operation_security(operation),
        )

    def _operation_security(self, operation: dict[str, Any]) -> ir.Security | None:
        """Return the operation's requirements when they differ from the document's."""
        if "security" not in operation:
            return None
        found = build_requirements(operation["security"], self.security_schemes)
        return None if found == self.security else found

    def _build_parameters(self, *sources: tuple[Any, str]) -> tuple[ir.Parameter, ...]:
        # Operation-level parameters override path-level ones with the same name
        # and place.
        found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for parameters, list_pointer in sources:
            for index, raw in enumerate(_list(parameters)):
                checked = self._checked_parameter(
                    raw, join_pointer(list_pointer, index)
                )
                if checked is not None:
                    param, pointer = checked
                    found[(param["name"], param["in"])] = (param, pointer)

        names = NameRegistry()
        result = []
        for (json_name, location), (param, pointer) in found.items():
            if location == "cookie":
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

    def _checked_parameter(
        self, raw: Any, pointer: str
    ) -> tuple[dict[str, Any], str] | None:
        """Return a parameter and its key if it can be generated; record why not."""
        resolved = self.report.resolve(raw, pointer)
        if resolved is None:
            return None
        param, pointer = resolved
        if not self.report.expect_mapping(param, pointer, "a parameter"):
            return None
        if not self.report.check_object(
            param, pointer, PARAMETER_RULES, "the parameter"
        ):
            return None
        if param["in"] not in _PARAMETER_PLACES:
            self.report.error(
                join_pointer(pointer, "in"),
                "bad-value",
                f"parameter {param['name']!r} is in {param['in']!r}; a parameter "
                "is in path, query, header or cookie (a body is a requestBody)",
            )
            return None
        return param, pointer

    def _build_body(
        self, raw: Any, pointer: str, operation_name: str
    ) -> ir.Body | None:
        if raw is None:
            return None
        resolved = self.report.resolve(raw, pointer)
        if resolved is None:
            return None
        body, pointer = resolved
        if not self.report.expect_mapping(body, pointer, "a request body"):
            return None
        self.report.check_object(body, pointer, BODY_RULES, "the request body")
        content = mapping(body.get("content"))
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
        for status, raw_response in mapping(raw).items():
            status_pointer = join_pointer(pointer, str(status))
            checked = self._checked_response(str(status), raw_response, status_pointer)
            if checked is None:
                continue
            response, status_pointer = checked
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
                    media_types=decodable_media_types(content, encoding),
                    type=type_ref,
                    encoding=encoding,
                )
            )
        return tuple(result)

    def _checked_response(
        self, status: str, raw: Any, pointer: str
    ) -> tuple[dict[str, Any], str] | None:
        """Return a response and its key if it can be generated; record why not."""
        if status.startswith("x-"):
            return None
        if not _STATUS.match(status):
            self.report.error(
                pointer,
                "bad-value",
                f"response status {status!r} is not a status code; use a code "
                "such as '200', a range such as '2XX', or 'default'",
                at_key=True,
            )
            return None
        resolved = self.report.resolve(raw, pointer)
        if resolved is None:
            return None
        response, pointer = resolved
        if not self.report.expect_mapping(response, pointer, f"response {status!r}"):
            return None
        self.report.check_object(response, pointer, RESPONSE_RULES, "the response")
        return response, pointer

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
        entry = content[media_type]
        entry_pointer = join_pointer(pointer, "content", media_type)
        if not self.report.expect_mapping(
            entry, entry_pointer, f"media type {media_type!r}"
        ):
            return ir.TypeRef(ir.Kind.ANY)
        schema = entry.get("schema", {})
        schema_pointer = join_pointer(entry_pointer, "schema")
        type_ref, _ = self.schemas.type_of(schema, schema_pointer, name_hint)
        return type_ref

    # -- schemas ---------------------------------------------------------


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _operation_name(method: str, path: str, operation: dict[str, Any]) -> str:
    for key in ("operationId", "summary"):
        name = text(operation.get(key))
        if split_words(name):
            return python_name(name, fallback="call")
    return python_name(f"{method} {path}", fallback="call")
