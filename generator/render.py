"""Render stage: turn the intermediate model into the text of every output file.

`render_api` returns a plan, a mapping of relative path to file text; it never
touches the disk (the write stage does) and never formats (the format stage
does). Templates live in the top-level `templates/` folder and read only the
view objects built here; every piece of spec text reaches them through the
filters of `jinja_env.py`, so none of it can become code.

`render_runtime` returns the plan of a shared runtime package: the outputs
of `PREFORMATTED_TEMPLATES`, which hold no spec text. A client rendered with
`runtime=` imports them from that package instead of carrying a copy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from . import ir
from .jinja_env import make_environment
from .model_views import model_modules, read_only_closure
from .names import distribution_name
from .operation_views import FIXED_ERRORS, api_modules, error_classes, error_phrase
from .views import export_order

__all__ = [
    "PREFORMATTED_TEMPLATES",
    "custom_rendered",
    "preformatted_paths",
    "render_api",
    "render_runtime",
    "runtime_template_for",
    "template_for",
]

# Built-in templates that hold no template syntax and are kept in black's
# style (tests/test_render.py checks both), so their output needs no
# formatting: {template: path in the package}.
PREFORMATTED_TEMPLATES = {
    "runtime.py.jinja": "_runtime.py",
    "call.py.jinja": "_call.py",
    "client_base.py.jinja": "_client.py",
    "errors_base.py.jinja": "_errors.py",
}

_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


def render_api(
    api: ir.Api,
    *,
    templates: Path | None = None,
    cache: Path | None = None,
    code: str = "",
    runtime: str | None = None,
) -> dict[str, str]:
    """Return {relative path: text} for every file of the generated project.

    `cache` and `code` let Jinja keep compiled templates (see `make_environment`).
    `runtime` is the import name of a shared runtime package to use instead
    of the package's own runtime modules.
    """
    env = make_environment(templates, cache=cache, code=code)
    package = api.package
    read_only = read_only_closure(api.models)
    below = "..", "."
    if runtime is not None:
        below = f"{runtime}.", f"{runtime}."
    models = model_modules(api.models, api.enums, runtime=below[0])
    operations = api_modules(api, read_only, runtime=below[0])
    errors = error_classes(api)
    context = {
        "api": api,
        "package": package,
        "project_name": distribution_name(package),
        "version": api.version if _PEP440.match(api.version) else "0.1.0",
        "model_modules": models,
        "api_modules": operations,
        "example": _usage_example(api),
        "error_classes": [
            {"name": name, "status": status, "phrase": error_phrase(status)}
            for status, name in errors.items()
        ],
        "error_exports": sorted({*FIXED_ERRORS, *errors.values()}, key=export_order),
        "model_exports": sorted(
            (name for module in models for name in module.exports), key=export_order
        ),
        # Where the modules every client shares are imported from.
        "runtime_package": runtime or ".",
        "runtime": below[1],
        "runtime_requirement": runtime and _requirement(runtime),
    }

    def render(template: str, **extra: object) -> str:
        return env.get_template(template).render(**context, **extra)

    plan = {
        "pyproject.toml": render("pyproject.toml.jinja"),
        "README.md": render("README.md.jinja"),
        f"{package}/__init__.py": render("package_init.py.jinja"),
        f"{package}/py.typed": "",
        **{
            f"{package}/{path}": render(template)
            for template, path in PREFORMATTED_TEMPLATES.items()
            if runtime is None
        },
        f"{package}/errors.py": render("errors.py.jinja"),
        f"{package}/client.py": render("client.py.jinja"),
        f"{package}/models/__init__.py": render("models_init.py.jinja"),
        f"{package}/api/__init__.py": render("api_init.py.jinja"),
    }
    for module in models:
        plan[f"{package}/models/{module.name}.py"] = render(
            "model.py.jinja", module=module
        )
    for module in operations:
        plan[f"{package}/api/{module.name}.py"] = render(
            "api_module.py.jinja", module=module
        )
    return dict(sorted(plan.items()))


def render_runtime(
    package: str,
    *,
    templates: Path | None = None,
    cache: Path | None = None,
    code: str = "",
) -> dict[str, str]:
    """Return {relative path: text} of a shared runtime package named `package`.

    Its modules are those every client carries when it has no shared
    runtime, so one copy serves the clients of many specs made by this
    version of the generator (the version its clients require).
    """
    env = make_environment(templates, cache=cache, code=code)
    context = {
        "package": package,
        "project_name": distribution_name(package),
        "version": _generator_version(),
    }

    def render(template: str) -> str:
        return env.get_template(template).render(**context)

    plan = {
        "pyproject.toml": render("runtime_pyproject.toml.jinja"),
        "README.md": render("runtime_README.md.jinja"),
        f"{package}/__init__.py": render("runtime_init.py.jinja"),
        f"{package}/py.typed": "",
        **{
            f"{package}/{path}": render(template)
            for template, path in PREFORMATTED_TEMPLATES.items()
        },
    }
    return dict(sorted(plan.items()))


def _generator_version() -> str:
    from . import __version__

    return __version__


def _requirement(runtime: str) -> str:
    """Return the dependency on shared runtime `runtime` that a client declares."""
    return f"{distribution_name(runtime)}=={_generator_version()}"


def runtime_template_for(path: str, package: str) -> str | None:
    """Return the name of the template that renders `path` of a runtime package."""
    fixed = {
        "pyproject.toml": "runtime_pyproject.toml.jinja",
        "README.md": "runtime_README.md.jinja",
        f"{package}/__init__.py": "runtime_init.py.jinja",
        **{f"{package}/{out}": name for name, out in PREFORMATTED_TEMPLATES.items()},
    }
    return fixed.get(path)


def template_for(path: str, package: str) -> str | None:
    """Return the name of the template that renders plan `path`, if any."""
    fixed = {
        "pyproject.toml": "pyproject.toml.jinja",
        "README.md": "README.md.jinja",
        f"{package}/__init__.py": "package_init.py.jinja",
        f"{package}/errors.py": "errors.py.jinja",
        f"{package}/client.py": "client.py.jinja",
        f"{package}/models/__init__.py": "models_init.py.jinja",
        f"{package}/api/__init__.py": "api_init.py.jinja",
        **{f"{package}/{out}": name for name, out in PREFORMATTED_TEMPLATES.items()},
    }
    if path in fixed:
        return fixed[path]
    folder = path.rpartition("/")[0]
    if folder == f"{package}/models":
        return "model.py.jinja"
    if folder == f"{package}/api":
        return "api_module.py.jinja"
    return None


def custom_rendered(
    paths: Iterable[str], package: str, templates: Path | None
) -> dict[str, str]:
    """Return {plan path: template name} for the paths a custom template renders.

    The built-in templates include no other template, so every other path
    is the built-in templates' work alone.
    """
    if templates is None:
        return {}
    found = {}
    for path in paths:
        name = template_for(path, package)
        if name is not None and (templates / name).exists():
            found[path] = name
    return found


def preformatted_paths(
    package: str, templates: Path | None, *, runtime: str | None = None
) -> set[str]:
    """Return the plan paths whose text is already formatted, as written.

    Those are the outputs of the built-in `PREFORMATTED_TEMPLATES`; a template
    of the same name in the user's `templates` folder replaces one, and its
    output is formatted like any other. A client with a shared `runtime` has
    none of them.
    """
    if runtime is not None:
        return set()
    return {
        f"{package}/{path}"
        for template, path in PREFORMATTED_TEMPLATES.items()
        if templates is None or not (templates / template).exists()
    }


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
    imports[0] = imports[0].replace("import Client", "import AsyncClient, Client")
    options = "".join(f", {c}" for c in _credential_examples(api)[:1])
    return "\n".join(
        [
            "import asyncio",
            "",
            *imports,
            "",
            *setup,
            f"with Client(base_url{options}) as client:",
            f"    result = {call}",
            "    print(result)",
            "",
            "",
            "async def main() -> None:",
            f"    async with AsyncClient(base_url{options}) as client:",
            f"        result = await {call.replace('(', '.asyncio(', 1)}",
            "        print(result)",
            "",
            "",
            "asyncio.run(main())",
        ]
    )


def _credential_examples(api: ir.Api) -> list[str]:
    """Return a keyword argument per security scheme, with a placeholder value."""
    return [
        (
            f'{s.python_name}=("<user>", "<password>")'
            if s.kind == "basic"
            else f'{s.python_name}="<secret>"'
        )
        for s in api.security_schemes
    ]


def _example_fields(model: ir.Model) -> str:
    simple = [f for f in model.fields if f.type.kind in _EXAMPLE_VALUES]
    chosen = [f for f in model.fields if f.required] or simple[:3]
    return ", ".join(
        f"{f.python_name}={_EXAMPLE_VALUES.get(f.type.kind, '...')}" for f in chosen
    )
