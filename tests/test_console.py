"""The status line: shown on terminals only, after a delay, even mid-stage."""

from __future__ import annotations

import time

import pytest

import generator.console as console_module
from generator.console import Console


@pytest.fixture(autouse=True)
def short_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console_module, "PROGRESS_DELAY", 0.05)


def test_status_set_before_the_delay_appears_when_it_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    console = Console(quiet=False, verbose=False, terminal=True)
    console.status("spec: format")
    assert capsys.readouterr().err == ""
    time.sleep(0.2)
    assert capsys.readouterr().err == "\rspec: format"
    console.clear_status()
    assert capsys.readouterr().err == "\r" + " " * len("spec: format") + "\r"


def test_status_cleared_before_the_delay_never_appears(
    capsys: pytest.CaptureFixture[str],
) -> None:
    console = Console(quiet=False, verbose=False, terminal=True)
    console.status("spec: load")
    console.say("spec: 1 written")
    time.sleep(0.2)
    assert capsys.readouterr().err == "spec: 1 written\n"


def test_no_status_line_off_a_terminal_or_when_quiet(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for console in (
        Console(quiet=False, verbose=False, terminal=False),
        Console(quiet=True, verbose=False, terminal=True),
    ):
        console.status("spec: render")
    time.sleep(0.2)
    assert capsys.readouterr().err == ""
