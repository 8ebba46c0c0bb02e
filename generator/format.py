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
import re
import threading
import time
from collections.abc import Collection, Mapping
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
        # black's InvalidInput carries the line and column after its message.
        line = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        raise GeneratorBug(
            f"rendered {path} is not valid Python: {exc}", path=path, line=line
        ) from exc


def format_plan(
    plan: dict[str, str],
    *,
    formatted: Mapping[str, str] | None = None,
    workers: int | None = None,
    trusted: bool | Collection[str] = False,
) -> dict[str, str]:
    """Return a copy of `plan` with every Python file formatted.

    `formatted` maps paths to text already formatted, which is used as it is.
    `trusted` names the files (True: all) whose text comes from the built-in
    templates, which write black's style wherever they can: each is cut into
    its top-level definitions and black sees only those `needs_black` picks
    out; the result is the same as black's on the whole file
    (tests/test_format.py holds us to it). Other files go to black whole.
    `workers` caps the worker processes (default: the cores other processes
    leave idle); 1 formats in this process.
    """
    done = dict(formatted or {})
    todo = [path for path in plan if path.endswith(".py") and path not in done]
    pieced = set(todo) if trusted is True else set(todo) & set(trusted or ())
    whole = {path for path in todo if path not in pieced}
    for path in todo:
        if path not in whole:
            # What black is not given, it does not check either.
            _check_syntax(path, plan[path])
    pieces = {
        path: [plan[path]] if path in whole else split_definitions(plan[path])
        for path in todo
    }
    jobs = [
        (path, piece)
        for path in todo
        for piece in pieces[path]
        if path in whole or needs_black(piece)
    ]
    try:
        made = _format_pieces(jobs, workers)
    except GeneratorBug:
        # Say where in the whole file black stopped, not in which piece.
        _format_whole(plan, todo, workers=1)
        raise
    for path in todo:
        parts = [made.get((path, piece), piece) for piece in pieces[path]]
        if len(parts) == 1:
            done[path] = parts[0]
        else:
            done[path] = "\n\n\n".join(part.rstrip("\n") for part in parts) + "\n"
    return {path: done.get(path, text) for path, text in plan.items()}


def _check_syntax(path: str, source: str) -> None:
    """Raise `GeneratorBug` if `source` is not valid Python 3.10."""
    import ast

    try:
        ast.parse(source, path, feature_version=(3, 10))
    except SyntaxError as exc:
        where = f"{exc.lineno}:{exc.offset}"
        problem = f"{where}: {exc.msg}: {(exc.text or '').strip()}"
        raise GeneratorBug(
            f"rendered {path} is not valid Python: {problem}",
            path=path,
            line=exc.lineno or 0,
        ) from exc


def _format_whole(
    plan: dict[str, str], paths: list[str], workers: int | None
) -> dict[str, str]:
    made = _format_pieces([(path, plan[path]) for path in paths], workers)
    return {path: made[path, plan[path]] for path in paths}


# A top-level statement or comment after two or more blank lines starts a new
# piece.
_DEFINITION_START = re.compile(r"\n{3,}(?=[@A-Za-z_#])")
# What black might change in a piece of trusted text: control characters,
# runs of blank lines, trailing blanks. Text beyond ASCII goes to black too,
# whose widths count East Asian characters double. (Escapes need no check:
# `literals` and the docstring filter write them as black does.)
_BLACK_TOUCHES = re.compile(r"[^\n -~]|\n\n\n| \n")
# A line past the width, unless it is one black cannot split: a lone string,
# or a string key and value, as an item of a collection or call that is
# already split one item per line.
_LONG_LINE = re.compile(r'^(?! *"[^"\\\n]*"(?:: "[^"\\\n]*")?,$)[^\n]{89}', re.M)


def split_definitions(text: str) -> list[str]:
    """Cut a module into pieces at the blank lines before top-level statements.

    Each piece keeps one trailing newline. Black puts exactly two blank lines
    wherever two or more stand before a top-level statement, so formatting
    the pieces alone and joining them with two blank lines is what formatting
    the whole module gives.
    """
    if not text.strip():
        return [text]  # black decides what an empty module becomes
    return [piece.strip("\n") + "\n" for piece in _DEFINITION_START.split(text)]


def needs_black(piece: str) -> bool:
    """Return whether black could change `piece`, written in its style.

    A piece whose lines all fit the width, with no control or non-ASCII
    characters, trailing blanks or extra blank lines, is left as it is by
    black when the templates wrote it in black's style; anything else is
    formatted.
    """
    if not piece.strip():
        return True
    piece = piece.rstrip("\n") + "\n"
    return bool(_BLACK_TOUCHES.search(piece) or _LONG_LINE.search(piece))


def _format_pieces(
    jobs: list[tuple[str, str]], workers: int | None
) -> dict[tuple[str, str], str]:
    """Format each `(path, text)` job, in a pool when there is much to do."""
    if not jobs:
        return {}
    lines = sum(text.count("\n") for _, text in jobs)
    workers = workers or _idle_cores()
    if workers > 1 and lines >= _PARALLEL_LINES:
        return _format_in_pool(jobs, workers)
    return {(path, text): format_source(path, text) for path, text in jobs}


def _format_in_pool(
    jobs: list[tuple[str, str]], workers: int
) -> dict[tuple[str, str], str]:
    from concurrent.futures import ProcessPoolExecutor

    # Largest first, so no worker is left with one big piece at the end.
    ordered = sorted(jobs, key=lambda job: -len(job[1]))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),)
    ) as pool:
        results = pool.map(
            format_source,
            [path for path, _ in ordered],
            [text for _, text in ordered],
            chunksize=8,
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
    return max(1, min(cores, cores - _busy_elsewhere()))


def _busy_elsewhere() -> int:
    """Return how many other tasks want a core right now.

    Linux counts the runnable tasks in /proc/loadavg; this process is one of
    them. The load average itself is a minute behind: right after another
    busy program ends it still reads 1, though the cores are idle.
    """
    try:
        with open("/proc/loadavg", "rb", buffering=0) as file:
            samples = []
            for _ in range(5):
                file.seek(0)
                samples.append(int(file.read().split()[3].split(b"/")[0]) - 1)
        return max(0, min(samples))
    except (OSError, ValueError, IndexError):  # not Linux
        try:
            return round(os.getloadavg()[0])
        except OSError:  # not available on this system
            return 0


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
