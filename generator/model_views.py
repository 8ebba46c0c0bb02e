"""Render stage, models: views of the generated model and enum modules.

Models that refer to each other in a cycle share a module (so imports never
cycle); every other model and every enum gets a module of its own. Fields
carry their annotation; a model carries the class tables the runtime cannot
derive from type hints (JSON names, read-only fields, discriminators).
"""

from __future__ import annotations

from . import ir, pytypes
from .literals import literal
from .views import (
    EnumView,
    FieldView,
    ModelView,
    ModuleView,
    identifiers,
    import_line,
    runtime_import,
    stdlib_imports,
)

__all__ = ["model_modules", "read_only_closure"]


def model_modules(
    models: tuple[ir.Model, ...], enums: tuple[ir.Enum, ...], *, runtime: str = ".."
) -> tuple[ModuleView, ...]:
    """Return the view of each module of `models/`, sorted by module name.

    `runtime` is where the runtime modules are imported from (see
    `views.runtime_import`).
    """
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
        _model_module(module, members, home, runtime) for module, members in groups
    ]
    views += [_enum_module(enum, runtime) for enum in enums]
    return tuple(sorted(views, key=lambda view: view.name))


def _enum_module(enum: ir.Enum, runtime: str) -> ModuleView:
    members = tuple((m.python_name, literal(m.value)) for m in enum.members)
    return ModuleView(
        name=enum.module,
        stdlib_imports=(),
        local_imports=(f"from {runtime}_runtime import OpenEnum",),
        enums=(EnumView(enum.name, enum.description, members),),
    )


def _model_module(
    module: str, models: list[ir.Model], home: dict[str, str], runtime: str
) -> ModuleView:
    views = tuple(_model_view(model) for model in models)
    imported: dict[str, set[str]] = {}
    for model in models:
        for model_field in model.fields:
            for other in model_field.type.models():
                if home[other] != module:
                    imported.setdefault(home[other], set()).add(other)

    code = [f.annotation for v in views for f in v.fields]
    names = identifiers(code) | {"dataclass", "field", "Any", "Model"}
    if any(not f.required for v in views for f in v.fields):
        names.add("UNSET")
    if any(v.discriminators for v in views):
        names.add("Discriminator")
    if any(v.json_names or v.discriminators for v in views):
        names.add("ClassVar")
    local = runtime_import(names, runtime)
    local += [import_line(f".{mod}", imported[mod]) for mod in sorted(imported)]
    return ModuleView(
        name=module,
        stdlib_imports=stdlib_imports(names),
        local_imports=tuple(local),
        models=views,
    )


def _model_view(model: ir.Model) -> ModelView:
    fields = tuple(_field_view(f) for f in model.fields)
    # Required fields first keeps the dataclass readable; order is otherwise the
    # spec's.
    fields = tuple(sorted(fields, key=lambda f: not f.required))
    discriminators = []
    for model_field in model.fields:
        union = _discriminated_union(model_field.type)
        if union is not None:
            assert union.discriminator is not None
            entry = (model_field.python_name, union.discriminator, union.mapping)
            discriminators.append(entry)
    return ModelView(
        name=model.name,
        description=model.description,
        fields=fields,
        json_names=tuple(
            (f.python_name, f.json_name) for f in fields if f.python_name != f.json_name
        ),
        read_only=tuple(f.python_name for f in fields if f.read_only),
        discriminators=tuple(discriminators),
    )


def _discriminated_union(type_ref: ir.TypeRef) -> ir.TypeRef | None:
    """Return the union with a discriminator in a field's type, if there is one."""
    if type_ref.kind is ir.Kind.UNION and type_ref.discriminator is not None:
        return type_ref
    if type_ref.item is not None:
        return _discriminated_union(type_ref.item)
    return None


def _field_view(model_field: ir.Field) -> FieldView:
    annotation = pytypes.annotation(model_field.type)
    if not model_field.required:
        annotation += " | Unset"
    if model_field.nullable:
        annotation += " | None"
    return FieldView(
        python_name=model_field.python_name,
        json_name=model_field.json_name,
        annotation=annotation,
        required=model_field.required,
        description=model_field.description,
        read_only=model_field.read_only,
        secret=model_field.secret,
    )


def read_only_closure(models: tuple[ir.Model, ...]) -> set[str]:
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
