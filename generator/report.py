"""Show diagnostics the way compilers do, and progress, for the CLI.

`format_diagnostic` renders one problem as `file:line:col: severity[code]:
message`, followed by the source line and a caret under the column;
`progress_line` draws the status line shown on terminals. This module reads
a source file only to quote a line and never prints anything itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .diagnostics import Diagnostic

__all__ = ["format_diagnostic", "plural", "progress_line", "summary_line"]

_MAX_QUOTE = 160
_BAR = 20


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


def _lines(file: str) -> tuple[str, ...]:
    try:
        path = Path(file).resolve()
        return _read_lines(path, path.stat().st_mtime_ns)
    except OSError:
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
