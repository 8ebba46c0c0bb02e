"""The five stages in order: load -> build -> render -> format -> write.

`generate_plan` runs the first four and returns the files to write, so tests
and `check` can stop before the disk; it reads the output folder only to
skip formatting files that are formatted there already. `generate` also
writes them. Nothing here prints: a caller that shows progress passes a
`progress` callback, which is told the name of each stage as it starts.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2

from .build import build_api
from .diagnostics import Diagnostic, Diagnostics, Location, Severity, SpecError
from .format import FORMATTER, format_plan
from .ir import Api
from .load import load_spec
from .options import Options
from .render import render_api
from .write import WriteResult, add_manifest, reusable_files, write_plan

__all__ = ["STAGES", "Progress", "generate", "generate_plan"]

STAGES = ("load", "build", "render", "format", "write")

Progress = Callable[[str], None]


def _silent(stage: str) -> None:
    """Report no progress."""


def generate_plan(
    options: Options, *, diagnostics: Diagnostics, progress: Progress = _silent
) -> dict[str, str]:
    """Return {relative path: final text} of the project `options` describe."""
    progress("load")
    document = load_spec(options.spec, display_name=_display_name(options.spec))
    progress("build")
    api = build_api(
        document,
        package=options.package,
        diagnostics=diagnostics,
        include=options.include,
        renames=options.renames,
    )
    if diagnostics.errors:
        raise SpecError()
    progress("render")
    rendered = _render(api, templates=options.templates)
    progress("format")
    # Files rendered as last time are taken from the disk, formatted already.
    previous = reusable_files(options.output, rendered, formatter=FORMATTER)
    formatted = format_plan(rendered, formatted=previous)
    return add_manifest(formatted, rendered=rendered, formatter=FORMATTER)


def generate(
    options: Options, *, diagnostics: Diagnostics, progress: Progress = _silent
) -> WriteResult:
    """Generate the project and write it to `options.output`."""
    plan = generate_plan(options, diagnostics=diagnostics, progress=progress)
    if options.strict and diagnostics.warnings:
        raise SpecError()
    progress("write")
    return write_plan(
        plan, options.output, diagnostics=diagnostics, keep_edits=options.strict
    )


def _render(api: Api, *, templates: Path | None) -> dict[str, str]:
    """Render `api`; an error inside a custom template is the user's, not ours."""
    try:
        return render_api(api, templates=templates)
    except jinja2.TemplateError as exc:
        location = _custom_template_location(exc, templates)
        if location is None:
            raise
        message = f"{exc.message or type(exc).__name__}; fix the custom template"
        error = Diagnostic(Severity.ERROR, "template-error", message, location)
        raise SpecError(error) from exc


def _custom_template_location(
    exc: jinja2.TemplateError, templates: Path | None
) -> Location | None:
    """Return where in a custom template `exc` happened, or None if not in one."""
    if templates is None:
        return None
    folder = templates.resolve()
    if isinstance(exc, jinja2.TemplateSyntaxError):
        candidates = [(exc.filename or "", exc.lineno)]
    else:
        # Jinja gives template frames the template's file name and line, so
        # the innermost frame inside the folder is where the error happened.
        frames = traceback.walk_tb(exc.__traceback__)
        candidates = [(frame.f_code.co_filename, line) for frame, line in frames]
        candidates.reverse()
    for name, line in candidates:
        if _is_inside(name, folder):
            return Location(_display_name(Path(name)), line=line)
    return None


def _is_inside(name: str, folder: Path) -> bool:
    try:
        Path(name).resolve().relative_to(folder)
    except (ValueError, OSError):
        return False
    return True


def _display_name(path: Path) -> str:
    """Return `path` relative to the working directory when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
