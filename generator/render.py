"""Render stage: turn the intermediate model into the text of every output file.

`render_api` returns a plan, a mapping of relative path to file text; it never
touches the disk (the write stage does) and never formats (the format stage
does). Templates live in the top-level `templates/` folder and read only the
view objects built here; every piece of spec text reaches them through the
filters of `jinja_env.py`, so none of it can become code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import ir, pytypes
from .jinja_env import make_environment
from .media import Encoding

__all__ = ["render_api"]

_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


@dataclass(frozen=True, slots=True)
class FieldView:
    python_name: str
    json_name: str
    annotation: str
    required: bool
    from_expr: str
    to_expr: str
    description: str
    read_only: bool


@dataclass(frozen=True, slots=True)
class ModelView:
    name: str
    description: str
    fields: tuple[FieldView, ...]
    omits_read_only: bool


@dataclass(frozen=True, slots=True)
class EnumView:
    name: str
    description: str
    members: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ModuleView:
    """One generated module: its imports and the models, enums or operations in it."""

    name: str
    stdlib_imports: tuple[str, ...]
    local_imports: tuple[str, ...]
    models: tuple[ModelView, ...] = ()
    operations: tuple[OperationView, ...] = ()
    enums: tuple[EnumView, ...] = ()

    @property
    def exports(self) -> tuple[str, ...]:
        """Return the class names the module defines."""
        return tuple(e.name for e in self.enums) + tuple(m.name for m in self.models)


@dataclass(frozen=True, slots=True)
class ParameterView:
    python_name: str
    json_name: str
    location: str
    annotation: str
    required: bool
    statement: str
    description: str


@dataclass(frozen=True, slots=True)
class BranchView:
    """One success status and the statements that return its body."""

    condition: str
    statements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OperationView:
    name: str
    method: str
    path: str
    path_parts: tuple[tuple[str, str], ...]
    summary: str
    description: str
    parameters: tuple[ParameterView, ...]
    body_annotation: str | None
    body_arguments: tuple[str, ...]
    body_description: str
    branches: tuple[BranchView, ...]
    success_statuses: str
    return_annotation: str
    return_description: str
    decodes_json: bool
    accept: str


def render_api(api: ir.Api, *, templates: Path | None = None) -> dict[str, str]:
    """Return {relative path: text} for every file of the generated project."""
    env = make_environment(templates)
    package = api.package
    read_only = _read_only_closure(api.models)
    model_modules = _model_modules(api.models, api.enums, read_only)
    api_modules = _api_modules(api, read_only)
    context = {
        "api": api,
        "package": package,
        "project_name": package.replace("_", "-"),
        "version": api.version if _PEP440.match(api.version) else "0.1.0",
        "model_modules": model_modules,
        "api_modules": api_modules,
        "example": _usage_example(api),
    }

    def render(template: str, **extra: object) -> str:
        return env.get_template(template).render(**context, **extra)

    plan = {
        "pyproject.toml": render("pyproject.toml.jinja"),
        "README.md": render("README.md.jinja"),
        f"{package}/__init__.py": render("package_init.py.jinja"),
        f"{package}/py.typed": "",
        f"{package}/_runtime.py": render("runtime.py.jinja"),
        f"{package}/errors.py": render("errors.py.jinja"),
        f"{package}/client.py": render("client.py.jinja"),
        f"{package}/models/__init__.py": render("models_init.py.jinja"),
        f"{package}/api/__init__.py": render("api_init.py.jinja"),
    }
    for module in model_modules:
        plan[f"{package}/models/{module.name}.py"] = render(
            "model.py.jinja", module=module
        )
    for module in api_modules:
        plan[f"{package}/api/{module.name}.py"] = render(
            "api_module.py.jinja", module=module
        )
    return dict(sorted(plan.items()))


# -- models --------------------------------------------------------------


def _model_modules(
    models: tuple[ir.Model, ...], enums: tuple[ir.Enum, ...], read_only: set[str]
) -> tuple[ModuleView, ...]:
    by_name = {model.name: model for model in models}
    home = {enum.name: enum.module for enum in enums}
    groups = []
    # Models that refer to each other in a cycle share a module, so no import
    # cycle exists at run time; all others get a module of their own.
    for group in _strongly_connected(by_name):
        members = sorted(group)
        module = by_name[members[0]].module
        groups.append((module, [by_name[name] for name in members]))
        home.update((name, module) for name in members)
    views = [
        _model_module(module, members, home, read_only) for module, members in groups
    ]
    views += [_enum_module(enum) for enum in enums]
    return tuple(sorted(views, key=lambda view: view.name))


def _enum_module(enum: ir.Enum) -> ModuleView:
    members = tuple((m.python_name, repr(m.value)) for m in enum.members)
    return ModuleView(
        name=enum.module,
        stdlib_imports=(),
        local_imports=("from .._runtime import OpenEnum",),
        enums=(EnumView(enum.name, enum.description, members),),
    )


def _model_module(
    module: str, models: list[ir.Model], home: dict[str, str], read_only: set[str]
) -> ModuleView:
    views = tuple(_model_view(model, read_only) for model in models)
    imported: dict[str, set[str]] = {}
    for model in models:
        for model_field in model.fields:
            for other in model_field.type.models():
                if home[other] != module:
                    imported.setdefault(home[other], set()).add(other)

    code = [
        f"{f.annotation} {f.from_expr} {f.to_expr}" for v in views for f in v.fields
    ]
    names = _identifiers(code) | {"dataclass", "field", "Mapping", "ClassVar", "Any"}
    if any(not f.required for v in views for f in v.fields):
        names.add("UNSET")
    local = _runtime_import(names)
    local += [f"from .{mod} import {_join(imported[mod])}" for mod in sorted(imported)]
    return ModuleView(
        name=module,
        stdlib_imports=_stdlib_imports(names),
        local_imports=tuple(local),
        models=views,
    )


def _model_view(model: ir.Model, read_only: set[str]) -> ModelView:
    fields = tuple(_field_view(f, read_only) for f in model.fields)
    # Required fields first keeps the dataclass readable; order is otherwise the
    # spec's.
    fields = tuple(sorted(fields, key=lambda f: not f.required))
    return ModelView(model.name, model.description, fields, model.name in read_only)


def _field_view(model_field: ir.Field, read_only: set[str]) -> FieldView:
    annotation = pytypes.annotation(model_field.type)
    if model_field.nullable:
        annotation += " | None"
    key = repr(model_field.json_name)
    if model_field.required:
        value = f"data[{key}]"
    else:
        annotation += " | Unset"
        value = f"data.get({key}, UNSET)"
    parse = pytypes.parser(model_field.type)
    attribute = f"self.{model_field.python_name}"
    to_expr = attribute
    if set(model_field.type.models()) & read_only:
        to_expr = f"dump({attribute}, omit_read_only=omit_read_only)"
    elif pytypes.needs_dump(model_field.type):
        to_expr = f"dump({attribute})"
    return FieldView(
        python_name=model_field.python_name,
        json_name=model_field.json_name,
        annotation=annotation,
        required=model_field.required,
        from_expr=f"convert({value}, {parse})" if parse else value,
        to_expr=to_expr,
        description=model_field.description,
        read_only=model_field.read_only,
    )


def _read_only_closure(models: tuple[ir.Model, ...]) -> set[str]:
    """Return the models that hold a read-only field, directly or in a field."""
    found = {m.name for m in models if any(f.read_only for f in m.fields)}
    changed = True
    while changed:
        changed = False
        for model in models:
            if model.name in found:
                continue
            if any(set(f.type.models()) & found for f in model.fields):
                found.add(model.name)
                changed = True
    return found


def _strongly_connected(models: dict[str, ir.Model]) -> list[list[str]]:
    """Return the groups of models that refer to each other (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for model_field in models[name].fields:
            for other in model_field.type.models():
                if other not in models:
                    continue
                if other not in index:
                    visit(other)
                    low[name] = min(low[name], low[other])
                elif other in on_stack:
                    low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == name:
                    break
            groups.append(group)

    for name in sorted(models):
        if name not in index:
            visit(name)
    return groups


# -- operations ----------------------------------------------------------


def _api_modules(api: ir.Api, read_only: set[str]) -> tuple[ModuleView, ...]:
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

    names = _identifiers(_code_of(view) for view in views)
    local = [
        *_runtime_import(names),
        "from ..client import Client",
        "from ..errors import UnexpectedStatus",
    ]
    if models:
        local.append(f"from ..models import {_join(models)}")
    return ModuleView(
        name=module,
        stdlib_imports=_stdlib_imports(names),
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


def _identifiers(fragments: Iterable[str]) -> set[str]:
    return set(re.findall(r"[A-Za-z_]\w*", "\n".join(fragments)))


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


def _parameter_helpers(parameter: ir.Parameter) -> set[str]:
    statement = _parameter_statement(parameter)
    return {h for h in ("format_text", "flatten_query") if f"{h}(" in statement}


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


# -- README --------------------------------------------------------------

_EXAMPLE_VALUES = {
    ir.Kind.INT: "1",
    ir.Kind.FLOAT: "1.0",
    ir.Kind.BOOL: "True",
    ir.Kind.STR: '"text"',
}


def _usage_example(api: ir.Api) -> str:
    """Return a short script calling the first operation, for the README."""
    package = api.package
    imports = [f"from {package} import Client" + (", server_url" if api.server else "")]
    base_url = '"https://api.example.com"'
    if api.server:
        variables = (
            f"{v.python_name}={json.dumps(v.default)}" for v in api.server.variables
        )
        base_url = f"server_url({', '.join(variables)})"
    setup = [f"base_url = {base_url}"]
    if not api.operations:
        return "\n".join([*imports, "", *setup])

    operation = api.operations[0]
    imports.append(
        f"from {package}.api.{operation.module} import {operation.python_name}"
    )
    arguments = ["client"]
    body = operation.body
    if body is not None and body.type.kind is ir.Kind.MODEL:
        model = next(m for m in api.models if m.name == body.type.model)
        imports.append(f"from {package}.models import {model.name}")
        setup.append(f"body = {model.name}({_example_fields(model)})")
        arguments.append("body=body")
    for parameter in operation.parameters:
        if parameter.required:
            value = _EXAMPLE_VALUES.get(parameter.type.kind, "...")
            arguments.append(f"{parameter.python_name}={value}")
    call = f"{operation.python_name}({', '.join(arguments)})"
    return "\n".join(
        [
            *imports,
            "",
            *setup,
            'with Client(base_url, token="<access token>") as client:',
            f"    result = {call}",
            "    print(result)",
        ]
    )


def _example_fields(model: ir.Model) -> str:
    simple = [f for f in model.fields if f.type.kind in _EXAMPLE_VALUES]
    chosen = [f for f in model.fields if f.required] or simple[:3]
    return ", ".join(
        f"{f.python_name}={_EXAMPLE_VALUES.get(f.type.kind, '...')}" for f in chosen
    )


# -- imports -------------------------------------------------------------

_RUNTIME_NAMES = frozenset(
    {
        "UNSET",
        "Unset",
        "convert",
        "decode_json",
        "dict_of",
        "dump",
        "flatten_query",
        "format_path_value",
        "format_text",
        "list_of",
        "decode_json_or_text",
        "form_fields",
        "multipart_files",
        "OpenEnum",
        "optional",
        "parse_date",
        "parse_datetime",
    }
)
_STDLIB = (
    ("collections.abc", ("Mapping",)),
    ("dataclasses", ("dataclass", "field")),
    ("datetime", ("date", "datetime")),
    ("typing", ("Any", "ClassVar")),
)


def _runtime_import(names: set[str]) -> list[str]:
    used = names & _RUNTIME_NAMES
    return [f"from .._runtime import {_join(used)}"] if used else []


def _stdlib_imports(names: set[str]) -> tuple[str, ...]:
    lines = []
    for module, offered in _STDLIB:
        used = [name for name in offered if name in names]
        if used:
            lines.append(f"from {module} import {_join(used)}")
    return tuple(lines)


def _join(names: Iterable[str]) -> str:
    """Join imported names in isort's order: constants, classes, then functions."""

    def key(name: str) -> tuple[int, str]:
        rank = 0 if name.isupper() else 1 if name[0].isupper() else 2
        return rank, name

    return ", ".join(sorted(set(names), key=key))
