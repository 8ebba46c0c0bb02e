"""Problems found in a spec, collected as values while the pipeline goes on.

Every stage reports through one `Diagnostics` collector: a builder that meets
something it cannot generate records a warning and falls back to a typed
default; only a problem that makes going on pointless raises `SpecError`.
This module formats nothing for the terminal; `report.py` does that.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterator
from pathlib import Path

from .records import field, record

__all__ = [
    "Diagnostic",
    "Diagnostics",
    "GeneratorBug",
    "Location",
    "Severity",
    "SpecError",
    "shown",
]


class Severity(enum.Enum):
    """How bad a problem is: errors stop generation, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@record(frozen=True, slots=True)
class Location:
    """Where a problem is: a file, a JSON pointer into it, and a 1-based position."""

    file: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"


@record(frozen=True, slots=True)
class Diagnostic:
    """One problem: its severity, a stable code, a message and a location."""

    severity: Severity
    code: str
    message: str
    location: Location

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line or 0, loc.column or 0, self.code)


@record
class Diagnostics:
    """Collect diagnostics from every stage of one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, location: Location) -> None:
        """Record an error; generation will fail once the stage ends."""
        self.items.append(Diagnostic(Severity.ERROR, code, message, location))

    def warning(self, code: str, message: str, location: Location) -> None:
        """Record a warning; generation goes on with a fallback."""
        self.items.append(Diagnostic(Severity.WARNING, code, message, location))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(self.items, key=Diagnostic.sort_key))

    def __len__(self) -> int:
        return len(self.items)


class SpecError(Exception):
    """The input cannot be generated; the collected diagnostics say why."""

    def __init__(self, diagnostic: Diagnostic | None = None) -> None:
        super().__init__(diagnostic.message if diagnostic else "invalid spec")
        self.diagnostic = diagnostic
        # For a `$ref` cycle, the keys on it, so it is reported once.
        self.cycle: frozenset[str] = frozenset()


class GeneratorBug(Exception):
    """Our own fault, such as a template that renders invalid Python.

    `path` names the rendered file at fault, when there is one, and `line`
    its line.
    """

    def __init__(self, message: str, *, path: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


def shown(path: Path) -> str:
    """Return `path` relative to the working directory when it lies inside it.

    How problems and messages name files and folders.
    """
    try:
        # realpath, unlike Path.resolve, does not raise on a link loop.
        real = Path(os.path.realpath(path))
        return str(real.relative_to(os.path.realpath(Path.cwd())))
    except ValueError:
        return str(path)
    except FileNotFoundError:
        # Run from inside the output folder, which the new package replaced.
        return str(path)
