"""Show diagnostics the way compilers do, and progress, for the CLI.

`format_diagnostic` renders one problem as `file:line:col: severity[code]:
message`, followed by the source line and a caret under the column;
`progress_line` draws the status line shown on terminals; `outcome_line` and
`total_line` sum up what a run did. This module reads a source file only to
quote a line and never prints anything itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .diagnostics import Diagnostic
from .records import record

__all__ = [
    "Outcome",
    "format_diagnostic",
    "outcome_line",
    "plural",
    "progress_line",
    "summary_line",
    "total_line",
]

_MAX_QUOTE = 160
_BAR = 20


@record(frozen=True, slots=True)
class Outcome:
    """What generating one spec did: file counts, warnings, and whether it failed."""

    failed: bool = False
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    warnings: int = 0


def format_diagnostic(diagnostic: Diagnostic) -> str:
    """Return the lines that describe `diagnostic`, without a trailing newline."""
    loc = diagnostic.location
    pointer = f" (at {loc.pointer})" if loc.pointer else ""
    kind = f"{diagnostic.severity.value}[{diagnostic.code}]"
    head = f"{loc}: {kind}: {diagnostic.message}{pointer}"
    line = _source_line(loc.file, loc.line) if loc.line else None
    if line is None:
        return head
    column = max((loc.column or 1) - 1, 0)
    if len(line) > _MAX_QUOTE:
        start = max(column - _MAX_QUOTE // 2, 0)
        line = line[start : start + _MAX_QUOTE]
        column -= start
    return f"{head}\n    {line}\n    {' ' * column}^"


def summary_line(errors: int, warnings: int) -> str:
    """Return `2 errors, 1 warning` style counts."""
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def plural(count: int, word: str) -> str:
    """Return `1 warning`, `2 warnings`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def progress_line(done: int, total: int, label: str, *, width: int = 79) -> str:
    """Return `[#####-----] 3/10 label`, cut to fit in `width` characters."""
    total = max(total, 1)
    filled = _BAR * min(done, total) // total
    bar = f"[{'#' * filled}{'-' * (_BAR - filled)}] {done}/{total} "
    room = max(width - len(bar), 0)
    if len(label) > room:
        label = "..." + label[len(label) - room + 3 :] if room > 3 else ""
    return bar + label


def outcome_line(outcome: Outcome, seconds: float) -> str:
    """Return `3 written, 22 unchanged, 0 removed; 1 warning (0.84 s)`."""
    return (
        f"{outcome.written} written, {outcome.unchanged} unchanged, "
        f"{outcome.removed} removed; {plural(outcome.warnings, 'warning')} "
        f"({seconds:.2f} s)"
    )


# What `generate -v` says of an output the fingerprint found up to date.
UP_TO_DATE_DETAIL = "up to date: inputs and files as the last run left them"
CHECK_STATES = ("up to date", "out of date", "failed")


def check_summary(states: Sequence[str], *, runtimes: int = 0) -> str:
    """Return `3 specs: 2 up to date, 1 out of date` for a `check` of several.

    The first `runtimes` states are those of shared runtime packages.
    """
    counts = ", ".join(
        f"{states.count(state)} {state}" for state in CHECK_STATES if state in states
    )
    return f"{_outputs(len(states), runtimes)}: {counts}"


def _outputs(count: int, runtimes: int) -> str:
    """Return `3 specs`, or `2 specs and 1 runtime` when runtimes are among them."""
    specs = plural(count - runtimes, "spec")
    return f"{specs} and {plural(runtimes, 'runtime')}" if runtimes else specs


def total_line(
    outcomes: Sequence[Outcome], seconds: float, *, runtimes: int = 0
) -> str:
    """Return the summary of a run over several specs: `2 specs[, 1 failed]: ...`.

    The first `runtimes` outcomes are those of shared runtime packages.
    """
    total = Outcome(
        written=sum(o.written for o in outcomes),
        unchanged=sum(o.unchanged for o in outcomes),
        removed=sum(o.removed for o in outcomes),
        warnings=sum(o.warnings for o in outcomes),
    )
    failed = sum(o.failed for o in outcomes)
    specs = _outputs(len(outcomes), runtimes) + (f", {failed} failed" if failed else "")
    return f"{specs}: {outcome_line(total, seconds)}"


def _lines(file: str) -> tuple[str, ...]:
    try:
        path = Path(file).resolve()
        return _read_lines(path, path.stat().st_mtime_ns)
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop
        return ()


@lru_cache(maxsize=8)
def _read_lines(path: Path, mtime_ns: int) -> tuple[str, ...]:
    # Keyed by the resolved path and modification time, so a changed file or
    # another working folder never shows a stale line.
    try:
        text = path.read_text(encoding="utf-8")
        return tuple(line.rstrip("\r") for line in text.split("\n"))
    except (OSError, UnicodeDecodeError):
        return ()


def _source_line(file: str, line: int) -> str | None:
    lines = _lines(file)
    if 0 < line <= len(lines):
        return lines[line - 1].expandtabs(1)
    return None
