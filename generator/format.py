"""Format stage: run black, in process, over the rendered Python files.

Only `.py` files are touched; everything else passes through unchanged. A
file black cannot parse means a template produced invalid Python, which is
our bug, not the user's: it raises `GeneratorBug` naming the file and line.
Large plans are formatted by a pool of worker processes, one per core, since
black is by far the slowest stage; the result does not depend on the pool.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
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
# Below this many lines, starting worker processes costs more than it saves.
_PARALLEL_LINES = 4000


def format_source(path: str, source: str) -> str:
    """Return `source` formatted by black; raise `GeneratorBug` if it cannot be."""
    try:
        return black.format_str(source, mode=BLACK_MODE)
    except InvalidInput as exc:
        raise GeneratorBug(f"rendered {path} is not valid Python: {exc}") from exc


def format_plan(plan: dict[str, str], *, workers: int | None = None) -> dict[str, str]:
    """Return a copy of `plan` with every Python file formatted.

    `workers` caps the worker processes (default: the usable cores); 1 formats
    in this process.
    """
    python = [path for path in plan if path.endswith(".py")]
    lines = sum(plan[path].count("\n") for path in python)
    workers = workers or _usable_cores()
    if workers > 1 and lines >= _PARALLEL_LINES:
        formatted = _format_in_pool(plan, python, workers)
    else:
        formatted = {path: format_source(path, plan[path]) for path in python}
    return {path: formatted.get(path, text) for path, text in plan.items()}


def _format_in_pool(
    plan: dict[str, str], paths: list[str], workers: int
) -> dict[str, str]:
    # Largest files first, so no worker is left with one big file at the end.
    ordered = sorted(paths, key=lambda path: -len(plan[path]))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),)
    ) as pool:
        results = pool.map(
            format_source, ordered, [plan[path] for path in ordered], chunksize=4
        )
        return dict(zip(ordered, results, strict=True))


def _exit_with_parent(parent: int) -> None:
    """Make a worker end itself when the generator process dies (even killed)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
