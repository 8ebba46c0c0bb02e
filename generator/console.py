"""Terminal output of the CLI: levels, a status line, and stage progress.

`Console` prints to stderr by level (-q, default, -v) and, when stderr is a
terminal, keeps one status line with a progress bar that it erases before any
other message. `Progress` and `SpecProgress` count and time the pipeline's
stages. Only the command line (cli.py, commands.py) uses this module; the
pipeline itself prints nothing. Written without Click, so that a replayed
invocation can print without importing it.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from .report import progress_line

__all__ = ["PROGRESS_DELAY", "Console", "Progress", "SpecProgress"]

# A run shorter than this shows no progress bar, so quick runs do not flicker.
PROGRESS_DELAY = 0.5


class Console:
    """Print to stderr by level, with a status line on terminals."""

    def __init__(self, *, quiet: bool, verbose: bool, terminal: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose and not quiet
        self.terminal = terminal and not quiet
        self.started = time.monotonic()
        # One column short of the terminal, so the line never wraps.
        import shutil

        self.width = shutil.get_terminal_size().columns - 1
        self._status_width = 0
        # The status line to show once the delay has passed. A stage such as
        # formatting may start before then and last long, so a timer shows
        # the line at the delay even when no new stage begins.
        self._pending: str | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def say(self, message: str) -> None:
        """Print a message of the default level."""
        if not self.quiet:
            self.shout(message)

    def detail(self, message: str) -> None:
        """Print a message of the verbose level."""
        if self.verbose:
            self.shout(message)

    def shout(self, message: str) -> None:
        """Print a problem, which even --quiet shows."""
        self.clear_status()
        _write(sys.stderr, message + "\n")

    def stdout(self, text: str) -> None:
        """Write `text` to stdout, for pipes."""
        self.clear_status()
        _write(sys.stdout, text)

    def status(self, line: str) -> None:
        """Show `line` in place of the previous status line, on a terminal only."""
        if not self.terminal:
            return
        with self._lock:
            self._pending = line
            waited = time.monotonic() - self.started
            if waited >= PROGRESS_DELAY:
                self._draw()
            elif self._timer is None:
                self._timer = threading.Timer(PROGRESS_DELAY - waited, self._late_draw)
                self._timer.daemon = True
                self._timer.start()

    def clear_status(self) -> None:
        """Erase the status line, if one is shown, and forget the pending one."""
        with self._lock:
            self._pending = None
            if self._status_width:
                _write(sys.stderr, "\r" + " " * self._status_width + "\r")
                self._status_width = 0

    def _late_draw(self) -> None:
        with self._lock:
            self._draw()

    def _draw(self) -> None:
        if self._pending is None:
            return
        line = self._pending
        _write(sys.stderr, "\r" + line.ljust(self._status_width))
        self._status_width = len(line)


def _write(stream: TextIO, text: str) -> None:
    stream.write(text)
    stream.flush()


class Progress:
    """Count the stages of every spec of a run, and show them on the console."""

    def __init__(
        self, console: Console, *, specs: int, stages: tuple[str, ...]
    ) -> None:
        self.console = console
        self.stages = stages
        self.total = specs * len(stages)

    def spec(self, index: int) -> SpecProgress:
        """Return the progress callback of the spec at `index`."""
        return SpecProgress(self, first=index * len(self.stages))


class SpecProgress:
    """The pipeline's progress callback for one spec; it also times the stages."""

    def __init__(self, run: Progress, *, first: int) -> None:
        self.run = run
        self.first = first
        self.label = ""
        self.marks: list[tuple[str, float]] = []

    def begin(self, label: str) -> None:
        """Start the clock of the spec shown as `label`."""
        self.label = label
        self.marks = [("", time.perf_counter())]

    def __call__(self, stage: str) -> None:
        self.marks.append((stage, time.perf_counter()))
        done = self.first + self.run.stages.index(stage)
        console = self.run.console
        label = f"{self.label}: {stage}"
        console.status(progress_line(done, self.run.total, label, width=console.width))

    def seconds(self) -> float:
        """Return the time since `begin`."""
        return time.perf_counter() - self.marks[0][1]

    def timings(self) -> str:
        """Return `load 0.01 s, build 0.02 s, ...` for the stages begun so far."""
        stages = self.marks[1:]
        ends = [start for _, start in stages[1:]] + [time.perf_counter()]
        # `ends` has one item more than `stages` when none has begun.
        return ", ".join(
            f"{name} {end - start:.2f} s"
            for (name, start), end in zip(stages, ends, strict=False)
        )
