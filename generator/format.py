"""Format stage: run black, in process, over the rendered Python files.

Only `.py` files are touched; everything else passes through unchanged. A
file black cannot parse means a template produced invalid Python, which is
our bug, not the user's: it raises `GeneratorBug` naming the file and line.
"""

from __future__ import annotations

from importlib.metadata import version

import black
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from .diagnostics import GeneratorBug

__all__ = ["BLACK_MODE", "FORMATTER", "format_plan", "format_source"]

BLACK_MODE = Mode(
    target_versions={TargetVersion.PY310},
    line_length=88,
)
# Recorded in each manifest: the same input formatted by another black may differ.
FORMATTER = f"black {version('black')}, line length 88, target py310"


def format_source(path: str, source: str) -> str:
    """Return `source` formatted by black; raise `GeneratorBug` if it cannot be."""
    try:
        return black.format_str(source, mode=BLACK_MODE)
    except InvalidInput as exc:
        raise GeneratorBug(f"rendered {path} is not valid Python: {exc}") from exc


def format_plan(plan: dict[str, str]) -> dict[str, str]:
    """Return a copy of `plan` with every Python file formatted."""
    return {
        path: format_source(path, text) if path.endswith(".py") else text
        for path, text in plan.items()
    }
