"""Render stage, operations: views of the generated API modules and error classes.

Each operation becomes a function that returns a `Call`; its view holds the
keyword arguments of that `Call` as ready-made Python: where each parameter
goes, the expression that carries the body, the reader of each success
status and the error class and reader of each declared error body. Names in
these fragments come from the intermediate model, keys from the spec go
through `repr`, so no spec text becomes code.
"""

from __future__ import annotations

import re
from http import HTTPStatus

from . import ir, pytypes
from .literals import literal
from .media import Encoding
from .names import NameRegistry
from .views import (
    ErrorView,
    ModuleView,
    OperationView,
    ParameterView,
    bracketed,
    identifiers,
    import_line,
    runtime_import,
    stdlib_imports,
)

__all__ = ["FIXED_ERRORS", "api_modules", "error_classes"]

CALL_NAMES = frozenset(
    {
        "Call",
        "comma_separated",
        "flatten_query",
        "form_fields",
        "multipart_files",
        "operation",
        "read_bytes",
        "read_json",
        "read_json_or_text",
        "read_nothing",
        "read_text",
    }
)
# Classes errors.py always defines.
FIXED_ERRORS = frozenset(
    {"ApiError", "UnexpectedStatus", "DecodeError", "InvalidJson", "InvalidField"}
    | {"UnexpectedContentType"}
)
_RANGE_ERRORS = {"4XX": "ClientError", "5XX": "ServerError"}


def error_classes(api: ir.Api) -> dict[str, str]:
    """Return {status: class name} of the error statuses some operation gives a body.

    Names come from the reason phrase (`404` -> `NotFoundError`); a name a
    model already has gets a number.
    """
    statuses = sorted(
        {
            r.status.upper()
            for op in api.operations
            for r in _error_responses(op)
            if _error_name(r.status) is not None
        },
        key=lambda s: (s.replace("X", "0"), s),
    )
    names = NameRegistry({m.name for m in api.models} | {e.name for e in api.enums})
    for fixed in FIXED_ERRORS:
        names.claim(fixed)
    return {status: names.claim(_error_name(status) or "") for status in statuses}


def error_phrase(status: str) -> str:
    """Return the reason phrase of a status, or the class of a range."""
    if status.isdigit():
        try:
            return HTTPStatus(int(status)).phrase
        except ValueError:
            return ""
    return "client error" if status.startswith("4") else "server error"


def _error_name(status: str) -> str | None:
    status = status.upper()
    if status in _RANGE_ERRORS:
        return _RANGE_ERRORS[status]
    if not (status.isdigit() and status[0] in "45"):
        return None
    words = re.findall(r"[A-Za-z0-9]+", error_phrase(status))
    name = "".join(w[0].upper() + w[1:].lower() for w in words) or f"Status{status}"
    return name if name.endswith("Error") else f"{name}Error"


def api_modules(
    api: ir.Api, read_only: set[str], *, runtime: str = ".."
) -> tuple[ModuleView, ...]:
    """Return the view of each module of `api/`, one per tag, sorted by name.

    `runtime` is where the runtime modules are imported from (see
    `views.runtime_import`).
    """
    by_module: dict[str, list[ir.Operation]] = {}
    for operation in api.operations:
        by_module.setdefault(operation.module, []).append(operation)
    errors = error_classes(api)
    return tuple(
        _api_module(name, operations, read_only, errors, runtime)
        for name, operations in sorted(by_module.items())
    )


def _api_module(
    module: str,
    operations: list[ir.Operation],
    read_only: set[str],
    errors: dict[str, str],
    runtime: str,
) -> ModuleView:
    views = tuple(_operation_view(op, read_only, errors) for op in operations)
    models: set[str] = set()
    for operation in operations:
        types = [p.type for p in operation.parameters]
        types += [r.type for r in operation.responses if r.type]
        types += [operation.body.type] if operation.body else []
        for type_ref in types:
            models.update(type_ref.models())

    names = identifiers(_code_of(view) for view in views)
    local = [
        import_line(f"{runtime}_call", names & CALL_NAMES),
        *runtime_import(names, runtime),
    ]
    raised = {e.error_class for view in views for e in view.errors}
    if raised:
        local.append(import_line("..errors", raised))
    if models:
        local.append(import_line("..models", models))
    return ModuleView(
        name=module,
        stdlib_imports=stdlib_imports(names),
        local_imports=tuple(local),
        operations=views,
    )


def _code_of(view: OperationView) -> str:
    """Return the generated code fragments of an operation, to find its imports."""
    parts = [view.return_annotation, view.body_annotation or "", "Call", "operation"]
    parts += view.call_arguments
    for parameter in view.parameters:
        parts += [parameter.annotation, parameter.value]
    return "\n".join(parts)


def _success_responses(operation: ir.Operation) -> list[ir.Response]:
    """Return the 2xx responses, or the default one when no 2xx is declared."""
    found = [r for r in operation.responses if r.status.upper().startswith("2")]
    return found or [r for r in operation.responses if r.status == "default"]


def _error_responses(operation: ir.Operation) -> list[ir.Response]:
    """Return the declared non-success responses that carry a body."""
    successes = _success_responses(operation)
    return [r for r in operation.responses if r not in successes and r.type]


def _operation_view(
    operation: ir.Operation, read_only: set[str], errors: dict[str, str]
) -> OperationView:
    successes = _success_responses(operation)
    annotations = [_response_annotation(r) for r in successes] or ["None"]
    body = operation.body
    parameters = sorted(
        (_parameter_view(p) for p in operation.parameters), key=lambda p: not p.required
    )
    error_views = tuple(
        ErrorView(
            r.status,
            errors.get(r.status.upper(), "UnexpectedStatus"),
            _response_annotation(r),
        )
        for r in _error_responses(operation)
    )
    return OperationView(
        name=operation.python_name,
        method=operation.method,
        path=operation.path,
        summary=operation.summary,
        description=operation.description,
        parameters=tuple(parameters),
        body_annotation=pytypes.annotation(body.type) if body else None,
        body_description=body.description if body else "",
        call_arguments=_call_arguments(operation, parameters, read_only, errors),
        errors=error_views,
        success_statuses=", ".join(r.status for r in successes) or "2xx",
        return_annotation=" | ".join(dict.fromkeys(annotations)),
        return_description=successes[0].description if successes else "",
        decodes_json=any(r.encoding is Encoding.JSON for r in successes),
    )


def _call_arguments(
    operation: ir.Operation,
    parameters: list[ParameterView],
    read_only: set[str],
    errors: dict[str, str],
) -> tuple[str, ...]:
    """Return the keyword arguments of the operation's `Call`, in a fixed order."""
    arguments = []
    places = (("path", "path_params"), ("query", "params"), ("header", "headers"))
    for place, keyword in places:
        entries = [
            f"{literal(p.json_name)}: {p.value}"
            for p in parameters
            if p.location == place
        ]
        if entries:
            arguments.append(_argument(f"{keyword}={{", entries, "}"))
    if operation.body is not None:
        arguments += _body_arguments(operation.body, read_only)

    successes = _success_responses(operation)
    media_types = (m for r in successes for m in r.media_types)
    accept = ", ".join(dict.fromkeys(media_types)) or "*/*"
    arguments.append(f"accept={literal(accept)}")
    readers = [f"{_status_key(r.status)}: {_reader(r)}" for r in successes]
    readers = readers or [f"{literal('2XX')}: read_nothing"]
    arguments.append(_argument("ok={", readers, "}"))
    declared = [
        f"{_status_key(r.status)}: "
        f"({errors.get(r.status.upper(), 'UnexpectedStatus')}, {_reader(r)})"
        for r in _error_responses(operation)
    ]
    if declared:
        arguments.append(_argument("errors={", declared, "}"))
    if operation.security is not None:
        arguments.append(f"security={literal(operation.security)}")
    return tuple(arguments)


def _argument(opening: str, items: list[str], closing: str) -> str:
    """Return a keyword argument of `Call(...)`, split as black would split it."""
    return bracketed(opening, items, closing, indent=8, after=",")


def _status_key(status: str) -> str:
    return (
        status
        if status.isdigit()
        else literal(status.upper() if status != "default" else status)
    )


def _response_annotation(response: ir.Response) -> str:
    return pytypes.annotation(response.type) if response.type else "None"


def _reader(response: ir.Response) -> str:
    """Return the expression that reads a response's body as its declared type."""
    type_ref = response.type
    if type_ref is None:
        return "read_nothing"
    if response.encoding is Encoding.TEXT:
        return "read_text"
    if response.encoding is Encoding.BYTES:
        return "read_bytes"
    parse = pytypes.parser(type_ref)
    if parse is not None:
        return f"read_json({parse})"
    # A string may come unquoted, as plain text.
    return "read_json_or_text" if type_ref.kind is ir.Kind.STR else "read_json()"


def _body_arguments(body: ir.Body, read_only: set[str]) -> tuple[str, ...]:
    """Return the keyword arguments of the `Call` that carry the body."""
    if body.encoding is Encoding.FORM:
        return ("data=form_fields(body)",)
    if body.encoding is Encoding.MULTIPART:
        return ("files=multipart_files(body)",)
    if body.encoding in (Encoding.TEXT, Encoding.BYTES):
        return ("content=body", f"content_type={literal(body.media_type)}")
    omit = bool(set(body.type.models()) & read_only)
    flag = "omit_read_only=True" if omit else ""
    if body.type.kind is ir.Kind.MODEL:
        return (f"json=body.to_dict({flag})",)
    if pytypes.needs_dump(body.type):
        return (f"json=dump(body, {flag})" if omit else "json=dump(body)",)
    return ("json=body",)


def _parameter_view(parameter: ir.Parameter) -> ParameterView:
    annotation = pytypes.annotation(parameter.type)
    return ParameterView(
        python_name=parameter.python_name,
        json_name=parameter.json_name,
        location=parameter.location,
        annotation=annotation if parameter.required else f"{annotation} | None",
        required=parameter.required,
        value=_parameter_value(parameter),
        description=parameter.description,
    )


_OBJECT_KINDS = frozenset({ir.Kind.MODEL, ir.Kind.DICT})


def _parameter_value(parameter: ir.Parameter) -> str:
    """Return the expression whose value the `Call` formats for a parameter.

    Scalars, enums, dates and exploded lists go as they are (the runtime
    writes them as text); objects are spread into their fields, and lists
    that are not exploded are joined with commas.
    """
    name, kind, item = parameter.python_name, parameter.type.kind, parameter.type.item
    if parameter.location != "query":
        return name
    if kind in _OBJECT_KINDS or (item is not None and item.kind in _OBJECT_KINDS):
        return f"flatten_query({literal(parameter.json_name)}, {name})"
    if kind is ir.Kind.LIST and not parameter.explode:
        return f"comma_separated({name})"
    return name
