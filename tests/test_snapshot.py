"""The checked-in client under generated/ is exactly what the generator makes today.

A difference fails with a unified diff and the command that refreshes the
snapshot; the test never rewrites generated/ itself.
"""

from __future__ import annotations

from conftest import GENERATED, SPEC
from generator.diagnostics import Diagnostics
from generator.options import Options
from generator.pipeline import generate_plan
from generator.write import MANIFEST, diff_plan

UPDATE_COMMAND = "generator generate"
# Tool caches that running tests or type checkers leaves behind; never committed.
CACHE_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}


def _plan() -> dict[str, str]:
    options = Options(spec=SPEC, output=GENERATED, package="impersonatecart_client")
    diagnostics = Diagnostics()
    plan = generate_plan(options, diagnostics=diagnostics)
    assert not diagnostics.items, [str(d) for d in diagnostics]
    return plan


def test_generated_client_matches_the_generator_output() -> None:
    diff = diff_plan(_plan(), GENERATED)
    assert (
        not diff
    ), f"generated/ is stale. Review the diff, then run `{UPDATE_COMMAND}`:\n{diff}"


def test_generated_folder_holds_only_planned_files() -> None:
    planned = set(_plan())
    on_disk = {
        path.relative_to(GENERATED).as_posix()
        for path in GENERATED.rglob("*")
        if path.is_file() and not CACHE_DIRS & set(path.parts)
    }
    assert on_disk == planned
    assert MANIFEST in planned
