"""Command line: options -> pipeline -> report -> exit code.

The only module that prints. Messages go to stderr through a `Console`,
which knows the output level (-q, default, -v) and, on a terminal, keeps a
status line with a progress bar that it erases before any other message;
stdout carries only what is meant for pipes (the diff of `check`).
Exit codes: 0 success (warnings allowed), 1 a bad spec or configuration, a
refused write, warnings under --strict or stale output found by `check`,
2 a wrong command line (Click's own), 3 an internal error.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .config import (
    ConfigError,
    config_search,
    default_package,
    package_name_problem,
    read_config,
)
from .console import Console, Progress, SpecProgress
from .diagnostics import Diagnostics, SpecError
from .options import Options
from .records import replace
from .report import (
    UP_TO_DATE_DETAIL,
    Outcome,
    check_summary,
    format_diagnostic,
    outcome_line,
    plural,
    summary_line,
    total_line,
)
from .select import parse_selector

if TYPE_CHECKING:
    from .inspect import Report

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILURE = 1
EXIT_INTERNAL = 3
# The shell's code for a process ended by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130


class _Failure(Exception):
    """Stop the command with exit status 1; the reason was already printed."""


def _print_version(
    context: click.Context, parameter: click.Parameter, value: bool
) -> None:
    if not value or context.resilient_parsing:
        return
    from . import __version__

    click.echo(f"generator, version {__version__}")
    context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def main() -> None:
    """Generate typed Python clients from OpenAPI 3 descriptions."""


def _check_includes(
    context: click.Context, parameter: click.Parameter, values: Sequence[str]
) -> tuple[str, ...]:
    for value in values:
        try:
            parse_selector(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), context, parameter) from exc
    return tuple(values)


def _common_options(function: F) -> F:
    decorators = [
        click.argument(
            "spec", required=False, type=click.Path(dir_okay=False, path_type=Path)
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder of the generated project (default: from the "
            "configuration, else SPEC's name + '-client').",
        ),
        click.option("--package", help="Import name of the generated package."),
        click.option(
            "--include",
            multiple=True,
            callback=_check_includes,
            metavar="SELECTOR",
            help="Generate only matching operations: tag:NAME, operation:NAME or "
            "path:GLOB (repeatable; replaces the configured list).",
        ),
        click.option(
            "--templates",
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            metavar="DIR",
            help="Folder of Jinja templates that replace built-in ones by name.",
        ),
        click.option("--strict", is_flag=True, help="Treat warnings as errors."),
        click.option("-q", "--quiet", is_flag=True, help="Print only problems."),
        click.option(
            "-v", "--verbose", is_flag=True, help="Print every file and stage time."
        ),
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
    """Generate a client project from SPEC, or from every configured spec."""
    with _session(arguments) as console:
        from .pipeline import STAGES

        selected = _resolve_options(arguments, console)
        _remember("generate", arguments, selected)
        started = time.perf_counter()
        progress = Progress(console, specs=len(selected), stages=STAGES)
        outcomes = [
            _generate_one(options, console=console, progress=progress.spec(index))
            for index, options in enumerate(selected)
        ]
        if len(outcomes) > 1:
            console.say(total_line(outcomes, time.perf_counter() - started))
        if any(outcome.failed for outcome in outcomes):
            raise _Failure()


@main.command()
@_common_options
def check(**arguments: Any) -> None:
    """Exit 1 and print a diff if the generated project is not up to date."""
    with _session(arguments) as console:
        from .pipeline import STAGES

        # `check` compares with the disk where `generate` would write.
        stages = (*STAGES[:-1], "compare")
        selected = _resolve_options(arguments, console)
        _remember("check", arguments, selected)
        progress = Progress(console, specs=len(selected), stages=stages)
        states = [
            _check_one(options, console=console, progress=progress.spec(index))
            for index, options in enumerate(selected)
        ]
        if len(states) > 1:
            console.say(check_summary(states))
        if "out of date" in states:
            console.shout(f"to update, run: {_fix_command(arguments)}")
        if set(states) != {"up to date"}:
            raise _Failure()


@main.command()
@_common_options
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the report as JSON to FILE, for CI to keep.",
)
def inspect(report_path: Path | None, **arguments: Any) -> None:
    """Report what SPEC generates, what fell back to Any, and why."""
    with _session(arguments) as console:
        from .inspect import inspect_spec

        reports = []
        for options in _resolve_options(arguments, console):
            diagnostics = Diagnostics()
            try:
                report = inspect_spec(options, diagnostics)
            except SpecError as exc:
                _report(diagnostics, exc, strict=options.strict, console=console)
                raise _Failure() from exc
            _print_inspection(report, console)
            reports.append(report)
        if report_path is not None:
            import json

            document = {"specs": [report.as_json() for report in reports]}
            text = json.dumps(document, indent=2, ensure_ascii=False)
            report_path.write_text(text + "\n", encoding="utf-8")
        if arguments["strict"] and any(r.warnings for r in reports):
            console.shout("failed: warnings are errors under --strict")
            raise _Failure()


def _print_inspection(report: Report, console: Console) -> None:
    operations, schemas = report.operations, report.schemas
    statuses = ("generated", "degraded", "skipped")
    op_counts = ", ".join(f"{report.count(operations, s)} {s}" for s in statuses)
    schema_counts = ", ".join(f"{report.count(schemas, s)} {s}" for s in statuses)
    console.stdout(
        f"{_shown(Path(report.spec))}: {plural(len(operations), 'operation')} "
        f"({op_counts}); {plural(len(schemas), 'schema')} ({schema_counts}); "
        f"{plural(report.warnings, 'warning')}\n"
    )
    for entry in [*operations, *schemas]:
        if entry.status == "degraded":
            where = f"line {entry.line}" if entry.line else entry.pointer
            for reason in entry.reasons:
                console.stdout(f"  {entry.kind} {entry.name} ({where}): {reason}\n")


def _generate_one(
    options: Options, *, console: Console, progress: SpecProgress
) -> Outcome:
    from .pipeline import generate as run_pipeline
    from .write import WriteError

    diagnostics = Diagnostics()
    progress.begin(_shown(options.spec))
    try:
        result = run_pipeline(
            options, diagnostics=diagnostics, progress=progress, cache=_cache_dir()
        )
    except (SpecError, WriteError) as exc:
        _report(diagnostics, exc, strict=options.strict, console=console)
        return Outcome(failed=True, warnings=len(diagnostics.warnings))
    _report(diagnostics, None, strict=options.strict, console=console)

    output = _shown(options.output)
    if result.up_to_date:
        console.detail(f"{output}: {UP_TO_DATE_DETAIL}")
    for path in result.written:
        console.detail(f"wrote {output}/{path}")
    for path in result.removed:
        console.detail(f"removed {output}/{path}")
    timings = progress.timings()
    if timings:
        console.detail(f"{output}: {timings}")
    outcome = Outcome(
        written=len(result.written),
        unchanged=len(result.unchanged),
        removed=len(result.removed),
        warnings=len(diagnostics.warnings),
    )
    console.say(f"{output}: {outcome_line(outcome, progress.seconds())}")
    return outcome


def _check_one(options: Options, *, console: Console, progress: SpecProgress) -> str:
    """Compare one spec's output with the disk: up to date, out of date or failed."""
    from .pipeline import check_output
    from .write import WriteError

    diagnostics = Diagnostics()
    progress.begin(_shown(options.spec))
    try:
        diff = check_output(
            options, diagnostics=diagnostics, progress=progress, cache=_cache_dir()
        )
    except (SpecError, WriteError) as exc:
        _report(diagnostics, exc, strict=options.strict, console=console)
        return "failed"
    _report(diagnostics, None, strict=options.strict, console=console)
    if options.strict and diagnostics.warnings:
        return "failed"
    if diff and _is_missing_or_empty(options.output):
        # A diff would list the whole package as added: say it in one line.
        console.shout(f"{_shown(options.output)}: missing; nothing is generated yet")
        return "out of date"
    if diff:
        console.stdout(diff)
        console.shout(
            f"{_shown(options.output)}: out of date with {_shown(options.spec)}"
        )
        return "out of date"
    console.say(f"{_shown(options.output)}: up to date")
    return "up to date"


def _is_missing_or_empty(folder: Path) -> bool:
    try:
        return not any(folder.iterdir())
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _fix_command(arguments: dict[str, Any]) -> str:
    """Return the `generate` command that refreshes what `check` found stale."""
    words = ["generator", "generate"]
    if arguments["spec"] is not None:
        words.append(str(arguments["spec"]))
    for flag, key in (("-o", "output"), ("--package", "package")):
        if arguments[key] is not None:
            words += [flag, str(arguments[key])]
    for entry in arguments["include"]:
        words += ["--include", entry]
    if arguments["templates"] is not None:
        words += ["--templates", str(arguments["templates"])]
    import shlex

    return shlex.join(words)


def _report(
    diagnostics: Diagnostics,
    exc: Exception | None,
    *,
    strict: bool,
    console: Console,
) -> None:
    from .write import WriteError

    for diagnostic in diagnostics:
        console.shout(format_diagnostic(diagnostic))
    if isinstance(exc, SpecError) and exc.diagnostic is not None:
        console.shout(format_diagnostic(exc.diagnostic))
    if isinstance(exc, WriteError):
        console.shout(f"error: {exc}")
    # A SpecError without a diagnostic only stops the run (errors already
    # collected, or warnings under --strict); it is not a problem of its own.
    stopping = isinstance(exc, WriteError) or (
        isinstance(exc, SpecError) and exc.diagnostic
    )
    errors = len(diagnostics.errors) + (1 if stopping else 0)
    if exc is not None or (strict and diagnostics.warnings):
        why = "nothing was written" if errors else "warnings are errors under --strict"
        console.shout(
            f"failed: {summary_line(errors, len(diagnostics.warnings))}; {why}"
        )


def _resolve_options(arguments: dict[str, Any], console: Console) -> list[Options]:
    """Turn the command line and the configuration into one `Options` per spec."""
    configured = _configured_options(console)
    spec: Path | None = arguments["spec"]
    output: Path | None = arguments["output"]
    if spec is None and not configured:
        raise click.UsageError(
            "no SPEC given and no specs configured in generator.toml or "
            "[tool.generator] of pyproject.toml; pass a spec file, for "
            "example: generator generate api.yaml"
        )
    if spec is None and output is not None and len(configured) > 1:
        raise click.UsageError(
            "--output needs a SPEC when several specs are configured"
        )
    if spec is not None and not spec.is_file():
        raise click.BadParameter(
            f"file {str(spec)!r} does not exist", param_hint="'SPEC'"
        )
    selected = configured if spec is None else _select(configured, spec, output)
    overrides = _overrides(arguments)
    resolved = [_override(options, output, overrides) for options in selected]
    # Which entry and which output were chosen depends on where these paths
    # lead, through any symbolic links: a replay must find them unchanged.
    paths = [spec, output] + [p for o in [*configured, *resolved] for p in o.paths()]
    _resolved_paths[:] = sorted({(str(p), os.path.realpath(p)) for p in paths if p})
    return resolved


def _select(
    configured: list[Options], spec: Path, output: Path | None
) -> list[Options]:
    """Return the configured entry for `spec` (and `output`), or a new one."""
    matches = [o for o in configured if _same_path(o.spec, spec)]
    if output is not None:
        # A spec configured more than once: -o picks the entry by its output.
        matches = [o for o in matches if _same_path(o.output, output)] or matches
    if matches:
        return matches[:1]
    default = Path.cwd() / f"{spec.stem}-client"
    return [Options(spec=spec, output=default, package=default_package(default))]


def _override(
    options: Options, output: Path | None, overrides: dict[str, Any]
) -> Options:
    """Apply the command line to `options`; a new output implies its package name."""
    if output is not None and not _same_path(options.output, output):
        options = replace(options, output=output, package=default_package(output))
    return replace(options, **overrides)


def _same_path(first: Path, second: Path) -> bool:
    return first.resolve() == second.resolve()


def _overrides(arguments: dict[str, Any]) -> dict[str, Any]:
    """Return the `Options` fields the command line sets, besides the output."""
    overrides: dict[str, Any] = {}
    if arguments["package"] is not None:
        problem = package_name_problem(arguments["package"])
        if problem is not None:
            raise click.BadParameter(problem, param_hint="'--package'")
        overrides["package"] = arguments["package"]
    if arguments["include"]:
        overrides["include"] = arguments["include"]
    if arguments["templates"] is not None:
        overrides["templates"] = arguments["templates"]
    if arguments["strict"]:
        overrides["strict"] = True
    return overrides


# The configuration files the last search looked at, with their hashes taken
# before reading, and the paths the options were resolved through, with the
# real paths they led to: what `_remember` records for a replay.
_config_files: list[tuple[str, str | None]] = []
_resolved_paths: list[tuple[str, str]] = []


def _configured_options(console: Console) -> list[Options]:
    from .replay import file_digest

    looked, path = config_search(Path.cwd())
    _config_files[:] = [(str(file), file_digest(file)) for file in looked]
    if path is None:
        return []
    try:
        return [entry.options for entry in read_config(path)]
    except ConfigError as exc:
        console.shout(exc.describe(_shown(exc.path)))
        console.shout(f"failed: {summary_line(1, 0)}; nothing was written")
        raise _Failure() from exc


@contextmanager
def _session(arguments: dict[str, Any]) -> Iterator[Console]:
    """Set up output levels and turn failures into exit codes."""
    if arguments["quiet"] and arguments["verbose"]:
        raise click.UsageError("-q/--quiet and -v/--verbose cannot be used together")
    debug = arguments["debug"]
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    console = Console(
        quiet=arguments["quiet"],
        verbose=arguments["verbose"],
        terminal=_stderr_is_terminal(),
    )
    try:
        _check_working_folder()
        yield console
    except _Failure:
        sys.exit(EXIT_FAILURE)
    except KeyboardInterrupt:
        console.shout("interrupted; outputs not yet replaced are as they were")
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException:
        raise
    except Exception as exc:
        _internal_error(exc, debug=debug, console=console)
    finally:
        console.clear_status()


def _check_working_folder() -> None:
    """Fail clearly when the folder this process was started in is gone."""
    try:
        os.getcwd()
    except FileNotFoundError:
        # Most likely a run from inside the output folder replaced it.
        click.echo(
            "error: the working folder no longer exists (a run from inside an "
            'output folder replaces that folder); run `cd "$PWD"` or change to '
            "another folder, then run again",
            err=True,
        )
        raise _Failure() from None


def _cache_dir() -> Path | None:
    from .replay import cache_dir

    return cache_dir()


def _remember(command: str, arguments: dict[str, Any], selected: list[Options]) -> None:
    """Record this invocation so that an identical one can be answered early."""
    if arguments["debug"]:
        return
    from .replay import record_invocation

    level = "quiet" if arguments["quiet"] else "default"
    if arguments["verbose"]:
        level = "verbose"
    outputs = [(_shown(options.output), _plain(options)) for options in selected]
    record_invocation(
        command=command,
        level=level,
        outputs=outputs,
        config_files=_config_files,
        paths=_resolved_paths,
    )


def _plain(options: Options) -> dict[str, Any]:
    """Return `options` as JSON values, as `replay` reads them back."""
    return {
        "spec": str(options.spec),
        "output": str(options.output),
        "package": options.package,
        "strict": options.strict,
        "include": list(options.include),
        "renames": [list(pair) for pair in options.renames],
        "templates": None if options.templates is None else str(options.templates),
    }


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _internal_error(exc: Exception, *, debug: bool, console: Console) -> None:
    if debug:
        import traceback

        console.shout("".join(traceback.format_exception(exc)).rstrip())
    console.shout(
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
    except FileNotFoundError:
        # Run from inside the output folder, which the new package replaced.
        return str(path)
