"""The five stages in order: load -> build -> render -> format -> write.

`generate_plan` runs the first four and returns the files to write, so tests
and `check` can stop before the disk; it reads the output folder only to
skip formatting files that are formatted there already. `generate` also
writes them, and `check_output` compares them with the disk. Nothing here
prints: a caller that shows progress passes a `progress` callback, which is
told the name of each stage as it starts.

Given a `cache` folder, `generate` and `check_output` first ask
`fingerprint.unchanged_output` whether the output is already what these
inputs make; if so, they load, build and render nothing (and jinja2 is not
even imported, which is why the stages are imported only when they run).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import (
    Diagnostic,
    Diagnostics,
    GeneratorBug,
    Location,
    Severity,
    SpecError,
    shown,
)
from .format import FORMATTER
from .options import Options
from .records import record
from .write import MANIFEST, WriteResult, diff_plan, refuse_link_loop, write_plan

if TYPE_CHECKING:

    from .ir import Api

__all__ = [
    "STAGES",
    "Progress",
    "check_output",
    "check_runtime",
    "generate",
    "generate_plan",
    "generate_runtime",
    "runtime_plan",
]

STAGES = ("load", "build", "render", "format", "write")

Progress = Callable[[str], None]


def _silent(stage: str) -> None:
    """Report no progress."""


@record(frozen=True)
class _Sources:
    """The hashes of the spec files one plan was made from."""

    spec: str
    related: dict[str, str]


def generate_plan(
    options: Options,
    *,
    diagnostics: Diagnostics,
    progress: Progress = _silent,
    cache: Path | None = None,
) -> dict[str, str]:
    """Return {relative path: final text} of the project `options` describe.

    `cache` is a folder where compiled templates may be kept between runs.
    """
    plan, _ = _make_plan(
        options, diagnostics=diagnostics, progress=progress, cache=cache
    )
    return plan


def generate(
    options: Options,
    *,
    diagnostics: Diagnostics,
    progress: Progress = _silent,
    cache: Path | None = None,
) -> WriteResult:
    """Generate the project and write it to `options.output`.

    With a `cache` folder, an output known to be up to date is left alone
    without running the stages (the result's `up_to_date` is then true).
    """
    refuse_link_loop(options.output)
    unchanged = _unchanged_output(options, cache=cache)
    if unchanged is not None:
        return WriteResult(unchanged=unchanged, up_to_date=True)
    plan, sources = _make_plan(
        options, diagnostics=diagnostics, progress=progress, cache=cache
    )
    if options.strict and diagnostics.warnings:
        raise SpecError()
    progress("write")
    result = write_plan(
        plan, options.output, diagnostics=diagnostics, keep_edits=options.strict
    )
    _record(options, plan, sources, diagnostics=diagnostics, cache=cache)
    return result


def check_output(
    options: Options,
    *,
    diagnostics: Diagnostics,
    progress: Progress = _silent,
    cache: Path | None = None,
) -> str:
    """Return a unified diff from `options.output` to what it should hold.

    The diff is empty when the output is up to date; with a `cache` folder,
    an output known to be up to date is not generated again to find out.
    """
    refuse_link_loop(options.output)
    if _unchanged_output(options, cache=cache) is not None:
        return ""
    plan, sources = _make_plan(
        options, diagnostics=diagnostics, progress=progress, cache=cache
    )
    progress("compare")
    diff = diff_plan(plan, options.output)
    if not diff:
        _record(options, plan, sources, diagnostics=diagnostics, cache=cache)
    return diff


def _make_plan(
    options: Options,
    *,
    diagnostics: Diagnostics,
    progress: Progress,
    cache: Path | None,
) -> tuple[dict[str, str], _Sources]:
    from .build import build_api
    from .load import load_spec
    from .render import custom_rendered, preformatted_paths
    from .write import reusable_files

    progress("load")
    document = load_spec(options.spec, display_name=shown(options.spec))
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
    # The build loaded every file a `$ref` reached.
    related = {path: doc.digest for path, doc in document.related.items()}
    sources = _Sources(spec=document.digest, related=related)
    progress("render")
    if options.templates is not None:
        _check_template_names(options.templates, diagnostics)
        _check_runtime_templates(options, diagnostics)
    rendered = _render(
        api, templates=options.templates, cache=cache, runtime=options.runtime
    )
    progress("format")
    # Files rendered as last time are taken from the disk, formatted already.
    previous = reusable_files(options.output, rendered, formatter=FORMATTER)
    # Those were checked when they were first written.
    checked = set(previous)
    # Built-in files with no template syntax are kept in black's style as written.
    for path in preformatted_paths(
        api.package, options.templates, runtime=options.runtime
    ):
        previous.setdefault(path, rendered[path])
    custom = custom_rendered(rendered, api.package, options.templates)
    plan = _format(
        rendered, previous, checked, templates=options.templates, custom=custom
    )
    return plan, sources


def _format(
    rendered: dict[str, str],
    previous: dict[str, str],
    checked: set[str],
    *,
    templates: Path | None,
    custom: dict[str, str],
) -> dict[str, str]:
    """Format `rendered` and add the manifest; the plan to write.

    `previous` holds the files formatted already, of which `checked` need
    no TOML check again; `custom` names the custom template of each path
    one rendered, to which an error in its output is reported.
    """
    from .format import format_plan
    from .write import add_manifest

    # What custom templates render is formatted whole; the rest in pieces.
    trusted = {path for path in rendered if path not in custom}
    try:
        formatted = format_plan(rendered, formatted=previous, trusted=trusted)
    except GeneratorBug as exc:
        if templates is None or exc.path not in custom:
            raise
        # Invalid Python from a custom template is the template's. The first
        # line of black's message names the rendered file, line and column.
        message = str(exc).splitlines()[0]
        lines = rendered[exc.path].splitlines()
        if 0 < exc.line <= len(lines):
            message += f" ({lines[exc.line - 1].strip()[:60]!r})"
        message += "; fix the custom template"
        culprit = custom[exc.path]
        where = Location(shown(templates / culprit))
        raise SpecError(
            Diagnostic(Severity.ERROR, "template-error", message, where)
        ) from exc
    unchecked = {p: text for p, text in formatted.items() if p not in checked}
    _check_toml(unchecked, templates=templates, custom=custom)
    return add_manifest(formatted, rendered=rendered, formatter=FORMATTER)


def runtime_plan(
    output: Path,
    package: str,
    *,
    templates: Path | None = None,
    diagnostics: Diagnostics | None = None,
) -> dict[str, str]:
    """Return {relative path: final text} of a shared runtime package.

    The package is the same for every spec, so there is nothing to load or
    build: only to render, format and add the manifest.
    """
    from .render import preformatted_paths, render_runtime, runtime_template_for
    from .write import reusable_files

    if templates is not None and diagnostics is not None:
        _check_template_names(templates, diagnostics)
    try:
        rendered = render_runtime(package, templates=templates)
    except Exception as exc:
        location = _custom_template_location(exc, templates)
        if location is None:
            raise
        message = f"{type(exc).__name__}: {exc}; fix the custom template"
        error = Diagnostic(Severity.ERROR, "template-error", message, location)
        raise SpecError(error) from exc
    previous = reusable_files(output, rendered, formatter=FORMATTER)
    checked = set(previous)
    for path in preformatted_paths(package, templates):
        previous.setdefault(path, rendered[path])
    custom = {}
    if templates is not None:
        for path in rendered:
            name = runtime_template_for(path, package)
            if name is not None and (templates / name).exists():
                custom[path] = name
    return _format(rendered, previous, checked, templates=templates, custom=custom)


def generate_runtime(
    output: Path,
    package: str,
    *,
    diagnostics: Diagnostics,
    templates: Path | None = None,
    keep_edits: bool = False,
) -> WriteResult:
    """Write the shared runtime package `package` to `output`.

    With `keep_edits` (--strict), a warning stops the run before anything is
    written, and a file edited by hand stops the write.
    """
    refuse_link_loop(output)
    plan = runtime_plan(output, package, templates=templates, diagnostics=diagnostics)
    if keep_edits and diagnostics.warnings:
        raise SpecError()
    return write_plan(plan, output, diagnostics=diagnostics, keep_edits=keep_edits)


def check_runtime(output: Path, package: str, *, templates: Path | None = None) -> str:
    """Return a unified diff from `output` to the runtime package it should hold."""
    refuse_link_loop(output)
    return diff_plan(runtime_plan(output, package, templates=templates), output)


def _check_template_names(templates: Path, diagnostics: Diagnostics) -> None:
    """Warn of a template whose name is a near miss of a built-in one.

    Other files in the folder are legitimate (a template may include them),
    but `modle.py.jinja` most likely meant to replace `model.py.jinja`.
    """
    import difflib

    from .jinja_env import templates_dir

    known = sorted(path.name for path in templates_dir().glob("*.jinja"))
    for path in sorted(templates.glob("*.jinja")):
        close = difflib.get_close_matches(path.name, known, n=1, cutoff=0.8)
        # Only a file can be a template (and only files make the folder's hash).
        if path.name not in known and close and path.is_file():
            diagnostics.warning(
                "unknown-template",
                f"{path.name} replaces no built-in template, so it is used only "
                f"if another template includes it; did you mean {close[0]}?",
                Location(shown(path)),
            )


def _check_runtime_templates(options: Options, diagnostics: Diagnostics) -> None:
    """Warn of a custom runtime template that a client on a shared runtime skips."""
    from .render import PREFORMATTED_TEMPLATES

    if options.runtime is None or options.templates is None:
        return
    for name, module in PREFORMATTED_TEMPLATES.items():
        path = options.templates / name
        if path.is_file():
            diagnostics.warning(
                "unused-template",
                f"{name} is not used: this client imports {module} from the "
                f"shared runtime {options.runtime!r}; change it there (`generator "
                "runtime --templates`, or `templates` in the [runtime] table)",
                Location(shown(path)),
            )


def _check_toml(
    plan: dict[str, str], *, templates: Path | None, custom: dict[str, str]
) -> None:
    """Fail on a TOML file (pyproject.toml) that does not parse.

    black checks the Python files; an installer would be the first to read
    this one. From a custom template (`custom`: path -> template name) it is
    the user's error, else ours.
    """
    toml = {path: text for path, text in plan.items() if path.endswith(".toml")}
    if not toml:
        return
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    for path, text in toml.items():
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = f"rendered {path} is not valid TOML: {exc}"
            if templates is None or path not in custom:
                raise GeneratorBug(message) from exc
            where = Location(shown(templates / custom[path]))
            diagnostic = Diagnostic(
                Severity.ERROR,
                "template-error",
                f"{message}; fix the custom template",
                where,
            )
            raise SpecError(diagnostic) from exc


def _unchanged_output(options: Options, *, cache: Path | None) -> list[str] | None:
    if cache is None:
        return None
    from .fingerprint import unchanged_output

    return unchanged_output(options, cache=cache, formatter=FORMATTER)


def _record(
    options: Options,
    plan: dict[str, str],
    sources: _Sources,
    *,
    diagnostics: Diagnostics,
    cache: Path | None,
) -> None:
    """Remember a run that printed nothing, so the next one can skip it all."""
    # A run with warnings is done in full each time, so they are shown again.
    if cache is None or diagnostics.items:
        return
    from .fingerprint import record_run

    record_run(
        options,
        manifest=plan[MANIFEST],
        spec=sources.spec,
        related=sources.related,
        cache=cache,
        formatter=FORMATTER,
    )


def _render(
    api: Api, *, templates: Path | None, cache: Path | None, runtime: str | None
) -> dict[str, str]:
    """Render `api`; an error inside a custom template is the user's, not ours."""
    import jinja2

    from .render import render_api

    code = ""
    if cache is not None:
        from .fingerprint import code_fingerprint

        code = code_fingerprint()
    try:
        return render_api(
            api, templates=templates, cache=cache, code=code, runtime=runtime
        )
    except Exception as exc:
        # Any exception raised while a custom template runs (a division by
        # zero, a filter called wrongly) is the template's, not ours.
        location = _custom_template_location(exc, templates)
        if location is None:
            raise
        if isinstance(exc, jinja2.TemplateError) and exc.message:
            problem = exc.message
        else:
            problem = f"{type(exc).__name__}: {exc}"
        message = f"{problem}; fix the custom template"
        error = Diagnostic(Severity.ERROR, "template-error", message, location)
        raise SpecError(error) from exc


def _custom_template_location(
    exc: Exception, templates: Path | None
) -> Location | None:
    """Return where in a custom template `exc` happened, or None if not in one."""
    import jinja2

    if templates is None:
        return None
    folder = templates.resolve()
    if isinstance(exc, jinja2.TemplateSyntaxError):
        candidates = [(exc.filename or "", exc.lineno)]
    else:
        # Jinja gives template frames the template's file name and line, so
        # the innermost frame inside the folder is where the error happened.
        import traceback

        frames = traceback.walk_tb(exc.__traceback__)
        candidates = [(frame.f_code.co_filename, line) for frame, line in frames]
        candidates.reverse()
    for name, line in candidates:
        if _is_inside(name, folder):
            return Location(shown(Path(name)), line=line)
    return None


def _is_inside(name: str, folder: Path) -> bool:
    try:
        Path(name).resolve().relative_to(folder)
    except (ValueError, OSError):
        return False
    return True
