"""Command line: options -> pipeline -> report -> exit code.

The only module that prints. Messages go to stderr through `_say` and
`_shout`; stdout carries only what is meant for pipes (the diff of `check`).
Exit codes: 0 success (warnings allowed), 1 a bad spec or configuration, a
refused write, warnings under --strict or stale output found by `check`,
2 a wrong command line (Click's own), 3 an internal error.
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .config import (
    ConfigError,
    default_package,
    find_config,
    is_package_name,
    read_config,
)
from .diagnostics import Diagnostics, GeneratorBug, SpecError
from .options import Options
from .report import format_diagnostic, plural, summary_line

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILURE = 1
EXIT_INTERNAL = 3


class _Failure(Exception):
    """Stop the command with exit status 1; the reason was already printed."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="generator")
def main() -> None:
    """Generate typed Python clients from OpenAPI 3 descriptions."""


def _common_options(function: F) -> F:
    decorators = [
        click.argument(
            "spec", required=False, type=click.Path(dir_okay=False, path_type=Path)
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder of the generated project (default: from pyproject.toml, "
            "else SPEC's name + '-client').",
        ),
        click.option("--package", help="Import name of the generated package."),
        click.option("--strict", is_flag=True, help="Treat warnings as errors."),
        click.option("-q", "--quiet", is_flag=True, help="Print only errors."),
        click.option("-v", "--verbose", is_flag=True, help="Print every file written."),
        click.option(
            "--debug", is_flag=True, help="Show tracebacks and internal logs."
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


@main.command()
@_common_options
def generate(**arguments: Any) -> None:
    """Generate a client project from SPEC, or from every spec in pyproject.toml."""
    with _session(arguments) as say:
        for options in _resolve_options(arguments):
            _generate_one(options, say=say, verbose=arguments["verbose"])


@main.command()
@_common_options
def check(**arguments: Any) -> None:
    """Exit 1 and print a diff if the generated project is not up to date."""
    with _session(arguments) as say:
        stale = [
            options
            for options in _resolve_options(arguments)
            if not _check_one(options, say=say)
        ]
        if stale:
            _shout("to update, run: generator generate")
            raise _Failure()


def _generate_one(
    options: Options, *, say: Callable[[str], None], verbose: bool
) -> None:
    from .pipeline import generate as run_pipeline
    from .write import WriteError

    started = time.perf_counter()
    diagnostics = Diagnostics()
    try:
        result = run_pipeline(options, diagnostics=diagnostics)
    except (SpecError, WriteError) as exc:
        _report(diagnostics, exc, strict=options.strict)
        raise _Failure() from exc
    _report(diagnostics, None, strict=options.strict)
    output = _shown(options.output)
    if verbose:
        for path in result.written:
            say(f"wrote {output}/{path}")
        for path in result.removed:
            say(f"removed {output}/{path}")
    seconds = time.perf_counter() - started
    counts = (
        f"{len(result.written)} written, {len(result.unchanged)} unchanged, "
        f"{len(result.removed)} removed"
    )
    warnings = plural(len(diagnostics.warnings), "warning")
    say(f"{output}: {counts}; {warnings} ({seconds:.2f} s)")


def _check_one(options: Options, *, say: Callable[[str], None]) -> bool:
    from .pipeline import generate_plan
    from .write import WriteError, diff_plan

    diagnostics = Diagnostics()
    try:
        plan = generate_plan(options, diagnostics=diagnostics)
        diff = diff_plan(plan, options.output)
    except (SpecError, WriteError) as exc:
        _report(diagnostics, exc, strict=options.strict)
        raise _Failure() from exc
    _report(diagnostics, None, strict=options.strict)
    if options.strict and diagnostics.warnings:
        raise _Failure()
    if diff:
        click.echo(diff, nl=False)
        _shout(f"{_shown(options.output)}: out of date with {_shown(options.spec)}")
        return False
    say(f"{_shown(options.output)}: up to date")
    return True


def _report(diagnostics: Diagnostics, exc: Exception | None, *, strict: bool) -> None:
    from .write import WriteError

    for diagnostic in diagnostics:
        _shout(format_diagnostic(diagnostic))
    if isinstance(exc, SpecError) and exc.diagnostic is not None:
        _shout(format_diagnostic(exc.diagnostic))
    if isinstance(exc, WriteError):
        _shout(f"error: {exc}")
    # A SpecError without a diagnostic only stops the run (errors already
    # collected, or warnings under --strict); it is not a problem of its own.
    stopping = isinstance(exc, WriteError) or (
        isinstance(exc, SpecError) and exc.diagnostic
    )
    errors = len(diagnostics.errors) + (1 if stopping else 0)
    if exc is not None or (strict and diagnostics.warnings):
        why = "nothing was written" if errors else "warnings are errors under --strict"
        _shout(f"failed: {summary_line(errors, len(diagnostics.warnings))}; {why}")


def _resolve_options(arguments: dict[str, Any]) -> list[Options]:
    """Turn the command line and pyproject.toml into one `Options` per spec."""
    configured = _configured_options()
    spec: Path | None = arguments["spec"]
    if spec is None:
        if not configured:
            raise click.UsageError(
                "no SPEC given and no [tool.generator] specs in pyproject.toml; "
                "pass a spec file, for example: generator generate api.yaml"
            )
        selected = configured
    else:
        if not spec.is_file():
            raise click.BadParameter(
                f"file {str(spec)!r} does not exist", param_hint="'SPEC'"
            )
        match = [o for o in configured if o.spec.resolve() == spec.resolve()]
        output = Path.cwd() / f"{spec.stem}-client"
        selected = match or [
            Options(spec=spec, output=output, package=default_package(output))
        ]

    overrides: dict[str, Any] = {}
    if arguments["output"] is not None:
        overrides["output"] = arguments["output"]
        overrides["package"] = default_package(arguments["output"])
    if arguments["package"] is not None:
        if not is_package_name(arguments["package"]):
            raise click.BadParameter(
                "must be a valid Python identifier and not a keyword",
                param_hint="'--package'",
            )
        overrides["package"] = arguments["package"]
    if arguments["strict"]:
        overrides["strict"] = True
    if overrides and len(selected) > 1 and "output" in overrides:
        raise click.UsageError(
            "--output needs a SPEC when several specs are configured"
        )
    return [replace(options, **overrides) for options in selected]


def _configured_options() -> list[Options]:
    path = find_config(Path.cwd())
    if path is None:
        return []
    try:
        return [entry.options for entry in read_config(path)]
    except ConfigError as exc:
        _shout(f"error: {exc}")
        raise _Failure() from exc


@contextmanager
def _session(arguments: dict[str, Any]) -> Iterator[Callable[[str], None]]:
    """Set up output levels and turn failures into exit codes."""
    debug = arguments["debug"]
    if debug:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")

    def say(message: str) -> None:
        if not arguments["quiet"]:
            click.echo(message, err=True)

    try:
        yield say
    except _Failure:
        sys.exit(EXIT_FAILURE)
    except click.ClickException:
        raise
    except GeneratorBug as exc:
        _internal_error(exc, debug=debug)
    except Exception as exc:
        _internal_error(exc, debug=debug)


def _internal_error(exc: Exception, *, debug: bool) -> None:
    if debug:
        _shout("".join(traceback.format_exception(exc)).rstrip())
    _shout(
        f"internal error: {type(exc).__name__}: {exc}\n"
        "This is a bug in the generator, not in your spec. Run again with --debug "
        "and report the traceback."
    )
    sys.exit(EXIT_INTERNAL)


def _shown(path: Path) -> str:
    """Return `path` relative to the working directory when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _shout(message: str) -> None:
    click.echo(message, err=True)
