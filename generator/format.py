"""Format stage: run black, in process, over the rendered Python files.

Only `.py` files are touched; everything else passes through unchanged. A
file black cannot parse means a template produced invalid Python, which is
our bug, not the user's: it raises `GeneratorBug` naming the file and line.
Files the caller already has formatted text for (from the last run, see
`write.reusable_files`) are not formatted again, and black is imported only
when some file needs it. Many lines to format are shared among a pool of
worker processes, one per idle core, since black is by far the slowest stage;
the result does not depend on the pool.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

# black's own record of its version, which `black.__version__` reads too:
# importing it is free, unlike black itself or importlib.metadata.
from _black_version import version as black_version  # type: ignore[import-untyped]

from .diagnostics import GeneratorBug

if TYPE_CHECKING:
    from black.mode import Mode

__all__ = ["FORMATTER", "black_mode", "format_plan", "format_source"]

# Recorded in each manifest: the same input formatted by another black may differ.
FORMATTER = f"black {black_version}, line length 88, target py310"
# Below this many lines to format, starting worker processes costs more than
# it saves.
_PARALLEL_LINES = 4000


@functools.cache
def black_mode() -> Mode:
    """Return the black mode that `FORMATTER` describes."""
    from black.mode import Mode, TargetVersion

    return Mode(target_versions={TargetVersion.PY310}, line_length=88)


def format_source(path: str, source: str) -> str:
    """Return `source` formatted by black; raise `GeneratorBug` if it cannot be."""
    import black
    from black.parsing import InvalidInput

    try:
        return black.format_str(source, mode=black_mode())
    except InvalidInput as exc:
        raise GeneratorBug(f"rendered {path} is not valid Python: {exc}") from exc


def format_plan(
    plan: dict[str, str],
    *,
    formatted: Mapping[str, str] | None = None,
    workers: int | None = None,
) -> dict[str, str]:
    """Return a copy of `plan` with every Python file formatted.

    `formatted` maps paths to text already formatted, which is used as it is.
    `workers` caps the worker processes (default: the cores other processes
    leave idle); 1 formats in this process.
    """
    done = dict(formatted or {})
    todo = [path for path in plan if path.endswith(".py") and path not in done]
    lines = sum(plan[path].count("\n") for path in todo)
    workers = workers or _idle_cores()
    if workers > 1 and lines >= _PARALLEL_LINES:
        done.update(_format_in_pool(plan, todo, workers))
    else:
        done.update((path, format_source(path, plan[path])) for path in todo)
    return {path: done.get(path, text) for path, text in plan.items()}


def _format_in_pool(
    plan: dict[str, str], paths: list[str], workers: int
) -> dict[str, str]:
    from concurrent.futures import ProcessPoolExecutor

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


def _idle_cores() -> int:
    """Return how many usable cores other processes leave idle, at least 1.

    Workers sharing a busy core only add their start-up to the run: on two
    cores with one taken, a pool made formatting 10-30% slower.
    """
    cores = _usable_cores()
    try:
        busy = os.getloadavg()[0]
    except OSError:  # not available on this system
        busy = 0.0
    return max(1, min(cores, round(cores - busy)))


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
