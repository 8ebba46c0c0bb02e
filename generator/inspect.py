"""Coverage report: what a spec generates, what fell back to Any, and why.

Runs the load and build stages only, then sorts every operation and schema
into generated, degraded (generated with an `Any` somewhere, or with a
warning) or skipped (left out by `include`). The CLI prints the summary or
writes the JSON form; this module prints nothing itself.
"""

from __future__ import annotations

from typing import Any

from . import ir
from .build import build_api
from .diagnostics import Diagnostic, Diagnostics
from .load import load_spec
from .options import Options
from .records import as_dict, field, record

__all__ = ["Entry", "Report", "inspect_spec"]


@record(frozen=True, slots=True)
class Entry:
    """One operation or schema and what became of it."""

    kind: str
    name: str
    pointer: str
    line: int | None
    status: str
    reasons: tuple[str, ...] = ()


@record
class Report:
    """The coverage of one spec."""

    spec: str
    operations: list[Entry] = field(default_factory=list)
    schemas: list[Entry] = field(default_factory=list)
    warnings: int = 0

    def count(self, entries: list[Entry], status: str) -> int:
        """Return how many of `entries` have `status`."""
        return sum(1 for entry in entries if entry.status == status)

    def as_json(self) -> dict[str, Any]:
        """Return the report as plain JSON values."""
        return {
            "spec": self.spec,
            "warnings": self.warnings,
            "operations": [as_dict(e) for e in self.operations],
            "schemas": [as_dict(e) for e in self.schemas],
        }


def inspect_spec(options: Options, diagnostics: Diagnostics | None = None) -> Report:
    """Build the spec `options` names and report the fate of each part of it.

    Problems go to `diagnostics`; errors raise `SpecError` after the build,
    as generating would.
    """
    diagnostics = Diagnostics() if diagnostics is None else diagnostics
    document = load_spec(options.spec, display_name=str(options.spec))
    api = build_api(
        document,
        package=options.package,
        diagnostics=diagnostics,
        include=options.include,
        renames=options.renames,
    )
    # Only to name the operations the selection leaves out; like `generate`,
    # inspect does not judge the parts it does not select.
    everything = build_api(
        document, package=options.package, diagnostics=Diagnostics(), partial=True
    )

    report = Report(spec=str(options.spec), warnings=len(diagnostics.warnings))
    selected = {op.pointer for op in api.operations}
    for operation in everything.operations:
        line = document.location(operation.pointer).line
        if operation.pointer not in selected:
            entry = Entry(
                "operation",
                operation.python_name,
                operation.pointer,
                line,
                "skipped",
                ("not selected by include",),
            )
        else:
            reasons = _warnings_under(diagnostics, operation.pointer)
            reasons += _untyped_parts(operation)
            entry = _entry(
                "operation", operation.python_name, operation.pointer, line, reasons
            )
        report.operations.append(entry)
    for model in api.models:
        reasons = _warnings_under(diagnostics, model.pointer)
        line = document.location(model.pointer).line
        report.schemas.append(_entry("model", model.name, model.pointer, line, reasons))
    for enum in api.enums:
        line = document.location(enum.pointer).line
        reasons = _warnings_under(diagnostics, enum.pointer)
        report.schemas.append(_entry("enum", enum.name, enum.pointer, line, reasons))
    kept = {entry.pointer for entry in report.schemas}
    left_out = [("model", m.name, m.pointer) for m in everything.models] + [
        ("enum", e.name, e.pointer) for e in everything.enums
    ]
    for kind, name, pointer in left_out:
        if pointer not in kept:
            line = document.location(pointer).line
            reason = ("not used by the selected operations",)
            report.schemas.append(Entry(kind, name, pointer, line, "skipped", reason))
    return report


def _entry(
    kind: str, name: str, pointer: str, line: int | None, reasons: tuple[str, ...]
) -> Entry:
    status = "degraded" if reasons else "generated"
    return Entry(kind, name, pointer, line, status, reasons)


def _warnings_under(diagnostics: Diagnostics, pointer: str) -> tuple[str, ...]:
    return tuple(
        _describe(d)
        for d in diagnostics
        if d.location.pointer.startswith(pointer + "/")
    )


def _describe(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.code}: {diagnostic.message} (at {diagnostic.location.pointer})"


def _untyped_parts(operation: ir.Operation) -> tuple[str, ...]:
    reasons = []
    if operation.body is not None and operation.body.type.kind is ir.Kind.ANY:
        reasons.append("request body is typed Any")
    success = operation.success
    if success and success.type and success.type.kind is ir.Kind.ANY:
        reasons.append(f"{success.status} response is typed Any")
    return tuple(reasons)
