"""The five stages in order: load -> build -> render -> format -> write.

`generate_plan` runs the first four and returns the files to write, so tests
and `check` can stop before the disk; `generate` also writes them.
"""

from __future__ import annotations

from pathlib import Path

from .build import build_api
from .diagnostics import Diagnostics, SpecError
from .format import FORMATTER, format_plan
from .load import load_spec
from .options import Options
from .render import render_api
from .write import WriteResult, add_manifest, write_plan

__all__ = ["generate", "generate_plan"]


def generate_plan(options: Options, *, diagnostics: Diagnostics) -> dict[str, str]:
    """Return {relative path: final text} of the project `options` describe."""
    document = load_spec(options.spec, display_name=_display_name(options.spec))
    api = build_api(document, package=options.package, diagnostics=diagnostics)
    if diagnostics.errors:
        raise SpecError()
    plan = format_plan(render_api(api))
    return add_manifest(plan, formatter=FORMATTER)


def generate(options: Options, *, diagnostics: Diagnostics) -> WriteResult:
    """Generate the project and write it to `options.output`."""
    plan = generate_plan(options, diagnostics=diagnostics)
    if options.strict and diagnostics.warnings:
        raise SpecError()
    return write_plan(plan, options.output, diagnostics=diagnostics)


def _display_name(path: Path) -> str:
    """Return `path` relative to the working directory when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
