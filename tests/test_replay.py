"""An identical, up-to-date invocation is answered before Click is imported.

Each test runs the real entry point in a subprocess with its own cache, so
the records `replay` reads are the ones the previous run wrote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal, overload

import pytest

from conftest import SPEC
from generator.cli import _plain
from generator.options import Options
from generator.records import fields

# Runs the entry point and says on its last line whether Click was imported.
SCRIPT = """
import atexit, sys
atexit.register(lambda: print("click imported:", "click" in sys.modules))
sys.argv = ["generator", *sys.argv[1:]]
from generator.replay import run
run()
"""
TIME = re.compile(r"\d+\.\d\d s\b")


@overload
def _run(folder: Path, *arguments: str) -> tuple[int, str, bool]: ...


@overload
def _run(
    folder: Path, *arguments: str, stdout: Literal[True]
) -> tuple[int, str, bool, str]: ...


def _run(folder: Path, *arguments: str, stdout: bool = False) -> tuple[Any, ...]:
    """Return the exit status, stderr with times blanked, and whether Click loaded.

    With `stdout`, also what the run wrote there (the line about Click aside).
    """
    env = dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *arguments],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    *printed, last = done.stdout.splitlines(keepends=True)
    clicked = last.strip() == "click imported: True"
    result = done.returncode, TIME.sub("T s", done.stderr), clicked
    return (*result, "".join(printed)) if stdout else result


def _forget_invocations(folder: Path) -> None:
    for record in (folder / "cache" / "generator" / "invocations").glob("*"):
        record.unlink()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "api.yaml").write_text(SPEC.read_text(encoding="utf-8"), "utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "arguments",
    [
        ("generate", "api.yaml", "-o", "out"),
        ("generate", "api.yaml", "-o", "out", "-v"),
        ("generate", "api.yaml", "-o", "out", "-q"),
        ("check", "api.yaml", "-o", "out"),
    ],
)
def test_replay_prints_what_the_full_run_prints(
    folder: Path, arguments: tuple[str, ...]
) -> None:
    assert _run(folder, "generate", "api.yaml", "-o", "out")[0] == 0
    _run(folder, *arguments)  # records this invocation
    replayed = _run(folder, *arguments)
    _forget_invocations(folder)
    full = _run(folder, *arguments)
    assert replayed[:2] == full[:2]
    assert (replayed[2], full[2]) == (False, True)
    if "-q" not in arguments:
        assert "up to date" in replayed[1] or " 0 written" in replayed[1]


def test_replay_answers_a_configured_run_of_several_specs(folder: Path) -> None:
    (folder / "other.yaml").write_text(SPEC.read_text(encoding="utf-8"), "utf-8")
    (folder / "generator.toml").write_text(
        '[[specs]]\nspec = "api.yaml"\noutput = "one"\n\n'
        '[[specs]]\nspec = "other.yaml"\noutput = "two"\n',
        encoding="utf-8",
    )
    first = _run(folder, "generate")
    assert first[0] == 0, first[1]
    full = _run(folder, "generate")
    replayed = _run(folder, "generate")
    assert replayed[:2] == full[:2]
    assert replayed[2] is False
    assert replayed[1].splitlines()[-1].startswith("2 specs: 0 written, ")


def _change(folder: Path, change: str) -> None:
    spec = folder / "api.yaml"
    if change == "spec":
        spec.write_text(spec.read_text("utf-8").replace("1.0", "1.1", 1), "utf-8")
    elif change == "broken spec":
        spec.write_text(spec.read_text("utf-8").replace("paths:", "paths: 5\nx:"))
    elif change == "output":
        target = next((folder / "out").rglob("client.py"))
        target.write_text(target.read_text("utf-8") + "# edited\n", "utf-8")
    elif change == "config":
        # A configuration appearing where the search looks can change the run.
        (folder / "pyproject.toml").write_text(
            '[[tool.generator.specs]]\nspec = "api.yaml"\noutput = "out"\n'
            "strict = true\n",
            encoding="utf-8",
        )
    elif change == "no spec":
        spec.unlink()
    elif change == "no templates":
        (folder / "templates").rmdir()
    elif change == "output loop":
        shutil.rmtree(folder / "out")
        (folder / "out").symlink_to("out")


@pytest.mark.parametrize(
    ("arguments", "change"),
    [
        (("generate", "api.yaml", "-o", "out"), "spec"),
        (("generate", "api.yaml", "-o", "out", "-v"), "spec"),
        (("generate", "api.yaml", "-o", "out", "-q"), "output"),
        (("generate", "api.yaml", "-o", "out"), "broken spec"),
        (("check", "api.yaml", "-o", "out"), "spec"),
        (("check", "api.yaml", "-o", "out", "--strict"), "broken spec"),
    ],
)
def test_a_changed_spec_or_output_runs_the_recorded_options_without_click(
    tmp_path: Path, arguments: tuple[str, ...], change: str
) -> None:
    # The same story in two folders: with the record, and without it.
    outcomes = []
    for name in ("recorded", "forgotten"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "api.yaml").write_text(SPEC.read_text("utf-8"), "utf-8")
        assert _run(folder, "generate", "api.yaml", "-o", "out")[0] == 0
        _run(folder, *arguments)
        _change(folder, change)
        if name == "forgotten":
            _forget_invocations(folder)
        status, stderr, clicked, stdout = _run(folder, *arguments, stdout=True)
        done = (status, stderr.replace(str(folder), "<folder>"), clicked, stdout)
        tree = {
            str(p.relative_to(folder)): p.read_bytes()
            for p in sorted((folder / "out").rglob("*"))
            if p.is_file()
        }
        outcomes.append((done, tree))
    (recorded, recorded_tree), (full, full_tree) = outcomes
    assert (recorded[2], full[2]) == (False, True)
    assert recorded[:2] == full[:2]
    assert recorded[3] == full[3]  # stdout: the diff of `check`
    assert recorded_tree == full_tree
    if change == "broken spec":
        assert recorded[0] == 1 and "error[" in recorded[1]
    elif arguments[0] == "check":
        assert recorded[0] == 1 and "+++ b/" in recorded[3]
    else:
        assert recorded[0] == 0 and " 0 written" not in recorded[1]


@pytest.mark.parametrize("change", ["config", "no spec", "no templates", "output loop"])
def test_a_changed_configuration_or_a_missing_path_runs_in_full(
    folder: Path, change: str
) -> None:
    (folder / "templates").mkdir()
    arguments = ("generate", "api.yaml", "-o", "out", "--templates", "templates")
    _run(folder, *arguments)
    assert _run(folder, *arguments)[2] is False  # replayed
    _change(folder, change)
    status, stderr, clicked = _run(folder, *arguments)
    assert clicked is True
    if change == "config":
        assert status == 0, stderr
    else:
        assert status == 2, stderr  # Click's usage error, as without a record


def test_an_invocation_from_a_test_runner_is_not_recorded(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    os.environ["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    try:
        result = CliRunner().invoke(
            main, ["generate", str(SPEC), "-o", str(tmp_path / "out"), "-q"]
        )
    finally:
        del os.environ["XDG_CACHE_HOME"]
    assert result.exit_code == 0
    assert not (tmp_path / "cache" / "generator" / "invocations").exists()


def test_plain_options_hold_every_field() -> None:
    options = Options(spec=Path("a.yaml"), output=Path("out"), package="pkg")
    assert set(_plain(options)) == {f.name for f in fields(Options)}


def test_an_output_link_that_moves_runs_in_full(folder: Path) -> None:
    (folder / "first").mkdir()
    (folder / "second").mkdir()
    (folder / "out").symlink_to("first")
    arguments = ("check", "api.yaml", "-o", "out")
    assert _run(folder, "generate", "api.yaml", "-o", "out")[0] == 0
    _run(folder, *arguments)
    assert _run(folder, *arguments)[:2] == (0, "first: up to date\n")
    (folder / "out").unlink()
    (folder / "out").symlink_to("second")
    status, stderr, clicked = _run(folder, *arguments)
    assert (status, clicked) == (1, True)
    assert "missing; nothing is generated yet" in stderr


def test_a_fifo_where_a_configuration_may_be_is_never_read(folder: Path) -> None:
    os.mkfifo(folder / "pyproject.toml")
    arguments = ("generate", "api.yaml", "-o", "out", "-q")
    env = dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"))
    for _ in range(2):  # the second run looks for a replay
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, *arguments],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr


def test_ctrl_c_while_the_record_is_checked_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator import replay

    def interrupted(arguments: list[str]) -> int | None:
        raise KeyboardInterrupt

    monkeypatch.setattr(replay, "replay", interrupted)
    # `run` sets the arguments it records; monkeypatch puts them back after.
    monkeypatch.setattr(replay, "ARGUMENTS", None)
    monkeypatch.setattr(sys, "argv", ["generator", "generate", "api.yaml"])
    with pytest.raises(SystemExit) as stopped:
        replay.run()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "interrupted; nothing was written\n"


def test_ctrl_c_while_click_parses_exits_130_not_aborted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import click

    from generator import replay

    def interrupted(*args: object, **kwargs: object) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(replay, "replay", lambda arguments: None)
    monkeypatch.setattr(click.Group, "parse_args", interrupted)
    monkeypatch.setattr(replay, "ARGUMENTS", None)
    monkeypatch.setattr(sys, "argv", ["generator", "generate", "api.yaml"])
    with pytest.raises(SystemExit) as stopped:
        replay.run()
    assert stopped.value.code == 130
    err = capsys.readouterr().err
    assert "Aborted" not in err
    assert err.endswith("interrupted; outputs not yet replaced are as they were\n")


@pytest.mark.parametrize(
    ("arguments", "status"), [(["--help"], 0), (["--version"], 0), (["nope"], 2)]
)
def test_the_command_line_keeps_clicks_exit_statuses(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str], status: int
) -> None:
    from generator import replay

    monkeypatch.setattr(replay, "replay", lambda arguments: None)
    monkeypatch.setattr(replay, "ARGUMENTS", None)
    monkeypatch.setattr(sys, "argv", ["generator", *arguments])
    with pytest.raises(SystemExit) as stopped:
        replay.run()
    assert stopped.value.code == status


def _edit_records(folder: Path, edit: Any) -> None:
    for path in (folder / "cache" / "generator" / "invocations").glob("*.json"):
        path.write_text(edit(path.read_text("utf-8")), "utf-8")


@pytest.mark.parametrize(
    "edit",
    [
        # Recorded by another version of the generator, which may resolve
        # the same command line otherwise.
        lambda text: json.dumps({**json.loads(text), "code": "another version"}),
        lambda text: json.dumps({**json.loads(text), "outputs": []}),
        lambda text: "[" * 100_000 + "]" * 100_000,
    ],
    ids=["other-version", "no-outputs", "too-deep"],
)
def test_a_record_it_cannot_trust_runs_in_full(folder: Path, edit: Any) -> None:
    arguments = ("generate", "api.yaml", "-o", "out")
    _run(folder, *arguments)
    assert _run(folder, *arguments)[2] is False  # replayed
    _edit_records(folder, edit)
    _change(folder, "spec")
    status, stderr, clicked = _run(folder, *arguments)
    assert (status, clicked) == (0, True), stderr
    assert " 0 written" not in stderr


def test_a_manifest_nested_too_deep_is_an_unreadable_manifest(folder: Path) -> None:
    arguments = ("generate", "api.yaml", "-o", "out")
    assert _run(folder, *arguments)[0] == 0
    manifest = folder / "out" / "generator-manifest.json"
    manifest.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    _change(folder, "spec")
    status, stderr, _ = _run(folder, *arguments)
    assert status == 1
    assert "unreadable manifest" in stderr and "Traceback" not in stderr
