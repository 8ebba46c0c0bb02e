"""Command line: arguments and configuration -> options -> commands.

Parses the command line with Click, reads the configuration, resolves one
`Options` per output and records the invocation for `replay`; the commands
themselves (generate and check for each output, their messages and exit
codes) live in commands.py, which needs no Click. Messages go to stderr
through a `Console`, which knows the output level (-q, default, -v) and, on
a terminal, keeps a status line with a progress bar that it erases before
any other message; stdout carries only what is meant for pipes (the diff of
`check`, the report of `inspect`).
Exit codes: 0 success (warnings allowed), 1 a bad spec or configuration, a
refused write, warnings in strict mode or stale output found by `check`,
2 a wrong command line (Click's own), 3 an internal error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .commands import (
    Failure,
    check_all,
    generate_all,
    report_problems,
    runtime_package,
    session,
    shown,
)
from .config import (
    SAME_RUNTIME,
    ConfigError,
    config_search,
    default_package,
    package_name_problem,
    read_config,
    same_distribution,
)
from .console import Console
from .diagnostics import Diagnostics, SpecError
from .options import Options, RuntimeOptions
from .records import replace
from .report import plural, summary_line
from .select import parse_selector
from .write import is_link_loop

if TYPE_CHECKING:
    from .inspect import Report

F = TypeVar("F", bound=Callable[..., Any])


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


class _Folder(click.Path):
    """A folder to write; a blank value (say, an unset `$OUT`) is refused.

    Taken as it is, it would name the current folder.
    """

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=Path)

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("the path is blank; write . for the current folder", param, ctx)
        return super().convert(value, param, ctx)


def _common_options(function: F) -> F:
    decorators = [
        click.argument(
            "spec", required=False, type=click.Path(dir_okay=False, path_type=Path)
        ),
        click.option(
            "-o",
            "--output",
            type=_Folder(),
            help="Folder of the generated project (default: from the "
            "configuration, else SPEC's name + '-client').",
        ),
        click.option("--package", help="Import name of the generated package."),
        click.option(
            "--runtime",
            metavar="NAME",
            help="Import the runtime modules from the shared package NAME (made "
            "by `generator runtime`) instead of writing a copy into the package.",
        ),
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
        selected = _resolve_options(arguments, console)
        runtimes = _runtimes(arguments, selected)
        if not runtimes:
            _remember("generate", arguments, selected)
        generate_all(selected, console, runtimes)


@main.command()
@_common_options
def check(**arguments: Any) -> None:
    """Exit 1 and print a diff if the generated project is not up to date."""
    with _session(arguments, writes=False) as console:
        selected = _resolve_options(arguments, console)
        runtimes = _runtimes(arguments, selected)
        if not runtimes:
            _remember("check", arguments, selected)
        fix = _fix_command(arguments)
        check_all(selected, console, fix=fix, runtimes=runtimes)


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
    with _session(arguments, writes=False) as console:
        from .inspect import inspect_spec

        reports = []
        strict = False
        for options in _resolve_options(arguments, console):
            diagnostics = Diagnostics()
            try:
                report = inspect_spec(options, diagnostics)
            except SpecError as exc:
                report_problems(
                    diagnostics,
                    exc,
                    strict=options.strict,
                    console=console,
                    writes=False,
                )
                raise Failure() from exc
            _print_inspection(report, console)
            reports.append(report)
            # --strict, or `strict = true` for this spec in the configuration.
            strict = strict or (options.strict and bool(report.warnings))
        if report_path is not None:
            import json

            document = {"specs": [report.as_json() for report in reports]}
            text = json.dumps(document, indent=2, ensure_ascii=False)
            try:
                report_path.write_text(text + "\n", encoding="utf-8")
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                console.shout(f"error: cannot write the report {report_path}: {reason}")
                raise Failure() from exc
        if strict:
            console.shout("failed: warnings are errors in strict mode")
            raise Failure()


@main.command()
@click.argument("output", type=_Folder())
@click.option(
    "--package",
    help="Import name of the runtime package (default: OUTPUT's name in "
    "snake_case).",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="Folder of Jinja templates that replace built-in ones by name.",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 and print a diff if OUTPUT is not up to date.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Print every file written.")
@click.option("--debug", is_flag=True, help="Show tracebacks and internal logs.")
def runtime(
    output: Path,
    package: str | None,
    templates: Path | None,
    check_only: bool,
    **arguments: Any,
) -> None:
    """Write the runtime package that clients made with --runtime share.

    It holds the modules every client otherwise carries a copy of (models,
    calls, clients, errors); its clients require it at this generator's
    version.
    """
    if is_link_loop(output):
        raise click.BadParameter(
            f"{str(output)!r} goes through a symbolic link that leads back to "
            "itself",
            param_hint="'OUTPUT'",
        )
    if package is None:
        package = default_package(output, kind="runtime")
    else:
        problem = package_name_problem(package, kind="runtime")
        if problem is not None:
            raise click.BadParameter(problem, param_hint="'--package'")
    words = ["generator", "runtime", str(output), "--package", package]
    if templates is not None:
        words += ["--templates", str(templates)]
    import shlex

    with _session(arguments, writes=not check_only) as console:
        runtime_package(
            RuntimeOptions(output, package, templates=templates),
            check=check_only,
            console=console,
            fix=shlex.join(words),
        )


def _print_inspection(report: Report, console: Console) -> None:
    operations, schemas = report.operations, report.schemas
    statuses = ("generated", "degraded", "skipped")
    op_counts = ", ".join(f"{report.count(operations, s)} {s}" for s in statuses)
    schema_counts = ", ".join(f"{report.count(schemas, s)} {s}" for s in statuses)
    console.stdout(
        f"{shown(Path(report.spec))}: {plural(len(operations), 'operation')} "
        f"({op_counts}); {plural(len(schemas), 'schema')} ({schema_counts}); "
        f"{plural(report.warnings, 'warning')}\n"
    )
    for entry in [*operations, *schemas]:
        if entry.status == "degraded":
            where = f"line {entry.line}" if entry.line else entry.pointer
            for reason in entry.reasons:
                console.stdout(f"  {entry.kind} {entry.name} ({where}): {reason}\n")


def _fix_command(arguments: dict[str, Any]) -> str:
    """Return the `generate` command that refreshes what `check` found stale."""
    words = ["generator", "generate"]
    spec = None if arguments["spec"] is None else str(arguments["spec"])
    if spec is not None and not spec.startswith("-"):
        words.append(spec)
    for flag, key in (
        ("-o", "output"),
        ("--package", "package"),
        ("--runtime", "runtime"),
    ):
        if arguments[key] is not None:
            words += [flag, str(arguments[key])]
    for entry in arguments["include"]:
        words += ["--include", entry]
    if arguments["templates"] is not None:
        words += ["--templates", str(arguments["templates"])]
    if spec is not None and spec.startswith("-"):
        # After `--`, a spec named like an option is still the spec.
        words += ["--", spec]
    import shlex

    return shlex.join(words)


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
    if spec is None and len(configured) > 1:
        for name, given in (("--output", output), ("--package", arguments["package"])):
            if given is not None:
                raise click.UsageError(
                    f"{name} needs a SPEC when several specs are configured"
                )
    for path, hint in ((spec, "'SPEC'"), (output, "'-o' / '--output'")):
        if path is not None and is_link_loop(path):
            raise click.BadParameter(
                f"{str(path)!r} goes through a symbolic link that leads back to "
                "itself",
                param_hint=hint,
            )
    if spec is not None and not spec.is_file():
        problem = "is not a regular file" if spec.exists() else "does not exist"
        raise click.BadParameter(f"file {str(spec)!r} {problem}", param_hint="'SPEC'")
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
    options = replace(options, **overrides)
    if same_distribution(options.runtime, options.package):
        if "runtime" in overrides:
            raise click.BadParameter(
                f"{options.runtime!r} {SAME_RUNTIME}", param_hint="'--runtime'"
            )
        hint = "'--package'" if "package" in overrides else "'-o' / '--output'"
        raise click.BadParameter(
            f"the client's package {options.package!r} would install as the "
            f"shared runtime {options.runtime!r}; give the client another name",
            param_hint=hint,
        )
    return options


def _same_path(first: Path, second: Path) -> bool:
    # realpath, unlike Path.resolve, leaves a symbolic link loop unresolved
    # instead of raising; the write stage then says what is wrong with it.
    return os.path.realpath(first) == os.path.realpath(second)


def _overrides(arguments: dict[str, Any]) -> dict[str, Any]:
    """Return the `Options` fields the command line sets, besides the output."""
    overrides: dict[str, Any] = {}
    if arguments["package"] is not None:
        problem = package_name_problem(arguments["package"])
        if problem is not None:
            raise click.BadParameter(problem, param_hint="'--package'")
        overrides["package"] = arguments["package"]
    if arguments["runtime"] is not None:
        problem = package_name_problem(arguments["runtime"], kind="runtime")
        if problem is not None:
            raise click.BadParameter(problem, param_hint="'--runtime'")
        overrides["runtime"] = arguments["runtime"]
    if arguments["include"]:
        overrides["include"] = arguments["include"]
    if arguments["templates"] is not None:
        overrides["templates"] = arguments["templates"]
    if arguments["strict"]:
        overrides["strict"] = True
    return overrides


def _runtimes(
    arguments: dict[str, Any], selected: list[Options]
) -> list[RuntimeOptions]:
    """Return the configured shared runtimes a run over the configuration writes.

    Only a run over the whole configuration (no SPEC) writes them, and only
    those its clients still use after the command line's overrides; strict
    when one of those clients is.
    """
    if arguments["spec"] is not None:
        return []
    return [
        replace(runtime, strict=any(o.strict for o in users))
        for runtime in _runtime_outputs
        if (users := [o for o in selected if o.runtime == runtime.package])
    ]


# The configuration files the last search looked at, with their hashes taken
# before reading, and the paths the options were resolved through, with the
# real paths they led to: what `_remember` records for a replay.
_config_files: list[tuple[str, str | None]] = []
_resolved_paths: list[tuple[str, str]] = []
# The shared runtime package of the configuration (its `[runtime]` table).
_runtime_outputs: list[RuntimeOptions] = []


def _configured_options(console: Console) -> list[Options]:
    from .replay import file_digest

    looked, path = config_search(Path.cwd())
    _config_files[:] = [(str(file), file_digest(file)) for file in looked]
    _runtime_outputs.clear()
    if path is None:
        return []
    try:
        entries = read_config(path)
        shared = {e.shared_runtime for e in entries if e.shared_runtime is not None}
        _runtime_outputs.extend(shared)
        return [entry.options for entry in entries]
    except ConfigError as exc:
        console.shout(exc.describe(shown(exc.path)))
        console.shout(f"failed: {summary_line(1, 0)}; nothing was written")
        raise Failure() from exc


@contextmanager
def _session(arguments: dict[str, Any], *, writes: bool = True) -> Iterator[Console]:
    """Check the output level options, then run the command in a `session`."""
    if arguments["quiet"] and arguments["verbose"]:
        raise click.UsageError("-q/--quiet and -v/--verbose cannot be used together")
    with session(
        quiet=arguments["quiet"],
        verbose=arguments["verbose"],
        debug=arguments["debug"],
        terminal=_stderr_is_terminal(),
        passing=(click.ClickException,),
        writes=writes,
    ) as console:
        yield console


def _remember(command: str, arguments: dict[str, Any], selected: list[Options]) -> None:
    """Record this invocation so that an identical one can be answered early."""
    if arguments["debug"]:
        return
    from .replay import record_invocation

    level = "quiet" if arguments["quiet"] else "default"
    if arguments["verbose"]:
        level = "verbose"
    outputs = [(shown(options.output), _plain(options)) for options in selected]
    record_invocation(
        command=command,
        level=level,
        outputs=outputs,
        config_files=_config_files,
        paths=_resolved_paths,
        fix=_fix_command(arguments) if command == "check" else None,
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
        "runtime": options.runtime,
    }


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
