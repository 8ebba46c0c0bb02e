"""Render stage, operations: views of the generated API modules.

Each operation becomes a function; its view holds the parameter statements,
the keyword arguments that carry the body, and one branch per success status
with the statements that decode and return the response.
"""

from __future__ import annotations

import re

from . import ir, pytypes
from .media import Encoding
from .views import (
    BranchView,
    ModuleView,
    OperationView,
    ParameterView,
    identifiers,
    join,
    runtime_import,
    stdlib_imports,
)

__all__ = ["api_modules"]


def api_modules(api: ir.Api, read_only: set[str]) -> tuple[ModuleView, ...]:
    by_module: dict[str, list[ir.Operation]] = {}
    for operation in api.operations:
        by_module.setdefault(operation.module, []).append(operation)
    return tuple(
        _api_module(name, operations, read_only)
        for name, operations in sorted(by_module.items())
    )


def _api_module(
    module: str, operations: list[ir.Operation], read_only: set[str]
) -> ModuleView:
    views = tuple(_operation_view(op, read_only) for op in operations)
    models: set[str] = set()
    for operation in operations:
        types = [p.type for p in operation.parameters]
        types += [r.type for r in _success_responses(operation) if r.type]
        types += [operation.body.type] if operation.body else []
        for type_ref in types:
            models.update(type_ref.models())

    names = identifiers(_code_of(view) for view in views)
    local = [
        *runtime_import(names),
        "from ..client import Client",
        "from ..errors import UnexpectedStatus",
    ]
    if models:
        local.append(f"from ..models import {join(models)}")
    return ModuleView(
        name=module,
        stdlib_imports=stdlib_imports(names),
        local_imports=tuple(local),
        operations=views,
    )


def _code_of(view: OperationView) -> str:
    """Return the generated code fragments of an operation, to find its imports."""
    parts = [view.return_annotation, view.body_annotation or "", *view.body_arguments]
    for parameter in view.parameters:
        parts += [parameter.annotation, parameter.statement]
    if any(p.location in ("query", "header") for p in view.parameters):
        parts.append("Any")
    for branch in view.branches:
        parts += branch.statements
    if any(kind == "param" for kind, _ in view.path_parts):
        parts.append("format_path_value")
    return "\n".join(parts)


def _success_responses(operation: ir.Operation) -> list[ir.Response]:
    """Return the 2xx responses, or the default one when no 2xx is declared."""
    found = [r for r in operation.responses if r.status.upper().startswith("2")]
    return found or [r for r in operation.responses if r.status == "default"]


def _operation_view(operation: ir.Operation, read_only: set[str]) -> OperationView:
    successes = _success_responses(operation)
    annotations = [_response_annotation(r) for r in successes] or ["None"]
    return_annotation = " | ".join(dict.fromkeys(annotations))
    branches = [_branch(r, return_annotation) for r in successes]
    body = operation.body
    parameters = sorted(
        (_parameter_view(p) for p in operation.parameters), key=lambda p: not p.required
    )
    media_types = (m for r in successes for m in r.media_types)
    return OperationView(
        name=operation.python_name,
        method=operation.method,
        path=operation.path,
        path_parts=_path_parts(operation),
        summary=operation.summary,
        description=operation.description,
        parameters=tuple(parameters),
        body_annotation=pytypes.annotation(body.type) if body else None,
        body_arguments=_body_arguments(body, read_only) if body else (),
        body_description=body.description if body else "",
        branches=tuple(branches) or (BranchView("response.is_success", ("return",)),),
        success_statuses=", ".join(r.status for r in successes) or "2xx",
        return_annotation=return_annotation,
        return_description=successes[0].description if successes else "",
        decodes_json=any(r.encoding is Encoding.JSON for r in successes),
        accept=", ".join(dict.fromkeys(media_types)) or "*/*",
    )


def _response_annotation(response: ir.Response) -> str:
    return pytypes.annotation(response.type) if response.type else "None"


def _branch(response: ir.Response, returns: str) -> BranchView:
    status = response.status
    if status.isdigit():
        condition = f"response.status_code == {int(status)}"
    else:
        condition = "response.is_success"
    return BranchView(condition, _return_statements(response, returns))


def _return_statements(response: ir.Response, returns: str) -> tuple[str, ...]:
    type_ref = response.type
    if type_ref is None:
        return ("return" if returns == "None" else "return None",)
    if response.encoding is Encoding.TEXT:
        return ("return response.text",)
    if response.encoding is Encoding.BYTES:
        return ("return response.content",)
    parse = pytypes.parser(type_ref)
    if parse is not None:
        return (f"return {parse}(decode_json(response))",)
    # Assigned to an annotated name rather than cast: the decoded JSON is
    # trusted to have the declared type, and mypy checks the rest. A string
    # may come unquoted, as plain text.
    decode = "decode_json_or_text" if type_ref.kind is ir.Kind.STR else "decode_json"
    annotation = pytypes.annotation(type_ref)
    return (f"result: {annotation} = {decode}(response)", "return result")


def _body_arguments(body: ir.Body, read_only: set[str]) -> tuple[str, ...]:
    """Return the keyword arguments of `client.request` that carry the body."""
    if body.encoding is Encoding.FORM:
        return ("data=form_fields(body)",)
    if body.encoding is Encoding.MULTIPART:
        return ("files=multipart_files(body)",)
    if body.encoding in (Encoding.TEXT, Encoding.BYTES):
        return ("content=body", f"content_type={body.media_type!r}")
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
        statement=_parameter_statement(parameter),
        description=parameter.description,
    )


_PASSED_AS_IS = frozenset(
    {ir.Kind.STR, ir.Kind.INT, ir.Kind.FLOAT, ir.Kind.BOOL, ir.Kind.ANY}
)
_OBJECT_KINDS = frozenset({ir.Kind.MODEL, ir.Kind.DICT})


def _parameter_statement(parameter: ir.Parameter) -> str:
    """Return the statement that puts a parameter's value in `params` or `headers`."""
    name, key, kind = (
        parameter.python_name,
        repr(parameter.json_name),
        parameter.type.kind,
    )
    if parameter.location == "header":
        value = name if kind is ir.Kind.STR else f"format_text({name})"
        return f"headers[{key}] = {value}"
    item = parameter.type.item
    if kind in _OBJECT_KINDS or (item is not None and item.kind in _OBJECT_KINDS):
        return f"params.update(flatten_query({key}, {name}))"
    if kind is ir.Kind.LIST and parameter.explode:
        assert item is not None
        items_as_is = item.kind in _PASSED_AS_IS
        return f"params[{key}] = " + (
            name if items_as_is else f"[format_text(v) for v in {name}]"
        )
    value = name if kind in _PASSED_AS_IS else f"format_text({name})"
    return f"params[{key}] = {value}"


def _path_parts(operation: ir.Operation) -> tuple[tuple[str, str], ...]:
    """Split the path template into ("text", literal) and ("param", name) parts."""
    by_json = {
        p.json_name: p.python_name for p in operation.parameters if p.location == "path"
    }
    parts: list[tuple[str, str]] = []
    for piece in re.split(r"(\{[^{}]*\})", operation.path):
        name = piece[1:-1] if piece.startswith("{") and piece.endswith("}") else None
        if name is not None and name in by_json:
            parts.append(("param", by_json[name]))
        elif piece:
            parts.append(("text", piece))
    return tuple(parts)
