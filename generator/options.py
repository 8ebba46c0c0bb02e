"""Settings of one generation, gathered in one frozen object.

The CLI and the configuration reader build `Options`; every stage below them
receives it by keyword and reads no environment variables or globals.
"""

from __future__ import annotations

from pathlib import Path

from .records import record

__all__ = ["Options", "RuntimeOptions"]


@record(frozen=True, slots=True)
class Options:
    """Everything one generation needs to know besides the spec itself.

    `spec` is the input document, `output` the folder of the generated
    project, `package` the import name of the generated package.

    `include` selects a slice of the spec; each entry is `tag:<tag>`,
    `operation:<name>` (the generated function name) or `path:<glob>` (matched
    against the path, for example `path:/commerce/customer/*`). An operation
    is generated when any entry matches; no entries means every operation.

    `renames` maps a generated operation name or a schema name to the Python
    name to use instead, for example `{"impersonate_cart": "impersonate"}`.

    `templates` is a folder of the user's own Jinja templates that replace
    the built-in ones of the same file name.

    `runtime` is the import name of a shared runtime package (made by
    `generator runtime`) that the client imports its runtime modules from,
    instead of carrying its own copy; None carries the copy.
    """

    spec: Path
    output: Path
    package: str
    strict: bool = False
    include: tuple[str, ...] = ()
    renames: tuple[tuple[str, str], ...] = ()
    templates: Path | None = None
    runtime: str | None = None

    def paths(self) -> tuple[Path, ...]:
        """Return the spec and the output folder."""
        return (self.spec, self.output)


@record(frozen=True, slots=True)
class RuntimeOptions:
    """Everything writing a shared runtime package needs to know.

    `output` is its folder, `package` its import name, `templates` a folder
    of custom templates, as for `Options`; `strict` stops at a warning and
    keeps files edited by hand.
    """

    output: Path
    package: str
    templates: Path | None = None
    strict: bool = False
