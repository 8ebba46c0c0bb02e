"""A slice of a large document generates the same client as a hand-cut spec.

Kibo's customer document holds 129 operations; selecting the impersonatecart
operation alone must give the package checked in under generated/, which was
made from specs/impersonatecart.yaml. That spec adds two fields the API
reference page has and the published document lacks; nothing else differs.
"""

from __future__ import annotations

import ast
import contextlib

from conftest import GENERATED, REPO
from generator.build import build_api
from generator.diagnostics import Diagnostics, SpecError
from generator.format import format_plan
from generator.load import load_spec
from generator.render import render_api

CUSTOMER = REPO / "specs" / "kibo" / "openapi_customer.json"
PACKAGE = "impersonatecart_client"
# Fields the reference page adds to the published document.
ADDED = {
    "models/customer_auth_ticket.py": {"requires_2fa"},
    "models/customer_account.py": {"last_2fa_date"},
}


def _sliced_plan() -> dict[str, str]:
    diagnostics = Diagnostics()
    api = build_api(
        load_spec(CUSTOMER),
        package=PACKAGE,
        diagnostics=diagnostics,
        include=("operation:impersonate_cart",),
    )
    assert not diagnostics.items
    return format_plan(render_api(api))


def _field_names(source: str) -> set[str]:
    tree = ast.parse(source)
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    return {
        node.target.id
        for cls in classes
        for node in cls.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }


def test_slice_has_the_same_modules_as_the_checked_in_client() -> None:
    sliced = {p for p in _sliced_plan() if p.startswith(f"{PACKAGE}/")}
    checked_in = {
        path.relative_to(GENERATED).as_posix()
        for path in (GENERATED / PACKAGE).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert sliced == checked_in


def test_slice_generates_identical_operations_and_models() -> None:
    plan = _sliced_plan()
    compared = [
        p for p in plan if p.startswith((f"{PACKAGE}/api/", f"{PACKAGE}/models/"))
    ]
    for path in compared:
        inner = path.removeprefix(f"{PACKAGE}/")
        if inner.endswith("__init__.py") or inner in ADDED:
            continue
        assert plan[path] == (GENERATED / path).read_text(encoding="utf-8"), path
    assert len(compared) == 17


def test_slice_lacks_only_the_fields_the_reference_page_adds() -> None:
    plan = _sliced_plan()
    for inner, added in ADDED.items():
        sliced = _field_names(plan[f"{PACKAGE}/{inner}"])
        checked_in = _field_names((GENERATED / PACKAGE / inner).read_text("utf-8"))
        assert checked_in - sliced == added
        assert sliced <= checked_in


def _diagnostics_of(*include: str) -> list[tuple[str, str, str]]:
    diagnostics = Diagnostics()
    with contextlib.suppress(SpecError):
        build_api(
            load_spec(CUSTOMER),
            package=PACKAGE,
            diagnostics=diagnostics,
            include=include,
        )
    return [(d.severity.name, d.code, d.message) for d in diagnostics]


def test_include_that_selects_nothing_is_an_error() -> None:
    assert _diagnostics_of("tag:storefront_auth_tiket") == [
        (
            "ERROR",
            "include-no-match",
            "include 'tag:storefront_auth_tiket' selects none of the 129 operations "
            "in the spec, so nothing would be generated; check the spelling of the "
            "tags, operation names and paths",
        )
    ]


def test_include_selector_without_a_match_beside_others_is_a_warning() -> None:
    found = _diagnostics_of("operation:impersonate_cart", "tag:nope")
    assert [(severity, code) for severity, code, _ in found] == [
        ("WARNING", "include-no-match")
    ]
    assert "'tag:nope' matches none of the 129 operations" in found[0][2]
