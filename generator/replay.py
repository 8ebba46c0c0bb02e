"""Answer an up-to-date command line again before parsing it.

Not a stage: the entry point of the command (`run`). In a build, the same
`generator generate ...` runs again and again with nothing changed; most of
such a run is spent importing the command-line machinery. So the command
line keeps, for each invocation it ran (`record_invocation`), what it
resolved: the options of each output and the configuration files it looked
at. When the very same arguments come again from the same folder, `replay`
checks those files and asks `fingerprint.unchanged_output` about every
output, the same question a full run asks first. If every output is up to
date, it prints what the full run would print and exits 0. If a spec or an
output changed, it runs the recorded options through commands.py, as the
command line would after parsing (a build that edits its spec and runs the
same command again spares Click). In every other case (no record, a
configuration file changed, a path leads elsewhere, a spec is gone), the
full command line runs. The record lives in the user's cache beside the
fingerprint records and may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .write import UNREADABLE

if TYPE_CHECKING:
    import click

    from .options import Options

__all__ = ["cache_dir", "file_digest", "record_invocation", "replay", "run"]

INVOCATIONS = "invocations"
# The arguments `run` passes to the command line; None when it was invoked
# some other way (a test's runner), which leaves nothing to record.
ARGUMENTS: list[str] | None = None


def run(prog_name: str | None = None) -> None:
    """Run the command line, answering an up-to-date invocation early."""
    global ARGUMENTS
    ARGUMENTS = sys.argv[1:]
    try:
        code = replay(ARGUMENTS)
        if code is None:
            from .cli import main
    except KeyboardInterrupt:
        # While the record is checked or the command line loads; a recorded
        # run and the command line have their own handlers.
        sys.stderr.write("interrupted; nothing was written\n")
        sys.exit(130)
    if code is not None:
        sys.exit(code)
    sys.exit(_command_line(main, ARGUMENTS, prog_name))


def _command_line(
    main: click.Command, arguments: list[str], prog_name: str | None
) -> int:
    """Run the Click command line and return its exit status.

    Click's own handling would answer an interrupt that comes while it parses
    (before a command's handler is in place) with `Aborted!` and status 1,
    the status of a failed check; here it exits 130 as it does everywhere.
    """
    import click

    try:
        result = main.main(args=arguments, prog_name=prog_name, standalone_mode=False)
    except click.Abort:
        sys.stderr.write("interrupted; outputs not yet replaced are as they were\n")
        return 130
    except click.ClickException as exc:  # a wrong command line: its usage, 2
        exc.show()
        return exc.exit_code
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    # What `--help` and `--version` exit with; a command returns None.
    return result if isinstance(result, int) else 0


def cache_dir() -> Path | None:
    """Return the generator's folder in the user's cache, or None if there is none.

    It keeps compiled templates and a record of each output's last run; it
    may be deleted at any time. `$XDG_CACHE_HOME` moves it, as on Linux.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not Path(base).is_absolute():
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder to be found
            return None
    return Path(base) / "generator"


def record_invocation(
    *,
    command: str,
    level: str,
    outputs: list[tuple[str, dict[str, Any]]],
    config_files: list[tuple[str, str | None]],
    paths: list[tuple[str, str]],
    fix: str | None = None,
) -> None:
    """Remember what this invocation resolved, for `replay` to check next time.

    `level` is "quiet", "default" or "verbose"; `outputs` holds, for each
    output in order, how it is shown and its options as plain values;
    `config_files` pairs each file the configuration search looked at with
    its hash (`file_digest`) taken before the configuration was read, and
    `paths` each path the options were resolved through with its real path.
    `fix` is the command a `check` names to bring stale outputs up to date.
    """
    cache = cache_dir()
    if ARGUMENTS is None or cache is None:
        return
    from .fingerprint import code_fingerprint

    try:
        where = os.getcwd()
        record = {
            # Another version may resolve the same command line otherwise.
            "code": code_fingerprint(),
            "arguments": ARGUMENTS,
            "folder": where,
            "command": command,
            "level": level,
            "outputs": [{"shown": shown, "options": o} for shown, o in outputs],
            "config": config_files,
            "paths": paths,
            "fix": fix,
        }
        folder = cache / INVOCATIONS
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / _record_name(ARGUMENTS, where)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
        os.replace(temporary, target)
    except (OSError, ValueError, TypeError):
        pass  # the next run only does the work again


def replay(arguments: list[str]) -> int | None:
    """Answer `arguments` from their record and return the exit status.

    An up-to-date run prints what the full run prints; a run with a changed
    spec or output runs the recorded options (a failure exits from within).
    None means the command line must run in full: no record of these
    arguments in this folder, a configuration file changed, a path leads
    elsewhere, or a path the command line checks is no longer what it was.
    """
    started = time.perf_counter()
    cache = cache_dir()
    try:
        where = os.getcwd()
        if cache is None:
            return None
        text = (cache / INVOCATIONS / _record_name(arguments, where)).read_text(
            encoding="utf-8"
        )
        record = json.loads(text)
        if record["arguments"] != arguments or record["folder"] != where:
            return None
        if any(file_digest(Path(p)) != digest for p, digest in record["config"]):
            return None
        if any(os.path.realpath(p) != real for p, real in record["paths"]):
            return None
        from .fingerprint import code_fingerprint

        if record["code"] != code_fingerprint() or not record["outputs"]:
            return None
        selected = [_options(entry["options"]) for entry in record["outputs"]]
        if not all(_as_the_command_line_found(options) for options in selected):
            return None
        if record["command"] == "check" and not isinstance(record["fix"], str):
            return None
        counts = _unchanged_counts(selected, cache)
    except UNREADABLE:
        return None
    if counts is None:
        return _run_recorded(record, selected)
    _print(record, counts, started)
    return 0


def _options(values: dict[str, Any]) -> Options:
    """Return the `Options` that `cli._plain` recorded as `values`."""
    from .options import Options

    return Options(
        spec=Path(values["spec"]),
        output=Path(values["output"]),
        package=values["package"],
        strict=values["strict"],
        include=tuple(values["include"]),
        renames=tuple((old, new) for old, new in values["renames"]),
        templates=None if values["templates"] is None else Path(values["templates"]),
        runtime=values.get("runtime"),
    )


def _as_the_command_line_found(options: Options) -> bool:
    """Tell whether the paths Click checks would pass its checks again.

    A spec that is gone or a templates folder that is no longer one is a
    usage error of the full command line (exit 2), not a failed run.
    """
    from .write import is_link_loop

    if not options.spec.is_file() or options.output.is_file():
        return False
    if is_link_loop(options.output):
        return False
    return options.templates is None or options.templates.is_dir()


def _unchanged_counts(selected: list[Options], cache: Path) -> list[int] | None:
    """Return the number of files of each output, or None if one may change."""
    from .fingerprint import unchanged_output
    from .format import FORMATTER

    counts = []
    for options in selected:
        files = unchanged_output(options, cache=cache, formatter=FORMATTER)
        if files is None:
            return None
        counts.append(len(files))
    return counts


def _run_recorded(record: dict[str, Any], selected: list[Options]) -> int:
    """Run the recorded command on its options, as the command line would."""
    from .commands import check_all, generate_all, session

    level = record["level"]
    with session(
        quiet=level == "quiet",
        verbose=level == "verbose",
        debug=False,
        terminal=sys.stderr.isatty(),
    ) as console:
        if record["command"] == "check":
            check_all(selected, console, fix=record["fix"])
        else:
            generate_all(selected, console)
    return 0


def _print(record: dict[str, Any], counts: list[int], started: float) -> None:
    """Write the lines an up-to-date run writes, at the record's output level."""
    from .report import (
        UP_TO_DATE_DETAIL,
        Outcome,
        check_summary,
        outcome_line,
        total_line,
    )

    if record["level"] == "quiet":
        return
    shown = [entry["shown"] for entry in record["outputs"]]
    lines = []
    if record["command"] == "check":
        lines = [f"{name}: up to date" for name in shown]
        if len(shown) > 1:
            lines.append(check_summary(["up to date"] * len(shown)))
    else:
        outcomes = [Outcome(unchanged=count) for count in counts]
        seconds = time.perf_counter() - started
        for name, outcome in zip(shown, outcomes, strict=True):
            if record["level"] == "verbose":
                lines.append(f"{name}: {UP_TO_DATE_DETAIL}")
            lines.append(f"{name}: {outcome_line(outcome, seconds / len(shown))}")
        if len(outcomes) > 1:
            lines.append(total_line(outcomes, seconds))
    sys.stderr.write("".join(f"{line}\n" for line in lines))


def _record_name(arguments: list[str], folder: str) -> str:
    key = json.dumps([arguments, folder]).encode("utf-8")
    return hashlib.sha256(key).hexdigest()[:32] + ".json"


def file_digest(path: Path) -> str | None:
    """Return the hash of the regular file at `path`, or None if there is none.

    Anything else (a folder, a FIFO, a device) is never read, as the search
    for a configuration file never reads it either.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # gone, or behind a link loop: the search skips it too
        return None
