"""What `generate`, `check` and `runtime` do once their options are resolved.

Not a stage: the half of the command line that needs no Click. For each
output (a client, or a shared runtime package) it runs the pipeline, prints
the outcome through a `Console`, and `session` turns failures into exit
codes. cli.py calls it after parsing the command line and the
configuration; replay.py calls it directly when a recorded invocation comes
again and a spec or an output has changed, so that such a run does not
import Click.
Exit codes: 0 success (warnings allowed), 1 a bad spec or configuration, a
refused write, warnings in strict mode or stale output found by `check`,
3 an internal error, 130 Ctrl-C.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .console import Console, Progress, SpecProgress
from .diagnostics import Diagnostics, SpecError, shown
from .options import Options, RuntimeOptions
from .report import (
    UP_TO_DATE_DETAIL,
    Outcome,
    check_summary,
    format_diagnostic,
    outcome_line,
    summary_line,
    total_line,
)

if TYPE_CHECKING:
    from .write import WriteResult

__all__ = [
    "EXIT_FAILURE",
    "Failure",
    "check_all",
    "generate_all",
    "report_problems",
    "runtime_package",
    "session",
    "shown",
]

EXIT_FAILURE = 1
EXIT_INTERNAL = 3
# The shell's code for a process ended by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130


class Failure(Exception):
    """Stop the command with exit status 1; the reason was already printed."""


@contextmanager
def session(
    *,
    quiet: bool,
    verbose: bool,
    debug: bool,
    terminal: bool,
    passing: tuple[type[BaseException], ...] = (),
    writes: bool = True,
) -> Iterator[Console]:
    """Set up output levels and turn failures into exit codes.

    Exceptions of the `passing` types go up untouched (Click's own, which
    Click reports as usage errors). `writes` is False for the commands that
    only read, whose interruption leaves nothing to speak of.
    """
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    console = Console(quiet=quiet, verbose=verbose, terminal=terminal)
    try:
        _check_working_folder(console)
        yield console
    except Failure:
        sys.exit(EXIT_FAILURE)
    except KeyboardInterrupt:
        if writes:
            console.shout("interrupted; outputs not yet replaced are as they were")
        else:
            console.shout("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except passing:
        raise
    except Exception as exc:
        _internal_error(exc, debug=debug, console=console)
    finally:
        console.clear_status()


def generate_all(
    selected: list[Options],
    console: Console,
    runtimes: Sequence[RuntimeOptions] = (),
) -> None:
    """Generate every output; raise `Failure` if one of them failed.

    `runtimes` are shared runtime packages to write first; if one fails, no
    client is written, as they would require it.
    """
    from .pipeline import STAGES

    started = time.perf_counter()
    written = [_write_runtime(runtime, console) for runtime in runtimes]
    if any(outcome.failed for outcome in written):
        raise Failure()
    progress = Progress(console, specs=len(selected), stages=STAGES)
    outcomes = [
        _generate_one(options, console=console, progress=progress.spec(index))
        for index, options in enumerate(selected)
    ]
    everything = [*written, *outcomes]
    if len(everything) > 1:
        seconds = time.perf_counter() - started
        console.say(total_line(everything, seconds, runtimes=len(written)))
    if any(outcome.failed for outcome in everything):
        raise Failure()


def check_all(
    selected: list[Options],
    console: Console,
    *,
    fix: str,
    runtimes: Sequence[RuntimeOptions] = (),
) -> None:
    """Compare every output with the disk; raise `Failure` unless all are current.

    `fix` is the command that brings stale outputs up to date; `runtimes`
    are shared runtime packages to compare first.
    """
    from .pipeline import STAGES

    shared = [_check_runtime(runtime, console) for runtime in runtimes]
    # `check` compares with the disk where `generate` would write.
    stages = (*STAGES[:-1], "compare")
    progress = Progress(console, specs=len(selected), stages=stages)
    states = [
        _check_one(options, console=console, progress=progress.spec(index))
        for index, options in enumerate(selected)
    ]
    everything = [*shared, *states]
    if len(everything) > 1:
        console.say(check_summary(everything, runtimes=len(shared)))
    if "out of date" in everything:
        console.shout(f"to update, run: {fix}")
    if set(everything) != {"up to date"}:
        raise Failure()


def runtime_package(
    runtime: RuntimeOptions, *, check: bool, console: Console, fix: str
) -> None:
    """Write (or with `check`, compare) the shared runtime package `runtime`.

    Raise `Failure` when it cannot be written, or when `check` finds it out
    of date (`fix` is the command that updates it).
    """
    if not check:
        if _write_runtime(runtime, console).failed:
            raise Failure()
        return
    state = _check_runtime(runtime, console)
    if state == "out of date":
        console.shout(f"to update, run: {fix}")
    if state != "up to date":
        raise Failure()


def _write_runtime(runtime: RuntimeOptions, console: Console) -> Outcome:
    from .pipeline import generate_runtime
    from .write import WriteError

    started = time.perf_counter()
    diagnostics = Diagnostics()
    try:
        result = generate_runtime(
            runtime.output,
            runtime.package,
            templates=runtime.templates,
            diagnostics=diagnostics,
            keep_edits=runtime.strict,
        )
    except (SpecError, WriteError) as exc:
        report_problems(diagnostics, exc, strict=runtime.strict, console=console)
        return Outcome(failed=True, warnings=len(diagnostics.warnings))
    report_problems(diagnostics, None, strict=runtime.strict, console=console)
    seconds = time.perf_counter() - started
    return _written(runtime.output, result, diagnostics, console, seconds)


def _check_runtime(runtime: RuntimeOptions, console: Console) -> str:
    """Compare a runtime package with the disk: up to date, out of date or failed."""
    from .pipeline import check_runtime
    from .write import WriteError

    output = runtime.output
    diagnostics = Diagnostics()
    try:
        diff = check_runtime(output, runtime.package, templates=runtime.templates)
    except (SpecError, WriteError) as exc:
        report_problems(diagnostics, exc, strict=False, console=console, writes=False)
        return "failed"
    source = "this generator"
    if runtime.templates is not None:
        source += f" and the templates in {shown(runtime.templates)}"
    return _compared(output, diff, source, console)


def _generate_one(
    options: Options, *, console: Console, progress: SpecProgress
) -> Outcome:
    from .pipeline import generate as run_pipeline
    from .replay import cache_dir
    from .write import WriteError

    diagnostics = Diagnostics()
    progress.begin(shown(options.spec))
    try:
        result = run_pipeline(
            options, diagnostics=diagnostics, progress=progress, cache=cache_dir()
        )
    except (SpecError, WriteError) as exc:
        report_problems(diagnostics, exc, strict=options.strict, console=console)
        return Outcome(failed=True, warnings=len(diagnostics.warnings))
    report_problems(diagnostics, None, strict=options.strict, console=console)

    if result.up_to_date:
        console.detail(f"{shown(options.output)}: {UP_TO_DATE_DETAIL}")
    timings = progress.timings()
    return _written(
        options.output, result, diagnostics, console, progress.seconds(), timings
    )


def _written(
    folder: Path,
    result: WriteResult,
    diagnostics: Diagnostics,
    console: Console,
    seconds: float,
    timings: str = "",
) -> Outcome:
    """Print what a write did to `folder` (-v: each file) and return it as counts."""
    output = shown(folder)
    for path in result.written:
        console.detail(f"wrote {output}/{path}")
    for path in result.removed:
        console.detail(f"removed {output}/{path}")
    if timings:
        console.detail(f"{output}: {timings}")
    outcome = Outcome(
        written=len(result.written),
        unchanged=len(result.unchanged),
        removed=len(result.removed),
        warnings=len(diagnostics.warnings),
    )
    console.say(f"{output}: {outcome_line(outcome, seconds)}")
    return outcome


def _check_one(options: Options, *, console: Console, progress: SpecProgress) -> str:
    """Compare one spec's output with the disk: up to date, out of date or failed."""
    from .pipeline import check_output
    from .replay import cache_dir
    from .write import WriteError

    diagnostics = Diagnostics()
    progress.begin(shown(options.spec))
    try:
        diff = check_output(
            options, diagnostics=diagnostics, progress=progress, cache=cache_dir()
        )
    except (SpecError, WriteError) as exc:
        report_problems(
            diagnostics, exc, strict=options.strict, console=console, writes=False
        )
        return "failed"
    report_problems(
        diagnostics, None, strict=options.strict, console=console, writes=False
    )
    if options.strict and diagnostics.warnings:
        return "failed"
    return _compared(options.output, diff, shown(options.spec), console)


def _compared(folder: Path, diff: str, source: str, console: Console) -> str:
    """Print what comparing `folder` found and return its state.

    `source` is what the folder is out of date with, when it is.
    """
    if diff and _is_missing_or_empty(folder):
        # A diff would list the whole package as added: say it in one line.
        console.shout(f"{shown(folder)}: missing; nothing is generated yet")
        return "out of date"
    if diff:
        console.stdout(diff)
        console.shout(f"{shown(folder)}: out of date with {source}")
        return "out of date"
    console.say(f"{shown(folder)}: up to date")
    return "up to date"


def _is_missing_or_empty(folder: Path) -> bool:
    try:
        return not any(folder.iterdir())
    except FileNotFoundError:
        return True
    except OSError:
        return False


def report_problems(
    diagnostics: Diagnostics,
    exc: Exception | None,
    *,
    strict: bool,
    console: Console,
    writes: bool = True,
) -> None:
    """Print the diagnostics of one spec and, if it failed, the summary line.

    `writes` is False for the commands that never write (check, inspect),
    whose summary need not say that nothing was written.
    """
    from .write import WriteError

    for diagnostic in diagnostics:
        console.shout(format_diagnostic(diagnostic))
    if isinstance(exc, SpecError) and exc.diagnostic is not None:
        console.shout(format_diagnostic(exc.diagnostic))
    if isinstance(exc, WriteError):
        console.shout(f"error: {exc}")
    # A SpecError without a diagnostic only stops the run (errors already
    # collected, or warnings in strict mode); it is not a problem of its own.
    stopping = isinstance(exc, WriteError) or (
        isinstance(exc, SpecError) and exc.diagnostic
    )
    errors = len(diagnostics.errors) + (1 if stopping else 0)
    if exc is not None or (strict and diagnostics.warnings):
        if errors:
            why = "nothing was written" if writes else ""
        else:
            why = "warnings are errors in strict mode"
        summary = summary_line(errors, len(diagnostics.warnings))
        console.shout(f"failed: {summary}; {why}" if why else f"failed: {summary}")


def _check_working_folder(console: Console) -> None:
    """Fail clearly when the folder this process was started in is gone."""
    try:
        os.getcwd()
    except FileNotFoundError:
        # Most likely a run from inside the output folder replaced it.
        console.shout(
            "error: the working folder no longer exists (a run from inside an "
            'output folder replaces that folder); run `cd "$PWD"` or change to '
            "another folder, then run again"
        )
        raise Failure() from None


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
